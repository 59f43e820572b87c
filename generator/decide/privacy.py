"""Personal data: mask people's names, scrub free text, and find what must never be published.

The same finders serve the scrubber (before emitting) and the privacy gate (after emitting), so
the gate checks exactly what the scrubber promises.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from generator.core.codes import is_personal_id, is_valid_id_number, is_valid_uscc
from generator.core.kinds import kind_of
from generator.core.records import (
    ORGANISATION,
    PERSON,
    SOLE_TRADER,
    Commitment,
    Licence,
    ListEntry,
    Party,
    Penalty,
    Record,
)

# Two-character surnames of 《百家姓》 still in use; a name starting with one keeps both.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "闻人",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "太叔",
        "申屠",
        "端木",
        "赫连",
        "南宫",
        "万俟",
        "呼延",
        "独孤",
        "西门",
        "百里",
        "东郭",
        "南门",
        "羊舌",
        "微生",
        "梁丘",
        "左丘",
        "第五",
        "司空",
        "司寇",
        "亓官",
        "鲜于",
        "闾丘",
        "仲孙",
        "拓跋",
        "夹谷",
        "谷梁",
        "乐正",
        "漆雕",
        "壤驷",
        "公良",
        "公西",
        "巫马",
        "段干",
        "东门",
        "呼衍",
    ]
)

_SEP = r"[ \-]?"
# An 18-character ID, possibly written in groups with spaces or dashes; letters and digits around
# it would make it part of a longer token (a credit code, a hash), so they must not touch it.
_ID = re.compile(rf"(?<![0-9A-Za-z])\d(?:{_SEP}\d){{16}}{_SEP}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(rf"(?<![0-9A-Za-z])(?:\+?86{_SEP})?1[3-9]\d(?:{_SEP}\d){{8}}(?![0-9A-Za-z])")
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[ \-]?)[2-9]\d{6,7}(?:-\d{1,5})?(?![0-9A-Za-z])"
)
_LONG_NUMBER = re.compile(rf"(?<![0-9A-Za-z])\d(?:{_SEP}\d){{15,18}}(?![0-9A-Za-z])")

ID_LABEL = "〔身份证号已隐去〕"
MOBILE_LABEL = "〔手机号已隐去〕"
LANDLINE_LABEL = "〔电话已隐去〕"
CARD_LABEL = "〔银行卡号已隐去〕"


def mask_name(name: str) -> str:
    """Keep a person's surname and star the rest: 张三 → 张*, 欧阳建国 → 欧阳**."""
    name = name.strip()
    if len(name) <= 1:
        return name
    keep = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:keep] + "*" * (len(name) - keep)


def compact_number(text: str) -> str:
    """Return a number as written without its group separators (spaces, dashes), upper case."""
    return re.sub(r"[ \-]", "", text).upper()


def written_as_number(text: str) -> bool:
    """Return whether digits are written the way people write a number: whole, or in groups.

    A person writes `3604 0219 9001 0112 34` or `138-1234-5678`, never one digit at a time;
    single digits between spaces are coordinates (SVG paths in a stylesheet), not a number.
    """
    groups = re.split(r"[ \-]", text.removeprefix("+"))
    return len(groups) == 1 or min(len(g) for g in groups) >= 2


def find_id_numbers(text: str, start: int = 0, end: int = sys.maxsize) -> Iterator[re.Match[str]]:
    """Yield the spans of valid 18-character ID numbers (check digit and birth date right)."""
    for match in _ID.finditer(text, start, end):
        if written_as_number(match.group()) and is_valid_id_number(compact_number(match.group())):
            yield match


def find_mobile_numbers(
    text: str, start: int = 0, end: int = sys.maxsize
) -> Iterator[re.Match[str]]:
    """Yield the spans of mainland mobile numbers (1[3-9] and nine more digits)."""
    return (m for m in _MOBILE.finditer(text, start, end) if written_as_number(m.group()))


def find_bank_cards(text: str) -> Iterator[re.Match[str]]:
    """Yield 16-19 digit numbers that pass the Luhn check and are not IDs or credit codes."""
    for match in _LONG_NUMBER.finditer(text):
        digits = compact_number(match.group())
        if is_valid_id_number(digits) or is_valid_uscc(digits):
            continue
        if _luhn(digits):
            yield match


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _replace(text: str, finder: Callable[[str], Iterable[re.Match[str]]], label: str) -> str:
    out, last = [], 0
    for match in finder(text):
        out += [text[last : match.start()], label]
        last = match.end()
    return "".join(out) + text[last:] if out else text


