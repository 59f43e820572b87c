"""Count days from a base before the export's first decision day, with precomputed spellings."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

YEARS_BACK = 5
# How exports spell the end of something that never ends: a word, or a far-away day.
LONG_TERM = "长期"
NO_END = "2099-12-31"


class Calendar:
    """Precompute date strings and working days for fast, clock-free date arithmetic."""

    def __init__(self, end: date) -> None:
        # Offsets count from a base a little before the first decision day, so that the
        # earliest records can still look a few days back.
        self.base = end - timedelta(days=YEARS_BACK * 365 + 60)
        self.start = 60
        self.end = (end - self.base).days
        size = self.end + 12 * 366
        days = [self.base + timedelta(days=i) for i in range(size)]
        self.iso = [d.isoformat() for d in days]
        self.slash = [f"{d.year}/{d.month}/{d.day}" for d in days]
        self.cn = [f"{d.year}年{d.month}月{d.day}日" for d in days]
        self.compact = [f"{d:%Y%m%d}" for d in days]
        self.year = [d.year for d in days]
        # Working days are Monday to Friday: a demo needs no holiday calendar, and this keeps
        # the output independent of the installed chinese-calendar version.
        self.workdays = [i for i, d in enumerate(days) if d.weekday() < 5]
        self.next_workday: list[int] = []
        j = 0
        for i in range(size):
            while j < len(self.workdays) - 1 and self.workdays[j] < i:
                j += 1
            self.next_workday.append(j)

    def alt(self, off: int, r: float) -> str:
        """Return the day in one of the non-ISO spellings exports use, chosen by r."""
        if r < 0.4:
            return self.slash[off]
        if r < 0.75:
            return self.cn[off]
        return self.compact[off]

    def decision_days(self, rng: Random, n: int) -> list[int]:
        """Return n sorted decision days, mostly working days, denser in recent years."""
        rnd = rng.random
        wd = [w for w in self.workdays if self.start <= w <= self.end]
        nwd, span = len(wd), self.end - self.start + 1
        days = [
            wd[int(nwd * rnd() ** 0.75)] if rnd() > 0.03 else self.start + int(span * rnd())
            for _ in range(n)
        ]
        days.sort()
        return days

    def report_day(self, rnd: float, rnd2: float, off: int, late: float) -> str:
        """Return the 报送日期 of a decision: a few working days later, sometimes late or blank."""
        if rnd < late:
            rep = off + 20 + int(rnd2 * 41)
        elif rnd < late + 0.03:
            return ""
        else:
            rep = self.workdays[self.next_workday[off] + 1 + int(rnd2 * rnd2 * 10)]
        return self.iso[min(rep, self.end)]

    def after(self, rng: Random, off: int, lo: int, hi: int) -> int:
        """Return a day lo to hi days after off, never after the export day."""
        day = off + lo + int(rng.random() * (hi - lo + 1))
        if day > self.end:
            day = off + int(rng.random() * (self.end - off + 1))
        return min(day, self.end)
