"""Read a file as one version of itself: detect a change made while it was being read.

A department's upload may still be arriving, or be rewritten, while a build reads it. A
file's fingerprint (device, inode, size, modification and change times, and a digest of its
bytes) is taken before and after reading; when they differ, the file is read once more, and
refused if it changed again, so that no build uses rows from two versions of one file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.ingest.readers import ReadError, open_export

T = TypeVar("T")

CHANGED = "文件在读取期间被修改（读取前后内容不同，重读一次仍在变化），未采用；请在导出完成后再构建"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies one version of a file: where it is, its times, size and digest."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int
    digest: bytes


Take = Callable[[Path], Fingerprint | None]


def fingerprint(path: Path) -> Fingerprint | None:
    """Return a file's fingerprint, None when it cannot be opened (its reader will say why)."""
    try:
        with open_export(path) as handle:
            info = os.fstat(handle.fileno())
            # SHA-1 is the fastest digest hashlib has here (about 1 GB/s); it tells versions
            # of a file apart, no one forges against it.
            digest = hashlib.file_digest(handle, lambda: hashlib.sha1(usedforsecurity=False))
    except (OSError, ReadError):
        return None
    return Fingerprint(
        info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, digest.digest()
    )


def read_steadily(path: Path, read: Callable[[], T], take: Take, attempts: int = 2) -> T | None:
    """Return `read()` of a file that stayed the same while it ran, None if it never did."""
    for _ in range(attempts):
        before = take(path)
        result = read()
        if before is None or take(path) == before:  # unopenable: `read` reported it
            return result
    return None
