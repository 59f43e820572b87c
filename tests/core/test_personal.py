"""The personal-data detector: every written form of a number, the map back, what it must not take."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from personal_forms import FORMS, credit_codes, in_text, svg_paths

from generator.core.codes import is_valid_id_number, is_valid_uscc
from generator.core.folding import find_name, fold_name
from generator.core.personal import (
    BANK_CARD,
    ID_NUMBER,
    KINDS,
    LANDLINE_NUMBER,
    MOBILE_NUMBER,
    compact,
    find_personal,
    fold,
    is_personal_id,
    written_as_number,
)

ID = "11010519491231002X"
FIRST_GENERATION = "360402600123456"  # born 1960-01-23


def found(text: str, kinds=KINDS) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Return (kind, the original characters, the digits) of each number found."""
    return [(h.kind, text[h.start : h.end], h.number) for h in find_personal(text, kinds)]


@pytest.mark.parametrize(
    "written",
    [
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width
        "110105\u00a019491231\u00a0002X",  # no-break space
        "110105\u300019491231\u3000002X",  # ideographic space
        "110105–19491231–002X",  # en dash
        "110105－19491231－002X",  # full-width dash
        "110105.19491231.002X",
        "110105  19491231  002X",  # double spaces
        "1101\u200b0519\u200c4912\u20603100\ufeff2X",  # zero-width characters
        "1\u03011\u03360105194912310\u20e302X",  # combining marks
        "&#49;&#49;&#48;&#x31;&#x30;&#X35;19491231002X",  # references
        "&amp;#49;&amp;#49;010519491231002X",  # references escaped once more (a feed)
        "%31%31%30%31%30%3519491231002X",  # percent-escapes
        "\\u0031\\u0031010519491231002X",  # JSON escapes
        "一一〇一〇五一九四九一二三一〇〇二X",  # Chinese numerals, 〇
        "一一零一零五一九四九一二三一零零二X",  # 零
        "壹壹零壹零伍壹玖肆玖壹贰叁壹零零贰X",  # financial numerals
        "𝟏𝟏𝟎𝟏𝟎𝟓19491231002X",  # mathematical digits (NFKC)
        "11010519491231002x",
        "11010519491231002Ｘ",  # only the check character full-width
        "11010519491231002&#88;",
        "11010519491231002\u200bX",
    ],
)
def test_an_id_number_is_found_however_it_is_written(written: str) -> None:
    for text in (f"身份证号{written}号", f"SFZ{written}，", written):
        assert found(text) == [(ID_NUMBER, written, ID)], text


@pytest.mark.parametrize(
    "text",
    [f"SFZ{ID}", f"ID:{ID}", f"身份证号{ID}号", f"公民身份号码 {FIRST_GENERATION}。"],
)
def test_an_id_number_next_to_a_label_is_found(text: str) -> None:
    assert [kind for kind, _, _ in found(text)] == [ID_NUMBER]


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("１３９０７９２００００", "13907920000"),
        ("＋８６ １３９０７９２００００", "8613907920000"),
        ("+86 139 0792 0000", "8613907920000"),
        ("0086 139-0792-0000", "008613907920000"),
        ("(+86)139.0792.0000", "8613907920000"),
        ("（+86）13907920000", "8613907920000"),
        ("86-13907920000", "8613907920000"),
        ("139/0792/0000", "13907920000"),
        ("139.0792.0000", "13907920000"),
        ("139\u200b0792\u20600000", "13907920000"),
        ("一三九零七九二零零零零", "13907920000"),
        ("幺三九 〇七九二 〇〇〇〇", "13907920000"),
    ],
)
def test_a_mobile_number_is_found_with_its_prefix(written: str, number: str) -> None:
    for text in (f"手机{written}联系", f"Tel{written}", f"TEL:{written}", f"电话：{written}。"):
        assert found(text) == [(MOBILE_NUMBER, written, number)], text


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("0792-8221234", "07928221234"),
        ("(0792)8221234", "07928221234"),
        ("（0792）8221234", "07928221234"),
        ("010-88886666", "01088886666"),
        ("0792-8221234-102", "07928221234"),
        ("07928221234", "07928221234"),
    ],
)
def test_a_landline_is_found_with_its_area_code_and_extension(written: str, number: str) -> None:
    assert found(f"座机{written}，", {LANDLINE_NUMBER}) == [(LANDLINE_NUMBER, written, number)]


def test_a_bank_card_passes_luhn_and_is_not_an_id_or_credit_code() -> None:
    card = "6222021234567890128"  # Luhn valid
    assert found(f"卡号{card}") == [(BANK_CARD, card, card)]
    assert found("卡号6222 0212 3456 7890 128") == [(BANK_CARD, "6222 0212 3456 7890 128", card)]
    assert found("卡号6222021234567890127") == []  # Luhn fails
    assert found("代码113604000144610863") == []  # an all-digit credit code that passes Luhn


@pytest.mark.parametrize(
    "text",
    [
        "91110000600037341L",  # credit code
        "代码91360403MA35F0Q14W",
        "九市监罚〔2026〕12号",  # 文书号
        "2026-05-10 00:00:00.000 至 2027-05-09",  # dates
        "二〇二六年五月十日",
        "罚款人民币20000元，没收违法所得0.500000万元，共1,234,567.89元",  # amounts
        "M12 3a1 1 0 0 1 1 1 1 1 0 0 1-1 1 1 1 0 0 1-1-1 1 1 0 0 1 1-1",  # SVG path
        "1 3 8 1 2 3 4 5 6 7 8",  # one digit at a time
        "M13.52 17.83 12.41 19.12L.133.058.318.282.551.227.237.591.483",  # decimals
        "M192 86 192 192 136 136 13 3",  # integer coordinates
        "110105194912310021",  # check digit wrong
        "1101051949123100211",  # a longer digit run
        "36040020250301000001",  # 承诺编码: twenty digits
        "a13907920000b",  # inside a token
        "/licensing/13907920000ab12c/",  # a hexadecimal record id
        "e3b0c44298fc1c14913907920000",  # the tail of a hash
        "网站标识码：3604000099",
    ],
)
def test_what_is_not_a_personal_number(text: str) -> None:
    assert found(text, {ID_NUMBER, MOBILE_NUMBER}) == []


