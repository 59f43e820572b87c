"""The portal in a real browser: profiles, paging, embedding, reading modes, keyboard, axe, phones.

Every page and record is picked from the built demo site at run time (no hard-coded keys), so the
tests follow the demo data as it changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame, Page

# /<kind>/<16 hex>/: a record's detail page.
RECORD_PATH = re.compile(
    r"^/(penalties|licensing|redlist|blacklist|watchlist|commitments|cases|warnings)/[0-9a-f]{16}/$"
)
ENTITY_PATH = re.compile(r"^/entity/[^/]+/$")
ARTICLE = "/articles/2026/07/15/xinyong-xiufu-mianfei/"
NARROW = 320
MODE_TEXT = 'button[data-portal-mode="text"]'
MODE_CONTRAST = 'button[data-portal-mode="contrast"]'
MAX_TABS = 400

# The rows of a listing table as {index, name, entity (path or null), entityLinks, record (path
# of 查看)}.
LISTING_ROWS_JS = """() => [...document.querySelectorAll("table tbody tr")].flatMap((tr, index) => {
    const th = tr.querySelector('th[scope="row"]');
    if (!th) return [];
    const entity = th.querySelector("a[href]");
    const record = [...tr.querySelectorAll("a[href]")]
        .map(a => new URL(a.href).pathname)
        .find(p => !p.startsWith("/entity/")) || null;
    return [{
        index,
        name: (entity ? entity.textContent : th.firstChild?.textContent || th.textContent).trim(),
        entity: entity ? new URL(entity.href).pathname : null,
        entityLinks: [...tr.querySelectorAll("a[href]")]
            .filter(a => new URL(a.href).pathname.startsWith("/entity/")).length,
        record,
    }];
})"""

# What has keyboard focus, and whether it shows a focus indicator.
FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = !!style.boxShadow && style.boxShadow !== "none";
    const box = el.getBoundingClientRect();
    let role = "other";
    if (el.matches("a.portal-skip")) role = "skip";
    else if (el.matches("#portal-q")) role = "search";
    else if (el.matches('form[role="search"] button[type="submit"]')) role = "submit";
    else if (el.matches("[data-portal-mode]")) role = "mode-" + el.dataset.portalMode;
    else if (el.closest("nav.portal-nav")) role = "column";
    else if (el.closest("nav.portal-pages")) role = "pages";
    return {
        role,
        html: el.outerHTML.slice(0, 120),
        visible: outline || shadow,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < innerHeight && box.left < innerWidth,
    };
}"""

# The page's scroll width when it is wider than the viewport, with what sticks out (outside
# the boxes that scroll on their own); [] when it fits.
OVERFLOW_JS = """limit => {
    const width = document.documentElement.scrollWidth;
    if (width <= limit) return [];
    const wide = [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > limit + 0.5
            && !el.parentElement.closest(".md-typeset__scrollwrap, .portal-hidden"))
        .slice(0, 5).map(el => el.outerHTML.slice(0, 100));
    return [`scrollWidth ${width}`, ...wide];
}"""

MODES_JS = """() => {
    const root = document.documentElement;
    return {
        text: root.getAttribute("data-portal-text"),
        contrast: root.getAttribute("data-portal-contrast"),
        textPressed: document.querySelector('[data-portal-mode="text"]')?.getAttribute("aria-pressed"),
        contrastPressed: document.querySelector('[data-portal-mode="contrast"]')?.getAttribute("aria-pressed"),
        rootFont: parseFloat(getComputedStyle(root).fontSize),
        bodyBackground: getComputedStyle(document.body).backgroundColor,
    };
}"""

# Records the reading-mode attributes as soon as <body> exists, before any click: a page that
# switched them on late would flash in the default mode first.
MODES_AT_BODY_JS = """(() => {
    const observer = new MutationObserver(() => {
        if (!document.body || window.__portalModesAtBody) return;
        const root = document.documentElement;
        window.__portalModesAtBody = {
            text: root.getAttribute("data-portal-text"),
            contrast: root.getAttribute("data-portal-contrast"),
        };
        observer.disconnect();
    });
    observer.observe(document, {childList: true, subtree: true});
})()"""


