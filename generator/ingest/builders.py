"""Turn the fields of one row into a typed record of its kind, or into problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from generator.core.kinds import KINDS, LIST_KINDS, TAKEDOWN_KINDS
from generator.core.records import (
    PERSON,
    SOLE_TRADER,
    Case,
    Commitment,
    Licence,
    ListEntry,
    Penalty,
    Record,
    RiskWarning,
    Takedown,
)
from generator.ingest.cells import split_list
from generator.ingest.fields import RowFields, check_order, iso_day
from generator.ingest.lists import build_list_entry
from generator.ingest.party import party_identity, read_party

TAKEDOWN_NEEDS_DOC_NO = ("行政处罚", "行政许可", "信用承诺")
REQUIRED_DOC_NO = "必填项为空（无文书号时应填许可编号）"
STATE_IS_A_CODE = "当前状态填写的是代码，本文件不属于2016版格式，无法对照代码表，请填写文字"
WAN = Decimal("0.0001")  # 元 in 万元


def read_reported_on(f: RowFields, decided_on: date | None) -> date | None:
    """Read the optional 报送日期: a department cannot report before deciding.

    That would make the reporting monitor's timeliness figures meaningless, so such a row is
    rejected like any other impossible date order (a report after the build day is policy's).
    """
    reported_on = f.day("reported_on")
    check_order(f, "decided_on", decided_on, "reported_on", reported_on)
    return reported_on


def read_state(f: RowFields, column: str) -> str:
    """Read 当前状态 as the information's state: 正常, 撤销, 异议 or 其他 (words, never a code)."""
    value = f.text(column)
    generation = f.generation
    if generation is not None and generation.state_column:
        if not value:
            return "正常" if f.has(column) else ""  # the 2016 codebook: 0 or blank is 正常
        decoded = generation.decode("state", value)
        if decoded:
            return decoded[0]
    if not value:
        return ""
    if value.isdigit():
        f.fail(column, STATE_IS_A_CODE, value)
        return ""
    standard = f.header_map.standard_value("state", value)
    if standard is None:
        f.fail(column, f"不是允许的取值（{' / '.join(f.header_map.allowed('state'))}）", value)
        return ""
    return standard


def read_licence_status(f: RowFields) -> tuple[str, str]:
    """Return (licence status, information state) from 当前状态, by the file's generation."""
    generation = f.generation
    if generation is not None and generation.state_column:
        return "", read_state(f, "status")  # 2016: the state of the information itself
    status = f.text("status")
    if status.isdigit():
        f.fail("status", STATE_IS_A_CODE, status)
        return "", ""
    if status and f.header_map.standard_value("state", status) == "异议":
        return "", "异议"
    return status, ""


def dept_key(f: RowFields, dept_code: str) -> str:
    """Return the deciding body as a record key names it: its code, else its name (2016)."""
    return dept_code or "名称:" + "".join(f.text("dept").split())


def build_licence(f: RowFields, kind: str) -> Licence:
    """Read a 行政许可 row."""
    party = read_party(f)
    licence_no = f.text("licence_no")
    doc_no = f.text("doc_no") or licence_no  # the standard: without a 文书号, the 许可编号
    if not doc_no:
        f.fail("doc_no", REQUIRED_DOC_NO)
    decided_on = f.day("decided_on", required=True)
    valid_from, valid_to = f.day("valid_from"), f.day("valid_to")
    check_order(f, "valid_from", valid_from, "valid_to", valid_to)
    reported_on = read_reported_on(f, decided_on)
    dept_code = f.uscc("dept_code", required=True)
    status, state = read_licence_status(f)
    return Licence(
        source=f.source,
        key=f.key(kind, doc_no, dept_key(f, dept_code), party_identity(party)),
        party=replace(party, hidden_ids=tuple(f.hidden)),
        doc_name=f.text("doc_name", required=True),
        doc_no=doc_no,
        category=f.enum("category", "licence_category", required=True),
        content=f.text("content", required=True),
        decided_on=decided_on or date.min,
        dept=f.text("dept", required=True),
        dept_code=dept_code,
        source_unit=f.text("source_unit", required=True),
        source_unit_code=f.uscc("source_unit_code", required=True),
        cert_name=f.text("cert_name"),
        licence_no=licence_no,
        valid_from=valid_from,
        valid_to=valid_to,
        status=status,
        state=state,
        remark=f.text("remark"),
        reported_on=reported_on,
    )


def read_categories(f: RowFields) -> tuple[str, ...]:
    """Read 处罚类别: one or more standard categories in one cell (or two older columns)."""
    raw = [f.text("categories", required=True), f.text("categories_2")]
    generation = f.generation
    categories: list[str] = []
    for part in (p for cell in raw for p in split_list(cell)):
        # The 2016 codebook: 1 is 罚款, 2 both 没收违法所得 and 没收非法财物 …
        words = (generation.decode("penalty_category", part) if generation else None) or (part,)
        for word in words:
            standard = f.header_map.standard_value("penalty_category", word)
            if standard is None:
                allowed = "、".join(f.header_map.allowed("penalty_category"))
                f.fail("categories", f"不是标准处罚类别（{allowed}）", part)
            elif standard not in categories:
                categories.append(standard)
    return tuple(categories)


def read_amount(f: RowFields, field: str) -> Decimal | None:
    """Read an amount in 万元, or from its column in 元 (罚款金额（元）) when that is the one given."""
    amount = f.amount(field)
    if amount is None and f.has(field + "_yuan"):
        yuan = f.amount(field + "_yuan")
        if yuan is not None:
            amount = (yuan * WAN).normalize()
            amount = amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount
    return amount


def build_penalty(f: RowFields, kind: str) -> Penalty:
    """Read a 行政处罚 row (a blank 处罚有效期 is no fault: real exports leave it blank)."""
    party = read_party(f)
    doc_no = f.text("doc_no", required=True)
    decided_on = f.day("decided_on", required=True)
    effective_to = f.day("effective_to")
    publicity_end = f.day("publicity_end")
    check_order(f, "decided_on", decided_on, "effective_to", effective_to)
    check_order(f, "decided_on", decided_on, "publicity_end", publicity_end)
    reported_on = read_reported_on(f, decided_on)
    dept_code = f.uscc("dept_code", required=True)
    return Penalty(
        source=f.source,
        key=f.key(kind, doc_no, dept_key(f, dept_code), party_identity(party)),
        party=replace(party, hidden_ids=tuple(f.hidden)),
        doc_no=doc_no,
        violation_type=f.text("violation_type", required=True),
        facts=f.text("facts", required=True),
        basis=f.text("basis", required=True),
        categories=read_categories(f),
        content=f.text("content", required=True),
        decided_on=decided_on or date.min,
        effective_to=effective_to,
        dept=f.text("dept", required=True),
        dept_code=dept_code,
        source_unit=f.text("source_unit", required=True),
        source_unit_code=f.uscc("source_unit_code", required=True),
        fine=read_amount(f, "fine"),
        confiscated=read_amount(f, "confiscated"),
        licence_revoked=f.text("licence_revoked"),
        publicity_end=publicity_end,
        severity=f.enum("severity", "severity"),
        procedure=f.text("procedure"),
        disclosure=f.text("disclosure"),
        state=read_state(f, "state"),
        remark=f.text("remark"),
        reported_on=reported_on,
    )


def read_commitment_code(f: RowFields) -> str:
    """Read a 承诺编码: 6-digit area code, 8-digit date, 6-digit serial."""
    code = f.code("code")
    if not code:
        return ""
    if len(code) != 20 or not code.isdigit():
        f.fail("code", "承诺编码应为20位数字（6位地区码+8位日期+6位序号）", code)
        return ""
    try:
        date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        f.fail("code", "承诺编码中的日期不存在", code)
        return ""
    return code


def build_commitment(f: RowFields, kind: str) -> Commitment:
    """Read a 信用承诺 row."""
    subject_type = f.enum("subject_type", "party_type", required=True)
    if subject_type == PERSON:
        party_code = f.id_number("party_code", required=True)
    else:
        party_code = f.uscc("party_code", required=True, placeholder_ok=subject_type == SOLE_TRADER)
    code = read_commitment_code(f)
    made_on = f.day("made_on", required=True)
    valid_to = f.day("valid_to")
    check_order(f, "made_on", made_on, "valid_to", valid_to)
    dept_code = f.uscc("dept_code", required=True)
    commitment_type = f.enum("commitment_type", "commitment_type", required=True)
    natural = (code,) if code else (dept_code, party_code, iso_day(made_on), commitment_type)
    return Commitment(
        source=f.source,
        key=f.key(kind, *natural),
        name=f.text("name", required=True),
        subject_type=subject_type,
        party_code=party_code,
        commitment_type=commitment_type,
        reason=f.text("reason", required=True),
        content=f.text("content", required=True),
        liability=f.text("liability", required=True),
        made_on=made_on or date.min,
        fulfilment=f.enum("fulfilment", "fulfilment", required=True),
        dept=f.text("dept", required=True),
        dept_code=dept_code,
        disclosure=f.enum("disclosure", "disclosure", required=True),
        code=code,
        valid_to=valid_to,
        unfulfilled=f.text("unfulfilled"),
        pursued=f.text("pursued"),
        remark=f.text("remark"),
    )


def build_case(f: RowFields, kind: str) -> Case:
    """Read a 典型案例 row."""
    title = f.text("title", required=True)
    dept = f.text("dept", required=True)
    published_on = f.day("published_on", required=True)
    return Case(
        source=f.source,
        key=f.key(kind, title, dept, iso_day(published_on)),
        title=title,
        case_type=f.enum("case_type", "case_type", required=True),
        dept=dept,
        published_on=published_on or date.min,
        body=f.text("body", required=True),
        name=f.text("name"),
        uscc=f.uscc("uscc"),
        dept_code=f.uscc("dept_code"),
        origin=f.text("source"),
    )


def build_warning(f: RowFields, kind: str) -> RiskWarning:
    """Read a 信用风险提示 row."""
    title = f.text("title", required=True)
    dept = f.text("dept", required=True)
    published_on = f.day("published_on", required=True)
    valid_to = f.day("valid_to")
    check_order(f, "published_on", published_on, "valid_to", valid_to)
    return RiskWarning(
        source=f.source,
        key=f.key(kind, title, dept, iso_day(published_on)),
        title=title,
        dept=dept,
        published_on=published_on or date.min,
        body=f.text("body", required=True),
        valid_to=valid_to,
    )


def build_takedown(f: RowFields, kind: str) -> Takedown:
    """Read a 撤销 / 信用修复 / 更正 / 移出 row."""
    category = f.enum("category", "takedown_category", required=True)
    is_list = TAKEDOWN_KINDS.get(category) in LIST_KINDS
    if category == "信用承诺":
        doc_no = f.code("doc_no", required=True)
    else:
        doc_no = f.text("doc_no", required=category in TAKEDOWN_NEEDS_DOC_NO)
    uscc = f.uscc("uscc", required=is_list)
    list_type = f.text("list_type", required=is_list)
    action = f.enum("action", "takedown_action", required=True)
    acted_on = f.day("acted_on", required=True)
    dept = f.text("dept")
    return Takedown(
        source=f.source,
        key=f.key(kind, category, doc_no, uscc, list_type, action, iso_day(acted_on), dept),
        category=category,
        action=action,
        acted_on=acted_on or date.min,
        doc_no=doc_no,
        uscc=uscc,
        list_type=list_type,
        dept=dept,
        remark=f.text("remark"),
    )


Builder = Callable[[RowFields, str], Record]
# One builder per record class; the kinds table says which class a folder's rows become.
BUILDER_OF: dict[type, Builder] = {
    Licence: build_licence,
    Penalty: build_penalty,
    ListEntry: build_list_entry,
    Commitment: build_commitment,
    Case: build_case,
    RiskWarning: build_warning,
    Takedown: build_takedown,
}
BUILDERS: dict[str, Builder] = {kind.folder: BUILDER_OF[kind.record] for kind in KINDS}
