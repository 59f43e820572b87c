"""Measure demo-data and check (ingest + policy + report) at realistic sizes; print a table.

    python benchmarks/ingest.py --sizes 100000 1000000

Each step runs in its own process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(argv: list[str]) -> tuple[float, int]:
    """Run a command; return its wall time in seconds and its peak memory in MB."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest so far: a smaller later child shows the earlier peak.
    return time.perf_counter() - start, max(peak, before) // 1024


def folder_bytes(folder: Path) -> int:
    """Return the bytes of every file under a folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    """Print one row per size: demo-data time, check time and memory, input size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    python = sys.executable
    print("| records | demo-data s | check s | check peak MB | rows/s | input MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in sorted(args.sizes):  # ascending, so each peak reading is this size's own
        with tempfile.TemporaryDirectory() as tmp:
            data, work = Path(tmp) / "data", Path(tmp) / "build"
            demo_s, _ = run(
                [
                    python,
                    "-m",
                    "generator",
                    "demo-data",
                    "--records",
                    str(size),
                    "--out",
                    str(data),
                    "--seed",
                    "1",
                ]
            )
            check_s, peak = run(
                [
                    python,
                    "-m",
                    "generator",
                    "check",
                    "--data",
                    str(data),
                    "--work",
                    str(work),
                    "--today",
                    "2026-11-23",
                ]
            )
            rows = sum(
                1
                for p in data.rglob("*.csv")
                for _ in p.open(encoding="utf-8-sig", errors="replace")
            )
            print(
                f"| {size:,} | {demo_s:.1f} | {check_s:.1f} | {peak:,} | {rows / check_s:,.0f} | {folder_bytes(data) / 1e6:.0f} |"
            )


if __name__ == "__main__":
    main()
