"""How a published record reads to a person: labelled fields, formatted values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import yaml

from generator.core.records import Record
from generator.ingest.cells import NO_END

_PARTY = [
    ("行政相对人名称", "party.name"),
    ("行政相对人类别", "party.type"),
    ("统一社会信用代码", "party.uscc"),
    ("工商注册号", "party.reg_no"),
    ("组织机构代码", "party.org_code"),
    ("税务登记号", "party.tax_no"),
    ("事业单位证书号", "party.inst_no"),
    ("社会组织登记证号", "party.social_org_no"),
    ("法定代表人", "party.legal_rep"),
]
# The published fields of each kind, in the order a person reads them. ID numbers never appear.
FIELDS: dict[str, list[tuple[str, str]]] = {
    "licensing": [
        *_PARTY,
        ("行政许可决定文书名称", "doc_name"),
        ("行政许可决定文书号", "doc_no"),
        ("许可类别", "category"),
        ("许可证书名称", "cert_name"),
        ("许可编号", "licence_no"),
        ("许可内容", "content"),
        ("许可决定日期", "decided_on"),
        ("有效期自", "valid_from"),
        ("有效期至", "valid_to"),
        ("许可机关", "dept"),
        ("许可机关统一社会信用代码", "dept_code"),
        ("当前状态", "status"),
        ("数据来源单位", "source_unit"),
        ("数据来源单位统一社会信用代码", "source_unit_code"),
        ("备注", "remark"),
    ],
    "penalties": [
        *_PARTY,
        ("行政处罚决定书文号", "doc_no"),
        ("违法行为类型", "violation_type"),
        ("违法事实", "facts"),
        ("处罚依据", "basis"),
        ("处罚类别", "categories"),
        ("处罚内容", "content"),
        ("罚款金额（万元）", "fine"),
        ("没收违法所得、没收非法财物的金额（万元）", "confiscated"),
        ("暂扣或吊销证照名称及编号", "licence_revoked"),
        ("处罚决定日期", "decided_on"),
        ("处罚有效期", "effective_to"),
        ("公示截止期", "publicity_end"),
        ("处罚机关", "dept"),
        ("处罚机关统一社会信用代码", "dept_code"),
        ("数据来源单位", "source_unit"),
        ("数据来源单位统一社会信用代码", "source_unit_code"),
        ("备注", "remark"),
    ],
    "list": [
        ("名单类型", "list_type"),
        ("主体名称", "name"),
        ("主体类别", "subject_type"),
        ("统一社会信用代码", "uscc"),
        ("法定代表人", "legal_rep"),
        ("列入事由", "reason"),
        ("列入依据", "basis"),
        ("认定部门", "dept"),
        ("认定部门统一社会信用代码", "dept_code"),
        ("列入日期", "listed_on"),
        ("有效期至", "valid_to"),
        ("数据来源单位", "source_unit"),
        ("备注", "remark"),
    ],
    "commitments": [
        ("承诺编码", "code"),
        ("承诺人名称", "name"),
        ("承诺人类别", "subject_type"),
        ("承诺人代码", "party_code"),
        ("承诺类型", "commitment_type"),
        ("承诺事由", "reason"),
        ("承诺内容", "content"),
        ("违诺责任", "liability"),
        ("承诺作出日期", "made_on"),
        ("承诺有效期", "valid_to"),
        ("承诺履行状态", "fulfilment"),
        ("未履行的承诺内容", "unfulfilled"),
        ("违诺责任追究内容", "pursued"),
        ("承诺受理单位", "dept"),
        ("承诺受理单位代码", "dept_code"),
        ("备注", "remark"),
    ],
    "cases": [
        ("标题", "title"),
        ("案例类型", "case_type"),
        ("主体名称", "name"),
        ("统一社会信用代码", "uscc"),
        ("报送单位", "dept"),
        ("发布日期", "published_on"),
        ("正文", "body"),
        ("来源", "origin"),
    ],
    "warnings": [
        ("标题", "title"),
        ("发布单位", "dept"),
        ("发布日期", "published_on"),
        ("正文", "body"),
        ("有效期至", "valid_to"),
    ],
}
for _kind in ("redlist", "blacklist", "watchlist"):
    FIELDS[_kind] = FIELDS["list"]
del FIELDS["list"]


def format_value(value: Any) -> str:
    """Return a field value as a person reads it: 长期 for no end, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if value == NO_END:
        return "长期"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return "；".join(str(v) for v in value)
    return str(value)


