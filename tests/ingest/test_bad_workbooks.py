"""Workbooks that would crash or swamp the reader: each is a located problem, the rest is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import row, write_rows
from hostile import (
    cells_xml,
    claim_unpacked_size,
    encrypted_workbook,
    sheet_xml,
    table_xlsx,
    write_xlsx,
)

from generator.ingest import ingest
from generator.ingest.limits import ReadLimits
from generator.ingest.results import Ingested
from generator.ingest.workbooks import read_prolog, sheet_span

SALT = b"test-salt"
HEADER = [["行政相对人名称", "行政处罚决定书文号"], ["甲", "1"]]


def refused(tmp_path: Path, limits: ReadLimits | None = None) -> dict[str, str]:
    """Ingest `tmp_path` beside one valid CSV; return each file-level problem's reason."""
    write_rows(tmp_path / "penalties" / "ok.csv", [row("penalties")])
    result = ingest(tmp_path, SALT, limits=limits)
    assert result.kinds["penalties"].records, "the valid file is read all the same"
    return problems_by_file(result)


def problems_by_file(result: Ingested) -> dict[str, str]:
    return {p.file: p.reason for p in result.problems if p.row is None}


def test_malformed_xml_costs_only_its_sheet(tmp_path: Path) -> None:
    broken = sheet_xml(cells_xml(HEADER)).replace("</sheetData>", "<sheetData>")
    table_xlsx(tmp_path / "penalties" / "b.xlsx", [row("penalties")], 坏表=broken)
    result = ingest(tmp_path, SALT)
    assert len(result.kinds["penalties"].records) == 1  # the good first sheet is read
    (problem,) = result.problems
    assert problem.file == "penalties/b.xlsx#坏表" and "XmlError" in problem.reason


def test_xlsx_with_a_dtd_is_refused(tmp_path: Path) -> None:
    prolog = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    write_xlsx(tmp_path / "penalties" / "dtd.xlsx", {"S": sheet_xml(cells_xml(HEADER), prolog)})
    assert "DTD" in refused(tmp_path)["penalties/dtd.xlsx"]


def test_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "penalties" / "bomb.xlsx", {"S": sheet_xml(cells_xml(HEADER))})
    claim_unpacked_size(path, "xl/worksheets/sheet1.xml", 1_200_000_000)  # 1.2 GB, says the zip
    assert path.stat().st_size < 4096
    reason = refused(tmp_path)["penalties/bomb.xlsx"]
    assert "1,144 MB" in reason and "压缩炸弹" in reason


def test_zip_bomb_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    filler = "<row/>" * 2_000_000  # 12 MB that deflate packs about 1000 to 1
    path = write_xlsx(tmp_path / "penalties" / "r.xlsx", {"S": sheet_xml(filler)})
    assert "压缩比" in refused(tmp_path)["penalties/r.xlsx"]
    assert path.stat().st_size < 100_000


def test_a_lie_about_the_unpacked_size_is_caught_before_calamine(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "penalties" / "lie.xlsx", {"S": sheet_xml(cells_xml(HEADER))})
    claim_unpacked_size(path, "xl/worksheets/sheet1.xml", 100)  # unpacks to more than it says
    assert "已损坏" in refused(tmp_path)["penalties/lie.xlsx"]


@pytest.mark.parametrize(
    ("layout", "body", "dimension"),
    [
        ("the last cell", cells_xml(HEADER) + '<row r="1048576"><c r="XFD1048576"/></row>', ""),
        ("a dimension", cells_xml(HEADER), "A1:XFD1048576"),
        ("a far row, cells without r", '<row r="1048576">' + "<c><v>1</v></c>" * 99 + "</row>", ""),
        ("a prefixed cell", cells_xml(HEADER) + '<x:row r="9"><x:c r="XFD1048576"/></x:row>', ""),
    ],
)
def test_dimension_bomb_is_refused_before_calamine_reads_it(
    tmp_path: Path, layout: str, body: str, dimension: str
) -> None:
    # calamine would allocate rows × columns × 32 bytes (549 GB for XFD1048576) and abort.
    path = write_xlsx(tmp_path / "penalties" / "d.xlsx", {"S": sheet_xml(body, "", dimension)})
    assert path.stat().st_size < 10_000
    reason = refused(tmp_path)["penalties/d.xlsx"]
    assert "超过 10,000,000 格的上限" in reason, layout


def test_limits_are_configurable(tmp_path: Path) -> None:
    table_xlsx(tmp_path / "penalties" / "t.xlsx", [row("penalties")] * 3)
    reason = refused(tmp_path, ReadLimits(sheet_cells=10))["penalties/t.xlsx"]
    assert "4 行 × 17 列" in reason


def test_encrypted_workbook_is_refused(tmp_path: Path) -> None:
    encrypted_workbook(tmp_path / "penalties" / "secret.xlsx")
    assert "已加密" in refused(tmp_path)["penalties/secret.xlsx"]


def test_encrypted_zip_part_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "penalties" / "e.xlsx", {"S": sheet_xml(cells_xml(HEADER))})
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # the part's "encrypted" flag
    path.write_bytes(bytes(data))
    assert "已加密" in refused(tmp_path)["penalties/e.xlsx"]


def test_damaged_zip_is_refused(tmp_path: Path) -> None:
    path = table_xlsx(tmp_path / "penalties" / "cut.xlsx", [row("penalties")])
    path.write_bytes(path.read_bytes()[:-200])  # the central directory is cut off
    assert "已损坏" in refused(tmp_path)["penalties/cut.xlsx"]


def test_span_counts_cells_the_way_calamine_places_them() -> None:
    xml = sheet_xml('<row r="3"><c r="B3"/><c/><c/></row><row><c r="A1"/></row>').encode()
    assert sheet_span(iter([xml[:57], xml[57:100], xml[100:]])) == sheet_span(iter([xml]))
    span = sheet_span(iter([xml]))
    assert (span.rows, span.columns) == (4, 4)  # B3 then C3, D3; the next row is 4


def test_prolog_reads_past_declarations_and_comments() -> None:
    assert read_prolog(b'<?xml version="1.0"?><!-- x --><x:worksheet xmlns:x="m"/>').root == (
        b"worksheet"
    )
    assert read_prolog(b"\xef\xbb\xbf<?xml?>\n<!doctype x>").doctype
    assert read_prolog("<?xml?><!DOCTYPE x><worksheet/>".encode("utf-16")).doctype


def test_a_zip_with_a_valid_table_is_still_read(tmp_path: Path) -> None:
    path = table_xlsx(tmp_path / "penalties" / "fine.xlsx", [row("penalties")] * 2)
    assert zipfile.is_zipfile(path)
    result = ingest(tmp_path, SALT)
    assert result.kinds["penalties"].read == 2 and result.problems == ()
