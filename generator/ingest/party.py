"""Read who a licence, penalty or list entry is about, and infer its 类别 when no column gives it.

The 2021 templates come in a 法人 and a 自然人 version without 行政相对人类别, the 2016 generation
has no 类别 at all, and the national site's lists name a subject and nothing else. What the row
carries decides, and the record keeps how it was decided.
"""

from __future__ import annotations

import re

from generator.core.codes import USCC_PLACEHOLDER, is_personal_id, is_valid_uscc
from generator.core.records import ORGANISATION, PERSON, SOLE_TRADER, Party
from generator.ingest.cells import clean_code
from generator.ingest.fields import RowFields
from generator.ingest.layout import PARTY_CODES

BY_PLACEHOLDER = "占位代码 00000000000000000X（个体工商户）"
BY_92 = "统一社会信用代码以92开头（个体工商户）"
BY_CODE = "有机构代码"
BY_PERSON_TEMPLATE = "自然人模板"
BY_ID_ONLY = "只有居民身份证号，没有机构代码"
BY_DEFAULT = "法人模板，未填代码"
BY_LEGAL_REP = "有法定代表人"
BY_NAME_OF_PERSON = "名称是自然人姓名的样子"
BY_NAME_OF_UNIT = "名称是单位名称的样子"

# Endings that make a short name a unit's; a name of four Han characters or fewer without one
# is taken for a person's, so a doubtful name is masked rather than a person's name shown.
UNIT_ENDINGS = (
    "公司", "集团", "中心", "超市", "酒店", "宾馆", "饭店", "银行", "工厂", "商行", "商店",
    "门市", "合作社", "协会", "商会", "委员会", "事务所", "研究所", "研究院", "医院", "学校",
    "幼儿园", "工作室", "经营部", "服务部", "门诊部", "诊所", "药店", "药房", "农场", "林场",
    "养殖场", "加油站", "车行", "餐馆", "餐厅", "茶楼", "网吧", "厂",
)  # fmt: skip
_HAN = re.compile(r"^[\u3400-\u9fff·]+$")


def read_party(f: RowFields) -> Party:
    """Read the 行政相对人 fields shared by licences and penalties (ID numbers kept apart)."""
    raw_uscc = clean_code(f.raw("uscc"))
    if f.has("party_type"):
        party_type, how = f.enum("party_type", "party_type", required=True), ""
    else:
        party_type, how = infer_party_type(f, raw_uscc)
    needs_code = party_type in (ORGANISATION, SOLE_TRADER)
    uscc = f.uscc("uscc", required=needs_code, placeholder_ok=party_type == SOLE_TRADER)
    codes = {name: f.code(name) for name in PARTY_CODES[1:]}
    codes["reg_no"] = codes["reg_no"] or f.code("reg_no", required=uscc == USCC_PLACEHOLDER)
    # The 2016 generation has no 证件类型: its 居民身份证号 column says what the number is.
    id_type = f.text("id_type", required=party_type == PERSON and f.has("id_type"))
    legal_rep_id_type = f.text("legal_rep_id_type")
    hidden_before = list(f.hidden)
    id_no = f.id_number("id_no", id_type, required=party_type == PERSON and not hidden_before)
    if party_type == PERSON and not id_no and hidden_before:
        id_no = hidden_before[0]  # a person's ID number written in a code column
    return Party(
        name=f.text("party_name", required=True),
        type=party_type,
        uscc=uscc,
        legal_rep=f.text("legal_rep"),
        legal_rep_id_type=legal_rep_id_type,
        legal_rep_id_no=f.id_number("legal_rep_id_no", legal_rep_id_type),
        id_type=id_type,
        id_no=id_no,
        type_from=how,
        **codes,
    )


def infer_party_type(f: RowFields, raw_uscc: str) -> tuple[str, str]:
    """Return a party's 类别 from what its row carries, and from what it was inferred."""
    if raw_uscc == USCC_PLACEHOLDER:
        return SOLE_TRADER, BY_PLACEHOLDER
    if raw_uscc.startswith("92") and not is_personal_id(raw_uscc):
        return SOLE_TRADER, BY_92
    codes = [clean_code(f.raw(name)) for name in PARTY_CODES]
    if any(code and not is_personal_id(code) for code in codes):
        return ORGANISATION, BY_CODE
    person_template = f.layout is not None and f.layout.person_template
    if clean_code(f.raw("id_no")) or any(is_personal_id(code) for code in codes if code):
        return PERSON, BY_PERSON_TEMPLATE if person_template else BY_ID_ONLY
    return (PERSON, BY_PERSON_TEMPLATE) if person_template else (ORGANISATION, BY_DEFAULT)


def party_identity(party: Party) -> str:
    """Return what tells one party of a decision from another, for the record key."""
    if party.uscc and party.uscc != USCC_PLACEHOLDER:
        return party.uscc
    if party.reg_no:
        return "reg:" + party.reg_no
    return "id:" + party.id_no


def infer_subject_type(f: RowFields, code: str, name: str, legal_rep: str) -> tuple[str, str]:
    """Return a list entry's 主体类别 when its file has no such column, and from what."""
    if code == USCC_PLACEHOLDER:
        return SOLE_TRADER, BY_PLACEHOLDER
    if code and is_valid_uscc(code):
        return (SOLE_TRADER, BY_92) if code.startswith("92") else (ORGANISATION, BY_CODE)
    if clean_code(f.raw("id_no")) or (code and is_personal_id(code)):
        return PERSON, BY_ID_ONLY
    if legal_rep:  # the national site names a 企业法人 only for organisations
        return ORGANISATION, BY_LEGAL_REP
    if looks_like_person(name):
        return PERSON, BY_NAME_OF_PERSON
    return ORGANISATION, BY_NAME_OF_UNIT


def looks_like_person(name: str) -> bool:
    """Tell whether a name reads as a person's: a few Han characters and no unit's ending."""
    name = name.strip()
    han = name.replace("·", "")
    if not _HAN.match(name) or not 2 <= len(han) <= (10 if "·" in name else 4):
        return False
    return not name.endswith(UNIT_ENDINGS)
