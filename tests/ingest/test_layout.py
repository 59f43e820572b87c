"""A table's layout: code columns by their label, generations, platform codes, units, furniture."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import COMPANY, DEPT, PERSON_ID, row, write_rows

from generator.core.records import ORGANISATION, PERSON, SOLE_TRADER
from generator.ingest import ingest
from generator.ingest.headers import default_header_map
from generator.ingest.layout import is_note
from generator.ingest.party import looks_like_person

SALT = b"layout"


@pytest.mark.parametrize(
    ("header", "generation", "field"),
    [
        ("行政相对人代码_2 (组织机构代码)", "2016", "org_code"),  # 2016 numbers them otherwise
        ("行政相对人代码_3 (工商登记码)", "2016", "reg_no"),
        ("行政相对人代码_5 (居民身份证号)", "2016", "id_no"),  # a person's ID, never published
        ("行政相对人代码_5 (居民身份证号)", "2021", "id_no"),  # the label wins, whatever the file
        ("行政相对人代码_2（工商注册号）", "2021", "reg_no"),
        ("行政相对人代码_3 (组织机构代码)", "2021", "org_code"),
        ("行政相对人代码_5 (事业单位证书号)", "2021", "inst_no"),
        ("行政相对人代码_5", "2016", "id_no"),  # no label: the file's generation numbers it
        ("行政相对人代码_5", "2021", "inst_no"),
        ("行政相对人代码_2", "2016", "org_code"),
        ("行政相对人代码_2", "2021", "reg_no"),
        ("行政相对人代码_1 (统一社会信用代码)*", "2021", "uscc"),
        ("行政相对人代码_7 (某某号)", "2021", None),  # an unknown label is an unknown header
    ],
)
def test_a_code_column_goes_by_the_label_in_its_bracket(
    header: str, generation: str, field: str | None
) -> None:
    assert default_header_map().kinds["penalties"].field_for(header, generation) == field


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("penalties", "cfWsh", "doc_no"),  # legacy camelCase
        ("penalties", "cf_wsh", "doc_no"),  # current snake_case
        ("penalties", "CF_WSH", "doc_no"),  # the 2016 standard's field code
        ("penalties", "cfJg", "content"),  # 处罚结果
        ("penalties", "cf_jg", "content"),  # 处罚内容
        ("penalties", "cf_cfjg", "dept"),  # 处罚机关: one letter from cf_jg
        ("penalties", "cfXzjg", "dept"),
        ("penalties", "cfQx", "publicity_end"),
        ("penalties", "cf_xdr_sfz", "id_no"),
        ("penalties", "CF_ZT", "state"),
        ("penalties", "cfSjc", "_ignored"),
        ("penalties", "罚款金额 (万元)", "fine"),
        ("penalties", "罚款金额(万元)", "fine"),
        ("penalties", "罚款金额（元）", "fine_yuan"),  # a unit that changes the value
        ("penalties", "数据导出时间", "_ignored"),
        ("licensing", "xk_xkbh", "licence_no"),
        ("licensing", "XK_XMMC", "doc_name"),
        ("licensing", "xk_zt", "status"),
        ("blacklist", "失信被执行人名称", "name"),
        ("blacklist", "执行法院", "dept"),
        ("blacklist", "数据类别", "list_type"),
        ("watchlist", "注册号", "any_code"),
        ("watchlist", "列入经营异常名录原因类型名称", "reason"),
        ("redlist", "评价年度", "detail"),
    ],
)
def test_platform_codes_units_and_list_shapes_are_header_names(
    kind: str, header: str, field: str
) -> None:
    assert default_header_map().kinds[kind].field_for(header) == field


@pytest.mark.parametrize(
    ("headers", "generation"),
    [
        (["行政处罚决定书文号", "处罚名称", "处罚类别1", "处罚事由", "处罚结果"], "2016"),
        (["cfWsh", "cfCfmc", "cfCflb1", "cfSy", "cfSjc", "areaCode"], "2016"),
        (["cf_wsh", "cf_cfmc", "cf_cflb", "cf_sjly", "cf_cfjgdm"], "2021"),
        (["行政处罚决定书文号", "违法行为类型", "数据来源单位"], "2021"),
        (["处罚名称", "数据来源单位"], "2021"),  # a 2021-only column decides: the stricter rules
        (["行政处罚决定书文号", "处罚依据"], "2021"),  # nothing either way: the contract's
    ],
)
def test_a_files_generation_is_recognised_from_its_headers(
    headers: list[str], generation: str
) -> None:
    assert default_header_map().generation_of(headers).name == generation


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("表格说明：1.带*为必填项；2.日期格式为YYYY/MM/DD", True),
        ("填表说明", True),
        ("注：处罚类别按代码填写", True),
        ("注1.本表由各部门填报", True),
        ("填报单位：九江市市场监督管理局", True),
        ("注销", False),
        ("九江市浔阳区恒达建材有限公司", False),
    ],
)
def test_an_instruction_is_told_from_data(text: str, note: bool) -> None:
    assert is_note(text, default_header_map().furniture.notes) is note


def test_furniture_rows_are_skipped_and_counted_never_rejected(tmp_path: Path) -> None:
    good = row("penalties")
    markers = {h: ("必填" if i % 2 else "选填") for i, h in enumerate(good)}
    codes = {h: c for h, c in zip(good, ["cf_xdr_mc", "cf_xdr_lb", "cf_xdr_shxym"], strict=False)}
    instruction = {next(iter(good)): "表格说明：1.带*为必填项；2.日期格式为YYYY-MM-DD"}
    write_rows(tmp_path / "data" / "penalties" / "p.csv", [markers, codes, good, instruction])
    result = ingest(tmp_path / "data", SALT)
    assert result.problems == ()
    assert result.kinds["penalties"].read == 1
    assert result.skipped["penalties/p.csv"] == {"必填标记行": 1, "重复表头": 1, "说明行": 1}


def test_an_amount_in_yuan_is_converted_to_wan(tmp_path: Path) -> None:
    bad = row("penalties")
    del bad["罚款金额（万元）"]
    write_rows(tmp_path / "data" / "penalties" / "p.csv", [{**bad, "罚款金额（元）": "5000"}])
    (penalty,) = ingest(tmp_path / "data", SALT).records("penalties")
    assert penalty.fine == Decimal("0.5")


def template_2021(*parties: dict[str, str]) -> list[dict[str, str]]:
    """Return penalty rows of a 2021 template without 行政相对人类别."""
    rows = []
    for party in parties:
        base = row("penalties", **party)
        del base["行政相对人类别"]
        rows.append(base)
    return rows


def test_the_2021_templates_infer_the_party_type_and_say_how(tmp_path: Path) -> None:
    placeholder = {
        "行政相对人名称": "浔阳区佳味小吃店",
        "行政相对人代码_1(统一社会信用代码)": "00000000000000000X",
        "行政相对人代码_2(工商注册号)": "360403600187459",
        "行政处罚决定书文号": "九市监罚〔2025〕2号",
    }
    sole = {
        "行政相对人名称": "浔阳区周记家常菜馆",
        "行政相对人代码_1(统一社会信用代码)": "92360403MA37JC2U3P",
        "行政处罚决定书文号": "九市监罚〔2025〕3号",
    }
    write_rows(tmp_path / "data" / "penalties" / "faren.csv", template_2021({}, placeholder, sole))
    person = {
        "行政相对人名称": "李建华",
        "行政相对人代码_1(统一社会信用代码)": "",
        "证件类型": "身份证",
        "证件号码": PERSON_ID,
        "行政处罚决定书文号": "九交罚〔2025〕4号",
    }
    ziranren = template_2021(person)
    del ziranren[0]["行政相对人代码_1(统一社会信用代码)"], ziranren[0]["法定代表人"]
    write_rows(tmp_path / "data" / "penalties" / "ziranren.csv", ziranren)
    result = ingest(tmp_path / "data", SALT)
    assert result.problems == ()
    types = {r.party.name: (r.party.type, r.party.type_from) for r in result.records("penalties")}
    assert types[COMPANY["name"]] == (ORGANISATION, "有机构代码")
    assert (
        types["浔阳区佳味小吃店"][0] == SOLE_TRADER and "占位代码" in types["浔阳区佳味小吃店"][1]
    )
    assert types["浔阳区周记家常菜馆"][0] == SOLE_TRADER and "92" in types["浔阳区周记家常菜馆"][1]
    assert types["李建华"] == (PERSON, "自然人模板")
    shapes = {t.file: t.shape for t in result.tables}
    assert shapes == {
        "penalties/faren.csv": "2021版 法人",
        "penalties/ziranren.csv": "2021版 自然人",
    }


def test_a_status_code_in_a_2021_file_is_a_fault_never_shown(tmp_path: Path) -> None:
    write_rows(tmp_path / "data" / "licensing" / "l.csv", [row("licensing", 当前状态="1")])
    result = ingest(tmp_path / "data", SALT)
    (problem,) = result.problems
    assert problem.field == "当前状态" and "代码" in problem.reason


def test_a_2016_file_is_held_to_its_own_required_fields(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "data" / "penalties" / "p.csv",
        [
            {
                "行政处罚决定书文号": "九工商处字〔2016〕第6号",
                "处罚名称": "销售不合格产品",
                "处罚类别1": "1",
                "处罚类别2": "2",
                "处罚事由": "当事人销售不合格产品。",
                "处罚依据": "《产品质量法》第四十九条",
                "行政相对人名称": COMPANY["name"],
                "行政相对人代码_1 (统一社会信用代码)": COMPANY["code"],
                "处罚结果": "罚款",
                "处罚决定日期": "2016-05-10",
                "处罚机关": DEPT["name"],
                "当前状态": "2",
                "地方编码": "360400",
            }
        ],
    )
    result = ingest(tmp_path / "data", SALT)
    assert result.problems == ()
    (penalty,) = result.records("penalties")
    assert penalty.categories == ("罚款", "没收违法所得", "没收非法财物")
    assert (penalty.state, penalty.dept_code, penalty.decided_on) == ("异议", "", date(2016, 5, 10))


def test_an_unseen_national_list_shape_is_read_with_what_it_carries(tmp_path: Path) -> None:
    """严重违法失信企业名单 as the national site lists it: none of it was in the fixtures."""
    write_rows(
        tmp_path / "data" / "blacklist" / "b.csv",
        [
            {
                "数据类别": "严重违法失信企业名单",
                "企业名称": COMPANY["name"],
                "统一社会信用代码/注册号": COMPANY["code"],
                "法定代表人": "王建国",
                "列入严重违法失信名单原因": "提交虚假材料取得公司登记",
                "列入日期": "2025年6月1日",
                "作出决定机关": DEPT["name"],
            }
        ],
    )
    result = ingest(tmp_path / "data", SALT)
    assert result.problems == () and result.tables[0].unknown == ()
    (entry,) = result.records("blacklist")
    assert (entry.uscc, entry.subject_type, entry.listed_on) == (
        COMPANY["code"],
        ORGANISATION,
        date(2025, 6, 1),
    )
    assert (entry.dept, entry.dept_code, entry.missing) == (DEPT["name"], "", ("dept_code",))


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("李建华", True),
        ("张某某", True),
        ("欧阳建国", True),
        ("阿卜杜·热合曼", True),
        ("华联超市", False),
        ("九江市浔阳区恒达建材有限公司", False),
        ("浔阳区周记家常菜馆", False),
        ("九江商行", False),
    ],
)
def test_a_name_is_taken_for_a_persons_unless_it_reads_as_a_units(name: str, person: bool) -> None:
    assert looks_like_person(name) is person


def test_the_courts_own_list_of_dishonest_debtors_is_read_without_unknown_headers(
    tmp_path: Path,
) -> None:
    """The court's 失信被执行人 export names its columns otherwise than the national site."""
    common = {
        "数据类别": "失信被执行人",
        "执行法院": "九江市中级人民法院",
        "省份": "江西",
        "执行依据文号": "（2024）赣04民初233号",
        "立案时间": "2025年10月20日",
        "做出执行依据单位": "九江市中级人民法院",
        "被执行人的履行情况": "全部未履行",
        "失信被执行人行为具体情形": "违反财产报告制度",
        "发布时间": "2025年12月3日",
    }
    person = {
        **common,
        "被执行人姓名/名称": "李建华",
        "身份证号码/组织机构代码": "3604211979****3115",
        "法定代表人或者负责人姓名": "",
        "案号": "（2025）赣04执1号",
        "生效法律文书确定的义务": "被告李建华支付原告货款。",
    }
    company = {
        **common,
        "被执行人姓名/名称": "九江博远投资管理有限公司",
        "身份证号码/组织机构代码": "70553182-1",
        "法定代表人或者负责人姓名": "林卫东",
        "案号": "（2025）赣04执2号",
        "生效法律文书确定的义务": "被告返还原告投资款。",
    }
    write_rows(tmp_path / "data" / "blacklist" / "court.csv", [person, company])
    result = ingest(tmp_path / "data", SALT)
    assert result.problems == () and result.tables[0].unknown == ()
    entries = {e.name: e for e in result.records("blacklist")}
    debtor = entries["李建华"]
    assert (debtor.subject_type, debtor.uscc, debtor.reg_no, debtor.id_no) == (PERSON, "", "", "")
    assert "3604211979" not in repr(debtor)
    assert debtor.listed_on == date(2025, 12, 3) and "案号：（2025）赣04执1号" in debtor.remark
    firm = entries["九江博远投资管理有限公司"]
    assert (firm.subject_type, firm.legal_rep, firm.reg_no) == (ORGANISATION, "林卫东", "")


