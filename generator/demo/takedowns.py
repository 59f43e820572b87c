"""Draw the takedowns (撤销、信用修复), each pointing at a record generated before it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from generator.demo.context import Context, Ref
from generator.demo.resources import read_yaml
from generator.demo.weights import weighted


@dataclass(frozen=True, slots=True)
class TakedownTables:
    """How often each 信息类别 is taken down, and its (处理类型, 备注) options."""

    mix: Mapping[str, int]
    actions: Mapping[str, tuple[tuple[str, str], ...]]


@cache
def load_takedown_tables() -> TakedownTables:
    """Return the takedown tables of data/takedowns.yaml, in file order."""
    spec = read_yaml("takedowns.yaml")
    return TakedownTables(
        mix=MappingProxyType(dict(spec["mix"])),
        actions=MappingProxyType(
            {c: tuple((a, note) for a, note in pairs) for c, pairs in spec["actions"].items()}
        ),
    )


def write_takedowns(ctx: Context, n: int) -> int:
    """Write up to n takedowns, each of a different remembered record; return the rows."""
    rng, cal = ctx.rng, ctx.cal
    sink = ctx.sink("takedowns")
    tables = load_takedown_tables()
    # Each category with targets gets one takedown first, then the mix decides.
    plan = [c for c in tables.mix if ctx.refs.get(c)]
    mix = weighted([(c, w) for c, w in tables.mix.items() if ctx.refs.get(c)])
    rows: list[tuple[int, list[str]]] = []
    used: set[Ref] = set()
    for i in range(n):
        category = plan[i] if i < len(plan) else rng.choice(mix)
        pool = ctx.refs[category]
        ref = pool[int(rng.random() * len(pool))]
        for _ in range(20):  # a record is taken down once; retry a few picks
            if ref not in used:
                break
            ref = pool[int(rng.random() * len(pool))]
        else:
            continue
        used.add(ref)
        action, note = rng.choice(tables.actions[category])
        day = cal.after(rng, ref.day, 90, 500)
        row = [category, ref.number, ref.code, ref.list_type, action, cal.iso[day], ref.dept, note]
        rows.append((day, row))
    rows.sort(key=lambda item: item[0])
    for _day, row in rows:
        sink.write(row)
    return sink.close()