@dataclass(frozen=True, slots=True)
class Samples:
    """Pages of the built demo, picked once per module: paths on the portal's origin."""

    detail: str  # a record's detail page, from the first row of /penalties/
    entity: str  # an entity profile linked from /penalties/
    dept: str  # the code of a department whose section has a second page
    dept_name: str
    embed_dept: str  # the code of a department whose /embed/ page has a second page
    embed_dept_name: str


@pytest.fixture(scope="module")
def samples(browser: Browser, server: str) -> Iterator[Samples]:
    """Pick a detail page, an entity profile and departments with several pages from the site."""
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        _open(page, f"{server}/penalties/")
        rows = page.evaluate(LISTING_ROWS_JS)
        detail = next(row["record"] for row in rows if row["record"])
        entity = next(row["entity"] for row in rows if row["entity"])
        _open(page, f"{server}/shuanggongshi/")
        depts: list[dict[str, str]] = page.eval_on_selector_all(
            'a[href*="/dept/"]',
            """links => links.map(a => ({
                code: new URL(a.href).pathname.split("/")[2], name: a.textContent.trim()}))""",
        )
        depts = list({d["code"]: d for d in depts}.values())
        assert depts, "/shuanggongshi/ links to no department"
        paged = [d for d in depts if _status(page, f"{server}/dept/{d['code']}/page/2/") == 200]
        assert paged, "no department section has a second page"
        embed = next(
            d for d in depts if _status(page, f"{server}/embed/{d['code']}/page/2/") == 200
        )
        yield Samples(
            detail, entity, paged[0]["code"], paged[0]["name"], embed["code"], embed["name"]
        )
    finally:
        context.close()


def _open(page: Page, url: str) -> Page:
    """Go to a URL and check it answered 200."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return page


def _status(page: Page, url: str) -> int:
    """Return the HTTP status of a URL fetched through the page's context."""
    return page.request.get(url).status


def _path(url: str) -> str:
    """Return a URL's path."""
    return urlsplit(url).path


# 1. From a listing to an entity's profile and back to a record.


def test_a_listing_name_opens_the_entity_profile_which_lists_that_record(
    page: Page, server: str
) -> None:
    """Clicking a linked name in /penalties/ opens its profile, which links back to the record."""
    _open(page, f"{server}/penalties/")
    row = next(r for r in page.evaluate(LISTING_ROWS_JS) if r["entity"])
    link = page.locator("table tbody tr").nth(row["index"]).locator('th[scope="row"] a')
    assert link.inner_text().strip() == row["name"]
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.status == 200
    assert _path(page.url) == row["entity"] and ENTITY_PATH.match(row["entity"])
    assert page.locator("h1").inner_text().strip() == row["name"]

    records = sorted(
        {
            path
            for path in page.eval_on_selector_all(
                "table a[href]", "links => links.map(a => new URL(a.href).pathname)"
            )
            if RECORD_PATH.match(path)
        }
    )
    assert records, "the profile has no table linking to a record's detail page"
    assert row["record"] in records, "the profile does not list the record it was reached from"
    broken = [(p, s) for p in records if (s := _status(page, f"{server}{p}")) != 200]
    assert broken == []

    back = page.locator("table a[href]").filter(has_text="查看")
    paths = back.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    with page.expect_navigation() as navigation:
        back.nth(paths.index(row["record"])).click()
    response = navigation.value
    assert response is not None and response.status == 200
    assert _path(page.url) == row["record"]
    assert row["name"] in page.locator("h1").inner_text()


# 2. Paging through a department's section.


def _dept_rows(page: Page) -> list[str]:
    """Return the record paths of the rows in a department section's records table (its first;
    the department's reporting figures follow in tables of their own)."""
    return (
        page.locator("table")
        .first.locator("tbody tr")
        .evaluate_all(
            """rows => rows.map(tr => [...tr.querySelectorAll("a[href]")]
            .map(a => new URL(a.href).pathname)
            .find(p => !p.startsWith("/entity/")) || tr.textContent)""",
        )
    )


def _current_page(where: Page | Frame) -> str:
    """Return the text of the one pagination link marked current, without white space."""
    current = where.locator('nav.portal-pages [aria-current="page"]')
    assert current.count() == 1
    return re.sub(r"\s+", "", current.text_content() or "")


