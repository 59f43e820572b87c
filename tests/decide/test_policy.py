"""Publication policy at its boundaries: the day before, of and after each rule applies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import row, write_rows

from generator.core.codes import id_check_char
from generator.decide.policy import Ruling, add_months, apply_policy, is_minor, licence_state
from generator.decide.rules import load_rules
from generator.decide.takedowns import normalize_doc_no
from generator.ingest import ingest

SALT = b"test-salt"
RULES = load_rules()


def decide(tmp_path: Path, today: date, **kinds: list[dict[str, str]]) -> Ruling:
    for kind, rows in kinds.items():
        write_rows(tmp_path / "data" / kind / f"{kind}.csv", rows)
    return apply_policy(ingest(tmp_path / "data", SALT), RULES, today)


def shown(decision: Ruling, kind: str) -> list[str]:
    return [getattr(r, "doc_no", "") or getattr(r, "name", "") for r in decision.published[kind]]


def reasons(decision: Ruling, kind: str) -> list[str]:
    return [reason for _, reason in decision.withheld[kind]]


@pytest.mark.parametrize(
    ("today", "visible"),
    [(date(2026, 4, 22), True), (date(2026, 4, 23), True), (date(2026, 4, 24), False)],
)
def test_ordinary_penalty_is_shown_one_year(tmp_path: Path, today: date, visible: bool) -> None:
    decision = decide(tmp_path, today, penalties=[row("penalties", 处罚决定日期="2025-04-23")])
    assert bool(decision.published["penalties"]) is visible
    assert reasons(decision, "penalties") == ([] if visible else ["expired"])


@pytest.mark.parametrize(
    ("today", "visible"), [(date(2028, 4, 23), True), (date(2028, 4, 24), False)]
)
def test_serious_penalty_is_shown_three_years(tmp_path: Path, today: date, visible: bool) -> None:
    penalty = row("penalties", 处罚决定日期="2025-04-23", 失信程度="严重")
    assert bool(decide(tmp_path, today, penalties=[penalty]).published["penalties"]) is visible


@pytest.mark.parametrize(
    ("today", "visible"), [(date(2025, 6, 30), True), (date(2025, 7, 1), False)]
)
def test_explicit_publicity_end_wins(tmp_path: Path, today: date, visible: bool) -> None:
    penalty = row("penalties", 处罚决定日期="2025-04-23", 公示截止期="2025-06-30")
    assert bool(decide(tmp_path, today, penalties=[penalty]).published["penalties"]) is visible


def test_severity_by_category(tmp_path: Path) -> None:
    rules = replace(RULES, severity_by_category={"吊销许可证件": "严重"})
    write_rows(
        tmp_path / "penalties" / "p.csv",
        [row("penalties", 处罚类别="罚款、吊销许可证件", 处罚决定日期="2025-04-23")],
    )
    decision = apply_policy(ingest(tmp_path, SALT), rules, date(2027, 1, 1))
    assert len(decision.published["penalties"]) == 1  # 严重: three years


def test_leap_day_decision_ends_on_the_last_day_of_february() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("changes", "withheld"),
    [
        ({"处罚类别": "警告", "罚款金额（万元）": ""}, True),
        ({"处罚类别": "警告;罚款"}, False),
        ({"适用程序": "简易程序"}, True),
        ({"备注": "适用简易程序当场作出"}, True),
        ({"公开类型": "不公开"}, True),
        ({"公开类型": "可向社会公开"}, False),
    ],
)
def test_penalties_never_published(tmp_path: Path, changes: dict[str, str], withheld: bool) -> None:
    decision = decide(tmp_path, date(2025, 5, 1), penalties=[row("penalties", **changes)])
    assert reasons(decision, "penalties") == (["not_public"] if withheld else [])


def test_minor_is_not_published(tmp_path: Path) -> None:
    born_2008 = "36040220080424001"
    minor_id = born_2008 + id_check_char(born_2008)
    assert is_minor(minor_id, date(2026, 4, 23)) and not is_minor(minor_id, date(2026, 4, 24))
    person = {
        "行政相对人名称": "李小明",
        "行政相对人类别": "自然人",
        "行政相对人代码_1(统一社会信用代码)": "",
        "证件类型": "身份证",
        "证件号码": minor_id,
        "处罚决定日期": "2025-04-23",
    }
    decision = decide(tmp_path, date(2025, 5, 1), penalties=[row("penalties", **person)])
    assert reasons(decision, "penalties") == ["not_public"]


def takedown(**changes: str) -> dict[str, str]:
    return row("takedowns", **changes)


@pytest.mark.parametrize(
    ("today", "visible"),
    [(date(2025, 9, 30), True), (date(2025, 10, 1), False), (date(2025, 10, 2), False)],
)
def test_credit_repair_applies_from_its_day(tmp_path: Path, today: date, visible: bool) -> None:
    decision = decide(
        tmp_path, today, penalties=[row("penalties")], takedowns=[takedown(处理日期="2025-10-01")]
    )
    assert bool(decision.published["penalties"]) is visible
    assert reasons(decision, "penalties") == ([] if visible else ["taken_down"])
    assert reasons(decision, "takedowns") == (["not_yet_effective"] if visible else [])


def test_takedown_matches_despite_bracket_style(tmp_path: Path) -> None:
    decision = decide(
        tmp_path,
        date(2025, 11, 1),
        penalties=[row("penalties")],
        takedowns=[takedown(文书号="九市监罚[2025] 12号", 处理类型="撤销")],
    )
    assert reasons(decision, "penalties") == ["taken_down"]
    assert normalize_doc_no("九市监罚（2025）12号") == normalize_doc_no("九市监罚〔2025〕12号")


def test_repeated_document_number_is_told_apart_by_party_code(tmp_path: Path) -> None:
    other = "91360400MA39XLDB3H"
    penalties = [
        row("penalties"),
        row(
            "penalties",
            行政相对人名称="九江长江置业有限公司",
            **{"行政相对人代码_1(统一社会信用代码)": other},
        ),
    ]
    decision = decide(
        tmp_path,
        date(2025, 11, 1),
        penalties=penalties,
        takedowns=[takedown(统一社会信用代码=other)],
    )
    assert [r.party.uscc for r in decision.published["penalties"]] == ["91360403MA35F0Q14W"]


def test_unmatched_takedown_is_reported(tmp_path: Path) -> None:
    decision = decide(
        tmp_path,
        date(2025, 11, 1),
        penalties=[row("penalties")],
        takedowns=[takedown(文书号="九市监罚〔2025〕99号")],
    )
    assert decision.rejected["takedowns"] == 1
    (problem,) = decision.problems
    assert (
        problem.file == "takedowns/takedowns.csv"
        and problem.row == 2
        and "找不到" in problem.reason
    )
    assert shown(decision, "penalties") == ["九市监罚〔2025〕12号"]


def test_correction_keeps_the_newest_version(tmp_path: Path) -> None:
    old = row("penalties", 违法事实="原事实", 报送日期="2025-04-25")
    new = row("penalties", 违法事实="更正后的事实", 报送日期="2025-05-10")
    decision = decide(
        tmp_path,
        date(2025, 11, 1),
        penalties=[new, old],
        takedowns=[takedown(处理类型="更正", 处理日期="2025-05-10")],
    )
    (kept,) = decision.published["penalties"]
    assert kept.facts == "更正后的事实"
    assert reasons(decision, "penalties") == ["taken_down"]
    assert decision.rejected["penalties"] == 0


def test_conflict_without_correction_rejects_both(tmp_path: Path) -> None:
    decision = decide(
        tmp_path,
        date(2025, 11, 1),
        penalties=[row("penalties"), row("penalties", 违法事实="另一种说法")],
    )
    assert decision.published["penalties"] == () and decision.rejected["penalties"] == 2
    assert [p.row for p in decision.problems] == [2, 3]


def test_correction_alone_keeps_the_record(tmp_path: Path) -> None:
    decision = decide(
        tmp_path,
        date(2025, 11, 1),
        penalties=[row("penalties")],
        takedowns=[takedown(处理类型="更正")],
    )
    assert len(decision.published["penalties"]) == 1


@pytest.mark.parametrize(
    ("changes", "today", "reason"),
    [
        ({"移出日期": "2025-09-01"}, date(2025, 8, 31), ""),
        ({"移出日期": "2025-09-01"}, date(2025, 9, 1), "removed"),
        ({"有效期至": "2025-09-01"}, date(2025, 9, 1), ""),
        ({"有效期至": "2025-09-01"}, date(2025, 9, 2), "expired"),
    ],
)
def test_list_entry_removal_and_expiry(
    tmp_path: Path, changes: dict[str, str], today: date, reason: str
) -> None:
    decision = decide(tmp_path, today, blacklist=[row("blacklist", **changes)])
    assert reasons(decision, "blacklist") == ([reason] if reason else [])


def test_list_takedown_by_code_and_type_spares_a_later_relisting(tmp_path: Path) -> None:
    entries = [row("blacklist", 列入日期="2024-01-10"), row("blacklist", 列入日期="2025-08-01")]
    removal = takedown(
        信息类别="严重失信",
        文书号="",
        统一社会信用代码="91360403MA35F0Q14W",
        名单类型="严重违法失信企业",
        处理类型="移出",
        处理日期="2025-03-01",
    )
    decision = decide(tmp_path, date(2025, 11, 1), blacklist=entries, takedowns=[removal])
    assert [e.listed_on for e in decision.published["blacklist"]] == [date(2025, 8, 1)]
    assert reasons(decision, "blacklist") == ["removed"]


@pytest.mark.parametrize(
    ("disclosure", "reason"),
    [("可向社会公开", ""), ("特定范围内公开", "not_public"), ("不可公开", "not_public")],
)
def test_commitments_only_when_public(tmp_path: Path, disclosure: str, reason: str) -> None:
    decision = decide(
        tmp_path, date(2025, 11, 1), commitments=[row("commitments", 公开类型=disclosure)]
    )
    assert reasons(decision, "commitments") == ([reason] if reason else [])


def test_commitment_takedown_by_code(tmp_path: Path) -> None:
    decision = decide(
        tmp_path,
        date(2025, 11, 1),
        commitments=[row("commitments")],
        takedowns=[takedown(信息类别="信用承诺", 文书号="36040020250301000001", 处理类型="撤销")],
    )
    assert reasons(decision, "commitments") == ["taken_down"]


def test_licences_stay_when_expired_or_invalid(tmp_path: Path) -> None:
    licences = [
        row("licensing", 有效期至="2025-06-01"),
        row("licensing", 行政许可决定文书号="九市监许〔2025〕9号", 当前状态="无效"),
    ]
    decision = decide(tmp_path, date(2026, 11, 1), licensing=licences)
    assert len(decision.published["licensing"]) == 2


def test_cases_and_warnings_scheduled_and_expired(tmp_path: Path) -> None:
    decision = decide(
        tmp_path,
        date(2025, 7, 31),
        cases=[row("cases", 发布日期="2025-08-01")],
        warnings=[row("warnings", 发布日期="2025-07-01", 有效期至="2025-07-30")],
    )
    assert reasons(decision, "cases") == ["scheduled"]
    assert reasons(decision, "warnings") == ["expired"]


def test_policy_is_pure(tmp_path: Path) -> None:
    write_rows(tmp_path / "penalties" / "p.csv", [row("penalties")])
    ingested = ingest(tmp_path, SALT)
    first = apply_policy(ingested, RULES, date(2025, 5, 1))
    second = apply_policy(ingested, RULES, date(2025, 5, 1))
    assert first.published == second.published and first.withheld == second.withheld


def test_city_override_merges_over_defaults(tmp_path: Path) -> None:
    override = tmp_path / "policy.yaml"
    override.write_text(
        "publicity_months: {一般: 6}\nwithhold: {warning_only: false}\n", encoding="utf-8"
    )
    rules = load_rules(override)
    assert rules.publicity_months == {"一般": 6, "严重": 36}
    assert not rules.withhold_warning_only and rules.withhold_simple_procedure


def test_severity_by_department(tmp_path: Path) -> None:
    rules = replace(RULES, severity_by_department={"11360400MB1719061W": "严重"})
    write_rows(tmp_path / "penalties" / "p.csv", [row("penalties", 处罚决定日期="2025-04-23")])
    ingested = ingest(tmp_path, SALT)
    assert len(apply_policy(ingested, rules, date(2027, 1, 1)).published["penalties"]) == 1
    assert apply_policy(ingested, RULES, date(2027, 1, 1)).published["penalties"] == ()


@pytest.mark.parametrize(
    ("changes", "today", "state"),
    [
        ({"有效期至": "2025-06-01"}, date(2025, 6, 1), "有效"),
        ({"有效期至": "2025-06-01"}, date(2025, 6, 2), "已失效"),
        ({"有效期至": "长期", "当前状态": "无效"}, date(2025, 6, 2), "已失效"),
        ({"有效期至": "长期", "当前状态": "正常"}, date(2030, 1, 1), "正常"),
    ],
)
def test_lapsed_licence_is_labelled(
    tmp_path: Path, changes: dict[str, str], today: date, state: str
) -> None:
    decision = decide(tmp_path, today, licensing=[row("licensing", **changes)])
    (licence,) = decision.published["licensing"]
    assert licence_state(licence, today) == state


# --- dates after the build day: rejected here, since ingest knows no build day ---------------


def test_a_decision_after_the_build_day_is_rejected_with_its_field(tmp_path: Path) -> None:
    ruling = decide(
        tmp_path,
        date(2026, 11, 23),
        penalties=[row("penalties", 处罚决定日期="2026-11-24", 处罚有效期="长期")],
    )
    (problem,) = ruling.problems
    assert (problem.row, problem.field, problem.value) == (2, "处罚决定日期", "2026-11-24")
    assert "晚于构建日 2026-11-23" in problem.reason
    assert ruling.published["penalties"] == () and ruling.rejected["penalties"] == 1
    ((_, reason),) = ruling.rejections["penalties"][0].faults
    assert reason.startswith("日期晚于构建日")


def test_a_decision_on_the_build_day_is_fine(tmp_path: Path) -> None:
    ruling = decide(
        tmp_path,
        date(2026, 11, 23),
        penalties=[row("penalties", 处罚决定日期="2026-11-23", 处罚有效期="长期")],
    )
    assert ruling.problems == () and len(ruling.published["penalties"]) == 1


def test_a_report_after_the_build_day_is_rejected_and_the_twin_it_conflicted_with_stands(
    tmp_path: Path,
) -> None:
    """A future row set aside leaves its twin alone: one record, no conflict."""
    ruling = decide(
        tmp_path,
        date(2026, 11, 23),
        licensing=[
            row("licensing", 报送日期="2025-03-10"),
            row("licensing", 报送日期="2026-12-01", 许可内容="另一内容"),
        ],
    )
    assert [p.field for p in ruling.problems] == ["报送日期"]
    assert len(ruling.published["licensing"]) == 1 and ruling.rejected["licensing"] == 1
