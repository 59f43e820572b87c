"""Turn the fields of one row into a typed record of its kind, or into problems."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from generator.core.kinds import KINDS, LIST_KINDS, TAKEDOWN_KINDS
from generator.core.records import (
    ORGANISATION,
    PERSON,
    SOLE_TRADER,
    Case,
    Commitment,
    Licence,
    ListEntry,
    Party,
    Penalty,
    Record,
    RiskWarning,
    Takedown,
)
from generator.ingest.cells import split_list
from generator.ingest.fields import RowFields

TAKEDOWN_NEEDS_DOC_NO = ("行政处罚", "行政许可", "信用承诺")
REQUIRED_DOC_NO = "必填项为空（无文书号时应填许可编号）"


def read_party(f: RowFields) -> Party:
    """Read the 行政相对人 fields shared by licences and penalties."""
    party_type = f.enum("party_type", "party_type", required=True)
    needs_code = party_type in (ORGANISATION, SOLE_TRADER)
    uscc = f.uscc("uscc", required=needs_code, placeholder_ok=party_type == SOLE_TRADER)
    reg_no = f.code("reg_no", required=uscc == "00000000000000000X")
    id_type = f.text("id_type", required=party_type == PERSON)
    legal_rep_id_type = f.text("legal_rep_id_type")
    return Party(
        name=f.text("party_name", required=True),
        type=party_type,
        uscc=uscc,
        reg_no=reg_no,
        org_code=f.code("org_code"),
        tax_no=f.code("tax_no"),
        inst_no=f.code("inst_no"),
        social_org_no=f.code("social_org_no"),
        legal_rep=f.text("legal_rep"),
        legal_rep_id_type=legal_rep_id_type,
        legal_rep_id_no=f.id_number("legal_rep_id_no", legal_rep_id_type),
        id_type=id_type,
        id_no=f.id_number("id_no", id_type, required=party_type == PERSON),
    )


def party_identity(party: Party) -> str:
    """Return what tells one party of a decision from another, for the record key."""
    if party.uscc and party.uscc != "00000000000000000X":
        return party.uscc
    if party.reg_no:
        return "reg:" + party.reg_no
    return "id:" + party.id_no


def check_order(f: RowFields, first: str, start: date | None, last: str, end: date | None) -> None:
    """Report a date range whose end comes before its start."""
    if start is not None and end is not None and end < start:
        f.fail(last, f"早于{f.labels.get(first, first)}（{start.isoformat()}）", end.isoformat())


def read_reported_on(f: RowFields, decided_on: date | None) -> date | None:
    """Read the optional 报送日期: a department cannot report before deciding.

    That would make the reporting monitor's timeliness figures meaningless, so such a row is
    rejected like any other impossible date order (a report after the build day is policy's).
    """
    reported_on = f.day("reported_on")
    check_order(f, "decided_on", decided_on, "reported_on", reported_on)
    return reported_on


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
    return Licence(
        source=f.source,
        key=f.key(kind, doc_no, dept_code, party_identity(party)),
        party=party,
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
        status=f.text("status"),
        remark=f.text("remark"),
        reported_on=reported_on,
    )


def read_categories(f: RowFields) -> tuple[str, ...]:
    """Read 处罚类别: one or more standard categories in one cell (or two older columns)."""
    raw = [f.text("categories", required=True), f.text("categories_2")]
    categories: list[str] = []
    for part in (p for cell in raw for p in split_list(cell)):
        standard = f.header_map.standard_value("penalty_category", part)
        if standard is None:
            allowed = "、".join(f.header_map.allowed("penalty_category"))
            f.fail("categories", f"不是标准处罚类别（{allowed}）", part)
        elif standard not in categories:
            categories.append(standard)
    return tuple(categories)


def build_penalty(f: RowFields, kind: str) -> Penalty:
    """Read a 行政处罚 row."""
    party = read_party(f)
    doc_no = f.text("doc_no", required=True)
    decided_on = f.day("decided_on", required=True)
    effective_to = f.day("effective_to", required=True)
    publicity_end = f.day("publicity_end")
    check_order(f, "decided_on", decided_on, "effective_to", effective_to)
    check_order(f, "decided_on", decided_on, "publicity_end", publicity_end)
    reported_on = read_reported_on(f, decided_on)
    dept_code = f.uscc("dept_code", required=True)
    return Penalty(
        source=f.source,
        key=f.key(kind, doc_no, dept_code, party_identity(party)),
        party=party,
        doc_no=doc_no,
        violation_type=f.text("violation_type", required=True),
        facts=f.text("facts", required=True),
        basis=f.text("basis", required=True),
        categories=read_categories(f),
        content=f.text("content", required=True),
        decided_on=decided_on or date.min,
        effective_to=effective_to or date.min,
        dept=f.text("dept", required=True),
        dept_code=dept_code,
        source_unit=f.text("source_unit", required=True),
        source_unit_code=f.uscc("source_unit_code", required=True),
        fine=f.amount("fine"),
        confiscated=f.amount("confiscated"),
        licence_revoked=f.text("licence_revoked"),
        publicity_end=publicity_end,
        severity=f.enum("severity", "severity"),
        procedure=f.text("procedure"),
        disclosure=f.text("disclosure"),
        status=f.text("status"),
        remark=f.text("remark"),
        reported_on=reported_on,
    )


def build_list_entry(f: RowFields, kind: str) -> ListEntry:
    """Read a red, black or watch list row."""
    subject_type = f.enum("subject_type", "party_type", required=True)
    is_person = subject_type == PERSON
    uscc = f.uscc("uscc", required=not is_person, placeholder_ok=subject_type == SOLE_TRADER)
    id_no = f.id_number("id_no") if is_person else ""
    name = f.text("name", required=True)
    list_type = f.text("list_type", required=True)
    dept_code = f.uscc("dept_code", required=True)
    listed_on = f.day("listed_on", required=True)
    valid_to, removed_on = f.day("valid_to"), f.day("removed_on")
    check_order(f, "listed_on", listed_on, "valid_to", valid_to)
    check_order(f, "listed_on", listed_on, "removed_on", removed_on)
    identity = uscc if uscc and not is_person else "id:" + id_no + "\x1f" + name
    return ListEntry(
        source=f.source,
        key=f.key(kind, list_type, identity, dept_code, _iso(listed_on)),
        kind=kind,
        list_type=list_type,
        name=name,
        subject_type=subject_type,
        reason=f.text("reason", required=True),
        dept=f.text("dept", required=True),
        dept_code=dept_code,
        listed_on=listed_on or date.min,
        uscc=uscc,
        id_no=id_no,
        legal_rep=f.text("legal_rep"),
        basis=f.text("basis"),
        valid_to=valid_to,
        removed_on=removed_on,
        source_unit=f.text("source_unit"),
        remark=f.text("remark"),
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
    natural = (code,) if code else (dept_code, party_code, _iso(made_on), commitment_type)
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
        key=f.key(kind, title, dept, _iso(published_on)),
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
        key=f.key(kind, title, dept, _iso(published_on)),
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
        key=f.key(kind, category, doc_no, uscc, list_type, action, _iso(acted_on), dept),
        category=category,
        action=action,
        acted_on=acted_on or date.min,
        doc_no=doc_no,
        uscc=uscc,
        list_type=list_type,
        dept=dept,
        remark=f.text("remark"),
    )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


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
