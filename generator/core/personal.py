"""Find personal numbers and names in text however they are written: one detector for all.

The scrubber (before emitting) and the privacy gate (after emitting) both ask this module, so
the gate checks exactly what the scrubber promises. Text is *folded* before matching: NFKC;
HTML character references, percent-escapes and `\\u` escapes decoded; invisible characters
(category Cf) and combining marks dropped; every space, dash, dot, slash and bracket made an
ASCII separator; Chinese numerals made digits. A `Folded` text keeps a map from each folded
character back to the original characters it came from, so a finding names the exact original
span and the scrubber replaces exactly those characters.

Most text holds no personal number, so a quick pre-filter (one compiled regex over the original
text) finds the windows where ten or more digit-like atoms stand close together, and only those
windows are folded and examined.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.core import codes
from generator.core.codes import is_valid_uscc
from generator.core.folding import (
    ENTITY,
    ESCAPE,
    NUMERALS,
    PERCENT,
    SEPARATORS,
    Folded,
    char_class,
    char_table,
    code_ranges,
    fold,
)
from generator.core.numbers import (
    BANK_CARD,
    ID_NUMBER,
    KINDS,
    LANDLINE_NUMBER,
    MOBILE_NUMBER,
    kinds_of,
)

# Groups that stand this close count as one number: "138  1234" and "(+86) 139" do.
_MAX_GAP = 3


_WORD = re.compile(r"[A-Za-z0-9]+")


_NOT_HEX = re.compile(r"[G-Zg-z]")


@dataclass(frozen=True, slots=True)
class Hit:
    """A personal number found in text: its kind, its span in the original text, its digits."""

    kind: str
    start: int
    end: int
    number: str  # as folded, separators removed, an ID's check X upper-case

    def group(self) -> str:
        """Return the number's digits (what `re.Match.group` gave callers of the old finders)."""
        return self.number


@functools.cache
def _windows() -> re.Pattern[str]:
    """Return the pre-filter: ten or more digit-like atoms, each a few separators from the next.

    An atom is a digit in any script or form, a Chinese numeral, a numeric character reference,
    a percent-escaped digit or UTF-8 character, or a `\\u` escape of a digit; between atoms
    stand separators, invisible characters, marks, named references and other escapes.
    """
    table = char_table(True)
    atoms = [c for c, out in table.items() if any(d.isdigit() for d in out)]
    gaps = [c for c, out in table.items() if all(o in SEPARATORS for o in out)]
    bmp_digits = code_ranges(
        sorted({ord(c) for c in ["0", *"123456789", *atoms] if ord(c) < 0x10000})
    )
    astral_digits = code_ranges(sorted({ord(c) for c in atoms if ord(c) >= 0x10000}))
    numeral_escapes = "|".join(f"{ord(c):04x}" for c in NUMERALS)
    # Each atom opens with one character of one class, so the regex engine skips ahead to the
    # next such character instead of trying the pattern at every position; a plain digit, by
    # far the most common, is tested first.
    opening = f"[{bmp_digits}&%\\\\\\U00010000-\\U0010ffff]"
    kinds_of_atom = (
        f"(?:(?<=[{bmp_digits}])"
        r"|(?<=&)(?:amp;)*#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});"
        r"|(?<=%)(?:3[0-9]|[eE][0-9a-fA-F](?:%[89abAB][0-9a-fA-F]){2})"
        rf"|(?<=\\)u(?:003[0-9]|[fF][fF]1[0-9]|{numeral_escapes})"
        f"|(?<=[\\U00010000-\\U0010ffff])(?<=[{astral_digits}]))"
    )
    atom = opening + kinds_of_atom
    gap = (
        f"{char_class([*SEPARATORS, *gaps])}|&(?:amp;)*[A-Za-z][A-Za-z0-9]{{1,31}};"
        r"|%(?![eE]|3[0-9])[0-9A-Fa-f]{2}"
        r"|\\u(?:00[2aA][0-9a-fA-F]|03[0-6][0-9a-fA-F]|20[0-6][0-9a-fA-F]|3000|[fF][eE][fF][fF])"
    )
    # A run starts where no digit stands before it: a run too short from its first digit is
    # too short from any later one, so the engine need not try again inside it.
    first = f"{opening}(?<![{bmp_digits}][\\s\\S]){kinds_of_atom}"
    return re.compile(f"{first}(?:(?:{gap}){{0,8}}{atom}){{9,}}")


