"""Working days (工作日) under the official holiday calendar, and whether a report was on time.

The rule (domain.md): a 双公示 record must be reported within 7 working days of its decision.
Convention, fixed here and nowhere else: the working days counted are those strictly after the
decision day, up to and including the report day. A report on the decision day itself counts 0;
one on the 7th working day after it is on time; one on the 8th is late. Public holidays are not
working days and the make-up working days (调休上班, often a Saturday or Sunday) are, as the
State Council's yearly notice says; the notices come from the `chinesecalendar` package.

A day outside the years the package knows is never guessed: the answer is "unknown", naming the
missing year, unless the count already passed the limit before reaching that year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

DEADLINE_WORKING_DAYS = 7

ON_TIME = "on_time"
LATE = "late"
UNKNOWN = "unknown"  # the calendar has no data for a day that decides the answer


class CalendarGap(Exception):
    """The holiday calendar has no data for a year, so working days cannot be counted there."""

    def __init__(self, year: int) -> None:
        super().__init__(f"节假日日历没有 {year} 年的数据")
        self.year = year


def official_is_workday(day: date) -> bool:
    """Tell whether a day is a working day in mainland China (holidays and make-up days included)."""
    return _official_is_workday(day)


@lru_cache(maxsize=8192)
def _official_is_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:  # the package's signal for a year it has no notice of
        raise CalendarGap(day.year) from exc


@dataclass(frozen=True, slots=True)
class Timeliness:
    """How a report stands against the deadline: its verdict and the working days counted."""

    verdict: str  # ON_TIME, LATE or UNKNOWN
    working_days: int  # counted so far: exact for ON_TIME, at least limit+1 for LATE
    gap_year: int | None = None  # the year the calendar lacks, for UNKNOWN


def judge_timeliness(
    decided_on: date,
    reported_on: date,
    limit: int = DEADLINE_WORKING_DAYS,
    is_workday: Callable[[date], bool] = official_is_workday,
) -> Timeliness:
    """Judge a report: late when more than `limit` working days follow the decision up to it.

    `reported_on` must not be before `decided_on` (ingest rejects such rows).
    """
    if reported_on < decided_on:
        raise ValueError(f"报送日期 {reported_on} 早于决定日期 {decided_on}")
    if is_workday is official_is_workday:  # the common case: the same pairs recur a lot
        return _judge_official(decided_on, reported_on, limit)
    return _judge(decided_on, reported_on, limit, is_workday)


@lru_cache(maxsize=65536)
def _judge_official(decided_on: date, reported_on: date, limit: int) -> Timeliness:
    return _judge(decided_on, reported_on, limit, official_is_workday)


def _judge(
    decided_on: date, reported_on: date, limit: int, is_workday: Callable[[date], bool]
) -> Timeliness:
    count = 0
    day = decided_on
    while day < reported_on:
        day += timedelta(days=1)
        try:
            working = is_workday(day)
        except CalendarGap as gap:
            return Timeliness(UNKNOWN, count, gap.year)
        if working:
            count += 1
            if count > limit:  # late whatever the remaining days are: stop counting
                return Timeliness(LATE, count)
    return Timeliness(ON_TIME, count)


def working_days_after(decided_on: date, reported_on: date) -> int:
    """Return the working days strictly after `decided_on` up to and including `reported_on`.

    Raises CalendarGap when a day of that span lies outside the calendar's years.
    """
    count = 0
    day = decided_on
    while day < reported_on:
        day += timedelta(days=1)
        count += official_is_workday(day)
    return count
