"""Look at a workbook's bytes before any parser does: refuse what would crash or swamp it.

An `.xlsx` is a zip of XML parts. Its central directory declares every part's packed and
unpacked size, so a zip bomb shows itself without being unpacked; an encrypted workbook is
an OLE file holding an `EncryptedPackage`; and a sheet's cell references say how big a grid
python-calamine will allocate (rows × columns, 32 bytes a cell, in one piece) before it reads
a single value. Reading those references means unpacking the sheet once, in chunks, and
searching it with two regular expressions: no tree is built and nothing is kept.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from generator.ingest.limits import MIB, ReadLimits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected workbook
ZIP_MAGIC = b"PK\x03\x04"
_XML_PARTS = (".xml", ".rels", ".vml")
_SHEET_ROOTS = {b"worksheet", b"dialogsheet", b"macrosheet"}  # the parts calamine reads cells of
_PROLOG_BYTES = 64 << 10  # an XML declaration and a comment or two; a DTD hides beyond no more
_CHUNK = 4 * MIB
_LONG_TEXT = 16 * MIB  # text without a tag this long is searched as it is, not held whole

# A cell's or a row's `r` attribute: `<c r="AB12"` or `<row r="12"` (any namespace prefix).
# The patterns start with a literal, which `re` skips to quickly; an attribute that merely
# ends in `r` (`header="1"`) can only make the claimed grid look bigger, never smaller.
_COLUMN = re.compile(rb'r="([A-Za-z]+)[0-9]')
_ROW = re.compile(rb'r="[A-Za-z]*([0-9]+)"')
_CELL_TAGS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")
_ROW_TAGS = (b"<row ", b"<row>", b"<row/", b":row ", b":row>", b":row/")
_DIMENSION = re.compile(rb'dimension\s+ref="([A-Za-z]*)([0-9]*)(?::([A-Za-z]*)([0-9]*))?"')
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def workbook_refusal(data: bytes, limits: ReadLimits) -> str | None:
    """Return why a workbook must not be handed to the parser, or None when it may be."""
    if len(data) > limits.unpacked_bytes:
        return f"文件大小 {_mb(len(data))} 超过 {limits.workbook_unpacked_mb} MB 的上限"
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "工作簿已加密（设有打开密码），无法读取；请取消密码后重新导出"
        return None  # Excel 97-2003 (BIFF): at most 65,536 × 256 cells, read in the capped child
    if not data.startswith(ZIP_MAGIC):
        return "文件已损坏或不是电子表格：既不是 .xlsx（zip）也不是 .xls 格式"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _archive_refusal(archive, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        return f"文件已损坏：不是完整的 .xlsx（zip）文件（{exc}）"
    except NotImplementedError as exc:  # a compression method zipfile lacks; so does calamine
        return f"文件使用了不支持的压缩方式（{exc}）"


def _archive_refusal(archive: zipfile.ZipFile, limits: ReadLimits) -> str | None:
    parts = archive.infolist()
    if any(part.flag_bits & 0x1 for part in parts):
        return "工作簿的部分内容已加密，无法读取；请取消密码后重新导出"
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.unpacked_bytes:
        return (
            f"解压后共 {_mb(unpacked)}，超过 {limits.workbook_unpacked_mb} MB 的上限"
            f"（压缩包内声明的大小；可能是压缩炸弹），未解压"
        )
    grace = limits.workbook_ratio_from_kb << 10
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > grace and ratio > limits.workbook_ratio:
            return (
                f"其中 {part.filename} 压缩比为 {ratio:.0f}:1，超过 {limits.workbook_ratio}:1"
                f" 的上限（可能是压缩炸弹），未解压"
            )
    for part in parts:
        if part.filename.lower().endswith(_XML_PARTS):
            reason = _part_refusal(archive, part, limits)
            if reason is not None:
                return reason
    return None


def _part_refusal(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: ReadLimits
) -> str | None:
    with archive.open(part) as stream:  # reads no more than the declared size, checks the CRC
        head = stream.read(_PROLOG_BYTES)
        prolog = read_prolog(head)
        if prolog.doctype:
            return f"其中 {part.filename} 含有 DTD（<!DOCTYPE>），Office 文件不应含有，未读取"
        if prolog.root is None:
            if len(head) == _PROLOG_BYTES:
                return f"其中 {part.filename} 的 XML 开头过长，找不到根元素，未读取"
            return None  # not XML at all: the parser reports it
        if prolog.root not in _SHEET_ROOTS:
            return None
        span = sheet_span(_chunks(head, stream))
    cells = span.rows * span.columns
    if cells > limits.sheet_cells:
        return (
            f"其中 {part.filename} 的单元格范围为 {span.rows} 行 × {span.columns} 列"
            f"（{cells:,} 格），超过 {limits.sheet_cells:,} 格的上限，未读取；"
            "请拆分为多个文件或另存为 CSV"
        )
    return None


def _chunks(head: bytes, stream: io.BufferedIOBase) -> Iterator[bytes]:
    yield head
    while chunk := stream.read(_CHUNK):
        yield chunk


@dataclass(frozen=True, slots=True)
class Prolog:
    """What precedes an XML part's root element: a DTD or not, and the root's local name."""

    doctype: bool
    root: bytes | None


def read_prolog(head: bytes) -> Prolog:
    """Return whether the XML text starting with `head` declares a DTD, and its root's name."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, which XML allows
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    text = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while True:
        position = len(text) - len(text[position:].lstrip())
        if text.startswith(b"<?", position):
            end = text.find(b"?>", position)
        elif text.startswith(b"<!--", position):
            end = text.find(b"-->", position)
        elif text.startswith(b"<!", position):
            return Prolog(doctype=text[position:].upper().startswith(b"<!DOCTYPE"), root=None)
        else:
            match = _ROOT.match(text, position)
            return Prolog(False, match.group(1) if match else None)
        if end < 0:
            return Prolog(False, None)
        position = text.index(b">", end) + 1


