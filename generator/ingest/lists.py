"""Read a red, black or watch list row, in the contract's shape or in the national site's."""

from __future__ import annotations

import re

from generator.core.codes import USCC_PLACEHOLDER, is_valid_uscc
from generator.core.records import PERSON, SOLE_TRADER, ListEntry
from generator.ingest.cells import clean_code
from generator.ingest.fields import RowFields, check_order, iso_day
from generator.ingest.party import infer_subject_type

NOT_A_CODE = "既不是有效的统一社会信用代码，也不是注册号"
_ORG_CODE = re.compile(r"[0-9A-Z]{8}-?[0-9X]")


def build_list_entry(f: RowFields, kind: str) -> ListEntry:
    """Read a list row; a field its file's shape lacks stays empty and is named as missing."""
    name = f.text("name", required=True)
    list_type = f.text("list_type", required=True)
    legal_rep = f.text("legal_rep")
    raw_code = clean_code(f.raw("uscc")) or clean_code(f.raw("any_code"))
    if f.has("subject_type"):
        subject_type, how = f.enum("subject_type", "party_type", required=True), ""
    else:
        subject_type, how = infer_subject_type(f, raw_code, name, legal_rep)
    is_person = subject_type == PERSON
    uscc = f.uscc("uscc", required=not is_person, placeholder_ok=subject_type == SOLE_TRADER)
    reg_no = ""
    if not uscc and f.has("any_code"):
        uscc, reg_no = read_any_code(f, subject_type)
    id_no = f.id_number("id_no") if is_person else ""
    if is_person and not id_no and f.hidden:
        id_no = f.hidden[0]  # the national site's code column held the person's ID number
    dept = f.text("dept", required=True)
    if not f.has("dept"):
        dept = f.text("source_unit")  # the list's publisher decided it (A级纳税人: 税务局)
    dept_code = f.uscc("dept_code", required=True)
    listed_on = f.day("listed_on", required=True)
    valid_to, removed_on = f.day("valid_to"), f.day("removed_on")
    check_order(f, "listed_on", listed_on, "valid_to", valid_to)
    check_order(f, "listed_on", listed_on, "removed_on", removed_on)
    reason = f.text("reason", required=True)
    remark = "；".join(
        part for part in (f.text("remark"), *(f"{h}：{v}" for h, v in f.details)) if part
    )
    if uscc and not is_person:
        identity = uscc
    elif reg_no:
        identity = "reg:" + reg_no
    else:
        identity = "id:" + id_no + "\x1f" + name
    natural = (list_type, identity, dept_code or dept, iso_day(listed_on))
    if listed_on is None or (identity.startswith("id:\x1f") and f.details):
        # A list without 列入日期, or a person without an ID number (the court's list of
        # debtors), tells its entries apart by what it says of them: 案号, 评价年度 …
        natural += (reason, remark)
    return ListEntry(
        source=f.source,
        key=f.key(kind, *natural),
        kind=kind,
        list_type=list_type,
        name=name,
        subject_type=subject_type,
        reason=reason,
        dept=dept,
        dept_code=dept_code,
        listed_on=listed_on,
        uscc=uscc,
        reg_no=reg_no,
        id_no=id_no,
        legal_rep=legal_rep,
        basis=f.text("basis"),
        valid_to=valid_to,
        removed_on=removed_on,
        source_unit=f.text("source_unit"),
        remark=remark,
        updated_on=f.day("updated_on"),
        subject_type_from=how,
        missing=f.layout.absent if f.layout is not None else (),
        hidden_ids=tuple(f.hidden),
    )


def read_any_code(f: RowFields, subject_type: str) -> tuple[str, str]:
    """Return (uscc, reg_no) from a column holding either (the national site's 注册号)."""
    value = f.code("any_code")  # a person's ID number in it is kept hidden, never published
    if not value:
        return "", ""
    if value == USCC_PLACEHOLDER and subject_type == SOLE_TRADER:
        return value, ""
    if is_valid_uscc(value):
        return value, ""
    if "*" in value or _ORG_CODE.fullmatch(value):
        # A number the source masked already, or a 组织机构代码 (the court's list puts one
        # where a company has no credit code): no field of a list entry holds either.
        return "", ""
    if len(value) == 18:  # shaped like a credit code, but its check character is wrong
        f.fail("any_code", NOT_A_CODE, value)
        return "", ""
    return "", value
