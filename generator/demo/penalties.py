"""Draw the 行政处罚 rows; one department's rows go to a GB18030 file, as real exports do."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from generator.demo.calendar import LONG_TERM, NO_END
from generator.demo.context import Context, Ref, ref_code
from generator.demo.departments import Dept, load_departments
from generator.demo.headers import load_headers
from generator.demo.names import load_names
from generator.demo.parties import Party
from generator.demo.quirks import QUIRK_SHARE, plant_quirk
from generator.demo.resources import read_yaml
from generator.demo.sinks import CsvSink
from generator.demo.weights import weighted

GB_DEPT = "九江市生态环境局"  # its penalties come in a GB18030 file of their own
GB_MIN = 100  # penalties an export needs before it has that file


@dataclass(frozen=True, slots=True)
class PenaltyItem:
    """A kind of violation a field of departments punishes (see data/penalties.yaml)."""

    act: str
    facts: tuple[str, ...]
    basis: str
    kinds: tuple[str, ...]
    fines: str
    person_share: float
    severe_share: float
    licence: str


@dataclass(frozen=True, slots=True)
class PenaltyTables:
    """The fine pools, the phrases of 处罚类别 and the acts of each department field."""

    fines: Mapping[str, tuple[int, ...]]
    phrases: Mapping[str, str]
    acts: Mapping[str, tuple[PenaltyItem, ...]]


@cache
def load_penalty_tables() -> PenaltyTables:
    """Return the penalty tables of data/penalties.yaml, in file order."""
    spec = read_yaml("penalties.yaml")
    return PenaltyTables(
        fines=MappingProxyType({k: tuple(v) for k, v in spec["fines"].items()}),
        phrases=MappingProxyType(dict(spec["phrases"])),
        acts=MappingProxyType(
            {
                field: tuple(
                    PenaltyItem(**{**i, "facts": tuple(i["facts"]), "kinds": tuple(i["kinds"])})
                    for i in items
                )
                for field, items in spec["acts"].items()
            }
        ),
    )


def write_penalties(ctx: Context, n: int) -> int:
    """Write n penalties (and the duplicates planted among them); return the rows written."""
    sink = ctx.sink("penalties")
    gb = CsvSink(
        sink.folder, "penalties_gb18030", sink.header, "gb18030", False, chunk=ctx.chunk_rows
    )
    use_gb = n >= GB_MIN
    for row, dept, _year in draw_penalties(ctx, n):
        (gb if use_gb and dept.name == GB_DEPT else sink).write(row)
    return sink.close() + gb.close()


def draw_penalties(ctx: Context, n: int) -> Iterator[tuple[list[str], Dept, int]]:
    """Yield penalty rows in decision-date order with their department and year."""
    rnd, cal, parties = ctx.rng.random, ctx.cal, ctx.parties
    years = cal.year
    header = load_headers()["penalties"]
    decided, fact = header.index("处罚决定日期"), header.index("违法事实")
    tables = load_penalty_tables()
    acts = tables.acts
    depts = weighted([(d, d.pen_weight) for d in load_departments()])
    nd = len(depts)
    serials: dict[tuple[str, int], int] = {}
    keep = min(1.0, 400 / max(n, 1))
    for off in cal.decision_days(ctx.rng, n):
        dept = depts[int(rnd() * nd)]
        items = acts[dept.field]
        item = items[int(rnd() * len(items))]
        party = parties.pick(rnd() < item.person_share)
        year = years[off]
        key = (dept.name, year)
        serial = serials[key] = serials.get(key, 0) + 1
        number = dept.pen_fmt.format(y=year, n=serial)
        row = penalty_row(ctx, tables, party, item, dept, number, off)
        q = rnd()
        if q < QUIRK_SHARE:
            for _ in range(plant_quirk(row, q, decided, fact, cal, off, rnd)):
                yield row, dept, year
            continue
        ctx.remember(Ref("行政处罚", number, ref_code(party), "", dept.name, off), keep)
        yield row, dept, year


def penalty_row(
    ctx: Context,
    tables: PenaltyTables,
    party: Party,
    item: PenaltyItem,
    dept: Dept,
    number: str,
    off: int,
) -> list[str]:
    """Return one penalty row."""
    rng, cal = ctx.rng, ctx.cal
    rnd = rng.random
    kinds = item.kinds[int(rnd() * len(item.kinds))]
    fine = seized = ""
    content = []
    for part in re.split("[;、]", kinds):
        if part == "罚款":
            pool = tables.fines[item.fines]
            yuan = pool[int(rnd() * len(pool))]
            fine = f"{yuan / 10000:g}"
            content.append(f"罚款人民币{yuan}元")
        elif part == "没收违法所得":
            got = 100 * (1 + int(rnd() * 80))
            seized = f"{got / 10000:g}"
            content.append(f"没收违法所得人民币{got}元")
        elif part == "行政拘留":
            content.append(f"行政拘留{5 + int(rnd() * 6)}日")
        else:
            content.append(tables.phrases[part])
    body = "；".join(f"{i}.{c}" for i, c in enumerate(content, 1)) + "。"
    if len(content) == 1:
        body = content[0] + "。"
    licence = ""
    if item.licence and ("吊销" in kinds or "暂扣" in kinds):
        licence = f"{item.licence}（编号：{rng.randrange(10**7, 10**8)}）"
    r = rnd()
    # Most exports leave 失信程度 blank; the item's rate makes 严重 rare outside grave acts.
    severe = item.severe_share * 0.4
    severity = "严重" if r < severe else "一般" if r < severe + 0.12 else ""
    span = 1095 if severity == "严重" else 365
    r = rnd()
    valid = (
        LONG_TERM if r < 0.22 or "吊销" in kinds else NO_END if r < 0.25 else cal.iso[off + span]
    )
    public_end = cal.iso[off + (span if r > 0.5 else 182)] if rnd() < 0.25 else ""
    return [
        *party.cols,
        number,
        item.act,
        draw_fact(ctx, item, off),
        item.basis,
        kinds,
        body,
        fine,
        seized,
        licence,
        cal.iso[off],
        valid,
        public_end,
        dept.name,
        dept.code,
        dept.name,
        dept.code,
        "",
        severity,
        cal.report_day(rnd(), rnd(), off, dept.late),
    ]


def draw_fact(ctx: Context, item: PenaltyItem, off: int) -> str:
    """Return the 违法事实, now and then leaking a phone or ID number as real ones do."""
    rng = ctx.rng
    templates = item.facts
    text = templates[int(rng.random() * len(templates))].format(
        d=ctx.cal.cn[off],
        a=ctx.parties.addresses[int(rng.random() * 400)],
        n=2 + int(rng.random() * 30),
    )
    r = rng.random()
    if r < 0.004:
        mobile = f"{rng.choice(load_names().mobile_prefixes)}0792{rng.randrange(10**4):04d}"
        text += f"（当事人联系电话：{mobile}）"
    elif r < 0.007:
        text += f"经营者联系电话0792-8{rng.randrange(10**6):06d}。"
    elif r < 0.010:
        text += f"（当事人身份证号码：{ctx.parties.id_number()}）"
    return text
