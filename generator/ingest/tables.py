"""Read one table's rows: find its layout from the header row, then build a record per row."""

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
from generator.ingest.headers import HeaderMap, KindHeaders
from generator.ingest.layout import Layout, classify_above, find_layout, furniture_of
from generator.ingest.limits import ReadLimits
from generator.ingest.readers import FlaggedRow, ReadError, Table, read_tables

HEADER_SEARCH_ROWS = 20  # title rows above the header: real exports have one to three


@dataclass(frozen=True, slots=True)
class TableInfo:
    """How a table was read, for the report: its shape, its columns and the rows above its header."""

    file: str
    sheet: str | None
    kind: str
    header_row: int
    generation: str  # 2021 / 2016 for licences and penalties, else ''
    shape: str
    columns: tuple[tuple[str, str], ...]  # (header as written, the standard's name of its field)
    fields: tuple[str, ...]  # the canonical field of each of `columns`, in the same order

    def header_of(self, name: str) -> str:
        """Return the header a field's column has in this table, '' when it has none."""
        return next(
            (h for f, (h, _) in zip(self.fields, self.columns, strict=True) if f == name), ""
        )

    inferred: tuple[tuple[str, str], ...]  # (the standard's name of a field, from what)
    absent: tuple[str, ...]  # the standard's names of fields the shape lacks
    details: tuple[str, ...]  # headers published in 备注
    ignored: tuple[str, ...]
    unknown: tuple[str, ...]
    above: tuple[tuple[int, str], ...]  # (row, TITLE or INSTRUCTION) of rows above the header

    def field_at(self, index: int) -> str | None:
        """Return the canonical field of a column, None when no known header names it."""
        return next((f for f, indexes in self.fields.items() if index in indexes), None)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that is template furniture, not data: read past and counted, never rejected."""

    file: str
    row: int
    what: str


RowOutcome = (
    Problem | TableInfo | Skipped | tuple[Record, list[Problem], tuple[tuple[str, str], ...]]
)


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
    layout = find_layout(head, kind, header_map)
    if layout is None:
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
        yield table_info(table, kind, head, layout, header_map)
        yield from header_problems(table.file, layout, kind_headers)
        body = itertools.chain((r for r in head if r[0] > layout.header_row), table.rows)
    else:
        body = part
    builder = BUILDERS[kind]
    labels = {**kind_headers.labels, **layout.labels}  # a missing column: the standard's name
    header_cells = [clean_text(c) for c in _row_cells(head, layout.header_row)]
    shared: SharedValues = {}
    for row_number, cells in body:
        texts = list(map(clean_text, cells))
        if not any(texts):  # blank rows are no records
            continue
        what = furniture_of(texts, layout, header_cells, header_map, kind)
        if what:
            yield Skipped(table.file, row_number, what)
            continue
        values, disagreements = pick_values(cells, layout)
        details = tuple(
            (header, texts[i]) for i, header in layout.details if i < len(texts) and texts[i]
        )
        source = Source(table.file, row_number)
        fields = RowFields(
            values, labels, header_map, salt, source, shared, layout, kind_headers.classes, details
        )
        for field in disagreements:
            fields.fail(field, "同一字段的两列取值不一致", " | ".join(disagreements[field]))
        if type(cells) is FlaggedRow:  # cells the reader could not take whole: row rejected
            for index, reason, value in cells.faults:
                fields.fail(layout.field_at(index) or column_name(index), reason, value)
        record = builder(fields, kind)
        problems = [Problem(table.file, row_number, *p) for p in fields.problems]
        yield record, problems, tuple(fields.faults)


def _row_cells(head: list[tuple[int, list[Any]]], row_number: int) -> list[Any]:
    return next(cells for number, cells in head if number == row_number)


def table_info(
    table: Table,
    kind: str,
    head: list[tuple[int, list[Any]]],
    layout: Layout,
    header_map: HeaderMap,
) -> TableInfo:
    """Return how a table is read: what the report and `check` tell a person about it."""
    standard = header_map.kinds[kind].labels
    ordered = sorted(layout.fields.items(), key=lambda item: item[1][0])
    return TableInfo(
        file=table.file,
        sheet=table.sheet,
        kind=kind,
        header_row=layout.header_row,
        generation=layout.generation_name,
        shape=layout.shape,
        columns=tuple((layout.labels[name], standard.get(name, name)) for name, _ in ordered),
        fields=tuple(name for name, _ in ordered),
        inferred=tuple((standard.get(name, name), how) for name, how in layout.inferred),
        absent=tuple(standard.get(name, name) for name in layout.absent),
        details=tuple(header for _, header in layout.details),
        ignored=layout.ignored,
        unknown=tuple(header for _, header in layout.unknown),
        above=tuple(
            (number, what)
            for number, cells in head
            if number < layout.header_row
            and (what := classify_above(cells, header_map.furniture.notes))
        ),
    )


def header_problems(file: str, layout: Layout, kind_headers: KindHeaders) -> Iterator[Problem]:
    """Yield a problem for every unknown header and every field named by two columns."""
    for index, text in layout.unknown:
        yield Problem(file, layout.header_row, text, "未知表头，该列未读取", column_name(index))
    for field, indexes in layout.fields.items():
        if len(indexes) > 1:
            where = "、".join(column_name(i) for i in indexes)
            yield Problem(
                file,
                layout.header_row,
                layout.labels[field],
                f"重复表头：{where}同指一个字段",
                where,
            )


def pick_values(cells: list[Any], layout: Layout) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return the cell of each field, and the fields whose duplicate columns disagree."""
    values: dict[str, Any] = {}
    disagreements: dict[str, list[str]] = {}
    width = len(cells)
    for field, indexes in layout.fields.items():
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