@functools.cache
def _context() -> tuple[frozenset[str], re.Pattern[str]]:
    """Return what a window's context is widened over, back and ahead: the words next to it.

    Back: letters and digits, a `+` or `(` opening a prefix, and what folds to nothing. Ahead:
    the same, and references and escapes (an ID's check X written `&#88;`).
    """
    table = char_table(True)
    invisible = [c for c, out in table.items() if not out and ord(c) < 0x10000]
    words = [c for c, out in table.items() if out.isascii() and out.isalnum() and len(out) == 1]
    back = frozenset([*"0123456789+(", *map(chr, range(65, 91)), *map(chr, range(97, 123))])
    back |= frozenset(invisible) | frozenset(c for c in words if table[c] not in "0123456789")
    back |= frozenset(c for c, out in table.items() if out in ("(", "+"))
    ahead = (
        f"(?:[0-9A-Za-z]|{char_class([*invisible, *words])}|{ENTITY}|{PERCENT}|{ESCAPE}){{1,24}}"
    )
    return back, re.compile(ahead)


# How many digits each kind is written with (a mobile with 86 / 0086 before it, too).
_LENGTHS = {
    ID_NUMBER: frozenset({15, 18}),
    MOBILE_NUMBER: frozenset({11, 13, 15}),
    LANDLINE_NUMBER: frozenset({10, 11, 12}),
    BANK_CARD: frozenset(range(16, 20)),
}


_DIGITS = re.compile(r"[0-9]+")


_GROUP = re.compile(r"[0-9]+[Xx]?")


_PLAIN = re.compile(r"[0-9A-Za-z \t\n\r\f\v./()\[\]+-]*")  # text that folds to itself


def find_personal(
    text: str, kinds: Iterable[str] = KINDS, start: int = 0, end: int | None = None
) -> list[Hit]:
    """Return the personal numbers of the given kinds in text[start:end], in order, none overlapping."""
    kinds = frozenset(kinds)
    end = len(text) if end is None else end
    lengths = _lengths(kinds)
    hits: list[Hit] = []
    seen = start  # the end of the last window examined, context included
    for window in _windows().finditer(text, start, end):
        lo, hi = window.start(), window.end()
        # The common case: one group of ASCII digits that nothing after it carries on (an X in
        # any form, a reference, an invisible character or mark before one).
        after = text[hi] if hi < end else ""
        carried = after in "Xx&%\\" or char_table(True).get(after, "?") in ("X", "x", "")
        plain = not (after and carried) and _DIGITS.fullmatch(text, lo, hi)
        if plain and hi - lo not in lengths:
            continue  # a credit code, a site code: no number of the kinds asked for
        back, forward = _context()
        while lo > max(seen, window.start() - 24) and text[lo - 1] in back:
            lo -= 1
        ahead = forward.match(text, hi, end)
        if ahead:
            hi = ahead.end()
        last = hits[-1].end if hits else start
        if _PLAIN.fullmatch(text, lo, hi):  # nothing to fold
            folded = Folded(text[lo:hi], (0,), (lo,), (0,))
        else:
            folded = fold(text, lo, hi)
        for hit in _find_in(folded, kinds):
            if hit.start >= last:
                # A combining mark after the last digit is part of it, not of what follows.
                marks = _marks().match(text, hit.end, end)
                hits.append(Hit(hit.kind, hit.start, marks.end() if marks else hit.end, hit.number))
        seen = hi
    return hits


@functools.cache
def _marks() -> re.Pattern[str]:
    """Return the pattern of a run of combining marks."""
    table = char_table(True)
    return re.compile(char_class(c for c in table if unicodedata.category(c) in ("Mn", "Me")) + "+")


@functools.cache
def _lengths(kinds: frozenset[str]) -> frozenset[int]:
    """Return how many digits a number of any of the kinds can have."""
    return frozenset().union(*(_LENGTHS[k] for k in kinds))


def _find_in(folded: Folded, kinds: frozenset[str]) -> list[Hit]:
    """Return the numbers in a folded window: every run of groups, every stretch of a run."""
    text = folded.text
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(text)]
    found: list[tuple[int, int, int, int, str, str]] = []  # sort keys, see _candidates
    i = 0
    while i < len(groups):
        j = i  # the run: groups joined by short separator gaps
        while j + 1 < len(groups) and _joins(text[groups[j][1] : groups[j + 1][0]]):
            j += 1
        found.extend(_candidates(text, groups[i : j + 1], kinds))
        i = j + 1
    chosen: list[tuple[int, int, str, str]] = []
    for _, _, s, e, kind, number in sorted(found):
        if all(e <= cs or s >= ce for cs, ce, _, _ in chosen):
            chosen.append((s, e, kind, number))
    hits = []
    for s, e, kind, number in sorted(chosen):
        o_start, o_end = folded.span(s, e)
        hits.append(Hit(kind, o_start, o_end, number))
    return hits


def _joins(gap: str) -> bool:
    return 0 < len(gap) <= _MAX_GAP and all(c in SEPARATORS for c in gap)


_RANK = {ID_NUMBER: 0, BANK_CARD: 1, MOBILE_NUMBER: 2, LANDLINE_NUMBER: 3}


