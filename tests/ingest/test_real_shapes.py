"""Exports in the shapes departments and platforms really send: every row read into the right field.

The fixtures and their expectations are tests/fixtures/real (README.md, expected.json): 2021 法人
and 自然人 templates, a 2016-generation file with 表格说明 rows and codes, an .xls beside its
.xlsx, platform field codes in camelCase and snake_case, and the national site's list files.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from real_city import DATA, FILES, rows, same, value_at

from generator.core.records import Licence, ListEntry, Penalty
from generator.decide.privacy import secret_values
from generator.ingest import ingest
from generator.ingest.layout import INSTRUCTION, TITLE
from generator.ingest.results import Ingested

SALT = b"real-shapes"
SKIPPED_AS = {"title": TITLE, "instruction": INSTRUCTION}
# Decided later, not by ingest: the directory gives a 2016 row's department code, policy the
# publicity end and whether a row dated after the build day stands.
DECIDED_FIELDS = {"dept_code", "publicity_end"}


@pytest.fixture(scope="module")
def read() -> Ingested:
    return ingest(DATA, SALT)


def accepted(read: Ingested, kind: str) -> list[Any]:
    result = read.kinds[kind]
    return [*result.records, *(r for group in result.conflicts for r in group)]


def found(read: Ingested, kind: str, file: str, row: int) -> Any:
    candidates = [*accepted(read, kind), *(r.record for r in read.kinds[kind].rejections)]
    return next((r for r in candidates if (r.source.file, r.source.row) == (file, row)), None)


@pytest.mark.parametrize("file", sorted(FILES))
def test_each_file_is_read_from_its_header_row_with_every_column_known(
    read: Ingested, file: str
) -> None:
    spec = FILES[file]
    (table,) = [t for t in read.tables if t.file.split("#")[0] == file]
    assert table.header_row == spec["header_row"]
    assert table.unknown == ()
    assert not [p for p in read.problems if p.file == file and p.row == spec["header_row"]]
    if "generation" in spec:
        assert table.generation == spec["generation"]
    assert read.kinds[spec["kind"]].read_by_file[table.file] == spec["rows_read"]


@pytest.mark.parametrize("file", sorted(FILES))
def test_title_and_instruction_rows_are_skipped_and_counted_never_rejected(
    read: Ingested, file: str
) -> None:
    skipped_rows = FILES[file].get("skipped_rows", {})
    expected = Counter(SKIPPED_AS[what.split()[0]] for what in skipped_rows.values())
    (table,) = [t for t in read.tables if t.file.split("#")[0] == file]
    assert Counter(read.skipped.get(table.file, {})) == expected
    skipped = {int(n) for n in skipped_rows}
    assert not [p for p in read.problems if p.file == table.file and p.row in skipped]


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    [r for r in rows() if r[2]["outcome"] not in ("duplicate", "rejected")],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_each_row_lands_its_values_in_the_right_fields(
    read: Ingested, file: str, row: int, expectation: dict[str, Any]
) -> None:
    kind = FILES[file]["kind"]
    record = found(read, kind, file, row)
    assert record is not None, (file, row)
    assert not [p for p in read.problems if (p.file, p.row) == (file, row)]
    for name, value in expectation.get("fields", {}).items():
        if name not in DECIDED_FIELDS:
            assert same(value, value_at(record, name)), (name, value, value_at(record, name))
    if "party_type" in expectation and isinstance(record, Licence | Penalty | ListEntry):
        party_type = record.subject_type if isinstance(record, ListEntry) else record.party.type
        assert party_type == expectation["party_type"]


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    [r for r in rows() if r[2]["outcome"] not in ("duplicate", "rejected")],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_an_inferred_type_says_how_it_was_inferred(
    read: Ingested, file: str, row: int, expectation: dict[str, Any]
) -> None:
    record = found(read, FILES[file]["kind"], file, row)
    if isinstance(record, Licence | Penalty):
        (table,) = [t for t in read.tables if t.file == record.source.file]
        assert bool(record.party.type_from) == ("party_type" not in table.fields)
    elif isinstance(record, ListEntry):
        assert record.subject_type_from  # no national list shape has a 主体类别 column


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    [r for r in rows() if r[2]["secrets"] and r[2]["outcome"] not in ("duplicate", "rejected")],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_every_secret_of_a_row_is_a_secret_value_or_sits_in_free_text_to_scrub(
    read: Ingested, file: str, row: int, expectation: dict[str, Any]
) -> None:
    record = found(read, FILES[file]["kind"], file, row)
    secrets = secret_values([record])
    free_text = " ".join(str(getattr(record, a, "")) for a in ("facts", "content", "remark"))
    for value in expectation["secrets"]:
        assert value in secrets or value in free_text, value


@pytest.mark.parametrize(
    ("file", "row", "expectation"),
    [r for r in rows("rejected") if "晚于构建日" not in r[2]["reject"]["reason"]],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else None,
)
def test_a_faulty_row_is_rejected_naming_its_column_as_the_file_heads_it(
    read: Ingested, file: str, row: int, expectation: dict[str, Any]
) -> None:
    if FILES[file]["kind"] == "takedowns":
        pytest.skip("a takedown that reaches nothing is rejected by policy")
    problems = [p for p in read.problems if (p.file, p.row) == (file, row)]
    wanted = expectation["reject"]
    assert any(
        p.field == wanted["field"] and p.reason.startswith(wanted["reason"]) for p in problems
    ), problems


def test_a_file_repeated_as_xls_and_xlsx_is_read_once_per_row(read: Ingested) -> None:
    penalties = read.kinds["penalties"]
    xlsx = "penalties/penalties_export_ZHXYXT0000_XYGJJH1-0102_2026112309.xlsx"
    assert penalties.duplicates_by_file == {xlsx: 4}
    assert not [r for r in penalties.records if r.source.file == xlsx]
    assert not [p for p in read.problems if p.file.startswith(xlsx[:-1])]


def test_2016_code_columns_go_by_their_label_and_an_id_number_is_never_an_institution_code(
    read: Ingested,
) -> None:
    file = "penalties/penalties_2016.xlsx"
    for record in (r for r in read.kinds["penalties"].records if r.source.file == file):
        assert record.party.inst_no == ""
    sole = found(read, "penalties", file, 4)
    assert (sole.party.type, sole.party.id_no) == ("个体工商户", "360421197104251371")
    company = found(read, "penalties", file, 3)
    assert (company.party.org_code, company.party.reg_no) == ("70550867-2", "360400100012466")


def test_a_licence_numbered_by_its_holders_id_keeps_the_number_hidden(read: Ingested) -> None:
    record = found(read, "licensing", "licensing/licensing_2021_ziranren.xlsx", 4)
    assert record.licence_no == "" and record.party.id_no == "36042119820516321X"
    assert "36042119820516321X" in record.party.hidden_ids


def test_coded_values_of_the_2016_codebook_are_words(read: Ingested) -> None:
    file = "penalties/penalties_2016.xlsx"
    states = {
        r.source.row: r.state for r in read.kinds["penalties"].records if r.source.file == file
    }
    assert states == {
        3: "正常",
        4: "正常",
        5: "异议",
        6: "撤销",
        7: "撤销",
        8: "正常",
        9: "正常",
        10: "正常",
    }
    warning_only = found(read, "penalties", file, 9)
    assert warning_only.categories == ("警告",)


def test_a_list_shape_is_published_with_what_it_carries_and_names_what_it_lacks(
    read: Ingested,
) -> None:
    entry = found(read, "redlist", "redlist/redlist_a_taxpayer.csv", 2)
    assert (entry.list_type, entry.uscc, entry.listed_on) == ("A级纳税人", "", None)
    assert {"uscc", "listed_on"} <= set(entry.missing)
    assert entry.dept == "国家税务总局九江市税务局"  # 数据来源 stands for the missing 认定部门
    assert "评价年度：2025" in entry.remark
    old = found(read, "watchlist", "watchlist/watchlist_abnormal_operation.csv", 4)
    assert (old.uscc, old.reg_no) == ("", "360421210003210")
    person = found(read, "blacklist", "blacklist/blacklist_dishonest_executee.csv", 4)
    assert person.subject_type == "自然人" and "法律生效文书确定的义务" in person.remark


def test_platform_field_codes_are_header_names(read: Ingested) -> None:
    camel = found(read, "penalties", "penalties/penalties_platform_camel.csv", 4)
    assert camel.publicity_end == date(2026, 10, 31)  # cfQx: the explicit end of publicity
    legacy = found(read, "penalties", "penalties/penalties_platform_camel.csv", 5)
    assert legacy.dept == "九江市安全生产监督管理局" and legacy.dept_code == ""
    snake = found(read, "penalties", "penalties/penalties_platform_snake.csv", 2)
    assert (snake.severity, snake.dept) == ("严重", "九江市生态环境局")
    assert snake.content.startswith("罚款")  # cf_jg is 处罚内容, cf_cfjg the deciding body
