"""The 双公示 reporting monitor: each department's figures per month (pure; nothing renders here).

Definitions, used by the public page, the department sections and the private monitor.csv:
- a row counts in the month of its decision date (决定日期); a rejected row whose decision date
  cannot be read counts in the month of its 报送日期, else under 日期不明;
- a row belongs to the department whose code it names as deciding body (许可机关 / 处罚机关
  统一社会信用代码), the same code as its /dept/ section; when that code is unusable, the
  数据来源单位统一社会信用代码; then a department name that only one known code goes by; then
  a department's name alone (NAMED_DEPT: no directory entry); a row naming no department counts
  under 未能识别部门, never dropped;
- 报送 = rows read once (identical repeats count once) = 通过校验 + 拒收;
- 迟报: a 报送日期 more than 7 working days after the decision (see `workdays`); the late rate is
  over the rows that could be judged (通过校验 with a 报送日期 the calendar covers);
- 拒收: rejected at validation, or two rows of one record with different content (no 更正);
- 错码: a party's 统一社会信用代码 given but invalid; 重码: one code used by accepted rows under
  two different party names. Both rates are over 报送.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from generator.core.codes import USCC_PLACEHOLDER
from generator.core.kinds import DOUBLE_KINDS
from generator.core.problems import Problem
from generator.core.records import PERSON, Licence, Penalty, record_id
from generator.decide.departments import fold_name
from generator.decide.figures import (
    COUNTS,
    NAMED_DEPT,
    UNDATED,
    UNKNOWN_DEPT,
    UNKNOWN_DEPT_NAME,
    WINDOW_MONTHS,
    Figures,
    Monitor,
    MonitoredDept,
    add_months,
    month_of,
    month_range,
    ordered_reasons,
)
from generator.decide.policy import Ruling
from generator.decide.workdays import DEADLINE_WORKING_DAYS, LATE, OFFICIAL, ON_TIME, Calendar
from generator.ingest.fields import REQUIRED
from generator.ingest.headers import default_header_map
from generator.ingest.results import Ingested

MONITOR_KINDS = DOUBLE_KINDS  # what departments must publicise within 7 working days
CONFLICT = "同一记录内容冲突"

DoubleRecord = Licence | Penalty


@dataclass(slots=True)
class _Tally:
    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    def freeze(self) -> Figures:
        return Figures(**{n: self.counts[n] for n in COUNTS}, reasons=ordered_reasons(self.reasons))


@dataclass(frozen=True, slots=True)
class _Row:
    """One reported row, accepted or rejected, reduced to what the monitor counts."""

    kind: str
    record: DoubleRecord
    accepted: bool
    faults: tuple[tuple[str, str], ...] = ()


def compute_monitor(
    ingested: Ingested,
    ruling: Ruling,
    today: date,
    calendar: Calendar = OFFICIAL,
    known: Mapping[str, str] | None = None,
) -> Monitor:
    """Count every department's 双公示 reporting per month from what ingest and policy decided.

    `calendar` says which days are working days; `known` gives the current name of the
    departments the city's directory lists: a row that names a department by a former name
    counts under its current one.
    """
    rows = list(reported_rows(ingested, ruling))
    published = {record_id(r) for kind in MONITOR_KINDS for r in ruling.published.get(kind, ())}
    repeated = repeated_code_keys(r.record for r in rows if r.accepted)
    names = department_names(r.record for r in rows)
    by_name = _codes_by_name(names)
    names.update({code: name for code, name in (known or {}).items() if code in names})
    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    last: dict[str, date] = {}
    gaps: Counter[int] = Counter()
    problems: list[Problem] = []
    for row in rows:
        record = row.record
        code = attribute(record, names, by_name)
        if code.startswith(NAMED_DEPT):
            names.setdefault(code, record.dept)
        month = row_month(record, today)
        tally = tallies[(month, code)].counts
        tally["reported"] += 1
        reported_on = _usable(record.reported_on, today)
        if reported_on is not None and (code not in last or reported_on > last[code]):
            last[code] = reported_on
        if not row.accepted:
            tally["rejected"] += 1
            tally["wrong_code"] += any(f == "uscc" and r != REQUIRED for f, r in row.faults)
            tallies[(month, code)].reasons.update(set(reason_labels(row.kind, row.faults)))
            continue
        tally["accepted"] += 1
        tally["published"] += record_id(record) in published
        tally["repeated_code"] += record.key in repeated
        if record.reported_on is None:
            tally["undated"] += 1
            continue
        verdict = calendar.judge(record.decided_on, record.reported_on)
        if verdict.verdict in (ON_TIME, LATE):
            tally["on_time" if verdict.verdict == ON_TIME else "late"] += 1
            continue
        tally["unjudged"] += 1
        assert verdict.gap_year is not None
        gaps[verdict.gap_year] += 1
        problems.append(gap_problem(record, verdict.gap_year))
    cells = {key: tally.freeze() for key, tally in tallies.items()}
    dept_codes = {code for _, code in cells} | {UNKNOWN_DEPT}
    departments = sorted(
        (MonitoredDept(c, names.get(c, c)) for c in dept_codes if c != UNKNOWN_DEPT),
        key=lambda d: (d.name, d.code),
    )
    departments.append(MonitoredDept(UNKNOWN_DEPT, UNKNOWN_DEPT_NAME))
    return Monitor(
        day=today,
        months=all_months(cells, today),
        departments=tuple(departments),
        cells=cells,
        last_reported=dict(sorted(last.items())),
        gaps=dict(sorted(gaps.items())),
        problems=tuple(problems),
    )


def reported_rows(ingested: Ingested, ruling: Ruling) -> Iterator[_Row]:
    """Yield every 双公示 row read once: accepted records, rejections, and both sides of conflicts.

    A conflict that a 更正 resolved is a re-report, so each of its versions counts as accepted;
    an unresolved one is rejected, as the report says.
    """
    for kind in MONITOR_KINDS:
        result = ingested.kinds.get(kind)
        if result is None:
            continue
        decided = {record_id(r) for r in ruling.published.get(kind, ())}
        decided |= {record_id(r) for r, _ in ruling.withheld.get(kind, ())}
        future = ruling.rejections.get(kind, ())  # dated after the build day: rejected
        late = {record_id(rejection.record) for rejection in future}
        for record in result.records:
            assert isinstance(record, (Licence, Penalty))
            if record_id(record) not in late:
                yield _Row(kind, record, True)
        for group in result.conflicts:
            group = tuple(r for r in group if record_id(r) not in late)
            resolved = any(record_id(r) in decided for r in group)
            for record in group:
                assert isinstance(record, (Licence, Penalty))
                yield _Row(kind, record, resolved, () if resolved else (("", CONFLICT),))
        for rejection in (*result.rejections, *future):
            assert isinstance(rejection.record, (Licence, Penalty))
            yield _Row(kind, rejection.record, False, rejection.faults)


def department_names(records: Iterable[DoubleRecord]) -> dict[str, str]:
    """Return each usable department code's name, as its latest decision names it."""
    newest: dict[str, tuple[date, str, int, str]] = {}
    for record in records:
        if not record.dept_code or not record.dept:
            continue
        rank = (record.decided_on, record.source.file, record.source.row, record.dept)
        if record.dept_code not in newest or rank > newest[record.dept_code]:
            newest[record.dept_code] = rank
    return {code: rank[3] for code, rank in sorted(newest.items())}


