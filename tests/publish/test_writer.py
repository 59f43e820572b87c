"""The writer: one place writes, refuses duplicate and unsafe paths, keeps unchanged files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.core.artifacts import Artifact, Kept
from generator.publish.writer import Manifest, PublishError, write_tree


def ok(root: Path) -> list[str]:
    return []


def test_publish_swaps_the_whole_tree(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = write_tree([Artifact("a.html", b"a"), Artifact("old/b.html", b"b")], out, ok)
    assert first.written == ("a.html", "old/b.html")
    second = write_tree([Artifact("a.html", b"a"), Artifact("c.html", b"c")], out, ok)
    assert (second.written, second.removed) == (("c.html",), ("old/b.html",))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.html",
        "c.html",
    ]


def test_unchanged_files_keep_their_modification_time(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_tree([Artifact("a.html", b"same"), Artifact("b.html", b"v1")], out, ok)
    os.utime(out / "a.html", (1_000_000, 1_000_000))
    write_tree([Artifact("a.html", b"same"), Artifact("b.html", b"v2")], out, ok)
    assert (out / "a.html").stat().st_mtime == 1_000_000
    assert (out / "b.html").read_bytes() == b"v2"


@pytest.mark.parametrize("path", ["../escape.html", "/abs.html", ""])
def test_unsafe_paths_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(PublishError):
        write_tree([Artifact(path, b"x")], tmp_path / "site", ok)


def test_duplicate_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="同一路径"):
        write_tree([Artifact("a.html", b"1"), Artifact("a.html", b"2")], tmp_path / "site", ok)
    assert not (tmp_path / "site").exists()


def test_failed_check_publishes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with pytest.raises(PublishError, match="bad"):
        write_tree([Artifact("a.html", b"a")], out, lambda root: ["bad"])
    assert not out.exists()


def digests_of(manifest: Manifest) -> dict[str, str]:
    return dict(manifest.digests)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_out_is_a_link_switched_between_two_trees(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_tree([Artifact("a.html", b"1")], out, ok)
    assert out.is_symlink() and out.resolve() == tmp_path / ".site.a"
    write_tree([Artifact("a.html", b"2")], out, ok)
    assert out.resolve() == tmp_path / ".site.b"
    assert (tmp_path / ".site.a" / "a.html").read_bytes() == b"1"  # the spare: the build before


def test_a_plain_folder_at_out_is_replaced_by_the_link(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_bytes(b"old")
    write_tree([Artifact("a.html", b"a")], out, ok)
    assert out.is_symlink() and files(out) == {"a.html": b"a"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.a", "site"]


def test_the_spare_is_updated_in_place_never_through_a_live_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = write_tree([Artifact("a.html", b"a1"), Artifact("b.html", b"b1")], out, ok)
    second = write_tree(
        [Artifact("a.html", b"a1"), Artifact("b.html", b"b2"), Artifact("gone/x.html", b"x")],
        out,
        ok,
        previous=digests_of(first),
    )
    live_before = files(out)
    spare = out.resolve().with_name(".site.a")
    untouched = (spare / "b.html").stat().st_ino  # holds b1: differs, so it will be replaced

    def live_unchanged(root: Path) -> list[str]:
        # The new tree is assembled but not switched in: the live site must be as it was.
        assert root == spare
        return [] if files(out) == live_before else ["the live tree changed before the switch"]

    third = write_tree(
        [Artifact("a.html", b"a3"), Artifact("b.html", b"b2"), Artifact("c.html", b"c")],
        out,
        live_unchanged,
        previous=digests_of(second),
        spare=digests_of(first),
    )
    assert files(out) == {"a.html": b"a3", "b.html": b"b2", "c.html": b"c"}
    assert files(spare.with_name(".site.b")) == live_before  # the old live tree, intact
    assert (out / "b.html").stat().st_ino == (spare.with_name(".site.b") / "b.html").stat().st_ino
    assert (out / "b.html").stat().st_ino != untouched
    assert not (spare / "gone").exists()  # folders emptied by removals go too
    assert (third.written, third.removed, third.added) == (
        ("a.html", "c.html"),
        ("gone/x.html",),
        ("c.html",),
    )


def test_a_spare_left_dirty_is_assembled_whole(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = write_tree([Artifact("a.html", b"a1")], out, ok)
    second = write_tree([Artifact("a.html", b"a2")], out, ok, previous=digests_of(first))
    spare = tmp_path / ".site.a"
    (spare / "a.html").unlink()
    (spare / "stray.html").write_bytes(b"left by a build that stopped half way")
    spare.with_name(".site.a.dirty").touch()
    write_tree(
        [Artifact("a.html", b"a1")],
        out,
        ok,
        previous=digests_of(second),
        spare=digests_of(first),
    )
    assert files(out) == {"a.html": b"a1"}
    assert not spare.with_name(".site.a.dirty").exists()


def test_a_failed_check_on_the_spare_leaves_no_half_tree(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = write_tree([Artifact("a.html", b"a1")], out, ok)
    second = write_tree([Artifact("a.html", b"a2")], out, ok, previous=digests_of(first))
    with pytest.raises(PublishError):
        write_tree(
            [Artifact("a.html", b"a3")],
            out,
            lambda root: ["refused"],
            previous=digests_of(second),
            spare=digests_of(first),
        )
    assert files(out) == {"a.html": b"a2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.b", "site"]


def test_a_kept_file_is_linked_from_the_live_tree(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = write_tree([Artifact("a.html", b"a", key="k1")], out, ok)
    assert first.keys == {"a.html": "k1"}
    second = write_tree(
        [Kept("a.html", first.digests["a.html"], "k1")], out, ok, previous=digests_of(first)
    )
    assert second.kept == ("a.html",) and second.written == ()
    assert files(out) == {"a.html": b"a"}
    (out / "a.html").unlink()
    with pytest.raises(PublishError, match="沿用的文件已不在原处"):
        write_tree(
            [Kept("a.html", first.digests["a.html"], "k1")], out, ok, previous=digests_of(second)
        )
