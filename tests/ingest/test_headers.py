"""Header map: standard names, older names and variants map to fields; unknown ones do not."""

import pytest

from generator.core.kinds import KINDS, kind_of
from generator.ingest.headers import (
    DETAIL,
    FREE_TEXT,
    IGNORED,
    PRIVACY_CLASSES,
    SECRET,
    default_header_map,
    normalize_header,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("行政相对人代码_1(统一社会信用代码)", "uscc"),
        ("行政相对人代码_1（统一社会信用代码）", "uscc"),  # full-width brackets
        ("行政相对人代码_1", "uscc"),  # without the bracketed part
        ("统一社会信用代码", "uscc"),  # the bracketed part alone
        (" 统一社会 信用代码 ", "uscc"),  # stray spaces
        ("*行政处罚决定书文号", "doc_no"),  # required mark
        ("处罚机关(必填)", "dept"),
        ("罚款金额（万元）", "fine"),
        ("罚款金额", "fine"),
        ("处罚事由", "facts"),  # 2016 schema
        ("处罚结果", "content"),  # 2016 schema
        ("居民身份证号", "id_no"),  # 2016 schema
        ("处罚类别1", "categories"),
        ("处罚类别2", "categories_2"),
        ("序号", IGNORED),
    ],
)
def test_penalty_headers(header: str, field: str) -> None:
    assert default_header_map().kinds["penalties"].field_for(header) == field


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("licensing", "行政许可决定书文号", "doc_no"),  # 2016 schema
        ("licensing", "项目名称", "doc_name"),
        ("licensing", "审批类别", "category"),
        ("licensing", "许可截止期", "valid_to"),
        ("blacklist", "主体名称", "name"),
        ("commitments", "承诺受理单位代码", "dept_code"),
        ("takedowns", "处理类型", "action"),
    ],
)
def test_other_kinds(kind: str, header: str, field: str) -> None:
    assert default_header_map().kinds[kind].field_for(header) == field


@pytest.mark.parametrize("header", ["联系电话", "经办人", "", "处罚机关地址"])
def test_unknown_headers(header: str) -> None:
    assert default_header_map().kinds["penalties"].field_for(header) is None


def test_enumerated_value_variants() -> None:
    header_map = default_header_map()
    assert header_map.standard_value("party_type", "法人及其他组织") == "法人及非法人组织"
    assert header_map.standard_value("party_type", "个体户") == "个体工商户"
    assert header_map.standard_value("licence_category", "普通许可") == "普通"
    assert header_map.standard_value("disclosure", "可向社会公开 ") == "可向社会公开"
    assert header_map.standard_value("party_type", "外星人") is None


def test_normalize_header() -> None:
    assert (
        normalize_header("　行政相对人代码＿1（统一社会信用代码）*")
        == "行政相对人代码1(统一社会信用代码)"
    )


# Fields whose record attribute has another name; a header map field is otherwise the attribute.
ATTRIBUTE = {"party_name": "party.name", "categories_2": "categories", "source": "origin"}
ATTRIBUTE |= {"fine_yuan": "fine", "confiscated_yuan": "confiscated", DETAIL: "remark"}
PARTY = {"uscc", "reg_no", "org_code", "tax_no", "inst_no", "social_org_no", "legal_rep"}
PARTY |= {"legal_rep_id_type", "legal_rep_id_no", "id_type", "id_no", "party_type"}


def attribute(kind: str, field: str) -> str:
    if kind in ("licensing", "penalties") and field in PARTY:
        return "party." + field.replace("party_type", "type")
    return ATTRIBUTE.get(field, field)


@pytest.mark.parametrize("kind", sorted(default_header_map().kinds))
def test_every_field_has_exactly_one_privacy_class(kind: str) -> None:
    headers = default_header_map().kinds[kind]
    assert set(headers.classes) == set(headers.labels), kind
    assert set(headers.classes.values()) <= set(PRIVACY_CLASSES)


@pytest.mark.parametrize("kind", sorted(default_header_map().kinds))
def test_privacy_classes_agree_with_what_the_portal_publishes(kind: str) -> None:
    headers = default_header_map().kinds[kind]
    published = {path for _, path in kind_of(kind).fields}
    free_text = {attribute(kind, f) for f, c in headers.classes.items() if c == FREE_TEXT}
    assert free_text == set(kind_of(kind).free_text)
    for field, privacy in headers.classes.items():
        if privacy == SECRET:  # a secret never has a column of its own on any page
            assert attribute(kind, field) not in published, (kind, field)


def test_every_kind_of_the_kinds_table_has_its_header_map() -> None:
    assert {k.folder for k in KINDS} == set(default_header_map().kinds)
