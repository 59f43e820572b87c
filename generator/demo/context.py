"""Hold what every kind's writer shares: the random stream, calendar, parties, takedown targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from random import Random

from generator.demo.calendar import Calendar
from generator.demo.headers import load_headers
from generator.demo.parties import Parties, Party
from generator.demo.sinks import CsvSink


@dataclass(frozen=True, slots=True)
class Ref:
    """A generated record that a takedown may point at."""

    category: str
    number: str
    code: str
    list_type: str
    dept: str
    day: int


@dataclass(slots=True)
class Context:
    """The state one export's writers draw from and add to, in the order they run."""

    out: Path
    rng: Random
    cal: Calendar
    parties: Parties
    stamp: datetime  # the export's creation time, written into XLSX metadata
    chunk_rows: int
    refs: dict[str, list[Ref]] = field(default_factory=dict)  # takedown targets by 信息类别

    def remember(self, ref: Ref, keep: float) -> None:
        """Keep a record as a possible takedown target with probability keep."""
        if self.rng.random() < keep:
            self.refs.setdefault(ref.category, []).append(ref)

    def sink(self, kind: str) -> CsvSink:
        """Return a kind's numbered CSV sink, in its folder emptied of an earlier run's files."""
        folder = self.out / kind
        folder.mkdir(parents=True, exist_ok=True)
        for old in [*folder.glob(f"{kind}_*.csv"), *folder.glob(f"{kind}_*.xlsx")]:
            old.unlink()
        return CsvSink(folder, kind, load_headers()[kind], chunk=self.chunk_rows)


def ref_code(party: Party) -> str:
    """Return the code a takedown names a party by: none for people and placeholders."""
    return party.code if party.has_code else ""
