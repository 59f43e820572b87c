"""Personal data: mask people's names, scrub free text, and find what must never be published.

Numbers and names are found by `generator.core.personal`, the one detector the privacy gate
(after emitting) asks too, so the gate checks exactly what the scrubber (before emitting) promises.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace

from generator.core import personal
from generator.core.codes import is_personal_id
from generator.core.folding import find_name, fold_name
from generator.core.kinds import kind_of
from generator.core.personal import (
    BANK_CARD,
    ID_NUMBER,
    LANDLINE_NUMBER,
    MOBILE_NUMBER,
    Hit,
    compact,
    find_personal,
    fold,
)
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

ID_LABEL = "〔身份证号已隐去〕"
MOBILE_LABEL = "〔手机号已隐去〕"
LANDLINE_LABEL = "〔电话已隐去〕"
CARD_LABEL = "〔银行卡号已隐去〕"

# The scrub switches of the policy, the kind of number each removes, and what stands instead.
_SWITCHES = {
    "id_numbers": (ID_NUMBER, ID_LABEL),
    "bank_cards": (BANK_CARD, CARD_LABEL),
    "mobile_numbers": (MOBILE_NUMBER, MOBILE_LABEL),
    "landline_numbers": (LANDLINE_NUMBER, LANDLINE_LABEL),
}


def mask_name(name: str) -> str:
    """Keep a person's surname and star the rest: 张三 → 张*, 欧阳建国 → 欧阳**."""
    # Invisible characters and marks are not characters of the name: 张\u200b三 is 张*.
    name = fold(name, numerals=False).text.strip()
    if len(name) <= 1:
        return name
    keep = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:keep] + "*" * (len(name) - keep)


def compact_number(text: str) -> str:
    """Return a number as written, folded, without its group separators, upper case."""
    return compact(text)


def written_as_number(text: str) -> bool:
    """Return whether digits are written the way people write a number: whole, or in groups.

    A person writes `3604 0219 9001 0112 34` or `138-1234-5678`, never one digit at a time;
    single digits between spaces are coordinates (SVG paths in a stylesheet), not a number.
    """
    return personal.written_as_number(text)


def find_id_numbers(text: str, start: int = 0, end: int = sys.maxsize) -> Iterator[Hit]:
    """Yield valid ID numbers however written: 18 characters (check digit, birth date) or 15."""
    return iter(find_personal(text, {ID_NUMBER}, start, min(end, len(text))))


def find_mobile_numbers(text: str, start: int = 0, end: int = sys.maxsize) -> Iterator[Hit]:
    """Yield mainland mobile numbers (1[3-9] and nine more digits), with +86 / 0086 if written."""
    return iter(find_personal(text, {MOBILE_NUMBER}, start, min(end, len(text))))


def find_bank_cards(text: str) -> Iterator[Hit]:
    """Yield 16-19 digit numbers that pass the Luhn check and are not IDs or credit codes."""
    return iter(find_personal(text, {BANK_CARD}))


def _replace(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for start, end, label in spans:
        out += [text[last:start], label]
        last = end
    return "".join(out) + text[last:] if out else text


@functools.cache
def _labels(scrub: frozenset[str]) -> dict[str, str]:
    """Return the label of each kind of number the switches scrub."""
    return dict(_SWITCHES[s] for s in scrub if s in _SWITCHES)


def scrub_text(text: str, scrub: frozenset[str], names: Iterable[tuple[str, str]] = ()) -> str:
    """Remove ID, phone and bank card numbers from free text, and mask the given people's names.

    Numbers and names are found however they are written (full-width, spaced, with invisible
    characters, as entities or Chinese numerals); exactly the characters written are replaced.
    """
    if not text:
        return text
    labels = _labels(scrub)
    if labels:
        hits = find_personal(text, labels)
        text = _replace(text, ((h.start, h.end, labels[h.kind]) for h in hits))
    for name, masked in names:
        if len(fold_name(name)) >= 2:  # a one-character "name" would star that character everywhere
            text = _replace(text, ((s, e, masked) for s, e in find_name(text, name)))
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
