"""Tests of the whole synthetic export (generator/demo/export.py): its files, codes and quirks."""

from __future__ import annotations

import csv
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.core.codes import USCC_PLACEHOLDER, is_valid_id_number, is_valid_uscc
from generator.demo import Export, write_demo_data

ROOT = Path(__file__).parents[2]
RECORDS = 2000
END = date(2026, 11, 20)

_PARTY = (
    "行政相对人名称, 行政相对人类别, 行政相对人代码_1(统一社会信用代码), "
    "行政相对人代码_2(工商注册号), 行政相对人代码_3(组织机构代码), 行政相对人代码_4(税务登记号), "
    "行政相对人代码_5(事业单位证书号), 行政相对人代码_6(社会组织登记证号), 法定代表人, "
    "法定代表人证件类型, 法定代表人证件号码, 证件类型, 证件号码, "
)
_LIST = (
    "名单类型, 主体名称, 主体类别, 统一社会信用代码, 证件号码, 法定代表人, 列入事由, 列入依据, "
    "认定部门, 认定部门统一社会信用代码, 列入日期, 有效期至, 移出日期, 数据来源单位, 备注"
)
# The agreed headers, spelled out here rather than imported so that a typo in the demo fails.
EXPECTED = {
    "licensing": _PARTY
    + "行政许可决定文书名称, 行政许可决定文书号, 许可类别, 许可证书名称, 许可编号, 许可内容, "
    "许可决定日期, 有效期自, 有效期至, 许可机关, 许可机关统一社会信用代码, 当前状态, 数据来源单位, "
    "数据来源单位统一社会信用代码, 备注, 报送日期",
    "penalties": _PARTY
    + "行政处罚决定书文号, 违法行为类型, 违法事实, 处罚依据, 处罚类别, 处罚内容, 罚款金额（万元）, "
    "没收违法所得、没收非法财物的金额（万元）, 暂扣或吊销证照名称及编号, 处罚决定日期, 处罚有效期, "
    "公示截止期, 处罚机关, 处罚机关统一社会信用代码, 数据来源单位, 数据来源单位统一社会信用代码, "
    "备注, 失信程度, 报送日期",
    "redlist": _LIST,
    "blacklist": _LIST,
    "watchlist": _LIST,
    "commitments": "承诺编码, 承诺人名称, 承诺人类别, 承诺人代码, 承诺类型, 承诺事由, 承诺内容, "
    "违诺责任, 承诺作出日期, 承诺有效期, 承诺履行状态, 未履行的承诺内容, 违诺责任追究内容, "
    "承诺受理单位, 承诺受理单位代码, 公开类型, 备注",
    "cases": "标题, 案例类型, 主体名称, 统一社会信用代码, 报送单位, 报送单位统一社会信用代码, "
    "发布日期, 正文, 来源",
    "warnings": "标题, 发布单位, 发布日期, 正文, 有效期至",
    "takedowns": "信息类别, 文书号, 统一社会信用代码, 名单类型, 处理类型, 处理日期, 处理机关, 备注",
}
EXPECTED_HEADERS = {kind: text.split(", ") for kind, text in EXPECTED.items()}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """Write one demo export shared by the tests of this module."""
    out = tmp_path_factory.mktemp("demo")
    return out, write_demo_data(out, RECORDS, seed=3)


def read_csv(path: Path) -> list[list[str]]:
    """Return all rows of a CSV written by the generator, header included."""
    encoding = "gb18030" if "gb18030" in path.name else "utf-8-sig"
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def read_sheet(path: Path) -> list[list[str]]:
    """Return the header and data rows of a sheet, skipping its title row and blank rows."""
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    return [row for row in rows[1:] if any(v != "" for v in row)]


def data_rows(out: Path, kind: str) -> list[dict[str, str]]:
    """Return the CSV data rows of one folder as dicts."""
    rows = []
    for path in sorted((out / kind).glob("*.csv")):
        header, *body = read_csv(path)
        rows.extend(dict(zip(header, row, strict=True)) for row in body)
    return rows


def normalise(code: str) -> str:
    """Undo the planted spelling quirks of a code (full width, case, spaces)."""
    return unicodedata.normalize("NFKC", code).strip().upper()


