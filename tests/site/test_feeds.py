"""Feeds, sitemaps and robots.txt, checked with the validators other software uses.

feedparser reads every feed of the demo build; Atom is validated against RFC 4287's RELAX NG
grammar and sitemaps against the sitemaps.org XSDs, both with `xmllint` (libxml2).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from conftest import DEPT, row, write_rows

from generator.core.config import load_config
from generator.core.urls import file_url, record_url
from generator.ingest import ingest
from generator.site.emitters.feeds import FEED_CAP, emit_feeds, plan_feeds
from generator.site.emitters.sitemap import Location, emit_sitemaps
from generator.site.index import index_site

ROOT = Path(__file__).parents[2]
SCHEMAS = Path(__file__).parents[1] / "schemas"
SITE_URL = load_config(ROOT / "mkdocs.yml").site_url.rstrip("/")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xmllint(*args: str | Path) -> None:
    """Run xmllint and fail with its message when a document does not validate."""
    if shutil.which("xmllint") is None:
        if os.environ.get("CI"):
            pytest.fail("xmllint is missing (apt-get install libxml2-utils)")
        pytest.skip("xmllint is not installed")
    done = subprocess.run(
        ["xmllint", "--noout", *map(str, args)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]


def local_file(site: Path, url: str) -> Path:
    """Return the output file an absolute portal URL is served from."""
    assert url.startswith(SITE_URL + "/"), url
    path = url.removeprefix(SITE_URL).lstrip("/")
    return site / path / "index.html" if url.endswith("/") else site / path


def feed_files(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.xml"))


def withheld_urls(checked) -> set[str]:  # type: ignore[no-untyped-def]
    published = {
        record_url(r)
        for kind, rs in checked.ruling.published.items()
        if kind != "takedowns"
        for r in rs
    }
    return {
        SITE_URL + record_url(record)
        for kind, pairs in checked.ruling.withheld.items()
        if kind != "takedowns"  # takedowns are instructions, never pages
        for record, _ in pairs
        if record_url(record) not in published
    }


# The demo build ----------------------------------------------------------------------------


def test_every_feed_parses_and_links_to_pages_that_exist(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    files = feed_files(site)
    assert len(files) > 40  # kinds, departments, list types and articles, two formats each
    entries = 0
    for path in files:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.name == "atom.xml" else "rss20"), path
        # The channel follows a portal page, never the feed itself.
        assert local_file(site, parsed.feed.link).is_file() and not parsed.feed.link.endswith(
            ".xml"
        )
        assert len(parsed.entries) <= FEED_CAP
        days = [entry.published_parsed for entry in parsed.entries]
        assert days == sorted(days, reverse=True), path  # newest first
        for entry in parsed.entries:
            assert entry.id == entry.link, path  # the permanent URL is the id
            assert local_file(site, entry.link).is_file(), (path, entry.link)
            assert entry.title and entry.summary
            entries += 1
    assert entries > 500


def test_feed_dates_are_in_asia_shanghai(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    rss = (site / "feeds/penalties/rss.xml").read_text(encoding="utf-8")
    atom = (site / "feeds/penalties/atom.xml").read_text(encoding="utf-8")
    assert re.findall(r"<pubDate>[^<]+</pubDate>", rss)
    assert all(d.endswith(" +0800</pubDate>") for d in re.findall(r"<pubDate>[^<]+</pubDate>", rss))
    stamps = re.findall(r"<(?:updated|published)>([^<]+)<", atom)
    assert stamps and all(s.endswith("T00:00:00+08:00") for s in stamps)


def test_atom_feeds_validate_against_the_relax_ng_grammar(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    atoms = [p for p in feed_files(site) if p.name == "atom.xml"]
    xmllint("--relaxng", SCHEMAS / "atom.rng", *atoms)
    # RFC 4287's rules the grammar leaves to Schematron.
    for path in atoms:
        feed = ElementTree.parse(path).getroot()
        assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # every entry inherits it
        assert [link.get("rel") for link in feed.findall(f"{ATOM}link")].count("self") == 1
        ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
        assert len(ids) == len(set(ids)), path
        for entry in feed.findall(f"{ATOM}entry"):
            alternates = [
                link
                for link in entry.findall(f"{ATOM}link")
                if link.get("rel") in (None, "alternate")
            ]
            assert len(alternates) == 1 and entry.find(f"{ATOM}summary") is not None


def test_rss_items_carry_permanent_guids(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    for path in (p for p in feed_files(site) if p.name == "rss.xml"):
        channel = ElementTree.parse(path).getroot().find("channel")
        assert channel is not None
        for tag in ("title", "link", "description"):
            assert channel.findtext(tag), (path, tag)
        for item in channel.findall("item"):
            guid = item.find("guid")
            assert guid is not None and guid.get("isPermaLink") == "true"
            assert guid.text == item.findtext("link")
            assert item.findtext("pubDate") and item.findtext("title")


def test_no_withheld_record_is_in_a_feed_or_the_sitemap(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, checked = demo_build
    withheld = withheld_urls(checked)
    assert len(withheld) > 100  # expired, repaired, revoked and non-public records
    linked = set()
    for path in feed_files(site):
        linked |= {entry.link for entry in feedparser.parse(path.read_bytes()).entries}
    assert linked & withheld == set()
    assert sitemap_urls(site) & withheld == set()


def sitemap_urls(site: Path) -> set[str]:
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    files = [site / "sitemap.xml"]
    if root.tag == f"{SITEMAP}sitemapindex":
        files = [local_file(site, e.text or "") for e in root.iter(f"{SITEMAP}loc")]
    return {
        e.text or ""
        for path in files
        for e in ElementTree.parse(path).getroot().iter(f"{SITEMAP}loc")
    }


def test_the_sitemap_is_valid_and_lists_every_page_that_exists(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    xmllint("--schema", SCHEMAS / "sitemap.xsd", site / "sitemap.xml")
    urls = sitemap_urls(site)
    assert all(local_file(site, url).is_file() for url in urls)
    pages = {
        SITE_URL + file_url(p.relative_to(site).as_posix())
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith("embed/")
    }
    assert urls == pages  # every page a visitor can reach, framed copies aside
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    lastmods = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    some_penalty = next(url for url in urls if re.search(r"/penalties/[0-9a-f]{16}/$", url))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", lastmods[some_penalty] or "")  # the record's own day


def test_robots_txt_names_the_sitemap(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots.splitlines()
    assert "Disallow: /embed/" in robots.splitlines()


def test_the_feeds_page_lists_every_feed(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    html = (site / "feeds/index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r'href="/(feeds/[^"]+\.xml)"', html))
    assert listed == {p.relative_to(site).as_posix() for p in feed_files(site)}
    assert "订阅" in html and "按部门" in html


def test_pages_advertise_feeds_that_exist(demo_build) -> None:  # type: ignore[no-untyped-def]
    site, _ = demo_build
    pattern = re.compile(
        r'<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*href="/([^"]+)"'
    )
    advertised: dict[str, set[str]] = {}
    for page in site.rglob("index.html"):
        for target in pattern.findall(page.read_text(encoding="utf-8")):
            assert (site / target).is_file(), (page, target)
            advertised.setdefault(page.relative_to(site).as_posix(), set()).add(target)
    assert "feeds/penalties/rss.xml" in advertised["penalties/index.html"]
    assert "feeds/articles/atom.xml" in advertised["articles/index.html"]  # Material's pages too
    dept = next(p for p in advertised if re.fullmatch(r"dept/[0-9A-Z]{18}/index.html", p))
    assert f"feeds/{dept.removesuffix('/index.html')}/rss.xml" in advertised[dept]


# Boundaries --------------------------------------------------------------------------------


def _site(tmp_path: Path, rows: dict[str, list[dict[str, str]]]):  # type: ignore[no-untyped-def]
    for kind, kind_rows in rows.items():
        write_rows(tmp_path / "data" / kind / f"{kind}.csv", kind_rows)
    ingested = ingest(tmp_path / "data", b"salt")
    published = {kind: tuple(result.records) for kind, result in ingested.kinds.items()}
    return index_site(published, (), date(2026, 6, 1))


def _write(tmp_path: Path, site) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    for artifact in emit_feeds(site, "信用中国（测试市）", "https://credit.example.gov.cn"):
        target = out / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
    return out


def test_an_empty_kind_still_has_a_valid_empty_feed(tmp_path: Path) -> None:
    site = _site(tmp_path, {"penalties": [row("penalties")]})
    out = _write(tmp_path, site)
    for fmt, version in (("rss", "rss20"), ("atom", "atom10")):
        parsed = feedparser.parse((out / f"feeds/warnings/{fmt}.xml").read_bytes())
        assert not parsed.bozo and parsed.version == version and parsed.entries == []
        assert parsed.feed.link == "https://credit.example.gov.cn/warnings/"
    xmllint("--relaxng", SCHEMAS / "atom.rng", out / "feeds/warnings/atom.xml")


def test_a_department_with_more_records_than_the_cap_keeps_the_newest(tmp_path: Path) -> None:
    first = date(2025, 1, 1)
    rows = [
        row(
            "penalties",
            行政处罚决定书文号=f"九市监罚〔2025〕{n}号",
            处罚决定日期=(first + timedelta(days=n)).isoformat(),
            处罚有效期="2027-01-01",
        )
        for n in range(1, FEED_CAP + 31)
    ]
    site = _site(tmp_path, {"penalties": rows})
    (feed,) = [f for f in plan_feeds(site) if f.scope == f"dept/{DEPT['code']}"]
    assert len(site.departments[DEPT["code"]].records) == FEED_CAP + 30
    out = _write(tmp_path, site)
    parsed = feedparser.parse((out / f"{feed_path(feed.scope)}/atom.xml").read_bytes())
    assert len(parsed.entries) == FEED_CAP
    titles = [entry.title for entry in parsed.entries]
    assert titles[0].endswith(f"〔2025〕{FEED_CAP + 30}号")  # the newest decision first
    assert titles[-1].endswith("〔2025〕31号")  # the 30 oldest fall off the feed
    xmllint("--relaxng", SCHEMAS / "atom.rng", out / f"{feed_path(feed.scope)}/atom.xml")


def feed_path(scope: str) -> str:
    return f"feeds/{scope}"


def test_more_than_fifty_thousand_urls_split_into_a_sitemap_index(tmp_path: Path) -> None:
    locations = [
        Location(f"/penalties/{n:016x}/", date(2026, 1, 1) + timedelta(days=n % 300))
        for n in range(50_001)
    ]
    artifacts = {a.path: a.data for a in emit_sitemaps(locations, "https://credit.example.gov.cn")}
    assert sorted(artifacts) == ["sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml"]
    for path, data in artifacts.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    xmllint("--schema", SCHEMAS / "siteindex.xsd", tmp_path / "sitemap.xml")
    xmllint("--schema", SCHEMAS / "sitemap.xsd", *(tmp_path / "sitemaps").iterdir())
    counts = [artifacts[f"sitemaps/sitemap-{n}.xml"].count(b"<url>") for n in (1, 2)]
    assert counts == [50_000, 1]
    index = ElementTree.fromstring(artifacts["sitemap.xml"])
    assert [e.text for e in index.iter(f"{SITEMAP}loc")] == [
        "https://credit.example.gov.cn/sitemaps/sitemap-1.xml",
        "https://credit.example.gov.cn/sitemaps/sitemap-2.xml",
    ]


def test_a_sitemap_file_also_splits_before_fifty_megabytes() -> None:
    locations = [Location(f"/entity/{n:018d}/") for n in range(10)]
    artifacts = emit_sitemaps(locations, "https://credit.example.gov.cn", byte_limit=400)
    files = [a for a in artifacts if a.path.startswith("sitemaps/")]
    assert len(files) > 1 and all(len(a.data) <= 400 for a in files)
    assert sum(a.data.count(b"<url>") for a in files) == 10


def test_exactly_fifty_thousand_urls_stay_one_sitemap() -> None:
    locations = [Location(f"/cases/{n:016x}/") for n in range(50_000)]
    (only,) = emit_sitemaps(locations, "https://credit.example.gov.cn")
    assert only.path == "sitemap.xml" and only.data.count(b"<url>") == 50_000


class _Markup(HTMLParser):
    """What a feed reader that renders HTML makes of a text: its elements and the words shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def rendered(html_text: str) -> _Markup:
    markup = _Markup()
    markup.feed(html_text)
    markup.close()
    return markup