def _codes_by_name(names: Mapping[str, str]) -> dict[str, str]:
    """Return name → code for the names exactly one department code goes by."""
    codes: dict[str, set[str]] = defaultdict(set)
    for code, name in names.items():
        codes[name].add(code)
    return {name: next(iter(c)) for name, c in codes.items() if len(c) == 1}


def attribute(record: DoubleRecord, names: Mapping[str, str], by_name: Mapping[str, str]) -> str:
    """Return the code of the department a row is counted under (UNKNOWN_DEPT when none).

    A department only named, by a name neither a code nor the directory explains, is counted
    under that name (NAMED_DEPT + the name), so the credit office sees whom to ask.
    """
    if record.dept_code:  # builders leave a code empty unless its check character is right
        return record.dept_code
    if record.source_unit_code:
        return record.source_unit_code
    if record.dept in by_name:
        return by_name[record.dept]
    return NAMED_DEPT + fold_name(record.dept) if record.dept.strip() else UNKNOWN_DEPT


def _usable(day: date | None, today: date) -> date | None:
    """Return a day that can place a row in time: read, and not after the build day."""
    return day if day is not None and date.min < day <= today else None


def row_month(record: DoubleRecord, today: date) -> str:
    """Return the month a row counts in: its decision's, else its report's, else UNDATED."""
    day = _usable(record.decided_on, today) or _usable(record.reported_on, today)
    return month_of(day) if day else UNDATED


def all_months(cells: Mapping[tuple[str, str], Figures], today: date) -> tuple[str, ...]:
    """Return every month from the earliest with rows (or the trend window) to the build month."""
    build_month = month_of(today)
    dated = [m for m, _ in cells if m]
    first = min([*dated, add_months(build_month, 1 - WINDOW_MONTHS)])
    months = month_range(first, build_month)
    return (*months, UNDATED) if any(m == UNDATED for m, _ in cells) else months


def normalized_name(name: str) -> str:
    """Fold a party name so width, spaces and bracket styles do not make two names differ."""
    folded = unicodedata.normalize("NFKC", name)
    return re.sub(r"\s+", "", folded)


def repeated_code_keys(records: Iterable[DoubleRecord]) -> frozenset[str]:
    """Return the keys of records whose party code other records use under another name (重码)."""
    by_code: dict[str, list[DoubleRecord]] = defaultdict(list)
    for record in records:
        party = record.party
        if party.uscc and party.uscc != USCC_PLACEHOLDER and party.type != PERSON:
            by_code[party.uscc].append(record)
    repeated: set[str] = set()
    for group in by_code.values():
        names = {r.party.name for r in group}
        # Folding is only needed where spellings differ, which is rare: most codes have one name.
        if len(names) > 1 and len({normalized_name(n) for n in names}) > 1:
            repeated.update(r.key for r in group)
    return frozenset(repeated)


_DATE_TAIL = re.compile(r"\s*\d{4}-\d{2}-\d{2}$")


def reason_labels(kind: str, faults: Iterable[tuple[str, str]]) -> Iterator[str]:
    """Yield a short public label per fault: the standard field name and the reason's head.

    The head stops before any bracket or colon, where reasons quote the offending value, so no
    value read from a row reaches the public page.
    """
    labels = default_header_map().kinds[kind].labels
    for name, reason in faults:
        head = _DATE_TAIL.sub("", re.split(r"[（(：:]", reason, maxsplit=1)[0]).strip()
        yield f"{labels[name]}：{head}" if name in labels else head


def gap_problem(record: DoubleRecord, year: int) -> Problem:
    """Return the report line for a row whose timeliness the calendar cannot decide."""
    reason = (
        f"无法判断是否迟报：节假日日历（chinesecalendar 及城市节假日文件）没有 {year} 年的数据；"
        f"本行照常公示，未计入迟报率（期限 {DEADLINE_WORKING_DAYS} 个工作日）"
    )
    assert record.reported_on is not None
    return Problem(
        record.source.file, record.source.row, "报送日期", reason, record.reported_on.isoformat()
    )
