"""The private build report: every rejected row with its reason, and counts per kind."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from generator.core.atomic import write_bytes_atomically
from generator.core.kinds import KIND_NAMES
from generator.core.problems import Problem
from generator.decide import Decision
from generator.decide.articles import Articles
from generator.decide.counts import KindCounts
from generator.decide.figures import Figures, Monitor, add_figures, format_rate
from generator.ops.files_report import render_files

REJECTED_COLUMNS = ("file", "row", "field", "reason", "value")


def render_rejected(problems: Iterable[Problem]) -> bytes:
    """Return rejected.csv: one line per problem, ordered by file and row (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REJECTED_COLUMNS)
    for p in sorted(problems, key=lambda p: (p.file, p.row or 0)):
        writer.writerow((p.file, "" if p.row is None else p.row, p.field, p.reason, p.value))
    # The BOM lets the credit office open the report in Excel without mojibake. A lone
    # surrogate (a file name that is not UTF-8) is written escaped: the report stays UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8", errors="backslashreplace")


def render_summary(day: date, counts: Mapping[str, KindCounts]) -> bytes:
    """Return summary.json: the build day and the counts of every kind."""
    kinds = {
        kind: {
            "read": c.read,
            "rejected": c.rejected,
            "published": c.published,
            "withheld": dict(sorted(c.withheld.items())),
        }
        for kind, c in counts.items()
    }
    text = json.dumps({"build_day": day.isoformat(), "kinds": kinds}, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_report(
    work_dir: Path,
    decision: Decision,
    articles: Articles,
    more: Iterable[Problem] = (),
) -> Path:
    """Write rejected.csv, summary.json, monitor.csv and files.csv under work_dir/report.

    `more` are problems found after deciding (mkdocs' warnings about the editors' pages).
    """
    folder = work_dir / "report"
    for name, data in (
        ("rejected.csv", render_rejected(report_problems(decision, articles, more))),
        ("summary.json", render_summary(decision.day, report_counts(decision, articles))),
        ("monitor.csv", render_monitor(decision.monitor)),
        ("files.csv", render_files(decision.files)),
    ):
        write_bytes_atomically(folder / name, data)  # a reader never sees half a report
    return folder


def report_counts(decision: Decision, articles: Articles) -> dict[str, KindCounts]:
    """Return the counts per input folder, and the editors' articles beside them."""
    return {**decision.counts, "articles": articles.counts}


def report_problems(
    decision: Decision, articles: Articles, more: Iterable[Problem] = ()
) -> list[Problem]:
    """Return every problem of a build, in the order the stages found them."""
    return [*decision.problems, *articles.problems, *more]


MONITOR_COLUMNS = (
    "月份", "部门", "部门统一社会信用代码", "报送", "通过校验", "正在公示", "按时", "迟报",
    "迟报率", "未填报送日期", "无法判断时限", "拒收", "错误率", "错码", "重码", "重错码率",
    "拒收原因", "最近报送日期", "距最近报送天数",
)  # fmt: skip


def render_monitor(monitor: Monitor) -> bytes:
    """Return monitor.csv: every department every month, the city per month, and totals.

    Months are YYYY-MM (日期不明 for rows without a usable date); 合计 rows add up all months
    and carry each department's latest 报送日期. UTF-8 with BOM, for Excel.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MONITOR_COLUMNS)
    for month in monitor.months:
        label = month or "日期不明"
        for dept in monitor.departments:
            writer.writerow(
                (
                    label,
                    dept.name,
                    dept.credit_code,
                    *_figure_cells(monitor.figures(month, dept.code)),
                    "",
                    "",
                )
            )
        writer.writerow((label, "全市", "", *_figure_cells(monitor.month_total(month)), "", ""))
    for dept in monitor.departments:
        last = monitor.last_reported.get(dept.code)
        silent = monitor.days_silent(dept.code)
        writer.writerow(
            (
                "合计",
                dept.name,
                dept.credit_code,
                *_figure_cells(monitor.dept_total(dept.code)),
                last.isoformat() if last else "",
                "" if silent is None else silent,
            )
        )
    total = add_figures(monitor.month_total(m) for m in monitor.months)
    writer.writerow(("合计", "全市", "", *_figure_cells(total), "", ""))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _rate(rate: float | None) -> str:
    return (
        "" if rate is None else format_rate(rate)
    )  # blank, so Excel sees no text in a number column


def _figure_cells(f: Figures) -> tuple[object, ...]:
    reasons = "；".join(f"{reason} {n}" for reason, n in f.reasons)
    return (
        f.reported, f.accepted, f.published, f.on_time, f.late, _rate(f.late_rate),
        f.undated, f.unjudged, f.rejected, _rate(f.rejected_rate), f.wrong_code,
        f.repeated_code, _rate(f.code_rate), reasons,
    )  # fmt: skip


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _columns(cells: tuple[object, ...]) -> str:
    """Lay out one table line; Chinese characters take two terminal columns."""
    first, *rest = (str(c) for c in cells)
    return first + " " * (30 - _width(first)) + "".join(" " * (10 - _width(c)) + c for c in rest)


def describe(day: date, counts: Mapping[str, KindCounts], problems: list[Problem]) -> str:
    """Return a short human summary of a check, for the terminal."""
    header = ("类别", "读取", "发布", "拒收", "暂不公示")
    lines = [f"构建日 {day.isoformat()}", _columns(header)]
    for kind, c in counts.items():
        label = f"{KIND_NAMES.get(kind, kind)} {kind}"
        withheld = sum(c.withheld.values())
        lines.append(_columns((label, c.read, c.published, c.rejected, withheld)))
    files = sorted({p.file for p in problems if p.row is None})
    if files:
        lines.append(f"无法读取的文件 {len(files)} 个：" + "、".join(files[:5]))
    reasons = Counter(p.reason.split("（")[0] for p in problems)
    if reasons:
        lines.append("主要问题：")
        lines += [f"  {n:>6}  {reason}" for reason, n in reasons.most_common(8)]
    return "\n".join(lines)
