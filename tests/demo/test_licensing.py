"""Tests of the pure pieces of licence rows (generator/demo/licensing.py)."""

from __future__ import annotations

from datetime import date

from generator.core.codes import USCC_PLACEHOLDER
from generator.demo.calendar import LONG_TERM, NO_END, Calendar
from generator.demo.departments import departments_by_name
from generator.demo.licensing import licence_number, validity
from generator.demo.parties import IND, ORG, Party

CAL = Calendar(date(2026, 11, 20))
DEPT = departments_by_name()["九江市市场监督管理局"]
COMPANY = Party(("九江鑫华建材有限公司", ORG, "91360403MA35F0Q14W"), "九江鑫华建材有限公司", ORG,
                "91360403MA35F0Q14W", "", "王建国")  # fmt: skip
OLD_SHOP = Party(("浔阳区张记小吃店", IND, USCC_PLACEHOLDER, "360403123456785"), "浔阳区张记小吃店",
                 IND, USCC_PLACEHOLDER, "", "张伟")  # fmt: skip


def number(fmt: str, party: Party = COMPANY, r: float = 0.5) -> str:
    """Return the 许可编号 of format fmt for the 7th licence of 2025-03-04."""
    return licence_number(fmt, DEPT, party, 7, 2025, "2025-03-04", r)


def test_licence_numbers_fill_their_format() -> None:
    assert number("") == ""
    assert number("{code}") == "91360403MA35F0Q14W"
    assert number("{code}", OLD_SHOP) == "360403123456785"  # known by its 工商注册号
    assert number("JY{k}{area}{s:06d}{c}") == "JY23604000000075"
    assert number("梯11赣G{s:05d}（{yy}）") == "梯11赣G00007（25）"
    assert number("{area}{ymd}{s:04d}") == "360400202503040007"
    assert number("{code}001{pv}", r=0.4) == "91360403MA35F0Q14W001V"
    assert number("赣XK13-{s:03d}-{r:05d}", r=0.999) == "赣XK13-007-99899"


def test_validity_without_end() -> None:
    off = CAL.end - 100
    assert validity(CAL, off, 0, 0.5) == (LONG_TERM, "有效")
    assert validity(CAL, off, 0, 0.85) == (NO_END, "有效")
    assert validity(CAL, off, 0, 0.95) == ("", "有效")
    assert validity(CAL, off, 0, 0.99) == ("", "无效")


def test_validity_of_years_ends_the_day_before_the_anniversary() -> None:
    off = (date(2024, 3, 1) - CAL.base).days
    assert validity(CAL, off, 1, 0.6) == ("2025-02-28", "有效")  # expired but still marked 有效
    assert validity(CAL, off, 1, 0.4) == ("2025-02-28", "无效")
    assert validity(CAL, off, 5, 0.4) == ("2029-02-28", "有效")  # not yet expired
    assert validity(CAL, off, 5, 0.98)[1] == "无效"  # revoked early now and then
