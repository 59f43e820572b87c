"""Problems: why a row (or a whole file) was not taken as it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a row (or a whole file, when `row` is None) was not taken as it is."""

    file: str
    row: int | None
    field: str
    reason: str
    value: str
