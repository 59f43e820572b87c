"""The search in a real browser against the served demo site: totals, paging, highlights, filters,
the help's examples and the full text of cases and articles.

Expected numbers are counted here from the build's open-data downloads (every published record),
not from the search index the page reads.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from generator.core.codes import USCC_PLACEHOLDER
from generator.site.emitters.search import normalize

if TYPE_CHECKING:
    from playwright.sync_api import Page

BROAD = "建材"  # the example: 19 profiles of the demo hold it
# Where each kind's download names its party: (name, type, code).
PARTY = {
    "licensing": ("行政相对人名称", "行政相对人类别", "统一社会信用代码"),
    "penalties": ("行政相对人名称", "行政相对人类别", "统一社会信用代码"),
    "redlist": ("主体名称", "主体类别", "统一社会信用代码"),
    "blacklist": ("主体名称", "主体类别", "统一社会信用代码"),
    "watchlist": ("主体名称", "主体类别", "统一社会信用代码"),
    "commitments": ("承诺人名称", "承诺人类别", "承诺人代码"),
}


def search(page: Page, server: str, query: str) -> tuple[str, str, list[str]]:
    """Search for `query`; return the status line, the results' text and the index files fetched."""
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(f"{server}/search/?q={quote(query)}")
    # search.js marks the moment its answer (results or a message) is on the page.
    page.wait_for_function("() => performance.getEntriesByName('portal-search-results').length")
    shards = [u.split("/search/", 1)[1] for u in fetched if "/search/" in u and u.endswith(".json")]
    return page.inner_text("#search-status"), page.inner_text("#search-results"), shards


@pytest.fixture(scope="module")
def parties(built_site: Path) -> dict[str, tuple[str, str]]:
    """Every organisation and 个体工商户 of the published records: code → (name, type).

    Read from the open-data downloads; an entity is named by its newest record, as its profile.
    """
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for kind, (name, type_, code) in PARTY.items():
        document = json.loads((built_site / "opendata" / f"{kind}.json").read_text("utf-8"))
        for record in document["records"]:
            if record.get(type_) == "自然人" or not record.get(code):
                continue
            if record[code] == USCC_PLACEHOLDER:
                continue
            day = next((v for k, v in record.items() if k.endswith("日期") and v), "")
            found[record[code]].append((day, record[name], record[type_]))
    return {code: max(rows)[1:] for code, rows in found.items()}


def holders(parties: dict[str, tuple[str, str]], term: str, type_: str = "") -> list[str]:
    """Return the names of the entities whose name holds `term` (of one type, if given), sorted."""
    text = normalize(term)
    return sorted(
        n for n, t in parties.values() if text in normalize(n) and (not type_ or t == type_)
    )


def wait_for_texts(page: Page) -> None:
    """Wait until the case, warning and article results are on the page (search.js marks it)."""
    page.wait_for_function("() => performance.getEntriesByName('portal-search-text').length")


def listed(page: Page) -> list[str]:
    return page.locator("#search-entities .portal-result h3 a").all_inner_texts()


def show_all(page: Page, section: str = "#search-entities") -> int:
    """Press 显示更多 until every result is listed; return how many presses it took."""
    presses = 0
    more = page.locator(f"{section} .portal-search-more").first
    while more.is_visible():
        before = page.locator(f"{section} .portal-result").count()
        more.click()
        page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel + ' .portal-result').length > n",
            arg=[section, before],
        )
        presses += 1
    return presses


def test_a_broad_term_reports_the_true_total_and_pages_to_the_last_result(
    page: Page, server: str, parties: dict[str, tuple[str, str]]
) -> None:
    expected = holders(parties, BROAD)
    assert len(expected) > 10, "the demo should need a second page"
    status, _, _ = search(page, server, BROAD)
    assert f"名称包含“{BROAD}”的信用主体 {len(expected)} 个" in status, status
    assert page.locator("#search-entities h2").inner_text() == f"信用主体（{len(expected)} 个）"
    assert len(listed(page)) == 10
    assert show_all(page) == 1
    names = listed(page)
    assert sorted(names) == expected
    assert page.locator("#search-entities").inner_text().count(f"已显示 {len(expected)} 个") == 1
    # The next page's first result has the keyboard focus, so reading goes on from there.
    assert page.evaluate("() => document.activeElement.textContent") == names[10]


