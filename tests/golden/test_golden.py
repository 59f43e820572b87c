"""The portal as built from the golden export: every page type, escaping, privacy, links, bytes."""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from conftest import build_golden

GOLDEN = Path(__file__).parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the golden export once for this module; return the site folder."""
    root = tmp_path_factory.mktemp("golden")
    build_golden(root / "site", root / "build")
    return root / "site"


def page(site: Path, url: str) -> str:
    path = site / url.strip("/") / "index.html" if url.strip("/") else site / "index.html"
    return path.read_text(encoding="utf-8")


class Links(HTMLParser):
    """Collect href/src/action of a page's elements, and the element names seen."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append((tag, name, value))


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page_file: Path, link: str) -> Path | None:
    """Return the file a local link points to, or None for links that leave the site."""
    target, _ = urldefrag(link)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        path = site / parts.path.lstrip("/")
    else:
        path = (page_file.parent / parts.path).resolve()
    return path / "index.html" if parts.path.endswith("/") or path.is_dir() else path


# --- the golden tree --------------------------------------------------------------------------


def tree(site: Path) -> dict[str, bytes]:
    """Return the files a golden tree holds: every page and download; vendored assets by name."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        files[name] = b"" if name.startswith("assets/") else path.read_bytes()
    return files


def test_the_golden_export_builds_the_golden_tree(site: Path) -> None:
    expected_dir = GOLDEN / "site"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, data in tree(site).items():
            target = expected_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    expected = tree(expected_dir)
    actual = tree(site)
    assert sorted(actual) == sorted(expected), "files added or removed: UPDATE_GOLDEN=1 to accept"
    changed = [name for name in actual if actual[name] != expected[name]]
    assert changed == [], "files changed: review the diff, then UPDATE_GOLDEN=1 to accept"


def test_the_same_export_and_day_give_byte_identical_output(site: Path, tmp_path: Path) -> None:
    build_golden(tmp_path / "again", tmp_path / "work")
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    again = tmp_path / "again"
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# --- what every page carries -----------------------------------------------------------------


def test_every_local_link_resolves_to_a_file_of_the_site(site: Path) -> None:
    broken = []
    for path in html_files(site):
        for tag, attribute, link in parse(path.read_text(encoding="utf-8")).links:
            if attribute == "action":
                continue  # the search form: its page arrives with the search issue
            target = resolve(site, path, link)
            if target is not None and not target.is_file():
                broken.append((path.relative_to(site).as_posix(), tag, link))
    assert broken == []


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for path in html_files(site):
        for tag, attribute, link in parse(path.read_text(encoding="utf-8")).links:
            if tag in ("script", "link", "img", "iframe", "source") and attribute in (
                "src",
                "href",
            ):
                external = urlsplit(link).netloc
                is_canonical = tag == "link" and link.startswith("https://credit.example.gov.cn/")
                assert not external or is_canonical, (path, link)


@pytest.mark.parametrize(
    ("url", "column"),
    [
        ("/", "首页"),
        ("/penalties/", "双公示"),
        ("/lists/", "红黑名单"),
        ("/articles/2025/05/01/kaitong/", "信用动态"),
        ("/xinyong-xiufu/", "信用修复"),
    ],
)
def test_pages_carry_the_government_meta_tags_and_footer(site: Path, url: str, column: str) -> None:
    html = page(site, url)
    assert '<meta name="SiteName" content="信用中国（金样市）">' in html
    assert '<meta name="SiteIDCode" content="0000000000">' in html
    assert f'<meta name="ColumnName" content="{column}">' in html
    assert re.search(r'<meta name="PubDate" content="\d{4}-\d{2}-\d{2}">', html)
    assert "主办单位：金样市发展和改革委员会" in html
    assert f'aria-current="page">{column}</a>' in html or column == "首页"
    assert 'class="portal-skip" href="#portal-main"' in html and 'id="portal-main"' in html


def test_generated_and_editorial_pages_share_one_header_and_column_bar(site: Path) -> None:
    def chrome(html: str) -> str:
        start = html.index('<a class="portal-skip"')
        end = html.index("</nav>", html.index('<nav class="portal-nav"'))
        text = re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html[start:end]))
        return re.sub(r'\s+aria-current="page"', "", text)

    assert chrome(page(site, "/penalties/")) == chrome(page(site, "/articles/"))


def test_canonical_urls_come_from_site_url(site: Path) -> None:
    assert '<link rel="canonical" href="https://credit.example.gov.cn/penalties/">' in page(
        site, "/penalties/"
    )


# --- escaping and privacy ----------------------------------------------------------------------


def test_hostile_text_in_a_record_shows_as_text_and_never_runs(site: Path) -> None:
    hits = [p for p in html_files(site) if "onerror=alert" in p.read_text(encoding="utf-8")]
    assert hits, "the hostile 违法事实 is published (escaped) on its detail page"
    for path in hits:
        html = path.read_text(encoding="utf-8")
        assert '<script>alert("x")' not in html
        assert "<img src=x" not in html
        assert (
            "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
            in html
        )
        # nothing from the data became an element
        assert not [t for t, _ in parse(html).tags if t == "img"]


def test_a_natural_person_has_no_profile_and_is_shown_masked(site: Path) -> None:
    assert not any("欧阳建国" in p.read_text(encoding="utf-8") for p in html_files(site))
    entities = [p.name for p in (site / "entity").iterdir()]
    assert entities == ["91360403MA35F0Q14W"]
    listing = page(site, "/penalties/")
    row = next(r for r in listing.split("<tr>") if "欧阳**" in r)
    assert "/entity/" not in row


def test_a_lapsed_licence_stays_published_marked_as_lapsed(site: Path) -> None:
    lapsed = [
        p
        for p in (site / "licensing").glob("*/index.html")
        if "九市监许〔2020〕3号" in p.read_text("utf-8")
    ]
    assert len(lapsed) == 1
    html = lapsed[0].read_text(encoding="utf-8")
    assert '<span class="portal-badge portal-badge--lapsed">已失效</span>' in html
    assert '<th scope="row">当前状态</th><td>已失效</td>' in html


# --- page types ------------------------------------------------------------------------------


def test_the_entity_profile_gathers_every_kind_with_links_to_details(site: Path) -> None:
    html = page(site, "/entity/91360403MA35F0Q14W/")
    assert "<h1>九江市浔阳区恒达建材有限公司</h1>" in html
    assert "列入严重失信主体名单" in html and "列入守信激励名单" in html
    for heading in ("行政处罚", "行政许可", "严重失信主体名单", "信用承诺"):
        assert f">{heading}</h2>" in html
    details = [
        link for _, _, link in parse(html).links if re.fullmatch(r"/\w+/[0-9a-f]{16}/", link)
    ]
    assert len(details) == 2 + 2 + 3 + 1  # penalties, licences, three lists, commitment


def test_the_department_section_offers_its_embed_snippet(site: Path) -> None:
    html = page(site, "/dept/11360400MB1719061W/")
    snippet = (
        "&lt;iframe src=&#34;https://credit.example.gov.cn/embed/11360400MB1719061W/&#34; "
        "title=&#34;九江市市场监督管理局 双公示&#34;"
    )
    assert snippet in html
    assert "正在公示行政许可 2 条、行政处罚 3 条" in html


def test_the_embed_page_has_no_portal_chrome_and_opens_links_in_the_top_window(site: Path) -> None:
    html = page(site, "/embed/11360400MB1719061W/")
    assert '<base target="_top">' in html
    assert "portal-nav" not in html and "portal-header" not in html and "md-footer" not in html
    assert html.count("/penalties/") == 3 and html.count("/licensing/") == 2


def test_listings_have_static_filter_pages_by_department_year_and_category(site: Path) -> None:
    html = page(site, "/licensing/")
    assert "/licensing/dept/11360400MB1719061W/" in html
    assert "/licensing/year/2020/" in html and "/licensing/year/2025/" in html
    year_2020 = page(site, "/licensing/year/2020/")
    assert "九市监许〔2020〕3号" in year_2020 and "九市监许〔2025〕8号" not in year_2020


def test_articles_dated_after_the_build_day_are_not_published(site: Path) -> None:
    assert (site / "articles/2025/05/01/kaitong/index.html").is_file()
    assert not any("尚未发布的文章" in p.read_text(encoding="utf-8") for p in html_files(site))
    assert "金样市信用网站开通" in page(site, "/")


def test_tables_have_captions_and_header_cells(site: Path) -> None:
    for url in (
        "/",
        "/penalties/",
        "/entity/91360403MA35F0Q14W/",
        "/shuanggongshi/",
        "/opendata/",
        "/monitor/",
        "/monitor/2025-05/",
        "/dept/11360400MB1719061W/",
    ):
        html = page(site, url)
        assert html.count("<table>") == html.count("<caption>") > 0
        assert '<th scope="col">' in html


def test_the_monitor_is_in_the_column_bar_and_linked_from_shuanggongshi(site: Path) -> None:
    assert '<a class="portal-nav__link" href="/monitor/">报送通报</a>' in page(site, "/")
    assert 'href="/monitor/"' in page(site, "/shuanggongshi/")
    monitor = page(site, "/monitor/")
    assert '<meta name="ColumnName" content="报送通报">' in monitor
    assert 'aria-current="page">报送通报</a>' in monitor
    # the golden export has no 报送日期: nothing is judged, nothing is called late
    row = re.search(r'<tr><th scope="row"><a href="/dept/11360400MB1719061W/">.*?</tr>', monitor)
    assert row and "无报送日期" in row.group(0)
    charts = [part.split("</svg>")[0] for part in monitor.split("<svg")[1:]]
    assert charts and all("http" not in chart and "href" not in chart for chart in charts)


def test_a_department_section_shows_its_own_reporting(site: Path) -> None:
    html = page(site, "/dept/11360400MB1719061W/")
    assert 'id="baosong"' in html and "近 12 个月每月报送情况" in html
    assert "本部门报送的记录都未填报送日期" in html
    # May 2025: three penalties decided in May, none with a 报送日期
    may = re.search(
        r'<tr><th scope="row"><a href="/monitor/2025-05/">2025年5月</a></th>(.*?)</tr>', html
    )
    assert may and re.findall(r"<td>([^<]*)</td>", may.group(1))[:5] == ["3", "3", "0", "—", "3"]