def _first_number(page: Page) -> int:
    """Return the 序号 of a table's first row."""
    return int(page.locator("table tbody tr").first.locator("td").first.inner_text())


def test_a_department_section_pages_forward_and_back(
    page: Page, server: str, samples: Samples
) -> None:
    """下一页 opens page 2 with other rows and aria-current on 2; 上一页 returns to page 1."""
    first = f"{server}/dept/{samples.dept}/"
    _open(page, first)
    assert samples.dept_name in page.locator("h1").inner_text()
    page_one = _dept_rows(page)
    assert page_one
    assert _current_page(page) == "第1页（当前）"

    with page.expect_navigation():
        page.locator('nav.portal-pages a[rel="next"]').click()
    assert page.url == f"{first}page/2/"
    page_two = _dept_rows(page)
    assert page_two and not set(page_two) & set(page_one), "page 2 repeats rows of page 1"
    assert _first_number(page) == len(page_one) + 1
    assert _current_page(page) == "第2页（当前）"
    current = page.locator('nav.portal-pages [aria-current="page"]')
    assert _path(current.evaluate("a => a.href")) == f"/dept/{samples.dept}/page/2/"

    with page.expect_navigation():
        page.locator('nav.portal-pages a[rel="prev"]').click()
    assert page.url == first
    assert _dept_rows(page) == page_one
    assert _first_number(page) == 1


# 3. The embeddable page inside another origin's <iframe>.


def _links(frame: Frame) -> list[str]:
    """Return the absolute URLs the frame's main content links to, in order."""
    return frame.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")


def _embedded_frame(page: Page, server: str) -> Frame:
    """Return the frame showing the portal inside the host page."""
    frame = page.locator("iframe").element_handle().content_frame()
    assert frame is not None
    frame.wait_for_load_state()
    assert frame.url.startswith(f"{server}/embed/"), frame.url
    return frame


def test_the_embed_page_works_inside_another_origins_iframe(
    page: Page, server: str, other_origin: str, samples: Samples
) -> None:
    """Paging stays inside the frame; a record link opens the portal's page in the top window."""
    code = samples.embed_dept
    embed = f"{server}/embed/{code}/"
    host = f"{other_origin}/host.html?src={quote(embed, safe='')}"
    _open(page, host)
    frame = _embedded_frame(page, server)
    assert frame.url == embed
    heading = frame.locator("h1")
    assert heading.is_visible() and samples.embed_dept_name in heading.inner_text()
    page_one = _links(frame)

    frame.locator('nav.portal-pages a[rel="next"]').click()
    frame.wait_for_url(f"{embed}page/2/")
    frame.wait_for_load_state()
    assert page.url == host, "paging inside the frame navigated the top window"
    assert _current_page(frame) == "第2页（当前）"
    page_two = _links(frame)
    records_one = {h for h in page_one if RECORD_PATH.match(_path(h))}
    records_two = {h for h in page_two if RECORD_PATH.match(_path(h))}
    assert records_two and not records_two & records_one, "page 2 repeats rows of page 1"

    index = next((i for i, h in enumerate(page_two) if RECORD_PATH.match(_path(h))), None)
    assert index is not None, "the embedded page links to no record"
    record = frame.locator("main a[href]").nth(index)
    with page.expect_navigation() as navigation:
        record.click()
    response = navigation.value
    assert response is not None and response.ok
    assert page.url == page_two[index], "the record link did not open in the top window"
    assert page.url.startswith(f"{server}/")
    assert page.main_frame.child_frames == []


# 4. Large text and high contrast, kept from page to page.


