"""Tests of the demo's identifier makers (generator/demo/identifiers.py)."""

from __future__ import annotations

import unicodedata
from datetime import date
from random import Random

from generator.core.codes import is_valid_id_number, is_valid_uscc
from generator.demo.identifiers import (
    break_check_char,
    make_id_number,
    make_org_code,
    make_reg_no,
    make_uscc,
    to_full_width,
)

# A published credit code (华为技术有限公司): its organisation code is 19220382-1.
HUAWEI = "914403001922038216"


def is_valid_reg_no(number: str) -> bool:
    """Tell whether a 15-digit 注册号 passes ISO 7064 MOD 11,10, checked digit by digit."""
    p = 10
    for ch in number[:-1]:
        p = ((p + int(ch)) % 10 or 10) * 2 % 11
    return (p + int(number[-1])) % 10 == 1


def test_org_code_and_credit_code_match_a_published_code() -> None:
    assert make_org_code("19220382") == "192203821"
    assert make_uscc("91", "440300", "19220382") == HUAWEI


def test_org_code_check_characters_x_and_0() -> None:
    # 11 - sum % 11 is 10 or 11 for some bodies: they are spelled X and 0.
    checks = {make_org_code(f"{n:08d}")[-1] for n in range(200)}
    assert {"X", "0"} <= checks
    assert all(len(make_org_code(f"{n:08d}")) == 9 for n in range(200))


def test_credit_codes_are_valid() -> None:
    rng = Random(1)
    for _ in range(500):
        body = f"{rng.randrange(10**8):08d}"
        code = make_uscc(rng.choice(("91", "92", "11", "51", "52")), "360403", body)
        assert len(code) == 18 and is_valid_uscc(code)


def test_registration_numbers_pass_mod_11_10_and_catch_one_wrong_digit() -> None:
    rng = Random(2)
    for _ in range(200):
        number = make_reg_no(f"360403{rng.randrange(10**8):08d}")
        assert len(number) == 15 and number.isdigit()
        assert is_valid_reg_no(number)
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        assert not is_valid_reg_no(wrong)


def test_id_numbers_are_valid_and_carry_the_birth_day() -> None:
    number = make_id_number("360403", date(1985, 2, 28), 7)
    assert number.startswith("36040319850228007")
    assert is_valid_id_number(number)
    assert all(
        is_valid_id_number(make_id_number("360402", date(1950, 1, 1), s)) for s in range(999)
    )


def test_full_width_spelling_normalises_back() -> None:
    assert to_full_width("91ab-X") == "９１ａｂ－Ｘ"
    assert unicodedata.normalize("NFKC", to_full_width(HUAWEI)) == HUAWEI
    assert to_full_width("九江") == "九江"


def test_broken_check_character_is_invalid_and_the_rest_kept() -> None:
    broken = break_check_char(HUAWEI)
    assert broken[:17] == HUAWEI[:17] and broken != HUAWEI
    assert not is_valid_uscc(broken)
    assert not is_valid_uscc(break_check_char("00000000000000000X"))
