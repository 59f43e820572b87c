"""Draw the 行政许可 rows; one department's year goes to an XLSX sheet, as real exports do."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from generator.demo.calendar import LONG_TERM, NO_END, Calendar
from generator.demo.context import Context, Ref, ref_code
from generator.demo.departments import Dept, load_departments
from generator.demo.headers import load_headers
from generator.demo.parties import Party
from generator.demo.quirks import QUIRK_SHARE, plant_quirk
from generator.demo.resources import read_yaml
from generator.demo.sinks import write_xlsx
from generator.demo.weights import weighted

SHEET_DEPT = "九江市住房和城乡建设局"  # its licences of last year come as a spreadsheet
SHEET_MIN = 500  # licences an export needs before one of its years goes to a sheet


@dataclass(frozen=True, slots=True)
class LicenceItem:
    """A kind of licence a field of departments decides (see data/licences.yaml)."""

    document: str
    certificate: str
    number: str
    contents: tuple[str, ...]
    category: str
    years: int
    person: bool
    weight: int


@cache
def load_licence_items() -> Mapping[str, tuple[LicenceItem, ...]]:
    """Return the licence items of each department field, in file order."""
    spec = read_yaml("licences.yaml")
    return MappingProxyType(
        {
            field: tuple(
                LicenceItem(**{**item, "contents": tuple(item["contents"])}) for item in items
            )
            for field, items in spec.items()
        }
    )


def write_licensing(ctx: Context, n: int) -> int:
    """Write n licences (and the duplicates planted among them); return the rows written."""
    sink = ctx.sink("licensing")
    header = sink.header
    dates = tuple(header.index(c) for c in ("许可决定日期", "有效期自", "有效期至"))
    sheet_year = ctx.cal.year[ctx.cal.end] - 1
    sheet_rows: list[list[str]] = []
    use_sheet = n >= SHEET_MIN
    for row, dept, year in draw_licences(ctx, n):
        if use_sheet and dept.name == SHEET_DEPT and year == sheet_year:
            sheet_rows.append(row)
        else:
            sink.write(row)
    rows = sink.close() + len(sheet_rows)
    if sheet_rows:
        write_xlsx(
            sink.folder / f"licensing_{sheet_year}.xlsx",
            f"{SHEET_DEPT}行政许可信息（{sheet_year}年）",
            header,
            sheet_rows,
            dates,
            ctx.stamp,
        )
    return rows


def draw_licences(ctx: Context, n: int) -> Iterator[tuple[list[str], Dept, int]]:
    """Yield licence rows in decision-date order with their department and year."""
    rnd, cal, parties = ctx.rng.random, ctx.cal, ctx.parties
    iso, years = cal.iso, cal.year
    header = load_headers()["licensing"]
    decided, content = header.index("许可决定日期"), header.index("许可内容")
    depts = weighted([(d, d.lic_weight) for d in load_departments()])
    nd = len(depts)
    items_by_field = {
        f: weighted([(i, i.weight) for i in items]) for f, items in load_licence_items().items()
    }
    serials: dict[tuple[str, int], int] = {}
    running: dict[str, int] = {}
    keep = min(1.0, 400 / max(n, 1))
    for off in cal.decision_days(ctx.rng, n):
        dept = depts[int(rnd() * nd)]
        items = items_by_field[dept.field]
        item = items[int(rnd() * len(items))]
        party = parties.pick(item.person)
        year = years[off]
        key = (dept.name, year)
        serial = serials[key] = serials.get(key, 0) + 1
        running[dept.name] = seq = running.get(dept.name, 0) + 1
        number = dept.lic_fmt.format(y=year, n=serial)
        cert_no = licence_number(item.number, dept, party, seq, year, iso[off], rnd())
        valid_to, status = validity(cal, off, item.years, rnd())
        row = [
            *party.cols,
            item.document,
            number,
            item.category,
            item.certificate,
            cert_no,
            item.contents[int(rnd() * len(item.contents))],
            iso[off],
            iso[off],
            valid_to,
            dept.name,
            dept.code,
            status,
            dept.name,
            dept.code,
            "",
            cal.report_day(rnd(), rnd(), off, dept.late),
        ]
        if status == "无效" and rnd() < 0.5:
            row[-2] = "已注销"  # 备注
        q = rnd()
        if q < QUIRK_SHARE:
            for _ in range(plant_quirk(row, q, decided, content, cal, off, rnd)):
                yield row, dept, year
            continue
        ctx.remember(Ref("行政许可", number, ref_code(party), "", dept.name, off), keep)
        yield row, dept, year


def validity(cal: Calendar, off: int, years: int, r: float) -> tuple[str, str]:
    """Return 有效期至 and 当前状态 of a licence decided on off, valid for years (0 = no end)."""
    if years == 0:
        until = LONG_TERM if r < 0.8 else NO_END if r < 0.9 else ""
        return until, "无效" if r > 0.985 else "有效"
    end = off + years * 365 + years // 4 - 1
    expired = end < cal.end
    status = "无效" if (expired and r < 0.5) or r > 0.97 else "有效"
    return cal.iso[end], status


def licence_number(
    fmt: str, dept: Dept, party: Party, seq: int, year: int, iso: str, r: float
) -> str:
    """Return a 许可编号 from the item's format."""
    if not fmt:
        return ""
    # A 个体工商户 without a credit code is known by its 工商注册号.
    code = party.code if party.has_code else party.cols[3]
    if fmt == "{code}":
        return code
    return fmt.format(
        area=dept.area,
        s=seq,
        y=year,
        yy=str(year)[2:],
        ymd=iso.replace("-", ""),
        code=code,
        k=1 + int(r * 3),
        c=int(r * 10),
        r=int(r * 99999),
        pv="V" if r < 0.5 else "P",
    )
