"""Working days (工作日) under the official holiday calendar, and whether a report was on time.

The rule (domain.md): a 双公示 record must be reported within 7 working days of its decision.
Convention, fixed here and nowhere else: the working days counted are those strictly after the
decision day, up to and including the report day. A report on the decision day itself counts 0;
one on the 7th working day after it is on time; one on the 8th is late. Public holidays are not
working days and the make-up working days (调休上班, often a Saturday or Sunday) are, as the
State Council's yearly notice says; the notices come from the `chinesecalendar` package, and a
city's own file (`extra.portal.holidays`, read by `holidays.py`) adds the years it lacks as a
`Calendar` handed in, so everything here stays a pure function of its arguments.

A day outside the years either knows is never guessed: the answer is "unknown", naming the
missing year, unless the count already passed the limit before reaching that year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


# eq=False: compared and hashed as itself, so the verdicts of one calendar can be cached.
@dataclass(frozen=True, slots=True, eq=False)
class Calendar:
    """The holiday calendar a build counts with: a city's own years laid over the library's.

    For a year the city defines, its notice is the whole truth: listed days off (放假) and
    make-up working days (调休上班), every other day by its weekday; the library is not asked.
    A listed day in the December before such a year (a 元旦 that starts on the 31st) wins over
    the library too. Any other day is the library's, which raises CalendarGap for a year it
    lacks.
    """

    years: frozenset[int] = frozenset()
    days_off: frozenset[date] = frozenset()
    days_on: frozenset[date] = frozenset()
    fallback: Callable[[date], bool] = field(default=official_is_workday)

    def is_workday(self, day: date) -> bool:
        """Tell whether a day is a working day, or raise CalendarGap for a year nobody knows."""
        if day in self.days_on:
            return True
        if day in self.days_off:
            return False
        if day.year in self.years:
            return day.weekday() < 5
        return self.fallback(day)

    def judge(
        self, decided_on: date, reported_on: date, limit: int = DEADLINE_WORKING_DAYS
    ) -> Timeliness:
        """Judge a report against the deadline with this calendar (see judge_timeliness)."""
        return judge_timeliness(decided_on, reported_on, limit, self.is_workday)


OFFICIAL = Calendar()
"""The library's notices alone: what a city without its own holiday file counts with."""


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
    try:
        return _judge_cached(decided_on, reported_on, limit, is_workday)
    except TypeError:  # a calendar that cannot be hashed is simply not cached
        return _judge(decided_on, reported_on, limit, is_workday)


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


# The same (decision, report) pairs recur a lot; a calendar's bound method hashes as itself.
_judge_cached = lru_cache(maxsize=65536)(_judge)


def working_days_after(
    decided_on: date, reported_on: date, is_workday: Callable[[date], bool] = official_is_workday
) -> int:
    """Return the working days strictly after `decided_on` up to and including `reported_on`.

    Raises CalendarGap when a day of that span lies outside the calendar's years.
    """
    count = 0
    day = decided_on
    while day < reported_on:
        day += timedelta(days=1)
        count += is_workday(day)
    return count
