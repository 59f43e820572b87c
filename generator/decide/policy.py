"""Decide what may be published on a given day: a pure function of records, rules and the day."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from generator.core.codes import is_valid_id_number
from generator.core.kinds import TAKEDOWN_KINDS
from generator.core.problems import Problem
from generator.core.records import (
    DISPUTED,
    LAPSED,
    NO_END,
    Commitment,
    Licence,
    ListEntry,
    Penalty,
    Record,
    RiskWarning,
    Takedown,
    record_id,
)
from generator.decide.rules import Rules
from generator.decide.takedowns import (
    CORRECTION,
    doc_number,
    fold_spaces,
    match_takedowns,
    normalize_doc_no,
)
from generator.ingest.headers import default_header_map
from generator.ingest.results import Ingested, Rejection, conflict_problems
from generator.ingest.tables import TableInfo


@dataclass(frozen=True, slots=True)
class Ruling:
    """What policy ruled: published and withheld (with a reason), and the rows it rejected."""

    published: dict[str, tuple[Record, ...]]
    withheld: dict[str, tuple[tuple[Record, str], ...]]  # (record, reason)
    rejected: dict[str, int]  # rows rejected here: future dates, conflicts, unmatched takedowns
    problems: tuple[Problem, ...]
    rejections: dict[str, tuple[Rejection, ...]] = field(default_factory=dict)
    """The rows rejected for a date after the build day, with their faults (for the monitor)."""


def apply_policy(ingested: Ingested, rules: Rules, today: date) -> Ruling:
    """Split every kind's records into published and withheld (with a reason) for `today`."""
    takedowns = [t for t in ingested.records("takedowns") if isinstance(t, Takedown)]
    effective = [t for t in takedowns if t.acted_on <= today]
    corrected = {
        (TAKEDOWN_KINDS[t.category], normalize_doc_no(t.doc_no))
        for t in effective
        if t.action == CORRECTION
    }
    published: dict[str, tuple[Record, ...]] = {}
    withheld: dict[str, tuple[tuple[Record, str], ...]] = {}
    rejected: dict[str, int] = {}
    rejections: dict[str, tuple[Rejection, ...]] = {}
    problems: list[Problem] = []
    candidates: dict[str, list[Record]] = {}
    superseded: dict[str, list[Record]] = {}
    for kind, result in ingested.kinds.items():
        records, conflicts, future = set_aside_future(result.records, result.conflicts, today)
        candidates[kind] = records
        superseded[kind] = []
        rejected[kind] = len(future)
        rejections[kind] = tuple(future)
        problems += (
            p for rejection in future for p in future_problems(kind, rejection, ingested.tables)
        )
        for group in conflicts:
            if (kind, normalize_doc_no(doc_number(group[0]))) in corrected:
                newest = max(range(len(group)), key=lambda i: _recency(group[i]))
                candidates[kind].append(group[newest])  # a 更正 replaces the old by the new
                superseded[kind] += [r for i, r in enumerate(group) if i != newest]
            else:
                rejected[kind] += len(group)
                problems += conflict_problems(group)

    matched, unmatched = match_takedowns(effective, candidates)
    for takedown, reason in unmatched:
        rejected["takedowns"] += 1
        problems.append(
            Problem(takedown.source.file, takedown.source.row, "文书号", reason, takedown.doc_no)
        )

    for kind, records in candidates.items():
        if kind == "takedowns":
            continue
        shown: list[Record] = []
        hidden = [(r, "taken_down") for r in superseded[kind]]
        for record in records:
            reason = matched.get(record_id(record)) or withheld_reason(record, rules, today)
            if reason:
                hidden.append((record, reason))
            else:
                shown.append(record)
        published[kind] = tuple(shown)
        withheld[kind] = tuple(hidden)

    unmatched_ids = {record_id(t) for t, _ in unmatched}
    published["takedowns"] = tuple(t for t in effective if record_id(t) not in unmatched_ids)
    withheld["takedowns"] = tuple((t, "not_yet_effective") for t in takedowns if t.acted_on > today)
    return Ruling(published, withheld, rejected, tuple(problems), rejections)


def _recency(record: Record) -> tuple[date, str, int]:
    reported = getattr(record, "reported_on", None) or date.min
    return (reported, record.source.file, record.source.row)


# The days a record cannot have after the build day: a decision, listing or commitment not
# yet made, or a report not yet sent, is a slip in the export (ingest knows no build day).
FUTURE_FIELDS = {
    Licence: ("decided_on", "reported_on"),
    Penalty: ("decided_on", "reported_on"),
    ListEntry: ("listed_on",),
    Commitment: ("made_on",),
}
FUTURE = "日期晚于构建日"


def future_faults(record: Record, today: date) -> tuple[tuple[str, str], ...]:
    """Return (field, reason) for each of a record's days that lies after the build day."""
    return tuple(
        (name, f"{FUTURE} {today.isoformat()}")
        for name in FUTURE_FIELDS.get(type(record), ())
        if (day := getattr(record, name)) is not None and day > today
    )


