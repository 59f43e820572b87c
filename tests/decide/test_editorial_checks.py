"""Editors' Markdown: active HTML refused by file and line, articles withheld, pages blocking."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from generator.core.config import load_config
from generator.decide.articles import decide_articles, post_slug
from generator.decide.editorial_checks import Render, check_body, find_active, url_scheme
from generator.site.emitters.editorial import markdown_renderer

ROOT = Path(__file__).parents[2]
DAY = date(2025, 6, 1)
FRONT = "---\ntitle: 标题\ndate: 2025-05-02\ncategory: 信用动态\n---\n\n"  # body starts on line 7


@pytest.fixture(scope="module")
def render() -> Render:
    """Return the demo site's Markdown renderer (its mkdocs.yml extensions)."""
    return markdown_renderer(load_config(ROOT / "mkdocs.yml"))


# Each attack sits on line 3 of a body, after an ordinary paragraph.
ATTACKS = {
    "script": "<script>alert(1)</script>",
    "script in a paragraph": "正文<script>alert(1)</script>正文",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "svg with a handler": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "svg slash handler": "<svg/onload=alert(1)>",
    "math": "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    "form": '<form action="https://evil.example/"><input name="q"></form>',
    "base": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "link": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "style element": "<style>body{display:none}</style>",
    "handler on an allowed element": '<p onclick="alert(1)">点我</p>',
    "upper-case handler": "<IMG SRC=x.png ONERROR=alert(1)>",
    "style attribute": '<span style="position:fixed;top:0">遮罩</span>',
    "inline javascript link": "[点我](javascript:alert(1))",
    "entity-spelt javascript": "[点我](jav&#x61;script:alert(1))",
    "raw javascript link": '<a href=" JavaScript:alert(1)">点我</a>',
    "vbscript link": "[点我](vbscript:msgbox(1))",
    "data link": "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![图](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "external image": "![图](https://evil.example/track.png)",
    "autolink": "<javascript:alert(1)>",
    "comment ending early": "<!--><script>alert(1)</script>-->",
    "reserved id": '<div id="__config">{}</div>',
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_active_html_is_refused_on_its_line(render: Render, attack: str) -> None:
    body = f"第一段。\n\n{ATTACKS[attack]}\n\n最后一段。\n"
    problems = check_body("site_src/a.md", body, 7, render)
    assert problems, attack
    assert {p.row for p in problems} == {9}, (attack, problems)  # the body's line 3
    assert all(p.file == "site_src/a.md" and p.field == "正文" for p in problems)


def test_a_reference_link_is_located_on_its_definition(render: Render) -> None:
    body = "见[这里][x]。\n\n其他段落。\n\n[x]: javascript:alert(1)\n"
    (problem,) = check_body("site_src/a.md", body, 7, render)
    assert problem.row == 11 and "javascript" in problem.reason


def test_attr_list_attributes_are_refused_on_their_line(render: Render) -> None:
    body = '第一段。\n\n一段文字\n{: onclick="alert(1)" style="color:red" }\n'
    problems = check_body("site_src/a.md", body, 7, render)
    assert {p.row for p in problems} == {10}
    assert {p.reason.split("（")[0].split("：")[0] for p in problems} == {
        "不允许事件处理属性 onclick",
        "不允许 style 属性",
    }


def test_inert_markdown_and_html_pass(render: Render) -> None:
    body = (
        "# 标题\n\n**粗体** *斜体* `<script>在代码里</script>`\n\n"
        "    <iframe>缩进代码块</iframe>\n\n"
        "| 左 | 右 |\n|:--|--:|\n| 1 | 2 |\n\n"  # aligned columns: align="…", not style
        '!!! note "提示"\n    正文\n\n'
        "[站内](../xinyong-xiufu/) [外站](https://www.creditchina.gov.cn/) [邮件](mailto:a@b.cn) "
        "[电话](tel:0792-0000000) ![图](/assets/a.png)\n\n"
        '<details open><summary>更多</summary><p class="x" title="t">内容</p></details>\n\n'
        "<!-- more -->\n"
    )
    assert check_body("site_src/a.md", body, 7, render) == []


def test_a_browser_reads_the_scheme_past_blanks_and_controls() -> None:
    assert url_scheme("\x01 java\tscr\nipt:alert(1)") == "javascript"
    assert url_scheme("//evil.example/x") == "//"
    assert url_scheme("/a:b") == url_scheme("a/b:c") == url_scheme("#x") == ""
    assert [f.code for f in find_active('<a href="mailto:a@b">x</a>')] == []


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_an_article_with_active_html_is_withheld_and_the_rest_published(
    tmp_path: Path, render: Render
) -> None:
    docs = tmp_path / "site_src"
    write(docs, "articles/posts/2025-05-02-bad.md", FRONT + "正文。\n\n<iframe src=x></iframe>\n")
    write(docs, "articles/posts/2025-05-03-good.md", FRONT.replace("05-02", "05-03") + "正文。\n")
    articles = decide_articles(docs, DAY, render)
    assert [a.path for a in articles.published] == ["articles/posts/2025-05-03-good.md"]
    (problem,) = articles.problems
    assert (problem.file, problem.row) == ("site_src/articles/posts/2025-05-02-bad.md", 9)
    assert articles.counts.rejected == 1 and articles.counts.balances()
    assert articles.blocking == ()


def test_active_html_in_a_page_blocks_the_build(tmp_path: Path, render: Render) -> None:
    docs = tmp_path / "site_src"
    write(docs, "guide.md", "# 指南\n\n正文。\n\n<script>alert(1)</script>\n")
    articles = decide_articles(docs, DAY, render)
    (problem,) = articles.blocking
    assert (problem.file, problem.row) == ("site_src/guide.md", 5)


@pytest.mark.parametrize("name", ["evil.html", "a/x.js", "logo.svg", "feed.xml", "page.htm"])
def test_files_a_browser_would_run_block_the_build(tmp_path: Path, name: str) -> None:
    write(tmp_path / "site_src", name, "<script>alert(1)</script>")
    write(tmp_path / "site_src", "photo.png", "png")
    articles = decide_articles(tmp_path / "site_src", DAY)
    assert [p.file for p in articles.blocking] == [f"site_src/{name}"]


def test_a_link_leading_out_of_the_editorial_folder_blocks_the_build(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    docs = tmp_path / "site_src"
    docs.mkdir()
    os.symlink(tmp_path / "secret.txt", docs / "notice.txt")
    (docs / "real.txt").write_text("公开", encoding="utf-8")
    os.symlink(docs / "real.txt", docs / "inside.txt")  # a link inside the folder is fine
    os.symlink(tmp_path, docs / "up")
    articles = decide_articles(docs, DAY)
    assert sorted(p.file for p in articles.blocking) == ["site_src/notice.txt", "site_src/up"]


def test_a_slug_that_leaves_its_folder_is_refused_with_the_file_named(tmp_path: Path) -> None:
    docs = tmp_path / "site_src"
    for number, slug in enumerate(["../../index", "a/b", "..", "ok-slug_1", "x" * 101]):
        write(
            docs,
            f"articles/posts/2025-05-0{number + 1}-a{number}.md",
            f"---\ntitle: 标题\ndate: 2025-05-0{number + 1}\nslug: '{slug}'\n---\n\n正文。\n",
        )
    articles = decide_articles(docs, DAY)
    assert [a.slug for a in articles.published] == ["ok-slug_1"]
    refused = sorted((p.file, p.row, p.field) for p in articles.problems)
    assert refused == [
        (f"site_src/articles/posts/2025-05-0{n + 1}-a{n}.md", 4, "slug") for n in (0, 1, 2, 4)
    ]


def test_chinese_file_names_of_one_day_get_distinct_stable_slugs(tmp_path: Path) -> None:
    docs = tmp_path / "site_src"
    for name in ("通知", "公告"):
        write(docs, f"articles/posts/2025-05-02-{name}.md", FRONT + "正文。\n")
    slugs = [a.slug for a in decide_articles(docs, DAY).published]
    assert len(set(slugs)) == 2 and all(s.startswith("p-") and s.isascii() for s in slugs)
    assert slugs == [post_slug("articles/posts/2025-05-02-公告.md"), post_slug("2025-05-02-通知")]
    assert post_slug("2026-03-20-shuanggongshi-qige-gongzuori.md") == "shuanggongshi-qige-gongzuori"


def test_two_articles_sharing_a_url_are_both_refused_naming_each_other(tmp_path: Path) -> None:
    docs = tmp_path / "site_src"
    write(docs, "articles/posts/2025-05-02-a.md", FRONT.replace("---\n\n", "slug: same\n---\n\n"))
    write(
        docs, "articles/posts/more/2025-05-02-b.md", FRONT.replace("---\n\n", "slug: same\n---\n\n")
    )
    articles = decide_articles(docs, DAY)
    assert articles.published == () and articles.counts.rejected == 2
    first, second = sorted(articles.problems, key=lambda p: p.file)
    assert "site_src/articles/posts/more/2025-05-02-b.md" in first.reason
    assert "site_src/articles/posts/2025-05-02-a.md" in second.reason
    assert first.value == second.value == "/articles/2025/05/02/same/"


def test_a_category_html_would_read_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "site_src"
    write(docs, "articles/posts/2025-05-02-a.md", FRONT.replace("信用动态", "<script>x</script>"))
    articles = decide_articles(docs, DAY)
    assert articles.published == ()
    assert [(p.row, p.field) for p in articles.problems] == [(4, "category")]


def test_control_characters_and_unknown_keys_are_reported_not_refused(tmp_path: Path) -> None:
    docs = tmp_path / "site_src"
    # YAML refuses a raw control character, but writes one from an escape in double quotes.
    text = (
        '---\ntitle: "标\\x00题\\e"\ndate: 2025-05-02\ntemplate: redirect.html\n---\n\n正\x07文\n'
    )
    write(docs, "articles/posts/2025-05-02-a.md", text)
    articles = decide_articles(docs, DAY)
    (article,) = articles.published
    assert article.title == "标题" and article.body == "正文\n"
    assert sorted((p.row, p.field) for p in articles.problems) == [
        (2, "title"),
        (4, "template"),
        (7, "正文"),
    ]


def test_every_listed_category_is_checked(tmp_path: Path) -> None:
    docs = tmp_path / "site_src"
    text = (
        "---\ntitle: 标题\ndate: 2025-05-02\ncategories:\n  - 信用动态\n  - <b>x</b>\n---\n\n正文\n"
    )
    write(docs, "articles/posts/2025-05-02-a.md", text)
    articles = decide_articles(docs, DAY)
    assert articles.published == () and [p.value for p in articles.problems] == ["<b>x</b>"]


def test_a_title_or_summary_the_blog_renders_as_markdown_is_checked(
    tmp_path: Path, render: Render
) -> None:
    """The blog's excerpts render the title as a heading and the summary as a paragraph."""
    docs = tmp_path / "site_src"
    link = "[点我](javascript:alert(1))"
    write(docs, "articles/posts/2025-05-02-a.md", FRONT.replace("title: 标题", f"title: '{link}'"))
    write(
        docs,
        "articles/posts/2025-05-03-b.md",
        FRONT.replace("---\n\n", f"summary: '{link}'\n---\n\n"),
    )
    write(docs, "articles/posts/2025-05-04-c.md", FRONT.replace("标题", "标题 <script>x</script>"))
    articles = decide_articles(docs, DAY, render)
    assert [a.path for a in articles.published] == ["articles/posts/2025-05-04-c.md"]  # text
    assert sorted((p.file[-7:], p.row, p.field) for p in articles.problems) == [
        ("02-a.md", 2, "title"),
        ("03-b.md", 5, "summary"),
    ]


def test_a_page_that_cannot_be_read_blocks_the_build_an_article_is_rejected(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "site_src"
    write(docs, "guide.md", "---\ntitle: [未闭合\n---\n\n<script>alert(1)</script>\n")
    write(docs, "articles/posts/2025-05-02-a.md", "---\ntitle: [未闭合\n---\n\n正文\n")
    articles = decide_articles(docs, DAY)
    assert [p.file for p in articles.blocking] == ["site_src/guide.md"]
    assert articles.counts.rejected == 1 and articles.counts.balances()
