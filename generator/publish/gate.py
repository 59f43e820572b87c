"""The privacy gate: scan every output file for personal data before anything is published.

A `Gate` is compiled once per build (the never-published values go into one Aho–Corasick
automaton) and scans bytes where they are made: the render workers scan their own pages, the
main process the rest, so the bytes are read once and both cores share the work. A file the
build keeps from the last publish unread (`Kept`) is vouched for by the last scan's memo and
re-read only for what that memo cannot vouch for: values that became secret since.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from generator.core.artifacts import Artifact
from generator.core.personal import ID_NUMBER, MOBILE_NUMBER, find_personal, fold, is_personal_id
from generator.decide import Decision
from generator.decide.privacy import published_identifiers
from generator.publish.state import BuildState

# What the gate looks for in every byte it publishes, and what it calls each. Landlines are not
# among them (a department's office number is published on purpose), nor bank cards: a record's
# 16-digit id in a URL passes the Luhn check one time in ten.
_WHAT = {ID_NUMBER: "身份证号", MOBILE_NUMBER: "手机号码"}
# What can hide a never-published value from a search of the text as written: invisible
# characters and marks, full-width or other compatibility forms of letters and digits, numeric
# references (other than the quotes and brackets an HTML escaper writes), escapes.
_HIDING = re.compile(
    # One class first, so the engine skips to candidates; astral ones behind a one-range guard.
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u2070-\u209f\u2460-\u24ff"
    r"&%\\\U00010000-\U0010ffff]"
    r"(?:(?<=&)(?:amp;)*#(?!(?:34|38|39|60|62|x27|x22|x26|x3[cCeE]);)"
    # Escapes of letters and digits, of invisible characters and of full-width forms.
    r"|(?<=%)(?:[3-7][0-9A-Fa-f]|[eE]2%80%8[b-fB-F]|[eE][fF]%[bB][bBcCdD])"
    r"|(?<=\\)u(?:00[3-7][0-9a-fA-F]|00[aA][dD]|200[b-fB-F]|206[0-4]|[fF][eE][fF][fF]|[fF][fF][1-5][0-9a-fA-F])"
    r"|(?<![&%\\\U00010000-\U0010ffff])"
    r"|(?<=[\U0001d400-\U0001d7ff\U000e0000-\U000e0fff]))"
)

SECRET = "不得公开的证件号码（证件号码 / 法定代表人证件号码 / 承诺人代码）"


@dataclass(frozen=True, slots=True)
class Leak:
    """Personal data found in an output file: which file, what kind of data, and where."""

    file: str
    what: str
    offset: int

    def __str__(self) -> str:
        return f"{self.file}: 含有{self.what}（第 {self.offset} 个字符处）"


@dataclass(frozen=True, slots=True)
class Scan:
    """What the gate found in one file: its leaks, and the published identifiers it let through.

    The identifiers (ID-shaped 许可编号 and the like, allowed because a record shows them on
    purpose) are remembered, keyed, so a later build can tell whether a kept file still
    holds only identifiers that are published.
    """

    leaks: tuple[Leak, ...] = ()
    allowed: tuple[str, ...] = ()


def keyed(value: str, key: bytes) -> str:
    """Return the keyed digest a value is remembered by in the private state (never the value)."""
    return hashlib.blake2b(value.encode(), key=key[:64], digest_size=8).hexdigest()


class Gate:
    """The never-published values and the allowed identifiers of one build, compiled to scan."""

    def __init__(self, secrets: Iterable[str] = (), allowed: Iterable[str] = ()) -> None:
        self.secrets = frozenset(s.upper() for s in secrets)
        # `allowed` holds published identifiers (credit codes, 许可编号 …) that happen to pass
        # the ID check digit: one 18-digit number in eleven does, a 许可编号 with a date often.
        # Never a secret, and never a plausible ID number that is not also a valid credit code:
        # a person's ID number in an identifier's column is still a person's ID number.
        self.allowed = frozenset(a.upper() for a in allowed if not is_personal_id(a)) - self.secrets
        self._automaton: ahocorasick.Automaton | None = None
        if self.secrets:
            automaton = ahocorasick.Automaton()
            for secret in self.secrets:
                automaton.add_word(secret, len(secret))
            automaton.make_automaton()
            self._automaton = automaton

    def scan_text(self, name: str, text: str) -> Scan:
        """Scan one file's text for ID numbers, mobile numbers and never-published values.

        Numbers are found however they are written (full-width, spaced, with invisible
        characters, as references, escapes or Chinese numerals). A published identifier is
        let through only where it stands as the record shows it, character for character.
        """
        leaks: list[Leak] = []
        allowed: list[str] = []
        for hit in find_personal(text, _WHAT):
            if hit.number in self.allowed and text[hit.start : hit.end].upper() == hit.number:
                allowed.append(hit.number)
            else:
                leaks.append(Leak(name, _WHAT[hit.kind], hit.start))
        leaks.extend(self.find_secrets(name, text))
        leaks.sort(key=lambda leak: leak.offset)
        return Scan(tuple(leaks), tuple(sorted(set(allowed))))

    def find_secrets(self, name: str, text: str) -> Iterator[Leak]:
        """Yield where a never-published value stands in a file's text, however it is written."""
        if self._automaton is None:
            return
        # Case folded as the values were; a value is found wherever it stands, inside a longer
        # token too (a passport number inside a URL is still a passport number).
        found = set()
        for end_index, length in self._automaton.iter(text.upper()):
            found.add(end_index - length + 1)
            yield Leak(name, SECRET, end_index - length + 1)
        # Where something could hide a value (an invisible character, a reference, a full-width
        # letter), the text around it is searched again folded. A file's byte-order mark hides
        # nothing.
        reach = 10 * max(len(s) for s in self.secrets)  # one `&#x0031;` per character
        for lo, hi in _hiding_places(text, 1 if text.startswith("\ufeff") else 0, reach):
            folded = fold(text, lo, hi)
            for end_index, length in self._automaton.iter(folded.text.upper()):
                start = folded.span(end_index - length + 1, end_index + 1)[0]
                if start not in found:
                    found.add(start)
                    yield Leak(name, SECRET, start)

    def scan_data(self, name: str, data: bytes) -> Scan:
        """Scan one file's bytes (a .gz file's unpacked); images and other binaries hold no text."""
        text = data_text(name, data)
        return Scan() if text is None else self.scan_text(name, text)

    def scan_file(self, root: Path, path: Path) -> Scan:
        """Scan one file of a tree."""
        return self.scan_data(path.relative_to(root).as_posix(), path.read_bytes())


