"""Open-data downloads of the demo build: Excel-ready CSV and JSON, exactly as the pages show."""

from __future__ import annotations

import csv
import html
import io
import json

from generator.core.urls import record_url
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
        assert [list(r.values()) for r in document["records"]] == rows[1:]
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
