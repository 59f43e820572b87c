"""The home page in a real browser: it loads, its links resolve, it is keyboard- and axe-clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

import pytest

from generator.core.config import load_config

if TYPE_CHECKING:
    from playwright.sync_api import Page

SITE_NAME = load_config(Path(__file__).resolve().parents[2] / "mkdocs.yml").site_name


@pytest.fixture
def home(page: Page, server: str) -> Page:
    """Open the home page (its load event has fired)."""
    response = page.goto(f"{server}/")
    assert response is not None and response.status == 200
    return page


def test_home_page_loads_with_the_site_name_as_its_heading(home: Page) -> None:
    assert home.locator("h1").all_inner_texts() == [SITE_NAME]


def test_every_link_on_the_home_page_resolves(home: Page, server: str) -> None:
    hrefs: list[str] = home.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    # Only the portal's own links can be fetched here: the test network ends at 127.0.0.1.
    local = sorted({h for h in hrefs if h.startswith(f"{server}/")})
    assert any("/opendata/" in h for h in local), hrefs
    broken = [(h, status) for h in local if (status := _status(home, h)) != 200]
    assert broken == []
    missing = [h for h in local if not _fragment_exists(home, h)]
    assert missing == []


def _status(page: Page, url: str) -> int:
    """Return the HTTP status of a URL fetched through the page's context."""
    return page.request.get(urldefrag(url).url).status


def _fragment_exists(page: Page, url: str) -> bool:
    """Return whether a link's #fragment names an element, when it points into this page."""
    target, fragment = urldefrag(url)
    if not fragment or urlsplit(target).path != urlsplit(page.url).path:
        return True
    return page.evaluate("id => document.getElementById(id) !== null", fragment)


def test_the_skip_link_is_the_first_thing_tab_reaches(home: Page) -> None:
    home.keyboard.press("Tab")
    focused = home.evaluate(
        """() => {
            const el = document.activeElement;
            const href = el.getAttribute("href") || "";
            const target = href.startsWith("#") ? document.getElementById(href.slice(1)) : null;
            return {tag: el.tagName, href, holdsHeading: !!target?.querySelector("h1")};
        }"""
    )
    assert focused["tag"] == "A" and focused["href"].startswith("#"), focused
    assert focused["holdsHeading"], f"the skip link {focused['href']} does not lead to the <h1>"


def test_the_home_page_requests_nothing_off_this_machine(
    home: Page, page_requests: list[str], server: str
) -> None:
    home.wait_for_load_state("networkidle")  # late requests (scripts, prefetches) count too
    assert page_requests and all(url.startswith(f"{server}/") for url in page_requests)


def test_axe_finds_no_serious_violations_on_the_home_page(
    home: Page, axe: Callable[[Page], list[dict[str, Any]]]
) -> None:
    violations = axe(home)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
