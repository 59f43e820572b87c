"""Ingest over a messy export tree: every bad row located, every row accounted for."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from conftest import row, write_rows

from generator.core.config import load_config
from generator.ingest import ingest
from generator.ingest.results import conflict_problems
from generator.ingest.tables import column_name
from generator.pipeline import BuildContext, check

TODAY = date(2026, 11, 23)
SALT = b"test-salt"


def test_unknown_and_duplicate_headers_are_reported_with_column(tmp_path: Path) -> None:
    rows = [
        {
            **row("penalties"),
            "联系电话": "13907920000",
            "统一社会信用代码": row("penalties")["行政相对人代码_1(统一社会信用代码)"],
        }
    ]
    write_rows(tmp_path / "penalties" / "p.csv", rows)
    result = ingest(tmp_path, SALT)
    header_problems = [p for p in result.problems if p.row == 1]
    unknown = next(p for p in header_problems if p.field == "联系电话")
    assert unknown.reason == "未知表头，该列未读取" and unknown.value == column_name(17)
    duplicate = next(p for p in header_problems if "重复表头" in p.reason)
    assert "C" in duplicate.value and "S" in duplicate.value
    assert result.kinds["penalties"].rejected == 0  # the two columns agree: the row stands


def test_duplicate_columns_that_disagree_reject_the_row(tmp_path: Path) -> None:
    rows = [{**row("penalties"), "统一社会信用代码": "91360400MA39XLDB3H"}]
    write_rows(tmp_path / "penalties" / "p.csv", rows)
    result = ingest(tmp_path, SALT)
    assert result.kinds["penalties"].rejected == 1
    assert any(p.row == 2 and "不一致" in p.reason for p in result.problems)


def test_identical_repeat_is_kept_once(tmp_path: Path) -> None:
    write_rows(tmp_path / "penalties" / "a.csv", [row("penalties")])
    write_rows(tmp_path / "penalties" / "b.csv", [row("penalties"), row("penalties")])
    result = ingest(tmp_path, SALT)
    penalties = result.kinds["penalties"]
    assert (penalties.read, len(penalties.records), penalties.duplicates, penalties.rejected) == (
        3,
        1,
        2,
        0,
    )
    assert penalties.records[0].source.file == "penalties/a.csv"


def test_same_key_different_content_is_set_aside_for_policy(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "penalties" / "a.csv",
        [row("penalties"), row("penalties", 违法事实="另一种说法")],
    )
    result = ingest(tmp_path, SALT)
    penalties = result.kinds["penalties"]
    assert penalties.records == () and penalties.rejected == 0
    (group,) = penalties.conflicts
    assert [r.source.row for r in group] == [2, 3]
    problems = conflict_problems(group)
    assert [(p.row, p.value) for p in problems] == [
        (2, "九市监罚〔2025〕12号"),
        (3, "九市监罚〔2025〕12号"),
    ]
    assert "第3行" in problems[0].reason


def test_title_rows_blank_rows_and_cell_types_in_xlsx(tmp_path: Path, fixtures_dir: Path) -> None:
    (tmp_path / "licensing").mkdir()
    shutil.copy(fixtures_dir / "licensing_title_row.xlsx", tmp_path / "licensing")
    result = ingest(tmp_path, SALT)
    assert result.problems == ()
    first, sole = result.records("licensing")
    assert first.source.row == 5 and sole.source.row == 7  # the sheet's own row numbers
    assert first.decided_on == date(2025, 3, 5) and first.valid_from == date(
        2025, 3, 5
    )  # serial 45721
    assert sole.party.reg_no == "360403600123456"  # a number cell, read back as the digits
    assert result.kinds["licensing"].read == 2  # blank rows are not records


def test_gb18030_export_reads_like_utf8(tmp_path: Path, fixtures_dir: Path) -> None:
    results = []
    for name in ("penalties_gb18030.csv", "penalties_utf8.csv"):
        data = tmp_path / f"data-{name}"
        (data / "penalties").mkdir(parents=True)
        shutil.copy(fixtures_dir / name, data / "penalties" / "x.csv")
        results.append(ingest(data, SALT).records("penalties"))
    assert results[0] == results[1] and len(results[0]) == 2
    assert results[0][1].party.name == "张三"


def test_file_without_a_header_row(tmp_path: Path) -> None:
    path = tmp_path / "penalties" / "notes.csv"
    path.parent.mkdir()
    path.write_text("这是一份说明\n没有表头\n", encoding="utf-8")
    result = ingest(tmp_path, SALT)
    (problem,) = result.problems
    assert (
        problem.file == "penalties/notes.csv"
        and problem.row is None
        and "找不到表头" in problem.reason
    )


def make_messy_tree(data: Path, fixtures_dir: Path) -> dict[tuple[str, int | None], str]:
    """Write an export tree with planted problems; return the expected (file, row) -> field."""
    good = row("penalties", 处罚决定日期="2026-06-01", 处罚有效期="2027-06-01")
    write_rows(
        data / "penalties" / "市监局.csv",
        [
            good,
            row("penalties", 行政处罚决定书文号="九市监罚〔2025〕13号", 处罚决定日期="2025/13/01"),
            {key: "" for key in good},  # a blank row: not a record
            row(
                "penalties",
                行政处罚决定书文号="九市监罚〔2025〕14号",
                处罚机关统一社会信用代码="11360400MB1719061X",
            ),
            good,  # an identical repeat
            row("penalties", 行政处罚决定书文号="九市监罚〔2025〕15号", 处罚类别=""),
        ],
    )
    write_rows(
        data / "licensing" / "2025" / "住建局.csv",
        [
            row("licensing"),
            row("licensing", 行政许可决定文书号="九市监许〔2025〕9号", 许可类别="特别许可"),
        ],
        encoding="gb18030",
    )
    write_rows(data / "redlist" / "a.csv", [row("redlist"), row("redlist", 主体类别="")])
    shutil.copy(fixtures_dir / "penalties_big5.csv", data / "penalties" / "台湾.csv")
    (data / "cases").mkdir()
    (data / "cases" / "readme.docx").write_bytes(b"PK")
    return {
        ("penalties/市监局.csv", 3): "处罚决定日期",
        ("penalties/市监局.csv", 5): "处罚机关统一社会信用代码",
        ("penalties/市监局.csv", 7): "处罚类别",
        ("licensing/2025/住建局.csv", 3): "许可类别",
        ("redlist/a.csv", 3): "主体类别",
        ("penalties/台湾.csv", None): "",
        ("cases/readme.docx", None): "",
    }


def test_check_reports_every_bad_row_and_counts_add_up(tmp_path: Path, fixtures_dir: Path) -> None:
    data, work = tmp_path / "data", tmp_path / "build"
    expected = make_messy_tree(data, fixtures_dir)
    config = load_config(Path(__file__).parents[2] / "mkdocs.yml")
    config = replace(config, docs_dir=tmp_path / "no-articles")
    check(BuildContext.of(config, data, work, TODAY))

    with (work / "report" / "rejected.csv").open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert list(lines[0]) == ["file", "row", "field", "reason", "value"]
    found = {
        (line["file"], int(line["row"]) if line["row"] else None): line["field"] for line in lines
    }
    assert found == expected

    summary = json.loads((work / "report" / "summary.json").read_text(encoding="utf-8"))
    assert summary["build_day"] == "2026-11-23"
    assert set(summary["kinds"]) == {
        "articles",
        "licensing",
        "penalties",
        "redlist",
        "blacklist",
        "watchlist",
        "commitments",
        "cases",
        "warnings",
        "takedowns",
    }
    for counts in summary["kinds"].values():
        assert set(counts) == {"read", "rejected", "published", "withheld"}
        assert counts["read"] == counts["rejected"] + counts["published"] + sum(
            counts["withheld"].values()
        )
    assert summary["kinds"]["penalties"] == {
        "read": 5,
        "rejected": 3,
        "published": 1,
        "withheld": {"duplicate": 1},
    }
    assert summary["kinds"]["licensing"] == {
        "read": 2,
        "rejected": 1,
        "published": 1,
        "withheld": {},
    }
    assert summary["kinds"]["redlist"]["rejected"] == 1


def test_stray_files_and_misnamed_folders_are_reported(tmp_path: Path) -> None:
    write_rows(tmp_path / "penalty" / "p.csv", [row("penalties")])  # a misspelt folder
    (tmp_path / "说明.txt").write_text("说明", encoding="utf-8")
    result = ingest(tmp_path, SALT)
    assert [(p.file, p.row) for p in result.problems] == [("penalty/", None), ("说明.txt", None)]
    assert all("未读取" in p.reason for p in result.problems)


def test_unclosed_quote_at_the_end_rejects_its_row_and_says_so(tmp_path: Path) -> None:
    rows = [row("penalties", 行政处罚决定书文号=f"九市监罚〔2025〕{n}号") for n in range(30)]
    path = write_rows(tmp_path / "penalties" / "p.csv", rows)
    with path.open("a", encoding="utf-8", newline="") as handle:
        # An unclosed quote swallows the rest of the file into one cell.
        handle.write('"' + "长" * 140_000 + "\n" + "乙,丙\n" * 3)
    result = ingest(tmp_path, SALT)
    penalties = result.kinds["penalties"]
    assert (penalties.read, penalties.rejected) == (31, 1)  # the rows before it are kept
    (problem,) = {(p.file, p.row, p.reason) for p in result.problems if "引号未闭合" in p.reason}
    assert problem[:2] == ("penalties/p.csv", 32)
    assert "其后 3 行" in problem[2]


def test_equal_values_of_a_file_are_held_once(tmp_path: Path) -> None:
    rows = [row("penalties", 行政处罚决定书文号=f"九市监罚〔2025〕{n}号") for n in range(3)]
    write_rows(tmp_path / "penalties" / "p.csv", rows)
    first, *others = ingest(tmp_path, SALT).records("penalties")
    for other in others:  # one object per value: a million records repeat a few hundred
        assert other.dept is first.dept and other.decided_on is first.decided_on
        assert other.party.uscc is first.party.uscc and other.doc_no != first.doc_no
