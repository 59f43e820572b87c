"""Write rows to disk: numbered CSV files, and XLSX sheets with fixed timestamps."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

CHUNK_ROWS = 200_000


class CsvSink:
    """Write rows of one kind into numbered CSV files of at most `chunk` rows each."""

    def __init__(
        self,
        folder: Path,
        stem: str,
        header: Sequence[str],
        encoding: str = "utf-8-sig",
        numbered: bool = True,
        chunk: int = CHUNK_ROWS,
    ) -> None:
        self.folder, self.stem, self.header = folder, stem, header
        self.encoding, self.numbered, self.chunk = encoding, numbered, chunk
        self.rows = 0
        self.in_file = 0
        self.files = 0
        self.handle: TextIO | None = None
        self.writer = None

    def write(self, row: Sequence[str]) -> None:
        """Write one row, starting a new file when the current one is full."""
        if self.handle is None or (self.numbered and self.in_file >= self.chunk):
            self.rotate()  # a single, unnumbered file (a department's slice) is never split
        self.writer.writerow(row)  # type: ignore[union-attr]
        self.in_file += 1
        self.rows += 1

    def rotate(self) -> None:
        """Close the current file and open the next one with its header."""
        self.close_file()
        self.files += 1
        name = f"{self.stem}_{self.files:03d}.csv" if self.numbered else f"{self.stem}.csv"
        # The sink owns the handle across many write() calls, so no with-block fits here.
        self.handle = open(self.folder / name, "w", encoding=self.encoding, newline="")  # noqa: SIM115
        self.writer = csv.writer(self.handle)
        self.writer.writerow(self.header)
        self.in_file = 0

    def close(self) -> int:
        """Close the open file and return the rows written so far."""
        if self.numbered and self.files == 0:
            self.rotate()  # the main file exists even when empty, so its header can be checked
        self.close_file()
        return self.rows

    def close_file(self) -> None:
        """Close the file being written, if any."""
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def write_xlsx(
    path: Path,
    title: str,
    header: Sequence[str],
    rows: list[list[str]],
    date_cols: Sequence[int],
    stamp: datetime,
) -> None:
    """Write rows as an XLSX sheet with a merged title row above the header, like real exports."""
    from openpyxl import Workbook  # imported here: only runs that write a sheet need it

    wb = Workbook(write_only=True)
    wb.properties.creator = "九江市公共信用信息平台"
    wb.properties.created = stamp
    ws = wb.create_sheet("行政许可")
    ws.merged_cells.add(f"A1:{column_letter(len(header))}1")
    ws.append([title])
    ws.append(list(header))
    gap = len(rows) // 3
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for i, row in enumerate(rows):
        if i == gap:
            ws.append([])  # exports from office PCs often carry a stray blank line
        cells: list[object] = list(row)
        for c in date_cols:
            if iso.match(row[c]):
                cells[c] = date.fromisoformat(row[c])  # a real date cell, as Excel saves it
        ws.append(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(fix_timestamps(buffer.getvalue(), stamp))


def column_letter(n: int) -> str:
    """Return the spreadsheet letter of 1-based column n."""
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def fix_timestamps(data: bytes, stamp: datetime) -> bytes:
    """Return the workbook with fixed timestamps, because openpyxl stamps the current time."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + iso, payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, payload)
    return out.getvalue()
