"""Map the column headers of an export to canonical field names, as `headers.yaml` says."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_BRACKETED = re.compile(r"\([^()]*\)")
_REMARK = re.compile(r"\((必填|选填|必填项|选填项|可选|非必填)\)")
_SPACE = re.compile(r"\s+")
IGNORED = "_ignored"


def normalize_header(text: str) -> str:
    """Fold a header to the form headers are compared in."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _SPACE.sub("", text).replace("_", "").strip("*").lower()
    return _REMARK.sub("", text)


@dataclass(frozen=True, slots=True)
class KindHeaders:
    """The header names of one input folder, folded for lookup."""

    lookup: dict[str, str]  # folded header -> canonical field (or IGNORED)
    labels: dict[str, str]  # canonical field -> the standard's header, for messages

    def field_for(self, header: str) -> str | None:
        """Return the canonical field a header names, IGNORED, or None when it is unknown."""
        folded = normalize_header(header)
        if not folded:
            return None
        if folded in self.lookup:
            return self.lookup[folded]
        without = _BRACKETED.sub("", folded)
        if without in self.lookup:
            return self.lookup[without]
        # "统一社会信用代码" written as "代码(统一社会信用代码)": the bracket alone may name it.
        for inner in re.findall(r"\(([^()]*)\)", folded):
            if inner in self.lookup:
                return self.lookup[inner]
        return None


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Header names per input folder, and the value variants of enumerated fields."""

    kinds: dict[str, KindHeaders]
    values: dict[str, dict[str, str]]  # enum name -> folded variant -> standard value

    def standard_value(self, enum: str, raw: str) -> str | None:
        """Return the standard spelling of an enumerated value, or None when it is not one."""
        return self.values[enum].get(normalize_header(raw))

    def allowed(self, enum: str) -> list[str]:
        """Return the standard values of an enumeration, in order."""
        return list(dict.fromkeys(self.values[enum].values()))


def build_header_map(spec: dict[str, Any]) -> HeaderMap:
    """Fold a header specification (the shape of headers.yaml) into lookup tables."""
    kinds: dict[str, KindHeaders] = {}
    for kind, kind_spec in spec["kinds"].items():
        lookup: dict[str, str] = {}
        labels: dict[str, str] = {}
        for field, names in kind_spec["fields"].items():
            labels[field] = names[0]
            for name in names:
                lookup.setdefault(normalize_header(name), field)
        for field, names in kind_spec["fields"].items():
            for name in names:  # the short form of a bracketed name, unless it means another field
                lookup.setdefault(_BRACKETED.sub("", normalize_header(name)), field)
        for name in kind_spec.get("ignore", []):
            lookup.setdefault(normalize_header(name), IGNORED)
        kinds[kind] = KindHeaders(lookup, labels)
    values = {
        enum: {
            normalize_header(v): std for std, variants in table.items() for v in [std, *variants]
        }
        for enum, table in spec["values"].items()
    }
    return HeaderMap(kinds, values)


@cache
def default_header_map() -> HeaderMap:
    """Load the header map shipped with the package."""
    text = resources.files("generator.ingest").joinpath("headers.yaml").read_text(encoding="utf-8")
    return build_header_map(yaml.safe_load(text))
