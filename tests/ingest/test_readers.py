"""Readers: encodings detected (never assumed), sheets with title rows, row numbers as seen."""

from datetime import date
from pathlib import Path

import pytest

from generator.ingest.readers import ReadError, detect_encoding, read_tables


def rows_of(path: Path) -> list[tuple[int, list[object]]]:
    (table,) = list(read_tables(path, path.name))
    return list(table.rows)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("penalties_utf8.csv", "utf-8"),
        ("penalties_utf8_bom.csv", "utf-8-sig"),
        ("penalties_gb18030.csv", "gb18030"),
    ],
)
def test_csv_encodings_are_detected(fixtures_dir: Path, name: str, encoding: str) -> None:
    path = fixtures_dir / name
    assert detect_encoding(path) == encoding
    rows = rows_of(path)
    assert rows[0][1][0] == "行政相对人名称"  # no BOM, no mojibake
    assert rows[1][1][0] == "九江市浔阳区恒达建材有限公司"
    assert [number for number, _ in rows] == [1, 2, 3]


def test_big5_file_is_reported_not_half_read(fixtures_dir: Path) -> None:
    with pytest.raises(ReadError, match="既不是 UTF-8 也不是 GB18030"):
        list(read_tables(fixtures_dir / "penalties_big5.csv", "x.csv"))


def test_utf16_file_is_reported(fixtures_dir: Path) -> None:
    with pytest.raises(ReadError, match="UTF-16"):
        list(read_tables(fixtures_dir / "penalties_utf16.csv", "x.csv"))


def test_damaged_utf8_is_reported_with_its_offset(tmp_path: Path) -> None:
    text = (
        "行政相对人名称,处罚机关\n" + "九江市某某有限公司,九江市市场监督管理局\n" * 200
    ).encode()
    damaged = text[:500] + b"\xff" + text[501:]
    path = tmp_path / "damaged.csv"
    path.write_bytes(damaged)
    with pytest.raises(ReadError, match="第 500 字节"):
        detect_encoding(path)


def test_quoted_line_break_stays_one_row(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('名称,违法事实\n甲,"第一行\n第二行"\n乙,x\n', encoding="utf-8")
    rows = rows_of(path)
    assert [number for number, _ in rows] == [1, 2, 3]
    assert rows[1][1][1] == "第一行\n第二行"


def test_tab_separated_export(tmp_path: Path) -> None:
    path = tmp_path / "tabs.csv"
    path.write_text("名称\t代码\n甲\t1\n", encoding="utf-8")
    assert rows_of(path)[1][1] == ["甲", "1"]


def test_xlsx_keeps_sheet_row_numbers_and_cell_types(fixtures_dir: Path) -> None:
    rows = rows_of(fixtures_dir / "licensing_title_row.xlsx")
    numbers = [number for number, _ in rows]
    assert numbers == list(range(1, 8))  # title rows and blank rows keep their numbers
    header = rows[3][1]
    assert header[0] == "行政相对人名称"
    first = rows[4][1]
    assert first[8] == date(2025, 3, 5)  # a date cell arrives as a date
    assert rows[5][1] == [""] * len(rows[5][1])  # the blank row between records


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "说明.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ReadError, match="不支持的文件类型"):
        list(read_tables(path, path.name))


def test_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ReadError, match="文件已损坏或不是电子表格"):
        list(read_tables(path, path.name))


def test_oversized_cell_rejects_its_row_and_the_rows_after_it_are_read(tmp_path: Path) -> None:
    from conftest import row, write_rows

    from generator.ingest import ingest

    rows = [row("penalties", 行政处罚决定书文号=f"九市监罚〔2025〕{n}号") for n in range(10)]
    rows[4] = {**rows[4], "违法事实": "长" * 131_073}  # row 6 of the file, the header is row 1
    write_rows(tmp_path / "penalties" / "p.csv", rows)
    result = ingest(tmp_path, b"salt")
    penalties = result.kinds["penalties"]
    assert (penalties.read, penalties.rejected) == (10, 1)
    (problem,) = result.problems
    assert (problem.file, problem.row, problem.field) == ("penalties/p.csv", 6, "违法事实")
    assert "131073 个字符" in problem.reason and len(problem.value) < 100


def test_control_characters_in_cells_do_not_stop_the_readers(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("名称,备注\n甲\x00乙,\x1b[31m红\x07\n丙,丁\n", encoding="utf-8")
    assert [cells for _, cells in rows_of(path)][1:] == [
        ["甲\x00乙", "\x1b[31m红\x07"],
        ["丙", "丁"],
    ]
