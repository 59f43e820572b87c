"""Read every export under the data folder into validated, de-duplicated records.

`ingest` returns records and problems; it never raises on bad input and never writes a file.
A big export is read on every core: files, and runs of rows of big CSV files, go to worker
processes, and their rows come back in reading order, so the result is the same either way.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.core.kinds import FOLDERS
from generator.core.problems import Problem
from generator.ingest.files import FileJob, Reading
from generator.ingest.headers import HeaderMap, default_header_map
from generator.ingest.limits import ReadLimits
from generator.ingest.listing import display_name, list_exports
from generator.ingest.parallel import PARALLEL_FROM, PIECE_ROWS, read_files
from generator.ingest.results import Ingested, KindResult, Tally

__all__ = ["Ingested", "KindResult", "ReadLimits", "Reading", "ingest"]


def ingest(
    data_dir: Path,
    salt: bytes,
    header_map: HeaderMap | None = None,
    *,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    piece_rows: int = PIECE_ROWS,
    limits: ReadLimits | None = None,
    reading: Reading | None = None,
    progress: Callable[[int], None] | None = None,
) -> Ingested:
    """Read, validate and de-duplicate every export of every kind under `data_dir`.

    An export of `parallel_from` bytes or more is read by `workers` processes (default: every
    CPU this process may use), big CSV files `piece_rows` rows at a time. Files are held to
    `limits` (or `reading`, which also carries the seams tests replace; see files.Reading).
    `progress` is told how many rows each file (or piece) held, as they are counted.
    """
    reading = reading or Reading(limits or ReadLimits())
    header_map = header_map or default_header_map()
    listing = list_exports(data_dir, FOLDERS)
    problems: list[Problem] = [*stray_entries(data_dir), *listing.problems]
    files = [
        FileJob(kind, entry.path, entry.name)
        for kind, entries in listing.files.items()
        for entry in entries
    ]
    tallies = {kind: Tally() for kind in FOLDERS}
    with collector_paused():  # forked workers inherit the pause
        readings = read_files(files, header_map, salt, workers, parallel_from, piece_rows, reading)
        for kind, outcomes in readings:
            rows = tallies[kind].read
            tallies[kind].add(outcomes, problems)
            if progress is not None:
                progress(tallies[kind].read - rows)
        kinds = {kind: tally.result() for kind, tally in tallies.items()}
    tables = tuple(table for tally in tallies.values() for table in tally.tables)
    skipped = {file: dict(n) for tally in tallies.values() for file, n in tally.skipped.items()}
    return Ingested(kinds, tuple(problems), tables, skipped)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while ingest makes millions of objects.

    Ingest leaves next to no reference cycles (a few hundred objects per 100,000 rows, from
    chained exceptions), yet the collector walks the new containers every 700 allocations and
    all of them now and then as records pile up. Paused, reading takes ~7 % less time and
    ingest's own process half the time while workers read (unpickling is mostly container
    allocation). Reference counting still frees everything else at once.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def stray_entries(data_dir: Path) -> Iterator[Problem]:
    """Report what lies in the data folder outside the kinds' folders: it is not read."""
    for path in sorted(data_dir.iterdir()):
        if path.name.startswith(".") or (path.is_dir() and path.name in FOLDERS):
            continue
        where = "目录" if path.is_dir() else "文件"
        reason = f"不在约定的数据目录中（{'、'.join(FOLDERS)}），该{where}未读取"
        yield Problem(
            display_name(path.name) + ("/" if path.is_dir() else ""), None, "", reason, ""
        )
