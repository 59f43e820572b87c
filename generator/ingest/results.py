"""What ingest hands on: records per folder, rejections, duplicates and conflicts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.core.problems import Problem
from generator.core.records import Record
from generator.ingest.tables import RowOutcome


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row rejected at validation: the record as far as it could be read, and its faults.

    Kept so that later stages can attribute the row (to a department, a month) without
    reading the file again; it is never published.
    """

    record: Record
    faults: tuple[tuple[str, str], ...]  # (canonical field, reason)


@dataclass(frozen=True, slots=True)
class KindResult:
    """The records of one input folder, and how many rows went where."""

    records: tuple[Record, ...]
    read: int
    rejected: int
    duplicates: int
    conflicts: tuple[tuple[Record, ...], ...] = ()
    """Rows sharing a key with different content; policy decides (a 更正 keeps the newest)."""
    rejections: tuple[Rejection, ...] = ()
    """The rows counted in `rejected`, in reading order."""


@dataclass(frozen=True, slots=True)
class Ingested:
    """Everything read from a data folder: records per folder and every problem found."""

    kinds: dict[str, KindResult]
    problems: tuple[Problem, ...]

    def records(self, kind: str) -> tuple[Record, ...]:
        """Return the accepted records of one input folder."""
        return self.kinds[kind].records


class Tally:
    """The rows of one kind as they are read: candidates for de-duplication, and rejections."""

    def __init__(self) -> None:
        self.candidates: list[Record] = []
        self.rejections: list[Rejection] = []
        self.read = 0

    def add(self, outcomes: Iterable[RowOutcome], problems: list[Problem]) -> None:
        """Count a file's (or a piece's) outcomes; its problems join `problems` in order."""
        for outcome in outcomes:
            if isinstance(outcome, Problem):
                problems.append(outcome)
                continue
            self.read += 1
            record, row_problems, faults = outcome
            if row_problems:
                self.rejections.append(Rejection(record, faults))
                problems.extend(row_problems)
            else:
                self.candidates.append(record)

    def result(self) -> KindResult:
        """Return the kind's records after de-duplication, with its counts."""
        kept, conflicts, duplicates = deduplicate(self.candidates)
        return KindResult(
            tuple(kept),
            self.read,
            len(self.rejections),
            duplicates,
            tuple(conflicts),
            tuple(self.rejections),
        )


def deduplicate(
    records: list[Record],
) -> tuple[list[Record], list[tuple[Record, ...]], int]:
    """Keep one of identical repeats; set aside every group of one key with differing content."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(record.key, []).append(record)
    kept: list[Record] = []
    conflicts: list[tuple[Record, ...]] = []
    duplicates = 0
    for group in groups.values():
        distinct = list(dict.fromkeys(group))  # equal content collapses; the first read stays
        duplicates += len(group) - len(distinct)
        if len(distinct) == 1:
            kept.append(distinct[0])
        else:
            conflicts.append(tuple(distinct))
    return kept, conflicts, duplicates


def conflict_problems(group: tuple[Record, ...]) -> list[Problem]:
    """Return one problem per row of a key whose rows differ, each naming the others."""
    problems = []
    for record in group:
        others = "、".join(f"{o.source.file} 第{o.source.row}行" for o in group if o is not record)
        reason = f"与 {others} 是同一条记录（键相同）但内容不同"
        problems.append(
            Problem(record.source.file, record.source.row, "", reason, natural_label(record))
        )
    return problems


def natural_label(record: Record) -> str:
    """Return the identifier a person knows a record by (文书号, 承诺编码, 名单类型 …)."""
    for attr in ("doc_no", "code", "title"):
        value = getattr(record, attr, "")
        if value:
            return str(value)
    return " ".join(str(getattr(record, a, "")) for a in ("list_type", "uscc")).strip()
