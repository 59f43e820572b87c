"""A list entry without a code joins an entity profile only when exactly one has its exact name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import COMPANY, row, write_rows

from generator.decide import decide
from generator.decide.rules import load_rules
from generator.ingest import ingest
from generator.site.index import index_site

DAY = date(2026, 11, 23)
OTHER = "91360421705531821Y"  # another company, named alike below


def a_taxpayer(name: str) -> dict[str, str]:
    return {"数据类别": "A级纳税人", "纳税人名称": name, "数据来源": "国家税务总局九江市税务局"}


def site_of(tmp_path: Path, licences: list[dict[str, str]], names: list[str]):  # type: ignore[no-untyped-def]
    write_rows(tmp_path / "licensing" / "l.csv", licences)
    write_rows(tmp_path / "redlist" / "a.csv", [a_taxpayer(n) for n in names])
    decision = decide(ingest(tmp_path, b"s"), load_rules(), DAY)
    return index_site(decision.published, (), DAY)


def test_one_entity_of_that_exact_name_gets_the_entry(tmp_path: Path) -> None:
    site = site_of(tmp_path, [row("licensing")], [COMPANY["name"], COMPANY["name"] + "分公司"])
    linked, near = sorted(site.kinds["redlist"], key=lambda e: len(e.name))
    assert site.entity_of(linked) == COMPANY["code"] and site.entity_of(near) == ""
    assert site.entities[COMPANY["code"]].records["redlist"] == (linked,)


def test_two_entities_of_one_name_get_neither(tmp_path: Path) -> None:
    twin = row(
        "licensing",
        行政许可决定文书号="九市监许〔2025〕9号",
        **{"行政相对人代码_1(统一社会信用代码)": OTHER},
    )
    site = site_of(tmp_path, [row("licensing"), twin], [COMPANY["name"]])
    (entry,) = site.kinds["redlist"]
    assert site.entity_of(entry) == "" and site.links == {}
    assert all("redlist" not in e.records for e in site.entities.values())


def test_a_person_of_a_published_name_is_never_linked(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "blacklist" / "b.csv",
        [
            {
                "数据类别": "失信被执行人",
                "失信被执行人名称": "李建华",
                "执行法院": "九江市中级人民法院",
            }
        ],
    )
    person_licence = row(
        "licensing",
        行政相对人名称="李建华",
        行政相对人类别="个体工商户",
        **{"行政相对人代码_1(统一社会信用代码)": "92360403MA37JC2U3P"},
    )
    site = site_of(tmp_path, [person_licence], [])
    (entry,) = site.kinds["blacklist"]
    assert (entry.name, site.entity_of(entry)) == ("李**", "")
