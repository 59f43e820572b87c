"""Name the departments that decide records, as data/departments.csv lists them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from generator.demo.identifiers import make_uscc
from generator.demo.resources import read_csv


@dataclass(frozen=True, slots=True)
class Dept:
    """A reporting department with its 文书号 formats and reporting habits."""

    name: str
    area: str  # 行政区划代码 of its seat
    org8: str  # the organisation-code body of its credit code
    lic_weight: float  # how many licences it decides, relative to the others
    pen_weight: float  # and how many penalties
    lic_fmt: str  # 文书号 formats: {y} the year, {n} its serial in that year
    pen_fmt: str
    field: str  # the key of its licence and penalty catalogues
    late: float  # share of its decisions reported late
    code: str  # 统一社会信用代码 (机关, prefix 11), made once: rows repeat it twice each


@cache
def load_departments() -> tuple[Dept, ...]:
    """Return every department in file order; those without weights only decide list entries."""
    return tuple(
        Dept(
            name=row["name"],
            area=row["area"],
            org8=row["org8"],
            lic_weight=float(row["lic_weight"]),
            pen_weight=float(row["pen_weight"]),
            lic_fmt=row["lic_fmt"],
            pen_fmt=row["pen_fmt"],
            field=row["field"],
            late=float(row["late"]),
            code=make_uscc("11", row["area"], row["org8"]),
        )
        for row in read_csv("departments.csv")
    )


@cache
def departments_by_name() -> Mapping[str, Dept]:
    """Return every department by its name."""
    return MappingProxyType({d.name: d for d in load_departments()})
