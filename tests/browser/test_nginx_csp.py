"""The demo site behind a real nginx with the generated nginx.conf, in Chromium.

Proves in a browser what headers alone cannot: the script hashes cover every inline script
(no page reports a CSP violation), /embed/ is framed by an allowed origin, and nothing else is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
from nginx_server import Nginx, running_nginx

from generator.core.config import load_config

from .conftest import HOST_PAGE, ROOT, _serve

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

KEY = r"[0-9a-f]{8,}"  # a record page's folder: the record's keyed hash
# Collects the page's CSP violations; an init script runs through DevTools, outside the CSP.
VIOLATIONS_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}: ${event.sample}`);
});
"""


@pytest.fixture(scope="module")
def nginx(
    built_site: Path, other_origin: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Nginx]:
    """Serve the demo site with nginx; the demo's frame origins plus the test's host origin."""
    origins = (*load_config(ROOT / "mkdocs.yml").frame_origins, other_origin)
    with running_nginx(built_site, tmp_path_factory.mktemp("nginx"), origins) as server:
        yield server


@pytest.fixture(scope="module")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the same host page from an origin that is not allowed to frame anything."""
    folder = tmp_path_factory.mktemp("stranger")
    (folder / "host.html").write_text(HOST_PAGE, encoding="utf-8")
    yield from _serve(folder)


def _watch(page: Page) -> list[str]:
    """Return a list that fills with the CSP violations the page reports on its console."""
    messages: list[str] = []
    page.on(
        "console",
        lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(VIOLATIONS_JS)
    return messages


def _violations(page: Page, console: list[str]) -> list[str]:
    return [*console, *page.evaluate("window.__cspViolations")]


def _page_url(site: Path, index: Path) -> str:
    return "/" + index.parent.relative_to(site).as_posix() + "/"


def test_pages_run_under_the_policy_without_a_violation(
    page: Page, nginx: Nginx, built_site: Path
) -> None:
    """Home, a listing, a record, an article, a guide, 404 and two searches: nothing blocked."""
    console = _watch(page)
    records = (built_site / "penalties").glob("*/index.html")
    record = _page_url(built_site, next(p for p in records if re.fullmatch(KEY, p.parent.name)))
    entity = sorted(p.name for p in (built_site / "entity").iterdir())[0]
    articles = sorted(built_site.glob("articles/2*/**/index.html"))
    assert articles, "the demo has no article page"
    article = _page_url(built_site, articles[0])
    pages = ["/", "/penalties/", record, f"/entity/{entity}/", article, "/xinyong-xiufu/"]
    for url in pages:
        response = page.goto(nginx.url + url)
        assert response is not None and response.status == 200, url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert _violations(page, console) == [], url
    missing = page.goto(f"{nginx.url}/no-such-page/")
    assert missing is not None and missing.status == 404
    page.wait_for_load_state("load")
    assert _violations(page, console) == []

    # The record search (its shards) and Material's index (articles and guides) both answer.
    for query, answer in (
        (entity, f"#search-results a[href$='/entity/{entity}/']"),
        ("信用修复", "h2:has-text('文章与指南') + ul a"),
    ):
        page.goto(f"{nginx.url}/search/?q={quote(query)}")
        page.wait_for_selector(answer)
        assert _violations(page, console) == [], query


def _frame(page: Page) -> Frame:
    """Return the host page's <iframe> once its navigation has ended (loaded or refused)."""
    frame = page.locator("iframe").element_handle().content_frame()
    assert frame is not None
    frame.wait_for_load_state()
    return frame


def _host(page: Page, origin: str, target: str) -> Frame:
    response = page.goto(f"{origin}/host.html?src={quote(target, safe='')}")
    assert response is not None and response.status == 200
    return _frame(page)


def _refused(page: Page, frame: Frame) -> bool:
    """Return whether the frame shows nothing of the portal (Chromium's error page instead)."""
    page.wait_for_timeout(300)  # a refused frame commits its error page after the response
    return frame.url.startswith("chrome-error://") or frame.evaluate(
        "() => document.querySelector('h1') === null"
    )


def test_an_allowed_origin_frames_the_embed_page(
    page: Page, nginx: Nginx, other_origin: str, built_site: Path
) -> None:
    code = sorted(p.name for p in (built_site / "embed").iterdir())[0]
    console = _watch(page)
    frame = _host(page, other_origin, f"{nginx.url}/embed/{code}/")
    assert frame.url == f"{nginx.url}/embed/{code}/"
    heading = frame.locator("h1")
    heading.wait_for()
    assert heading.is_visible() and heading.inner_text().strip()
    assert frame.locator("main a[href]").count() > 0
    assert console == [] and frame.evaluate("window.__cspViolations") == []


def test_the_department_page_is_refused_in_any_frame(
    page: Page, nginx: Nginx, other_origin: str, built_site: Path
) -> None:
    code = sorted(p.name for p in (built_site / "dept").iterdir())[0]
    console = _watch(page)
    frame = _host(page, other_origin, f"{nginx.url}/dept/{code}/")
    assert _refused(page, frame), frame.url
    assert any("frame-ancestors" in message for message in console), console


def test_an_origin_not_listed_cannot_frame_the_embed_page(
    page: Page, nginx: Nginx, stranger: str, built_site: Path
) -> None:
    code = sorted(p.name for p in (built_site / "embed").iterdir())[0]
    console = _watch(page)
    frame = _host(page, stranger, f"{nginx.url}/embed/{code}/")
    assert _refused(page, frame), frame.url
    assert any("frame-ancestors" in message for message in console), console
