"""Check characters of 统一社会信用代码 (GB 32100-2015) and 居民身份证号 (GB 11643-1999)."""

from __future__ import annotations

import re
from datetime import date

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
# 个体工商户 without a code are exported with this placeholder; it fails the check on purpose.
USCC_PLACEHOLDER = "00000000000000000X"

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def uscc_check_char(first17: str) -> str:
    """Return the check character for the first 17 characters of a credit code."""
    total = sum(USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    """Tell whether an upper-case 18-character credit code has a valid check character."""
    if len(code) != 18 or any(ch not in USCC_VALUE for ch in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def id_check_char(first17: str) -> str:
    """Return the check character for the first 17 digits of a resident ID number."""
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


ID_BIRTH_YEARS = (1880, 2100)


def is_valid_id_number(number: str) -> bool:
    """Tell whether an 18-character resident ID number has a real birth date and check digit."""
    if not _ID_SHAPE.match(number):
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    # A birth year no living person has (9136048240… is a credit code, born in 8240) makes
    # it some other number: without this, about one all-digit credit code in 300 passes.
    if not ID_BIRTH_YEARS[0] <= born.year <= ID_BIRTH_YEARS[1]:
        return False
    return id_check_char(number[:17]) == number[17]


def is_personal_id(code: str) -> bool:
    """Tell whether a value is a plausible resident ID number and not a credit code.

    A value like this in a column meant for public identifiers (代码_5, 许可编号) is someone's
    ID number: it is never published, whatever the column says it is.
    """
    return is_valid_id_number(code) and not is_valid_uscc(code)
