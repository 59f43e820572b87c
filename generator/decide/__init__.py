"""Decide what is published on a day: policy, privacy masking, the monitor, articles.

`decide` is the stage's entry point. It returns the records *as the public sees them*
(masked, a lapsed licence 已失效, a penalty's last day of publicity, no control characters), so
no later stage can forget a rule; the originals are not handed on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from generator.core.problems import Problem
from generator.core.records import Licence, Penalty, Record
from generator.decide.controls import clean_record
from generator.decide.counts import KindCounts
from generator.decide.departments import resolve_departments
from generator.decide.figures import Monitor
from generator.decide.files import FileSummary, summarize_files
from generator.decide.monitor import compute_monitor
from generator.decide.policy import (
    Ruling,
    apply_policy,
    licence_state,
    penalty_publicity_end,
    shown_state,
)
from generator.decide.privacy import public_view, secret_values
from generator.decide.rules import Rules
from generator.decide.workdays import OFFICIAL, Calendar
from generator.ingest.results import Ingested, KindResult

__all__ = ["Decision", "KindCounts", "decide"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What the public sees on a day, and everything counted on the way there."""

    day: date
    published: Mapping[str, tuple[Record, ...]]
    """Per folder, the published records as the public sees them (masked, labelled)."""
    counts: Mapping[str, KindCounts]
    problems: tuple[Problem, ...]
    """Every problem found reading and deciding, for the private report."""
    monitor: Monitor
    secrets: frozenset[str]
    """Every never-published value read (ID numbers of any shape), for the privacy gate."""
    files: tuple[FileSummary, ...] = ()
    """How each export table was read and where its rows went, for `check` and the report."""
    departments: Mapping[str, str] = field(default_factory=dict)
    """The department directory's current name of each code it knows."""


def decide(ingested: Ingested, rules: Rules, day: date, calendar: Calendar = OFFICIAL) -> Decision:
    """Rule on every record for `day`, count the reporting, and mask what is published.

    `calendar` says which days are working days, for the reporting monitor's deadlines.
    """
    ingested = resolve_departments(ingested, rules.directory)
    ruling = apply_policy(ingested, rules, day)
    monitor = compute_monitor(ingested, ruling, day, calendar, rules.directory.names)
    published: dict[str, tuple[Record, ...]] = {}
    cleaned: list[Problem] = []
    for kind, records in ruling.published.items():
        public = []
        for record in records:
            # Controls go first: the masker and the scrubber then see the text as it will read.
            clean, found = clean_record(record)
            public.append(public_record(clean, rules, day))
            cleaned += found
        published[kind] = tuple(public)
    counts = {kind: count_kind(kind, result, ruling) for kind, result in ingested.kinds.items()}
    problems = (*ingested.problems, *ruling.problems, *monitor.problems, *cleaned)
    return Decision(
        day,
        published,
        counts,
        problems,
        monitor,
        every_secret(ingested),
        summarize_files(ingested, ruling),
        rules.directory.names,
    )


def public_record(record: Record, rules: Rules, day: date) -> Record:
    """Return a record as the public sees it: personal data masked, a lapsed licence 已失效."""
    public = public_view(record, rules.mask_person_names, rules.scrub)
    if isinstance(public, Licence):
        return replace(public, status=licence_state(public, day), state=shown_state(public.state))
    if isinstance(public, Penalty):  # the public sees until when a penalty stays shown
        end = penalty_publicity_end(public, rules)
        return replace(public, publicity_end=end, state=shown_state(public.state))
    return public


def count_kind(kind: str, result: KindResult, ruling: Ruling) -> KindCounts:
    """Count where every row of a kind went: read = rejected + published + Σ withheld."""
    withheld: Counter[str] = Counter(reason for _, reason in ruling.withheld.get(kind, ()))
    if result.duplicates:
        withheld["duplicate"] += result.duplicates
    return KindCounts(
        read=result.read,
        rejected=result.rejected + ruling.rejected.get(kind, 0),
        published=len(ruling.published.get(kind, ())),
        withheld=dict(withheld),
    )


def every_secret(ingested: Ingested) -> frozenset[str]:
    """Return the never-published values of every record read, rejected conflicts included."""
    records = [r for result in ingested.kinds.values() for r in result.records]
    records += [r for result in ingested.kinds.values() for g in result.conflicts for r in g]
    return frozenset(secret_values(records))
