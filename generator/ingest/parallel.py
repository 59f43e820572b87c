"""Read a big export on every core: files and pieces of big CSV files go to workers."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.core.problems import Problem
from generator.ingest.files import FileJob, Reading, read_export, read_steady_export
from generator.ingest.headers import HeaderMap
from generator.ingest.packing import pack, unpack
from generator.ingest.readers import (
    CSV_SUFFIXES,
    CsvFormat,
    Mark,
    ReadError,
    Table,
    csv_format,
    csv_marks,
    read_csv_rows,
)
from generator.ingest.snapshot import Fingerprint
from generator.ingest.tables import HEADER_SEARCH_ROWS, RowOutcome, read_table, unreadable

__all__ = ["FileJob", "pack", "read_files", "unpack"]

# Below this many bytes of export one process is quicker: forking and shipping records back
# cost more than a second core saves (reading runs at about 6 MB of CSV a second).
PARALLEL_FROM = 8 << 20


# Rows of a big CSV file one worker reads per task: about half a second of work, small enough
# that two workers finish together, big enough that the per-task header search is noise.
PIECE_ROWS = 10_000


AHEAD = 4  # pieces submitted per worker beyond the one being consumed


@dataclass(frozen=True, slots=True)
class Piece:
    """What one worker reads per task: a whole file, or a run of rows of a big CSV file.

    `form` is set when the file was split; the piece then holds the rows from `start` (None:
    the first row, with the header search) up to row `stop` (None: the last row). `before`
    is the file's fingerprint when it was planned, `last` marks the piece that ends it.
    """

    file: FileJob
    form: CsvFormat | None = None
    start: Mark | None = None
    stop: int | None = None
    before: Fingerprint | None = None
    last: bool = True


def read_files(
    files: list[FileJob],
    header_map: HeaderMap,
    salt: bytes,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    piece_rows: int = PIECE_ROWS,
    reading: Reading | None = None,
) -> Iterator[tuple[str, Iterable[RowOutcome]]]:
    """Yield (kind, outcomes) per file, in file and row order, on several cores if big.

    Each file's outcomes come from one version of it (files.read_steady_export). An exception
    in a worker is raised here, and a worker that dies raises BrokenProcessPool: neither
    leaves the caller waiting. A workbook is read in a child of its worker, whose crash
    costs that file only.
    """
    reading = reading or Reading()
    workers = workers or usable_cpus()
    if (
        workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or sum(_size(job.path) for job in files) < parallel_from
    ):
        for job in files:
            yield job.kind, read_steady_export(job, header_map, salt, reading)
        return
    # Forked workers get the settings without pickling; tasks carry only paths and marks.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(header_map, salt, reading),
    )
    pieces = plan_pieces(files, piece_rows, reading)
    try:
        # Results are taken in submission order, whichever worker finishes first. Only a few
        # pieces run ahead: a slow piece never leaves every other piece's rows waiting here.
        ahead: deque[tuple[Piece, Future[bytes]]] = deque(
            (p, pool.submit(_read_piece, p)) for p in itertools.islice(pieces, AHEAD * workers)
        )
        outcomes: list[RowOutcome] = []
        while ahead:
            piece, future = ahead.popleft()
            packed = future.result()
            following = next(pieces, None)
            if following is not None:
                ahead.append((following, pool.submit(_read_piece, following)))
            outcomes += unpack(packed)
            if piece.last:  # all of the file is read: was it one version all along?
                job = piece.file
                if piece.before is not None and reading.take(job.path) != piece.before:
                    outcomes = read_steady_export(job, header_map, salt, reading, attempts=1)
                yield job.kind, outcomes
                outcomes = []
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def usable_cpus() -> int:
    """Return how many CPUs this process may run on (a container may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone since listed: reading it reports the problem
        return 0


def plan_pieces(
    files: list[FileJob], piece_rows: int, reading: Reading | None = None
) -> Iterator[Piece]:
    """Yield the pieces of every file in order: CSV files cut every `piece_rows` rows."""
    take = (reading or Reading()).take
    # The first piece holds the whole header search, so only it reports header problems.
    first_cut = max(piece_rows, HEADER_SEARCH_ROWS) + 1
    for job in files:
        before = take(job.path)  # before any of it is read, here or in a worker
        if job.path.suffix.lower() not in CSV_SUFFIXES:
            yield Piece(job, before=before)  # a workbook is read whole, by calamine
            continue
        try:
            form = csv_format(job.path)
            marks = list(csv_marks(job.path, form, first_cut, piece_rows))
        except (ReadError, OSError):
            yield Piece(job, before=before)  # its worker reports why it cannot be read
            continue
        starts: list[Mark | None] = [None, *marks]
        stops: list[int | None] = [*(mark.row for mark in marks), None]
        for start, stop in zip(starts, stops, strict=True):
            yield Piece(job, form, start, stop, before, last=stop is None)


def read_piece(
    piece: Piece, header_map: HeaderMap, salt: bytes, reading: Reading | None = None
) -> Iterator[RowOutcome]:
    """Yield the outcomes of one piece, exactly as reading the whole file yields them there."""
    job, form = piece.file, piece.form
    if form is None:
        yield from read_export(job, header_map, salt, reading or Reading())
        return
    try:
        if piece.start is None:
            table = Table(job.name, None, read_csv_rows(job.path, form, stop=piece.stop))
            yield from read_table(table, job.kind, header_map, salt)
        else:
            # A later piece finds the header again but reads (and reports) only its own rows.
            head = read_csv_rows(job.path, form, stop=HEADER_SEARCH_ROWS + 1)
            rows = read_csv_rows(job.path, form, piece.start, piece.stop)
            yield from read_table(
                Table(job.name, None, head), job.kind, header_map, salt, part=rows
            )
    except ReadError as exc:
        yield Problem(job.name, exc.row, "", str(exc), "")
    except OSError as exc:
        yield unreadable(job.name, exc)


_worker_settings: tuple[HeaderMap, bytes, Reading] | None = None


def _start_worker(header_map: HeaderMap, salt: bytes, reading: Reading) -> None:
    global _worker_settings
    _worker_settings = (header_map, salt, reading)


def _read_piece(piece: Piece) -> bytes:
    assert _worker_settings is not None, "the pool's initializer sets the settings"
    return pack(list(read_piece(piece, *_worker_settings)))