def field_value(record: Record, path: str) -> Any:
    """Return the value at a dotted attribute path of a record."""
    value: Any = record
    for part in path.split("."):
        value = getattr(value, part)
    return value


def labelled_fields(record: Record) -> list[tuple[str, str]]:
    """Return (label, formatted value) for every published field of a record, in reading order."""
    return [(label, format_value(field_value(record, path))) for label, path in FIELDS[record.kind]]


# The columns of a listing row, after the first (the record's name, linked), per kind.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "licensing": [
        ("许可类别", "category"),
        ("决定文书号", "doc_no"),
        ("许可机关", "dept"),
        ("决定日期", "decided_on"),
    ],
    "penalties": [
        ("处罚类别", "categories"),
        ("决定书文号", "doc_no"),
        ("处罚机关", "dept"),
        ("决定日期", "decided_on"),
    ],
    "list": [
        ("名单类型", "list_type"),
        ("认定部门", "dept"),
        ("列入日期", "listed_on"),
        ("有效期至", "valid_to"),
    ],
    "commitments": [
        ("承诺类型", "commitment_type"),
        ("受理单位", "dept"),
        ("作出日期", "made_on"),
    ],
    "cases": [("案例类型", "case_type"), ("报送单位", "dept"), ("发布日期", "published_on")],
    "warnings": [("发布单位", "dept"), ("发布日期", "published_on"), ("有效期至", "valid_to")],
}
for _kind in ("redlist", "blacklist", "watchlist"):
    COLUMNS[_kind] = COLUMNS["list"]
del COLUMNS["list"]

# What the first column of a listing names, per kind.
NAME_LABELS = {
    "licensing": "行政相对人",
    "penalties": "行政相对人",
    "redlist": "主体名称",
    "blacklist": "主体名称",
    "watchlist": "主体名称",
    "commitments": "承诺人",
    "cases": "标题",
    "warnings": "标题",
}


def record_name(record: Record) -> str:
    """Return what a record is about, as a listing's first column shows it."""
    if record.kind in ("licensing", "penalties"):
        return str(field_value(record, "party.name"))
    return str(field_value(record, "title" if record.kind in ("cases", "warnings") else "name"))


def record_title(record: Record) -> str:
    """Return a title a person understands: `九江某某有限公司 行政处罚 九市监罚〔2026〕12号`."""
    kind = record.kind
    if kind == "licensing":
        return f"{record_name(record)} 行政许可 {field_value(record, 'doc_no')}"
    if kind == "penalties":
        return f"{record_name(record)} 行政处罚 {field_value(record, 'doc_no')}"
    if kind in ("redlist", "blacklist", "watchlist"):
        return f"{record_name(record)} {field_value(record, 'list_type')}"
    if kind == "commitments":
        return f"{record_name(record)} {field_value(record, 'commitment_type')}"
    return record_name(record)


def listing_cells(record: Record) -> list[str]:
    """Return a listing row's cells after the first, formatted."""
    return [format_value(field_value(record, path)) for _, path in COLUMNS[record.kind]]


URL_LABEL = "详情页网址"  # the last column of a download: the record's page on the portal


def field_notes() -> dict[str, list[tuple[str, str]]]:
    """Return, per kind, each download field with its description in Chinese (fieldnotes.yaml).

    A field without a description is an error here, so a new field cannot ship undocumented.
    """
    notes = yaml.safe_load(
        resources.files("generator.site").joinpath("fieldnotes.yaml").read_text(encoding="utf-8")
    )
    described = {}
    for kind, fields in FIELDS.items():
        own = {**notes["all"], **notes.get(kind, {})}
        missing = [label for label, _ in fields if label not in own]
        if missing:
            raise KeyError(f"fieldnotes.yaml 缺少字段说明：{kind} {missing}")
        described[kind] = [(label, own[label]) for label in (*(lb for lb, _ in fields), URL_LABEL)]
    return described
