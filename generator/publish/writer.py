"""The one place that writes the public site: assemble beside the old tree, check, swap whole."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.core.artifacts import Artifact, Kept

RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths in one step


class PublishError(Exception):
    """The new site was not published; the previous one is untouched. The message says why."""


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
    keys: Mapping[str, str] = field(default_factory=dict)  # path → input key, where known
    kept: tuple[str, ...] = ()  # paths linked from the last publish without being made again

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


def write_tree(
    artifacts: Iterable[Artifact | Kept],
    out: Path,
    check: Callable[[Path], list[str]],
    previous: Mapping[str, str] | None = None,
    spare: Mapping[str, str] | None = None,
    commit: Callable[[Manifest, Path], None] | None = None,
) -> Manifest:
    """Assemble the new tree beside the live one, run `check` on it, then switch `out` to it.

    `out` is a symbolic link to one of two trees beside it (`.site.a`, `.site.b`): the live
    one, and the spare, which holds the build before. The new site is assembled in the spare
    and `out` is switched to it in one step; the live tree becomes the spare.

    `previous` is the state's digest of each live file: a file whose digest is unchanged is
    hard-linked from the live tree without being read (without a state, bytes are compared).
    `spare` is the state's digest of each spare file: with it, the spare is brought up to date
    in place, touching only files that differ, instead of being assembled whole, which costs a
    folder and a link per page (minutes at a million pages). A `Kept` file is linked from the
    live tree as it stands. `check` runs once every file is in place; if it fails, nothing
    live changed.

    `commit` (the manifest, the new tree) writes what must be in place before the switch (the
    build's state, nginx.conf, the purge list). It runs after the switch's new link is made
    and before it is renamed over `out`, so the rename that switches needs no more space: a
    full disk, or any other failure up to there, leaves the live site as it was.
    """
    out = Path(os.path.abspath(out))
    live = out.resolve() if out.exists() else None
    target = _spare_tree(out, live)
    dirty = target.with_name(f"{target.name}.dirty")  # set while the spare matches no state
    in_place = spare is not None and previous is not None and target.is_dir() and not dirty.exists()
    try:
        if not in_place:
            _remove(target)
            target.mkdir(parents=True)
        dirty.touch()
        manifest = _assemble(artifacts, live, target, previous, spare if in_place else None)
        failures = check(target)
        if failures:
            raise PublishError("\n".join(failures))
        link = _new_link(out, target)
        if commit is not None:
            commit(manifest, target)
    except BaseException:
        _remove(_link_path(out))
        _remove(target)  # the next build assembles the spare whole
        dirty.unlink(missing_ok=True)
        raise
    _switch(out, link)
    dirty.unlink()
    return manifest


def generations(out: Path) -> tuple[Path, Path]:
    """Return the two trees `out` switches between."""
    return out.with_name(f".{out.name}.a"), out.with_name(f".{out.name}.b")


def _spare_tree(out: Path, live: Path | None) -> Path:
    first, second = generations(out)
    return second if live == first else first


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _assemble(
    artifacts: Iterable[Artifact | Kept],
    live: Path | None,
    target: Path,
    previous: Mapping[str, str] | None,
    spare: Mapping[str, str] | None,
) -> Manifest:
    """Put every file in `target`; return what changed relative to the live tree.

    Invariant kept between builds: a spare file whose digest equals the live file's is the
    live file (one inode). So a spare file that already holds the new bytes is left alone;
    any other is unlinked before it is replaced, never written through, as its inode may be
    the live file's.
    """
    digests: dict[str, str] = {}
    keys: dict[str, str] = {}
    written: list[str] = []
    kept: list[str] = []
    folders: set[PurePosixPath] = set()  # made already: a million pages share few folders

    def place(relative: PurePosixPath) -> Path:
        if relative.parent not in folders:
            (target / relative.parent).mkdir(parents=True, exist_ok=True)
            folders.add(relative.parent)
        path = target / relative
        if spare is not None:
            path.unlink(missing_ok=True)
        return path

    for artifact in artifacts:
        relative = safe_path(artifact.path)
        key = relative.as_posix()
        if key in digests:
            raise PublishError(f"两个产出物写到同一路径：{key}")
        if artifact.key:
            keys[key] = artifact.key
        data = None if isinstance(artifact, Kept) else artifact.data
        digests[key] = artifact.digest if data is None else digest(data)
        live_file = live / relative if live is not None else None
        if previous is None:
            same_as_live = (
                live_file is not None and data is not None and _same_bytes(live_file, data)
            )
        else:
            same_as_live = previous.get(key) == digests[key]
        if not same_as_live:
            written.append(key)
        if isinstance(artifact, Kept):
            kept.append(key)
        if spare is not None and spare.get(key) == digests[key]:
            if not same_as_live:  # back to what it was two builds ago: new to the live tree
                os.utime(target / relative)
            continue  # the spare holds these bytes (the live file itself, if they are the same)
        if data is None or (same_as_live and _present(live_file, len(data))):
            assert live_file is not None
            try:
                os.link(live_file, place(relative))  # same inode, same modification time
            except OSError as exc:
                raise PublishError(f"沿用的文件已不在原处：{key}（{exc.strerror}）") from exc
        else:
            _write(place(relative), data)
    if spare is not None:
        _prune(target, spare.keys() - digests.keys())
    before: set[str] = set()
    if previous is not None:
        before = set(previous)  # the state lists the live tree: no walk over a million files
    elif live is not None:
        before = {p.relative_to(live).as_posix() for p in live.rglob("*") if p.is_file()}
    return Manifest(
        paths=tuple(sorted(digests)),
        written=tuple(sorted(written)),
        removed=tuple(sorted(before - digests.keys())),
        added=tuple(sorted(digests.keys() - before)),
        digests=digests,
        keys=keys,
        kept=tuple(kept),
    )


def _write(path: Path, data: bytes) -> None:
    """Write a new file; a failure (a full disk) names the file, which write(2) does not."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        exc.filename = exc.filename or str(path)
        raise


def _present(path: Path | None, size: int) -> bool:
    """Tell whether the live file is there with the size the state vouches for (not replaced)."""
    try:
        return path is not None and path.stat().st_size == size
    except OSError:
        return False


def _prune(root: Path, paths: Iterable[str]) -> None:
    """Remove files the new site no longer has, and the folders they leave empty."""
    folders: set[Path] = set()
    for path in paths:
        (root / path).unlink(missing_ok=True)
        folders.update((root / path).parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.is_relative_to(root) and folder != root:
            with contextlib.suppress(OSError):  # not empty: other files still live there
                folder.rmdir()


def _same_bytes(path: Path | None, data: bytes) -> bool:
    try:
        return path is not None and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.link")


def _new_link(out: Path, target: Path) -> Path:
    """Make the link `out` will become, pointing at `target`: the switch's only new inode."""
    link = _link_path(out)
    _remove(link)
    link.symlink_to(target.name, target_is_directory=True)
    return link


def _switch(out: Path, link: Path) -> None:
    """Point `out` where `link` points in one step (renamed over a link, or exchanged with a folder)."""
    if out.is_symlink() or not out.exists():
        link.replace(out)
        return
    # The first build after a plain folder stood at `out`: exchange it for the link, then
    # remove it.
    _swap(link, out)
    _remove(link)


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
