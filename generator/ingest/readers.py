"""Read export files (CSV, XLSX) into plain rows that remember where they came from.

Readers know nothing about record kinds: a table is a file (or a sheet of it) and its rows,
each row numbered as a person sees it when opening the file (the first line is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from python_calamine import CalamineWorkbook

from generator.ingest.limits import MAX_CELL_CHARS, MAX_ROW_CELLS, ReadLimits
from generator.ingest.workbooks import workbook_refusal

CSV_SUFFIXES = {".csv", ".txt"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
_CHUNK = 1 << 20
# A file that is valid UTF-8 but for a few bytes is a damaged UTF-8 file, not a GB18030 one.
_DAMAGED_UTF8_SHARE = 0.001
# Share of Chinese characters that real GB18030 text draws from GB2312's common set; mojibake
# (Big5 or UTF-8 bytes decoded as GB18030) falls far below it.
_GB2312_SHARE = 0.9
# csv refuses a field longer than this: far above MAX_CELL_CHARS, so a long cell costs only
# its own row, yet bounded, so an unclosed quote cannot pull a whole file into one string.
CSV_FIELD_LIMIT = 1 << 24
# Appended to a CSV text when it is read to its end: a quote left open swallows it.
_END = "\ufdd0"
_PREVIEW = 40


def open_export(path: Path, encoding: str | None = None) -> IO[Any]:
    """Open an export file for reading, refusing anything but a regular file.

    The listing resolved links already, so a link here was put in since (O_NOFOLLOW), and a
    pipe swapped in would block a plain open() for ever (O_NONBLOCK).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ReadError("不是普通文件，未读取")
        if encoding is None:
            return open(fd, "rb", closefd=True)
        return open(fd, encoding=encoding, newline="", closefd=True)
    except BaseException:
        os.close(fd)
        raise


class FlaggedRow(list[Any]):
    """The cells of a row a reader could not take whole, with why, per column (0-based)."""

    faults: tuple[tuple[int, str, str], ...] = ()


def check_row(cells: list[Any]) -> list[Any]:
    """Return `cells`, or a FlaggedRow naming its cells beyond the cell limit, shortened."""
    oversized = [
        i for i, cell in enumerate(cells) if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS
    ]
    if not oversized and len(cells) <= MAX_ROW_CELLS:
        return cells
    flagged = FlaggedRow(cells[:MAX_ROW_CELLS])
    faults = []
    for index in oversized:
        length = len(cells[index])
        faults.append(
            (
                index,
                f"单元格长达 {length} 个字符，超过 {MAX_CELL_CHARS} 个字符的上限"
                "（Excel 单元格的上限；常见原因：引号未闭合，把其后各行并进了这一格），该行未采用",
                cells[index][:_PREVIEW] + "…",
            )
        )
        flagged[index] = cells[index][:_PREVIEW]
    if len(cells) > MAX_ROW_CELLS:
        reason = f"该行有 {len(cells)} 个单元格，超过 {MAX_ROW_CELLS} 列的上限，该行未采用"
        faults.append((MAX_ROW_CELLS, reason, ""))
    flagged.faults = tuple(faults)
    return flagged


class ReadError(Exception):
    """A file that cannot be read (from `row` on, when known); the message says why, for a person."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of one CSV file or one sheet; `rows` yields (row number, cells)."""

    file: str
    sheet: str | None
    rows: Iterator[tuple[int, list[Any]]]


def read_tables(path: Path, name: str, limits: ReadLimits | None = None) -> Iterator[Table]:
    """Yield the tables of one export file; raise ReadError when it cannot be read whole."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield read_csv(path, name)
    elif suffix in SHEET_SUFFIXES:
        yield from read_workbook(path, name, limits or ReadLimits())
    else:
        raise ReadError(
            f"不支持的文件类型 {suffix or '(无扩展名)'}，只读取 .csv、.xlsx 和 .xls（Excel 97）"
        )


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """How a CSV file's text is laid out: its codec and its field separator."""

    encoding: str
    delimiter: str


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a CSV row starts: a position of the text stream (`tell()`) and the row's number."""

    position: int
    row: int


