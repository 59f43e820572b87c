"""Decide what may be published on a given day: a pure function of records, rules and the day."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from generator.core.codes import is_valid_id_number
from generator.core.kinds import LIST_KINDS, TAKEDOWN_KINDS
from generator.core.problems import Problem
from generator.core.records import (
    Commitment,
    Licence,
    ListEntry,
    Penalty,
    Record,
    RiskWarning,
    Takedown,
)
from generator.ingest.cells import NO_END
from generator.ingest.results import Ingested, conflict_problems

CORRECTION = "更正"


@dataclass(frozen=True, slots=True)
class Rules:
    """A city's publication choices (policy.yaml with its overrides)."""

    publicity_months: dict[str, int]
    default_severity: str
    severity_by_department: dict[str, str]
    severity_by_category: dict[str, str]
    withhold_warning_only: bool
    withhold_simple_procedure: bool
    withhold_minors: bool
    non_public_marks: frozenset[str]
    mask_person_names: bool
    scrub: frozenset[str]


def load_rules(override: Path | None = None) -> Rules:
    """Read the shipped policy, with a city's own file laid over it key by key."""
    text = resources.files("generator.decide").joinpath("policy.yaml").read_text(encoding="utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    if override is not None:
        _merge(spec, yaml.safe_load(override.read_text(encoding="utf-8")) or {})
    withhold, severity = spec["withhold"], spec["severity"]
    return Rules(
        publicity_months={k: int(v) for k, v in spec["publicity_months"].items()},
        default_severity=severity["default"],
        severity_by_department=dict(severity.get("by_department") or {}),
        severity_by_category=dict(severity.get("by_category") or {}),
        withhold_warning_only=bool(withhold["warning_only"]),
        withhold_simple_procedure=bool(withhold["simple_procedure"]),
        withhold_minors=bool(withhold["minors"]),
        non_public_marks=frozenset(withhold.get("non_public_marks") or ()),
        mask_person_names=bool(spec["mask_person_names"]),
        scrub=frozenset(k for k, on in spec["scrub"].items() if on),
    )


def _merge(base: dict[str, Any], override: dict[str, Any]) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


@dataclass(frozen=True, slots=True)
class Decision:
    """What is published, what is withheld and why, and what policy itself rejected."""

    published: dict[str, tuple[Record, ...]]
    withheld: dict[str, tuple[tuple[Record, str], ...]]  # (record, reason)
    rejected: dict[str, int]  # rows policy rejected: unresolved conflicts, unmatched takedowns
    problems: tuple[Problem, ...]


def apply_policy(ingested: Ingested, rules: Rules, today: date) -> Decision:
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
    problems: list[Problem] = []
    candidates: dict[str, list[Record]] = {}
    superseded: dict[str, list[Record]] = {}
    for kind, result in ingested.kinds.items():
        candidates[kind] = list(result.records)
        superseded[kind] = []
        rejected[kind] = 0
        for group in result.conflicts:
            if (kind, normalize_doc_no(_doc_no(group[0]))) in corrected:
                newest = max(group, key=_recency)  # a 更正 replaces the old version by the new
                candidates[kind].append(newest)
                superseded[kind] += [r for r in group if r is not newest]
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
            reason = matched.get(id(record)) or withheld_reason(record, rules, today)
            if reason:
                hidden.append((record, reason))
            else:
                shown.append(record)
        published[kind] = tuple(shown)
        withheld[kind] = tuple(hidden)

    unmatched_ids = {id(t) for t, _ in unmatched}
    published["takedowns"] = tuple(t for t in effective if id(t) not in unmatched_ids)
    withheld["takedowns"] = tuple((t, "not_yet_effective") for t in takedowns if t.acted_on > today)
    return Decision(published, withheld, rejected, tuple(problems))


def _doc_no(record: Record) -> str:
    if isinstance(record, Commitment):
        return record.code
    return getattr(record, "doc_no", "")


def _recency(record: Record) -> tuple[date, str, int]:
    reported = getattr(record, "reported_on", None) or date.min
    return (reported, record.source.file, record.source.row)


_BRACKETS = str.maketrans("[]【】()（）［］", "〔〕〔〕〔〕〔〕〔〕")


def normalize_doc_no(doc_no: str) -> str:
    """Fold a 文书号 so that bracket styles and spaces do not stop a takedown from matching."""
    folded = unicodedata.normalize("NFKC", doc_no).translate(_BRACKETS)
    return re.sub(r"\s+", "", folded).upper()


def match_takedowns(
    takedowns: Iterable[Takedown], candidates: dict[str, list[Record]]
) -> tuple[dict[int, str], list[tuple[Takedown, str]]]:
    """Return {id(record): reason} for every record a takedown reaches, and the ones that reach none."""
    by_doc_no: dict[tuple[str, str], list[Record]] = {}
    by_subject: dict[tuple[str, str, str], list[ListEntry]] = {}
    for kind, records in candidates.items():
        for record in records:
            if isinstance(record, ListEntry):
                by_subject.setdefault((kind, record.uscc, record.list_type), []).append(record)
            elif isinstance(record, Licence | Penalty | Commitment):
                by_doc_no.setdefault((kind, normalize_doc_no(_doc_no(record))), []).append(record)
    matched: dict[int, str] = {}
    unmatched: list[tuple[Takedown, str]] = []
    for takedown in takedowns:
        kind = TAKEDOWN_KINDS[takedown.category]
        if kind in LIST_KINDS:
            found: list[Record] = [
                entry
                for entry in by_subject.get((kind, takedown.uscc, takedown.list_type), [])
                if entry.listed_on <= takedown.acted_on  # a later re-listing is a new entry
            ]
            reason = "removed" if takedown.action == "移出" else "taken_down"
        else:
            found = narrow(by_doc_no.get((kind, normalize_doc_no(takedown.doc_no)), []), takedown)
            reason = "taken_down"
        if not found:
            unmatched.append((takedown, "找不到这次撤销/修复所指的记录（文书号或代码可能有误）"))
        elif takedown.action != CORRECTION:  # a correction only decides which version stands
            for record in found:
                matched[id(record)] = reason
    return matched, unmatched


def narrow(records: list[Record], takedown: Takedown) -> list[Record]:
    """Keep the records of a repeated 文书号 that the takedown's party code or body points at."""
    if takedown.uscc:
        records = [r for r in records if _party_code(r) == takedown.uscc]
    if len(records) > 1 and takedown.dept:
        same_body = [r for r in records if _fold(getattr(r, "dept", "")) == _fold(takedown.dept)]
        records = same_body or records
    return records


def _party_code(record: Record) -> str:
    if isinstance(record, Licence | Penalty):
        return record.party.uscc
    if isinstance(record, Commitment):
        return record.party_code
    return ""


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def withheld_reason(record: Record, rules: Rules, today: date) -> str:
    """Return why a record may not be shown today, or an empty string when it may."""
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


LAPSED = "已失效"  # how a lapsed licence is labelled on every page
LAPSED_STATES = ("无效", "失效", LAPSED, "撤销", "注销", "吊销", "过期", "终止")


def licence_state(licence: Licence, today: date) -> str:
    """Return how a published licence is labelled today: 已失效 once lapsed, else its status."""
    lapsed = any(word in licence.status for word in LAPSED_STATES)
    if lapsed or (licence.valid_to is not None and today > licence.valid_to):
        return LAPSED
    return licence.status or "有效"


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
    if penalty.disclosure and _fold(penalty.disclosure) in rules.non_public_marks:
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
