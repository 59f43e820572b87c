"""Chart geometry for inline SVG, computed at build time (pure; the template draws the shapes).

Pages carry their charts as SVG in the HTML itself: nothing to fetch, no script, and the same
numbers always sit in a table beside the chart for people who cannot or would rather not read a
picture. Series are told apart by pattern as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
PLOT_TOP = 16
PLOT_LEFT = 52  # room for the value axis labels
PLOT_RIGHT = 12
COLUMN_BOTTOM = 36  # room for the month labels under the columns
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_EM = 13  # px a Chinese character of a label takes at the chart's font size


@dataclass(frozen=True, slots=True)
class Series:
    """One kind of quantity a chart shows: its key (CSS class and pattern) and its name."""

    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Shape:
    """A rectangle of one series, with the words a pointer shows over it."""

    x: float
    y: float
    width: float
    height: float
    series: str
    title: str


@dataclass(frozen=True, slots=True)
class Text:
    """A label placed on the chart."""

    x: float
    y: float
    text: str
    anchor: str = "middle"  # start, middle or end


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the SVG template needs: size, shapes, labels, gridlines and the legend."""

    id: str
    width: int
    height: int
    title: str
    description: str
    shapes: tuple[Shape, ...]
    labels: tuple[Text, ...]
    grid: tuple[Text, ...]  # one horizontal or vertical line per label, at the label's axis value
    legend: tuple[Series, ...]
    columns: bool  # True: vertical columns with a horizontal grid; False: horizontal bars
    plot: tuple[float, float, float, float]  # left, top, right, bottom of the plotting area


def nice_ceiling(value: float) -> float:
    """Return the smallest 1, 2 or 5 × 10ⁿ at or above a value (1 for nothing), for the axis."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _number(value: float) -> str:
    return f"{value:g}"


def stacked_columns(
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    columns: Sequence[tuple[str, str, Sequence[int]]],
) -> Chart:
    """Lay out one column per (label, title, values per series), the series stacked bottom up."""
    height = 260
    plot_height = height - PLOT_TOP - COLUMN_BOTTOM
    plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    top = nice_ceiling(max((sum(values) for _, _, values in columns), default=0))
    slot = plot_width / max(len(columns), 1)
    bar = slot * 0.64
    shapes: list[Shape] = []
    labels: list[Text] = []
    for index, (label, column_title, values) in enumerate(columns):
        x = PLOT_LEFT + index * slot + (slot - bar) / 2
        base = PLOT_TOP + plot_height
        for kind, value in zip(series, values, strict=True):
            if not value:
                continue
            h = plot_height * value / top
            base -= h
            shapes.append(
                Shape(round(x, 1), round(base, 1), round(bar, 1), round(h, 1), kind.key,
                      f"{column_title}：{kind.name} {value} 条")
            )  # fmt: skip
        labels.append(Text(round(x + bar / 2, 1), height - COLUMN_BOTTOM + 18, label))
    grid = tuple(
        Text(PLOT_LEFT - 6, round(PLOT_TOP + plot_height * (1 - f), 1), _number(top * f), "end")
        for f in (0, 0.25, 0.5, 0.75, 1)
    )
    return Chart(
        chart_id, WIDTH, height, title, description, tuple(shapes), tuple(labels), grid,
        tuple(series), True, (PLOT_LEFT, PLOT_TOP, WIDTH - PLOT_RIGHT, PLOT_TOP + plot_height),
    )  # fmt: skip


def rate_bars(
    chart_id: str,
    title: str,
    description: str,
    bar_series: Series,
    bars: Sequence[tuple[str, float | None, str]],
) -> Chart:
    """Lay out one horizontal bar per (label, rate 0–1 or None, value text), 0–100 %."""
    height = PLOT_TOP + len(bars) * (BAR_HEIGHT + BAR_GAP) + 28
    # Names stand left of the bars, whole: the longest one decides where the bars begin.
    left = min(max((len(label) for label, _, _ in bars), default=4) * LABEL_EM + 16, WIDTH // 2)
    plot_width = WIDTH - left - 60  # room after a full bar for its value
    shapes: list[Shape] = []
    labels: list[Text] = []
    for index, (label, rate, text) in enumerate(bars):
        y = PLOT_TOP + index * (BAR_HEIGHT + BAR_GAP)
        middle = round(y + BAR_HEIGHT / 2 + 5, 1)
        labels.append(Text(left - 8, middle, label, "end"))
        width = plot_width * (rate or 0)
        if rate:
            shapes.append(
                Shape(left, y, round(width, 1), BAR_HEIGHT, bar_series.key, f"{label}：{text}")
            )
        labels.append(Text(round(left + width + 6, 1), middle, text, "start"))
    bottom = PLOT_TOP + len(bars) * (BAR_HEIGHT + BAR_GAP)
    grid = tuple(
        Text(round(left + plot_width * f, 1), bottom + 18, f"{round(f * 100)}%")
        for f in (0, 0.25, 0.5, 0.75, 1)
    )
    return Chart(
        chart_id, WIDTH, height, title, description, tuple(shapes), tuple(labels), grid,
        (bar_series,), False, (left, PLOT_TOP - 4, left + plot_width, bottom),
    )  # fmt: skip
