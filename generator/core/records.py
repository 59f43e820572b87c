"""Frozen, typed records: what ingest hands to every later stage.

`source` takes no part in equality, so two records compare equal exactly when their content
is the same, wherever they were read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ORGANISATION = "法人及非法人组织"
PERSON = "自然人"
SOLE_TRADER = "个体工商户"
PARTY_TYPES = (ORGANISATION, PERSON, SOLE_TRADER)
# "No end" (长期, or a date such as 2099-12-31 in the export), as every stage writes it.
NO_END = date(9999, 12, 31)
LAPSED = "已失效"  # how a lapsed licence is labelled on every page
DISPUTED = "异议处理中"  # how a record under 异议 (2016 当前状态 2) reads: it stays published


@dataclass(frozen=True, slots=True)
class Source:
    """Where a row was read: the file relative to the data folder and its row number."""

    file: str
    row: int


@dataclass(frozen=True, slots=True)
class Party:
    """The subject of a licence or a penalty (行政相对人)."""

    name: str
    type: str
    uscc: str = ""
    reg_no: str = ""
    org_code: str = ""
    tax_no: str = ""
    inst_no: str = ""
    social_org_no: str = ""
    legal_rep: str = ""
    legal_rep_id_type: str = ""
    legal_rep_id_no: str = ""  # never published
    id_type: str = ""
    id_no: str = ""  # never published
    type_from: str = ""
    """How `type` was found when the file has no 行政相对人类别 column (empty: from the column)."""
    hidden_ids: tuple[str, ...] = ()
    """Personal ID numbers found in a public identifier column (代码_N, 许可编号): never published."""

    @property
    def is_person(self) -> bool:
        """Tell whether the party is a natural person, who has no public profile."""
        return self.type == PERSON


@dataclass(frozen=True, slots=True)
class Licence:
    """A 行政许可 decision."""

    key: str
    party: Party
    doc_name: str
    doc_no: str
    category: str
    content: str
    decided_on: date
    dept: str
    dept_code: str
    source_unit: str
    source_unit_code: str
    cert_name: str = ""
    licence_no: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    status: str = ""
    state: str = ""
    """The information's own state (2016 当前状态): 正常, 撤销, 异议 or 其他; empty: not given."""
    remark: str = ""
    reported_on: date | None = None
    source: Source = field(default=Source("", 0), compare=False)
    kind: str = "licensing"


@dataclass(frozen=True, slots=True)
class Penalty:
    """A 行政处罚 decision."""

    key: str
    party: Party
    doc_no: str
    violation_type: str
    facts: str
    basis: str
    categories: tuple[str, ...]
    content: str
    decided_on: date
    effective_to: date | None  # often blank in real exports (a nullable database column)
    dept: str
    dept_code: str
    source_unit: str
    source_unit_code: str
    fine: Decimal | None = None
    confiscated: Decimal | None = None
    licence_revoked: str = ""
    publicity_end: date | None = None
    severity: str = ""
    procedure: str = ""
    disclosure: str = ""
    state: str = ""
    """The information's own state (当前状态): 正常, 撤销, 异议 or 其他; empty: not given."""
    remark: str = ""
    reported_on: date | None = None
    source: Source = field(default=Source("", 0), compare=False)
    kind: str = "penalties"


@dataclass(frozen=True, slots=True)
class ListEntry:
    """An entry of the red (守信激励), black (严重失信) or watch (重点关注) list."""

    key: str
    kind: str  # redlist / blacklist / watchlist
    list_type: str
    name: str
    subject_type: str
    reason: str
    dept: str
    dept_code: str
    listed_on: date | None  # the national site's 经营异常名录 carries none
    uscc: str = ""
    reg_no: str = ""
    id_no: str = ""  # never published
    legal_rep: str = ""
    basis: str = ""
    valid_to: date | None = None
    removed_on: date | None = None
    source_unit: str = ""
    remark: str = ""
    updated_on: date | None = None
    """The source's 最新更新日期: what dates an entry whose file gives no 列入日期."""
    subject_type_from: str = ""
    """How `subject_type` was found when the file has no 主体类别 column (empty: the column)."""
    missing: tuple[str, ...] = ()
    """Fields the contract requires that the file's shape does not carry (shown as missing)."""
    hidden_ids: tuple[str, ...] = ()
    """Personal ID numbers found in a public identifier column: never published."""
    source: Source = field(default=Source("", 0), compare=False)


@dataclass(frozen=True, slots=True)
class Commitment:
    """A 信用承诺."""

    key: str
    name: str
    subject_type: str
    party_code: str  # a credit code, or a person's ID number (never published)
    commitment_type: str
    reason: str
    content: str
    liability: str
    made_on: date
    fulfilment: str
    dept: str
    dept_code: str
    disclosure: str
    code: str = ""
    valid_to: date | None = None
    unfulfilled: str = ""
    pursued: str = ""
    remark: str = ""
    source: Source = field(default=Source("", 0), compare=False)
    kind: str = "commitments"


@dataclass(frozen=True, slots=True)
class Case:
    """A 典型案例 reported by a department."""

    key: str
    title: str
    case_type: str
    dept: str
    published_on: date
    body: str
    name: str = ""
    uscc: str = ""
    dept_code: str = ""
    origin: str = ""  # 来源
    source: Source = field(default=Source("", 0), compare=False)
    kind: str = "cases"


@dataclass(frozen=True, slots=True)
class RiskWarning:
    """A 信用风险提示."""

    key: str
    title: str
    dept: str
    published_on: date
    body: str
    valid_to: date | None = None
    source: Source = field(default=Source("", 0), compare=False)
    kind: str = "warnings"


@dataclass(frozen=True, slots=True)
class Takedown:
    """A 撤销 / 信用修复 / 更正 / 移出 of a published record."""

    key: str
    category: str
    action: str
    acted_on: date
    doc_no: str = ""
    uscc: str = ""
    list_type: str = ""
    dept: str = ""
    remark: str = ""
    source: Source = field(default=Source("", 0), compare=False)
    kind: str = "takedowns"


Record = Licence | Penalty | ListEntry | Commitment | Case | RiskWarning | Takedown


RecordId = tuple[str, Source]
"""How stages refer to one record: its stable key and the row it was read from."""


def record_id(record: Record) -> RecordId:
    """Return what a record is joined by between stages (never its object identity).

    The key alone is not enough: the versions of a corrected record share one key.
    """
    return record.key, record.source