def test_two_debtors_of_one_name_without_id_numbers_are_two_entries(tmp_path: Path) -> None:
    entry = {
        "数据类别": "失信被执行人",
        "失信被执行人名称": "李建华",
        "执行法院": "九江市中级人民法院",
    }
    entry |= {"失信被执行人具体情形": "违反财产报告制度", "发布时间": "2025年12月3日"}
    write_rows(
        tmp_path / "data" / "blacklist" / "b.csv",
        [{**entry, "案号": "（2025）赣04执1号"}, {**entry, "案号": "（2025）赣04执2号"}],
    )
    result = ingest(tmp_path / "data", SALT)
    assert len(result.records("blacklist")) == 2 and result.kinds["blacklist"].conflicts == ()


def test_a_2016_licence_export_in_the_standards_field_codes_is_read_whole(tmp_path: Path) -> None:
    headers = "XK_WSH XK_XMMC XK_SPLB XK_NR XK_XDR_MC XK_XDR_SHXYM XK_XDR_ZDM XK_XDR_GSDJ"
    headers += " XK_XDR_SWDJ XK_XDR_SFZ XK_FR XK_JDRQ XK_JZQ XK_XZJG XK_ZT DFBM SJC BZ"
    values = [
        "九环评字〔2016〕21号",
        "建设项目环境影响评价文件审批",
        "普通",
        "批复",
        COMPANY["name"],
    ]
    values += [COMPANY["code"], "", "", "", "", "王建国", "2016-04-27", "", DEPT["name"], "1"]
    values += ["360400", "20160428101522", ""]
    write_rows(
        tmp_path / "data" / "licensing" / "xk.csv",
        [dict(zip(headers.split(), values, strict=True))],
    )
    result = ingest(tmp_path / "data", SALT)
    (table,) = result.tables
    assert (table.generation, table.unknown, result.problems) == ("2016", (), ())
    (licence,) = result.records("licensing")
    assert (licence.state, licence.status, licence.doc_name) == (
        "撤销",
        "",
        "建设项目环境影响评价文件审批",
    )


@pytest.mark.parametrize("header", ["处罚机关【必填】", "处罚机关[选填]", "处罚机关（必填项）"])
def test_a_required_mark_in_any_bracket_is_no_part_of_the_name(header: str) -> None:
    assert default_header_map().kinds["penalties"].field_for(header) == "dept"