def test_reading_modes_switch_on_and_stay_on_across_pages(
    page: Page, server: str, samples: Samples
) -> None:
    """Both modes set <html> attributes and aria-pressed, and later pages open in them."""
    page.add_init_script(MODES_AT_BODY_JS)
    pages = [f"{server}/penalties/", f"{server}{samples.detail}", f"{server}{ARTICLE}"]
    default: dict[str, dict[str, Any]] = {}
    for url in pages:
        _open(page, url)
        default[url] = page.evaluate(MODES_JS)
        assert default[url]["text"] is None and default[url]["contrast"] is None, url
        assert default[url]["textPressed"] == default[url]["contrastPressed"] == "false", url

    _open(page, pages[0])
    page.locator(MODE_TEXT).click()
    page.locator(MODE_CONTRAST).click()
    on = page.evaluate(MODES_JS)
    assert (on["text"], on["contrast"]) == ("large", "high")
    assert (on["textPressed"], on["contrastPressed"]) == ("true", "true")
    assert on["rootFont"] > default[pages[0]]["rootFont"]
    assert on["bodyBackground"] == "rgb(0, 0, 0)"

    for url in pages[1:]:  # a generated page, then an editorial (mkdocs) page
        _open(page, url)
        at_body = page.evaluate("() => window.__portalModesAtBody")
        assert at_body == {"text": "large", "contrast": "high"}, f"{url} drew its body unmoded"
        kept = page.evaluate(MODES_JS)
        assert (kept["text"], kept["contrast"]) == ("large", "high"), url
        assert (kept["textPressed"], kept["contrastPressed"]) == ("true", "true"), url
        assert kept["rootFont"] > default[url]["rootFont"], url
        assert kept["bodyBackground"] == "rgb(0, 0, 0)", url

    page.locator(MODE_TEXT).click()  # and off again, on the editorial page
    page.locator(MODE_CONTRAST).click()
    off = page.evaluate(MODES_JS)
    assert (off["text"], off["contrast"]) == (None, None)
    assert (off["textPressed"], off["contrastPressed"]) == ("false", "false")
    assert off["rootFont"] == default[pages[-1]]["rootFont"]


# 5. Keyboard.


def test_tab_walks_the_header_columns_and_pagination_with_a_visible_focus(
    page: Page, server: str
) -> None:
    """Tab reaches the skip link, search, 查询, both modes, every column, then the pagination."""
    _open(page, f"{server}/penalties/")
    columns = page.locator("nav.portal-nav a").count()
    pager_links = page.locator("nav.portal-pages a").count()
    assert columns and pager_links
    seen: list[dict[str, Any]] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        assert focused is not None, f"focus left the page after {[f['role'] for f in seen]}"
        seen.append(focused)
        if sum(f["role"] == "pages" for f in seen) == pager_links:
            break
    roles = [f["role"] for f in seen]
    assert roles[0] == "skip", roles[:5]
    order = ["skip", "search", "submit", "mode-text", "mode-contrast", "column", "pages"]
    assert all(role in roles for role in order), roles
    firsts = [roles.index(role) for role in order]
    assert firsts == sorted(firsts), list(zip(order, firsts, strict=True))
    assert roles.count("column") == columns
    assert roles.count("pages") == pager_links
    invisible = [f["html"] for f in seen if not f["visible"]]
    assert invisible == [], "focused without an outline or box-shadow"
    offscreen = [f["html"] for f in seen if not f["onScreen"]]
    assert offscreen == [], "focused while off screen"


@pytest.mark.parametrize("path", ["/penalties/", ARTICLE], ids=["listing", "article"])
def test_the_skip_link_moves_focus_to_the_main_content(page: Page, server: str, path: str) -> None:
    """Tab then Enter on 跳到正文 puts focus on #portal-main."""
    _open(page, f"{server}{path}")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('a.portal-skip')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "portal-main"
    assert _path(page.url) == path


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_the_mode_buttons_toggle_from_the_keyboard(page: Page, server: str, key: str) -> None:
    """Enter and Space both switch each reading mode on and off again."""
    _open(page, f"{server}/penalties/")
    for selector, attribute, value in [
        (MODE_TEXT, "data-portal-text", "large"),
        (MODE_CONTRAST, "data-portal-contrast", "high"),
    ]:
        button = page.locator(selector)
        button.focus()
        page.keyboard.press(key)
        assert button.get_attribute("aria-pressed") == "true", selector
        assert page.locator("html").get_attribute(attribute) == value
        page.keyboard.press(key)
        assert button.get_attribute("aria-pressed") == "false", selector
        assert page.locator("html").get_attribute(attribute) is None


# 6. axe-core.


def _axe_pages(samples: Samples) -> dict[str, str]:
    """Return the pages axe scans, by name."""
    return {
        "home": "/",
        "listing": "/penalties/",
        "detail": samples.detail,
        "entity": samples.entity,
        "embed": f"/embed/{samples.embed_dept}/",
        "article": ARTICLE,
        "feeds": "/feeds/",
        "opendata": "/opendata/",
        "monitor": "/monitor/",
        "dept": f"/dept/{samples.dept}/",  # its first page carries the department's figures
    }


