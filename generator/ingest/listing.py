"""List the export files of the data folder: regular files only, each once, each safely named.

What the folder holds is not trusted: a link may lead anywhere, a named pipe blocks whoever
opens it, and a name may be bytes that are not UTF-8. Each of those is refused or escaped
with a line in the report, never followed, read twice or dropped without a word.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.core.problems import Problem

_SPECIAL = (
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISSOCK, "套接字"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
)


@dataclass(frozen=True, slots=True)
class Listed:
    """An export file to read: where it really is, and its name (relative to --data) in reports."""

    path: Path
    name: str


@dataclass(frozen=True, slots=True)
class Listing:
    """The export files of a data folder per kind folder, and what was refused while listing."""

    files: dict[str, list[Listed]]
    problems: tuple[Problem, ...]


def display_name(relative: str) -> str:
    """Return a path as a report can show it: undecodable bytes and control characters escaped.

    `os.listdir` hands undecodable bytes on as lone surrogates, which no UTF-8 writer accepts;
    they become `\\xNN`, as do control characters, which would garble a terminal or a CSV cell.
    """
    text = os.fsencode(relative).decode("utf-8", errors="backslashreplace")
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def list_exports(data_dir: Path, folders: tuple[str, ...]) -> Listing:
    """Return the files to read under each of `folders`, and a problem for each entry refused."""
    root = data_dir.resolve()
    problems: list[Problem] = []
    found: list[tuple[bool, int, str, Listed]] = []  # (through a link, order, folder, file)
    for folder in folders:
        top = data_dir / folder
        if top.is_symlink() or top.is_dir():
            walked = _walk(top, folder, root, problems, {_identity(root)}, top.is_symlink())
            start = len(found)
            found += ((link, start + i, folder, e) for i, (link, e) in enumerate(walked))
    # A file reached both by its own path and through a link (or two hard links) is read once,
    # under its own path when it has one: a link never moves a file into another kind.
    chosen: dict[object, tuple[int, str, Listed]] = {}
    for _, order, folder, entry in sorted(found, key=lambda item: item[:2]):
        try:
            key: object = _identity(entry.path)
        except OSError:  # gone since listed: reading it reports the problem
            key = entry.path
        chosen.setdefault(key, (order, folder, entry))
    files: dict[str, list[Listed]] = {folder: [] for folder in folders}
    for _, folder, entry in sorted(chosen.values(), key=lambda item: item[0]):
        files[folder].append(entry)
    return Listing(files, tuple(problems))


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _walk(
    folder: Path,
    name: str,
    root: Path,
    problems: list[Problem],
    visited: set[tuple[int, int]],
    linked: bool,
) -> Iterator[tuple[bool, Listed]]:
    """Yield the regular files under `folder` (links followed only inside `root`), in order.

    Each comes with whether a link led to it; a loop of folder links is walked once.
    """
    real = _inside(folder, name + "/", root, problems)
    if real is None:
        return
    if not real.is_dir():
        problems.append(Problem(display_name(name), None, "", "不是目录，未读取", ""))
        return
    key = _identity(real)
    if key in visited and folder.is_symlink():
        return  # a link back to a folder being listed: a loop, its files are listed already
    visited = visited | {key}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: (e.is_symlink(), e.name))
    except OSError as exc:
        problems.append(_refused(name + "/", f"无法列出目录（{exc.strerror or exc}）"))
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):  # hidden files and Office's lock files
            continue
        path, relative = Path(entry.path), f"{name}/{entry.name}"
        target = _inside(path, relative, root, problems) if entry.is_symlink() else path
        if target is None:
            continue
        try:
            mode = target.stat().st_mode
        except OSError as exc:
            problems.append(_refused(relative, f"无法读取（{exc.strerror or exc}）"))
            continue
        via_link = linked or entry.is_symlink()
        if stat.S_ISDIR(mode):
            yield from _walk(path, relative, root, problems, visited, via_link)
        elif stat.S_ISREG(mode):
            yield via_link, Listed(target, display_name(relative))
        else:
            what = next((label for test, label in _SPECIAL if test(mode)), "特殊文件")
            problems.append(_refused(relative, f"不是普通文件而是{what}，未读取"))


def _inside(path: Path, relative: str, root: Path, problems: list[Problem]) -> Path | None:
    """Return where a link leads when that is inside `root`; report it and return None if not."""
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
        problems.append(_refused(relative, "符号链接的目标不存在或成环，未读取"))
        return None
    if not target.is_relative_to(root):
        where = display_name(str(target))
        shown = relative + "/" if target.is_dir() and not relative.endswith("/") else relative
        problems.append(_refused(shown, f"符号链接指向数据目录之外（{where}），未读取"))
        return None
    return target


def _refused(relative: str, reason: str) -> Problem:
    return Problem(display_name(relative), None, "", reason, "")
