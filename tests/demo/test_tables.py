"""The demo's data files load whole, with the counts, types and cross-references the draws need."""

from __future__ import annotations

import string
from collections.abc import Iterable

from generator.core.codes import is_valid_uscc
from generator.demo.bulletins import load_case_tables, load_warnings
from generator.demo.commitments import load_commitment_tables
from generator.demo.departments import departments_by_name, load_departments
from generator.demo.headers import load_headers
from generator.demo.licensing import SHEET_DEPT, load_licence_items
from generator.demo.lists import load_list_tables
from generator.demo.names import load_names
from generator.demo.penalties import GB_DEPT, load_penalty_tables
from generator.demo.takedowns import load_takedown_tables

# The 处罚类别 parts penalty_row spells out itself; every other part needs a phrase.
SUMMED_PARTS = {"罚款", "没收违法所得", "行政拘留"}


def fields_of(templates: Iterable[str]) -> set[str]:
    """Return the names of the {placeholders} the templates use."""
    return {
        name.split(":")[0]
        for t in templates
        for _, name, _, _ in string.Formatter().parse(t)
        if name is not None
    }


def test_headers_in_export_order_with_shared_blocks() -> None:
    headers = load_headers()
    assert list(headers) == [
        "licensing", "penalties", "redlist", "blacklist", "watchlist",
        "commitments", "cases", "warnings", "takedowns",
    ]  # fmt: skip
    assert {k: len(v) for k, v in headers.items()} == {
        "licensing": 29, "penalties": 32, "redlist": 15, "blacklist": 15, "watchlist": 15,
        "commitments": 17, "cases": 9, "warnings": 5, "takedowns": 8,
    }  # fmt: skip
    assert headers["licensing"][:13] == headers["penalties"][:13]
    assert headers["licensing"][0] == "行政相对人名称"
    assert headers["licensing"][2] == "行政相对人代码_1(统一社会信用代码)"
    assert headers["redlist"] == headers["blacklist"] == headers["watchlist"]
    assert all(len(set(cols)) == len(cols) for cols in headers.values())


def test_departments_have_valid_codes_and_known_fields() -> None:
    depts = load_departments()
    assert len(depts) == 28
    assert len({d.name for d in depts}) == len({d.org8 for d in depts}) == 28
    areas = load_names().areas
    licences, acts = load_licence_items(), load_penalty_tables().acts
    for d in depts:
        assert is_valid_uscc(d.code) and d.code.startswith("11" + d.area)
        assert d.area in areas
        assert isinstance(d.lic_weight, float) and isinstance(d.late, float)
        if d.lic_weight or d.pen_weight:
            assert d.field in licences and d.field in acts
            assert fields_of([d.lic_fmt, d.pen_fmt]) == {"y", "n"}
        else:  # courts and customs only decide list entries
            assert d.field in {"court", "customs"} and not d.lic_fmt
    assert set(licences) == set(acts) == {d.field for d in depts if d.lic_weight}
    # the departments whose rows go to the XLSX sheet and to the GB18030 file
    assert SHEET_DEPT in departments_by_name() and GB_DEPT in departments_by_name()


def test_name_lists() -> None:
    names = load_names()
    assert list(names.areas) == list(names.area_weights)
    assert len(names.areas) == 15 and names.areas["360400"] == "九江市"
    assert all(isinstance(w, int) and w > 0 for w in names.area_weights.values())
    assert len(names.zihao) == len(set(names.zihao)) == 116
    assert (len(names.surnames), len(names.given_chars)) == (100, 115)
    assert not any(ch.isspace() for ch in names.surnames + names.given_chars + names.zihao)
    assert all(len(s) == 2 for s in names.compound_surnames)
    assert len(names.roads) == 24 and len(names.industries) == 40 and len(names.shops) == 24
    assert all(len(a) == 6 and a.isdigit() for a in names.person_areas)
    assert all(len(p) == 3 and p.isdigit() for p in names.mobile_prefixes)
    assert fields_of(names.social) == {"z", "h"}


def test_licence_items() -> None:
    items = [i for field in load_licence_items().values() for i in field]
    assert len(items) == 47
    for item in items:
        assert isinstance(item.years, int) and isinstance(item.person, bool)
        assert isinstance(item.weight, int) and item.weight > 0
        assert item.contents and isinstance(item.contents, tuple)
        assert item.category in {"普通", "特许", "认可", "核准", "登记"}
    known = {"area", "s", "y", "yy", "ymd", "code", "k", "c", "r", "pv"}
    assert fields_of(i.number for i in items) <= known


def test_penalty_tables() -> None:
    tables = load_penalty_tables()
    items = [i for field in tables.acts.values() for i in field]
    assert len(items) == 57
    assert list(tables.fines) == ["tiny", "small", "mid", "big"]
    assert all(isinstance(y, int) for pool in tables.fines.values() for y in pool)
    for item in items:
        assert item.fines in tables.fines
        assert 0 <= item.person_share <= 1 and 0 <= item.severe_share <= 1
        assert isinstance(item.person_share, float) and isinstance(item.severe_share, float)
        for kinds in item.kinds:
            parts = set(kinds.replace("、", ";").split(";"))
            assert parts <= SUMMED_PARTS | set(tables.phrases), kinds
    assert fields_of(f for i in items for f in i.facts) == {"d", "a", "n"}


def test_list_tables() -> None:
    tables = load_list_tables()
    assert dict(tables.categories) == {
        "redlist": "守信激励",
        "blacklist": "严重失信",
        "watchlist": "重点关注",
    }
    assert {k: len(v) for k, v in tables.types.items()} == {
        "redlist": 4,
        "blacklist": 6,
        "watchlist": 3,
    }
    by_name = departments_by_name()
    for spec in (s for specs in tables.types.values() for s in specs):
        assert all(d in by_name for d in spec.deciders)
        assert isinstance(spec.years, int) and isinstance(spec.removed_share, float)
        assert fields_of(spec.reasons) <= {"y"}


def test_commitment_case_and_warning_texts() -> None:
    commitments = load_commitment_tables()
    assert len(commitments.types) == 7 and len(commitments.breach_terms) == 2
    assert commitments.unmet and commitments.pursued
    cases = load_case_tables()
    assert len(cases.templates) == 6 and "{dept}" in cases.sources
    by_name = departments_by_name()
    for case in cases.templates:
        assert all(d in by_name for d in case.depts)
        assert fields_of([case.title, *case.paragraphs]) <= {"name", "dept", "date", "n", "y"}
    warnings = load_warnings()
    assert len(warnings) == 12
    assert all(w.dept in by_name for w in warnings)
    assert fields_of(p for w in warnings for p in w.paragraphs) == {"date"}


def test_takedown_tables_cover_every_category() -> None:
    tables = load_takedown_tables()
    categories = {"行政处罚", "行政许可", "信用承诺", *load_list_tables().categories.values()}
    assert set(tables.mix) == set(tables.actions) == categories
    assert all(isinstance(w, int) for w in tables.mix.values())
    actions = {a for pairs in tables.actions.values() for a, _ in pairs}
    assert actions == {"信用修复", "撤销", "更正", "移出"}
