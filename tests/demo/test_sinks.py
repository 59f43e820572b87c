"""Tests of the demo's file writers (generator/demo/sinks.py)."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from generator.demo.sinks import CsvSink, column_letter, write_xlsx

HEADER = ("名称", "日期")
STAMP = datetime(2026, 11, 20, 9, 0, 0)


def read(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    """Return every row of a CSV file."""
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_rows_are_split_into_numbered_files_each_with_its_header(tmp_path: Path) -> None:
    sink = CsvSink(tmp_path, "cases", HEADER, chunk=3)
    for i in range(7):
        sink.write([f"案例{i}", "2026-01-01"])
    assert sink.close() == 7
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["cases_001.csv", "cases_002.csv", "cases_003.csv"]
    sizes = [len(read(tmp_path / f)) for f in files]
    assert sizes == [4, 4, 2]
    assert all(read(tmp_path / f)[0] == list(HEADER) for f in files)
    assert (tmp_path / "cases_001.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_an_empty_kind_still_has_its_main_file(tmp_path: Path) -> None:
    assert CsvSink(tmp_path, "warnings", HEADER).close() == 0
    assert read(tmp_path / "warnings_001.csv") == [list(HEADER)]


def test_an_unnumbered_file_is_never_split_and_keeps_its_encoding(tmp_path: Path) -> None:
    sink = CsvSink(tmp_path, "penalties_gb18030", HEADER, "gb18030", False, chunk=2)
    for i in range(5):
        sink.write([f"九江{i}", ""])
    assert sink.close() == 5
    assert [p.name for p in tmp_path.iterdir()] == ["penalties_gb18030.csv"]
    assert len(read(tmp_path / "penalties_gb18030.csv", "gb18030")) == 6


def test_an_unnumbered_file_is_not_written_without_rows(tmp_path: Path) -> None:
    assert CsvSink(tmp_path, "penalties_gb18030", HEADER, "gb18030", False).close() == 0
    assert list(tmp_path.iterdir()) == []


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 29, 52, 703)] == [
        "A",
        "Z",
        "AA",
        "AC",
        "AZ",
        "AAA",
    ]


def test_sheet_has_title_header_a_stray_blank_row_and_real_dates(tmp_path: Path) -> None:
    rows = [[f"单位{i}", "2026-03-0" + str(i + 1) if i else "2026年3月1日"] for i in range(6)]
    path = tmp_path / "licensing_2025.xlsx"
    write_xlsx(path, "标题行", HEADER, rows, (1,), STAMP)
    sheet = load_workbook(path).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "标题行" and [str(r) for r in sheet.merged_cells.ranges] == ["A1:B1"]
    assert values[1] == list(HEADER)
    assert values[2] == ["单位0", "2026年3月1日"]  # not ISO: kept as text
    assert values[3][1] == datetime(2026, 3, 2)  # a real date cell
    assert values[4] == [None, None]  # the blank line a third of the way down
    assert len(values) == 2 + len(rows) + 1


def test_sheet_bytes_do_not_depend_on_the_clock(tmp_path: Path) -> None:
    rows = [["单位", "2026-03-01"]]
    write_xlsx(tmp_path / "a.xlsx", "标题", HEADER, rows, (1,), STAMP)
    write_xlsx(tmp_path / "b.xlsx", "标题", HEADER, rows, (1,), STAMP)
    data = (tmp_path / "a.xlsx").read_bytes()
    assert data == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 20, 9, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert set(re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z", core)) == {"2026-11-20T09:00:00Z"}
