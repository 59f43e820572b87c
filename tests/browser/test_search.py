"""The record search in a real browser against the served demo site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

from generator.site.emitters.search import normalize

if TYPE_CHECKING:
    from playwright.sync_api import Page


def search(page: Page, server: str, query: str) -> tuple[str, str, list[str]]:
    """Search for `query`; return the status line, the results' text and the shards fetched."""
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(f"{server}/search/?q={quote(query)}")
    page.wait_for_function(
        "() => !document.getElementById('search-status').textContent.startsWith('正在')"
    )
    shards = [u.split("/search/", 1)[1] for u in fetched if "/search/" in u and u.endswith(".json")]
    return page.inner_text("#search-status"), page.inner_text("#search-results"), shards


@pytest.fixture(scope="module")
def entities(built_site: Path) -> list[list[Any]]:
    """Every indexed entity: [name, code, type, counts], from the index's display chunks."""
    rows: list[list[Any]] = []
    for chunk in sorted((built_site / "search" / "ent").glob("*.json")):
        rows += json.loads(chunk.read_text(encoding="utf-8"))
    return rows


def _distinctive_part(name: str, all_names: list[str]) -> str:
    """Return four characters of a name that no more than a few other names share."""
    text = normalize(name)
    for start in range(len(text) - 4, -1, -1):
        part = text[start : start + 4]
        if "有限" not in part and "公司" not in part and sum(part in n for n in all_names) <= 3:
            return part
    return text


def test_a_partial_name_finds_the_entity_first(
    page: Page, server: str, entities: list[list[Any]]
) -> None:
    names = [normalize(e[0]) for e in entities]
    name, code = entities[len(entities) // 2][:2]
    part = _distinctive_part(name, names)
    status, results, _ = search(page, server, part)
    assert "找到" in status, status
    first = page.locator(".portal-result h3 a").first
    assert part in normalize(first.inner_text())
    assert name in results and code in results
    assert first.get_attribute("href", timeout=1000) is not None


@pytest.mark.parametrize(
    "transform", [str, str.lower, lambda c: c.translate({i: i + 0xFEE0 for i in range(0x21, 0x7F)})]
)
def test_a_full_code_finds_its_entity_however_it_is_typed(
    page: Page, server: str, entities: list[list[Any]], transform: Any
) -> None:
    name, code = entities[0][:2]
    status, _, _ = search(page, server, transform(code))
    assert status.startswith("找到 1 条结果"), status
    link = page.locator(".portal-result h3 a")
    assert link.inner_text() == name and link.get_attribute("href") == f"/entity/{code}/"
    link.click()
    page.wait_for_url(f"{server}/entity/{code}/")
    assert page.locator("h1").inner_text() == name


def test_a_document_number_finds_its_record(page: Page, server: str, built_site: Path) -> None:
    document = json.loads((built_site / "opendata" / "penalties.json").read_text("utf-8"))
    record = document["records"][0]
    doc_no = record["行政处罚决定书文号"]
    status, results, _ = search(page, server, doc_no)
    assert "找到" in status and doc_no in results
    page.locator(".portal-results a", has_text=doc_no).first.click()
    page.wait_for_load_state()
    assert doc_no in page.locator("h1").inner_text()


def test_a_nonsense_query_says_nothing_was_found(page: Page, server: str) -> None:
    status, results, _ = search(page, server, "绝无此名称之企业ZZQX")
    assert status.startswith("没有找到") and results == ""


def test_common_words_download_no_postings(page: Page, server: str) -> None:
    status, _, shards = search(page, server, "有限公司")
    assert "过于常见" in status
    # no postings at all; only the small meta file (and the articles' index, for 文章与指南)
    assert [s for s in shards if s.startswith(("name/", "ent/"))] == []
    assert "meta.json" in shards


@pytest.mark.parametrize("query", ["恒", "%%%", "《》"])
def test_too_short_or_unreadable_queries_get_a_clear_message(
    page: Page, server: str, query: str
) -> None:
    status, results, _ = search(page, server, query)
    assert ("至少输入两个字" in status or "无法识别" in status) and results == ""


def test_results_are_text_and_the_query_stays_in_the_url(page: Page, server: str) -> None:
    search(page, server, '<img src=x onerror="window.hacked=1">')
    assert page.evaluate("() => window.hacked === undefined")
    assert page.locator("#search-results img").count() == 0
    assert page.input_value("#search-q") == '<img src=x onerror="window.hacked=1">'


def test_the_header_search_box_leads_to_the_search_page(page: Page, server: str) -> None:
    page.goto(f"{server}/penalties/")
    page.fill("#portal-q", "有限公司")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/search/?q=*")
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.includes('常见')"
    )
    page.go_back()
    assert page.url == f"{server}/penalties/"


def test_articles_and_guides_are_found_through_materials_own_index(page: Page, server: str) -> None:
    search(page, server, "信用修复")
    page.wait_for_selector("text=文章与指南")
    first = page.locator("h2:has-text('文章与指南') + ul a").first
    assert "信用修复" in first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert "信用修复" in page.locator("h1").first.inner_text()
