"""Draw the entries of the red, black and watch lists (守信激励、严重失信、重点关注)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from generator.demo.context import Context, Ref
from generator.demo.departments import departments_by_name
from generator.demo.identifiers import to_full_width
from generator.demo.resources import read_yaml


@dataclass(frozen=True, slots=True)
class ListType:
    """A kind of entry on a list (see data/lists.yaml)."""

    type: str
    deciders: tuple[str, ...]
    reasons: tuple[str, ...]
    basis: str
    years: int
    person_share: float
    removed_share: float


@dataclass(frozen=True, slots=True)
class ListTables:
    """Each list's 信息类别 and the kinds of entry on it."""

    categories: Mapping[str, str]
    types: Mapping[str, tuple[ListType, ...]]


@cache
def load_list_tables() -> ListTables:
    """Return the list tables of data/lists.yaml, in file order."""
    spec = read_yaml("lists.yaml")
    return ListTables(
        categories=MappingProxyType(dict(spec["categories"])),
        types=MappingProxyType(
            {
                kind: tuple(
                    ListType(
                        **{**t, "deciders": tuple(t["deciders"]), "reasons": tuple(t["reasons"])}
                    )
                    for t in types
                )
                for kind, types in spec["types"].items()
            }
        ),
    )


def write_list(ctx: Context, kind: str, n: int) -> int:
    """Write n entries of one list, unique per (统一社会信用代码, 名单类型); return the rows."""
    rng, cal = ctx.rng, ctx.cal
    sink = ctx.sink(kind)
    name, code, listed_on = (
        sink.header.index(c) for c in ("主体名称", "统一社会信用代码", "列入日期")
    )
    tables = load_list_tables()
    listed: set[tuple[str, str]] = set()
    entries = sorted((draw_entry(ctx, tables, kind, listed) for _ in range(n)), key=lambda e: e[0])
    for day, row, ref in entries:
        q = rng.random()
        if q < 0.01 and row[code]:
            row[code] = to_full_width(row[code])
        elif q < 0.02 and row[code]:
            row[code] = row[code].lower()
        elif q < 0.03:
            row[listed_on] = cal.alt(day, rng.random())
        elif q < 0.04:
            row[name] = f"{row[name]} "
        # Only entries whose code is spelled plainly are takedown targets, so that every
        # takedown matches without relying on code normalisation.
        if ref is not None and q >= 0.02:
            ctx.refs.setdefault(ref.category, []).append(ref)
        sink.write(row)
    return sink.close()


def draw_entry(
    ctx: Context, tables: ListTables, kind: str, listed: set[tuple[str, str]]
) -> tuple[int, list[str], Ref | None]:
    """Return (列入日期, row, takedown target or None) of one entry not yet in listed."""
    rng, cal = ctx.rng, ctx.cal
    spec = rng.choice(tables.types[kind])
    dept = departments_by_name()[rng.choice(spec.deciders)]
    while True:
        if rng.random() < spec.person_share:
            party = ctx.parties.pick(True)
            break
        party = rng.choice(ctx.parties.listable)
        if (party.code, spec.type) not in listed:
            listed.add((party.code, spec.type))
            break
    day = cal.start + int((cal.end - cal.start) * rng.random() ** 0.8)
    until = cal.iso[day + spec.years * 365] if spec.years else ""
    removed = ""
    if rng.random() < spec.removed_share:
        removed = cal.iso[cal.after(rng, day, 30, 700)]
    row = [
        spec.type,
        party.name,
        party.category,
        party.code,
        party.person_id,
        party.rep,
        rng.choice(spec.reasons).format(y=cal.year[day] - 1),
        spec.basis,
        dept.name,
        dept.code,
        cal.iso[day],
        until,
        removed,
        dept.name,
        "",
    ]
    ref = None
    if party.has_code and not removed:
        ref = Ref(tables.categories[kind], "", party.code, spec.type, dept.name, day)
    return day, row, ref
