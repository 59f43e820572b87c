"""The full-text index: terms the browser can ask for, lunr shards that add up, what is indexed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import published_records, row

from generator.site.emitters.search import to_json
from generator.site.emitters.textindex import (
    TextDoc,
    build_lunr,
    editorial_documents,
    emit_text_index,
    query_terms,
    search_shards,
    split_index,
    stop_terms,
    text_terms,
)
from generator.site.index import index_site

DOCS = [
    TextDoc(
        "cases",
        "某建材公司完成信用修复",
        "/cases/a/",
        "2025-05-01",
        "该企业主动履行义务，申请信用修复。",
    ),
    TextDoc(
        "cases",
        "联合惩戒典型案例",
        "/cases/b/",
        "2025-04-01",
        "被列入失信被执行人名单，在招标投标中受到限制。",
    ),
    TextDoc(
        "warnings", "警惕付费修复骗局", "/warnings/c/", "2025-03-01", "信用修复不收取任何费用。"
    ),
    TextDoc(
        "articles", "推行告知承诺制", "/articles/d/", "2025-02-01", "证明事项告知承诺制全面推行。"
    ),
]


def test_a_document_is_indexed_by_its_jieba_words_and_every_bigram() -> None:
    terms = text_terms("申请信用修复。")
    assert {"申请", "信用", "修复"} <= set(terms)  # jieba's words
    assert {"请信", "用修"} <= set(terms)  # bigrams across words, so any two characters match
    assert "复。" not in terms and all(t == t.lower() for t in text_terms("A级纳税人"))


def test_a_query_asks_for_bigrams_covering_it_and_for_itself_as_a_word() -> None:
    assert query_terms("信用修复") == [("信用", True), ("修复", True), ("信用修复", False)]
    assert query_terms("失信被执行人") == [
        ("失信", True),
        ("被执", True),
        ("行人", True),
        ("失信被执行人", False),
    ]
    assert query_terms("告知承诺制") == [
        ("告知", True),
        ("承诺", True),
        ("诺制", True),
        ("告知承诺制", False),
    ]
    assert query_terms("信用 修复") == [("信用", True), ("修复", True)]
    assert query_terms("信") == []


def _scores(shards: list[dict[str, object]], query: str) -> dict[int, float]:
    return {n: round(s, 6) for n, s in search_shards(shards, query, set()).items()}


def test_a_word_from_the_text_finds_its_document_first() -> None:
    index = build_lunr(DOCS)
    (whole,) = split_index(index, 1, set())
    assert list(_scores([whole], "失信被执行人")) == [1]
    assert list(_scores([whole], "招标投标")) == [1]
    found = _scores([whole], "信用修复")
    assert set(found) == {0, 2} and found[0] > found[2]  # in its title scores higher
    assert _scores([whole], "无此字词") == {}


def test_shards_add_up_to_the_scores_of_the_whole_index() -> None:
    index = build_lunr(DOCS)
    whole = split_index(index, 1, set())
    for count in (2, 4, 16):
        shards = split_index(index, count, set())
        assert sum(len(s["invertedIndex"]) for s in shards) == len(index["invertedIndex"])
        for query in ("信用修复", "失信被执行人", "告知承诺制", "修复"):
            assert _scores(shards, query) == _scores(whole, query), (count, query)


def test_stop_terms_are_never_posted_nor_required() -> None:
    many = [
        TextDoc("cases", f"案例{i}", f"/cases/{i}/", "2025-01-01", f"信用信息第{i}号")
        for i in range(420)
    ]
    index = build_lunr(many)
    stop = stop_terms(index, len(many))
    assert {"信用", "用信", "信息"} <= stop and "案例" in stop
    shards = split_index(index, 8, stop)
    assert not {term for s in shards for term, _ in s["invertedIndex"]} & stop
    assert set(search_shards(shards, "信用第7号", stop)) >= {7}


def test_articles_and_guides_come_from_materials_index_one_document_a_page() -> None:
    material = {
        "docs": [
            {"location": "articles/", "title": "文章", "text": "<p>列表</p>"},
            {
                "location": "articles/2025/01/02/x/",
                "title": "诚信\u200b建设",
                "text": "<p>正文</p>",
            },
            {"location": "xinyong-xiufu/", "title": "信用\u200b修复", "text": "<p>说明</p>"},
            {
                "location": "xinyong-xiufu/#_2",
                "title": "怎样办理",
                "text": "<ol><li>带&amp;材料</li></ol>",
            },
            {"location": "articles/category/x/", "title": "信用动态", "text": ""},
        ]
    }
    site = index_site({}, (), date(2025, 6, 1))
    docs = editorial_documents(site, json.dumps(material).encode())
    assert [(d.group, d.title, d.url) for d in docs] == [
        ("articles", "诚信建设", "/articles/2025/01/02/x/"),
        ("guides", "信用修复", "/xinyong-xiufu/"),
    ]
    assert "怎样办理" in docs[1].body and "带&材料" in docs[1].body and "<" not in docs[1].body


def test_the_emitted_index_finds_a_case_by_a_word_of_its_text(tmp_path: Path) -> None:
    published = published_records(tmp_path, {"cases": [row("cases")]})
    site = index_site(published, (), date(2025, 6, 1))
    files = {a.path: a.data for a in emit_text_index(site, None)}
    meta = json.loads(files["search/text/meta.json"])
    assert meta["docs"] == 1 and meta["groups"] == [["cases", 0, 1]] and meta["shards"] == 1
    shards = [json.loads(files[f"search/text/{n:x}.json"]) for n in range(meta["shards"])]
    body = site.kinds["cases"][0].body  # type: ignore[union-attr]
    assert "主动纠正" in body
    assert list(search_shards(shards, "主动纠正", set(meta["stop"]))) == [0]
    assert list(search_shards(shards, "纠正失信", set(meta["stop"]))) == [0]
    rows = json.loads(files["search/text/doc/0.json"])
    assert rows[0][1].startswith("/cases/") and to_json(rows)
