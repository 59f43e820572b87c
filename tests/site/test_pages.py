"""The pure pieces behind the pages: URLs, pagination, nav, article staging and the site index."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from generator.core.config import nav_links, target_url
from generator.core.urls import facet_slug, page_count, page_path, paged
from generator.decide.articles import Article, post_slug, split_front_matter
from generator.site.emitters.editorial import category_slug, stage_page, stage_post
from generator.site.page import pager


def test_a_directory_url_is_served_by_its_index_file() -> None:
    assert page_path("/") == "index.html"
    assert page_path("/entity/91360403MA35F0Q14W/") == "entity/91360403MA35F0Q14W/index.html"
    assert paged("/penalties/", 1) == "/penalties/"
    assert paged("/penalties/", 3) == "/penalties/page/3/"


@pytest.mark.parametrize(("total", "pages"), [(0, 1), (1, 1), (20, 1), (21, 2), (400, 20)])
def test_page_count(total: int, pages: int) -> None:
    assert page_count(total) == pages


def test_filter_slugs_are_ascii_and_stable() -> None:
    assert facet_slug("dept", "11360400MB1719061W") == "11360400MB1719061W"
    assert facet_slug("year", "2026") == "2026"
    slug = facet_slug("category", "没收违法所得")
    assert slug.isascii() and slug == facet_slug("category", "没收违法所得") and len(slug) == 10


def test_the_pager_shows_first_last_and_neighbours_with_gaps() -> None:
    result = pager(10, 20, lambda n: f"/p/{n}/")
    numbers = [link[0] if link else None for link in result["links"]]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert result["prev"] == "/p/9/" and result["next"] == "/p/11/"
    first = pager(1, 2, lambda n: f"/p/{n}/")
    assert first["prev"] == "" and [link[0] for link in first["links"] if link] == [1, 2]


def test_nav_entries_become_column_links() -> None:
    nav = [
        {"首页": "/"},
        {"信用修复": "xinyong-xiufu/index.md"},
        {"异议申诉": "yiyi-shensu.md"},
        {"政策": [{"法规": "policy/laws.md"}, "policy/other.md"]},
    ]
    assert nav_links(nav) == (
        ("首页", "/"),
        ("信用修复", "/xinyong-xiufu/"),
        ("异议申诉", "/yiyi-shensu/"),
        ("政策", "/policy/laws/"),
    )
    assert target_url("https://www.creditchina.gov.cn/") == "https://www.creditchina.gov.cn/"


def test_article_categories_get_ascii_urls() -> None:
    assert category_slug("信用动态") == "xinyong-dongtai"
    assert category_slug("News") == "news"
    other = category_slug("信易贷专栏")
    assert other.startswith("c-") and other.isascii() and other == category_slug("信易贷专栏")


def _article(path: str, text: str) -> Article:
    meta, body = split_front_matter(text)
    return Article(
        path, str(meta["title"]), date(2026, 7, 15), str(meta.get("category") or ""),
        str(meta.get("summary") or ""), False, body, post_slug(path),
    )  # fmt: skip


def test_an_article_is_staged_in_the_blog_plugins_terms() -> None:
    text = (
        "---\ntitle: 标题\ndate: 2026-07-15\ncategory: 信用动态\nsummary: 导语。\n---\n\n正文。\n"
    )
    staged = stage_post(text, _article("articles/posts/2026-07-15-mianfei.md", text))
    meta, body = split_front_matter(staged)
    assert meta["categories"] == ["信用动态"] and "category" not in meta
    assert meta["slug"] == "mianfei" and meta["description"] == "导语。"
    assert body.startswith("导语。\n\n<!-- more -->\n\n正文。")


def test_an_article_without_summary_is_excerpted_at_its_first_paragraph() -> None:
    text = "---\ntitle: 标题\ndate: 2026-07-15\n---\n\n第一段。\n\n第二段。\n"
    _, body = split_front_matter(stage_post(text, _article("articles/posts/x.md", text)))
    assert body == "第一段。\n\n<!-- more -->\n\n第二段。\n"


def test_titles_and_summaries_reach_material_escaped_and_unknown_keys_do_not() -> None:
    """Material prints front matter titles and descriptions as HTML: they are staged escaped."""
    text = (
        '---\ntitle: 标题<script>alert("t")</script>\ndate: 2026-07-15\n'
        'summary: 导语"><img src=x onerror=alert(1)>\ntemplate: redirect.html\n'
        "location: javascript:alert(2)\n---\n\n正文。\n"
    )
    meta, body = split_front_matter(stage_post(text, _article("articles/posts/x.md", text)))
    assert meta["title"] == "标题&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;"
    assert meta["description"] == "导语&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert body.startswith("导语&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\n\n<!-- more -->")
    assert "template" not in meta and "location" not in meta
    page_meta, _ = split_front_matter(stage_page("---\ntitle: <b>指南</b>\nicon: x\n---\n\n正文\n"))
    assert page_meta == {"title": "&lt;b&gt;指南&lt;/b&gt;"}


def test_an_article_of_several_categories_keeps_them_all() -> None:
    text = "---\ntitle: 标题\ndate: 2026-07-15\ncategories: [信用动态, 政策法规]\n---\n\n正文。\n"
    article = _article("articles/posts/x.md", text)
    meta, _ = split_front_matter(stage_post(text, replace(article, category="信用动态")))
    assert meta["categories"] == ["信用动态", "政策法规"]
