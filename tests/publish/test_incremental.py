"""Rebuilds after a data push: only changed files are rewritten, and the purge list names them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import COMPANY, DEPT, person_penalty, row, write_rows
from test_build import LEAKY_FACTS, make_city

from generator.cli import main
from generator.core.config import load_config
from generator.core.urls import file_url
from generator.publish.csp import site_inline_sources
from generator.publish.handover import PURGE
from generator.publish.nginx import render_nginx_conf
from generator.publish.state import STATE, load_sections
from generator.publish.theme_scripts import portal_theme
from generator.site.emitters.editorial import theme_dirs

SITE = "https://credit.example.gov.cn"
A = "九市监罚〔2025〕12号"
B = "九市监罚〔2025〕13号"
C = "九市监罚〔2025〕14号"


def penalty(doc_no: str, **changes: str) -> dict[str, str]:
    return row("penalties", 行政处罚决定书文号=doc_no, **changes)


class City:
    """A city folder: its export, config, site and work folders, built with the real CLI."""

    def __init__(self, root: Path, policy: str = "") -> None:
        self.root = root
        self.config = make_city(root, policy)

    def export(self, penalties: list[dict[str, str]], takedowns: list[dict[str, str]] = ()) -> None:  # type: ignore[assignment]
        write_rows(self.root / "data" / "penalties" / "p.csv", penalties)
        target = self.root / "data" / "takedowns" / "t.csv"
        if takedowns:
            write_rows(target, takedowns)
        elif target.exists():
            target.unlink()

    def build(self, day: str, out: str = "site", work: str = "build") -> int:
        return main(
            [
                "--config", str(self.config), "build",
                "--data", str(self.root / "data"),
                "--out", str(self.root / out),
                "--work", str(self.root / work),
                "--today", day,
            ]
        )  # fmt: skip

    def purge(self, work: str = "build") -> list[str]:
        return (self.root / work / PURGE).read_text(encoding="utf-8").splitlines()

    def tree(self, out: str = "site") -> dict[str, bytes]:
        site = self.root / out
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    def inodes(self) -> dict[str, int]:
        site = self.root / "site"
        return {
            p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()
        }

    def page_of(self, doc_no: str) -> str:
        """Return the path of the detail page showing a 文书号 (there must be one)."""
        site = self.root / "site"
        (found,) = [
            p.relative_to(site).as_posix()
            for p in (site / "penalties").glob("*/index.html")
            if doc_no in p.read_text(encoding="utf-8")
        ]
        return found


def absolute(path: str) -> str:
    return SITE + file_url(path)


@pytest.fixture
def city(tmp_path: Path) -> City:
    city = City(tmp_path)
    city.export([penalty(A), penalty(B)])
    assert city.build("2025-06-01") == 0
    return city


def test_the_first_build_purges_everything_and_an_unchanged_one_nothing(city: City) -> None:
    assert len(city.purge()) == len(city.tree())
    inodes = city.inodes()
    assert city.build("2025-06-01") == 0
    assert city.purge() == []
    assert city.inodes() == inodes  # not one file rewritten


def test_an_added_record_purges_its_page_and_the_pages_that_list_it(city: City) -> None:
    a_page, inodes = city.page_of(A), city.inodes()
    city.export([penalty(A), penalty(B), penalty(C)])
    assert city.build("2025-06-01") == 0
    purge = set(city.purge())
    c_page = city.page_of(C)
    assert absolute(c_page) in purge and c_page not in inodes
    for url in ("/penalties/", f"/entity/{COMPANY['code']}/", f"/dept/{DEPT['code']}/"):
        assert SITE + url in purge
    assert SITE + "/feeds/penalties/atom.xml" in purge and SITE + "/sitemap.xml" in purge
    assert any(u.startswith(SITE + "/search/") for u in purge)
    assert absolute(a_page) not in purge
    assert city.inodes()[a_page] == inodes[a_page]  # A untouched, modification time kept
    rewritten = {p for p, inode in city.inodes().items() if inodes.get(p) != inode}
    assert {absolute(p) for p in rewritten} == purge  # exactly the files written


def test_a_changed_record_purges_its_page(city: City) -> None:
    b_page = city.page_of(B)
    city.export(
        [penalty(A), penalty(B, **{"处罚内容": "罚款人民币三万元", "罚款金额（万元）": "3"})]
    )
    assert city.build("2025-06-01") == 0
    assert absolute(b_page) in city.purge()
    assert "三万元" in (city.root / "site" / b_page).read_text(encoding="utf-8")
    assert absolute(city.page_of(A)) not in city.purge()


def test_a_taken_down_record_is_removed_and_purged(city: City) -> None:
    a_page = city.page_of(A)
    takedown = row("takedowns", 文书号=A, 处理日期="2025-05-30")
    city.export([penalty(A), penalty(B)], [takedown])
    assert city.build("2025-06-01") == 0
    assert not (city.root / "site" / a_page).exists()
    purge = city.purge()
    assert absolute(a_page) in purge and SITE + "/penalties/" in purge
    assert A not in (city.root / "site" / "opendata" / "penalties.csv").read_text(
        encoding="utf-8-sig"
    )


def test_an_expired_record_is_removed_and_purged_without_a_push(tmp_path: Path) -> None:
    city = City(tmp_path)
    city.export([penalty(A, 处罚决定日期="2024-06-10"), penalty(B, 处罚决定日期="2025-05-01")])
    assert city.build("2025-06-01") == 0
    a_page = city.page_of(A)
    assert city.build("2025-06-11") == 0  # the nightly build: a year and a day later
    assert not (city.root / "site" / a_page).exists()
    assert absolute(a_page) in city.purge()


def test_an_incremental_build_equals_a_build_from_scratch(city: City) -> None:
    takedown = row("takedowns", 文书号=A, 处理日期="2025-05-30")
    city.export([penalty(A), penalty(B, 处罚内容="罚款人民币三万元"), penalty(C)], [takedown])
    assert city.build("2025-06-02") == 0
    assert city.build("2025-06-02", out="fresh", work="fresh-build") == 0
    assert city.tree() == city.tree("fresh")
    state = json.loads((city.root / "build" / STATE).read_text(encoding="utf-8"))
    assert sorted(state["writer"]["files"]) == sorted(city.tree())


def test_a_failing_build_leaves_site_state_and_purge_list_untouched(tmp_path: Path) -> None:
    city = City(tmp_path, "scrub: {id_numbers: false, mobile_numbers: false}\n")
    city.export([penalty(A)])
    assert city.build("2025-06-01") == 0
    city.export([penalty(A), penalty(C)])
    assert city.build("2025-06-01") == 0
    saved = {name: (city.root / "build" / name).read_bytes() for name in (str(STATE), str(PURGE))}
    site = city.tree()
    city.export([penalty(A, 违法事实=LEAKY_FACTS), penalty(C)])
    assert city.build("2025-06-01") == 1  # the privacy gate refuses
    assert city.tree() == site
    assert {name: (city.root / "build" / name).read_bytes() for name in saved} == saved


def state_of(city: City) -> dict[str, Any]:
    return json.loads((city.root / "build" / STATE).read_text(encoding="utf-8"))


def push_and_compare(city: City, pushes: list[list[dict[str, str]]]) -> None:
    """Push each export in turn; each incremental tree must equal a build from scratch."""
    for number, rows in enumerate(pushes):
        city.export(rows)
        assert city.build("2025-06-01") == 0
        fresh = f"fresh{number}"
        assert city.build("2025-06-01", out=fresh, work=f"{fresh}-build") == 0
        assert city.tree() == city.tree(fresh), f"push {number}"
        state = state_of(city)
        assert sorted(state["writer"]["files"]) == sorted(city.tree())  # type: ignore[arg-type]


def test_record_pages_with_unchanged_inputs_are_kept_not_made(city: City) -> None:
    a_page, b_page = city.page_of(A), city.page_of(B)
    keys = state_of(city)["writer"]["keys"]
    assert isinstance(keys, dict) and a_page in keys and b_page in keys
    city.export([penalty(A), penalty(B, 处罚内容="罚款人民币三万元")])
    assert city.build("2025-06-01") == 0
    new_keys = state_of(city)["writer"]["keys"]
    assert isinstance(new_keys, dict)
    assert new_keys[a_page] == keys[a_page] and new_keys[b_page] != keys[b_page]
    assert absolute(a_page) not in city.purge() and absolute(b_page) in city.purge()


def test_many_incremental_builds_equal_a_build_from_scratch(city: City) -> None:
    """Each build updates the spare tree, two builds behind, in place: it must still be exact."""
    pushes = [
        [penalty(A), penalty(B, 处罚内容="罚款人民币三万元")],
        [penalty(A), penalty(B), penalty(C)],
        [penalty(A, 处罚内容="警告并罚款"), penalty(C)],
        [penalty(A), penalty(B)],  # back to the first build's export
    ]
    push_and_compare(city, pushes)


def test_a_kept_page_holding_a_value_that_became_secret_stops_the_build(city: City) -> None:
    passport = "E98765432"
    city.export([penalty(A, 违法事实=f"涉案护照 {passport} 已扣押。"), penalty(B)])
    assert city.build("2025-06-01") == 0
    a_page, site = city.page_of(A), city.tree()
    # A person's penalty now names that passport as their document: it may never be shown,
    # and A's page, whose own inputs did not change, holds it.
    city.export(
        [
            penalty(A, 违法事实=f"涉案护照 {passport} 已扣押。"),
            penalty(B),
            person_penalty("张三", passport, "护照", 行政处罚决定书文号=C),
        ]
    )
    assert city.build("2025-06-01") == 1
    assert city.tree() == site and passport in site[a_page].decode()


def test_state_is_not_used_for_a_tree_it_does_not_describe(city: City) -> None:
    """A build that stopped between the switch and writing the state leaves the link elsewhere."""
    link = city.root / "site"
    assert load_sections(city.root / "build", link) != {}
    other = ".site.b" if link.resolve().name == ".site.a" else ".site.a"
    shutil.copytree(link.resolve(), city.root / other)
    link.unlink()
    link.symlink_to(other)
    assert load_sections(city.root / "build", link) == {}
    assert city.build("2025-06-01") == 0  # compares bytes instead, and is right
    assert load_sections(city.root / "build", link) != {}


def test_a_nightly_build_keeps_record_pages_and_equals_a_build_from_scratch(city: City) -> None:
    """The build day is not part of a kept page's key: no kept page may print it."""
    keys = state_of(city)["writer"]["keys"]
    assert city.build("2025-06-02") == 0
    assert state_of(city)["writer"]["keys"] == keys
    assert city.build("2025-06-02", out="fresh", work="fresh-build") == 0
    assert city.tree() == city.tree("fresh")


