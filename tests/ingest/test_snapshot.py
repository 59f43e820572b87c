"""A file that changes while it is read is read again, or refused: never half-used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import row, write_rows
from hostile import table_xlsx

from generator.ingest import ingest
from generator.ingest.files import Reading
from generator.ingest.snapshot import Fingerprint, fingerprint

SALT = b"test-salt"
OPTIONS = {
    "serial": {"workers": 1},
    "parallel": {"workers": 2, "parallel_from": 0, "piece_rows": 3},
}


def rewriting(path: Path, versions: list[list[dict[str, str]]], write: Any) -> Any:
    """Return a fingerprint that rewrites `path` after each read of it (between its takes)."""
    takes = {"n": 0}

    def take(target: Path) -> Fingerprint | None:
        if target == path:
            takes["n"] += 1
            if takes["n"] % 2 == 0 and versions:  # a "before" was taken, the file was read
                write(path, versions.pop(0))
        return fingerprint(target)

    return take


def rows_of(doc: str, n: int) -> list[dict[str, str]]:
    return [row("penalties", 行政处罚决定书文号=f"{doc}{i}") for i in range(n)]


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_file_changed_during_read_is_read_again(tmp_path: Path, options: dict[str, Any]) -> None:
    path = write_rows(tmp_path / "penalties" / "a.csv", rows_of("旧", 10))
    take = rewriting(path, [rows_of("新", 12)], write_rows)
    result = ingest(tmp_path, SALT, reading=Reading(take=take), **options)
    numbers = {r.doc_no for r in result.records("penalties")}
    assert numbers == {f"新{i}" for i in range(12)}  # the new version, whole; none of the old
    assert result.problems == ()


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_file_that_keeps_changing_is_refused(tmp_path: Path, options: dict[str, Any]) -> None:
    path = write_rows(tmp_path / "penalties" / "a.csv", rows_of("一", 10))
    write_rows(tmp_path / "penalties" / "b.csv", rows_of("乙", 2))
    take = rewriting(path, [rows_of("二", 11), rows_of("三", 9)], write_rows)
    result = ingest(tmp_path, SALT, reading=Reading(take=take), **options)
    assert {r.doc_no for r in result.records("penalties")} == {"乙0", "乙1"}
    (problem,) = result.problems
    assert problem.file == "penalties/a.csv" and "读取期间被修改" in problem.reason
    assert result.kinds["penalties"].read == 2  # nothing of a.csv is counted


def test_workbook_changed_during_read_is_read_again(tmp_path: Path) -> None:
    path = table_xlsx(tmp_path / "penalties" / "a.xlsx", rows_of("旧", 3))
    take = rewriting(path, [rows_of("新", 4)], table_xlsx)
    result = ingest(tmp_path, SALT, reading=Reading(take=take))
    assert {r.doc_no for r in result.records("penalties")} == {f"新{i}" for i in range(4)}


def test_fingerprint_sees_a_rewrite_that_keeps_size_and_times(tmp_path: Path) -> None:
    import os

    path = tmp_path / "a.csv"
    path.write_bytes(b"abc")
    before = fingerprint(path)
    info = path.stat()
    path.write_bytes(b"abd")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert fingerprint(path) != before


def test_a_file_that_vanished_is_a_problem(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "penalties" / "a.csv", rows_of("甲", 3))

    def take(target: Path) -> Fingerprint | None:
        target.unlink(missing_ok=True)  # gone between listing and reading
        return fingerprint(target)

    result = ingest(tmp_path, SALT, reading=Reading(take=take))
    assert not path.exists()
    (problem,) = result.problems
    assert problem.file == "penalties/a.csv" and "无法读取文件" in problem.reason
