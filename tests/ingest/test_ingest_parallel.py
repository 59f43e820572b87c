"""Ingest on several processes: the same records, problems and counts as one process."""

from __future__ import annotations

import os
import random
import shutil
import signal
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import row, write_rows

import generator.ingest
import generator.ingest.parallel
import generator.ingest.tables
from generator.ingest import ingest
from generator.ingest.listing import Listed, Listing
from generator.ingest.readers import CsvFormat, csv_format, csv_marks, read_csv_rows
from generator.ingest.results import Ingested

TODAY = date(2026, 11, 23)
SALT = b"test-salt"
# Every file of a few rows is cut into pieces of three rows, on two worker processes.
PARALLEL: dict[str, Any] = {"workers": 2, "parallel_from": 0, "piece_rows": 3}


def doc_no(n: int) -> str:
    return f"九市监罚〔2025〕{n}号"


def make_tree(data: Path, fixtures_dir: Path) -> None:
    """Write an export whose CSV files span several pieces, with bad rows in every piece.

    A file is cut after its first 20 rows (the header search), then every 3 rows.
    """
    penalties: list[dict[str, str]] = []
    for n in range(40):
        changes = {"行政处罚决定书文号": doc_no(n)}
        if n % 7 == 3:
            changes["处罚决定日期"] = "2025/13/01"  # rejected
        if n % 11 == 5:
            changes["违法事实"] = "第一行\n第二行"  # a line break inside quotes: one row
        penalties.append(row("penalties", **changes))
    penalties[25] = row("penalties", 行政处罚决定书文号=doc_no(2))  # a repeat, pieces apart
    penalties[30] = row("penalties", 行政处罚决定书文号=doc_no(4), 违法事实="另一种说法")
    penalties[33] = {key: "" for key in penalties[0]}  # a blank row
    penalties.insert(35, {key: key for key in penalties[0]})  # the header again, mid-file
    write_rows(data / "penalties" / "a_市监局.csv", penalties)
    write_rows(
        data / "penalties" / "b_gbk.csv",
        [row("penalties", 行政处罚决定书文号=doc_no(100 + n)) for n in range(30)],
        encoding="gb18030",
    )
    shutil.copy(fixtures_dir / "penalties_big5.csv", data / "penalties" / "c_台湾.csv")
    # A damaged file: rows in several pieces, then an unclosed quote to the end of the file.
    damaged = write_rows(
        data / "penalties" / "d_damaged.csv",
        [row("penalties", 行政处罚决定书文号=doc_no(200 + n)) for n in range(26)],
    )
    with damaged.open("a", encoding="utf-8", newline="") as handle:
        handle.write('"' + "长" * 140_000 + "\n")
    notes = data / "penalties" / "e_notes.csv"
    notes.write_text("这是一份说明\n没有表头\n" + "无关\n" * 30, encoding="utf-8")
    write_rows(
        data / "licensing" / "2025" / "住建局.csv",
        [
            {**row("licensing", 行政许可决定文书号=f"九市监许〔2025〕{n}号"), "联系电话": "1"}
            for n in range(25)
        ],
    )
    shutil.copy(fixtures_dir / "licensing_title_row.xlsx", data / "licensing")
    write_rows(data / "redlist" / "a.csv", [row("redlist"), row("redlist", 主体类别="")])
    (data / "cases").mkdir()
    (data / "cases" / "readme.docx").write_bytes(b"PK")


def everything(result: Ingested) -> dict[str, Any]:
    """Return all an Ingested holds, sources included (records compare equal without them)."""
    kinds = {
        kind: (
            [(r, r.source) for r in k.records],
            (k.read, k.rejected, k.duplicates),
            [[(r, r.source) for r in group] for group in k.conflicts],
            [(j.record, j.record.source, j.faults) for j in k.rejections],
        )
        for kind, k in result.kinds.items()
    }
    return {"kinds": kinds, "problems": result.problems}


def test_parallel_ingest_equals_serial_ingest(tmp_path: Path, fixtures_dir: Path) -> None:
    make_tree(tmp_path, fixtures_dir)
    serial = ingest(tmp_path, SALT, workers=1)
    parallel = ingest(tmp_path, SALT, **PARALLEL)
    assert everything(parallel) == everything(serial)
    # The tree exercises what it should: every kind of problem and a split everywhere.
    penalties = serial.kinds["penalties"]
    # The blank row and the repeated header are none; the unclosed quote's row is one.
    assert penalties.read == 40 + 30 + 26 - 1 + 1
    assert penalties.duplicates == 1 and len(penalties.conflicts) == 1
    assert penalties.rejected == 7
    located = {(p.file, p.row) for p in serial.problems if not p.field}
    assert ("penalties/c_台湾.csv", None) in located  # not UTF-8 nor GB18030
    assert any(p.row == 28 and "引号未闭合" in p.reason for p in serial.problems)
    assert ("penalties/e_notes.csv", None) in located  # no header row
    assert any(p.field == "联系电话" for p in serial.problems)  # an unknown header, once
    assert sum(p.field == "联系电话" for p in serial.problems) == 1


