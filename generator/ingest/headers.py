"""Map the column headers of an export to canonical field names, as `headers.yaml` says."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

_BRACKETED = re.compile(r"\([^()]*\)")
_REMARK = re.compile(r"[(\[【](必填|选填|必填项|选填项|可选|非必填)[)\]】]")
_SPACE = re.compile(r"\s+")
# A numbered code column of the 双公示 templates: 行政相对人代码_2 (folded: 行政相对人代码2).
_NUMBERED = re.compile(r"^(?:行政相对人)?代码(\d)$")
IGNORED = "_ignored"
DETAIL = "detail"  # list kinds: columns published in 备注 as "header：value"

PUBLIC, PUBLIC_ID, NAME, SECRET, FREE_TEXT = "public", "public_id", "name", "secret", "free_text"
PRIVACY_CLASSES = (PUBLIC, PUBLIC_ID, NAME, SECRET, FREE_TEXT)
GENERATION_2021, GENERATION_2016 = "2021", "2016"


def normalize_header(text: str) -> str:
    """Fold a header to the form headers are compared in."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _SPACE.sub("", text).replace("_", "").strip("*").lower()
    return _REMARK.sub("", text)


def header_forms(folded: str) -> list[str]:
    """Return the forms a folded header is known by: itself, without brackets, each bracket."""
    return [folded, _BRACKETED.sub("", folded), *re.findall(r"\(([^()]*)\)", folded)]


@dataclass(frozen=True, slots=True)
class KindHeaders:
    """The header names of one input folder, folded for lookup, and its fields' privacy classes."""

    lookup: dict[str, str]  # folded header -> canonical field (or IGNORED)
    labels: dict[str, str]  # canonical field -> the standard's header, for messages
    classes: dict[str, str] = field(default_factory=dict)  # canonical field -> privacy class
    numbered: dict[str, dict[int, str]] = field(default_factory=dict)  # generation -> N -> field

    def field_for(self, header: str, generation: str = GENERATION_2021) -> str | None:
        """Return the canonical field a header names, IGNORED, or None when it is unknown."""
        folded = normalize_header(header)
        if not folded:
            return None
        without = _BRACKETED.sub("", folded)
        numbered = _NUMBERED.match(without)
        if folded in self.lookup and not (numbered and folded == without):
            return self.lookup[folded]
        if numbered:
            # 代码_N (…) goes by the label in its bracket: the numbers differ between generations.
            inner = re.findall(r"\(([^()]*)\)", folded)
            if inner:
                return next((self.lookup[i] for i in inner if i in self.lookup), None)
            return self.numbered.get(generation, {}).get(int(numbered.group(1)))
        if without in self.lookup:
            return self.lookup[without]
        # "统一社会信用代码" written as "代码(统一社会信用代码)": the bracket alone may name it.
        for inner in re.findall(r"\(([^()]*)\)", folded):
            if inner in self.lookup:
                return self.lookup[inner]
        return None


@dataclass(frozen=True, slots=True)
class Generation:
    """A schema generation of the 双公示 kinds: how to recognise it and what it lacks."""

    name: str
    markers: frozenset[str]  # folded header forms only files of this generation have
    not_required: frozenset[str] = frozenset()
    state_column: bool = False  # whether 当前状态 describes the information (2016) or a licence
    codebooks: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def decode(self, book: str, value: str) -> tuple[str, ...] | None:
        """Return the words a code of one of this generation's codebooks stands for, or None."""
        return self.codebooks.get(book, {}).get(value.strip())