def scrub_text(text: str, scrub: frozenset[str], names: Iterable[tuple[str, str]] = ()) -> str:
    """Remove ID, phone and bank card numbers from free text, and mask the given people's names."""
    if not text:
        return text
    if "id_numbers" in scrub:
        text = _replace(text, find_id_numbers, ID_LABEL)
    if "bank_cards" in scrub:
        text = _replace(text, find_bank_cards, CARD_LABEL)
    if "mobile_numbers" in scrub:
        text = _replace(text, find_mobile_numbers, MOBILE_LABEL)
    if "landline_numbers" in scrub:
        text = _LANDLINE.sub(LANDLINE_LABEL, text)
    for name, masked in names:
        if len(name) >= 2:  # a one-character "name" would star that character everywhere
            text = text.replace(name, masked)
    return text


def public_view(record: Record, mask_names: bool, scrub: frozenset[str]) -> Record:
    """Return the record as it may be published: no ID numbers, people's names masked, text scrubbed."""
    names: list[tuple[str, str]] = []
    changes: dict[str, object] = {}
    if isinstance(record, Licence | Penalty):
        party, names = public_party(record.party, mask_names)
        changes["party"] = party
        if isinstance(record, Licence) and record.party.type != ORGANISATION:
            # 从业资格证 and similar licences of people are often numbered by the holder's ID.
            changes["licence_no"] = scrub_text(record.licence_no, scrub & {"id_numbers"})
    elif isinstance(record, ListEntry):
        changes["id_no"], changes["hidden_ids"] = "", ()
        if record.subject_type == PERSON and mask_names:
            names.append((record.name, mask_name(record.name)))
        if record.subject_type in (PERSON, SOLE_TRADER) and mask_names and record.legal_rep:
            names.append((record.legal_rep, mask_name(record.legal_rep)))
        changes.update(_masked_fields(record, ("name", "legal_rep"), names))
    elif isinstance(record, Commitment) and record.subject_type == PERSON:
        changes["party_code"] = ""
        if mask_names:
            names.append((record.name, mask_name(record.name)))
            changes["name"] = mask_name(record.name)
    # The record's own never-published numbers go too, whatever their shape (a passport number).
    names += [(value, ID_LABEL) for value in _own_secrets(record)]
    for name in kind_of(record.kind).free_text:
        changes[name] = scrub_text(getattr(record, name), scrub, names)
    return replace(record, **changes)  # type: ignore[arg-type]


def public_party(party: Party, mask_names: bool) -> tuple[Party, list[tuple[str, str]]]:
    """Return a party without ID numbers, a person's (or a sole trader's operator's) name masked."""
    names: list[tuple[str, str]] = []
    if mask_names and party.type == PERSON:
        names.append((party.name, mask_name(party.name)))
    if mask_names and party.type in (PERSON, SOLE_TRADER) and party.legal_rep:
        names.append((party.legal_rep, mask_name(party.legal_rep)))
    changes = _masked_fields(party, ("name", "legal_rep"), names)
    public = replace(party, id_no="", legal_rep_id_no="", hidden_ids=(), **changes)  # type: ignore[arg-type]
    return public, names


def _masked_fields(
    obj: object, attrs: tuple[str, ...], names: list[tuple[str, str]]
) -> dict[str, str]:
    mapping = dict(names)
    return {a: mapping[getattr(obj, a)] for a in attrs if getattr(obj, a) in mapping}


def _own_secrets(record: Record) -> list[str]:
    """Return the values of a record's never-published fields (ID numbers of any kind)."""
    if isinstance(record, Licence | Penalty):
        values = [record.party.id_no, record.party.legal_rep_id_no, *record.party.hidden_ids]
    elif isinstance(record, ListEntry):
        values = [record.id_no, *record.hidden_ids]
    elif isinstance(record, Commitment) and record.subject_type == PERSON:
        values = [record.party_code]
    else:
        values = []
    return [v for v in values if len(v) >= 6]  # shorter values would match innocent text


_IDENTIFIERS = (
    "party.uscc",
    "party.reg_no",
    "party.org_code",
    "party.tax_no",
    "party.inst_no",
    "party.social_org_no",
    "licence_no",
    "doc_no",
    "uscc",
    "code",
    "party_code",  # a commitment's 承诺人代码: a credit code (a person's is blanked before this)
    "dept_code",
    "source_unit_code",
)


def published_identifiers(records: Iterable[Record]) -> set[str]:
    """Collect the identifiers a public record shows on purpose (codes, 许可编号, 文书号)."""
    found: set[str] = set()
    for record in records:
        for path in _IDENTIFIERS:
            value: object = record
            for part in path.split("."):
                value = getattr(value, part, "")
            # A person's ID number is never one, whatever column it stands in (代码_5, 许可编号).
            if isinstance(value, str) and len(value) >= 15 and not is_personal_id(value):
                found.add(value)
    return found


def secret_values(records: Iterable[Record]) -> set[str]:
    """Collect every value of a never-published field, for the gate to look for."""
    return {value for record in records for value in _own_secrets(record)}
