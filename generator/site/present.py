"""How a published record reads to a person: labelled fields, formatted values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import yaml

from generator.core.kinds import KINDS, Fields, kind_of
from generator.core.records import NO_END, PERSON, Record

# The published fields and listing columns of each kind that has pages (the kinds table).
# The downloads page lists kinds in this order: the lists after the other kinds.
FIELDS: dict[str, Fields] = {
    k.folder: k.fields for k in sorted(KINDS, key=lambda k: k.is_list) if k.shown
}
COLUMNS: dict[str, Fields] = {k.folder: k.columns for k in KINDS if k.shown}
NAME_LABELS: dict[str, str] = {k.folder: k.name_label for k in KINDS if k.shown}


def format_value(value: Any) -> str:
    """Return a field value as a person reads it: 长期 for no end, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if value == NO_END:
        return "长期"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return "；".join(str(v) for v in value)
    return str(value)


def field_value(record: Record, path: str) -> Any:
    """Return the value at a dotted attribute path of a record."""
    value: Any = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


def labelled_fields(record: Record) -> list[tuple[str, str]]:
    """Return (label, formatted value) for every published field of a record, in reading order."""
    return [(label, format_value(field_value(record, path))) for label, path in FIELDS[record.kind]]


def missing_labels(record: Record) -> list[str]:
    """Return the labels of the fields a record's source does not carry (a list's shape lacks)."""
    missing = set(getattr(record, "missing", ()))
    if getattr(record, "subject_type", "") == PERSON:
        missing.discard("uscc")  # a person has none to give
    return [
        label
        for label, path in FIELDS[record.kind]
        if path in missing and not format_value(field_value(record, path))
    ]


def record_name(record: Record) -> str:
    """Return what a record is about, as a listing's first column shows it."""
    return str(field_value(record, kind_of(record.kind).name_path))


def record_title(record: Record) -> str:
    """Return a title a person understands: `九江某某有限公司 行政处罚 九市监罚〔2026〕12号`."""
    kind = kind_of(record.kind)
    parts = [record_name(record)]
    if kind.titled_by_kind:
        parts.append(kind.name)
    if kind.title_field:
        parts.append(str(field_value(record, kind.title_field)))
    return " ".join(parts)


def listing_cells(record: Record) -> list[str]:
    """Return a listing row's cells after the first, formatted."""
    return [format_value(field_value(record, path)) for _, path in COLUMNS[record.kind]]


URL_LABEL = "详情页网址"  # the last column of a download: the record's page on the portal


def field_notes() -> dict[str, list[tuple[str, str]]]:
    """Return, per kind, each download field with its description in Chinese (fieldnotes.yaml).

    A field without a description is an error here, so a new field cannot ship undocumented.
    """
    notes = yaml.safe_load(
        resources.files("generator.site").joinpath("fieldnotes.yaml").read_text(encoding="utf-8")
    )
    described = {}
    for kind, fields in FIELDS.items():
        own = {**notes["all"], **notes.get(kind, {})}
        missing = [label for label, _ in fields if label not in own]
        if missing:
            raise KeyError(f"fieldnotes.yaml 缺少字段说明：{kind} {missing}")
        described[kind] = [(label, own[label]) for label in (*(lb for lb, _ in fields), URL_LABEL)]
    return described
