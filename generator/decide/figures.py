"""The reporting monitor's figures: what a department reported in a month, and their sums.

The data the monitor pages, the department sections and the private monitor.csv show; the
counting itself is in monitor.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date

from generator.core.problems import Problem

UNKNOWN_DEPT = ""  # the code under which rows that name no usable department are counted
UNKNOWN_DEPT_NAME = "未能识别部门"
NAMED_DEPT = "名称:"  # key prefix of a department known by name only (no directory entry)
UNDATED = ""  # the month of rows without a usable date
UNDATED_NAME = "日期不明"
WINDOW_MONTHS = 12  # the trend shown: a year, as the credit office's yearly 考核 looks back
SILENT_AFTER_DAYS = 30  # a department that reported nothing for a month stands out


@dataclass(frozen=True, slots=True)
class Figures:
    """What a department reported in a month (or any sum of those)."""

    reported: int = 0  # rows read once: accepted + rejected
    accepted: int = 0
    published: int = 0  # of the accepted, shown on the portal today
    on_time: int = 0
    late: int = 0
    undated: int = 0  # accepted without a 报送日期
    unjudged: int = 0  # accepted, but the calendar lacks a year the count needs
    rejected: int = 0
    wrong_code: int = 0
    repeated_code: int = 0
    reasons: tuple[tuple[str, int], ...] = ()  # (reason, rejected rows with it), most first

    @property
    def judged(self) -> int:
        """Return the rows whose timeliness is known."""
        return self.on_time + self.late

    @property
    def late_rate(self) -> float | None:
        """Return 迟报率 (late / judged), None when nothing could be judged."""
        return self.late / self.judged if self.judged else None

    @property
    def rejected_rate(self) -> float | None:
        """Return 错误率 (rejected / reported), None when nothing was reported."""
        return self.rejected / self.reported if self.reported else None

    @property
    def code_faults(self) -> int:
        """Return the rows with a wrong or a repeated code (重错码)."""
        return self.wrong_code + self.repeated_code

    @property
    def code_rate(self) -> float | None:
        """Return 重错码率 ((wrong + repeated) / reported), None when nothing was reported."""
        return self.code_faults / self.reported if self.reported else None


ZERO = Figures()


COUNTS = tuple(f.name for f in fields(Figures) if f.name != "reasons")


def add_figures(items: Iterable[Figures]) -> Figures:
    """Return the sum of figures, reasons merged."""
    totals: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for item in items:
        totals.update({name: getattr(item, name) for name in COUNTS})
        reasons.update(dict(item.reasons))
    return Figures(**{name: totals[name] for name in COUNTS}, reasons=ordered_reasons(reasons))


def ordered_reasons(reasons: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """Return reasons most frequent first, then by name, so the order never follows input."""
    return tuple(sorted(((r, n) for r, n in reasons.items() if n), key=lambda p: (-p[1], p[0])))


@dataclass(frozen=True, slots=True)
class MonitoredDept:
    """A department as the monitor names it."""

    code: str
    name: str

    @property
    def credit_code(self) -> str:
        """Return the department's 统一社会信用代码, '' for one known by name only."""
        return "" if self.code.startswith(NAMED_DEPT) else self.code


@dataclass(frozen=True, slots=True)
class Monitor:
    """Every department's figures for every month from the first reported one to the build day."""

    day: date
    months: tuple[str, ...]  # YYYY-MM, oldest first; UNDATED last when some rows have no date
    departments: tuple[MonitoredDept, ...]  # by name; 未能识别部门 last
    cells: Mapping[tuple[str, str], Figures]  # (month, department code); absent means zero
    last_reported: Mapping[str, date]  # department code → its latest 报送日期
    gaps: Mapping[int, int]  # a year the calendar lacks → rows whose timeliness it left open
    problems: tuple[Problem, ...] = ()

    def figures(self, month: str, code: str) -> Figures:
        """Return a department's figures for a month: zero, not nothing, when it was silent."""
        return self.cells.get((month, code), ZERO)

    def month_total(self, month: str) -> Figures:
        """Return the city's figures for a month."""
        return add_figures(self.figures(month, d.code) for d in self.departments)

    def dept_total(self, code: str, months: Iterable[str] | None = None) -> Figures:
        """Return a department's figures over some months (all of them by default)."""
        return add_figures(
            self.figures(m, code) for m in (self.months if months is None else months)
        )

    def window(self) -> tuple[str, ...]:
        """Return the months of the trend: the last WINDOW_MONTHS up to the build month."""
        return month_range(add_months(month_of(self.day), 1 - WINDOW_MONTHS), month_of(self.day))

    def report_month(self) -> str:
        """Return the month a monthly 通报 covers on the build day: the last complete month."""
        return add_months(month_of(self.day), -1)

    def page_months(self) -> tuple[str, ...]:
        """Return the months that get a page: the trend window, and any month with rows."""
        window = set(self.window())
        return tuple(m for m in self.months if m and (m in window or self.month_total(m).reported))

    def days_silent(self, code: str) -> int | None:
        """Return the days from a department's latest 报送日期 to the build day, None if never."""
        last = self.last_reported.get(code)
        return None if last is None else (self.day - last).days

    def dept(self, code: str) -> MonitoredDept | None:
        """Return a department by code."""
        return next((d for d in self.departments if d.code == code), None)


def month_of(day: date) -> str:
    """Return a day's month as YYYY-MM."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, n: int) -> str:
    """Return the month `n` months after (or before) a YYYY-MM month."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_range(first: str, last: str) -> tuple[str, ...]:
    """Return every month from `first` to `last`, both included."""
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return tuple(m for m in months if m <= last)


def format_rate(rate: float | None) -> str:
    """Return a rate as a percentage with one decimal (12.5%), or — when there is no base."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def month_name(month: str) -> str:
    """Return a month as people write it: 2026年10月, or 日期不明."""
    return f"{int(month[:4])}年{int(month[5:])}月" if month else UNDATED_NAME
