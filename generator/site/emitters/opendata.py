"""Open-data downloads: each kind's published records as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date

from generator.core.artifacts import Artifact
from generator.core.kinds import KIND_NAMES
from generator.core.records import Record
from generator.core.urls import absolute, record_url
from generator.site.present import FIELDS, URL_LABEL, labelled_fields

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): `=HYPERLINK(…)`
# in a 主体名称 would otherwise run in Excel or LibreOffice when a reuser opens the download.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Return a value as a CSV cell a spreadsheet shows as text: a formula start gets a `'`."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def emit_opendata(
    kinds: Mapping[str, tuple[Record, ...]], site_url: str, today: date
) -> list[Artifact]:
    """Return each kind's published records, newest first, as UTF-8 CSV (BOM, for Excel) and JSON.

    The values are the pages' values (masked the same way); a last column gives each record's
    page, so a reuser can link back and tell records apart. A CSV cell that a spreadsheet would
    evaluate starts with `'` (documented on /opendata/); the JSON keeps every value exact.
    """
    artifacts = []
    for kind in FIELDS:
        records = kinds.get(kind, ())
        labels = [*(label for label, _ in FIELDS[kind]), URL_LABEL]
        rows = [
            [*(value for _, value in labelled_fields(r)), absolute(site_url, record_url(r))]
            for r in records
        ]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(labels)
        writer.writerows([csv_cell(cell) for cell in row] for row in rows)
        artifacts.append(
            Artifact(f"opendata/{kind}.csv", ("\ufeff" + out.getvalue()).encode("utf-8"))
        )
        document = {
            "kind": kind,
            "title": KIND_NAMES[kind],
            "build_day": today.isoformat(),
            "fields": labels,
            "records": [dict(zip(labels, row, strict=True)) for row in rows],
        }
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        artifacts.append(Artifact(f"opendata/{kind}.json", data))
    return artifacts
