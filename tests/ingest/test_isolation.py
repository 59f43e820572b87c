"""A reader that crashes, overruns or hogs memory costs its own file, serial or parallel."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import row, write_rows
from hostile import cells_xml, sheet_xml, table_xlsx, write_xlsx

from generator.ingest import ingest
from generator.ingest.files import Reading
from generator.ingest.isolation import run_isolated
from generator.ingest.limits import ReadLimits
from generator.ingest.readers import ReadError
from generator.ingest.tables import read_file

SALT = b"test-salt"
SERIAL: dict[str, Any] = {"workers": 1}
PARALLEL: dict[str, Any] = {"workers": 2, "parallel_from": 0, "piece_rows": 3}


def export(tmp_path: Path) -> None:
    """Write two good workbooks around a bad one, and a CSV file."""
    table_xlsx(tmp_path / "penalties" / "a.xlsx", [row("penalties", 行政处罚决定书文号="A")])
    table_xlsx(tmp_path / "penalties" / "bad.xlsx", [row("penalties", 行政处罚决定书文号="B")])
    table_xlsx(tmp_path / "penalties" / "c.xlsx", [row("penalties", 行政处罚决定书文号="C")])
    write_rows(tmp_path / "penalties" / "d.csv", [row("penalties", 行政处罚决定书文号="D")] * 5)


def failing_on_bad(failure: Any) -> Any:
    def reader(path: Path, *args: Any) -> Any:
        if path.name == "bad.xlsx":
            failure()
        return read_file(path, *args)

    return reader


def read_with(tmp_path: Path, failure: Any, options: dict[str, Any], **limits: int) -> Any:
    export(tmp_path)
    reading = Reading(ReadLimits(**limits), read_workbook=failing_on_bad(failure))
    result = ingest(tmp_path, SALT, reading=reading, **options)
    numbers = sorted(r.doc_no for r in result.records("penalties"))
    assert numbers == ["A", "C", "D"], "every other file is read"
    (problem,) = result.problems
    assert problem.file == "penalties/bad.xlsx" and problem.row is None
    return problem.reason


@pytest.mark.parametrize("options", [SERIAL, PARALLEL], ids=["serial", "parallel"])
def test_a_native_abort_costs_only_its_file(tmp_path: Path, options: dict[str, Any]) -> None:
    assert "SIGABRT" in read_with(tmp_path, os.abort, options)


def test_a_runaway_allocation_costs_only_its_file(tmp_path: Path) -> None:
    def hog() -> None:
        hoard = [bytearray(64 << 20) for _ in range(64)]  # 4 GiB, beyond the child's 256 MiB
        assert hoard

    assert "内存超过 256 MB" in read_with(tmp_path, hog, SERIAL, reader_memory_mb=256)


def test_a_reader_that_hangs_is_stopped(tmp_path: Path) -> None:
    started = time.monotonic()
    assert "超过 1 秒" in read_with(tmp_path, lambda: time.sleep(60), SERIAL, reader_seconds=1)
    assert time.monotonic() - started < 30


def test_calamine_asked_for_549_gb_aborts_only_its_child(tmp_path: Path) -> None:
    # With the grid check off, calamine itself meets the dimension bomb: it aborts (Rust's
    # allocation failure handler), in the child, and its own last words reach the report.
    body = cells_xml([["a"]]) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    write_xlsx(tmp_path / "penalties" / "bomb.xlsx", {"S": sheet_xml(body)})
    write_rows(tmp_path / "penalties" / "ok.csv", [row("penalties")])
    result = ingest(tmp_path, SALT, limits=ReadLimits(sheet_cells=1 << 40))
    assert result.kinds["penalties"].read == 1
    (problem,) = result.problems
    assert "SIGABRT" in problem.reason and "memory allocation" in problem.reason


def test_a_bug_in_the_reader_is_raised_not_hidden() -> None:
    def buggy() -> bytes:
        raise KeyError("a bug")

    with pytest.raises(KeyError, match="a bug"):
        run_isolated(buggy, 1 << 30, 30)


def test_the_childs_result_crosses_the_pipe_whole() -> None:
    big = os.urandom(3 << 20)  # more than a pipe holds: the parent reads while the child writes
    assert run_isolated(lambda: big, 1 << 30, 30) == big


def test_a_read_error_in_the_child_is_a_read_error() -> None:
    def refusing() -> bytes:
        raise ReadError("不能读")

    with pytest.raises(ReadError, match="不能读"):
        run_isolated(refusing, 1 << 30, 30)
