"""Control characters: removed once from everything published, every removal reported.

A NUL, an ESC or any other C0/C1 control (tab and newline aside), a lone surrogate or the
non-characters U+FFFE/U+FFFF have no meaning in published text, and XML (feeds, sitemaps)
cannot carry most of them at all: one in a party's name used to crash feed generation. They
are taken out where the public view is made, so no output format has to know about them.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from functools import cache
from typing import Any, TypeVar, get_type_hints

from generator.core.kinds import kind_of
from generator.core.problems import Problem
from generator.core.records import Record

# C0 but tab and line feed (a carriage return is a line end: made LF first), DEL, C1, lone
# surrogates, and the two non-characters XML 1.0 forbids.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REASON = "含控制字符，已删除"

T = TypeVar("T")


def has_controls(text: str) -> bool:
    """Tell whether a text holds a character this module removes."""
    # isprintable() is a C loop, True for almost every text once its line ends are set aside;
    # a control is never printable, so the regular expression runs only on what is left.
    if text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable():
        return False
    return _CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """Return a text with its line ends made LF and its control characters removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def shown(text: str) -> str:
    """Return a text with its control characters written as `\\xNN`, for the report."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@cache
def _texts(cls: type) -> Callable[[Any], str]:
    """Return a function giving all of a record's text at once: C loops, for a million records."""
    hints = get_type_hints(cls)
    plain = [f.name for f in fields(cls) if hints[f.name] is str]
    several = [f.name for f in fields(cls) if hints[f.name] == tuple[str, ...]]
    nested = [(f.name, _texts(hints[f.name])) for f in fields(cls) if is_dataclass(hints[f.name])]
    nested = [(name, texts) for name, texts in nested if name != "source"]
    get_plain = operator.attrgetter(*plain) if len(plain) > 1 else None

    def texts(record: Any) -> str:
        parts = list(get_plain(record)) if get_plain else [getattr(record, n) for n in plain]
        for name in several:
            parts += getattr(record, name)
        for name, inner in nested:
            parts.append(inner(getattr(record, name)))
        return "".join(parts)

    return texts


def _cleaned(value: T, prefix: str, found: list[tuple[str, str]]) -> T:
    """Return a dataclass without controls, noting (path, text) of every text that had some."""
    changes: dict[str, Any] = {}
    for f in fields(value):  # type: ignore[arg-type]
        item = getattr(value, f.name)
        path = f"{prefix}{f.name}"
        if f.name == "source":
            continue
        if type(item) is str and has_controls(item):
            found.append((path, item))
            changes[f.name] = without_controls(item)
        elif type(item) is tuple and any(type(t) is str and has_controls(t) for t in item):
            found.append((path, "；".join(item)))
            changes[f.name] = tuple(without_controls(t) for t in item)
        elif is_dataclass(item) and not isinstance(item, type):
            cleaned = _cleaned(item, f"{path}.", found)
            if cleaned is not item:
                changes[f.name] = cleaned
    return replace(value, **changes) if changes else value  # type: ignore[type-var]


def clean_record(record: Record) -> tuple[Record, list[Problem]]:
    """Return a record without control characters, and one located problem per field cleaned."""
    if not has_controls(_texts(type(record))(record)):
        return record, []
    found: list[tuple[str, str]] = []
    cleaned = _cleaned(record, "", found)
    labels = {path: label for label, path in kind_of(record.kind).fields}
    source = record.source
    return cleaned, [
        Problem(source.file, source.row or None, labels.get(path, path), REASON, shown(value))
        for path, value in found
    ]