def test_small_export_is_read_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_rows(tmp_path / "penalties" / "p.csv", [row("penalties")])

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a small export must not start workers")

    monkeypatch.setattr(generator.ingest.parallel, "ProcessPoolExecutor", no_pool)
    assert ingest(tmp_path, SALT, workers=2).kinds["penalties"].read == 1


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: the very thing a broken pool would do."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_an_exception_in_a_worker_reaches_the_caller(
    tmp_path: Path, fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, fixtures_dir)
    read_table = generator.ingest.tables.read_table

    def failing(table: Any, *args: Any, **kwargs: Any) -> Any:
        if table.file == "penalties/b_gbk.csv":
            raise RuntimeError("a bug in validation")
        return read_table(table, *args, **kwargs)

    for module in (generator.ingest.tables, generator.ingest.parallel):
        monkeypatch.setattr(module, "read_table", failing)
    with deadline(60), pytest.raises(RuntimeError, match="a bug in validation"):
        ingest(tmp_path, SALT, **PARALLEL)


def test_a_worker_that_dies_does_not_hang_ingest(
    tmp_path: Path, fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, fixtures_dir)
    read_table = generator.ingest.tables.read_table

    def dying(table: Any, *args: Any, **kwargs: Any) -> Any:
        if table.file == "penalties/b_gbk.csv":
            os._exit(3)  # as if killed for memory
        return read_table(table, *args, **kwargs)

    for module in (generator.ingest.tables, generator.ingest.parallel):
        monkeypatch.setattr(module, "read_table", dying)
    with deadline(60), pytest.raises(BrokenProcessPool):
        ingest(tmp_path, SALT, **PARALLEL)


def nasty_csv(seed: int) -> str:
    """Return CSV text with quoted line breaks, doubled quotes, blank lines and every newline."""
    rng = random.Random(seed)
    cells = ["甲", "", "a,b", 'say "hi"', "第一行\n第二行", "x\r\ny", " 空格 ", "\t", "z\rw"]
    lines = []
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.1:
            lines.append("")
            continue
        fields = rng.choices(cells, k=rng.randint(1, 4))
        quoted = [
            f'"{f.replace(chr(34), chr(34) * 2)}"' if rng.random() < 0.7 else f for f in fields
        ]
        lines.append(",".join(quoted))
    newlines = ["\n", "\r\n", "\r"]
    text = "".join(line + rng.choice(newlines) for line in lines)
    return text + ('"unclosed\n甲' if seed % 5 == 0 else "")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("seed", range(20))
def test_csv_pieces_join_into_the_whole_file(tmp_path: Path, encoding: str, seed: int) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(("名称,代码\n" + nasty_csv(seed)).encode(encoding))
    form = csv_format(path)
    whole = list(read_csv_rows(path, form))
    for every in (1, 2, 3, 7):
        for first in (2, 5):
            assert pieces_of(path, form, first, every) == whole, (every, first)


def pieces_of(path: Path, form: CsvFormat, first: int, every: int) -> list[Any]:
    marks = list(csv_marks(path, form, first, every))
    assert [m.row for m in marks] == list(range(first, first + every * len(marks), every))
    bounds = [None, *marks]
    rows: list[Any] = []
    for start, end in zip(bounds, [*marks, None], strict=True):
        rows += read_csv_rows(path, form, start, end.row if end else None)
    return rows


@pytest.mark.parametrize("options", [{"workers": 1}, PARALLEL], ids=["serial", "parallel"])
def test_a_file_that_vanished_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    write_rows(tmp_path / "penalties" / "a.csv", [row("penalties")] * 30)
    listed = generator.ingest.list_exports

    def with_a_vanished_file(data_dir: Path, folders: tuple[str, ...]) -> Listing:
        listing = listed(data_dir, folders)
        listing.files["penalties"].append(Listed(data_dir / "penalties/b.csv", "penalties/b.csv"))
        return listing

    monkeypatch.setattr(generator.ingest, "list_exports", with_a_vanished_file)
    result = ingest(tmp_path, SALT, **options)
    assert result.kinds["penalties"].read == 30
    (problem,) = result.problems
    assert problem.file == "penalties/b.csv" and "无法读取文件" in problem.reason
