"""What ingest hands on: records per folder, rejections, duplicates and conflicts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.core.problems import Problem
from generator.core.records import Record
from generator.ingest.tables import RowOutcome, Skipped, TableInfo


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
    read_by_file: Mapping[str, int] = field(default_factory=dict)
    """Rows read per file (a sheet other than the first counts as its own file)."""
    duplicates_by_file: Mapping[str, int] = field(default_factory=dict)
    """Identical repeats set aside per file."""


@dataclass(frozen=True, slots=True)
class Ingested:
    """Everything read from a data folder: records per folder and every problem found."""

    kinds: dict[str, KindResult]
    problems: tuple[Problem, ...]
    tables: tuple[TableInfo, ...] = ()
    """How each table was read (its shape and columns), in reading order."""
    skipped: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Per file, the rows of template furniture read past, by what they are."""

    def records(self, kind: str) -> tuple[Record, ...]:
        """Return the accepted records of one input folder."""
        return self.kinds[kind].records


class Tally:
    """The rows of one kind as they are read: candidates for de-duplication, and rejections."""

    def __init__(self) -> None:
        self.candidates: list[Record] = []
        self.rejections: list[Rejection] = []
        self.read = 0
        self.read_by_file: Counter[str] = Counter()
        self.tables: list[TableInfo] = []
        self.skipped: dict[str, Counter[str]] = {}

    def add(self, outcomes: Iterable[RowOutcome], problems: list[Problem]) -> None:
        """Count a file's (or a piece's) outcomes; its problems join `problems` in order."""
        for outcome in outcomes:
            if isinstance(outcome, Problem):
                problems.append(outcome)
                continue
            if isinstance(outcome, TableInfo):
                self.tables.append(outcome)
                if outcome.above:
                    self.skipped.setdefault(outcome.file, Counter()).update(
                        what for _, what in outcome.above
                    )
                continue
            if isinstance(outcome, Skipped):
                self.skipped.setdefault(outcome.file, Counter())[outcome.what] += 1
                continue
            self.read += 1
            record, row_problems, faults = outcome
            self.read_by_file[record.source.file] += 1
            if row_problems:
                self.rejections.append(Rejection(record, faults))
                problems.extend(row_problems)
            else:
                self.candidates.append(record)

    def result(self) -> KindResult:
        """Return the kind's records after de-duplication, with its counts."""
        kept, conflicts, repeats = deduplicate(self.candidates)
        return KindResult(
            tuple(kept),
            self.read,
            len(self.rejections),
            len(repeats),
            tuple(conflicts),
            tuple(self.rejections),
            dict(self.read_by_file),
            dict(Counter(r.source.file for r in repeats)),
        )


def deduplicate(
    records: list[Record],
) -> tuple[list[Record], list[tuple[Record, ...]], list[Record]]:
    """Keep one of identical repeats; set aside every group of one key with differing content.

    Returns the records kept, the conflicting groups and the repeats left out.
    """
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(record.key, []).append(record)
    kept: list[Record] = []
    conflicts: list[tuple[Record, ...]] = []
    repeats: list[Record] = []
    for group in groups.values():
        distinct = list(dict.fromkeys(group))  # equal content collapses; the first read stays
        if len(distinct) < len(group):
            stays = {id(r) for r in distinct}
            repeats += (r for r in group if id(r) not in stays)
        if len(distinct) == 1:
            kept.append(distinct[0])
        else:
            conflicts.append(tuple(distinct))
    return kept, conflicts, repeats


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
