"""A department's reporting figures for a month, and their sums (the monitor's arithmetic)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

UNDATED_NAME = "日期不明"


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


def format_rate(rate: float | None) -> str:
    """Return a rate as a percentage with one decimal (12.5%), or — when there is no base."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def month_name(month: str) -> str:
    """Return a month as people write it: 2026年10月, or 日期不明."""
    return f"{int(month[:4])}年{int(month[5:])}月" if month else UNDATED_NAME
