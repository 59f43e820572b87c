"""Real-shaped exports decided for their build day: each row published, withheld or rejected right.

Expectations are tests/fixtures/real/expected.json, with the fixtures' department directory
configured: revoked (撤销) records withheld, 异议 shown as 异议处理中, 2016 departments resolved by
name, and the counts per kind exactly those of the expectations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from real_city import DATA, DAY, DIRECTORY, EXPECTED, FILES, context, record_at, rows, same

from generator.core.records import ListEntry, Penalty
from generator.decide import Decision, decide
from generator.decide.departments import resolve_departments
from generator.decide.monitor import NAMED_DEPT, UNKNOWN_DEPT
from generator.decide.policy import Ruling, apply_policy, penalty_publicity_end
from generator.decide.privacy import published_identifiers
from generator.decide.rules import Rules
from generator.ingest import ingest
from generator.ingest.results import Ingested
from generator.publish.gate import Gate


@dataclass(frozen=True)
class Decided:
    ingested: Ingested  # as read, departments resolved
    ruling: Ruling
    decision: Decision
    rules: Rules


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Decided:
    ctx = context(tmp_path_factory.mktemp("real") / "build")
    resolved = resolve_departments(ingest(DATA, ctx.salt), ctx.rules.directory)
    ruling = apply_policy(resolved, ctx.rules, DAY)
    return Decided(resolved, ruling, decide(ingest(DATA, ctx.salt), ctx.rules, DAY), ctx.rules)


def test_the_counts_are_the_expected_summary(decided: Decided) -> None:
    for kind, expected in EXPECTED["summary"].items():
        counts = decided.decision.counts[kind]
        assert counts.balances()
        actual = (counts.read, counts.published, counts.rejected, counts.withheld)
        assert actual == (
            expected["read"],
            expected["published"],
            expected["rejected"],
            expected["withheld"],
        ), kind


def outcome_of(decided: Decided, kind: str, file: str, row: int) -> str:
    """Return what became of a row: published, a withheld reason, rejected or duplicate."""
    if record_at(decided.ruling.published[kind], file, row) is not None:
        return "published"
    for record, reason in decided.ruling.withheld.get(kind, ()):
        if (record.source.file, record.source.row) == (file, row):
            return reason
    if any((p.file, p.row) == (file, row) for p in decided.decision.problems):
        return "rejected"
    return "duplicate" if decided.ingested.kinds[kind].duplicates_by_file.get(file) else "lost"


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    rows(),
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_each_row_has_its_expected_outcome(
    decided: Decided, file: str, row: int, expectation: dict[str, Any]
) -> None:
    assert outcome_of(decided, FILES[file]["kind"], file, row) == expectation["outcome"]


def decided_record(decided: Decided, kind: str, file: str, row: int) -> Any:
    withheld = [r for r, _ in decided.ruling.withheld.get(kind, ())]
    return record_at([*decided.ruling.published[kind], *withheld], file, row)


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    [r for r in rows() if {"dept_code", "publicity_end"} & set(r[2].get("fields", {}))],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_departments_resolve_by_name_and_publicity_ends_on_its_day(
    decided: Decided, file: str, row: int, expectation: dict[str, Any]
) -> None:
    record = decided_record(decided, FILES[file]["kind"], file, row)
    fields = expectation["fields"]
    if "dept_code" in fields:
        assert same(fields["dept_code"], record.dept_code)
    if "publicity_end" in fields:
        assert isinstance(record, Penalty)
        end = penalty_publicity_end(record, decided.rules)
        assert end.isoformat() == fields["publicity_end"]


def public(decided: Decided, file: str, row: int) -> Any:
    kind = FILES[file]["kind"]
    found = record_at(decided.decision.published[kind], file, row)
    assert found is not None, (file, row)
    return found


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    [r for r in rows("published") if {"label", "mark"} & set(r[2])],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_status_reads_as_words_a_dispute_as_under_review(
    decided: Decided, file: str, row: int, expectation: dict[str, Any]
) -> None:
    record = public(decided, file, row)
    if "label" in expectation:
        assert record.status == expectation["label"]
    assert record.state == expectation.get("mark", record.state)
    assert not str(record.state).isdigit() and not str(getattr(record, "status", "")).isdigit()


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    [r for r in rows("published") if {"shown_name", "shown_legal_rep"} & set(r[2])],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_persons_are_shown_masked_and_an_organisations_representative_is_not(
    decided: Decided, file: str, row: int, expectation: dict[str, Any]
) -> None:
    record = public(decided, file, row)
    holder = record if isinstance(record, ListEntry) else record.party
    if "shown_name" in expectation:
        assert holder.name == expectation["shown_name"]
    if "shown_legal_rep" in expectation:
        assert holder.legal_rep == expectation["shown_legal_rep"]


def test_the_privacy_gate_would_refuse_every_never_published_value(decided: Decided) -> None:
    """Secrets by value, or ID and mobile numbers by shape; none is a published identifier."""
    published = (r for records in decided.decision.published.values() for r in records)
    gate = Gate(decided.decision.secrets, published_identifiers(published))
    landline = {"0792-8226153"}  # scrubbed from 违法事实; the gate has no landline pattern
    rejected = {"360402198506301733"}  # a wrong check digit: its row is rejected, never shown
    for value in set(EXPECTED["never_published"]) - landline - rejected:
        assert gate.scan_text("page.html", f"<td>{value}</td>").leaks, value


def test_a_department_the_directory_does_not_know_is_counted_under_its_name(
    decided: Decided,
) -> None:
    monitor = decided.decision.monitor
    name = "九江经济技术开发区市场和质量监督管理局"
    dept = monitor.dept(NAMED_DEPT + name)
    assert dept is not None and dept.name == name and dept.credit_code == ""
    assert monitor.dept_total(dept.code).reported == 1
    # nothing of the fixtures, instruction rows least of all, is a department nobody knows
    assert monitor.dept_total(UNKNOWN_DEPT).reported == 0


def test_a_former_name_counts_under_the_department_it_is_now(decided: Decided) -> None:
    monitor = decided.decision.monitor
    market = monitor.dept("11360400MB1719061W")
    assert market is not None and market.name == "九江市市场监督管理局"
    # 九江市工商行政管理局 and 九江市质量技术监督局 (2016 rows) count for it
    assert monitor.dept_total(market.code).reported >= 3


def test_without_a_directory_2016_rows_are_published_without_a_department_code(
    tmp_path: Path,
) -> None:
    ctx = context(tmp_path / "build", directory=None)
    decision = decide(ingest(DATA, ctx.salt), ctx.rules, DAY)
    file = "penalties/penalties_2016.xlsx"
    published = [r for r in decision.published["penalties"] if r.source.file == file]
    assert len(published) == 4 and all(r.dept_code == "" and r.dept for r in published)
    assert decision.counts["penalties"].published == EXPECTED["summary"]["penalties"]["published"]


def test_each_file_summary_adds_up(decided: Decided) -> None:
    files = {f.table.file: f for f in decided.decision.files}
    for summary in files.values():
        assert summary.read == summary.published + sum(summary.withheld.values()) + summary.rejected
    pair = "penalties/penalties_export_ZHXYXT0000_XYGJJH1-0102_2026112309.xlsx"
    assert dict(files[pair].withheld) == {"duplicate": 4}
    old = files["penalties/penalties_2016.xlsx"]
    assert old.by_directory == 7 and old.unresolved == (
        ("九江经济技术开发区市场和质量监督管理局", 1),
    )
    assert files["licensing/licensing_2021_ziranren.xlsx"].hidden_ids == 1
    assert DIRECTORY.is_file()
