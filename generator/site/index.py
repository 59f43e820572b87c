"""The site index: one immutable view of the published records that every page derives from."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from generator.core.codes import USCC_PLACEHOLDER, is_valid_uscc
from generator.core.kinds import DOUBLE_KINDS, LIST_KINDS, PROFILE_KINDS, SITE_KINDS, kind_of
from generator.core.records import (
    PERSON,
    Case,
    Commitment,
    Licence,
    ListEntry,
    Penalty,
    Record,
    RiskWarning,
)
from generator.decide.articles import Article
from generator.decide.figures import Monitor


@dataclass(frozen=True, slots=True)
class Entity:
    """An organisation or 个体工商户 with its published records (a person never has one)."""

    uscc: str
    name: str
    type: str
    records: Mapping[str, tuple[Record, ...]]  # kind → newest first


@dataclass(frozen=True, slots=True)
class Department:
    """A department that decides licences or penalties, with its 双公示 records newest first."""

    code: str
    name: str
    records: tuple[Record, ...]
    licences: int
    penalties: int


@dataclass(frozen=True, slots=True)
class Facet:
    """One filter value of a listing: its label and its records, newest first."""

    value: str
    label: str
    records: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the pages show, gathered once."""

    day: date
    kinds: Mapping[str, tuple[Record, ...]]
    facets: Mapping[str, Mapping[str, tuple[Facet, ...]]]  # kind → dept/year/category → values
    entities: Mapping[str, Entity]
    departments: Mapping[str, Department]
    articles: tuple[Article, ...]
    monitor: Monitor | None = None  # the reporting monitor; None when built from records alone
    links: Mapping[str, str] = field(default_factory=dict)
    """Record key → the entity a list entry without a code belongs to, by its exact name."""

    def entity_of(self, record: Record) -> str:
        """Return the code of the published entity a record belongs to, or '' (none, a person)."""
        code = entity_code(record)
        if code:
            return code if code in self.entities else ""
        return self.links.get(record.key, "")


def record_date(record: Record) -> date:
    """Return the day a record is dated by: its decision, listing, commitment or publication."""
    if isinstance(record, (Licence, Penalty)):
        return record.decided_on
    if isinstance(record, ListEntry):  # a list without 列入日期 dates entries by its update
        return record.listed_on or record.updated_on or date.min
    if isinstance(record, Commitment):
        return record.made_on
    assert isinstance(record, (Case, RiskWarning))
    return record.published_on


def day_text(day: date) -> str:
    """Return a day as YYYY-MM-DD, '' for the date.min of a record its source gives no date."""
    return "" if day == date.min else day.isoformat()


def recency(record: Record) -> tuple[date, str]:
    """Return a record's place in time: its date, then its key so ties never follow input order."""
    return record_date(record), record.key


def newest_first(records: Iterable[Record]) -> tuple[Record, ...]:
    """Return records newest first."""
    return tuple(sorted(records, key=recency, reverse=True))


def entity_code(record: Record) -> str:
    """Return the 统一社会信用代码 of the organisation a record belongs to, or '' (people, none)."""
    if isinstance(record, (Licence, Penalty)):
        party = record.party
        code = "" if party.type == PERSON else party.uscc
    elif isinstance(record, ListEntry):
        code = "" if record.subject_type == PERSON else record.uscc
    elif isinstance(record, Commitment):
        code = "" if record.subject_type == PERSON else record.party_code
    elif isinstance(record, Case):
        code = record.uscc
    else:
        return ""
    return code if code != USCC_PLACEHOLDER and is_valid_uscc(code) else ""


def _entity_name_type(record: Record) -> tuple[str, str]:
    if isinstance(record, (Licence, Penalty)):
        return record.party.name, record.party.type
    if isinstance(record, (ListEntry, Commitment)):
        return record.name, record.subject_type
    assert isinstance(record, Case)
    return record.name, ""


def _facet_values(record: Record) -> dict[str, list[tuple[str, str]]]:
    """Return the (value, label) a record files under, per facet."""
    day = record_date(record)
    year = str(day.year)
    values: dict[str, list[tuple[str, str]]] = {"year": [(year, f"{year}年")]}
    if day == date.min:
        values = {}  # an undated entry belongs to no year
    dept_code = getattr(record, "dept_code", "")
    if dept_code and not isinstance(record, (Case, RiskWarning)):
        values["dept"] = [(dept_code, getattr(record, "dept", dept_code))]
    path = kind_of(record.kind).category_path
    if path:
        value = getattr(record, path)
        values["category"] = [
            (v, v) for v in (value if isinstance(value, tuple) else (value,)) if v
        ]
    return values