def _hiding_places(text: str, start: int, reach: int) -> Iterator[tuple[int, int]]:
    """Yield the stretches of text, merged, within reach of anything that could hide a value."""
    lo, hi = start, -1
    for match in _HIDING.finditer(text, start):
        if match.start() - reach > hi:
            if hi >= 0:
                yield lo, hi
            lo = max(start, match.start() - reach)
        hi = min(len(text), match.end() + reach)
    if hi >= 0:
        yield lo, hi


def data_text(name: str, data: bytes) -> str | None:
    """Return a file's text (a .gz file's, unpacked), or None for binary files such as images."""
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def file_text(path: Path) -> str | None:
    """Return a file's text (a .gz file's, unpacked), or None for binary files such as images."""
    return data_text(path.name, path.read_bytes())


def scan_text(
    name: str, text: str, secrets: frozenset[str], allowed: frozenset[str] = frozenset()
) -> Iterator[Leak]:
    """Yield every ID number, mobile number or never-published value in one file's text."""
    yield from Gate(secrets, allowed).scan_text(name, text).leaks


def scan_tree(root: Path, secrets: Iterable[str] = (), allowed: Iterable[str] = ()) -> list[Leak]:
    """Scan every file under root; return the leaks found (an empty list lets the build publish)."""
    gate = Gate(secrets, allowed)
    leaks: list[Leak] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        leaks.extend(gate.scan_file(root, path).leaks)
    return leaks


@dataclass(frozen=True, slots=True)
class Memo:
    """What the last publish's gate vouched for, in keyed digests only (the state is on disk).

    `secrets` are the never-published values it looked for; `allowed` maps each file to the
    published identifiers it held. A file kept unread is clean now when no value became secret
    since and all its identifiers are still published.
    """

    secrets: frozenset[str] = frozenset()
    allowed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"secrets": sorted(self.secrets), "allowed": dict(sorted(self.allowed.items()))}

    @classmethod
    def from_json(cls, data: object) -> Memo | None:
        if not isinstance(data, dict):
            return None
        secrets, allowed = data.get("secrets"), data.get("allowed")
        if not isinstance(secrets, list) or not isinstance(allowed, dict):
            return None
        return cls(frozenset(secrets), {path: tuple(ids) for path, ids in allowed.items()})


