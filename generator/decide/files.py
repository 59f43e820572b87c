"""Per export file: how it was read, and where each of its rows went (for `check` and the report)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.core.records import Record
from generator.decide.policy import Ruling
from generator.ingest.results import Ingested
from generator.ingest.tables import TableInfo

DEPT_CODE = "dept_code"


@dataclass(frozen=True, slots=True)
class FileSummary:
    """One table's reading and its rows' fate: read = published + Σ withheld + rejected."""

    table: TableInfo
    read: int
    published: int
    withheld: Mapping[str, int]
    rejected: int
    skipped: Mapping[str, int]
    """Rows of template furniture read past (title, instruction, marker rows), by what they are."""
    hidden_ids: int
    """Rows holding a person's ID number in a public identifier column (kept unpublished)."""
    by_directory: int
    """Rows whose department's code the directory gave (the file names departments only)."""
    unresolved: tuple[tuple[str, int], ...]
    """(department name, rows) the directory does not know: published without a section link."""


def summarize_files(ingested: Ingested, ruling: Ruling) -> tuple[FileSummary, ...]:
    """Return a summary of every table read, in reading order."""
    published: Counter[str] = Counter()
    withheld: dict[str, Counter[str]] = {}
    accepted: dict[str, list[Record]] = {}
    refused: dict[str, list[Record]] = {}
    for records in ruling.published.values():
        for record in records:
            published[record.source.file] += 1
            accepted.setdefault(record.source.file, []).append(record)
    for pairs in ruling.withheld.values():
        for record, reason in pairs:
            withheld.setdefault(record.source.file, Counter())[reason] += 1
            accepted.setdefault(record.source.file, []).append(record)
    read: Counter[str] = Counter()
    for result in ingested.kinds.values():
        read.update(result.read_by_file)
        for file, n in result.duplicates_by_file.items():
            withheld.setdefault(file, Counter())["duplicate"] += n
        for rejection in result.rejections:
            refused.setdefault(rejection.record.source.file, []).append(rejection.record)
    summaries = []
    for table in ingested.tables:
        held = dict(sorted(withheld.get(table.file, Counter()).items()))
        records = accepted.get(table.file, [])
        summaries.append(
            FileSummary(
                table=table,
                read=read[table.file],
                published=published[table.file],
                withheld=held,
                rejected=read[table.file] - published[table.file] - sum(held.values()),
                skipped=dict(ingested.skipped.get(table.file, {})),
                hidden_ids=sum(
                    1 for r in (*records, *refused.get(table.file, ())) if hidden_ids(r)
                ),
                by_directory=0
                if DEPT_CODE in table.fields
                else sum(1 for r in records if getattr(r, DEPT_CODE, "")),
                unresolved=unresolved_departments(records),
            )
        )
    return tuple(summaries)


def hidden_ids(record: Record) -> tuple[str, ...]:
    """Return the personal ID numbers a record's public identifier columns held."""
    party = getattr(record, "party", None)
    return getattr(party if party is not None else record, "hidden_ids", ())


def unresolved_departments(records: Iterable[Record]) -> tuple[tuple[str, int], ...]:
    """Return each department name that rows give without any code, with its row count."""
    names = Counter(
        r.dept  # type: ignore[union-attr]
        for r in records
        if hasattr(r, DEPT_CODE) and not r.dept_code and getattr(r, "dept", "")  # type: ignore[union-attr]
    )
    return tuple(sorted(names.items()))
