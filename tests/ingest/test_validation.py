"""Validation rules, one by one: a bad row is rejected with a located reason, never a crash."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import COMPANY, PERSON_ID, person_penalty, row, write_rows

from generator.core.problems import Problem
from generator.core.records import Licence, ListEntry, Penalty
from generator.ingest import ingest
from generator.ingest.cells import NO_END
from generator.ingest.results import Ingested

TODAY = date(2026, 11, 23)
SALT = b"test-salt"


def ingest_rows(tmp_path: Path, kind: str, *rows: dict[str, str]) -> Ingested:
    write_rows(tmp_path / "data" / kind / f"{kind}.csv", rows)
    return ingest(tmp_path / "data", SALT)


def problems_of(result: Ingested) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.field, p.reason) for p in result.problems]


def only_problem(result: Ingested) -> Problem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_valid_penalty_is_typed(tmp_path: Path) -> None:
    result = ingest_rows(tmp_path, "penalties", row("penalties", 处罚类别="罚款；没收违法所得"))
    assert result.problems == ()
    (penalty,) = result.records("penalties")
    assert isinstance(penalty, Penalty)
    assert penalty.decided_on == date(2025, 4, 23)
    assert penalty.categories == ("罚款", "没收违法所得")
    assert str(penalty.fine) == "2"
    assert penalty.party.uscc == COMPANY["code"]
    assert penalty.source.file == "penalties/penalties.csv" and penalty.source.row == 2


@pytest.mark.parametrize(
    "header",
    [
        "行政相对人名称",
        "行政处罚决定书文号",
        "违法事实",
        "处罚依据",
        "处罚类别",
        "处罚内容",
        "处罚决定日期",
        "处罚机关",
        "处罚机关统一社会信用代码",
        "数据来源单位",
    ],
)
def test_required_penalty_fields(tmp_path: Path, header: str) -> None:
    result = ingest_rows(tmp_path, "penalties", row("penalties", **{header: ""}))
    problem = only_problem(result)
    assert (problem.row, problem.field, problem.reason) == (2, header, "必填项为空")
    assert result.kinds["penalties"].rejected == 1


def test_a_blank_penalty_validity_is_no_fault(tmp_path: Path) -> None:
    """处罚有效期 is starred in the template but nullable in the platforms' databases."""
    result = ingest_rows(tmp_path, "penalties", row("penalties", 处罚有效期=""))
    assert result.problems == ()
    assert result.records("penalties")[0].effective_to is None


def test_missing_required_column_rejects_each_row_with_the_standard_name(tmp_path: Path) -> None:
    bad = row("penalties")
    del bad["违法事实"]
    problem = only_problem(ingest_rows(tmp_path, "penalties", bad))
    assert (problem.field, problem.reason) == ("违法事实", "必填项为空")


def test_wrong_check_character(tmp_path: Path) -> None:
    code = COMPANY["code"][:-1] + "X"
    problem = only_problem(
        ingest_rows(
            tmp_path, "penalties", row("penalties", **{"行政相对人代码_1(统一社会信用代码)": code})
        )
    )
    assert problem.field == "行政相对人代码_1(统一社会信用代码)"
    assert "校验位错误" in problem.reason and "W" in problem.reason
    assert problem.value == code


def test_code_mangled_by_excel_is_explained(tmp_path: Path) -> None:
    problem = only_problem(
        ingest_rows(
            tmp_path, "penalties", row("penalties", **{"处罚机关统一社会信用代码": "1.13604E+17"})
        )
    )
    assert "科学计数法" in problem.reason


def test_full_width_lower_case_code_is_cleaned(tmp_path: Path) -> None:
    messy = " ９１３６０４０３ma35f0q14w "
    result = ingest_rows(
        tmp_path, "penalties", row("penalties", **{"行政相对人代码_1(统一社会信用代码)": messy})
    )
    assert result.problems == ()
    assert result.records("penalties")[0].party.uscc == COMPANY["code"]


def test_placeholder_code_only_for_sole_traders_with_registration_number(tmp_path: Path) -> None:
    sole = {
        "行政相对人类别": "个体工商户",
        "行政相对人代码_1(统一社会信用代码)": "00000000000000000X",
    }
    ok = ingest_rows(
        tmp_path / "a",
        "penalties",
        row("penalties", **sole, **{"行政相对人代码_2(工商注册号)": "360403600123456"}),
    )
    assert ok.problems == ()
    without = only_problem(ingest_rows(tmp_path / "b", "penalties", row("penalties", **sole)))
    assert (without.field, without.reason) == ("行政相对人代码_2(工商注册号)", "必填项为空")
    org = only_problem(
        ingest_rows(
            tmp_path / "c",
            "penalties",
            row("penalties", **{"行政相对人代码_1(统一社会信用代码)": "00000000000000000X"}),
        )
    )
    assert "只适用于无代码的个体工商户" in org.reason


def test_person_needs_a_valid_id_number_and_the_report_masks_it(tmp_path: Path) -> None:
    person = {
        "行政相对人名称": "张三",
        "行政相对人类别": "自然人",
        "行政相对人代码_1(统一社会信用代码)": "",
        "证件类型": "身份证",
    }
    ok = ingest_rows(
        tmp_path / "a", "penalties", row("penalties", **person, 证件号码=PERSON_ID.lower())
    )
    assert ok.problems == ()
    assert ok.records("penalties")[0].party.id_no == PERSON_ID
    bad_id = PERSON_ID[:-1] + "1"
    problem = only_problem(
        ingest_rows(tmp_path / "b", "penalties", row("penalties", **person, 证件号码=bad_id))
    )
    assert "校验位" in problem.reason
    assert bad_id not in problem.value and problem.value.startswith("110105")


