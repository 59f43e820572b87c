"""Read export files (CSV, XLSX) into plain rows that remember where they came from.

Readers know nothing about record kinds: a table is a file (or a sheet of it) and its rows,
each row numbered as a person sees it when opening the file (the first line is row 1).
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

CSV_SUFFIXES = {".csv", ".txt"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
_CHUNK = 1 << 20
# A file that is valid UTF-8 but for a few bytes is a damaged UTF-8 file, not a GB18030 one.
_DAMAGED_UTF8_SHARE = 0.001
# Share of Chinese characters that real GB18030 text draws from GB2312's common set; mojibake
# (Big5 or UTF-8 bytes decoded as GB18030) falls far below it.
_GB2312_SHARE = 0.9


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


def read_tables(path: Path, name: str) -> Iterator[Table]:
    """Yield the tables of one export file; raise ReadError when it cannot be read whole."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield read_csv(path, name)
    elif suffix in SHEET_SUFFIXES:
        yield from read_workbook(path, name)
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
    with path.open("r", encoding=encoding, newline="") as handle:
        first_line = handle.readline()
    return CsvFormat(encoding, "\t" if first_line.count("\t") > first_line.count(",") else ",")


def read_csv_rows(
    path: Path, form: CsvFormat, start: Mark | None = None, stop: int | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """Yield the numbered rows of a CSV file from `start` (the first row) up to row `stop`."""
    with path.open("r", encoding=form.encoding, newline="") as handle:
        first = 1
        if start is not None:
            handle.seek(start.position)
            first = start.row
        # A record with a line break inside quotes is still one row when the file is opened.
        rows = enumerate(csv.reader(handle, delimiter=form.delimiter), start=first)
        row = first - 1
        try:
            for row, cells in rows if stop is None else itertools.islice(rows, stop - first):
                yield row, cells
        except csv.Error as exc:
            # Rows already yielded stay read; the rest of the file cannot be split into rows.
            raise ReadError(_csv_error_reason(exc, row + 1), row + 1) from exc


def csv_marks(path: Path, form: CsvFormat, first: int, every: int) -> Iterator[Mark]:
    """Yield where row `first` starts, then every `every`-th row after it, up to the last row.

    Rows are told apart by csv itself, so a line break inside quotes never starts a part. The
    marks stop before a row csv cannot read: the part holding it meets the error again.
    """
    with path.open("r", encoding=form.encoding, newline="") as handle:
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
    with path.open("rb") as handle:
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
    with path.open("rb") as handle:
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


def _utf8_damage_share(path: Path) -> float:
    data = path.read_bytes()[: 8 * _CHUNK]
    text = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return text.count("\ufffd") / non_ascii if non_ascii else 1.0


def _looks_like_chinese(path: Path) -> bool:
    text = path.read_bytes()[: 8 * _CHUNK].decode("gb18030", errors="replace")
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

    best = from_bytes(path.read_bytes()[:_CHUNK]).best()
    return f"看起来是 {best.encoding}" if best is not None else "无法识别的编码"


def read_workbook(path: Path, name: str) -> Iterator[Table]:
    """Yield one table per non-empty sheet; a sheet other than the first is named after `#`."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ReadError(f"无法打开电子表格：{exc}") from exc
    sheets = [(sheet, workbook.get_sheet_by_name(sheet)) for sheet in workbook.sheet_names]
    sheets = [(title, sheet) for title, sheet in sheets if sheet.height > 0]
    for index, (title, sheet) in enumerate(sheets):
        label = name if index == 0 else f"{name}#{title}"
        # skip_empty_area=False keeps blank rows above the data, so row numbers match the sheet.
        rows = sheet.to_python(skip_empty_area=False)
        yield Table(label, title, iter(enumerate(rows, start=1)))
