"""Match takedowns (撤销 / 信用修复 / 更正 / 移出) to the records they act on."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from generator.core.kinds import LIST_KINDS, TAKEDOWN_KINDS
from generator.core.records import (
    Commitment,
    Licence,
    ListEntry,
    Penalty,
    Record,
    RecordId,
    Takedown,
    record_id,
)

CORRECTION = "更正"


def doc_number(record: Record) -> str:
    """Return the number a takedown names a record by: its 文书号, or a commitment's 承诺编码."""
    if isinstance(record, Commitment):
        return record.code
    return getattr(record, "doc_no", "")


_BRACKETS = str.maketrans("[]【】()（）［］", "〔〕〔〕〔〕〔〕〔〕")


def normalize_doc_no(doc_no: str) -> str:
    """Fold a 文书号 so that bracket styles and spaces do not stop a takedown from matching."""
    folded = unicodedata.normalize("NFKC", doc_no).translate(_BRACKETS)
    return re.sub(r"\s+", "", folded).upper()


def match_takedowns(
    takedowns: Iterable[Takedown], candidates: dict[str, list[Record]]
) -> tuple[dict[RecordId, str], list[tuple[Takedown, str]]]:
    """Return the reason for every record a takedown reaches, and the takedowns reaching none."""
    by_doc_no: dict[tuple[str, str], list[Record]] = {}
    by_subject: dict[tuple[str, str, str], list[ListEntry]] = {}
    for kind, records in candidates.items():
        for record in records:
            if isinstance(record, ListEntry):
                by_subject.setdefault((kind, record.uscc, record.list_type), []).append(record)
            elif isinstance(record, Licence | Penalty | Commitment):
                by_doc_no.setdefault((kind, normalize_doc_no(doc_number(record))), []).append(
                    record
                )
    matched: dict[RecordId, str] = {}
    unmatched: list[tuple[Takedown, str]] = []
    for takedown in takedowns:
        kind = TAKEDOWN_KINDS[takedown.category]
        if kind in LIST_KINDS:
            found: list[Record] = [
                entry
                for entry in by_subject.get((kind, takedown.uscc, takedown.list_type), [])
                if entry.listed_on <= takedown.acted_on  # a later re-listing is a new entry
            ]
            reason = "removed" if takedown.action == "移出" else "taken_down"
        else:
            found = narrow(by_doc_no.get((kind, normalize_doc_no(takedown.doc_no)), []), takedown)
            reason = "taken_down"
        if not found:
            unmatched.append((takedown, "找不到这次撤销/修复所指的记录（文书号或代码可能有误）"))
        elif takedown.action != CORRECTION:  # a correction only decides which version stands
            for record in found:
                matched[record_id(record)] = reason
    return matched, unmatched


def narrow(records: list[Record], takedown: Takedown) -> list[Record]:
    """Keep the records of a repeated 文书号 that the takedown's party code or body points at."""
    if takedown.uscc:
        records = [r for r in records if _party_code(r) == takedown.uscc]
    if len(records) > 1 and takedown.dept:
        same_body = [
            r for r in records if fold_spaces(getattr(r, "dept", "")) == fold_spaces(takedown.dept)
        ]
        records = same_body or records
    return records


def _party_code(record: Record) -> str:
    if isinstance(record, Licence | Penalty):
        return record.party.uscc
    if isinstance(record, Commitment):
        return record.party_code
    return ""


def fold_spaces(text: str) -> str:
    """Return text in NFKC without white space, as names and marks are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
