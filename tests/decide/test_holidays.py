"""A city's own holiday calendar: years the library lacks, laid over it, checked on load."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import chinese_calendar
import pytest
from conftest import row, write_rows

from generator.cli import main
from generator.core.config import ConfigError
from generator.decide.holidays import load_holidays
from generator.decide.workdays import (
    LATE,
    OFFICIAL,
    ON_TIME,
    UNKNOWN,
    CalendarGap,
    judge_timeliness,
    working_days_after,
)

ROOT = Path(__file__).parents[2]
# Test data in the file's format, NOT the real 2027 notice: 春节 02-05 (Fri) to 02-11 (Thu),
# Sunday 02-14 worked; 元旦 from Thursday 2026-12-31, which the library calls a working day.
CITY_2027 = """\
2027:
  source: 测试用数据，不是真实通知
  holidays:
    元旦: 2026-12-31 ~ 2027-01-03
    春节: 2027-02-05 ~ 2027-02-11
    国庆节: [2027-10-01 ~ 2027-10-03, 2027-10-04 至 2027-10-07]
  workdays:
    - 2027-02-14
"""
LAST_KNOWN = max(chinese_calendar.constants.holidays).year


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_library_lacks_2027_which_is_why_a_city_needs_its_own_file() -> None:
    assert LAST_KNOWN < 2027
    with pytest.raises(CalendarGap):
        OFFICIAL.is_workday(date(2027, 2, 15))


def test_a_2027_report_is_judged_with_the_citys_calendar(tmp_path: Path) -> None:
    calendar = load_holidays(write(tmp_path, CITY_2027))
    decided = date(2027, 2, 3)  # Wednesday before the (test) Spring Festival
    # 02-04, 02-12, Sunday 02-14 (worked), 02-15, 02-16, 02-17: the 6th working day.
    assert working_days_after(decided, date(2027, 2, 17), calendar.is_workday) == 6
    on_time = judge_timeliness(decided, date(2027, 2, 18), is_workday=calendar.is_workday)
    assert (on_time.verdict, on_time.working_days) == (ON_TIME, 7)
    late = calendar.judge(decided, date(2027, 2, 19))
    assert (late.verdict, late.working_days) == (LATE, 8)
    # The library alone cannot tell.
    assert judge_timeliness(decided, date(2027, 2, 17)).verdict == UNKNOWN


def test_the_citys_year_is_the_whole_truth_and_other_years_stay_the_librarys(
    tmp_path: Path,
) -> None:
    calendar = load_holidays(write(tmp_path, CITY_2027))
    assert not calendar.is_workday(date(2026, 12, 31))  # its 元旦 begins in December
    assert chinese_calendar.is_workday(date(2026, 12, 31))
    assert calendar.is_workday(date(2027, 1, 4)) and not calendar.is_workday(date(2027, 1, 9))
    assert not calendar.is_workday(date(2027, 10, 6))  # a list of ranges
    # 2025's National Day and make-up Saturday, from the library.
    assert not calendar.is_workday(date(2025, 10, 1)) and calendar.is_workday(date(2025, 10, 11))
    # A year the city defines wins over the library's copy of it.
    own = load_holidays(
        write(tmp_path, "2025:\n  source: 测试\n  holidays:\n    元旦: 2025-01-01\n")
    )
    assert own.is_workday(date(2025, 10, 1)) and not own.is_workday(date(2025, 10, 11))


def test_a_year_neither_knows_is_still_a_gap(tmp_path: Path) -> None:
    calendar = load_holidays(write(tmp_path, CITY_2027))
    with pytest.raises(CalendarGap) as gap:
        calendar.is_workday(date(2028, 1, 5))
    assert gap.value.year == 2028
    verdict = calendar.judge(date(2027, 12, 28), date(2028, 1, 5))
    assert (verdict.verdict, verdict.gap_year) == (UNKNOWN, 2028)


def test_no_file_and_an_empty_file_are_the_library(tmp_path: Path) -> None:
    assert load_holidays(None) is OFFICIAL
    empty = load_holidays(write(tmp_path, "# 还没有通知\n"))
    assert empty.years == frozenset() and not empty.is_workday(date(2025, 10, 1))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("2027:\n  source: x\n  holidays: {元旦: 2027-01-01\n", 4, "不是有效的 YAML"),
        ("- 2027\n", 1, "年份: 该年安排"),
        ("27:\n  source: x\n  holidays: {元旦: 2027-01-01}\n", 1, "年份应为四位数字"),
        ("2027:\n  holidays: {元旦: 2027-01-01}\n", 2, "缺少 source"),
        ("2027:\n  source: x\n", 2, "缺少 holidays"),
        ("2027:\n  source: x\n  holiday: {元旦: 2027-01-01}\n", 3, "不认识的项 'holiday'"),
        ("2027:\n  source: x\n  holidays:\n    元旦: 2027-1-1\n", 4, "YYYY-MM-DD"),
        ("2027:\n  source: x\n  holidays:\n    元旦: 2028-01-01\n", 4, "不在 2027 年"),
        ("2027:\n  source: x\n  holidays:\n    春节: 2027-02-11 ~ 2027-02-05\n", 4, "早于"),
        ("2027:\n  source: x\n  holidays:\n    春节: 2027-02-01 ~ 2027-03-01\n", 4, "超过 15 天"),
        (
            "2027:\n  source: x\n  holidays:\n    春节: 2027-02-05 ~ 2027-02-11\n"
            "    元宵: 2027-02-11\n",
            5,
            "已列在春节中",
        ),
        (
            "2027:\n  source: x\n  holidays:\n    元旦: 2027-01-01\n  workdays:\n    - 2027-02-15\n",
            6,
            "应为周六或周日：2027-02-15 是周一",
        ),
        (
            "2027:\n  source: x\n  holidays:\n    元旦: 2027-01-01 ~ 2027-01-03\n"
            "  workdays: [2027-01-02]\n",
            5,
            "既是放假日又是调休上班日",
        ),
        (
            "2027:\n  source: x\n  holidays: {元旦: 2027-01-01}\n"
            "2027:\n  source: y\n  holidays: {元旦: 2027-01-01}\n",
            4,
            "写了两次",
        ),
        ("2027:\n  source: ''\n  holidays: {元旦: 2027-01-01}\n", 2, "写明依据的通知"),
    ],
)
def test_a_bad_file_is_a_configuration_error_at_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_holidays(path)
    assert str(error.value).startswith(f"{path}:{line}:"), error.value
    assert message in str(error.value)


def city(tmp_path: Path, holidays: str | None) -> Path:
    """Write a city whose only penalty was decided and reported in 2027; return mkdocs.yml."""
    reported = {"处罚决定日期": "2027-02-03", "报送日期": "2027-02-17", "处罚有效期": "2028-02-02"}
    write_rows(tmp_path / "data" / "penalties" / "p.csv", [row("penalties", **reported)])
    lines = ["site_name: 信用中国（测试）", "extra:", "  portal:", "    key_salt: test"]
    if holidays is not None:
        write(tmp_path, holidays)
        lines.append("    holidays: holidays.yaml")
    config = tmp_path / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def check(config: Path, tmp_path: Path) -> int:
    args = ["--config", str(config), "check", "--data", str(tmp_path / "data")]
    return main([*args, "--work", str(tmp_path / "build"), "--today", "2027-03-01"])


def monitor_rows(tmp_path: Path) -> list[dict[str, str]]:
    text = (tmp_path / "build" / "report" / "monitor.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def test_a_check_in_2027_counts_the_deadline_with_the_citys_file(tmp_path: Path) -> None:
    assert check(city(tmp_path, CITY_2027), tmp_path) == 0
    rejected = (tmp_path / "build" / "report" / "rejected.csv").read_text(encoding="utf-8-sig")
    assert "无法判断是否迟报" not in rejected
    (city_row,) = (
        r for r in monitor_rows(tmp_path) if r["月份"] == "2027-02" and r["部门"] == "全市"
    )
    assert (city_row["按时"], city_row["迟报"], city_row["无法判断时限"]) == ("1", "0", "0")


def test_without_the_file_the_same_check_reports_the_gap(tmp_path: Path) -> None:
    assert check(city(tmp_path, None), tmp_path) == 0
    rejected = (tmp_path / "build" / "report" / "rejected.csv").read_text(encoding="utf-8-sig")
    assert "无法判断是否迟报" in rejected and "2027 年" in rejected
    (city_row,) = (
        r for r in monitor_rows(tmp_path) if r["月份"] == "2027-02" and r["部门"] == "全市"
    )
    assert (city_row["按时"], city_row["无法判断时限"]) == ("0", "1")


def test_a_bad_holiday_file_stops_the_check_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = "2027:\n  source: x\n  holidays:\n    元旦: 2027-13-01\n"
    assert check(city(tmp_path, bad), tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("配置错误：") and "holidays.yaml:4:" in err


def test_the_shipped_example_is_valid_and_says_it_is_not_the_notice() -> None:
    example = ROOT / "holidays.example.yaml"
    calendar = load_holidays(example)
    assert calendar.years == frozenset({2027})
    assert not calendar.is_workday(date(2027, 2, 5))  # 除夕, under the 2024 rules
    text = example.read_text(encoding="utf-8")
    assert "不是真实的放假安排" in text and "示例" in text
