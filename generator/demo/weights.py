"""Turn weights into lookup tables that one uniform draw indexes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def weighted(pairs: Sequence[tuple[T, float]], slots: int = 1000) -> list[T]:
    """Return a lookup list in which each item appears in proportion to its weight."""
    total = sum(w for _, w in pairs)
    table: list[T] = []
    for item, w in pairs:
        table.extend([item] * round(slots * w / total))
    return table
