"""Editors and configuration are not a way in: a hostile city built for real, page by page.

The golden city, with hostile articles, a hostile guide and hostile configuration values
(footer keys, site_name, site_url, a column title), is built once; every page is then parsed
as a browser parses it (html5lib) to show that nothing injected became an element, an
attribute or a script, and that nginx.conf allows only the theme's own scripts.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import html5lib
import pytest
import yaml

from generator.cli import main
from generator.core.config import load_config
from generator.decide.articles import Article
from generator.decide.editorial_checks import url_scheme
from generator.publish.csp import csp_hash, site_inline_sources
from generator.publish.theme_scripts import portal_theme
from generator.site.emitters.editorial import EditorialError, build_editorial, theme_dirs
from generator.site.emitters.mkdocs_guard import harden_config

ROOT = Path(__file__).parents[2]
GOLDEN = ROOT / "tests" / "golden"
DAY = "2025-06-01"
INJECTED = ('alert("title")', 'alert("summary")', 'alert("body")', 'alert("sponsor")')

HOSTILE_CONFIG = {
    "site_name: 信用中国（金样市）": 'site_name: 信用中国（金样市）<script>alert("site_name")</script>',
    # A site_url carrying markup is refused as a configuration error (tests/core/test_config.py).
    "    sponsor: 金样市发展和改革委员会": (
        '    sponsor: 金样市发改委<script>alert("sponsor")</script>\n'
        "    icp: 赣ICP备<img src=x onerror=alert(1)>\n"
        '    contact: \'"><script>alert("contact")</script>\'\n'
        "    police_record: 公安备案\n"
        "    police_record_code: '1\"onmouseover=\"alert(7)'"
    ),
    "  - 红黑名单: /lists/": '  - 红黑<script>alert("nav")</script>: /lists/',
}
HOSTILE_TITLE = '标题<script>alert("title")</script>"><img src=x onerror=alert(5)>'
BAD_BODY = (
    '正文<script>alert("body")</script>\n\n<iframe src="https://evil.example/"></iframe>\n\n'
    '[点我][x]\n\n[x]: javascript:alert(2)\n\n段落\n{: onclick="alert(4)" style="color:red" }\n'
)


def front(title: str, day: str, summary: str) -> str:
    """Return front matter of six lines: the body then starts on line 8."""
    meta = {"title": title, "date": day, "category": "信用动态", "summary": summary}
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n\n"


def hostile_city(root: Path) -> Path:
    """Copy the golden city into `root` with hostile articles and configuration."""
    for name in ("data", "site_src"):
        shutil.copytree(GOLDEN / name, root / name)
    text = (GOLDEN / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("../../templates/theme", str(ROOT / "templates" / "theme"))
    for old, new in HOSTILE_CONFIG.items():
        assert old in text
        text = text.replace(old, new)
    text += "markdown_extensions:\n  - attr_list\n"  # attributes the source never spells out
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    posts = root / "site_src" / "articles" / "posts"
    (posts / "2025-05-02-bad.md").write_text(
        front("坏文章", "2025-05-02", "摘要") + BAD_BODY, encoding="utf-8"
    )
    summary = '摘要<script>alert("summary")</script>\'"'
    (posts / "2025-05-03-title.md").write_text(
        front(HOSTILE_TITLE, "2025-05-03", summary) + "普通正文。\n", encoding="utf-8"
    )
    (root / "site_src" / "guide.md").write_text(
        '# 指南 &lt;/title&gt;&lt;script&gt;alert("heading")&lt;/script&gt;\n\n正文。\n',
        encoding="utf-8",
    )
    return root / "mkdocs.yml"


def build(config: Path, root: Path, out: str = "site") -> int:
    args = ["--config", str(config), "build", "--data", str(root / "data")]
    return main([*args, "--out", str(root / out), "--work", str(root / "build"), "--today", DAY])


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the hostile city once; return its folder (site/, build/ inside)."""
    root = tmp_path_factory.mktemp("hostile")
    assert build(hostile_city(root), root) == 0
    return root


def elements(page: Path) -> list:  # type: ignore[type-arg]
    """Return every element of a page as a browser builds it."""
    tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    return [e for e in tree.iter() if isinstance(e.tag, str)]


