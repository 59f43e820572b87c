"""Draw the published texts: 典型案例 (typical cases) and 风险提示 (risk warnings)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator.demo.context import Context
from generator.demo.departments import departments_by_name
from generator.demo.resources import read_yaml


@dataclass(frozen=True, slots=True)
class CaseTemplate:
    """A typical case: its 案例类型, the departments that report it, a title and paragraphs."""

    kind: str
    depts: tuple[str, ...]
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CaseTables:
    """The 来源 options of cases and their templates."""

    sources: tuple[str, ...]
    templates: tuple[CaseTemplate, ...]


@dataclass(frozen=True, slots=True)
class WarningTopic:
    """A risk warning: its title, the department it belongs to, and paragraphs."""

    title: str
    dept: str
    paragraphs: tuple[str, ...]


@cache
def load_case_tables() -> CaseTables:
    """Return the case tables of data/cases.yaml, in file order."""
    spec = read_yaml("cases.yaml")
    return CaseTables(
        sources=tuple(spec["sources"]),
        templates=tuple(
            CaseTemplate(t["kind"], tuple(t["depts"]), t["title"], tuple(t["paragraphs"]))
            for t in spec["templates"]
        ),
    )


@cache
def load_warnings() -> tuple[WarningTopic, ...]:
    """Return the warning topics of data/warnings.yaml, in file order."""
    return tuple(
        WarningTopic(t["title"], t["dept"], tuple(t["paragraphs"]))
        for t in read_yaml("warnings.yaml")["topics"]
    )


def write_cases(ctx: Context, n: int) -> int:
    """Write n typical cases with a few paragraphs each; return the rows written."""
    rng, cal = ctx.rng, ctx.cal
    sink = ctx.sink("cases")
    tables = load_case_tables()
    for off in cal.decision_days(rng, n):
        case = rng.choice(tables.templates)
        party = rng.choice(ctx.parties.listable)
        dept = departments_by_name()[rng.choice(case.depts)]
        fill = {
            "name": party.name,
            "dept": dept.name,
            "date": cal.cn[off],
            "n": 2 + int(rng.random() * 20),
            "y": cal.year[off] - 1,
        }
        text = "\n".join(p.format(**fill) for p in case.paragraphs)
        source = rng.choice(tables.sources).format(dept=dept.name)
        sink.write(
            [
                case.title.format(**fill),
                case.kind,
                party.name,
                party.code,
                dept.name,
                dept.code,
                cal.iso[off],
                text,
                source,
            ]
        )
    return sink.close()


def write_warnings(ctx: Context, n: int) -> int:
    """Write n risk warnings, each by the department its topic belongs to; return the rows."""
    rng, cal = ctx.rng, ctx.cal
    sink = ctx.sink("warnings")
    topics = load_warnings()
    # Warnings are topical: they come from the last two years, and half never expire.
    days = sorted(cal.end - int(730 * rng.random()) for _ in range(n))
    for i, off in enumerate(days):
        topic = topics[(i * 7 + int(rng.random() * 3)) % len(topics)]  # spread over all topics
        until = cal.iso[off + rng.choice((365, 730))] if rng.random() < 0.5 else ""
        text = "\n".join(topic.paragraphs).format(date=cal.cn[off])
        sink.write([topic.title, topic.dept, cal.iso[off], text, until])
    return sink.close()
