"""The one table of record kinds: every list of kinds the portal needs is derived from it.

A kind is an input folder (`penalties/`), a record class, a Chinese name and the places it
appears: its portal column, listings, detail pages, entity profiles, feeds, department
sections and the reporting monitor (双公示 kinds), the search index, and the 信息类别 a
takedown names it by. Adding a kind is one entry here, plus its record class, its builder
(ingest) and its template.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.records import (
    Case,
    Commitment,
    Licence,
    ListEntry,
    Penalty,
    RiskWarning,
    Takedown,
)

Fields = tuple[tuple[str, str], ...]  # (label a person reads, attribute path on the record)

_PARTY: Fields = (
    ("行政相对人名称", "party.name"),
    ("行政相对人类别", "party.type"),
    ("统一社会信用代码", "party.uscc"),
    ("工商注册号", "party.reg_no"),
    ("组织机构代码", "party.org_code"),
    ("税务登记号", "party.tax_no"),
    ("事业单位证书号", "party.inst_no"),
    ("社会组织登记证号", "party.social_org_no"),
    ("法定代表人", "party.legal_rep"),
)
_LIST_FIELDS: Fields = (
    ("名单类型", "list_type"),
    ("主体名称", "name"),
    ("主体类别", "subject_type"),
    ("统一社会信用代码", "uscc"),
    ("注册号", "reg_no"),
    ("法定代表人", "legal_rep"),
    ("列入事由", "reason"),
    ("列入依据", "basis"),
    ("认定部门", "dept"),
    ("认定部门统一社会信用代码", "dept_code"),
    ("列入日期", "listed_on"),
    ("有效期至", "valid_to"),
    ("数据来源单位", "source_unit"),
    ("最新更新日期", "updated_on"),
    ("备注", "remark"),
)
_LIST_COLUMNS: Fields = (
    ("名单类型", "list_type"),
    ("认定部门", "dept"),
    ("列入日期", "listed_on"),
    ("有效期至", "valid_to"),
)
_LIST_SUMMARY = ("list_type", "reason", "dept", "listed_on", "valid_to")
_LIST_FREE_TEXT = ("reason", "basis", "remark")


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of record, and every place of the portal that shows it."""

    folder: str
    """The input folder and the URL section (`/penalties/…`)."""
    name: str
    """Its Chinese name, as pages, feeds, downloads and the report call it."""
    record: type
    """The record class ingest builds for a row of this folder."""
    free_text: tuple[str, ...]
    """Fields written by people, scrubbed of personal data before publication."""
    column: str = ""
    """The portal column (tab) its pages belong to; empty for a kind that is never shown."""
    name_label: str = ""
    """What the first column of its listings names (行政相对人, 主体名称 …)."""
    name_path: str = "name"
    """The attribute a record is named by in listings and titles."""
    title_field: str = ""
    """The attribute that follows the name in a record's title (文书号, 名单类型 …)."""
    titled_by_kind: bool = False
    """Whether its titles carry the kind's name (`某公司 行政处罚 九市监罚〔2026〕12号`)."""
    category_path: str = ""
    """The attribute its listings are filtered by as 类别 (several values when a tuple)."""
    category_label: str = ""
    """The name of its category filter (处罚类别, 名单类型 …); empty: the generic 类别."""
    badge: str = ""
    """The badge of a red, black or watch list; empty for every other kind."""
    purpose: str = ""
    """What its feed announces."""
    takedown: str = ""
    """The 信息类别 by which a takedown names records of this kind; empty: none can."""
    double: bool = False
    """A 双公示 kind: department sections and embeds, the reporting monitor, 文书号 search."""
    profile: int = 0
    """Its place among the sections of an entity's profile; 0: profiles do not show it."""
    counted: bool = False
    """Whether search results count an entity's records of this kind."""
    fields: Fields = ()
    """The published fields, in the order a person reads them (never an ID number)."""
    columns: Fields = ()
    """A listing row's cells after the name."""
    summary: tuple[str, ...] = ()
    """The fields a feed entry's summary gives."""

    @property
    def shown(self) -> bool:
        """Tell whether the portal has pages for this kind."""
        return bool(self.column)

    @property
    def is_list(self) -> bool:
        """Tell whether this is a red, black or watch list."""
        return bool(self.badge)


