"""The one place that writes the public site: assemble beside the old tree, check, swap whole."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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
    """What a publish did: every path, which were written anew (added or changed), which removed.

    `digests` maps every path to the digest of its bytes: the next build's `previous`.
    """

    paths: tuple[str, ...]
    written: tuple[str, ...]
    removed: tuple[str, ...]
    added: tuple[str, ...] = ()
    digests: Mapping[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> tuple[str, ...]:
        """Return the paths that existed before and were rewritten with other bytes."""
        added = set(self.added)
        return tuple(p for p in self.written if p not in added)


def digest(data: bytes) -> str:
    """Return the digest a file's bytes are remembered by between builds."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def safe_path(path: str) -> PurePosixPath:
    """Return an artifact path after refusing absolute paths and `..`."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise PublishError(f"不安全的输出路径：{path!r}")
    return pure


def publish(
    artifacts: Iterable[Artifact],
    out: Path,
    check: Callable[[Path], list[str]],
    previous: Mapping[str, str] | None = None,
) -> Manifest:
    """Write artifacts into a staging tree beside `out`, run `check` on it, then swap it in.

    `previous` is the last build's digest of each file (its state): a file whose digest is
    unchanged is hard-linked without reading the old copy. Without it, bytes are compared.
    """
    out = out.resolve()
    staging = out.with_name(f".{out.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        manifest = _assemble(artifacts, out, staging, previous)
        failures = check(staging)
        if failures:
            raise PublishError("\n".join(failures))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, out)
    shutil.rmtree(staging, ignore_errors=True)  # after the swap, staging holds the old tree
    return manifest


def _assemble(
    artifacts: Iterable[Artifact], out: Path, staging: Path, previous: Mapping[str, str] | None
) -> Manifest:
    digests: dict[str, str] = {}
    written: list[str] = []
    for artifact in artifacts:
        relative = safe_path(artifact.path)
        key = relative.as_posix()
        if key in digests:
            raise PublishError(f"两个产出物写到同一路径：{key}")
        digests[key] = digest(artifact.data)
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        old = out / relative
        if _unchanged(old, artifact.data, digests[key], previous, key):
            os.link(old, target)  # unchanged: same inode, same modification time
        else:
            target.write_bytes(artifact.data)
            written.append(key)
    before = (
        {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        if out.is_dir()
        else set()
    )
    return Manifest(
        paths=tuple(sorted(digests)),
        written=tuple(sorted(written)),
        removed=tuple(sorted(before - digests.keys())),
        added=tuple(sorted(digests.keys() - before)),
        digests=digests,
    )


def _unchanged(
    old: Path, data: bytes, new_digest: str, previous: Mapping[str, str] | None, key: str
) -> bool:
    """Tell whether the published file already holds these bytes."""
    if previous is None:
        return old.is_file() and _same_bytes(old, data)
    # The state vouches for the bytes; the size guards against a file replaced by hand.
    return previous.get(key) == new_digest and old.is_file() and old.stat().st_size == len(data)


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
