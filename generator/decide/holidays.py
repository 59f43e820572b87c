"""A city's own holiday calendar: the State Council's notices for years the library lacks.

The notice for a year comes out around November; the `chinesecalendar` package can lag it,
and a build after New Year cannot count working days without it. `extra.portal.holidays`
names a YAML file, beside mkdocs.yml, with one entry per year, written from the notice:

    2027:
      source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）
      holidays:                       # 放假: a day, or a range `from ~ to` (or `至`), or a list
        元旦: 2027-01-01
        春节: 2027-02-05 ~ 2027-02-11
      workdays:                       # 调休上班: Saturdays and Sundays worked
        - 2027-02-14

A day listed for a year is in that year, or in the December before it (a notice may start
元旦 on the 31st). Every error names the file, line and column, and is a configuration error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import yaml

from generator.core.config import ConfigError
from generator.decide.workdays import OFFICIAL, Calendar

YEAR_KEYS = frozenset({"source", "holidays", "workdays"})
LONGEST_HOLIDAY = 15  # days: the longest run a notice has given is 9; more is a typing slip
RANGE = re.compile(r"\s*(\S+)\s*(?:~|至)\s*(\S+)\s*")
WEEKDAYS = "一二三四五六日"
NEEDED = {"source": "依据的国务院办公厅通知", "holidays": "放假日"}


class _Located(Exception):
    """A fault in the file, at a node."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def load_holidays(path: Path | None) -> Calendar:
    """Return the library's calendar with a city's file laid over it (none: the library's)."""
    if path is None:
        return OFFICIAL
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as exc:
        raise ConfigError(f"extra.portal.holidays：无法读取 {path}：{exc.strerror}") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigError(f"{where}：不是有效的 YAML：{exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}：不是有效的 YAML：{exc}") from exc
    try:
        return read_calendar(root)
    except _Located as exc:
        mark = exc.node.start_mark
        raise ConfigError(f"{path}:{mark.line + 1}:{mark.column + 1}：{exc}") from exc


def read_calendar(root: yaml.Node | None) -> Calendar:
    """Return the calendar a composed file describes; raise _Located at the first fault."""
    if root is None:
        return OFFICIAL  # an empty file adds nothing
    years: set[int] = set()
    days_off: set[date] = set()
    days_on: set[date] = set()
    for key, block in _pairs(root, "文件应为“年份: 该年安排”的映射"):
        year = _year(key)
        if year in years:
            raise _Located(key, f"{year} 年写了两次")
        years.add(year)
        off, on = read_year(year, block)
        twice = sorted((off | on) & (days_off | days_on))
        if twice:
            raise _Located(key, f"{twice[0]} 在两个年份里都写了")
        days_off |= off
        days_on |= on
    return Calendar(frozenset(years), frozenset(days_off), frozenset(days_on))


def read_year(year: int, block: yaml.Node) -> tuple[set[date], set[date]]:
    """Return a year's days off and make-up working days, checked against each other."""
    pairs = _pairs(block, f"{year} 年应为含 source、holidays、workdays 的映射")
    by_name = {_text(key): (key, value) for key, value in pairs}
    for name, (key, _) in by_name.items():
        if name not in YEAR_KEYS:
            raise _Located(key, f"{year} 年不认识的项 {name!r}（可用 source、holidays、workdays）")
    for needed in ("source", "holidays"):
        if needed not in by_name:
            raise _Located(block, f"{year} 年缺少 {needed}（{NEEDED[needed]}）")
    source = by_name["source"][1]
    if not _text(source).strip():
        raise _Located(source, f"{year} 年的 source 应写明依据的通知")
    days_off: dict[date, str] = {}
    for name_node, spec in _pairs(by_name["holidays"][1], "holidays 应为“假日名称: 日期”的映射"):
        name = _text(name_node).strip()
        if not name:
            raise _Located(name_node, "假日名称不能为空")
        for day in _days(year, spec):
            if day in days_off:
                raise _Located(spec, f"{day} 已列在{days_off[day]}中")
            days_off[day] = name
    days_on: set[date] = set()
    if "workdays" in by_name:
        for node in _items(by_name["workdays"][1], "workdays 应为调休上班日期的列表"):
            day = _day(year, node)
            if day.weekday() < 5:
                raise _Located(
                    node, f"调休上班日应为周六或周日：{day} 是周{WEEKDAYS[day.weekday()]}"
                )
            if day in days_off:
                raise _Located(node, f"{day} 既是放假日又是调休上班日")
            if day in days_on:
                raise _Located(node, f"{day} 写了两次")
            days_on.add(day)
    return set(days_off), days_on


def _days(year: int, spec: yaml.Node) -> Iterator[date]:
    """Yield the days of one holiday: a day, a range `from ~ to`, or a list of either."""
    if isinstance(spec, yaml.SequenceNode):
        for item in spec.value:
            yield from _days(year, item)
        return
    text = _text(spec)
    parts = RANGE.fullmatch(text)
    if parts is None:
        yield _day(year, spec)
        return
    first, last = _day(year, spec, parts[1]), _day(year, spec, parts[2])
    if last < first:
        raise _Located(spec, f"假期的结束日 {last} 早于开始日 {first}")
    if (last - first).days >= LONGEST_HOLIDAY:
        raise _Located(spec, f"假期超过 {LONGEST_HOLIDAY} 天：{first} ~ {last}（写错了年月？）")
    yield from (first + timedelta(days=n) for n in range((last - first).days + 1))


def _day(year: int, node: yaml.Node, text: str | None = None) -> date:
    """Return a date written YYYY-MM-DD, in `year` or the December before it."""
    text = _text(node) if text is None else text
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise _Located(node, f"日期应写作 YYYY-MM-DD：{text!r}") from exc
    if day.year != year and not (day.year == year - 1 and day.month == 12):
        raise _Located(node, f"{day} 不在 {year} 年（只有元旦假期可从上年 12 月开始）")
    return day


def _year(node: yaml.Node) -> int:
    text = _text(node)
    if not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise _Located(node, f"年份应为四位数字：{text!r}")
    return int(text)


def _text(node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _Located(node, "此处应为一个值")
    return str(node.value)


def _pairs(node: yaml.Node, expected: str) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise _Located(node, expected)
    seen: set[str] = set()
    for key, value in node.value:
        name = _text(key)
        if name in seen:  # PyYAML keeps the last of two equal keys without a word
            raise _Located(key, f"{name!r} 写了两次")
        seen.add(name)
        yield key, value


def _items(node: yaml.Node, expected: str) -> Iterator[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        raise _Located(node, expected)
    yield from node.value
