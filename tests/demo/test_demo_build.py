"""The demo export built whole: nothing withheld and no personal data reaches a public file."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from generator.core.codes import is_valid_uscc
from generator.core.records import PERSON
from generator.decide.privacy import public_view, published_identifiers
from generator.decide.rules import load_rules
from generator.ingest.cells import clean_code, clean_text, parse_date
from generator.ingest.headers import default_header_map
from generator.ingest.readers import read_tables
from generator.ingest.results import natural_label
from generator.publish.gate import file_text, scan_tree

ROOT = Path(__file__).parents[2]
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(demo_build):  # type: ignore[no-untyped-def]
    site, checked = demo_build
    texts = {p: file_text(p) or "" for p in site.rglob("*") if p.is_file()}
    return site, checked, "\n".join(texts.values())


def test_no_personal_data_in_any_public_file(demo) -> None:  # type: ignore[no-untyped-def]
    site, checked, _ = demo
    rules = load_rules()
    public = [
        public_view(r, True, rules.scrub) for rs in checked.ruling.published.values() for r in rs
    ]
    # Only identifiers published on purpose (codes, 许可编号) may look like an ID number.
    assert scan_tree(site, checked.decision.secrets, published_identifiers(public)) == []
    assert (
        checked.decision.secrets
    )  # the demo has people with ID numbers: the gate had something to find


def test_no_withheld_document_number_appears(demo) -> None:  # type: ignore[no-untyped-def]
    _, checked, text = demo
    published = {natural_label(r) for records in checked.ruling.published.values() for r in records}
    withheld = [
        (kind, natural_label(record), reason)
        for kind, pairs in checked.ruling.withheld.items()
        for record, reason in pairs
        if hasattr(record, "doc_no") or hasattr(record, "code")
    ]
    assert len(withheld) > 100  # expired, repaired, revoked and non-public records in the demo
    leaked = [w for w in withheld if w[1] and w[1] not in published and w[1] in text]
    assert leaked == []


def test_no_withheld_entity_name_appears(demo) -> None:  # type: ignore[no-untyped-def]
    _, checked, text = demo

    def name_of(record) -> str:  # type: ignore[no-untyped-def]
        party = getattr(record, "party", None)
        return party.name if party else getattr(record, "name", "")

    published_names = {name_of(r) for records in checked.ruling.published.values() for r in records}
    withheld_names = {
        name_of(record)
        for pairs in checked.ruling.withheld.values()
        for record, _ in pairs
        if name_of(record)
    }
    leaked = sorted(n for n in withheld_names - published_names if n in text)
    assert leaked == []


def test_people_appear_only_masked(demo) -> None:  # type: ignore[no-untyped-def]
    _, checked, text = demo
    people = {
        record.party.name
        for records in checked.ruling.published.values()
        for record in records
        if getattr(record, "party", None) is not None and record.party.type == PERSON
    }
    assert people  # the demo publishes penalties and licences of natural persons
    assert [name for name in people if len(name) >= 2 and name in text] == []


# --- the reporting monitor, recomputed from the export ---------------------------------------


def _working_days_after(decided: date, reported: date) -> int:
    """Count working days in (decided, reported] straight from chinese_calendar, day by day."""
    import chinese_calendar

    return sum(
        chinese_calendar.is_workday(decided + timedelta(days=n))
        for n in range(1, (reported - decided).days + 1)
    )


def _export_rows(kind: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """Yield (file, row, cells by canonical field) of every data row of a kind in data/."""
    headers = default_header_map().kinds[kind]
    for path in sorted((ROOT / "data" / kind).rglob("*")):
        if not path.is_file():
            continue
        for table in read_tables(path, path.relative_to(ROOT / "data").as_posix()):
            rows = list(table.rows)
            # the header row is the one naming the most known fields (title rows sit above it)
            number, header = max(
                rows[:20], key=lambda r: sum(bool(headers.field_for(clean_text(c))) for c in r[1])
            )
            fields = [headers.field_for(clean_text(c)) for c in header]
            for n, cells in rows:
                if n <= number or not any(map(clean_text, cells)):
                    continue
                yield table.file, n, {f: c for f, c in zip(fields, cells, strict=False) if f}


def _code(cells: dict[str, Any], field: str) -> str:
    value = clean_code(cells.get(field))
    return value if is_valid_uscc(value) else ""


def _day(cells: dict[str, Any], field: str) -> date | None:
    try:
        day = parse_date(cells.get(field))
    except ValueError:
        return None
    return day if day is not None and day <= TODAY else None


def _recount(rejected: set[tuple[str, int]]) -> dict[tuple[str, str], Counter[str]]:
    """Count the demo's 双公示 rows per (month, department) without the monitor's code."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, ...]] = set()
    for kind in ("licensing", "penalties"):
        for file, n, cells in _export_rows(kind):
            dept = _code(cells, "dept_code") or _code(cells, "source_unit_code")
            decided, reported = _day(cells, "decided_on"), _day(cells, "reported_on")
            day = decided or reported
            month = f"{day:%Y-%m}" if day else "日期不明"
            if (file, n) in rejected:
                counts[(month, dept)]["拒收"] += 1
                counts[(month, dept)]["报送"] += 1
                continue
            party = clean_code(cells.get("uscc")) or clean_code(cells.get("reg_no"))
            doc_no = clean_text(cells.get("doc_no")) or clean_text(cells.get("licence_no"))
            key = (kind, doc_no, dept, party or clean_code(cells.get("id_no")))
            if key in seen:  # an identical repeat (a repeat with other content is rejected)
                continue
            seen.add(key)
            assert decided is not None
            tally = counts[(month, dept)]
            tally["报送"] += 1
            if reported is None:
                tally["未填报送日期"] += 1
            elif _working_days_after(decided, reported) > 7:
                tally["迟报"] += 1
    return counts


