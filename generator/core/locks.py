"""Exclusive locks between commands: a second holder is refused at once, a dead one frees it.

`flock(2)` belongs to the open file, so the kernel releases it when the process ends however
it ends (killed, out of memory, the machine's power cut): no stale lock file to clean up,
and none of the "is that pid still alive?" guessing a lock made of a file's existence needs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

WORK_LOCK = ".build.lock"


class Busy(Exception):
    """Another process holds the lock; the message says what it guards and who holds it."""


@contextlib.contextmanager
def exclusive(path: Path, busy: str) -> Iterator[None]:
    """Hold an exclusive lock on `path` while the block runs; raise Busy(busy …) if it is held."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # "a+", not "w": opening must not wipe the holder's note of its pid before we hold the lock.
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise Busy(f"{busy}（{_holder(handle)}锁文件 {path}）") from exc
        with contextlib.suppress(OSError):  # only a note for people: a full disk must not stop us
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        yield


@contextlib.contextmanager
def all_of(*locks: tuple[Path, str]) -> Iterator[None]:
    """Hold every one of several locks (path, what it guards) for the block, or none of them."""
    with contextlib.ExitStack() as stack:
        for path, busy in locks:
            stack.enter_context(exclusive(path, busy))
        yield


def out_lock(out: Path) -> tuple[Path, str]:
    """Return the lock of an output folder and what it guards: a file beside the folder.

    Beside, not inside, like the trees `out` switches between: `out` is a link that a build
    replaces, and a deploy reads through it.
    """
    absolute = Path(os.path.abspath(out))
    return absolute.with_name(f".{absolute.name}.lock"), f"另一个构建或部署正在使用输出目录 {out}"


def work_lock(work: Path) -> tuple[Path, str]:
    """Return the lock of a private work folder (reports, state, purge list) and what it guards."""
    return work / WORK_LOCK, f"另一个构建或检查正在使用工作目录 {work}"


def build_locks(work: Path, out: Path | None = None) -> contextlib.AbstractContextManager[None]:
    """Hold the locks of a build's folders: both identify it, so sharing either one refuses."""
    return all_of(work_lock(work), *([out_lock(out)] if out is not None else []))


def _holder(handle: TextIO) -> str:
    """Return "进程 N，" naming the holder as it noted itself, or "" when it left no note."""
    with contextlib.suppress(OSError, ValueError):
        handle.seek(0)
        pid = handle.read().strip()
        if pid.isdigit():
            return f"进程 {pid}，"
    return ""