KINDS: tuple[Kind, ...] = (
    Kind(
        "licensing",
        "行政许可",
        Licence,
        free_text=("doc_name", "content", "remark", "cert_name"),
        column="/shuanggongshi/",
        name_label="行政相对人",
        name_path="party.name",
        title_field="doc_no",
        titled_by_kind=True,
        category_path="category",
        category_label="许可类别",
        purpose="各部门新公示的行政许可决定",
        takedown="行政许可",
        double=True,
        profile=5,
        counted=True,
        fields=(
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
            ("信息状态", "state"),
            ("数据来源单位", "source_unit"),
            ("数据来源单位统一社会信用代码", "source_unit_code"),
            ("备注", "remark"),
        ),
        columns=(
            ("许可类别", "category"),
            ("决定文书号", "doc_no"),
            ("许可机关", "dept"),
            ("决定日期", "decided_on"),
        ),
        summary=("category", "content", "dept", "decided_on", "valid_to", "status", "state"),
    ),
    Kind(
        "penalties",
        "行政处罚",
        Penalty,
        free_text=("violation_type", "facts", "basis", "content", "licence_revoked", "remark"),
        column="/shuanggongshi/",
        name_label="行政相对人",
        name_path="party.name",
        title_field="doc_no",
        titled_by_kind=True,
        category_path="categories",
        category_label="处罚类别",
        purpose="各部门新公示的行政处罚决定",
        takedown="行政处罚",
        double=True,
        profile=4,
        counted=True,
        fields=(
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
            ("信息状态", "state"),
            ("处罚机关", "dept"),
            ("处罚机关统一社会信用代码", "dept_code"),
            ("数据来源单位", "source_unit"),
            ("数据来源单位统一社会信用代码", "source_unit_code"),
            ("备注", "remark"),
        ),
        columns=(
            ("处罚类别", "categories"),
            ("决定书文号", "doc_no"),
            ("处罚机关", "dept"),
            ("决定日期", "decided_on"),
        ),
        summary=(
            "violation_type",
            "categories",
            "content",
            "fine",
            "dept",
            "decided_on",
            "publicity_end",
            "state",
        ),
    ),
    Kind(
        "redlist",
        "守信激励名单",
        ListEntry,
        free_text=_LIST_FREE_TEXT,
        column="/lists/",
        name_label="主体名称",
        title_field="list_type",
        category_path="list_type",
        category_label="名单类型",
        badge="red",
        purpose="新列入守信激励名单的主体",
        takedown="守信激励",
        profile=1,
        counted=True,
        fields=_LIST_FIELDS,
        columns=_LIST_COLUMNS,
        summary=_LIST_SUMMARY,
    ),
    Kind(
        "blacklist",
        "严重失信主体名单",
        ListEntry,
        free_text=_LIST_FREE_TEXT,
        column="/lists/",
        name_label="主体名称",
        title_field="list_type",
        category_path="list_type",
        category_label="名单类型",
        badge="black",
        purpose="新列入严重失信主体名单的主体",
        takedown="严重失信",
        profile=2,
        counted=True,
        fields=_LIST_FIELDS,
        columns=_LIST_COLUMNS,
        summary=_LIST_SUMMARY,
    ),
    Kind(
        "watchlist",
        "重点关注名单",
        ListEntry,
        free_text=_LIST_FREE_TEXT,
        column="/lists/",
        name_label="主体名称",
        title_field="list_type",
        category_path="list_type",
        category_label="名单类型",
        badge="watch",
        purpose="新列入重点关注名单的主体",
        takedown="重点关注",
        profile=3,
        counted=True,
        fields=_LIST_FIELDS,
        columns=_LIST_COLUMNS,
        summary=_LIST_SUMMARY,
    ),
    Kind(
        "commitments",
        "信用承诺",
        Commitment,
        free_text=("reason", "content", "liability", "unfulfilled", "pursued", "remark"),
        column="/commitments/",
        name_label="承诺人",
        title_field="commitment_type",
        category_path="commitment_type",
        category_label="承诺类型",
        purpose="新公示的信用承诺",
        takedown="信用承诺",
        profile=6,
        counted=True,
        fields=(
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
        ),
        columns=(("承诺类型", "commitment_type"), ("受理单位", "dept"), ("作出日期", "made_on")),
        summary=("commitment_type", "reason", "dept", "made_on", "valid_to"),
    ),
    Kind(
        "cases",
        "典型案例",
        Case,
        free_text=("title", "body", "origin"),
        column="/cases/",
        name_label="标题",
        name_path="title",
        category_path="case_type",
        category_label="案例类型",
        purpose="新发布的典型案例",
        profile=7,
        fields=(
            ("标题", "title"),
            ("案例类型", "case_type"),
            ("主体名称", "name"),
            ("统一社会信用代码", "uscc"),
            ("报送单位", "dept"),
            ("发布日期", "published_on"),
            ("正文", "body"),
            ("来源", "origin"),
        ),
        columns=(("案例类型", "case_type"), ("报送单位", "dept"), ("发布日期", "published_on")),
        summary=("case_type", "dept", "published_on", "body"),
    ),
    Kind(
        "warnings",
        "风险提示",
        RiskWarning,
        free_text=("title", "body"),
        column="/warnings/",
        name_label="标题",
        name_path="title",
        purpose="新发布的风险提示",
        fields=(
            ("标题", "title"),
            ("发布单位", "dept"),
            ("发布日期", "published_on"),
            ("正文", "body"),
            ("有效期至", "valid_to"),
        ),
        columns=(("发布单位", "dept"), ("发布日期", "published_on"), ("有效期至", "valid_to")),
        summary=("dept", "published_on", "valid_to", "body"),
    ),
    Kind("takedowns", "撤销/信用修复", Takedown, free_text=("remark",)),
)

BY_FOLDER: dict[str, Kind] = {k.folder: k for k in KINDS}
FOLDERS: tuple[str, ...] = tuple(BY_FOLDER)
"""Every input folder, in the order ingest reads and the report lists them."""
KIND_NAMES: dict[str, str] = {k.folder: k.name for k in KINDS}
SITE_KINDS: tuple[str, ...] = tuple(k.folder for k in KINDS if k.shown)
LIST_KINDS: tuple[str, ...] = tuple(k.folder for k in KINDS if k.is_list)
DOUBLE_KINDS: tuple[str, ...] = tuple(k.folder for k in KINDS if k.double)
PROFILE_KINDS: tuple[str, ...] = tuple(k.folder for k in KINDS if k.profile)
PROFILE_SECTIONS: tuple[str, ...] = tuple(
    k.folder for k in sorted((k for k in KINDS if k.profile), key=lambda k: k.profile)
)
"""A profile's sections in reading order: list status first, then penalties, licences …"""
COUNTED_KINDS: tuple[str, ...] = tuple(k.folder for k in KINDS if k.counted)
TAKEDOWN_KINDS: dict[str, str] = {k.takedown: k.folder for k in KINDS if k.takedown}
"""A takedown's 信息类别 → the folder of the records it can reach."""


def kind_of(folder: str) -> Kind:
    """Return the kind of an input folder."""
    return BY_FOLDER[folder]
