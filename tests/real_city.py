"""The real-shaped fixtures (tests/fixtures/real): their expectations, and how tests build them.

`expected.json` says, per file and row, what a correct generator does with exports in the shapes
departments and platforms actually send; the helpers here read it and build the city with its
department directory configured, as `extra.portal.departments` would.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real"
DATA = REAL / "data"
DIRECTORY = REAL / "departments.yaml"
EXPECTED: dict[str, Any] = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))
DAY = date.fromisoformat(EXPECTED["build_day"])
FILES: dict[str, dict[str, Any]] = EXPECTED["files"]

# expected.json's field names → where a record holds them (licences and penalties: the party).
PARTY_FIELDS = ("uscc", "reg_no", "org_code", "tax_no", "inst_no", "legal_rep", "legal_rep_id_no")
PARTY_FIELDS += ("id_no",)


def context(work: Path, data: Path = DATA, directory: Path | None = DIRECTORY) -> Any:
    """Return the build context of the real fixtures: the demo's config, the directory named."""
    from generator.core.config import load_config
    from generator.pipeline import BuildContext

    config = load_config(ROOT / "mkdocs.yml")
    portal = dict(config.portal)
    if directory is not None:
        portal["departments"] = str(directory)  # absolute: joined to the config's folder as is
    return BuildContext.of(replace(config, portal=portal), data, work, DAY)


def one_file(tmp: Path, name: str) -> Path:
    """Return a data folder holding only one fixture file (at its own place)."""
    data = tmp / "data"
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / name, data / name)
    return data


def record_at(records: Any, file: str, row: int) -> Any:
    """Return the record read from a file's row, or None."""
    return next((r for r in records if r.source.file == file and r.source.row == row), None)


def value_at(record: Any, name: str) -> Any:
    """Return the value of an expected.json field name on a record."""
    holder = record.party if hasattr(record, "party") and name in PARTY_FIELDS else record
    return getattr(holder, name)


def as_expected(value: Any) -> Any:
    """Return a record's value in expected.json's terms: ISO dates, strings, lists, None."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return None if value == "" else value


def same(expected: Any, value: Any) -> bool:
    """Tell whether a record's value is what expected.json says (an empty string is null)."""
    return (None if expected == "" else expected) == as_expected(value)


def rows(outcome: str | None = None) -> list[tuple[str, int, dict[str, Any]]]:
    """Return (file, row, expectation) of every row expected.json lists, of one outcome or all."""
    return [
        (file, int(number), expectation)
        for file, spec in FILES.items()
        for number, expectation in spec["rows"].items()
        if outcome is None or expectation["outcome"] == outcome
    ]
