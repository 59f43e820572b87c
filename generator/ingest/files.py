"""Read one export file safely: as one version of itself, a workbook in an isolated child."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.problems import Problem
from generator.ingest.headers import HeaderMap
from generator.ingest.isolation import run_isolated
from generator.ingest.limits import ReadLimits
from generator.ingest.packing import pack, unpack
from generator.ingest.readers import SHEET_SUFFIXES, ReadError
from generator.ingest.snapshot import CHANGED, Take, fingerprint, read_steadily
from generator.ingest.tables import RowOutcome, read_file

FileReader = Callable[[Path, str, str, HeaderMap, bytes, ReadLimits], Iterable[RowOutcome]]
"""Read one file's tables into outcomes: (path, name, kind, header map, salt, limits)."""


@dataclass(frozen=True, slots=True)
class FileJob:
    """An export file to read: its kind (folder), its path, and its name in problems."""

    kind: str
    path: Path
    name: str


@dataclass(frozen=True, slots=True)
class Reading:
    """How export files are read: the limits, and the two seams a test replaces.

    `read_workbook` runs in the isolated child (a test hands in one that aborts); `take`
    fingerprints a file before and after it is read (a test changes the file in between).
    """

    limits: ReadLimits = field(default_factory=ReadLimits)
    read_workbook: FileReader = read_file
    take: Take = fingerprint


def read_export(
    job: FileJob, header_map: HeaderMap, salt: bytes, reading: Reading
) -> list[RowOutcome]:
    """Return a file's outcomes; a workbook's come from a child process that may crash alone."""
    limits = reading.limits
    if job.path.suffix.lower() not in SHEET_SUFFIXES:
        return list(read_file(job.path, job.name, job.kind, header_map, salt, limits))

    def work() -> bytes:
        args = (job.path, job.name, job.kind, header_map, salt, limits)
        return pack(list(reading.read_workbook(*args)))

    try:
        return unpack(run_isolated(work, limits.memory_bytes, limits.reader_seconds))
    except ReadError as exc:
        return [Problem(job.name, None, "", str(exc), "")]


def read_steady_export(
    job: FileJob, header_map: HeaderMap, salt: bytes, reading: Reading, attempts: int = 2
) -> list[RowOutcome]:
    """Return a file's outcomes from one version of it, or a problem if it kept changing."""
    outcomes = read_steadily(
        job.path, lambda: read_export(job, header_map, salt, reading), reading.take, attempts
    )
    return [changed(job)] if outcomes is None else outcomes


def changed(job: FileJob) -> Problem:
    """Return the problem of a file that changed while it was read, and again when reread."""
    return Problem(job.name, None, "", CHANGED, "")