@dataclass(frozen=True, slots=True)
class Span:
    """The grid a sheet claims, from A1: its last row and last column (1-based)."""

    rows: int
    columns: int


class _Tally:
    """What the chunks of one sheet's XML showed so far."""

    def __init__(self) -> None:
        self.rows = self.columns = 0
        self.cell_tags = self.cell_refs = self.row_tags = self.row_refs = 0
        self.in_data = False  # inside <sheetData>, where every `<c` is a cell

    def add(self, text: bytes) -> None:
        for first_col, first_row, last_col, last_row in _DIMENSION.findall(text):
            self.rows = max(self.rows, int(first_row or 0), int(last_row or 0))
            self.columns = max(self.columns, column_number(first_col), column_number(last_col))
        letters = _COLUMN.findall(text)
        numbers = _ROW.findall(text)
        # Each row number repeats once per cell and each column once per row: sets are small.
        self.rows = max(self.rows, *map(int, set(numbers)), 0)
        self.columns = max(self.columns, *map(column_number, set(letters)), 0)
        self.cell_refs += len(letters)
        self.row_refs += len(numbers) - len(letters)
        for segment in self._data_segments(text):
            self.cell_tags += segment.count(b"<c") + segment.count(b":c")
            self.row_tags += segment.count(b"<row") + segment.count(b":row")

    def _data_segments(self, text: bytes) -> Iterator[bytes]:
        """Yield the parts of `text` inside <sheetData>, whose `<c` tags are all cells."""
        position = 0
        while (found := text.find(b"sheetData", position)) >= 0:
            if self.in_data:
                yield text[position:found]
            closing = text[found - 1 : found] == b"/" or text[found - 2 : found] == b"</"
            empty = text[found + 9 : found + 11] == b"/>"
            self.in_data = not closing and not empty
            position = found + 9
        if self.in_data:
            yield text[position:]

    def span(self) -> Span:
        # calamine puts a cell without `r` after the one before it, a row without `r` after
        # the row before: counted as if all of them lengthened the same row or column.
        unplaced_cells = max(self.cell_tags - self.cell_refs, 0)
        unplaced_rows = max(self.row_tags - self.row_refs, 0)
        return Span(self.rows + unplaced_rows, self.columns + unplaced_cells)


def sheet_span(chunks: Iterator[bytes]) -> Span:
    """Return the largest grid a sheet's XML claims through `<dimension>` and its cells.

    Counts from the cells' and rows' `r` attributes, plus the cells and rows without one, so
    that no layout of the XML makes calamine's grid bigger than the span returned.
    """
    tally = _Tally()
    carry = b""
    for chunk in chunks:
        text = carry + chunk
        # Cut before the last tag's `<` so that no tag is split between two searches.
        cut = text.rfind(b"<")
        if cut <= 0 or len(text) - cut > _LONG_TEXT:
            cut = len(text)
        tally.add(text[:cut])
        carry = text[cut:]
    tally.add(carry)
    return tally.span()


def column_number(letters: bytes) -> int:
    """Return the 1-based number of a column's letters (b"A" is 1, b"XFD" 16,384; b"" is 0)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _mb(size: int) -> str:
    return f"{size / MIB:,.0f} MB"
