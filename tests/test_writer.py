"""The writer: one place writes, refuses duplicate and unsafe paths, keeps unchanged files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.writer import Artifact, PublishError, publish


def ok(root: Path) -> list[str]:
    return []


def test_publish_swaps_the_whole_tree(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = publish([Artifact("a.html", b"a"), Artifact("old/b.html", b"b")], out, ok)
    assert first.written == ("a.html", "old/b.html")
    second = publish([Artifact("a.html", b"a"), Artifact("c.html", b"c")], out, ok)
    assert (second.written, second.removed) == (("c.html",), ("old/b.html",))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.html",
        "c.html",
    ]


def test_unchanged_files_keep_their_modification_time(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish([Artifact("a.html", b"same"), Artifact("b.html", b"v1")], out, ok)
    os.utime(out / "a.html", (1_000_000, 1_000_000))
    publish([Artifact("a.html", b"same"), Artifact("b.html", b"v2")], out, ok)
    assert (out / "a.html").stat().st_mtime == 1_000_000
    assert (out / "b.html").read_bytes() == b"v2"


@pytest.mark.parametrize("path", ["../escape.html", "/abs.html", ""])
def test_unsafe_paths_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(PublishError):
        publish([Artifact(path, b"x")], tmp_path / "site", ok)


def test_duplicate_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="同一路径"):
        publish([Artifact("a.html", b"1"), Artifact("a.html", b"2")], tmp_path / "site", ok)
    assert not (tmp_path / "site").exists()


def test_failed_check_publishes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with pytest.raises(PublishError, match="bad"):
        publish([Artifact("a.html", b"a")], out, lambda root: ["bad"])
    assert not out.exists()
