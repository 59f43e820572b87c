"""The one place that writes the public site: assemble beside the old tree, check, swap whole."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths in one step


class PublishError(Exception):
    """The new site was not published; the previous one is untouched. The message says why."""


@dataclass(frozen=True, slots=True)
class Artifact:
    """One output file: its path under the site root (posix, relative) and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a publish did: every path, and which were written anew (the rest were unchanged)."""

    paths: tuple[str, ...]
    written: tuple[str, ...]
    removed: tuple[str, ...]


def safe_path(path: str) -> PurePosixPath:
    """Return an artifact path after refusing absolute paths and `..`."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise PublishError(f"不安全的输出路径：{path!r}")
    return pure


def publish(
    artifacts: Iterable[Artifact], out: Path, check: Callable[[Path], list[str]]
) -> Manifest:
    """Write artifacts into a staging tree beside `out`, run `check` on it, then swap it in."""
    out = out.resolve()
    staging = out.with_name(f".{out.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        manifest = _assemble(artifacts, out, staging)
        failures = check(staging)
        if failures:
            raise PublishError("\n".join(failures))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, out)
    shutil.rmtree(staging, ignore_errors=True)  # after the swap, staging holds the old tree
    return manifest


def _assemble(artifacts: Iterable[Artifact], out: Path, staging: Path) -> Manifest:
    seen: set[str] = set()
    written: list[str] = []
    for artifact in artifacts:
        relative = safe_path(artifact.path)
        key = relative.as_posix()
        if key in seen:
            raise PublishError(f"两个产出物写到同一路径：{key}")
        seen.add(key)
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = out / relative
        if previous.is_file() and _same_bytes(previous, artifact.data):
            os.link(previous, target)  # unchanged: same inode, same modification time
        else:
            target.write_bytes(artifact.data)
            written.append(key)
    old = (
        {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        if out.is_dir()
        else set()
    )
    return Manifest(tuple(sorted(seen)), tuple(sorted(written)), tuple(sorted(old - seen)))


def _same_bytes(path: Path, data: bytes) -> bool:
    return path.stat().st_size == len(data) and path.read_bytes() == data


def _swap(staging: Path, out: Path) -> None:
    """Put the staging tree at `out` in one step where the kernel can (renameat2 exchange)."""
    if not out.exists():
        staging.rename(out)
        staging.mkdir()  # the caller removes it
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    at_fdcwd = -100
    if (
        renameat2 is not None
        and renameat2(at_fdcwd, os.fsencode(staging), at_fdcwd, os.fsencode(out), RENAME_EXCHANGE)
        == 0
    ):
        return
    # No atomic exchange here (another OS or file system): two renames, a moment apart.
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    out.rename(old)
    staging.rename(out)
    old.rename(staging)
