"""Working days under the official calendar, and the 7-working-day reporting deadline."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from generator.decide.workdays import (
    LATE,
    ON_TIME,
    UNKNOWN,
    CalendarGap,
    judge_timeliness,
    official_is_workday,
    working_days_after,
)

DECIDED = date(2025, 9, 29)  # the Monday before the 2025 National Day and Mid-Autumn holiday


def test_the_library_has_the_2025_national_day_notice_this_test_relies_on() -> None:
    # 国办发明电〔2024〕12号: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
    assert all(not chinese_calendar.is_workday(date(2025, 10, d)) for d in range(1, 9))
    assert chinese_calendar.is_workday(date(2025, 9, 28))
    assert chinese_calendar.is_workday(date(2025, 10, 11))
    assert not chinese_calendar.is_workday(date(2025, 10, 12))


def test_days_are_counted_strictly_after_the_decision_up_to_and_including_the_report() -> None:
    assert working_days_after(DECIDED, DECIDED) == 0
    assert working_days_after(DECIDED, date(2025, 9, 30)) == 1
    # the holiday adds nothing: 09-30 is still the only working day up to 10-08
    assert working_days_after(DECIDED, date(2025, 10, 8)) == 1
    # 09-30, 10-09, 10-10, 10-11 (make-up Saturday), 10-13, 10-14, 10-15
    assert working_days_after(DECIDED, date(2025, 10, 15)) == 7


def test_a_report_after_the_holiday_is_on_time_through_the_seventh_working_day() -> None:
    on_time = judge_timeliness(DECIDED, date(2025, 10, 15))
    assert (on_time.verdict, on_time.working_days) == (ON_TIME, 7)
    # Counting Monday to Friday only would have called it late: twelve weekdays have passed.
    weekdays = sum(
        (DECIDED + timedelta(days=i)).weekday() < 5
        for i in range(1, (date(2025, 10, 15) - DECIDED).days + 1)
    )
    assert weekdays == 12


def test_the_make_up_saturday_counts_so_the_next_working_day_is_late() -> None:
    late = judge_timeliness(DECIDED, date(2025, 10, 16))
    assert (late.verdict, late.working_days) == (LATE, 8)
    # Without the make-up Saturday 10-11, 10-16 would only be the 7th working day.
    holiday = (date(2025, 10, 1), date(2025, 10, 8))

    def no_make_up_days(d: date) -> bool:
        return d.weekday() < 5 and not holiday[0] <= d <= holiday[1]

    without = judge_timeliness(DECIDED, date(2025, 10, 16), is_workday=no_make_up_days)
    assert (without.verdict, without.working_days) == (ON_TIME, 7)


def test_a_same_day_report_is_on_time_and_a_report_before_the_decision_is_refused() -> None:
    assert judge_timeliness(DECIDED, DECIDED).verdict == ON_TIME
    with pytest.raises(ValueError):
        judge_timeliness(DECIDED, DECIDED - timedelta(days=1))


def test_a_year_the_calendar_lacks_is_reported_as_unknown_never_guessed() -> None:
    last_known = max(chinese_calendar.constants.holidays).year
    missing = last_known + 1
    with pytest.raises(CalendarGap) as gap:
        official_is_workday(date(missing, 1, 5))
    assert gap.value.year == missing
    # A report in the unknown year after a decision at the end of the known one: no verdict.
    verdict = judge_timeliness(date(last_known, 12, 30), date(missing, 1, 6))
    assert (verdict.verdict, verdict.gap_year) == (UNKNOWN, missing)
    # Late is certain when the limit was passed before the unknown year begins.
    certain = judge_timeliness(date(last_known, 12, 1), date(missing, 2, 1))
    assert certain.verdict == LATE and certain.gap_year is None


def test_the_limit_is_a_parameter_and_any_calendar_can_be_given() -> None:
    every_day = judge_timeliness(date(2024, 1, 1), date(2024, 1, 4), limit=2, is_workday=bool)
    assert (every_day.verdict, every_day.working_days) == (LATE, 3)
