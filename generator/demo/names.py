"""Load the name lists parties are drawn from: data/names.yaml and data/areas.csv."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from generator.demo.resources import read_csv, read_yaml


@dataclass(frozen=True, slots=True)
class Names:
    """The places, words and characters that names and addresses are made of."""

    areas: Mapping[str, str]  # 行政区划代码 → name of the city and its districts and counties
    area_weights: Mapping[str, int]  # how many companies register in each
    roads: tuple[str, ...]
    address_districts: tuple[str, ...]
    zihao: str  # characters of 字号, each once
    industries: tuple[str, ...]
    factories: tuple[str, ...]
    shops: tuple[str, ...]
    branches: tuple[str, ...]
    social: tuple[str, ...]  # templates: {z} a 字号, {h} an industry
    surnames: str
    compound_surnames: tuple[str, ...]
    given_chars: str
    person_areas: tuple[str, ...]
    mobile_prefixes: tuple[str, ...]


@cache
def load_names() -> Names:
    """Return the name lists in file order, which the draws index."""
    spec = read_yaml("names.yaml")
    areas = read_csv("areas.csv")
    return Names(
        areas=MappingProxyType({row["code"]: row["name"] for row in areas}),
        area_weights=MappingProxyType({row["code"]: int(row["weight"]) for row in areas}),
        roads=tuple(spec["roads"]),
        address_districts=tuple(spec["address_districts"]),
        # Each character once, so that two-character combinations are distinct.
        zihao="".join(dict.fromkeys(_chars(spec["zihao"]))),
        industries=tuple(spec["industries"]),
        factories=tuple(spec["factories"]),
        shops=tuple(spec["shops"]),
        branches=tuple(spec["branches"]),
        social=tuple(spec["social"]),
        surnames=_chars(spec["surnames"]),
        compound_surnames=tuple(spec["compound_surnames"]),
        given_chars=_chars(spec["given_chars"]),
        person_areas=tuple(spec["person_areas"]),
        mobile_prefixes=tuple(spec["mobile_prefixes"]),
    )


def _chars(block: str) -> str:
    """Return a character pool without the line breaks it is written over."""
    return "".join(block.split())
