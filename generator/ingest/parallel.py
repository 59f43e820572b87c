"""Read a big export on every core: files and pieces of big CSV files go to workers."""

from __future__ import annotations

import dataclasses
import io
import itertools
import multiprocessing
import operator
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from generator.core.problems import Problem
from generator.core.records import Party, Record, Source
from generator.ingest.headers import HeaderMap
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
from generator.ingest.tables import (
    HEADER_SEARCH_ROWS,
    RowOutcome,
    read_file,
    read_table,
    unreadable,
)

# Below this many bytes of export one process is quicker: forking and shipping records back
# cost more than a second core saves (reading runs at about 6 MB of CSV a second).
PARALLEL_FROM = 8 << 20


# Rows of a big CSV file one worker reads per task: about half a second of work, small enough
# that two workers finish together, big enough that the per-task header search is noise.
PIECE_ROWS = 10_000


AHEAD = 4  # pieces submitted per worker beyond the one being consumed


@dataclass(frozen=True, slots=True)
class FileJob:
    """An export file to read: its kind (folder), its path, and its name in problems."""

    kind: str
    path: Path
    name: str


@dataclass(frozen=True, slots=True)
class Piece:
    """What one worker reads per task: a whole file, or a run of rows of a big CSV file.

    `form` is set when the file was split; the piece then holds the rows from `start` (None:
    the first row, with the header search) up to row `stop` (None: the last row).
    """

    file: FileJob
    form: CsvFormat | None = None
    start: Mark | None = None
    stop: int | None = None


def read_files(
    files: list[FileJob],
    header_map: HeaderMap,
    salt: bytes,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    piece_rows: int = PIECE_ROWS,
) -> Iterator[tuple[str, Iterable[RowOutcome]]]:
    """Yield (kind, outcomes) per file or piece, in file and row order, on several cores if big.

    An exception in a worker is raised here, and a worker that dies raises BrokenProcessPool:
    neither leaves the caller waiting.
    """
    workers = workers or usable_cpus()
    if (
        workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or sum(_size(job.path) for job in files) < parallel_from
    ):
        for job in files:
            yield job.kind, read_file(job.path, job.name, job.kind, header_map, salt)
        return
    # Forked workers get the settings without pickling; tasks carry only paths and marks.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(header_map, salt),
    )
    pieces = plan_pieces(files, piece_rows)
    try:
        # Results are taken in submission order, whichever worker finishes first. Only a few
        # pieces run ahead: a slow piece never leaves every other piece's rows waiting here.
        ahead = deque(
            pool.submit(_read_piece, p) for p in itertools.islice(pieces, AHEAD * workers)
        )
        while ahead:
            kind, packed = ahead.popleft().result()
            piece = next(pieces, None)
            if piece is not None:
                ahead.append(pool.submit(_read_piece, piece))
            yield kind, unpack(packed)
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


def plan_pieces(files: list[FileJob], piece_rows: int) -> Iterator[Piece]:
    """Yield the pieces of every file in order: CSV files cut every `piece_rows` rows."""
    # The first piece holds the whole header search, so only it reports header problems.
    first_cut = max(piece_rows, HEADER_SEARCH_ROWS) + 1
    for job in files:
        if job.path.suffix.lower() not in CSV_SUFFIXES:
            yield Piece(job)  # a workbook is read whole: calamine loads a sheet at once
            continue
        try:
            form = csv_format(job.path)
            marks = list(csv_marks(job.path, form, first_cut, piece_rows))
        except (ReadError, OSError):
            yield Piece(job)  # its worker reports why it cannot be read
            continue
        starts: list[Mark | None] = [None, *marks]
        stops: list[int | None] = [*(mark.row for mark in marks), None]
        for start, stop in zip(starts, stops, strict=True):
            yield Piece(job, form, start, stop)


def read_piece(piece: Piece, header_map: HeaderMap, salt: bytes) -> Iterator[RowOutcome]:
    """Yield the outcomes of one piece, exactly as reading the whole file yields them there."""
    job, form = piece.file, piece.form
    if form is None:
        yield from read_file(job.path, job.name, job.kind, header_map, salt)
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


_worker_settings: tuple[HeaderMap, bytes] | None = None


def _start_worker(header_map: HeaderMap, salt: bytes) -> None:
    global _worker_settings
    _worker_settings = (header_map, salt)


def _read_piece(piece: Piece) -> tuple[str, bytes]:
    assert _worker_settings is not None, "the pool's initializer sets the settings"
    outcomes = list(read_piece(piece, *_worker_settings))
    return piece.file.kind, pack(outcomes)


def _field_reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    return lambda obj: (cls, values(obj))


# Records travel as (class, field values) and are rebuilt by their constructor: the slots
# dataclasses' own pickling (a Python __getstate__/__setstate__ per object) costs twice as much.
_REDUCERS = {cls: _field_reducer(cls) for cls in (Source, Party, Problem, *get_args(Record))}


def pack(outcomes: list[RowOutcome]) -> bytes:
    """Return a piece's outcomes as bytes for the trip from a worker back to ingest."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(outcomes)
    return buffer.getvalue()


def unpack(packed: bytes) -> list[RowOutcome]:
    """Return the outcomes `pack` was given."""
    outcomes: list[RowOutcome] = pickle.loads(packed)
    return outcomes