HOSTILE_TITLE = '关于<b>预付卡</b>的提示 & <script>alert("t")</script>'
HOSTILE_BODY = '<img src=x onerror=alert(1)>请勿轻信"退费"<a href="javascript:x">链接</a>'


def test_feeds_carry_hostile_text_as_text_for_every_reader(tmp_path: Path) -> None:
    warning = row("warnings", 标题=HOSTILE_TITLE, 正文=HOSTILE_BODY, 发布日期="2026-05-01")
    out = _write(tmp_path, _site(tmp_path, {"warnings": [warning]}))
    atom = feedparser.parse((out / "feeds/warnings/atom.xml").read_bytes())
    rss = feedparser.parse((out / "feeds/warnings/rss.xml").read_bytes())
    assert not atom.bozo and not rss.bozo
    # Atom: every text construct says type="text", so a reader shows the characters as written.
    entry = atom.entries[0]
    assert entry.title_detail.type == entry.summary_detail.type == "text/plain"
    assert atom.feed.title_detail.type == atom.feed.subtitle_detail.type == "text/plain"
    assert entry.title == HOSTILE_TITLE and HOSTILE_BODY in entry.summary
    # RSS: readers render <description> as HTML; rendered, it shows the characters, no element.
    item = rss.entries[0]
    assert item.summary_detail.type == "text/html"
    shown = rendered(item.summary)
    assert shown.tags == [] and HOSTILE_BODY in shown.text
    assert item.title_detail.type == "text/plain" and item.title == HOSTILE_TITLE
    # A reader that trusts feedparser's sanitiser sees the same text, not a stripped version.
    assert "onerror=alert(1)" in html.unescape(item.summary)
    xmllint("--relaxng", SCHEMAS / "atom.rng", out / "feeds/warnings/atom.xml")
