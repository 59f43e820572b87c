"""Read every export under the data folder into validated, de-duplicated records.

`ingest` returns records and problems; it never raises on bad input and never writes a file.
A big export is read on every core: files, and runs of rows of big CSV files, go to worker
processes, and their rows come back in reading order, so the result is the same either way.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import itertools
import multiprocessing
import operator
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args

from .builders import BUILDERS, KINDS
from .cells import clean_text
from .fields import Problem, RowFields, SharedValues
from .headers import IGNORED, HeaderMap, KindHeaders, default_header_map
from .readers import (
    CSV_SUFFIXES,
    CsvFormat,
    Mark,
    ReadError,
    Table,
    csv_format,
    csv_marks,
    read_csv_rows,
    read_tables,
)
from .records import Party, Record, Source

HEADER_SEARCH_ROWS = 20  # title rows above the header: real exports have one to three
# Below this many bytes of export one process is quicker: forking and shipping records back
# cost more than a second core saves (reading runs at about 6 MB of CSV a second).
PARALLEL_FROM = 8 << 20
# Rows of a big CSV file one worker reads per task: about half a second of work, small enough
# that two workers finish together, big enough that the per-task header search is noise.
PIECE_ROWS = 10_000
AHEAD = 4  # pieces submitted per worker beyond the one being consumed


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


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column of a table holds which field, found from its header row."""

    header_row: int
    fields: dict[str, list[int]]  # canonical field -> column indexes (more than one: duplicates)
    labels: dict[str, str]  # canonical field -> header text as written in the file


def ingest(
    data_dir: Path,
    today: date,
    salt: bytes,
    header_map: HeaderMap | None = None,
    *,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    piece_rows: int = PIECE_ROWS,
) -> Ingested:
    """Read, validate and de-duplicate every export of every kind under `data_dir`.

    An export of `parallel_from` bytes or more is read by `workers` processes (default: every
    CPU this process may use), big CSV files `piece_rows` rows at a time.
    """
    header_map = header_map or default_header_map()
    problems: list[Problem] = list(stray_entries(data_dir))
    files = [
        FileJob(kind, path, path.relative_to(data_dir).as_posix())
        for kind in KINDS
        for path in list_export_files(data_dir / kind)
    ]
    tallies = {kind: Tally() for kind in KINDS}
    with collector_paused():  # forked workers inherit the pause
        readings = read_files(files, header_map, today, salt, workers, parallel_from, piece_rows)
        for kind, outcomes in readings:
            tallies[kind].add(outcomes, problems)
        kinds = {kind: tally.result() for kind, tally in tallies.items()}
    return Ingested(kinds, tuple(problems))


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


def stray_entries(data_dir: Path) -> Iterator[Problem]:
    """Report what lies in the data folder outside the kinds' folders: it is not read."""
    for path in sorted(data_dir.iterdir()):
        if path.name.startswith(".") or (path.is_dir() and path.name in KINDS):
            continue
        where = "目录" if path.is_dir() else "文件"
        reason = f"不在约定的数据目录中（{'、'.join(KINDS)}），该{where}未读取"
        yield Problem(path.name + ("/" if path.is_dir() else ""), None, "", reason, "")


