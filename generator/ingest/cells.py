"""Clean single cells of an export: text, codes, dates and amounts as departments write them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.core.records import NO_END

# "No end": 长期 in words, or a far-future date such as 2099-12-31 (the standard's convention).
NO_END_WORDS = {"长期", "长期有效", "永久", "永久有效", "无期限", "无固定期限", "无限期"}
NO_END_FROM_YEAR = 2099
_EXCEL_EPOCH = date(1899, 12, 30)
# Excel serial numbers of plausible decision dates: 1982-01-01 .. 2173-10-14.
_EXCEL_SERIALS = (30000, 100000)
_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?E[+-]?\d+$")


class CellError(ValueError):
    """A cell that cannot be read as what its column holds; the message is for a person."""


_STRIP = " \t\n\u3000\u00a0\u200b\ufeff"


def clean_text(value: Any) -> str:
    """Return a cell as trimmed text; numbers Excel stored as floats lose a spurious `.0`."""
    if type(value) is str:  # the common case, kept short: ingest calls this for every cell
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip(_STRIP)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def _float_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def clean_code(value: Any) -> str:
    """Return an identifier folded to half-width upper case, undoing Excel's number formats."""
    if isinstance(value, float):
        # Excel keeps 15 significant digits: an 18-digit code is already damaged; the check
        # character then fails and the row is rejected with a reason, never silently fixed.
        return str(int(value)) if value.is_integer() else _float_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = _SPACE.sub("", unicodedata.normalize("NFKC", clean_text(value))).upper()
    text = text.strip("'`‘’\"")  # a leading apostrophe is how Excel users force text
    if _SCIENTIFIC.match(text):
        try:
            return str(int(Decimal(text)))
        except (InvalidOperation, ValueError):
            return text
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


def looks_scientific(value: Any) -> bool:
    """Tell whether a raw cell holds a code that Excel turned into a number."""
    if isinstance(value, float):
        return True
    return bool(
        _SCIENTIFIC.match(_SPACE.sub("", unicodedata.normalize("NFKC", str(value))).upper())
    )


def parse_date(value: Any) -> date | None:
    """Return the date a cell holds (NO_END for 长期 or 2099+), None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _no_end(value.date())
    if isinstance(value, date):
        return _no_end(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()
    if not text:
        return None
    if text in NO_END_WORDS:
        return NO_END
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups()[:3])
            try:
                return _no_end(date(year, month, day))
            except ValueError as exc:
                raise CellError(f"日期不存在：{text}") from exc
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _from_serial(float(text))
    raise CellError(f"无法识别的日期：{text}")


def _no_end(day: date) -> date:
    return NO_END if day.year >= NO_END_FROM_YEAR else day


def _from_serial(serial: float) -> date:
    if not _EXCEL_SERIALS[0] <= serial < _EXCEL_SERIALS[1]:
        raise CellError(f"无法识别的日期：{_float_text(serial)}")
    return _no_end(_EXCEL_EPOCH + timedelta(days=int(serial)))


def parse_amount(value: Any) -> Decimal | None:
    """Return an amount in 万元 as a Decimal; an amount written in 元 is converted."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = _SPACE.sub("", unicodedata.normalize("NFKC", str(value))).replace(",", "")
        text = text.removeprefix("人民币").removeprefix("¥").removeprefix("￥")  # 人民币5000元
        if not text:
            return None
        scale = Decimal(1)
        if text.endswith("万元") or text.endswith("万"):
            text = text.removesuffix("元").removesuffix("万")
        elif text.endswith("元"):
            text, scale = text[:-1], Decimal("0.0001")
        try:
            amount = Decimal(text) * scale
        except InvalidOperation as exc:
            raise CellError(f"金额不是数字：{value}") from exc
    if not amount.is_finite():
        raise CellError(f"金额不是数字：{value}")
    if amount < 0:
        raise CellError(f"金额不能为负数：{value}")
    return amount.normalize() if amount != amount.to_integral() else amount.quantize(Decimal(1))


def split_list(value: str) -> list[str]:
    """Split a cell holding several values separated by ; ； 、 , or ，."""
    return [part.strip() for part in re.split(r"[;；、,，]", value) if part.strip()]
