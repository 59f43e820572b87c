"""Counts per input folder: where every row read went (the private report's summary)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class KindCounts:
    """Where the rows of one input folder went: read = rejected + published + Σ withheld."""

    read: int = 0
    rejected: int = 0
    published: int = 0
    withheld: dict[str, int] = field(default_factory=dict)

    def balances(self) -> bool:
        """Tell whether every row read is accounted for exactly once."""
        return self.read == self.rejected + self.published + sum(self.withheld.values())
