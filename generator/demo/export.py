"""Write a whole synthetic export: every kind's folder in turn, drawn from one random stream."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from random import Random

from generator.demo.bulletins import write_cases, write_warnings
from generator.demo.calendar import Calendar
from generator.demo.commitments import write_commitments
from generator.demo.context import Context
from generator.demo.headers import load_headers
from generator.demo.licensing import write_licensing
from generator.demo.lists import write_list
from generator.demo.names import load_names
from generator.demo.parties import Parties
from generator.demo.penalties import write_penalties
from generator.demo.sinks import CHUNK_ROWS
from generator.demo.takedowns import write_takedowns

END = date(2026, 11, 20)


class Export:
    """Generate every kind of the export from one random stream."""

    def __init__(
        self, out: Path, records: int, seed: int, end: date, chunk_rows: int = CHUNK_ROWS
    ) -> None:
        self.records = records
        rng = Random(seed)
        self.ctx = Context(
            out=out,
            rng=rng,
            cal=Calendar(end),
            parties=Parties(rng, max(records // 4, 80), load_names()),
            stamp=datetime(end.year, end.month, end.day, 9, 0, 0),
            chunk_rows=chunk_rows,
        )

    def run(self) -> dict[str, int]:
        """Write every folder and return the rows written per folder."""
        # The order is the order of the draws: changing it changes every byte after it.
        ctx, records = self.ctx, self.records
        n_lic = round(records * 0.8)
        n_pen = records - n_lic
        counts = {
            "licensing": write_licensing(ctx, n_lic),
            "penalties": write_penalties(ctx, n_pen),
        }
        lists = {
            "redlist": max(30, round(records * 0.015)),
            "blacklist": max(30, round(records * 0.015)),
            "watchlist": max(30, round(records * 0.02)),
        }
        for kind, n in lists.items():
            counts[kind] = write_list(ctx, kind, n)
        counts["commitments"] = write_commitments(ctx, max(30, round(records * 0.05)))
        counts["cases"] = write_cases(ctx, max(10, records // 200))
        counts["warnings"] = write_warnings(ctx, max(8, records // 500))
        # Takedowns come last: they point at records remembered by the writers before them.
        counts["takedowns"] = write_takedowns(
            ctx, max(8, round(0.005 * (n_pen + sum(lists.values()))))
        )
        return {kind: counts[kind] for kind in load_headers()}


def write_demo_data(out: Path, records: int, seed: int = 1, end: date = END) -> dict[str, int]:
    """Write a synthetic city export into `out` (a folder per kind); return rows per folder."""
    return Export(Path(out), records, seed, end).run()
