"""Stages of a long build: a progress bar on a terminal, and every stage's time and memory.

On a terminal each stage shows its count, rate and time left (tqdm); in CI, or when output
goes to a file, nothing is printed. Whatever the terminal, `build/report/timings.json`
records each stage's seconds and the peak memory so far of this process and of its largest
finished worker (the render and ingest workers are forked children).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.core.atomic import write_text_atomically

T = TypeVar("T")
TIMINGS = Path("report") / "timings.json"


def interactive(stream: Any = None) -> bool:
    """Tell whether progress may be drawn: a terminal, and not a CI job."""
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def peak_mb() -> tuple[int, int]:
    """Return the peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return own, child


@dataclass
class Stage:
    """One stage as it ran: its name, seconds, how many items passed, and memory at its end."""

    name: str
    seconds: float = 0.0
    count: int = 0
    peak_mb: int = 0
    worker_peak_mb: int = 0


@dataclass
class Stages:
    """The stages of one command, timed; drawn as progress bars when `show` is true."""

    show: bool = field(default_factory=interactive)
    done: list[Stage] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @contextmanager
    def stage(
        self, name: str, total: int | None = None, unit: str = ""
    ) -> Iterator[Callable[[int], None]]:
        """Time a stage; yield the callable that counts its progress (`tick(n)`)."""
        record = Stage(name)
        bar = self._bar(name, total, unit)
        start = time.perf_counter()

        def tick(n: int = 1) -> None:
            record.count += n
            if bar is not None:
                bar.update(n)

        try:
            yield tick
        finally:
            if bar is not None:
                bar.close()
            record.seconds = round(time.perf_counter() - start, 3)
            record.peak_mb, record.worker_peak_mb = peak_mb()
            self.done.append(record)

    def run(self, name: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one call as a stage."""
        with self.stage(name):
            return work(*args, **kwargs)

    def counted(self, name: str, items: Iterable[T], unit: str = "个文件") -> Iterator[T]:
        """Pass a stream through as a stage that counts its items (the stage ends with it)."""
        with self.stage(name, unit=unit) as tick:
            for item in items:
                tick()
                yield item

    def _bar(self, name: str, total: int | None, unit: str) -> Any:
        if not self.show:
            return None
        from tqdm import tqdm  # only on a terminal

        return tqdm(desc=name, total=total, unit=unit, unit_scale=True, leave=True, file=sys.stderr)

    def write(self, work_dir: Path) -> Path:
        """Write build/report/timings.json: every stage, the whole, and the peak memory."""
        own, child = peak_mb()
        data = {
            "seconds": round(time.perf_counter() - self.started, 3),
            "peak_mb": own,
            "worker_peak_mb": child,
            "stages": [vars(stage) for stage in self.done],
        }
        target = work_dir / TIMINGS
        write_text_atomically(target, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return target
