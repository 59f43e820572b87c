"""Draw the 信用承诺 rows: promises parties made to departments, and whether they kept them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator.demo.calendar import LONG_TERM
from generator.demo.context import Context, Ref
from generator.demo.departments import Dept, load_departments
from generator.demo.identifiers import to_full_width
from generator.demo.parties import Party
from generator.demo.resources import read_yaml
from generator.demo.weights import weighted

PUBLIC = "可向社会公开"


@dataclass(frozen=True, slots=True)
class CommitmentType:
    """A 承诺类型 with its 承诺事由 options and 承诺内容."""

    type: str
    reasons: tuple[str, ...]
    content: str


@dataclass(frozen=True, slots=True)
class CommitmentTables:
    """The commitment types, the 违诺责任 terms, and what an unkept promise's row says."""

    types: tuple[CommitmentType, ...]
    breach_terms: tuple[str, ...]
    unmet: str
    pursued: str


@cache
def load_commitment_tables() -> CommitmentTables:
    """Return the commitment tables of data/commitments.yaml, in file order."""
    spec = read_yaml("commitments.yaml")
    return CommitmentTables(
        types=tuple(
            CommitmentType(t["type"], tuple(t["reasons"]), t["content"]) for t in spec["types"]
        ),
        breach_terms=tuple(spec["breach_terms"]),
        unmet=spec["unmet"],
        pursued=spec["pursued"],
    )


def write_commitments(ctx: Context, n: int) -> int:
    """Write n commitments with 承诺编码 unique per area and day; return the rows written."""
    rng, cal = ctx.rng, ctx.cal
    sink = ctx.sink("commitments")
    name, code, made, public = (
        sink.header.index(c) for c in ("承诺人名称", "承诺人代码", "承诺作出日期", "公开类型")
    )
    tables = load_commitment_tables()
    depts = weighted([(d, d.lic_weight) for d in load_departments()])
    serials: dict[tuple[str, int], int] = {}
    for off in cal.decision_days(rng, n):
        dept = depts[int(rng.random() * len(depts))]
        key = (dept.area, off)
        serials[key] = serials.get(key, 0) + 1
        number = f"{dept.area}{cal.compact[off]}{serials[key]:06d}"
        party = ctx.parties.pick(rng.random() < 0.05)
        row = commitment_row(ctx, tables, number, party, dept, off)
        q = rng.random()
        if q < 0.01 and party.code:
            row[code] = to_full_width(row[code])
        elif q < 0.02:
            row[made] = cal.alt(off, rng.random())
        elif q < 0.025:
            row[name] = ""
        elif party.has_code and row[public] == PUBLIC:
            ctx.remember(Ref("信用承诺", number, party.code, "", dept.name, off), 0.5)
        sink.write(row)
    return sink.close()


def commitment_row(
    ctx: Context, tables: CommitmentTables, number: str, party: Party, dept: Dept, off: int
) -> list[str]:
    """Return one commitment row."""
    rng, cal = ctx.rng, ctx.cal
    kind = rng.choice(tables.types)
    r = rng.random()
    state = "全部履行" if r < 0.86 else "部分履行" if r < 0.95 else "全部未履行"
    unmet = pursued = ""
    if state != "全部履行":
        unmet, pursued = tables.unmet, tables.pursued
    r = rng.random()
    public = PUBLIC if r < 0.9 else "特定范围内公开" if r < 0.97 else "不可公开"
    valid = LONG_TERM if rng.random() < 0.3 else cal.iso[off + rng.choice((365, 730, 1095))]
    return [
        number,
        party.name,
        party.category,
        party.code or party.person_id,
        kind.type,
        rng.choice(kind.reasons),
        kind.content,
        rng.choice(tables.breach_terms),
        cal.iso[off],
        valid,
        state,
        unmet,
        pursued,
        dept.name,
        dept.code,
        public,
        "",
    ]
