"""The build as a list of stages: read, decide, report, emit, check, write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .config import Config
from .fields import Problem
from .ingest import Ingested, ingest
from .report import KindCounts, write_report


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check found: the records, the counts per kind and every problem."""

    ingested: Ingested
    counts: dict[str, KindCounts]
    problems: list[Problem]


def check(config: Config, data_dir: Path, work_dir: Path, today: date) -> CheckResult:
    """Read and validate every export, then write the private report."""
    ingested = ingest(data_dir, today, config.key_salt.encode())
    counts = count_kinds(ingested)
    problems = list(ingested.problems)
    write_report(work_dir, today, counts, problems)
    return CheckResult(ingested, counts, problems)


def count_kinds(ingested: Ingested) -> dict[str, KindCounts]:
    """Count where every row read went; identical repeats are withheld as `duplicate`."""
    counts: dict[str, KindCounts] = {}
    for kind, result in ingested.kinds.items():
        withheld = {"duplicate": result.duplicates} if result.duplicates else {}
        counts[kind] = KindCounts(result.read, result.rejected, len(result.records), withheld)
    return counts