def test_the_csp_of_an_incremental_build_equals_one_read_from_every_page(city: City) -> None:
    """Only pages written anew are read for inline scripts; the others are remembered."""
    city.export([penalty(A), penalty(B, 处罚内容="罚款人民币三万元"), penalty(C)])
    assert city.build("2025-06-02") == 0
    site = city.root / "site"
    conf = (city.root / "build" / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    theme = portal_theme(theme_dirs(load_config(city.config)))  # the city's own (mkdocs') theme
    sources = site_inline_sources(site, theme)
    assert sources.script_hashes and not sources.foreign  # its pages carry its inline scripts
    assert conf == render_nginx_conf(Path(os.path.abspath(site)), 80, (), sources)


def test_kept_section_and_embed_pages_follow_their_records(tmp_path: Path) -> None:
    """A department with three pages: changes on page 2 and 3, and a new record shifting all."""
    city = City(tmp_path)
    numbers = [f"九市监罚〔2025〕{n}号" for n in range(100, 145)]
    days = {n: f"2025-05-{1 + i % 28:02d}" for i, n in enumerate(numbers)}
    rows = [penalty(n, 处罚决定日期=days[n]) for n in numbers]
    city.export(rows)
    assert city.build("2025-06-01") == 0
    pushes = [
        # Same count and days, another number on one row: only the rows shown differ.
        [*rows[:-1], penalty("九市监罚〔2025〕199号", 处罚决定日期=days[numbers[-1]])],
        [*rows[:-1], penalty(numbers[-1], 处罚决定日期=days[numbers[-1]], 处罚内容="改为警告")],
        [*rows[1:]],  # one record taken away: every later page shifts
        [*rows, penalty("九市监罚〔2025〕200号", 处罚决定日期="2025-05-31")],
    ]
    push_and_compare(city, pushes)
    keys = state_of(city)["writer"]["keys"]
    assert isinstance(keys, dict)
    code = DEPT["code"]
    assert f"dept/{code}/page/2/index.html" in keys and f"embed/{code}/page/3/index.html" in keys


def test_the_compact_purge_says_the_same_in_whole_folders_and_the_rest(city: City) -> None:
    """purge.txt names every URL; purge-dirs.txt and purge-files.txt cover the same ones."""
    city.export([penalty(A), penalty(B, 处罚内容="罚款人民币三万元"), penalty(C)])
    assert city.build("2025-06-01") == 0
    deploy = city.root / "build" / "deploy"
    every = set(city.purge())
    folders = (deploy / "purge-dirs.txt").read_text(encoding="utf-8").split()
    files = (deploy / "purge-files.txt").read_text(encoding="utf-8").split()
    assert all(folder.endswith("/") for folder in folders)
    covered = {url for url in every if any(url.startswith(folder) for folder in folders)}
    assert set(files) == every - covered and covered  # some folder (search shards) changed whole
    assert len(folders) + len(files) < len(every)