def test_the_monitor_matches_the_demo_export_recounted(demo) -> None:  # type: ignore[no-untyped-def]
    site, _, _ = demo
    report = site.parent / "build" / "report"
    with (report / "rejected.csv").open(encoding="utf-8-sig", newline="") as handle:
        rejected = {
            (r["file"], int(r["row"]))
            for r in csv.DictReader(handle)
            if r["row"] and r["file"].startswith(("licensing/", "penalties/"))
        }
    expected = _recount(rejected)
    with (report / "monitor.csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = [r for r in csv.DictReader(handle) if r["月份"] != "合计" and r["部门"] != "全市"]
    columns = ("报送", "迟报", "拒收", "未填报送日期")
    actual = {
        (r["月份"], r["部门统一社会信用代码"]): Counter(
            {c: int(r[c]) for c in columns if int(r[c])}
        )
        for r in lines
    }
    assert {k: v for k, v in actual.items() if v} == {k: v for k, v in expected.items() if v}
    totals = sum(expected.values(), Counter())
    assert totals["迟报"] > 100 and totals["拒收"] == len(rejected) > 10  # the test has teeth
    # a department silent in a month has its line of zeros, every month
    months = {m for m, _ in actual}
    departments = {d for _, d in actual}
    assert len(actual) == len(months) * len(departments)

    # The public page for the last complete month shows the same numbers, department by department.
    names = {r["部门统一社会信用代码"]: r["部门"] for r in lines}
    html = (site / "monitor" / "2026-10" / "index.html").read_text(encoding="utf-8")
    shown = {}
    for match in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html):
        cells = re.findall(r"<td>([^<]*)</td>", match.group(2))
        shown[re.sub(r"<[^>]+>", "", match.group(1))] = (int(cells[0]), int(cells[2]))  # 报送, 迟报
    for code, name in names.items():
        tally = expected.get(("2026-10", code), Counter())
        assert shown[name] == (tally["报送"], tally["迟报"]), name