def _candidates(
    text: str, run: list[tuple[int, int]], kinds: frozenset[str]
) -> Iterator[tuple[int, int, int, int, str, str]]:
    """Yield every stretch of whole groups of a run that is a personal number.

    Each is yielded as a sort key: more digits first (a mobile with its +86 before the bare
    mobile), then the kind (an ID before a card), then the start.
    """
    for i in range(len(run)):
        first = text[run[i][0] : run[i][1]]
        digits, dotted, longest = "", False, 0
        for j in range(i, len(run)):
            group = text[run[j][0] : run[j][1]]
            if j > i and (len(group) < 2 or len(first) < 2):
                break  # one digit at a time is a coordinate (SVG path data), not a number
            if j > i + 1 and len(text[slice(*run[j - 1])]) < 3:
                break  # two digits stand first or last (86 138…, …0112 34), not between
            if digits.endswith(("X", "x")) or len(digits) + len(group) > 19:
                break
            if j > i:
                gap = text[run[j - 1][1] : run[j][0]]
                if not _gap_fits(
                    gap, dotted, j - 1 == i, len(group), len(text[slice(*run[j - 1])])
                ):
                    break
                dotted = dotted or "." in gap or "/" in gap
            digits += group
            longest = max(longest, len(group))
            if j > i and longest < 4:
                continue  # people write numbers in fours (or 3-4-4, 6-8-4); paths in 2-3 digits
            start, end = run[i][0], run[j][1]
            for kind, number in kinds_of(digits.upper(), first if j > i else "", kinds):
                if kind == LANDLINE_NUMBER:
                    end = _extension_end(text, run, j)
                if _stands_alone(text, start, end, kind, j > i):
                    s = _prefix_start(text, start, end, number) if kind != ID_NUMBER else start
                    yield (-(end - start), _RANK[kind], s, end, kind, number)


def _gap_fits(gap: str, dotted: bool, first: bool, size: int, size_before: int) -> bool:
    """Tell whether a gap joins two groups of one number.

    A dot or a slash joins groups of three digits or more, and a number written with them uses
    them throughout (after its prefix: `+86 138.1234.5678`): decimals in SVG path data
    (`13.52 17.83`, `.006.004.007`) are not grouped digits.
    """
    if "." in gap or "/" in gap:
        return gap in (".", "/") and size >= 3 and size_before >= 3
    return not dotted or first


def _extension_end(text: str, run: list[tuple[int, int]], j: int) -> int:
    """Return where a landline ends: after its extension (0792-8221234-102), if one follows."""
    if j + 1 < len(run) and text[run[j][1] : run[j + 1][0]] == "-":
        ext = text[run[j + 1][0] : run[j + 1][1]]
        if ext.isdigit() and len(ext) <= 5:
            return run[j + 1][1]
    return run[j][1]


def _stands_alone(text: str, start: int, end: int, kind: str, grouped: bool) -> bool:
    """Tell whether a number at text[start:end] is a number of its own, not part of a token.

    Letters on one side are a label (`SFZ360402…`, `Tel138…`); letters on both sides, or a
    word that makes a valid credit code with it, make the digits part of an identifier. Beside
    a hexadecimal word (a hash, a record id) only an ID, whose check digit speaks for it, counts.
    """
    before = _word_before(text, start)
    after = _WORD.match(text, end)
    after_word = after.group() if after else ""
    if before and after_word:
        return False
    if not grouped and (before or after_word):
        token = before + text[start:end] + after_word
        if len(token) == 18 and is_valid_uscc(token.upper()):
            return False
    word = before or after_word
    return not word or kind == ID_NUMBER or bool(_NOT_HEX.search(word))


def _word_before(text: str, start: int) -> str:
    i = start
    while i > 0 and text[i - 1].isascii() and text[i - 1].isalnum():
        i -= 1
    return text[i:start]


def _prefix_start(text: str, start: int, end: int, number: str) -> int:
    """Return where a number starts with what opens it: a mobile's `+86`, a landline's `(0792)`."""
    closed = ")" in text[start:end]  # (0792)8221234: the bracket it opened with goes too
    if (len(number) > 11 and number.startswith(("86", "0086"))) or closed:
        for prefix in ("(+", "+", "("):
            if text.startswith(prefix, start - len(prefix)):
                return start - len(prefix)
    return start


def compact(text: str) -> str:
    """Return a number as written, folded, without its group separators, upper case."""
    return "".join(c for c in fold(text).text if c not in SEPARATORS).upper()


def written_as_number(text: str) -> bool:
    """Tell whether digits are written the way people write a number: whole, or in groups.

    A person writes `3604 0219 9001 0112 34` or `138-1234-5678`, never one digit at a time;
    single digits between separators are coordinates (SVG paths in a stylesheet), not a number.
    """
    folded = fold(text).text.lstrip("+(")
    groups = [g for g in re.split(r"[ \t\n\r\f\v\-./()\[\]+]+", folded) if g]
    return len(groups) == 1 or min(len(g) for g in groups) >= 2


def is_personal_id(value: str) -> bool:
    """Tell whether a value, however written, is a plausible ID number and not a credit code."""
    return codes.is_personal_id(compact(value))