def list_export_files(folder: Path) -> list[Path]:
    """Return the files of a kind's folder in a stable order (hidden and lock files excluded)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))
    )


RowOutcome = Problem | tuple[Record, list[Problem], tuple[tuple[str, str], ...]]


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
    today: date,
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
            yield job.kind, read_file(job.path, job.name, job.kind, header_map, today, salt)
        return
    # Forked workers get the settings without pickling; tasks carry only paths and marks.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(header_map, today, salt),
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


def read_piece(
    piece: Piece, header_map: HeaderMap, today: date, salt: bytes
) -> Iterator[RowOutcome]:
    """Yield the outcomes of one piece, exactly as reading the whole file yields them there."""
    job, form = piece.file, piece.form
    if form is None:
        yield from read_file(job.path, job.name, job.kind, header_map, today, salt)
        return
    try:
        if piece.start is None:
            table = Table(job.name, None, read_csv_rows(job.path, form, stop=piece.stop))
            yield from read_table(table, job.kind, header_map, today, salt)
        else:
            # A later piece finds the header again but reads (and reports) only its own rows.
            head = read_csv_rows(job.path, form, stop=HEADER_SEARCH_ROWS + 1)
            rows = read_csv_rows(job.path, form, piece.start, piece.stop)
            yield from read_table(
                Table(job.name, None, head), job.kind, header_map, today, salt, part=rows
            )
    except ReadError as exc:
        yield Problem(job.name, exc.row, "", str(exc), "")
    except OSError as exc:
        yield unreadable(job.name, exc)


_worker_settings: tuple[HeaderMap, date, bytes] | None = None


def _start_worker(header_map: HeaderMap, today: date, salt: bytes) -> None:
    global _worker_settings
    _worker_settings = (header_map, today, salt)


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


def read_file(
    path: Path, name: str, kind: str, header_map: HeaderMap, today: date, salt: bytes
) -> Iterator[RowOutcome]:
    """Yield file-level problems and, per data row, its record, problems and faults by field."""
    try:
        for table in read_tables(path, name):
            yield from read_table(table, kind, header_map, today, salt)
    except ReadError as exc:
        yield Problem(name, exc.row, "", str(exc), "")
    except OSError as exc:  # removed since listed, no permission, a failing disk
        yield unreadable(name, exc)


def unreadable(name: str, exc: OSError) -> Problem:
    """Return the problem of a file the system does not let ingest read."""
    return Problem(name, None, "", f"无法读取文件（{exc.strerror or exc}）", "")


def read_table(
    table: Table,
    kind: str,
    header_map: HeaderMap,
    today: date,
    salt: bytes,
    part: Iterator[tuple[int, list[Any]]] | None = None,
) -> Iterator[RowOutcome]:
    """Yield the outcomes of one table's rows after locating and mapping its header row.

    With `part` (later rows of the same table), the header is looked for in `table` but only
    the rows of `part` are read; the header's problems are left to the read of the first rows.
    """
    kind_headers = header_map.kinds[kind]
    head = list(itertools.islice(table.rows, HEADER_SEARCH_ROWS))
    columns = find_columns(head, kind_headers)
    if columns is None:
        if part is None:
            yield Problem(
                table.file,
                None,
                "",
                f"前{HEADER_SEARCH_ROWS}行中找不到表头（与本类数据的标准表头不符）",
                "",
            )
        return
    if part is None:
        yield from header_problems(table.file, head, columns, kind_headers)
        body = itertools.chain((r for r in head if r[0] > columns.header_row), table.rows)
    else:
        body = part
    builder = BUILDERS[kind]
    labels = {
        **kind_headers.labels,
        **columns.labels,
    }  # a missing column is named as the standard names it
    header_cells = [clean_text(c) for c in _row_cells(head, columns.header_row)]
    shared: SharedValues = {}
    for row_number, cells in body:
        if not any(map(clean_text, cells)):  # blank rows are no records
            continue
        if clean_text(cells[0]) == header_cells[0] and list(map(clean_text, cells)) == header_cells:
            continue  # the header repeated mid-file, as concatenated exports have it
        values, disagreements = pick_values(cells, columns)
        source = Source(table.file, row_number)
        fields = RowFields(values, labels, header_map, today, salt, source, shared)
        for field in disagreements:
            fields.fail(field, "同一字段的两列取值不一致", " | ".join(disagreements[field]))
        record = builder(fields, kind)
        problems = [Problem(table.file, row_number, *p) for p in fields.problems]
        yield record, problems, tuple(fields.faults)


def _row_cells(head: list[tuple[int, list[Any]]], row_number: int) -> list[Any]:
    return next(cells for number, cells in head if number == row_number)


def find_columns(head: list[tuple[int, list[Any]]], kind_headers: KindHeaders) -> Columns | None:
    """Return the column map of the row among `head` that names the most known fields."""
    best: Columns | None = None
    best_known = 1  # a header row names at least two known fields
    for row_number, cells in head:
        fields: dict[str, list[int]] = {}
        labels: dict[str, str] = {}
        for index, cell in enumerate(cells):
            field = kind_headers.field_for(clean_text(cell))
            if field is not None and field != IGNORED:
                fields.setdefault(field, []).append(index)
                labels.setdefault(field, clean_text(cell))
        if len(fields) > best_known:
            best, best_known = Columns(row_number, fields, labels), len(fields)
    return best


def header_problems(
    file: str, head: list[tuple[int, list[Any]]], columns: Columns, kind_headers: KindHeaders
) -> Iterator[Problem]:
    """Yield a problem for every unknown header and every field named by two columns."""
    cells = _row_cells(head, columns.header_row)
    for index, cell in enumerate(cells):
        text = clean_text(cell)
        if text and kind_headers.field_for(text) is None:
            yield Problem(
                file, columns.header_row, text, "未知表头，该列未读取", column_name(index)
            )
    for field, indexes in columns.fields.items():
        if len(indexes) > 1:
            where = "、".join(column_name(i) for i in indexes)
            yield Problem(
                file,
                columns.header_row,
                columns.labels[field],
                f"重复表头：{where}同指一个字段",
                where,
            )


def pick_values(cells: list[Any], columns: Columns) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return the cell of each field, and the fields whose duplicate columns disagree."""
    values: dict[str, Any] = {}
    disagreements: dict[str, list[str]] = {}
    width = len(cells)
    for field, indexes in columns.fields.items():
        if len(indexes) == 1:  # the common case: one column per field
            values[field] = cells[indexes[0]] if indexes[0] < width else None
            continue
        present = [cells[i] for i in indexes if i < width and clean_text(cells[i])]
        values[field] = present[0] if present else None
        distinct = list(dict.fromkeys(clean_text(v) for v in present))
        if len(distinct) > 1:
            disagreements[field] = distinct
    return values, disagreements


def column_name(index: int) -> str:
    """Return the spreadsheet name of a 0-based column index, with its number: 第3列(C)."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"第{index + 1}列({letters})"


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
