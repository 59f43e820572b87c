"""Builders: one per record class, and the kinds table decides which one reads a folder."""

from __future__ import annotations

from datetime import date

from generator.core.kinds import FOLDERS, KINDS
from generator.core.records import Source
from generator.ingest.builders import (
    BUILDERS,
    build_commitment,
    build_penalty,
    party_identity,
    read_categories,
)
from generator.ingest.fields import RowFields
from generator.ingest.headers import default_header_map

SALT = b"salt"
COMPANY = "91360403MA35F0Q14W"
DEPT = "11360400MB1719061W"


def fields(kind: str, **cells: str) -> RowFields:
    headers = default_header_map()
    return RowFields(cells, headers.kinds[kind].labels, headers, SALT, Source("x.csv", 2))


PENALTY = {
    "party_name": "九江某某建材有限公司",
    "party_type": "法人及非法人组织",
    "uscc": COMPANY,
    "doc_no": "九市监罚〔2025〕12号",
    "violation_type": "销售不合格建材",
    "facts": "经查……",
    "basis": "《产品质量法》第四十九条",
    "categories": "罚款、没收违法所得",
    "content": "罚款二万元",
    "decided_on": "2025/4/23",
    "effective_to": "2026-04-22",
    "dept": "九江市市场监督管理局",
    "dept_code": DEPT,
    "source_unit": "九江市市场监督管理局",
    "source_unit_code": DEPT,
}


def test_every_folder_of_the_kinds_table_has_its_builder() -> None:
    assert set(BUILDERS) == set(FOLDERS)
    assert all(BUILDERS[k.folder].__annotations__["return"] == k.record.__name__ for k in KINDS)


def test_a_penalty_row_becomes_a_typed_record_with_a_keyed_stable_key() -> None:
    f = fields("penalties", **PENALTY)
    penalty = build_penalty(f, "penalties")
    assert f.problems == []
    assert penalty.decided_on == date(2025, 4, 23) and penalty.categories == (
        "罚款",
        "没收违法所得",
    )
    again = build_penalty(fields("penalties", **{**PENALTY, "content": "另一内容"}), "penalties")
    assert again.key == penalty.key  # the key is the natural key, not the content
    other_salt = RowFields(dict(PENALTY), {}, default_header_map(), b"other", Source("x.csv", 2))
    assert build_penalty(other_salt, "penalties").key != penalty.key
    assert party_identity(penalty.party) == COMPANY


def test_a_row_reports_every_problem_it_has_at_once() -> None:
    f = fields("penalties", **{**PENALTY, "doc_no": "", "categories": "罚酒三杯"})
    build_penalty(f, "penalties")
    assert [field for field, _ in f.faults] == ["doc_no", "categories"]


def test_penalty_categories_split_on_every_separator_and_keep_their_order() -> None:
    f = fields("penalties", categories="警告;罚款，没收违法所得", categories_2="罚款")
    assert read_categories(f) == ("警告", "罚款", "没收违法所得")


def test_a_commitment_code_must_hold_a_real_date() -> None:
    cells = {
        "name": "九江某某建材有限公司",
        "subject_type": "法人及非法人组织",
        "party_code": COMPANY,
        "commitment_type": "审批替代型",
        "reason": "申请许可",
        "content": "信息真实",
        "liability": "承担责任",
        "made_on": "2025-03-01",
        "fulfilment": "全部履行",
        "dept": "九江市市场监督管理局",
        "dept_code": DEPT,
        "disclosure": "可向社会公开",
    }
    good = fields("commitments", **cells, code="36040020250301000001")
    assert build_commitment(good, "commitments").code == "36040020250301000001"
    bad = fields("commitments", **cells, code="36040020251301000001")
    assert build_commitment(bad, "commitments").code == ""
    assert [reason for _, reason in bad.faults] == ["承诺编码中的日期不存在"]
