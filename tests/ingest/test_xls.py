"""Excel 97 (.xls) exports: read like .xlsx, every cell a string, rows numbered as the sheet shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import row

from generator.ingest import ingest

xlwt = pytest.importorskip("xlwt")  # writes BIFF8 as old systems do (tests extra)

SALT = b"xls"


def write_xls(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """Write sheets of string cells as an Excel 97 workbook."""
    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                if value != "":
                    sheet.write(r, c, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


def table(*rows: dict[str, str]) -> list[list[str]]:
    headers = list(rows[0])
    return [headers, *([r.get(h, "") for h in headers] for r in rows)]


def test_an_xls_sheet_is_read_with_its_title_and_instruction_rows_counted(tmp_path: Path) -> None:
    good = row("penalties", 处罚决定日期="2025-04-23 00:00:00", **{"罚款金额（万元）": "2.000000"})
    bad = row("penalties", 行政处罚决定书文号="九市监罚〔2025〕13号", 违法事实="")
    width = len(good)
    sheets = {
        "行政处罚": [
            ["九江市行政处罚信息", *[""] * (width - 1)],
            ["表格说明：1.带*为必填项", *[""] * (width - 1)],
            *table(good, bad),
        ],
        "续表": table(row("penalties", 行政处罚决定书文号="九市监罚〔2025〕14号")),
    }
    write_xls(tmp_path / "data" / "penalties" / "p.xls", sheets)
    result = ingest(tmp_path / "data", SALT)
    (problem,) = result.problems
    assert (problem.file, problem.row, problem.field) == ("penalties/p.xls", 5, "违法事实")
    records = result.records("penalties")
    assert sorted((r.source.file, r.source.row) for r in records) == [
        ("penalties/p.xls", 4),
        ("penalties/p.xls#续表", 2),
    ]
    assert str(records[0].fine) == "2"
    assert result.skipped["penalties/p.xls"] == {"标题行": 1, "说明行": 1}


def test_the_same_rows_as_xls_and_xlsx_are_read_once(tmp_path: Path) -> None:
    text = row("penalties", 处罚决定日期="2025-04-23 00:00:00", **{"罚款金额（万元）": "2.000000"})
    write_xls(tmp_path / "data" / "penalties" / "export.xls", {"数据": table(text)})
    book = openpyxl.Workbook()
    sheet = book.active
    headers = list(text)
    sheet.append(headers)
    typed = {**text, "罚款金额（万元）": 2.0}
    sheet.append([typed[h] for h in headers])
    sheet.cell(2, headers.index("处罚决定日期") + 1).value = date(2025, 4, 23)
    book.save(tmp_path / "data" / "penalties" / "export.xlsx")
    result = ingest(tmp_path / "data", SALT)
    penalties = result.kinds["penalties"]
    assert result.problems == ()
    assert (penalties.read, len(penalties.records), penalties.duplicates) == (2, 1, 1)
    assert penalties.records[0].source.file == "penalties/export.xls"  # path order: .xls first
    assert penalties.duplicates_by_file == {"penalties/export.xlsx": 1}
