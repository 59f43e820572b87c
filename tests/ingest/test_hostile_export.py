"""A build of the demo export with every kind of bad file beside it: it publishes the rest."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT, row, write_rows
from hostile import (
    cells_xml,
    claim_unpacked_size,
    encrypted_workbook,
    sheet_xml,
    table_xlsx,
    write_xlsx,
)

from generator.cli import main

DAY = "2026-11-23"


def licences(prefix: str, n: int) -> list[dict[str, str]]:
    return [row("licensing", 行政许可决定文书号=f"{prefix}许〔2026〕{i}号") for i in range(n)]


def plant(data: Path, outside: Path) -> tuple[int, set[tuple[str, str]]]:
    """Add the bad files to an export; return the valid rows they hold and the lines expected."""
    folder = data / "licensing"
    header = [["行政相对人名称", "行政许可决定文书号"], ["甲", "1"]]
    # An oversized cell in row 6, valid rows after it; an unclosed quote at the end.
    rows = licences("长", 10)
    rows[4] = {**rows[4], "许可内容": "长" * 131_073}
    write_rows(folder / "long.csv", rows)
    quoted = write_rows(folder / "quote.csv", licences("引", 3))
    with quoted.open("a", encoding="utf-8", newline="") as handle:
        handle.write('"未闭合\n' + "x,y\n" * 5)
    # A file name that is not UTF-8, holding valid rows and one bad one.
    raw = os.fsencode(folder) + b"/" + "许可".encode("gbk") + b".csv"
    write_rows(Path(os.fsdecode(raw)), [*licences("名", 2), row("licensing", 许可决定日期="x")])
    # Workbooks: a good sheet beside a malformed one, then the refused kinds.
    broken = sheet_xml(cells_xml(header)).replace("</sheetData>", "<sheetData>")
    table_xlsx(folder / "two_sheets.xlsx", licences("表", 2), 坏表=broken)
    dtd = '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>'
    write_xlsx(folder / "dtd.xlsx", {"S": sheet_xml(cells_xml(header), dtd)})
    bomb = write_xlsx(folder / "bomb.xlsx", {"S": sheet_xml(cells_xml(header))})
    claim_unpacked_size(bomb, "xl/worksheets/sheet1.xml", 1_200_000_000)
    far = cells_xml(header) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    write_xlsx(folder / "far.xlsx", {"S": sheet_xml(far)})
    encrypted_workbook(folder / "secret.xlsx")
    cut = table_xlsx(folder / "cut.xlsx", licences("断", 1))
    cut.write_bytes(cut.read_bytes()[:-100])
    # Links, a pipe.
    write_rows(outside / "shadow.csv", licences("外", 1))
    (folder / "shadow.csv").symlink_to(outside / "shadow.csv")
    (folder / "again.csv").symlink_to("long.csv")
    os.mkfifo(folder / "pipe.csv")
    valid = 9 + 3 + 2 + 2  # long.csv, quote.csv, the GBK-named file, two_sheets.xlsx
    expected = {
        ("licensing/long.csv", "6"),
        ("licensing/quote.csv", "5"),
        ("licensing/\\xd0\\xed\\xbf\\xc9.csv", "4"),
        ("licensing/two_sheets.xlsx#坏表", ""),
        *((f"licensing/{name}", "") for name in ("dtd.xlsx", "bomb.xlsx", "far.xlsx")),
        *((f"licensing/{name}", "") for name in ("secret.xlsx", "cut.xlsx", "shadow.csv")),
        ("licensing/pipe.csv", ""),
    }
    return valid, expected


def build(data: Path, tmp_path: Path, name: str) -> tuple[dict[str, dict[str, int]], str]:
    work, out = tmp_path / f"{name}_build", tmp_path / f"{name}_site"
    arguments = ["--data", str(data), "--out", str(out), "--work", str(work), "--today", DAY]
    assert main(["--config", str(ROOT / "mkdocs.yml"), "build", *arguments]) == 0
    summary = json.loads((work / "report" / "summary.json").read_text(encoding="utf-8"))
    status = json.loads((work / "report" / "status.json").read_text(encoding="utf-8"))
    assert status["state"] == "published"
    return summary["kinds"], (work / "report" / "rejected.csv").read_text(encoding="utf-8-sig")


def test_every_bad_file_is_a_line_and_every_valid_row_is_published(
    tmp_path: Path, demo_build: tuple[Path, Any]
) -> None:
    site, _ = demo_build  # the demo export as it is, built once for the whole session
    clean = json.loads((site.parent / "build" / "report" / "summary.json").read_text("utf-8"))
    before = clean["kinds"]
    hostile = tmp_path / "hostile"
    shutil.copytree(ROOT / "data", hostile)
    (tmp_path / "outside").mkdir()
    valid, expected = plant(hostile, tmp_path / "outside")
    after, rejected = build(hostile, tmp_path, "hostile")
    assert after["licensing"]["published"] == before["licensing"]["published"] + valid
    for kind in before:
        if kind not in ("licensing", "articles"):
            assert after[kind] == before[kind]
    lines = {(r["file"], r["row"]) for r in csv.DictReader(io.StringIO(rejected))}
    assert expected <= lines, expected - lines
