"""The scrubber removes personal numbers and masks names however they are written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PERSON_ID, person_penalty, write_rows
from hypothesis import given
from personal_forms import FORMS, amounts, credit_codes, dates, doc_numbers, in_text

from generator.core.codes import is_valid_id_number
from generator.core.personal import (
    BANK_CARD,
    ID_NUMBER,
    LANDLINE_NUMBER,
    MOBILE_NUMBER,
    find_personal,
)
from generator.decide.privacy import (
    CARD_LABEL,
    ID_LABEL,
    LANDLINE_LABEL,
    MOBILE_LABEL,
    mask_name,
    public_view,
    scrub_text,
)
from generator.decide.rules import load_rules
from generator.ingest import ingest

ALL = frozenset({"id_numbers", "mobile_numbers", "landline_numbers", "bank_cards"})
LABEL = {
    ID_NUMBER: ID_LABEL,
    MOBILE_NUMBER: MOBILE_LABEL,
    LANDLINE_NUMBER: LANDLINE_LABEL,
    BANK_CARD: CARD_LABEL,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证号１１０１０５１９４９１２３１００２Ｘ。", f"身份证号{ID_LABEL}。"),
        ("身份证号110105\u300019491231\u3000002X。", f"身份证号{ID_LABEL}。"),
        ("SFZ11010519491231002X，", f"SFZ{ID_LABEL}，"),
        ("证号1101\u200b0519491231002X", f"证号{ID_LABEL}"),
        ("证号&#49;&#49;010519491231002X", f"证号{ID_LABEL}"),
        ("证号%31%31010519491231002X", f"证号{ID_LABEL}"),
        ("证号一一〇一〇五一九四九一二三一〇〇二X", f"证号{ID_LABEL}"),
        ("老身份证360402600123456号", f"老身份证{ID_LABEL}号"),
        ("手机＋８６ １３９０７９２００００", f"手机{MOBILE_LABEL}"),
        ("电话(+86)139.0792.0000转", f"电话{MOBILE_LABEL}转"),
        ("Tel13907920000", f"Tel{MOBILE_LABEL}"),
        ("电话（0792）8221234-102", f"电话{LANDLINE_LABEL}"),
        ("罚款20000元，文书号九市监罚〔2026〕12号", "罚款20000元，文书号九市监罚〔2026〕12号"),
    ],
)
def test_scrub_text_replaces_exactly_the_characters_written(text: str, expected: str) -> None:
    assert scrub_text(text, ALL) == expected


def test_scrub_respects_each_switch() -> None:
    text = "证号11010519491231002X 手机13907920000 座机0792-8221234"
    assert scrub_text(text, frozenset({"mobile_numbers"})) == (
        f"证号11010519491231002X 手机{MOBILE_LABEL} 座机0792-8221234"
    )
    assert scrub_text(text, frozenset({"id_numbers"})).startswith(f"证号{ID_LABEL} ")


@pytest.mark.parametrize(
    "written", ["欧阳\u200b建国", "欧阳 建国", "欧&#38451;建国", "欧阳\u0301建国"]
)
def test_a_disguised_name_is_masked_in_free_text(written: str) -> None:
    text = f"当事人{written}于某日"
    assert scrub_text(text, ALL, [("欧阳建国", "欧阳**")]) == "当事人欧阳**于某日"


def test_a_persons_own_number_is_scrubbed_however_disguised() -> None:
    passport = "E12345678"  # not shaped like an ID: found as the record's own secret
    text = "护照号e1234\u200b5678，"
    assert scrub_text(text, ALL, [(passport, ID_LABEL)]) == f"护照号{ID_LABEL}，"


def test_mask_name_counts_real_characters_only() -> None:
    assert mask_name("张\u200b三") == "张*"
    assert mask_name("\ufeff欧阳建国") == "欧阳**"
    assert mask_name("伍佰") == "伍*"  # 伍 is a surname here, not a numeral


def test_public_view_masks_a_disguised_name_and_scrubs_a_disguised_number(tmp_path: Path) -> None:
    facts = (
        "欧阳\u200b建国（身份证１１０１０５１９４９１２３１００２Ｘ，电话 139 0792 0000）无照经营。"
    )
    write_rows(tmp_path / "penalties" / "p.csv", [person_penalty("欧阳建国", 违法事实=facts)])
    (penalty,) = ingest(tmp_path, b"s").records("penalties")
    rules = load_rules()
    public = public_view(penalty, rules.mask_person_names, rules.scrub)
    assert public.facts == f"欧阳**（身份证{ID_LABEL}，电话 {MOBILE_LABEL}）无照经营。"
    assert PERSON_ID not in public.facts


@FORMS
@given(in_text((ID_NUMBER, MOBILE_NUMBER, LANDLINE_NUMBER, BANK_CARD)))
def test_the_scrubber_removes_every_planted_form(case) -> None:  # type: ignore[no-untyped-def]
    before, label, thing, after = case
    scrubbed = scrub_text(before + label + thing.written + after, ALL)
    assert scrubbed == before + label + LABEL[thing.kind] + after
    assert find_personal(scrubbed) == []


@FORMS
@given(credit_codes().filter(lambda c: not is_valid_id_number(c)), doc_numbers, dates, amounts)
def test_the_scrubber_leaves_codes_document_numbers_dates_and_amounts(
    code: str, doc_no: str, day: str, amount: str
) -> None:
    text = f"当事人（统一社会信用代码{code}）于{day}被处以{amount}，文书号{doc_no}。"
    assert scrub_text(text, ALL) == text