def test_unknown_enum_value(tmp_path: Path) -> None:
    problem = only_problem(
        ingest_rows(tmp_path, "penalties", row("penalties", 行政相对人类别="公司"))
    )
    assert problem.field == "行政相对人类别" and "不是允许的取值" in problem.reason


def test_unknown_penalty_category(tmp_path: Path) -> None:
    problem = only_problem(
        ingest_rows(tmp_path, "penalties", row("penalties", 处罚类别="罚款、打板子"))
    )
    assert problem.value == "打板子"


def test_a_decision_after_any_build_day_is_read_all_the_same(tmp_path: Path) -> None:
    """Ingest knows no build day: whether a date is too late is policy's to decide."""
    result = ingest_rows(
        tmp_path, "penalties", row("penalties", 处罚决定日期="2026-11-24", 处罚有效期="长期")
    )
    assert result.problems == () and len(result.records("penalties")) == 1


def test_unreadable_date_and_amount(tmp_path: Path) -> None:
    result = ingest_rows(
        tmp_path,
        "penalties",
        row("penalties", 处罚决定日期="2025-02-30", **{"罚款金额（万元）": "两万"}),
    )
    assert {p.field for p in result.problems} == {"处罚决定日期", "罚款金额（万元）"}
    assert result.kinds["penalties"].rejected == 1  # two problems, one row


def test_licence_date_order(tmp_path: Path) -> None:
    problem = only_problem(
        ingest_rows(
            tmp_path, "licensing", row("licensing", 有效期自="2025-03-05", 有效期至="2025-03-04")
        )
    )
    assert problem.field == "有效期至" and "早于有效期自" in problem.reason


def test_licence_without_document_number_uses_licence_number(tmp_path: Path) -> None:
    result = ingest_rows(tmp_path, "licensing", row("licensing", 行政许可决定文书号=""))
    (licence,) = result.records("licensing")
    assert isinstance(licence, Licence) and licence.doc_no == "JY13604030012345"
    both = ingest_rows(
        tmp_path / "b", "licensing", row("licensing", 行政许可决定文书号="", 许可编号="")
    )
    assert "许可编号" in only_problem(both).reason


def test_licence_no_end(tmp_path: Path) -> None:
    result = ingest_rows(tmp_path, "licensing", row("licensing", 有效期至="长期"))
    assert result.records("licensing")[0].valid_to == NO_END


def test_list_entry_person_without_code(tmp_path: Path) -> None:
    person = row(
        "blacklist",
        名单类型="失信被执行人",
        主体名称="欧阳建国",
        主体类别="自然人",
        统一社会信用代码="",
        证件号码=PERSON_ID,
    )
    result = ingest_rows(tmp_path, "blacklist", person)
    assert result.problems == ()
    (entry,) = result.records("blacklist")
    assert isinstance(entry, ListEntry) and entry.id_no == PERSON_ID and entry.kind == "blacklist"
    organisation = only_problem(
        ingest_rows(tmp_path / "b", "blacklist", row("blacklist", 统一社会信用代码=""))
    )
    assert organisation.field == "统一社会信用代码"


def test_list_removal_before_listing(tmp_path: Path) -> None:
    problem = only_problem(
        ingest_rows(
            tmp_path, "redlist", row("redlist", 列入日期="2025-06-01", 移出日期="2025-05-01")
        )
    )
    assert problem.field == "移出日期"


def test_commitment_code_shape(tmp_path: Path) -> None:
    problem = only_problem(
        ingest_rows(tmp_path, "commitments", row("commitments", 承诺编码="3604002025130100001"))
    )
    assert "20位" in problem.reason
    problem = only_problem(
        ingest_rows(
            tmp_path / "b", "commitments", row("commitments", 承诺编码="36040020251301000001")
        )
    )
    assert "日期不存在" in problem.reason


def test_commitment_by_a_person_checks_the_id(tmp_path: Path) -> None:
    person = row(
        "commitments", 承诺人类别="自然人", 承诺人名称="李四", 承诺人代码=PERSON_ID[:-1] + "0"
    )
    assert "校验位" in only_problem(ingest_rows(tmp_path, "commitments", person)).reason


def test_takedown_of_a_list_entry_needs_code_and_list_type(tmp_path: Path) -> None:
    result = ingest_rows(
        tmp_path, "takedowns", row("takedowns", 信息类别="严重失信", 文书号="", 处理类型="移出")
    )
    assert {p.field for p in result.problems} == {"统一社会信用代码", "名单类型"}


def test_cases_and_warnings(tmp_path: Path) -> None:
    assert ingest_rows(tmp_path / "a", "cases", row("cases")).problems == ()
    assert (
        only_problem(ingest_rows(tmp_path / "b", "cases", row("cases", 案例类型="好人好事"))).field
        == "案例类型"
    )
    assert ingest_rows(tmp_path / "c", "warnings", row("warnings")).problems == ()


def test_keys_are_stable_opaque_and_never_hold_names_or_ids(tmp_path: Path) -> None:
    first = ingest_rows(tmp_path / "a", "penalties", row("penalties")).records("penalties")[0]
    again = ingest_rows(
        tmp_path / "b", "penalties", row("penalties", 违法事实="改写后的事实")
    ).records("penalties")[0]
    other = ingest_rows(
        tmp_path / "c", "penalties", row("penalties", 处罚机关统一社会信用代码="11360400014497327K")
    ).records("penalties")[0]
    assert first.key == again.key  # the key follows the natural key, not the content
    assert first.key != other.key  # the same number from another department is another record
    assert len(first.key) == 16 and all(ch in "0123456789abcdef" for ch in first.key)
    person = person_penalty("张三")
    key = ingest_rows(tmp_path / "d", "penalties", person).records("penalties")[0].key
    assert PERSON_ID not in key and "张三" not in key
