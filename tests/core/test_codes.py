"""GB 32100 and GB 11643 check characters against known-good and known-bad codes."""

import pytest

from generator.core.codes import (
    USCC_PLACEHOLDER,
    id_check_char,
    is_valid_id_number,
    is_valid_uscc,
    uscc_check_char,
)


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",  # the standard's own example
        "91350100M000100Y43",  # letters in the middle
        "11360400014497327K",
        "91360403MA35F0Q14W",
    ],
)
def test_valid_credit_codes(code: str) -> None:
    assert is_valid_uscc(code)


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341M",  # wrong check character
        "91110000600037341",  # 17 characters
        "91110000600037341LL",  # 19 characters
        "9111000060003734IL",  # I is not in the alphabet
        "91110000600037341l",  # lower case is not folded here (cleaning does that)
        USCC_PLACEHOLDER,
        "",
    ],
)
def test_invalid_credit_codes(code: str) -> None:
    assert not is_valid_uscc(code)


def test_credit_check_character_computation() -> None:
    assert uscc_check_char("91110000600037341") == "L"
    # a check value of 0 maps to "0", not to alphabet[31]
    first17 = next(
        f"9136040000000{n:04d}"
        for n in range(10000)
        if uscc_check_char(f"9136040000000{n:04d}") == "0"
    )
    assert is_valid_uscc(first17 + "0")


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "110105194912310029"[:17] + id_check_char("11010519491231002")]
)
def test_valid_id_numbers(number: str) -> None:
    assert is_valid_id_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit
        "11010519491331002X",  # month 13
        "11010519490230002X",  # 30 February
        "11010519491231002",  # too short
        "11010519491231002x",  # lower case x is folded by cleaning, not here
        "913604824008223880",  # a credit code: check digit and date pass, born in the year 8240
        "110105" + "18791231002" + id_check_char("11010518791231002"),  # born before 1880
    ],
)
def test_invalid_id_numbers(number: str) -> None:
    assert not is_valid_id_number(number)
