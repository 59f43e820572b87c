"""Masking and scrubbing: names of 1 to 4 characters, compound surnames, numbers in free text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PERSON_ID, person_penalty, row, write_rows

from generator.core.codes import id_check_char
from generator.decide.privacy import (
    CARD_LABEL,
    ID_LABEL,
    LANDLINE_LABEL,
    MOBILE_LABEL,
    find_id_numbers,
    find_mobile_numbers,
    mask_name,
    public_view,
    scrub_text,
    secret_values,
)
from generator.decide.rules import load_rules
from generator.ingest import ingest

ALL = frozenset({"id_numbers", "mobile_numbers", "landline_numbers", "bank_cards"})


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张", "张"),
        ("张三", "张*"),
        ("王小明", "王**"),
        ("李四光明", "李***"),
        ("欧阳建国", "欧阳**"),
        ("欧阳娜", "欧阳*"),
        ("司马光", "司马*"),
        ("诸葛孔明", "诸葛**"),
        ("上官婉儿", "上官**"),
        (" 张三 ", "张*"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def luhn_number(prefix: str, length: int) -> str:
    body = prefix + "0" * (length - len(prefix) - 1)
    for last in "0123456789":
        candidate = body + last
        total = sum(
            (n * 2 - 9 if n * 2 > 9 else n * 2) if i % 2 else n
            for i, n in enumerate(int(c) for c in reversed(candidate))
        )
        if total % 10 == 0:
            return candidate
    raise AssertionError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号{PERSON_ID}。", f"身份证号{ID_LABEL}。"),
        (f"身份证号{PERSON_ID.lower()}", f"身份证号{ID_LABEL}"),
        ("身份证 110105 19491231 002X 登记", f"身份证 {ID_LABEL} 登记"),
        ("身份证110105-19491231-002X", f"身份证{ID_LABEL}"),
        (
            "号码110105194912310021不是身份证",
            "号码110105194912310021不是身份证",
        ),  # check digit fails
        ("手机13907920000联系", f"手机{MOBILE_LABEL}联系"),
        ("手机139 0792 0000", f"手机{MOBILE_LABEL}"),
        ("手机139-0792-0000", f"手机{MOBILE_LABEL}"),
        ("电话+86 13907920000", f"电话{MOBILE_LABEL}"),
        ("座机0792-8221234", f"座机{LANDLINE_LABEL}"),
        ("座机(0792)8221234", f"座机{LANDLINE_LABEL}"),
        ("罚款20000元，文书号九市监罚〔2025〕12号", "罚款20000元，文书号九市监罚〔2025〕12号"),
        ("代码91110000600037341L", "代码91110000600037341L"),  # a credit code is public
    ],
)
def test_scrub_text(text: str, expected: str) -> None:
    assert scrub_text(text, ALL) == expected


def test_bank_cards_are_scrubbed_only_when_luhn_valid() -> None:
    card = luhn_number("622202", 19)
    spaced = " ".join(card[i : i + 4] for i in range(0, 19, 4))
    assert scrub_text(f"账户{card}", ALL) == f"账户{CARD_LABEL}"
    assert scrub_text(f"账户{spaced}", ALL) == f"账户{CARD_LABEL}"
    not_luhn = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert scrub_text(f"编号{not_luhn}", ALL) == f"编号{not_luhn}"


def test_names_are_masked_in_free_text() -> None:
    assert scrub_text("当事人欧阳建国于某日", ALL, [("欧阳建国", "欧阳**")]) == "当事人欧阳**于某日"


def test_scrub_respects_switches() -> None:
    assert scrub_text("手机13907920000", frozenset()) == "手机13907920000"


def test_public_view_of_a_person_penalty(tmp_path: Path) -> None:
    person = person_penalty(
        "欧阳建国", 违法事实=f"欧阳建国（身份证{PERSON_ID}，电话13907920000）无照经营。"
    )
    write_rows(tmp_path / "penalties" / "p.csv", [person])
    (penalty,) = ingest(tmp_path, b"s").records("penalties")
    rules = load_rules()
    public = public_view(penalty, rules.mask_person_names, rules.scrub)
    assert public.party.name == "欧阳**" and public.party.id_no == ""
    assert public.facts == f"欧阳**（身份证{ID_LABEL}，电话{MOBILE_LABEL}）无照经营。"
    assert secret_values([penalty]) == {PERSON_ID}


def test_public_view_keeps_an_organisations_representative(tmp_path: Path) -> None:
    write_rows(tmp_path / "penalties" / "p.csv", [row("penalties", 法定代表人证件号码=PERSON_ID)])
    (penalty,) = ingest(tmp_path, b"s").records("penalties")
    public = public_view(penalty, True, ALL)
    assert public.party.legal_rep == "王建国" and public.party.legal_rep_id_no == ""


def test_sole_trader_operator_is_a_person(tmp_path: Path) -> None:
    sole = row(
        "penalties",
        行政相对人名称="浔阳区李记小吃店",
        行政相对人类别="个体工商户",
        法定代表人="李明华",
        违法事实="经营者李明华未公示健康证明。",
        **{
            "行政相对人代码_1(统一社会信用代码)": "00000000000000000X",
            "行政相对人代码_2(工商注册号)": "360403600123456",
        },
    )
    write_rows(tmp_path / "penalties" / "p.csv", [sole])
    (penalty,) = ingest(tmp_path, b"s").records("penalties")
    public = public_view(penalty, True, ALL)
    assert public.party.name == "浔阳区李记小吃店" and public.party.legal_rep == "李**"
    assert public.facts == "经营者李**未公示健康证明。"


def test_person_on_a_list_and_a_person_commitment(tmp_path: Path) -> None:
    other_id = "36040219800101001"
    other_id += id_check_char(other_id)
    write_rows(
        tmp_path / "blacklist" / "b.csv",
        [
            row(
                "blacklist",
                名单类型="失信被执行人",
                主体名称="张三",
                主体类别="自然人",
                统一社会信用代码="",
                证件号码=PERSON_ID,
            )
        ],
    )
    write_rows(
        tmp_path / "commitments" / "c.csv",
        [
            row(
                "commitments",
                承诺人名称="李四",
                承诺人类别="自然人",
                承诺人代码=other_id,
                承诺内容="本人李四承诺",
            )
        ],
    )
    ingested = ingest(tmp_path, b"s")
    entry = public_view(ingested.records("blacklist")[0], True, ALL)
    commitment = public_view(ingested.records("commitments")[0], True, ALL)
    assert (entry.name, entry.id_no) == ("张*", "")
    assert (commitment.name, commitment.party_code, commitment.content) == (
        "李*",
        "",
        "本人李*承诺",
    )
    assert secret_values([*ingested.records("blacklist"), *ingested.records("commitments")]) == {
        PERSON_ID,
        other_id,
    }


def test_digits_one_at_a_time_are_coordinates_not_numbers() -> None:
    # SVG path data in a stylesheet: "1 1 0 0 1 1 1 ..." passes an ID check digit by chance.
    path = "M12 3a1 1 0 0 1 1 1 1 1 0 0 1-1 1 1 1 0 0 1-1-1 1 1 0 0 1 1-1"
    assert not list(find_id_numbers(path))
    assert not list(find_mobile_numbers("1 3 8 1 2 3 4 5 6 7 8"))
    assert list(find_id_numbers("身份证 110105 19491231 002X"))
    assert list(find_mobile_numbers("电话 138-1234-5678"))