def test_any_part_of_any_name_is_counted_exactly(
    page: Page, server: str, parties: dict[str, tuple[str, str]]
) -> None:
    """Parts across the city's name, 有限公司 and the 字号 too: the page's total is the true one."""
    names = sorted(normalize(n) for n, _ in parties.values())  # one per entity
    queries = []
    for number, name in enumerate(sorted(set(names))[:: max(1, len(names) // 12)]):
        size = 2 + number % 5
        start = (number * 3) % max(1, len(name) - size + 1)
        queries += [name[start : start + size], name[-6:], name[:3]]
    for query in dict.fromkeys(queries):
        count = sum(query in n for n in names)
        status, _, _ = search(page, server, query)
        said = re.search(r"名称包含“[^”]+”的信用主体(?:有)? (\d+) 个", status)
        assert said and int(said.group(1)) == count, (query, count, status)


def test_matches_are_marked_and_ranked_exact_prefix_contained_then_shorter(
    page: Page, server: str
) -> None:
    search(page, server, BROAD)
    show_all(page)
    links = page.locator("#search-entities .portal-result h3 a")
    for i in range(links.count()):
        marks = links.nth(i).locator("mark").all_inner_texts()
        assert marks and all(normalize(m) == BROAD for m in marks), links.nth(i).inner_text()
    names = [normalize(n) for n in listed(page)]
    grades = [0 if n == BROAD else 1 if n.startswith(BROAD) else 2 for n in names]
    assert grades == sorted(grades)
    for grade in set(grades):  # within a grade, shorter names first
        lengths = [len(n) for n, g in zip(names, grades, strict=True) if g == grade]
        assert lengths == sorted(lengths)


def test_the_entity_type_filter_narrows_results(
    page: Page, server: str, parties: dict[str, tuple[str, str]]
) -> None:
    sole = holders(parties, BROAD, "个体工商户")
    organisations = holders(parties, BROAD, "法人及非法人组织")
    assert sole and organisations
    search(page, server, BROAD)
    page.get_by_label(re.compile("^个体工商户")).check()
    page.wait_for_function(
        "n => document.querySelectorAll('#search-entities li').length === n", arg=len(sole)
    )
    assert sorted(listed(page)) == sole
    assert f"名称包含“{BROAD}”的个体工商户 {len(sole)} 个" in page.inner_text("#search-status")
    assert parse_qs(urlsplit(page.url).query)["type"] == ["个体工商户"]
    label = page.locator("label[for='search-type-1']").inner_text()
    assert label == f"法人及非法人组织（{len(organisations)}）"
    page.reload()  # the filter is in the address: a reload or a shared link keeps it
    page.wait_for_selector("#search-entities li")
    assert sorted(listed(page)) == sole and page.is_checked("input[value='个体工商户']")
    page.get_by_label(re.compile("^全部")).check()
    page.wait_for_function("() => document.querySelectorAll('#search-entities li').length >= 10")
    assert "type" not in parse_qs(urlsplit(page.url).query)


def test_the_help_examples_find_what_they_promise(
    page: Page, server: str, parties: dict[str, tuple[str, str]]
) -> None:
    page.goto(f"{server}/search/")
    help_links = page.locator(".portal-search-help a")
    examples = [(a.inner_text(), a.get_attribute("href") or "") for a in help_links.all()]
    assert len(examples) >= 3
    name, broad = examples[0][0], examples[1][0]
    assert page.get_attribute("#search-q", "placeholder") == f"例如：{name}、{examples[2][0]}"
    for text, href in examples:
        page.goto(server + href)
        page.wait_for_selector("#search-results li")
        assert "没有找到" not in page.inner_text("#search-status"), text
    status, _, _ = search(page, server, name)
    assert f"信用主体 {len(holders(parties, name))} 个" in status
    assert name in normalize(listed(page)[0])
    status, _, _ = search(page, server, broad)
    assert f"信用主体 {len(holders(parties, broad))} 个" in status


def _phrase(body: str, title: str, others: list[str]) -> str:
    """Return four characters of a text, not of its title, that the fewest other texts hold."""
    runs = re.findall(r"[\u4e00-\u9fff]{4,}", body)
    parts = [r[i : i + 4] for r in runs for i in range(len(r) - 3) if r[i : i + 4] not in title]
    return min(parts, key=lambda p: (sum(p in o for o in others), parts.index(p)))


def test_a_word_from_a_cases_text_finds_that_case(
    page: Page, server: str, built_site: Path, page_requests: list[str]
) -> None:
    cases = json.loads((built_site / "opendata" / "cases.json").read_text("utf-8"))["records"]
    case = cases[len(cases) // 2]
    bodies = [c["正文"] for c in cases if c is not case]
    word = _phrase(case["正文"], case["标题"], bodies)
    assert word not in case["标题"]  # found by its text, not its title
    search(page, server, word)
    wait_for_texts(page)
    section = page.locator("#search-text section", has=page.locator("h2", has_text="典型案例"))
    titles = section.locator(".portal-result a").all_inner_texts()
    assert case["标题"] in titles, (word, titles)
    link = section.locator(".portal-result a", has_text=case["标题"])
    assert link.get_attribute("href") == urlsplit(case["详情页网址"]).path
    assert any(re.search(r"/assets/lunr\.min\.[0-9a-f]{10}\.js$", u) for u in page_requests)


def test_lunr_is_loaded_only_when_a_visitor_searches(
    page: Page, server: str, page_requests: list[str]
) -> None:
    page.goto(f"{server}/search/")
    page.wait_for_load_state("load")
    assert not [u for u in page_requests if "lunr" in u or "/search/text/" in u]


def test_articles_and_guides_are_found_by_words_of_their_text(page: Page, server: str) -> None:
    search(page, server, "信用修复")
    wait_for_texts(page)
    first = page.locator("h2:has-text('文章与指南') + ul a").first
    assert "信用修复" in first.inner_text()
    assert first.locator("mark").first.inner_text() == "信用修复"
    first.click()
    page.wait_for_load_state()
    assert "信用修复" in page.locator("h1").first.inner_text()


def test_common_words_are_counted_exactly_and_download_no_postings(
    page: Page, server: str, parties: dict[str, tuple[str, str]]
) -> None:
    status, _, shards = search(page, server, "有限公司")
    assert "过于常见" in status
    assert f"有 {len(holders(parties, '有限公司'))} 个" in status, status
    assert [s for s in shards if s.startswith(("name/", "ent/"))] == []
    assert "meta.json" in shards


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


@pytest.mark.parametrize(
    "transform", [str, str.lower, lambda c: c.translate({i: i + 0xFEE0 for i in range(0x21, 0x7F)})]
)
def test_a_full_code_finds_its_entity_however_it_is_typed(
    page: Page, server: str, entities: list[list[Any]], transform: Callable[[str], str]
) -> None:
    name, code = entities[0][:2]
    status, _, _ = search(page, server, transform(code))
    assert status.startswith("找到 1 个信用主体"), status
    link = page.locator(".portal-result h3 a")
    assert link.inner_text() == name and link.get_attribute("href") == f"/entity/{code}/"
    link.click()
    page.wait_for_url(f"{server}/entity/{code}/")
    assert page.locator("h1").inner_text() == name


def test_a_document_number_finds_its_record(page: Page, server: str, built_site: Path) -> None:
    document = json.loads((built_site / "opendata" / "penalties.json").read_text("utf-8"))
    doc_no = document["records"][0]["行政处罚决定书文号"]
    status, results, _ = search(page, server, doc_no)
    assert "公示信息 1 条" in status and doc_no in results
    page.locator("#search-records a", has_text=doc_no).first.click()
    page.wait_for_load_state()
    assert doc_no in page.locator("h1").inner_text()


def test_a_nonsense_query_says_nothing_was_found(page: Page, server: str) -> None:
    status, results, _ = search(page, server, "绝无此名称之企业ZZQX")
    assert status.startswith("没有找到") and results.strip() == ""


@pytest.mark.parametrize("query", ["恒", "%%%", "《》"])
def test_too_short_or_unreadable_queries_get_a_clear_message(
    page: Page, server: str, query: str
) -> None:
    status, results, _ = search(page, server, query)
    assert ("至少输入两个字" in status or "无法识别" in status) and results.strip() == ""


def test_results_are_text_and_the_query_stays_in_the_url(page: Page, server: str) -> None:
    search(page, server, '<img src=x onerror="window.hacked=1">')
    page.wait_for_timeout(300)
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


def test_the_results_page_passes_an_accessibility_scan(
    page: Page, server: str, axe: Callable[[Page], list[dict[str, Any]]]
) -> None:
    search(page, server, BROAD)
    wait_for_texts(page)
    assert axe(page) == []