def read_csv(path: Path, name: str) -> Table:
    """Open a CSV file in the encoding its bytes are in (UTF-8, UTF-8 with BOM or GB18030)."""
    return Table(name, None, read_csv_rows(path, csv_format(path)))


def csv_format(path: Path) -> CsvFormat:
    """Return the codec and separator of a CSV file; raise ReadError when it cannot be decoded."""
    encoding = detect_encoding(path)
    with open_export(path, encoding) as handle:
        first_line = handle.readline()
    return CsvFormat(encoding, "\t" if first_line.count("\t") > first_line.count(",") else ",")


def read_csv_rows(
    path: Path, form: CsvFormat, start: Mark | None = None, stop: int | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """Yield the numbered rows of a CSV file from `start` (the first row) up to row `stop`.

    A row with a cell beyond MAX_CELL_CHARS comes as a FlaggedRow, and so does the last row
    when a quote left open at the end of the file swallowed every line after it.
    """
    csv.field_size_limit(CSV_FIELD_LIMIT)  # process-wide, so set where csv is used
    with open_export(path, form.encoding) as handle:
        first = 1
        if start is not None:
            handle.seek(start.position)
            first = start.row
        # A record with a line break inside quotes is still one row when the file is opened.
        # Read to its end, the text gets a last line of its own: a quote still open at the
        # end of the file takes it into its cell, and so shows that it swallowed the rest.
        lines: Iterator[str] = handle if stop is not None else itertools.chain(handle, [_END])
        reader = csv.reader(lines, delimiter=form.delimiter)
        rows = enumerate(reader, start=first)
        row, line = first - 1, 0
        try:
            for row, cells in rows if stop is None else itertools.islice(rows, stop - first):
                if cells and cells[-1].endswith(_END):
                    if cells != [_END]:
                        yield row, unclosed_quote(cells, reader.line_num - line - 2)
                    return
                line = reader.line_num
                # The sum is one pass in C; only a long row is looked at cell by cell.
                yield row, cells if sum(map(len, cells)) <= MAX_CELL_CHARS else check_row(cells)
        except csv.Error as exc:
            # Rows already yielded stay read; the rest of the file cannot be split into rows.
            raise ReadError(_csv_error_reason(exc, row + 1), row + 1) from exc


def unclosed_quote(cells: list[str], lines: int) -> FlaggedRow:
    """Return the last row of a file whose quote in its last cell is never closed."""
    text = cells[-1].removesuffix(_END)
    flagged = FlaggedRow([*cells[:-1], text[:_PREVIEW]])
    column = len(cells) - 1
    reason = (
        f"引号未闭合：第{column + 1}列的引号直到文件末尾都没有闭合，"
        f"其后 {lines} 行都被读进了这一格，这些行与本行均未采用"
    )
    flagged.faults = ((column, reason, text[:_PREVIEW] + "…"),)
    return flagged


def csv_marks(path: Path, form: CsvFormat, first: int, every: int) -> Iterator[Mark]:
    """Yield where row `first` starts, then every `every`-th row after it, up to the last row.

    Rows are told apart by csv itself, so a line break inside quotes never starts a part. The
    marks stop before a row csv cannot read: the part holding it meets the error again.
    """
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with open_export(path, form.encoding) as handle:
        # readline, not iteration, keeps tell() allowed; csv reads no line beyond its row.
        reader = csv.reader(iter(handle.readline, ""), delimiter=form.delimiter)
        pending: Mark | None = None
        try:
            for row, _ in enumerate(reader, start=1):
                if pending is not None:  # the marked row exists: no part is empty
                    yield pending
                    pending = None
                if row + 1 == first:
                    pending = Mark(handle.tell(), first)
                    first += every
        except csv.Error:
            return


def _csv_error_reason(exc: csv.Error, row: int) -> str:
    if "field larger than field limit" in str(exc):
        what = f"有单元格超过 {csv.field_size_limit()} 个字符（常见原因：引号未闭合）"
    else:
        what = f"无法按 CSV 格式读取（{exc}）"
    return f"第 {row} 行{what}，该行及以后各行未读取"


def detect_encoding(path: Path) -> str:
    """Return the codec a CSV file decodes with, or raise ReadError naming what it looks like."""
    with open_export(path) as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("文件编码为 UTF-16，请另存为 UTF-8 或 GB18030 编码的 CSV")
    if head.startswith(codecs.BOM_UTF8):
        error = _first_decode_error(path, "utf-8")
        if error is None:
            return "utf-8-sig"
        raise ReadError(f"文件以 UTF-8 标记开头，但第 {error} 字节处不是有效的 UTF-8")
    utf8_error = _first_decode_error(path, "utf-8")
    if utf8_error is None:
        return "utf-8"
    if _utf8_damage_share(path) < _DAMAGED_UTF8_SHARE:
        raise ReadError(f"文件是 UTF-8 编码，但第 {utf8_error} 字节处有损坏的字符")
    if _first_decode_error(path, "gb18030") is None and _looks_like_chinese(path):
        return "gb18030"
    raise ReadError(f"文件既不是 UTF-8 也不是 GB18030 编码（{_guess_encoding(path)}）")


def _first_decode_error(path: Path, encoding: str) -> int | None:
    """Return the byte offset of the first undecodable byte, or None when all bytes decode."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with open_export(path) as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return offset + exc.start
    return None


def _head(path: Path) -> bytes:
    with open_export(path) as handle:
        data: bytes = handle.read(8 * _CHUNK)
    return data


def _utf8_damage_share(path: Path) -> float:
    data = _head(path)
    text = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return text.count("\ufffd") / non_ascii if non_ascii else 1.0


def _looks_like_chinese(path: Path) -> bool:
    text = _head(path).decode("gb18030", errors="replace")
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return True
    common = 0
    for ch in han:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(han) >= _GB2312_SHARE


def _guess_encoding(path: Path) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(_head(path)[:_CHUNK]).best()
    return f"看起来是 {best.encoding}" if best is not None else "无法识别的编码"


def read_workbook(path: Path, name: str, limits: ReadLimits) -> Iterator[Table]:
    """Yield one table per non-empty sheet; a sheet other than the first is named after `#`.

    The bytes are checked (workbooks.workbook_refusal) before calamine is handed them, and
    calamine reads those very bytes. A sheet calamine cannot parse is reported on its own.
    """
    with open_export(path) as handle:
        # read(n) would reserve n bytes up front; a file too big is refused before reading.
        size = os.fstat(handle.fileno()).st_size
        data = b"" if size > limits.unpacked_bytes else handle.read()
    reason = workbook_refusal(data, limits) if data or not size else _too_big(size, limits)
    if reason is not None:
        raise ReadError(reason)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ReadError(f"无法打开电子表格：{exc}") from exc
    del data
    first = True
    for title in workbook.sheet_names:
        label = name if first else f"{name}#{title}"
        try:
            sheet = workbook.get_sheet_by_name(title)
            if sheet.height == 0:
                continue
            # skip_empty_area=False keeps blank rows above the data: row numbers match the sheet.
            rows = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # XmlError and the like: this sheet only
            yield Table(label, title, _unreadable_sheet(title, exc))
            first = False
            continue
        first = False
        yield Table(label, title, ((n, check_row(r)) for n, r in enumerate(rows, start=1)))


def _too_big(size: int, limits: ReadLimits) -> str:
    return f"文件大小 {size >> 20} MB 超过 {limits.workbook_unpacked_mb} MB 的上限，未读取"


def _unreadable_sheet(title: str, exc: Exception) -> Iterator[tuple[int, list[Any]]]:
    raise ReadError(f"无法读取工作表“{title}”：{type(exc).__name__}: {exc}")
    yield  # pragma: no cover - makes this a generator that raises when read