def index_facets(records: tuple[Record, ...]) -> dict[str, tuple[Facet, ...]]:
    """Group a kind's records (already newest first) by department, year and category."""
    groups: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[tuple[str, str], str] = {}
    for record in records:
        for facet, pairs in _facet_values(record).items():
            for value, label in pairs:
                groups[facet][value].append(record)
                labels.setdefault((facet, value), label)  # the newest record names it
    order: dict[str, Callable[[str], object]] = {
        "year": lambda v: -int(v),
        "dept": lambda v: (labels[("dept", v)], v),
        "category": lambda v: (-len(groups["category"][v]), v),
    }
    return {
        facet: tuple(
            Facet(v, labels[(facet, v)], tuple(groups[facet][v]))
            for v in sorted(groups[facet], key=order[facet])
        )
        for facet in ("dept", "year", "category")
        if facet in groups
    }


def index_entities(
    kinds: Mapping[str, tuple[Record, ...]],
) -> tuple[dict[str, Entity], dict[str, str]]:
    """Gather every organisation's published records under its 统一社会信用代码.

    A list entry that names its subject without a code (A级纳税人) joins the profile of the one
    published entity that goes by exactly that name; none, or two, and it joins nobody's.
    Returns the entities and, per such entry's key, the code it joined.
    """
    found: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    newest: dict[str, Record] = {}
    unlinked: list[Record] = []
    for kind in PROFILE_KINDS:
        for record in kinds.get(kind, ()):
            code = entity_code(record)
            if not code:
                if kind in LIST_KINDS and record.subject_type != PERSON:  # type: ignore[union-attr]
                    unlinked.append(record)
                continue
            found[code][kind].append(record)
            if not isinstance(record, Case):
                current = newest.get(code)
                if current is None or recency(record) > recency(current):
                    newest[code] = record
    codes_by_name: dict[str, set[str]] = defaultdict(set)
    for code, records in found.items():
        if code in newest:
            for record in (r for rs in records.values() for r in rs if not isinstance(r, Case)):
                codes_by_name[exact_name(_entity_name_type(record)[0])].add(code)
    links: dict[str, str] = {}
    for record in unlinked:
        codes = codes_by_name.get(exact_name(record.name), set())  # type: ignore[union-attr]
        if len(codes) == 1:
            (code,) = codes
            links[record.key] = code
            found[code][record.kind].append(record)
    entities = {}
    for code in sorted(found):
        if code not in newest:
            continue  # named only in a case: no record of its own to profile
        name, type_ = _entity_name_type(newest[code])
        records = {k: newest_first(v) for k, v in found[code].items()}
        entities[code] = Entity(code, name, type_, records)
    return entities, links


def exact_name(name: str) -> str:
    """Return a name as names are matched: exactly, but for width and white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def index_departments(
    kinds: Mapping[str, tuple[Record, ...]], names: Mapping[str, str] | None = None
) -> dict[str, Department]:
    """Gather each department's licences and penalties (its 双公示 column).

    A department is named as the directory names it now (`names`), else as its newest record.
    """
    records: dict[str, list[Record]] = defaultdict(list)
    for kind in DOUBLE_KINDS:
        for record in kinds.get(kind, ()):
            assert isinstance(record, (Licence, Penalty))
            if record.dept_code:
                records[record.dept_code].append(record)
    departments = {}
    for code in sorted(records):
        ordered = newest_first(records[code])
        name = (names or {}).get(code) or getattr(ordered[0], "dept", code)
        licences = sum(1 for r in ordered if isinstance(r, Licence))
        departments[code] = Department(code, name, ordered, licences, len(ordered) - licences)
    return departments


def index_site(
    published: Mapping[str, tuple[Record, ...]],
    articles: tuple[Article, ...],
    day: date,
    monitor: Monitor | None = None,
    dept_names: Mapping[str, str] | None = None,
) -> Site:
    """Build the site index from the public (masked) records and the published articles."""
    kinds = {
        kind: newest_first(records)
        for kind, records in published.items()
        if kind in SITE_KINDS  # takedowns act on other records and are never shown
    }
    entities, links = index_entities(kinds)
    return Site(
        day=day,
        kinds=kinds,
        facets={kind: index_facets(records) for kind, records in kinds.items()},
        entities=entities,
        departments=index_departments(kinds, dept_names),
        articles=tuple(sorted(articles, key=lambda a: (a.date, a.path), reverse=True)),
        monitor=monitor,
        links=links,
    )
