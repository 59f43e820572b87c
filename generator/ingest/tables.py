"""Read one table's rows: find and map its header row, then build a record per row."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.problems import Problem
from generator.core.records import Record, Source
from generator.ingest.builders import BUILDERS
from generator.ingest.cells import clean_text
from generator.ingest.fields import RowFields, SharedValues
from generator.ingest.headers import IGNORED, HeaderMap, KindHeaders
from generator.ingest.limits import ReadLimits
from generator.ingest.readers import FlaggedRow, ReadError, Table, read_tables

HEADER_SEARCH_ROWS = 20  # title rows above the header: real exports have one to three


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column of a table holds which field, found from its header row."""

    header_row: int
    fields: dict[str, list[int]]  # canonical field -> column indexes (more than one: duplicates)
    labels: dict[str, str]  # canonical field -> header text as written in the file

    def field_at(self, index: int) -> str | None:
        """Return the canonical field of a column, None when no known header names it."""
        return next((f for f, indexes in self.fields.items() if index in indexes), None)


RowOutcome = Problem | tuple[Record, list[Problem], tuple[tuple[str, str], ...]]


def read_file(
    path: Path,
    name: str,
    kind: str,
    header_map: HeaderMap,
    salt: bytes,
    limits: ReadLimits | None = None,
) -> Iterator[RowOutcome]:
    """Yield file-level problems and, per data row, its record, problems and faults by field."""
    try:
        for table in read_tables(path, name, limits):
            try:
                yield from read_table(table, kind, header_map, salt)
            except ReadError as exc:  # one sheet that cannot be read: the others still are
                yield Problem(table.file, exc.row, "", str(exc), "")
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
        fields = RowFields(values, labels, header_map, salt, source, shared)
        for field in disagreements:
            fields.fail(field, "同一字段的两列取值不一致", " | ".join(disagreements[field]))
        if type(cells) is FlaggedRow:  # cells the reader could not take whole: row rejected
            for index, reason, value in cells.faults:
                fields.fail(columns.field_at(index) or column_name(index), reason, value)
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
