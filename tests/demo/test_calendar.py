"""Tests of the demo's clock-free calendar (generator/demo/calendar.py)."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from generator.demo.calendar import YEARS_BACK, Calendar

END = date(2026, 11, 20)  # a Friday
CAL = Calendar(END)


def day_of(off: int) -> date:
    """Return the date of an offset."""
    return CAL.base + timedelta(days=off)


def test_offsets_span_the_years_back_to_the_export_day() -> None:
    assert day_of(CAL.end) == END
    assert CAL.iso[CAL.end] == "2026-11-20"
    assert (END - day_of(CAL.start)).days == YEARS_BACK * 365
    # room after the export day for validity ends years ahead
    assert len(CAL.iso) > CAL.end + 10 * 366


def test_spellings_of_one_day_agree() -> None:
    off = CAL.end - 300
    d = day_of(off)
    assert CAL.iso[off] == d.isoformat()
    assert CAL.slash[off] == f"{d.year}/{d.month}/{d.day}"
    assert CAL.cn[off] == f"{d.year}年{d.month}月{d.day}日"
    assert CAL.compact[off] == d.strftime("%Y%m%d")
    assert CAL.year[off] == d.year
    assert CAL.alt(off, 0.1) == CAL.slash[off]
    assert CAL.alt(off, 0.5) == CAL.cn[off]
    assert CAL.alt(off, 0.9) == CAL.compact[off]


def test_working_days_skip_weekends_and_nothing_else() -> None:
    # Monday to Friday only: holidays are deliberately ignored so the bytes do not depend on the
    # installed chinese-calendar; 2026-10-01 (国庆节, a Thursday) is a working day here.
    workdays = set(CAL.workdays)
    assert all(day_of(i).weekday() < 5 for i in CAL.workdays)
    assert all(day_of(i).weekday() >= 5 for i in range(len(CAL.iso)) if i not in workdays)
    assert (date(2026, 10, 1) - CAL.base).days in workdays


def test_next_workday_points_at_the_first_working_day_not_before() -> None:
    saturday = (date(2026, 11, 14) - CAL.base).days
    monday = CAL.workdays[CAL.next_workday[saturday]]
    assert day_of(monday) == date(2026, 11, 16)
    for i in range(CAL.start, CAL.end):
        w = CAL.workdays[CAL.next_workday[i]]
        assert w >= i and all(j not in CAL.workdays for j in range(i, w))


def test_decision_days_are_sorted_within_the_export_mostly_working_days() -> None:
    days = CAL.decision_days(Random(1), 2000)
    assert len(days) == 2000 and days == sorted(days)
    assert CAL.start <= days[0] and days[-1] <= CAL.end
    weekend = sum(day_of(d).weekday() >= 5 for d in days)
    assert 0 < weekend < 0.05 * len(days)
    # denser in recent years
    middle = CAL.start + (CAL.end - CAL.start) // 2
    assert sum(d > middle for d in days) > sum(d <= middle for d in days)


def test_report_day_is_late_blank_or_a_few_working_days_later() -> None:
    off = (date(2026, 6, 5) - CAL.base).days  # a Friday
    assert CAL.report_day(0.01, 0.5, off, late=0.05) == CAL.iso[off + 20 + 20]
    assert CAL.report_day(0.06, 0.5, off, late=0.05) == ""
    on_time = CAL.report_day(0.5, 0.0, off, late=0.05)
    assert on_time == "2026-06-08"  # the next working day after a Friday
    assert CAL.report_day(0.01, 0.99, CAL.end - 3, late=0.05) == CAL.iso[CAL.end]


def test_after_never_passes_the_export_day() -> None:
    rng = Random(3)
    for off in (CAL.start, CAL.end - 400, CAL.end - 10, CAL.end):
        for _ in range(200):
            day = CAL.after(rng, off, 30, 700)
            assert off <= day <= CAL.end