def memo_of(gate: Gate, scans: Mapping[str, tuple[str, ...]], key: bytes) -> Memo:
    """Return the memo of a publish: the gate's secrets and each file's allowed identifiers."""
    return Memo(
        frozenset(keyed(s, key) for s in gate.secrets),
        {path: tuple(keyed(i, key) for i in ids) for path, ids in scans.items() if ids},
    )


def recheck_kept(
    gate: Gate, root: Path, kept: Iterable[str], memo: Memo, key: bytes
) -> Iterator[Leak]:
    """Yield the leaks in files kept unread from the last publish, which its gate passed.

    Their bytes are the ones the last gate scanned, so only two things can have changed: a
    value may have become secret since (those files are then read again, for the new values
    only), and an identifier they hold may no longer be published (the memo tells which).
    """
    kept = list(kept)
    holding = [path for path in kept if memo.allowed.get(path)]
    if holding:
        published = {keyed(a, key) for a in gate.allowed}
        for path in holding:
            if any(i not in published for i in memo.allowed[path]):
                yield Leak(path, "已不再公开的身份证号式编号", 0)
    new_secrets = [s for s in gate.secrets if keyed(s, key) not in memo.secrets]
    if new_secrets:
        fresh = Gate(new_secrets)
        for path in kept:
            text = file_text(root / path)
            if text is not None:
                yield from fresh.find_secrets(path, text)


class PrivacyGate:
    """The gate as an inspector of one publish: it looks at each file where it is made, then
    gives its verdict on the assembled tree and remembers what it vouched for.

    `look` runs in the process that made the bytes (a render worker for pages); the file's
    `Scan` travels back as its note. A kept file is checked against the last publish's memo.
    """

    name = "gate"

    def __init__(self, gate: Gate, key: bytes, memo: Memo | None = None) -> None:
        self.gate, self.key, self.memo = gate, key, memo
        self.leaks: list[Leak] = []
        self.allowed: dict[str, tuple[str, ...]] = {}
        self.kept: list[str] = []

    @classmethod
    def for_decision(cls, decision: Decision, state: BuildState) -> PrivacyGate:
        """Return the gate of a build: the decision's secrets and published identifiers."""
        public = (r for records in decision.published.values() for r in records)
        gate = Gate(decision.secrets, published_identifiers(public))
        return cls(gate, state.key, Memo.from_json(state.get(cls.name)))

    def look(self, artifact: Artifact) -> Scan:
        """Scan one file's bytes."""
        return self.gate.scan_data(artifact.path, artifact.data)

    def take(self, path: str, note: object) -> None:
        """Remember what a made file's scan found."""
        assert isinstance(note, Scan)
        self.leaks.extend(note.leaks)
        if note.allowed:
            self.allowed[path] = note.allowed

    def take_kept(self, path: str) -> None:
        """Note a file kept unread from the last publish, for the verdict."""
        self.kept.append(path)

    def verdict(self, root: Path) -> list[str]:
        """Return every leak of the assembled tree (empty: it may be published)."""
        leaks = list(self.leaks)
        if self.kept:
            if self.memo is None:  # a kept file with no memo to vouch for it: read it
                for path in self.kept:
                    scan = self.gate.scan_file(root, root / path)
                    leaks.extend(scan.leaks)
                    if scan.allowed:
                        self.allowed[path] = scan.allowed
            else:
                leaks.extend(recheck_kept(self.gate, root, self.kept, self.memo, self.key))
        return [str(leak) for leak in leaks]

    def next_memo(self) -> Memo:
        """Return the memo the next build gets: this gate's secrets, and every file's identifiers.

        A kept file's identifiers are the ones the last memo holds for it.
        """
        memo = memo_of(self.gate, self.allowed, self.key)
        carried = dict(memo.allowed)
        if self.memo is not None:
            for path in self.kept:
                if path in self.memo.allowed:
                    carried[path] = self.memo.allowed[path]
        return Memo(memo.secrets, carried)

    def remember(self, state: BuildState) -> None:
        """Hand the next build the memo of this publish."""
        state.put(self.name, self.next_memo().to_json())
