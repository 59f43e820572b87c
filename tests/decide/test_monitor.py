"""The reporting monitor: timeliness over holidays, silent months, attribution of rejected rows."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import COMPANY, DEPT, row, write_rows

from generator.cli import main
from generator.core.config import load_config
from generator.decide.figures import (
    NAMED_DEPT,
    UNDATED,
    UNKNOWN_DEPT,
    UNKNOWN_DEPT_NAME,
    Monitor,
    add_months,
    month_range,
)
from generator.decide.monitor import CONFLICT, compute_monitor
from generator.decide.policy import apply_policy
from generator.decide.rules import load_rules
from generator.ingest import ingest
from generator.pipeline import BuildContext, check

ENV = {"name": "九江市生态环境局", "code": "11360400MB17190620"}  # a second department
OTHER_COMPANY = "91360403MA35F0Q150"
TODAY = date(2025, 11, 20)


def env_row(kind: str, **changes: str) -> dict[str, str]:
    """Return a valid row decided by the second department."""
    body = "处罚机关" if kind == "penalties" else "许可机关"
    return row(
        kind,
        **{
            body: ENV["name"],
            f"{body}统一社会信用代码": ENV["code"],
            "数据来源单位": ENV["name"],
            "数据来源单位统一社会信用代码": ENV["code"],
            **changes,
        },
    )


def monitor_of(data: Path, today: date = TODAY) -> Monitor:
    ingested = ingest(data, b"salt")
    return compute_monitor(ingested, apply_policy(ingested, load_rules(), today), today)


def penalty(doc: str, decided: str, reported: str = "", **changes: str) -> dict[str, str]:
    return row(
        "penalties",
        行政处罚决定书文号=doc,
        处罚决定日期=decided,
        处罚有效期="2026-12-31",
        报送日期=reported,
        **changes,
    )


def test_a_decision_before_national_day_is_judged_by_working_days(tmp_path: Path) -> None:
    # 2025-09-29; 10-01..10-08 off; Saturday 10-11 worked: 10-15 is the 7th working day.
    rows = [
        penalty("九市监罚〔2025〕101号", "2025-09-29", "2025-10-15"),
        penalty("九市监罚〔2025〕102号", "2025-09-29", "2025-10-16"),
        penalty("九市监罚〔2025〕103号", "2025-09-29", "2025-09-29"),
        penalty("九市监罚〔2025〕104号", "2025-09-29"),  # no 报送日期: not judged
    ]
    write_rows(tmp_path / "penalties" / "p.csv", rows)
    f = monitor_of(tmp_path).figures("2025-09", DEPT["code"])
    assert (f.reported, f.accepted, f.on_time, f.late, f.undated) == (4, 4, 2, 1, 1)
    assert f.late_rate == pytest.approx(1 / 3)


def test_a_department_with_no_records_in_a_month_shows_zero(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "penalties" / "p.csv",
        [
            penalty("九市监罚〔2025〕1号", "2025-08-04", "2025-08-05"),
            penalty("九市监罚〔2025〕2号", "2025-10-09", "2025-10-10"),
        ],
    )
    write_rows(tmp_path / "licensing" / "l.csv", [env_row("licensing", 许可决定日期="2025-10-09")])
    monitor = monitor_of(tmp_path)
    assert [d.name for d in monitor.departments] == [
        DEPT["name"],
        ENV["name"],
        UNKNOWN_DEPT_NAME,
    ]
    silent = monitor.figures("2025-08", ENV["code"])
    assert silent.reported == 0 and silent.late_rate is None
    assert monitor.figures("2025-09", DEPT["code"]).reported == 0
    # every month of the trend window is there, up to the build month, with nothing undated
    assert monitor.months[-1] == "2025-11" and UNDATED not in monitor.months
    assert monitor.window() == month_range("2024-12", "2025-11")
    assert set(monitor.window()) <= set(monitor.months)


def test_months_are_counted_across_year_ends() -> None:
    assert add_months("2025-01", -1) == "2024-12"
    assert add_months("2024-12", 1) == "2025-01"
    assert month_range("2024-11", "2025-02") == ("2024-11", "2024-12", "2025-01", "2025-02")


def test_days_since_the_last_report_single_out_a_silent_department(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "penalties" / "p.csv",
        [
            penalty("九市监罚〔2025〕1号", "2025-06-02", "2025-06-03"),
            penalty("九市监罚〔2025〕2号", "2025-11-17", "2025-11-18"),
            env_row("penalties", 处罚决定日期="2025-06-02", 报送日期="2025-06-04"),
        ],
    )
    monitor = monitor_of(tmp_path)
    assert monitor.days_silent(DEPT["code"]) == 2
    assert monitor.days_silent(ENV["code"]) == (TODAY - date(2025, 6, 4)).days
    assert monitor.days_silent(UNKNOWN_DEPT) is None


def rejected_rows(work: Path) -> set[tuple[str, str]]:
    """Return the (file, row) pairs rejected.csv names."""
    with (work / "report" / "rejected.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {(r["file"], r["row"]) for r in csv.DictReader(handle) if r["row"]}


def test_rejected_rows_are_attributed_and_match_the_report(tmp_path: Path) -> None:
    data = tmp_path / "data"
    bad_code = COMPANY["code"][:-1] + "X"  # wrong check character
    write_rows(
        data / "penalties" / "p.csv",
        [
            penalty("九市监罚〔2025〕1号", "2025-10-09", "2025-10-10"),  # row 2: accepted
            penalty("九市监罚〔2025〕2号", "2025-10-09", 违法事实=""),  # row 3: 必填项为空
            penalty(  # row 4: wrong party code, deciding-body code wrong too: by 数据来源单位
                "九市监罚〔2025〕3号",
                "2025-10-09",
                **{
                    "行政相对人代码_1(统一社会信用代码)": bad_code,
                    "处罚机关统一社会信用代码": "11360400MB1719061X",
                },
            ),
            env_row(  # row 5: no usable code at all, but the department's name is known
                "penalties",
                行政处罚决定书文号="九环罚〔2025〕1号",
                处罚决定日期="2025-10-09",
                处罚机关统一社会信用代码="",
                数据来源单位统一社会信用代码="",
                违法事实="",
            ),
            penalty(  # row 6: a department no code and no directory explains: counted by name
                "某罚〔2025〕1号",
                "2025-10-09",
                处罚机关="某某局",
                数据来源单位="某某局",
                处罚机关统一社会信用代码="",
                数据来源单位统一社会信用代码="",
            ),
            penalty("九市监罚〔2025〕9号", "2025-10-09", "2025-10-08"),  # row 7: reported early
        ],
    )
    write_rows(
        data / "licensing" / "l.csv",
        [
            env_row("licensing", 许可决定日期="2025-10-09", 报送日期="2025-10-10"),
            env_row(  # the same licence again with other content: a conflict, both rejected
                "licensing", 许可决定日期="2025-10-09", 许可内容="另一内容", 报送日期="2025-10-10"
            ),
        ],
    )
    config = load_config(make_city(tmp_path))
    config = replace(config, docs_dir=tmp_path / "site_src")
    checked = check(BuildContext.of(config, data, tmp_path / "build", TODAY)).decision
    monitor = checked.monitor
    report = rejected_rows(tmp_path / "build")
    expected = {
        DEPT["code"]: {
            ("penalties/p.csv", "3"),
            ("penalties/p.csv", "4"),
            ("penalties/p.csv", "7"),
        },
        ENV["code"]: {("penalties/p.csv", "5"), ("licensing/l.csv", "2"), ("licensing/l.csv", "3")},
        NAMED_DEPT + "某某局": {("penalties/p.csv", "6")},
    }
    assert report == set().union(*expected.values())
    for code, rows in expected.items():
        assert monitor.dept_total(code).rejected == len(rows), code
    dept = monitor.figures("2025-10", DEPT["code"])
    assert (dept.reported, dept.accepted, dept.rejected, dept.wrong_code) == (4, 1, 3, 1)
    reasons = dict(dept.reasons)
    assert reasons["违法事实：必填项为空"] == 1
    assert reasons["行政相对人代码_1(统一社会信用代码)：统一社会信用代码校验位错误"] == 1
    assert reasons["报送日期：早于处罚决定日期"] == 1
    assert dict(monitor.figures("2025-10", ENV["code"]).reasons)[CONFLICT] == 2
    # the monitor and summary.json count the same rejections
    total = sum(monitor.dept_total(d.code).rejected for d in monitor.departments)
    assert total == sum(checked.counts[k].rejected for k in ("licensing", "penalties")) == 7
    named = monitor.dept(NAMED_DEPT + "某某局")
    assert named is not None and (named.name, named.credit_code) == ("某某局", "")
    assert monitor.dept_total(UNKNOWN_DEPT).reported == 0


def test_repeated_codes_are_one_code_under_two_names(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "licensing" / "l.csv",
        [
            row("licensing", 许可决定日期="2025-10-09"),
            row(
                "licensing",
                行政许可决定文书号="九市监许〔2025〕9号",
                许可决定日期="2025-10-09",
                行政相对人名称="九江市浔阳区恒达建材有限责任公司",
            ),
            row(  # same name written in full-width and with a space: the same party
                "licensing",
                行政许可决定文书号="九市监许〔2025〕10号",
                许可决定日期="2025-10-09",
                **{"行政相对人代码_1(统一社会信用代码)": OTHER_COMPANY},
                行政相对人名称="九江市 恒达公司",
            ),
            row(
                "licensing",
                行政许可决定文书号="九市监许〔2025〕11号",
                许可决定日期="2025-10-09",
                **{"行政相对人代码_1(统一社会信用代码)": OTHER_COMPANY},
                行政相对人名称="九江市恒达公司",
            ),
        ],
    )
    f = monitor_of(tmp_path).figures("2025-10", DEPT["code"])
    assert (f.reported, f.repeated_code, f.wrong_code) == (4, 2, 0)
    assert f.code_rate == pytest.approx(0.5)


def make_city(tmp_path: Path) -> Path:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: 信用中国（测试）\nsite_url: https://credit.example.gov.cn/\n"
        "docs_dir: site_src\nnav:\n  - 首页: /\n  - 双公示: /shuanggongshi/\n"
        "  - 报送通报: /monitor/\nextra:\n  portal:\n    city: 测试市\n    key_salt: test\n",
        encoding="utf-8",
    )
    return config


def test_a_year_the_calendar_lacks_is_a_reported_gap_on_the_page_too(tmp_path: Path) -> None:
    import chinese_calendar

    missing = max(chinese_calendar.constants.holidays).year + 1
    today = date(missing, 1, 20)
    data = tmp_path / "data"
    write_rows(
        data / "penalties" / "p.csv",
        [
            penalty("九市监罚〔1〕1号", f"{missing - 1}-12-30", f"{missing}-01-06"),
            penalty("九市监罚〔1〕2号", f"{missing - 1}-12-01", f"{missing}-01-16"),  # late anyway
        ],
    )
    args = ["--config", str(make_city(tmp_path)), "build", "--data", str(data)]
    args += ["--out", str(tmp_path / "site"), "--work", str(tmp_path / "build")]
    assert main([*args, "--today", today.isoformat()]) == 0
    with (tmp_path / "build" / "report" / "rejected.csv").open(encoding="utf-8-sig") as handle:
        (gap,) = list(csv.DictReader(handle))
    assert (gap["file"], gap["row"], gap["field"]) == ("penalties/p.csv", "2", "报送日期")
    assert f"没有 {missing} 年的数据" in gap["reason"]
    note = f"节假日日历没有 {missing} 年的数据：1 条记录无法判断是否迟报"
    page = (tmp_path / "site" / "monitor" / "index.html").read_text(encoding="utf-8")
    assert note in page
    dept_page = (tmp_path / "site" / "dept" / DEPT["code"] / "index.html").read_text("utf-8")
    assert note in dept_page
    with (tmp_path / "build" / "report" / "monitor.csv").open(encoding="utf-8-sig") as handle:
        lines = list(csv.DictReader(handle))
    december = next(
        r
        for r in lines
        if r["月份"] == f"{missing - 1}-12" and r["部门统一社会信用代码"] == DEPT["code"]
    )
    assert (december["迟报"], december["无法判断时限"], december["按时"]) == ("1", "1", "0")
    assert december["迟报率"] == "100.0%"  # over the one row that could be judged
    assert (tmp_path / "site" / "monitor" / f"{missing - 1}-12" / "index.html").is_file()
