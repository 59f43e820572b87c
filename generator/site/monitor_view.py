"""What the monitor pages and the department sections show of the monitor (pure context)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from generator.core.urls import dept_url, monitor_url
from generator.decide.figures import (
    SILENT_AFTER_DAYS,
    UNDATED,
    UNKNOWN_DEPT,
    Figures,
    Monitor,
    add_figures,
    format_rate,
    month_name,
)
from generator.site.charts import Chart, Series, rate_bars, stacked_columns

# The parts of a month's column, bottom up; they add up to 报送.
TREND_SERIES = (
    Series("ontime", "按时报送"),
    Series("late", "迟报"),
    Series("open", "未填报送日期或无法判断"),
    Series("rejected", "拒收"),
)
LATE_SERIES = Series("late", "迟报率")


def figure_cells(f: Figures) -> dict[str, Any]:
    """Return a row's numbers as the tables show them."""
    return {
        "reported": f.reported,
        "accepted": f.accepted,
        "late": f.late,
        "late_rate": format_rate(f.late_rate),
        "open": f.undated + f.unjudged,
        "rejected": f.rejected,
        "rejected_rate": format_rate(f.rejected_rate),
        "code_faults": f.code_faults,
        "code_rate": format_rate(f.code_rate),
        "reasons": f.reasons,
    }


def trend_values(f: Figures) -> tuple[int, int, int, int]:
    """Return a month's column parts, in TREND_SERIES order."""
    return (f.on_time, f.late, f.undated + f.unjudged, f.rejected)


def trend_chart(chart_id: str, who: str, monitor: Monitor, code: str | None) -> Chart:
    """Return the stacked columns of the last months: the city's (code None) or a department's."""
    columns = []
    for month in monitor.window():
        f = monitor.month_total(month) if code is None else monitor.figures(month, code)
        columns.append((f"{int(month[5:])}月", month_name(month), trend_values(f)))
    first, last = monitor.window()[0], monitor.window()[-1]
    title = f"{who}近 12 个月双公示报送情况"
    description = (
        f"{month_name(first)}至{month_name(last)}每月报送条数，分为按时报送、迟报、"
        "未填报送日期或无法判断、拒收四部分；各月数字见图下的表格。"
    )
    return stacked_columns(chart_id, title, description, TREND_SERIES, columns)


def dept_rows(
    monitor: Monitor, months: Collection[str], sections: Collection[str]
) -> list[dict[str, Any]]:
    """Return one row per department (silent ones too) with its figures over some months."""
    rows = []
    for dept in monitor.departments:
        f = add_figures(monitor.figures(m, dept.code) for m in months)
        silent = monitor.days_silent(dept.code) if dept.code != UNKNOWN_DEPT else None
        rows.append(
            {
                "name": dept.name,
                "code": dept.code,
                "url": dept_url(dept.code) if dept.code in sections else "",
                "unknown": dept.code == UNKNOWN_DEPT,
                "days_silent": silent,
                "silent": dept.code != UNKNOWN_DEPT
                and (silent is None or silent > SILENT_AFTER_DAYS),
                **figure_cells(f),
            }
        )
    return rows


def month_rows(monitor: Monitor, code: str | None) -> list[dict[str, Any]]:
    """Return the trend window's months, newest first, for the city or one department."""
    rows = []
    pages = set(monitor.page_months())
    for month in reversed(monitor.window()):
        f = monitor.month_total(month) if code is None else monitor.figures(month, code)
        rows.append(
            {
                "month": month_name(month),
                "url": monitor_url(month) if month in pages else "",
                **figure_cells(f),
            }
        )
    return rows


def gap_notes(monitor: Monitor) -> list[str]:
    """Return a sentence per year the holiday calendar lacks, saying how many rows it left open."""
    return [
        f"节假日日历没有 {year} 年的数据：{n} 条记录无法判断是否迟报，未计入迟报率。"
        for year, n in monitor.gaps.items()
    ]


def monitor_context(monitor: Monitor, sections: Collection[str]) -> dict[str, Any]:
    """Return the context of /monitor/: the 通报 month by department, the trend, the archive."""
    window = monitor.window()
    report_month = monitor.report_month()
    window_total = add_figures(monitor.month_total(m) for m in window)
    # Ranked worst first, so the departments to talk to come first; unjudgeable ones last.
    late_bars = sorted(
        (
            (row["name"], monitor.dept_total(row["code"], window).late_rate, row["late_rate"])
            for row in dept_rows(monitor, window, sections)
            if not row["unknown"]
        ),
        key=lambda bar: (bar[1] is None, -(bar[1] or 0), bar[0]),
    )
    undated = monitor.month_total(UNDATED) if UNDATED in monitor.months else None
    return {
        "report_month": month_name(report_month),
        "report_month_url": monitor_url(report_month),
        "window_first": month_name(window[0]),
        "window_last": month_name(window[-1]),
        "departments": dept_rows(monitor, (report_month,), sections),
        "report_total": figure_cells(monitor.month_total(report_month)),
        "trend": trend_chart("trend-city", "全市", monitor, None),
        "trend_rows": month_rows(monitor, None),
        "late_chart": rate_bars(
            "late-depts",
            f"各部门近 12 个月迟报率（{month_name(window[0])}至{month_name(window[-1])}）",
            "每个部门一条横条，按迟报率从高到低排列，长度为迟报条数占能判断时限的记录的比例；数字见下方各部门表格。",
            LATE_SERIES,
            late_bars,
        ),
        "window_departments": dept_rows(monitor, window, sections),
        "window_total": figure_cells(window_total),
        "reasons": window_total.reasons,
        "archive": [(month_name(m), monitor_url(m)) for m in reversed(monitor.page_months())],
        "gaps": gap_notes(monitor),
        "undated": figure_cells(undated) if undated and undated.reported else None,
        "silent_after": SILENT_AFTER_DAYS,
    }


def month_context(monitor: Monitor, month: str, sections: Collection[str]) -> dict[str, Any]:
    """Return the context of /monitor/<yyyy-mm>/: every department's figures for one month."""
    total = monitor.month_total(month)
    return {
        "month": month_name(month),
        "partial": month == monitor.window()[-1],
        "departments": dept_rows(monitor, (month,), sections),
        "total": figure_cells(total),
        "reasons": total.reasons,
        "gaps": gap_notes(monitor) if total.unjudged else [],
    }


def dept_monitor_context(monitor: Monitor, code: str) -> dict[str, Any] | None:
    """Return what a department's own section shows of its reporting, None if it reported none."""
    dept = monitor.dept(code)
    if dept is None:
        return None
    window = monitor.window()
    total = monitor.dept_total(code, window)
    silent = monitor.days_silent(code)
    last = monitor.last_reported.get(code)
    return {
        "trend": trend_chart(f"trend-{code}", dept.name, monitor, code),
        "rows": month_rows(monitor, code),
        "total": figure_cells(total),
        "reasons": total.reasons,
        "last_reported": last.isoformat() if last else "",
        "days_silent": silent,
        "silent": silent is None or silent > SILENT_AFTER_DAYS,
        "silent_after": SILENT_AFTER_DAYS,
        "gaps": gap_notes(monitor) if total.unjudged else [],
    }
