"""What a run of digits is: an ID number, a mobile, a landline or a bank card number.

Pure checks on digits already folded and compacted (personal.py finds the runs in text).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.core.codes import is_valid_id_number, is_valid_uscc

ID_NUMBER = "id_number"  # 居民身份证号, 18 characters or the 15-digit first generation
MOBILE_NUMBER = "mobile_number"
LANDLINE_NUMBER = "landline_number"
BANK_CARD = "bank_card"
KINDS = frozenset({ID_NUMBER, MOBILE_NUMBER, LANDLINE_NUMBER, BANK_CARD})


def kinds_of(digits: str, first: str, kinds: frozenset[str]) -> Iterator[tuple[str, str]]:
    """Yield what a number written as these digits is (an ID, a mobile, a card …).

    `first` is the first of its groups when it is written in groups (a landline's area code).
    """
    n = len(digits)
    if n == 18 and digits[0] != "0" and is_valid_id_number(digits):
        if ID_NUMBER in kinds:
            yield ID_NUMBER, digits
        return
    if "X" in digits:
        return
    if n == 15 and ID_NUMBER in kinds and first_generation_id(digits):
        yield ID_NUMBER, digits
    if n in (11, 13, 15) and MOBILE_NUMBER in kinds and is_mobile(digits):
        yield MOBILE_NUMBER, digits
    if 10 <= n <= 12 and LANDLINE_NUMBER in kinds and is_landline(digits, first):
        yield LANDLINE_NUMBER, digits
    if 16 <= n <= 19 and BANK_CARD in kinds and luhn(digits) and not is_valid_uscc(digits):
        yield BANK_CARD, digits


def first_generation_id(digits: str) -> bool:
    """Tell whether 15 digits read as a first-generation ID: an area code, then a real YYMMDD."""
    if digits[0] not in "12345678":
        return False
    try:
        date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return False
    return True


def is_mobile(digits: str) -> bool:
    """Tell whether digits are a mainland mobile number, with or without 86 / 0086 before it."""
    for prefix in ("", "86", "0086"):
        if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
            body = digits[len(prefix) :]
            return body[0] == "1" and body[1] in "3456789"
    return False


def is_landline(digits: str, area: str) -> bool:
    """Tell whether digits are a landline: area code (010, 02X or 0XXX) and 7-8 more digits."""
    if not digits.startswith("0") or len(digits) < 10:
        return False
    size = 3 if digits[1] in "12" else 4
    if area and len(area) != size:
        return False
    local = digits[size:]
    return 7 <= len(local) <= 8 and local[0] in "23456789"


_DOUBLED = str.maketrans("0123456789", "0246813579")  # each digit doubled, its digits summed


def luhn(digits: str) -> bool:
    doubled = digits[-2::-2].translate(_DOUBLED)
    return (sum(map(int, digits[-1::-2])) + sum(map(int, doubled))) % 10 == 0
