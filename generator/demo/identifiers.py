"""Make the identifiers of synthetic parties: credit codes, 注册号, ID numbers, spelling quirks."""

from __future__ import annotations

from datetime import date

from generator.core.codes import USCC_ALPHABET, id_check_char, uscc_check_char

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714

_FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－",
)


def make_org_code(body8: str) -> str:
    """Return a 9-character 组织机构代码 with its GB 11714 check character."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


def make_uscc(prefix: str, area: str, body8: str) -> str:
    """Return a valid 统一社会信用代码 from its prefix, area code and organisation-code body."""
    first17 = prefix + area + make_org_code(body8)
    return first17 + uscc_check_char(first17)


def make_reg_no(first14: str) -> str:
    """Return a 15-digit 工商注册号 with its ISO 7064 MOD 11,10 check digit."""
    p = 10
    for ch in first14:
        s = (p + int(ch)) % 10 or 10
        p = s * 2 % 11
    return first14 + str((11 - p) % 10)


def make_id_number(area: str, birth: date, seq: int) -> str:
    """Return a valid 18-character 居民身份证号."""
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def to_full_width(text: str) -> str:
    """Return text with ASCII letters and digits replaced by their full-width forms."""
    return text.translate(_FULL_WIDTH)


def break_check_char(code: str) -> str:
    """Return a credit code whose check character is wrong."""
    i = USCC_ALPHABET.index(code[17]) if code[17] in USCC_ALPHABET else 0
    return code[:17] + USCC_ALPHABET[(i + 7) % 31]