def file_bytes(out: Path) -> dict[str, bytes]:
    """Return every file of an export by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(export, tmp_path: Path) -> None:
    out, counts = export
    again = write_demo_data(tmp_path, RECORDS, seed=3)
    assert again == counts
    assert file_bytes(tmp_path) == file_bytes(out)


def test_other_seed_gives_other_data(export, tmp_path: Path) -> None:
    out, _ = export
    write_demo_data(tmp_path, RECORDS, seed=4)
    first, second = file_bytes(out), file_bytes(tmp_path)
    assert first.keys() == second.keys()
    assert first["licensing/licensing_001.csv"] != second["licensing/licensing_001.csv"]


def test_every_folder_has_the_agreed_headers(export) -> None:
    out, counts = export
    assert set(counts) == set(EXPECTED_HEADERS)
    for kind, header in EXPECTED_HEADERS.items():
        files = sorted((out / kind).glob("*.csv"))
        assert files, kind
        for path in files:
            assert read_csv(path)[0] == header, path
    for path in (out / "licensing").glob("*.xlsx"):
        assert read_sheet(path)[0] == EXPECTED_HEADERS["licensing"]


def test_main_files_are_utf8_with_bom_and_one_is_gb18030(export) -> None:
    out, _ = export
    assert (out / "licensing" / "licensing_001.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    gb = (out / "penalties" / "penalties_gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    assert gb.decode("gb18030").startswith("行政相对人名称")


def test_returned_counts_match_the_files(export) -> None:
    out, counts = export
    for kind, expected in counts.items():
        rows = sum(len(read_csv(p)) - 1 for p in (out / kind).glob("*.csv"))
        rows += sum(len(read_sheet(p)) - 1 for p in (out / kind).glob("*.xlsx"))
        assert rows == expected, kind
    assert counts["licensing"] + counts["penalties"] >= RECORDS
    assert min(counts[k] for k in ("redlist", "blacklist", "watchlist")) >= 30


def test_sheet_has_a_merged_title_row(export) -> None:
    out, _ = export
    (path,) = (out / "licensing").glob("*.xlsx")
    sheet = load_workbook(path).worksheets[0]
    assert "行政许可信息" in sheet["A1"].value
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:AC1"]
    assert sheet["A2"].value == "行政相对人名称"


def test_credit_codes_are_valid_apart_from_planted_errors(export) -> None:
    out, _ = export
    code_col = "行政相对人代码_1(统一社会信用代码)"
    for kind, dept_col in (
        ("licensing", "许可机关统一社会信用代码"),
        ("penalties", "处罚机关统一社会信用代码"),
    ):
        rows = data_rows(out, kind)
        assert all(is_valid_uscc(r[dept_col]) for r in rows if r[dept_col])
        codes = [(normalise(r[code_col]), r["行政相对人类别"]) for r in rows if r[code_col]]
        assert all(cat == "个体工商户" for code, cat in codes if code == USCC_PLACEHOLDER)
        wrong = [c for c, _ in codes if c != USCC_PLACEHOLDER and not is_valid_uscc(c)]
        assert len(wrong) <= 0.01 * len(rows), kind  # the planted wrong check characters
    for kind in ("redlist", "blacklist", "watchlist"):
        for row in data_rows(out, kind):
            assert is_valid_uscc(row["认定部门统一社会信用代码"])
            if row["主体类别"] != "自然人":
                assert is_valid_uscc(normalise(row["统一社会信用代码"]))


def test_id_numbers_are_valid(export) -> None:
    out, _ = export
    numbers = []
    for kind in ("licensing", "penalties"):
        for row in data_rows(out, kind):
            numbers += [row["证件号码"], row["法定代表人证件号码"]]
            if row["行政相对人类别"] == "自然人":
                assert row["证件类型"] == "身份证" and not row["行政相对人代码_1(统一社会信用代码)"]
    numbers += [r["证件号码"] for r in data_rows(out, "blacklist")]
    numbers += [
        r["承诺人代码"] for r in data_rows(out, "commitments") if r["承诺人类别"] == "自然人"
    ]
    numbers = [n for n in numbers if n]
    assert numbers
    assert all(is_valid_id_number(n) for n in numbers)


def test_takedowns_point_at_generated_records(export) -> None:
    out, _ = export
    numbers = {r["行政许可决定文书号"] for r in data_rows(out, "licensing")}
    (sheet,) = (out / "licensing").glob("*.xlsx")
    header, *body = read_sheet(sheet)
    numbers |= {row[header.index("行政许可决定文书号")] for row in body}
    numbers |= {r["行政处罚决定书文号"] for r in data_rows(out, "penalties")}
    numbers |= {r["承诺编码"] for r in data_rows(out, "commitments")}
    listed = {
        (r["统一社会信用代码"], r["名单类型"])
        for kind in ("redlist", "blacklist", "watchlist")
        for r in data_rows(out, kind)
    }
    takedowns = data_rows(out, "takedowns")
    assert len(takedowns) >= 8
    for row in takedowns:
        assert row["处理类型"] in {"信用修复", "撤销", "更正", "移出"}
        if row["信息类别"] in {"守信激励", "严重失信", "重点关注"}:
            assert (row["统一社会信用代码"], row["名单类型"]) in listed
        else:
            assert row["信息类别"] in {"行政处罚", "行政许可", "信用承诺"}
            assert row["文书号"] in numbers


def test_no_date_after_the_export_day(export) -> None:
    out, _ = export
    end = END.isoformat()
    columns = {
        "licensing": "许可决定日期",
        "penalties": "处罚决定日期",
        "redlist": "列入日期",
        "blacklist": "移出日期",
        "commitments": "承诺作出日期",
        "cases": "发布日期",
        "warnings": "发布日期",
        "takedowns": "处理日期",
    }
    for kind, column in columns.items():
        days = [r[column] for r in data_rows(out, kind) if ISO.match(r[column])]
        assert days and max(days) <= end, kind
    reported = [r["报送日期"] for r in data_rows(out, "penalties") if r["报送日期"]]
    assert max(reported) <= end


def test_quirks_are_planted(export) -> None:
    out, _ = export
    rows = data_rows(out, "licensing")
    codes = [r["行政相对人代码_1(统一社会信用代码)"] for r in rows]
    assert any(re.search("[０-９Ａ-Ｚ]", c) for c in codes)
    assert any(re.search("[a-z]", c) for c in codes)
    assert any(c != c.strip() for c in codes)
    assert any(
        re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}|\d{4}年\d+月\d+日|\d{8}", r["许可决定日期"])
        for r in rows
    )
    assert len({tuple(r.values()) for r in rows}) < len(rows)  # exact duplicates
    assert any(
        c == USCC_PLACEHOLDER and r["行政相对人代码_2(工商注册号)"]
        for c, r in zip(codes, rows, strict=True)
    )
    facts = " ".join(r["违法事实"] for r in data_rows(out, "penalties"))
    assert re.search(r"1[3-9]\d{9}|0792-\d{7}|\d{17}[\dX]", facts)


def test_big_kinds_are_split_into_numbered_files(tmp_path: Path) -> None:
    counts = Export(tmp_path, 1500, 5, END, chunk_rows=400).run()
    files = sorted(p.name for p in (tmp_path / "licensing").glob("*.csv"))
    assert files == [f"licensing_{i:03d}.csv" for i in range(1, len(files) + 1)]
    assert len(files) >= 3
    assert all(len(read_csv(tmp_path / "licensing" / f)) - 1 <= 400 for f in files)
    rows = sum(len(read_csv(p)) - 1 for p in (tmp_path / "licensing").glob("*.csv"))
    sheets = sum(len(read_sheet(p)) - 1 for p in (tmp_path / "licensing").glob("*.xlsx"))
    assert rows + sheets == counts["licensing"]


def test_data_folder_is_the_export_of_3000_records_seed_7(tmp_path: Path) -> None:
    # The demo build and its tests read data/: a change to the draws must be a deliberate
    # regeneration of data/, never an accident. (The sheet's bytes are openpyxl's with lxml,
    # which feedgen brings.)
    write_demo_data(tmp_path, 3000, seed=7)
    assert file_bytes(tmp_path) == file_bytes(ROOT / "data")
