"""The site index: one view of the published records that every page derives from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import COMPANY, DEPT, PERSON_ID, person_penalty, published_records, row

from generator.core.codes import USCC_PLACEHOLDER
from generator.core.kinds import SITE_KINDS
from generator.site.index import entity_code, index_site
from generator.site.plan import plan_pages

DAY = date(2025, 6, 1)
OTHER = {"name": "九江市浔阳区兴旺五金店", "code": "92360403MA35F0Q15W"}


def test_people_and_placeholder_codes_have_no_entity(tmp_path: Path) -> None:
    published = published_records(
        tmp_path,
        {
            "penalties": [
                row("penalties"),
                person_penalty("张三", 行政处罚决定书文号="九市监罚〔2025〕40号"),
            ]
        },
    )
    site = index_site(published, (), date(2025, 6, 1))
    assert list(site.entities) == [COMPANY["code"]]
    person = next(r for r in site.kinds["penalties"] if r.party.type == "自然人")
    assert entity_code(person) == "" and PERSON_ID not in str(site.entities)


def test_listings_are_newest_first_and_departments_count_both_kinds(tmp_path: Path) -> None:
    published = published_records(
        tmp_path,
        {
            "penalties": [
                row("penalties", 处罚决定日期="2025-01-02"),
                row(
                    "penalties",
                    行政处罚决定书文号="九市监罚〔2025〕50号",
                    处罚决定日期="2025-05-02",
                ),
            ],
            "licensing": [row("licensing")],
        },
    )
    site = index_site(published, (), date(2025, 6, 1))
    dates = [r.decided_on for r in site.kinds["penalties"]]
    assert dates == sorted(dates, reverse=True)
    (dept,) = site.departments.values()
    assert (dept.licences, dept.penalties, len(dept.records)) == (1, 2, 3)
    jobs = list(plan_pages(site))
    assert ("record", "penalties", 0) in jobs and ("record", "penalties", 1) in jobs
    assert ("dept", dept.code, 1) in jobs and ("embed", dept.code, 1) in jobs
    assert ("listing", "penalties", "year", "2025", 1) in jobs


def test_takedowns_are_never_part_of_the_site(tmp_path: Path) -> None:
    published = published_records(
        tmp_path, {"penalties": [row("penalties")], "takedowns": [row("takedowns")]}
    )
    site = index_site(published, (), DAY)
    assert set(site.kinds) <= set(SITE_KINDS) and "takedowns" not in site.kinds


def test_filters_file_a_penalty_under_each_of_its_categories(tmp_path: Path) -> None:
    published = published_records(
        tmp_path,
        {
            "penalties": [
                row("penalties", 处罚类别="罚款；没收违法所得"),
                row(
                    "penalties",
                    行政处罚决定书文号="九市监罚〔2025〕60号",
                    处罚决定日期="2024-12-01",
                ),
            ]
        },
    )
    facets = index_site(published, (), DAY).facets["penalties"]
    categories = {f.value: len(f.records) for f in facets["category"]}
    assert categories == {"罚款": 2, "没收违法所得": 1}
    assert [f.value for f in facets["year"]] == ["2025", "2024"]  # newest year first
    ((dept),) = facets["dept"]
    assert (dept.value, dept.label, len(dept.records)) == (DEPT["code"], DEPT["name"], 2)


def test_an_entity_named_only_in_a_case_has_no_profile(tmp_path: Path) -> None:
    published = published_records(
        tmp_path,
        {
            "licensing": [row("licensing")],
            "cases": [row("cases", 主体名称=OTHER["name"], 统一社会信用代码=OTHER["code"])],
        },
    )
    assert len(published["cases"]) == 1  # the case itself is valid and published
    site = index_site(published, (), DAY)
    assert list(site.entities) == [COMPANY["code"]]
    entity = site.entities[COMPANY["code"]]
    assert (entity.name, entity.type) == (COMPANY["name"], "法人及非法人组织")
    assert set(entity.records) == {"licensing"}


def test_a_placeholder_code_names_no_entity(tmp_path: Path) -> None:
    published = published_records(
        tmp_path,
        {
            "penalties": [
                row(
                    "penalties",
                    行政相对人名称="九江市某某小吃店",
                    行政相对人类别="个体工商户",
                    **{"行政相对人代码_1(统一社会信用代码)": USCC_PLACEHOLDER},
                    **{"行政相对人代码_2(工商注册号)": "360403600123456"},
                )
            ]
        },
    )
    (penalty,) = published["penalties"]
    assert penalty.party.uscc == USCC_PLACEHOLDER and entity_code(penalty) == ""
    assert index_site(published, (), DAY).entities == {}