def test_a_hexadecimal_record_id_may_pass_the_luhn_check() -> None:
    # Why the gate looks for IDs and mobiles only: a 16-digit record id in a URL is a "card".
    assert [kind for kind, _, _ in found("/licensing/5917444131011562/")] == [BANK_CARD]


@pytest.mark.parametrize("after", ["）", "！", "\u0301", "Ｘ", "&#88;", "\u200bX"])
def test_what_follows_a_run_of_digits_decides_whether_it_can_be_a_number(after: str) -> None:
    """The quick length test on a lone run of digits must not skip what carries it on."""
    number = "360402200001010001"  # a valid ID with a digit for its check character
    if after in ("）", "！", "\u0301"):
        assert [h.number for h in find_personal(number + after)] == [number]
    else:  # seventeen digits and an X written some other way
        assert [h.number for h in find_personal(ID[:17] + after)] == [ID]
    assert find_personal("92360483121450964M" + after) == []  # a credit code stays one


def test_an_id_and_a_mobile_side_by_side_are_both_found() -> None:
    text = f"身份证 {ID} 13907920000 0792-8221234"
    assert [kind for kind, _, _ in found(text)] == [ID_NUMBER, MOBILE_NUMBER, LANDLINE_NUMBER]


def test_a_credit_code_that_passes_the_id_check_is_taken_for_an_id() -> None:
    """Scrubbing errs toward privacy: only the gate's allowance knows it is published on purpose."""
    code = "11360419900101068X"  # a valid credit code, and an ID born 1990-01-01
    assert is_valid_uscc(code) and is_valid_id_number(code)
    assert [kind for kind, _, _ in found(code)] == [ID_NUMBER]
    assert not is_personal_id(code) and is_personal_id(ID)


def test_fold_maps_every_character_back_to_the_original() -> None:
    text = "号３&#54;\u200b0-4%30２"
    folded = fold(text)
    assert folded.text == "号360-402"
    assert folded.span(1, 2) == (1, 2)  # ３
    assert folded.span(2, 3) == (2, 7)  # &#54;
    assert folded.span(3, 4) == (8, 9)  # 0, the zero-width space before it dropped
    assert folded.span(1, 8) == (1, len(text))
    assert fold(text, 2, 7).text == "6"


def test_compact_and_written_as_number() -> None:
    assert compact("１１０１０５ 19491231-002ｘ") == ID
    assert written_as_number("3604 0219 9001 0112 34") and written_as_number("+86 139")
    assert not written_as_number("1 3 8 1 2 3")


@pytest.mark.parametrize(
    "written", ["张\u200b三", "张 三", "&#24352;三", "张\u0301三", "张\u3000三"]
)
def test_a_name_is_found_however_it_is_disguised(written: str) -> None:
    text = f"当事人{written}于某日"
    assert [text[s:e] for s, e in find_name(text, "张三")] == [written]


def test_names_keep_their_numerals_and_case_folds_only_ascii() -> None:
    assert fold_name("伍佰") == "伍佰"  # 伍 is a surname, not a 5
    assert fold_name(" e1234\u200b5678 ") == "E12345678"
    assert find_name("伍佰与5佰", "伍佰") == [(0, 2)]
    assert find_name("张三丰", "") == []


@FORMS
@given(in_text((ID_NUMBER, MOBILE_NUMBER, LANDLINE_NUMBER, BANK_CARD)))
def test_every_planted_form_is_found_exactly(case) -> None:  # type: ignore[no-untyped-def]
    before, label, thing, after = case
    text = before + label + thing.written + after
    start = len(before) + len(label)
    assert (thing.kind, start, start + len(thing.written)) in [
        (h.kind, h.start, h.end) for h in find_personal(text)
    ]


@FORMS
@given(st.one_of(credit_codes(), svg_paths()))
def test_credit_codes_and_svg_paths_hold_no_id_or_mobile(text: str) -> None:
    if is_valid_id_number(text):  # a credit code that passes the ID check: see above
        return
    assert found(f"代码{text}。", {ID_NUMBER, MOBILE_NUMBER}) == []


def material_assets() -> list[Path]:
    try:
        import material
    except ImportError:  # pragma: no cover - mkdocs-material is a dependency
        return []
    root = Path(os.path.dirname(material.__file__)) / "templates"
    return [*(root / "assets").rglob("*.js"), *(root / "assets").rglob("*.css")]


def test_materials_stylesheets_scripts_and_icons_hold_no_personal_number() -> None:
    """The gate scans Material's bundles; its icons' path data must not look like numbers."""
    import material

    icons = Path(os.path.dirname(material.__file__)) / "templates" / ".icons"
    # Every tenth icon of each set (all 14,344 passed when the rules were made; this keeps the
    # test at a second).
    files = [*material_assets(), *sorted(icons.rglob("*.svg"))[::10]]
    assert len(files) > 1000
    # One text: every file starts with <svg and ends with </svg>, so no number spans two.
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    assert [(h.kind, text[h.start - 20 : h.end + 20]) for h in find_personal(text)] == []