def test_nothing_injected_becomes_an_element_attribute_or_script(city: Path) -> None:
    pages = sorted((city / "site").rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        for element in elements(page):
            script = element.text or "" if element.tag == "script" else ""
            assert not re.search(r'alert\((?:"|\d)', script), page  # %22 in a URL is inert
            assert element.tag not in ("iframe", "object", "embed", "svg", "form") or (
                element.tag == "form" and element.get("role") == "search"  # the portal's own
            ), (page, element.tag)
            for name, value in element.attrib.items():
                assert not name.startswith("on"), (page, element.tag, name)
                assert url_scheme(value) not in ("javascript", "vbscript"), (page, name, value)


def test_hostile_text_shows_as_text_where_material_prints_it(city: Path) -> None:
    post = (city / "site/articles/2025/05/03/title/index.html").read_text(encoding="utf-8")
    head = re.search(r"<title>(.*?)</title>", post)
    assert head and "&lt;script&gt;alert(&quot;title&quot;)" in head.group(1)
    assert '<meta name="description" content="摘要&lt;script&gt;' in post
    guide = (city / "site/guide/index.html").read_text(encoding="utf-8")
    assert "<title>指南 &lt;/title&gt;&lt;script&gt;" in guide
    for page in ("articles/index.html", "guide/index.html", "penalties/index.html"):
        text = (city / "site" / page).read_text(encoding="utf-8")
        assert "主办单位：金样市发改委&lt;script&gt;alert(&#34;sponsor&#34;)" in text, page
        assert "code=1%22onmouseover%3D%22alert%287%29" in text, page  # a URL: percent-encoded
        assert "红黑&lt;script&gt;" in text and "信用中国（金样市）&lt;script&gt;" in text, page
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', guide)
    assert canonical and canonical.group(1) == "https://credit.example.gov.cn/guide/"


def test_the_article_with_active_html_is_withheld_and_reported_by_line(city: Path) -> None:
    assert not (city / "site/articles/2025/05/02/bad").exists()
    report = (city / "build/report/rejected.csv").read_text(encoding="utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(report)) if r["file"].endswith("-bad.md")]
    lines = sorted({int(r["row"]) for r in rows})
    assert lines == [8, 10, 14, 17], rows  # script, iframe, the link's definition, attr_list
    feed = feedparser.parse((city / "site/feeds/articles/atom.xml").read_bytes())
    assert [e.title for e in feed.entries if "坏文章" in e.title] == []
    (entry,) = [e for e in feed.entries if e.link.endswith("/2025/05/03/title/")]
    assert entry.title == HOSTILE_TITLE and entry.title_detail.type == "text/plain"


def test_nginx_conf_hashes_only_the_theme_scripts(city: Path) -> None:
    conf = (city / "build/deploy/nginx.conf").read_text(encoding="utf-8")
    allowed = set(re.findall(r"'sha256-[^']+'", conf))
    theme = portal_theme(theme_dirs(load_config(city / "mkdocs.yml")))
    sources = site_inline_sources(city / "site", theme)
    assert sources.foreign == () and allowed == set(sources.script_hashes) and allowed
    for script in INJECTED:
        assert csp_hash(script) not in allowed and not theme.recognises(script)


def test_a_slug_out_of_the_tree_writes_nothing_outside(tmp_path: Path) -> None:
    config = hostile_city(tmp_path)
    target = tmp_path / "outside" / "index"
    slug = "../" * 12 + str(target).lstrip("/")
    post = tmp_path / "site_src/articles/posts/2025-05-04-escape.md"
    post.write_text(f"---\ntitle: 逃逸\ndate: 2025-05-04\nslug: {slug}\n---\n\n正文。\n", "utf-8")
    assert build(config, tmp_path) == 0
    assert not (tmp_path / "outside").exists()
    report = (tmp_path / "build/report/rejected.csv").read_text(encoding="utf-8-sig")
    assert "site_src/articles/posts/2025-05-04-escape.md,4,slug," in report
    # Even an article handed to mkdocs unchecked cannot write outside: the guard stops mkdocs
    # before it writes a page, naming the file.
    article = Article(post.relative_to(tmp_path / "site_src").as_posix(), "逃逸", date(2025, 5, 4),
                      "", "", False, "正文。\n", slug)  # fmt: skip
    with pytest.raises(EditorialError, match=r"2025-05-04-escape\.md.*不在网站目录内"):
        build_editorial(config, tmp_path / "site_src", (article,), date(2025, 6, 1), EXTRA)
    assert not (tmp_path / "outside").exists()


EXTRA = {
    "portal_base": "/",
    "portal_assets": {"css": "x.css", "js": "x.js"},
    "portal_build_day": DAY,
}


def test_the_rendered_page_is_checked_too(tmp_path: Path) -> None:
    """An article that reaches mkdocs unchecked is still refused, by file and line."""
    config = hostile_city(tmp_path)
    path = "articles/posts/2025-05-02-bad.md"
    body = (tmp_path / "site_src" / path).read_text(encoding="utf-8").split("---\n\n", 1)[1]
    article = Article(path, "坏文章", date(2025, 5, 2), "信用动态", "", False, body, "bad", 8)
    with pytest.raises(EditorialError) as refused:
        build_editorial(config, tmp_path / "site_src", (article,), date(2025, 6, 1), EXTRA)
    assert f"site_src/{path} 第 8 行：不能含脚本" in str(refused.value)
    assert f"site_src/{path} 第 17 行：不允许事件处理属性 onclick" in str(refused.value)


def test_active_html_in_a_guide_stops_the_build_and_keeps_the_live_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = hostile_city(tmp_path)
    (tmp_path / "site_src/articles/posts/2025-05-02-bad.md").unlink()
    assert build(config, tmp_path) == 0
    live = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    guide = tmp_path / "site_src" / "yiyi-shensu.md"
    guide.write_text(guide.read_text("utf-8") + "\n<iframe src=x></iframe>\n", "utf-8")
    capsys.readouterr()
    assert build(config, tmp_path) == 1
    line = len(guide.read_text("utf-8").split("\n")) - 1
    assert f"site_src/yiyi-shensu.md 第 {line} 行：不允许的 HTML 元素 <iframe>" in (
        capsys.readouterr().err
    )
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()} == live


def mkdocs_config(tmp_path: Path, extra_yaml: str) -> Any:
    """Return mkdocs' reading of a Material configuration with some lines added."""
    from mkdocs.config import load_config as load_mkdocs

    (tmp_path / "docs").mkdir(exist_ok=True)
    text = (GOLDEN / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("../../templates/theme", str(ROOT / "templates" / "theme"))
    (tmp_path / "mkdocs.yml").write_text(text + extra_yaml, encoding="utf-8")
    return load_mkdocs(config_file=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"))


@pytest.mark.parametrize(
    ("extra_yaml", "option"),
    [
        ("  analytics:\n    provider: custom\n    property: 'G-1\"),alert(1),(\"'\n", "property"),
        ("  analytics:\n    provider: google\n    property: G-ABC123\n", "provider"),
        ("  scope: '\"+alert(1)+\"'\n", "extra.scope"),
    ],
)
def test_material_options_that_reach_its_inline_scripts_are_refused(
    tmp_path: Path, extra_yaml: str, option: str
) -> None:
    config = mkdocs_config(tmp_path, extra_yaml)
    with pytest.raises(EditorialError, match=re.escape(option)):
        harden_config(config)


def test_fonts_from_google_and_script_links_in_the_nav_are_refused(tmp_path: Path) -> None:
    config = mkdocs_config(tmp_path, "")
    config.theme["font"] = {"text": "Roboto</style><script>alert(1)</script>"}
    with pytest.raises(EditorialError, match=r"theme\.font"):
        harden_config(config)
    config = mkdocs_config(tmp_path, "")
    config["nav"] = [{"首页": "/"}, {"坏链接": "javascript:alert(1)"}]
    with pytest.raises(EditorialError, match="nav"):
        harden_config(config)


def test_plain_values_pass_escaped_once(tmp_path: Path) -> None:
    config = mkdocs_config(tmp_path, "  analytics:\n    provider: custom\n    property: G-ABC123\n")
    config["site_name"] = "信用<中国>"
    harden_config(config)
    assert (
        config["site_name"] == "信用&lt;中国&gt;" and f"{config['site_name']}" == "信用&lt;中国&gt;"
    )
    assert config["site_url"] == "https://credit.example.gov.cn/"
    assert [next(iter(entry)) for entry in config["nav"]][:2] == ["首页", "信用动态"]