def set_aside_future(
    records: tuple[Record, ...], conflicts: tuple[tuple[Record, ...], ...], today: date
) -> tuple[list[Record], list[tuple[Record, ...]], list[Rejection]]:
    """Split off the rows dated after the build day; a conflict left with one row is no conflict."""
    kept: list[Record] = []
    future: list[Rejection] = []
    for record in records:
        faults = future_faults(record, today)
        (future.append(Rejection(record, faults)) if faults else kept.append(record))
    groups: list[tuple[Record, ...]] = []
    for group in conflicts:
        rest = []
        for record in group:
            faults = future_faults(record, today)
            (future.append(Rejection(record, faults)) if faults else rest.append(record))
        if len(rest) == 1:
            kept.append(rest[0])
        elif rest:
            groups.append(tuple(rest))
    return kept, groups, future


def future_problems(
    kind: str, rejection: Rejection, tables: Iterable[TableInfo] = ()
) -> list[Problem]:
    """Return the report lines of a row dated after the build day, one per such field.

    A field is named as its file's header names it (`xk_jdrq`), like ingest's own lines.
    """
    labels = default_header_map().kinds[kind].labels
    source = rejection.record.source
    table = next((t for t in tables if t.file == source.file), None)
    return [
        Problem(
            source.file,
            source.row,
            (table.header_of(name) if table else "") or labels.get(name, name),
            reason,
            getattr(rejection.record, name).isoformat(),
        )
        for name, reason in rejection.faults
    ]


REVOKED = "撤销"  # 当前状态 of a decision that was itself revoked (2016 codebook: 1)


def withheld_reason(record: Record, rules: Rules, today: date) -> str:
    """Return why a record may not be shown today, or an empty string when it may."""
    if isinstance(record, Licence | Penalty) and record.state == REVOKED:
        return "revoked"  # the decision no longer stands: shown nowhere, like a 撤销 takedown
    if isinstance(record, Penalty):
        if penalty_not_public(record, rules):
            return "not_public"
        return "expired" if today > penalty_publicity_end(record, rules) else ""
    if isinstance(record, ListEntry):
        if record.removed_on is not None and record.removed_on <= today:
            return "removed"
        return "expired" if record.valid_to is not None and today > record.valid_to else ""
    if isinstance(record, Commitment):
        return "" if record.disclosure == "可向社会公开" else "not_public"
    published_on = getattr(record, "published_on", None)
    if published_on is not None and published_on > today:
        return "scheduled"
    valid_to = getattr(record, "valid_to", None)
    if isinstance(record, RiskWarning) and valid_to is not None and today > valid_to:
        return "expired"
    return ""  # licences stay: an expired or 无效 licence is shown as 已失效


LAPSED_STATES = ("无效", "失效", LAPSED, "撤销", "注销", "吊销", "过期", "终止")


def licence_state(licence: Licence, today: date) -> str:
    """Return how a published licence is labelled today: 已失效 once lapsed, else its status."""
    lapsed = any(word in licence.status for word in LAPSED_STATES)
    if lapsed or (licence.valid_to is not None and today > licence.valid_to):
        return LAPSED
    return licence.status or "有效"


def shown_state(state: str) -> str:
    """Return how a record's 当前状态 reads on the portal: words, a dispute as 异议处理中."""
    return DISPUTED if state == "异议" else state


def penalty_severity(penalty: Penalty, rules: Rules) -> str:
    """Return 一般 or 严重: the export's column, else the department's, else the category's."""
    if penalty.severity:
        return penalty.severity
    if penalty.dept_code in rules.severity_by_department:
        return rules.severity_by_department[penalty.dept_code]
    by_category = {rules.severity_by_category.get(c) for c in penalty.categories}
    return "严重" if "严重" in by_category else rules.default_severity


def penalty_publicity_end(penalty: Penalty, rules: Rules) -> date:
    """Return the last day a penalty is shown: its 公示截止期, else the decision day + the period."""
    if penalty.publicity_end is not None:
        return penalty.publicity_end
    return add_months(penalty.decided_on, rules.publicity_months[penalty_severity(penalty, rules)])


def add_months(day: date, months: int) -> date:
    """Return the corresponding day `months` later (the month's last day when there is none)."""
    if day == NO_END:
        return NO_END
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    if year > NO_END.year:
        return NO_END
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def penalty_not_public(penalty: Penalty, rules: Rules) -> bool:
    """Tell whether a penalty is never published (department mark, 警告 only, 简易程序, minor)."""
    if penalty.disclosure and fold_spaces(penalty.disclosure) in rules.non_public_marks:
        return True
    if rules.withhold_warning_only and penalty.categories == ("警告",):
        return True
    if rules.withhold_simple_procedure and (
        "简易" in penalty.procedure or "简易程序" in penalty.remark
    ):
        return True
    return rules.withhold_minors and is_minor(penalty.party.id_no, penalty.decided_on)


def is_minor(id_no: str, on: date) -> bool:
    """Tell whether the holder of a resident ID number was under 18 on a day."""
    if not is_valid_id_number(id_no):
        return False
    born = date(int(id_no[6:10]), int(id_no[10:12]), int(id_no[12:14]))
    return add_months(born, 18 * 12) > on