@dataclass(frozen=True, slots=True)
class Furniture:
    """What template rows that are not data look like."""

    notes: tuple[str, ...] = ()
    markers: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Shape:
    """A known shape of list files, named by the headers that identify it."""

    name: str
    when: frozenset[str]  # folded headers


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Header names per input folder, value variants, generations, furniture and list shapes."""

    kinds: dict[str, KindHeaders]
    values: dict[str, dict[str, str]]  # enum name -> folded variant -> standard value
    generations: dict[str, Generation] = field(default_factory=dict)
    furniture: Furniture = Furniture()
    shapes: tuple[Shape, ...] = ()
    may_lack: frozenset[str] = frozenset()  # list fields a file's shape may not carry

    def standard_value(self, enum: str, raw: str) -> str | None:
        """Return the standard spelling of an enumerated value, or None when it is not one."""
        return self.values[enum].get(normalize_header(raw))

    def allowed(self, enum: str) -> list[str]:
        """Return the standard values of an enumeration, in order."""
        return list(dict.fromkeys(self.values[enum].values()))

    def generation_of(self, headers: Iterable[str]) -> Generation:
        """Return the generation a 双公示 file's headers are of (2021 unless only 2016 shows)."""
        forms = {f for header in headers for f in header_forms(normalize_header(header))}
        newer = self.generations.get(GENERATION_2021, Generation(GENERATION_2021, frozenset()))
        older = self.generations.get(GENERATION_2016)
        if forms & newer.markers or older is None or not forms & older.markers:
            return newer
        return older

    def shape_of(self, headers: Iterable[str]) -> str:
        """Return the name of the list shape whose identifying headers a file has, or ''."""
        folded = {normalize_header(h) for h in headers}
        return next((s.name for s in self.shapes if s.when <= folded), "")


def build_header_map(spec: dict[str, Any]) -> HeaderMap:
    """Fold a header specification (the shape of headers.yaml) into lookup tables."""
    numbered = {
        str(gen): {int(n): str(f) for n, f in table.items()}
        for gen, table in (spec.get("numbered_codes") or {}).items()
    }
    kinds: dict[str, KindHeaders] = {}
    for kind, kind_spec in spec["kinds"].items():
        lookup: dict[str, str] = {}
        labels: dict[str, str] = {}
        for name_, names in kind_spec["fields"].items():
            labels[name_] = names[0]
            for name in names:
                lookup.setdefault(normalize_header(name), name_)
        for name_, names in kind_spec["fields"].items():
            for name in names:  # the short form of a bracketed name, unless it means another field
                lookup.setdefault(_BRACKETED.sub("", normalize_header(name)), name_)
        for name in kind_spec.get("ignore", []):
            lookup.setdefault(normalize_header(name), IGNORED)
        classes = {
            f: privacy for privacy, names in (kind_spec.get("classes") or {}).items() for f in names
        }
        kinds[kind] = KindHeaders(lookup, labels, classes, numbered)
    values = {
        enum: {
            normalize_header(v): std for std, variants in table.items() for v in [std, *variants]
        }
        for enum, table in spec["values"].items()
    }
    furniture = spec.get("furniture") or {}
    lists = spec.get("lists") or {}
    return HeaderMap(
        kinds,
        values,
        {
            str(name): _generation(str(name), g)
            for name, g in (spec.get("generations") or {}).items()
        },
        Furniture(
            tuple(str(n) for n in furniture.get("notes", ())),
            frozenset(str(m) for m in furniture.get("markers", ())),
        ),
        tuple(
            Shape(str(s["name"]), frozenset(normalize_header(h) for h in s["when"]))
            for s in lists.get("shapes") or ()
        ),
        frozenset(lists.get("may_lack") or ()),
    )


def _generation(name: str, spec: dict[str, Any]) -> Generation:
    books = {
        book: {
            str(code): tuple(words) if isinstance(words, list) else (str(words),)
            for code, words in table.items()
        }
        for book, table in (spec.get("codebooks") or {}).items()
    }
    return Generation(
        name,
        frozenset(normalize_header(m) for m in spec.get("markers", ())),
        frozenset(spec.get("not_required", ())),
        bool(spec.get("state_column")),
        books,
    )


@cache
def default_header_map() -> HeaderMap:
    """Load the header map shipped with the package."""
    text = resources.files("generator.ingest").joinpath("headers.yaml").read_text(encoding="utf-8")
    return build_header_map(yaml.safe_load(text))
