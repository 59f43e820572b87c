"""Name each folder's column headers, as data/headers.yaml lists them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType

from generator.demo.resources import read_yaml


@cache
def load_headers() -> Mapping[str, tuple[str, ...]]:
    """Return each kind's header, in the order the export writes kinds and columns."""
    kinds = read_yaml("headers.yaml")["kinds"]
    return MappingProxyType({kind: tuple(_splice(columns)) for kind, columns in kinds.items()})


def _splice(columns: list[str | list[str]]) -> Iterator[str]:
    """Yield the columns with each shared block (a nested list) spliced in."""
    for column in columns:
        if isinstance(column, list):
            yield from column
        else:
            yield column