def _summary(violations: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    """Shorten axe's violations to (rule, [targets])."""
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "listing",
        "detail",
        "entity",
        "embed",
        "article",
        "feeds",
        "opendata",
        "monitor",
        "dept",
    ],
)
def test_axe_finds_no_serious_violations(
    page: Page,
    server: str,
    samples: Samples,
    axe: Callable[[Page], list[dict[str, Any]]],
    name: str,
) -> None:
    """No serious or critical axe violation on each kind of page."""
    _open(page, f"{server}{_axe_pages(samples)[name]}")
    assert _summary(axe(page)) == []


@pytest.mark.parametrize(
    "path", ["/", "/penalties/", "/monitor/"], ids=["home", "listing", "monitor"]
)
def test_axe_finds_no_serious_violations_in_high_contrast(
    page: Page, server: str, axe: Callable[[Page], list[dict[str, Any]]], path: str
) -> None:
    """High-contrast mode keeps every contrast ratio (and everything else) axe-clean."""
    _open(page, f"{server}{path}")
    page.locator(MODE_CONTRAST).click()
    assert page.locator("html").get_attribute("data-portal-contrast") == "high"
    assert _summary(axe(page)) == []


# 7. Phones: 320 CSS pixels.


@pytest.mark.parametrize("name", ["home", "listing", "detail", "entity", "monitor", "dept"])
def test_no_horizontal_page_scroll_at_320_pixels(
    page: Page, server: str, samples: Samples, name: str
) -> None:
    """At 320 px the page itself never scrolls sideways (wide tables scroll in their box)."""
    page.set_viewport_size({"width": NARROW, "height": 640})
    _open(page, f"{server}{_axe_pages(samples)[name]}")
    overflow = page.evaluate(OVERFLOW_JS, NARROW)
    assert not overflow, "\n".join(overflow)


@pytest.mark.parametrize(
    "name", ["home", "listing", "detail", "entity", "article", "monitor", "dept"]
)
def test_no_horizontal_page_scroll_at_320_pixels_in_large_text(
    page: Page, server: str, samples: Samples, name: str
) -> None:
    """Large text (适老化) on a phone still fits 320 px: the header search wraps, not overflows."""
    page.set_viewport_size({"width": NARROW, "height": 640})
    _open(page, f"{server}/")
    page.locator(MODE_TEXT).click()
    _open(page, f"{server}{_axe_pages(samples)[name]}")
    assert page.locator("html").get_attribute("data-portal-text") == "large"
    overflow = page.evaluate(OVERFLOW_JS, NARROW)
    assert not overflow, "\n".join(overflow)


@pytest.mark.parametrize("path", [ARTICLE, "/xinyong-xiufu/", "/yiyi-shensu/"])
def test_axe_finds_no_serious_violations_on_editorial_pages_at_320_pixels(
    page: Page, server: str, axe: Callable[[Page], list[dict[str, Any]]], path: str
) -> None:
    """Editorial (mkdocs) pages stay axe-clean on a phone, where their tables must scroll."""
    page.set_viewport_size({"width": NARROW, "height": 640})
    _open(page, f"{server}{path}")
    assert _summary(axe(page)) == []


# 8. Natural persons have no profile.


def test_a_natural_person_has_no_entity_link(page: Page, server: str) -> None:
    """A masked name (张*) links to no /entity/ page, neither in a listing nor on its record."""
    masked: list[dict[str, Any]] = []
    for kind in ["penalties", "licensing", "commitments", "blacklist"]:
        _open(page, f"{server}/{kind}/")
        masked += [row for row in page.evaluate(LISTING_ROWS_JS) if "*" in row["name"]]
    assert masked, "no listing's first page shows a natural person (a masked name)"
    assert [(r["name"], r["record"]) for r in masked if r["entityLinks"] or r["entity"]] == []
    for row in masked[:3]:
        assert row["record"] and RECORD_PATH.match(row["record"]), row
        _open(page, f"{server}{row['record']}")
        assert row["name"] in page.locator("h1").inner_text()
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        assert [h for h in links if _path(h).startswith("/entity/")] == [], row["record"]
