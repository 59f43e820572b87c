"""The private report's shape: rejected.csv columns and order, summary.json counts."""

import csv
import io
import json
from datetime import date

from generator.core.problems import Problem
from generator.ops.report import KindCounts, describe, render_rejected, render_summary


def test_rejected_csv_is_ordered_by_file_and_row_and_opens_in_excel() -> None:
    problems = [
        Problem("penalties/b.csv", 3, "处罚类别", "不是标准处罚类别", "打板子"),
        Problem("penalties/a.csv", 12, "违法事实", "必填项为空", ""),
        Problem("penalties/a.csv", None, "", "文件编码为 UTF-16", ""),
        Problem("penalties/a.csv", 2, "处罚机关", "必填项为空", '含,逗号"引号'),
    ]
    data = render_rejected(problems)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["file", "row", "field", "reason", "value"]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("penalties/a.csv", ""),
        ("penalties/a.csv", "2"),
        ("penalties/a.csv", "12"),
        ("penalties/b.csv", "3"),
    ]
    assert rows[2][4] == '含,逗号"引号'


def test_summary_shape() -> None:
    counts = {
        "penalties": KindCounts(10, 2, 6, {"duplicate": 1, "expired": 1}),
        "cases": KindCounts(),
    }
    summary = json.loads(render_summary(date(2026, 11, 23), counts))
    assert summary == {
        "build_day": "2026-11-23",
        "kinds": {
            "penalties": {
                "read": 10,
                "rejected": 2,
                "published": 6,
                "withheld": {"duplicate": 1, "expired": 1},
            },
            "cases": {"read": 0, "rejected": 0, "published": 0, "withheld": {}},
        },
    }
    assert all(c.balances() for c in counts.values())
    assert not KindCounts(3, 1, 1).balances()


def test_describe_names_kinds_and_main_problems() -> None:
    text = describe(
        date(2026, 11, 23),
        {"penalties": KindCounts(3, 1, 2)},
        [Problem("penalties/a.csv", 2, "处罚机关", "必填项为空", "")],
    )
    assert "行政处罚" in text and "必填项为空" in text and "2026-11-23" in text
