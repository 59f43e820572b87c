"""The full-text index of what people read: 典型案例, 风险提示, articles and guides, for lunr.js.

lunr.py builds one index over every document; lunr.js loads it only when a visitor searches.
The browser cannot run jieba, so index and query agree on character bigrams: a document is
indexed by its jieba words (`cut_for_search`) and by every bigram of its text, and a query
asks for bigrams covering what was typed (all required) and the whole of it as a word (which
scores a document holding that jieba word higher). Articles and guides come from the text
Material's search plugin extracted from the pages it rendered; cases and warnings are records.

One lunr index must be loaded whole, and at 10^6 records the demo city has 6,615 texts (2.5
MB after gzip). So a large index is split by term into shards (FNV-1a of the term), each a
complete lunr index of its terms: the inverted index entries and, of every document vector,
the elements of those terms. lunr scores a document by dot(query, document) / |query|, so
scores from shards, each multiplied back by its part of |query|, add up to the whole index's
score exactly (search.js). Terms in more than a quarter of the documents are stop terms:
never posted, never required.
"""

from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.core.artifacts import Artifact
from generator.core.urls import BASE, article_url, record_url
from generator.site.emitters.search import fnv1a, shard_count, to_json
from generator.site.index import Site

TEXT_CHUNK = 16  # documents per display file
WHOLE_BELOW = 48_000  # an index smaller than this after gzip (about) is one file
PER_SHARD = 400  # postings a shard holds, about, when the index is split
GROUPS = ("cases", "warnings", "articles", "guides")
_RUN = re.compile(r"[0-9A-Z\u3400-\u9fff\uf900-\ufaff]+")
_TAG = re.compile(r"<[^>]*>")
_LISTINGS = re.compile(r"articles/(?:$|archive/|category/|page/)")


@dataclass(frozen=True, slots=True)
class TextDoc:
    """One searchable text: its group, title, page, day (or '') and body."""

    group: str
    title: str
    url: str
    day: str
    body: str


def runs(text: str) -> list[str]:
    """Return the runs of searchable characters of a text, folded as the search folds them."""
    return [r.lower() for r in _RUN.findall(unicodedata.normalize("NFKC", text).upper())]


def text_terms(text: str) -> list[str]:
    """Return a text's index terms: its jieba words (2+ characters) and all its bigrams."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    terms = [w for word in jieba.cut_for_search(text) for w in runs(word) if len(w) >= 2]
    for run in runs(text):
        terms += [run[i : i + 2] for i in range(len(run) - 1)]
    return terms


def query_terms(text: str) -> list[tuple[str, bool]]:
    """Return a query's terms and whether each is required (search.js: textTerms).

    Bigrams that cover each run of the query end to end are required; a run of three or more
    characters is also asked for whole, as an optional word.
    """
    terms: list[tuple[str, bool]] = []
    for run in runs(text):
        if len(run) < 2:
            continue
        starts = sorted({*range(0, len(run) - 1, 2), len(run) - 2})
        terms += [(run[i : i + 2], True) for i in starts]
        if len(run) > 2:
            terms.append((run, False))
    return list(dict.fromkeys(terms))


def plain(markup: str) -> str:
    """Return the text of Material's indexed HTML (tags and its zero-width word marks gone)."""
    return html.unescape(_TAG.sub(" ", markup)).replace("\u200b", "")


def editorial_documents(site: Site, search_index: bytes | None) -> list[TextDoc]:
    """Return the articles and guides from Material's search index, one document per page."""
    if not search_index:
        return []
    days = {article_url(a.date, a.slug): a.date.isoformat() for a in site.articles}
    pages: dict[str, dict[str, list[str]]] = {}
    for entry in json.loads(search_index).get("docs", ()):
        page, _, anchor = str(entry.get("location", "")).partition("#")
        if _LISTINGS.match(page) or page == "":
            continue  # the blog's listings repeat their posts' excerpts
        parts = pages.setdefault(page, {"title": [], "text": []})
        title, text = plain(str(entry.get("title", ""))), plain(str(entry.get("text", "")))
        parts["title" if not anchor else "text"].append(title)
        parts["text"].append(text)
    docs = []
    for page in sorted(pages):
        url = BASE + page
        title = " ".join(pages[page]["title"]).strip()
        body = " ".join(t for t in pages[page]["text"] if t.strip())
        if title and body.strip():
            group = "articles" if page.startswith("articles/") else "guides"
            docs.append(TextDoc(group, title, url, days.get(url, ""), body))
    articles = sorted((d for d in docs if d.group == "articles"), key=lambda d: d.day, reverse=True)
    return articles + [d for d in docs if d.group == "guides"]


def text_documents(site: Site, search_index: bytes | None) -> list[TextDoc]:
    """Return every searchable text in group order: cases, warnings, articles, guides."""
    docs = [
        TextDoc(kind, r.title, record_url(r), r.published_on.isoformat(), r.body)  # type: ignore[union-attr]
        for kind in ("cases", "warnings")
        for r in site.kinds.get(kind, ())
    ]
    return docs + editorial_documents(site, search_index)


def ref(number: int) -> str:
    """Return a document's lunr ref: its number in base 36 (short, for every posting)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def build_lunr(docs: list[TextDoc]) -> dict[str, Any]:
    """Return lunr.py's serialised index of the documents (title boosted), with no pipeline."""
    from lunr import __TARGET_JS_VERSION__
    from lunr.builder import Builder

    if not docs:  # lunr.py cannot average the lengths of no documents
        return {
            "version": __TARGET_JS_VERSION__,
            "fields": ["t", "b"],
            "fieldVectors": [],
            "invertedIndex": [],
            "pipeline": [],
        }
    builder = Builder()  # an empty pipeline: terms arrive segmented and folded already
    builder.ref("id")
    builder.field("t", boost=10)
    builder.field("b")
    for number, doc in enumerate(docs):
        builder.add({"id": ref(number), "t": text_terms(doc.title), "b": text_terms(doc.body)})
    return builder.build().serialize()  # type: ignore[no-any-return]


def stop_terms(index: dict[str, Any], documents: int) -> set[str]:
    """Return the terms held by more than a quarter of the documents (and by over 100)."""
    limit = max(100, documents // 4)
    stop = set()
    for term, posting in index["invertedIndex"]:
        holders = {r for field in index["fields"] for r in posting[field]}
        if len(holders) > limit:
            stop.add(term)
    return stop


def split_index(index: dict[str, Any], count: int, stop: set[str]) -> list[dict[str, Any]]:
    """Split a serialised lunr index by term hash into `count` lunr indexes (stop terms left out)."""
    home: dict[int, int] = {}  # a term's vector index → its shard
    inverted: list[list[Any]] = [[] for _ in range(count)]
    for term, posting in index["invertedIndex"]:
        if term in stop:
            continue
        shard = fnv1a(term) & (count - 1)
        home[posting["_index"]] = shard
        inverted[shard].append([term, posting])
    vectors: list[list[Any]] = [[] for _ in range(count)]
    for field_ref, elements in index["fieldVectors"]:
        parts: dict[int, list[Any]] = defaultdict(list)
        for position in range(0, len(elements), 2):
            shard = home.get(elements[position])
            if shard is not None:
                parts[shard] += elements[position : position + 2]
        for shard, part in parts.items():
            vectors[shard].append([field_ref, part])
    common = {k: index[k] for k in ("version", "fields", "pipeline")}
    return [
        {**common, "fieldVectors": vectors[n], "invertedIndex": inverted[n]} for n in range(count)
    ]


def emit_text_index(site: Site, search_index: bytes | None) -> Iterator[Artifact]:
    """Yield the full-text index (`search/text/`): meta, lunr shards and display rows."""
    docs = text_documents(site, search_index)
    index = build_lunr(docs)
    stop = stop_terms(index, len(docs))
    postings = sum(
        len(posting[f]) for term, posting in index["invertedIndex"] for f in index["fields"]
    )
    whole = len(to_json(index)) // 5  # about its size after gzip
    count = 1 if whole <= WHOLE_BELOW else shard_count(postings, PER_SHARD)
    for number, shard in enumerate(split_index(index, count, stop)):
        yield Artifact(f"search/text/{number:x}.json", to_json(shard))
    rows = [[d.title, d.url, d.day] for d in docs]
    for start in range(0, len(rows), TEXT_CHUNK):
        yield Artifact(
            f"search/text/doc/{start // TEXT_CHUNK:x}.json",
            to_json(rows[start : start + TEXT_CHUNK]),
        )
    meta = {
        "docs": len(docs),
        "chunk": TEXT_CHUNK,
        "shards": count,
        "groups": list(group_ranges(docs)),
        "stop": sorted(stop),
    }
    yield Artifact("search/text/meta.json", to_json(meta))


def group_ranges(docs: Iterable[TextDoc]) -> Iterator[list[object]]:
    """Yield [group, first document, end] for each group present, in GROUPS order."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for number, doc in enumerate(docs):
        first.setdefault(doc.group, number)
        last[doc.group] = number + 1
    for group in GROUPS:
        if group in first:
            yield [group, first[group], last[group]]


def search_shards(shards: list[dict[str, Any]], query: str, stop: set[str]) -> dict[int, float]:
    """Return document number → score for a query over the shards, as search.js combines them.

    Each shard's lunr score is multiplied by its part of |query| (one per query term it holds),
    so the sum is the whole index's score times |query|. The reference search.js follows.
    """
    from lunr.index import Index
    from lunr.query import Query, QueryPresence

    terms = [(t, required) for t, required in query_terms(query) if t not in stop]
    by_shard: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for term, required in terms:
        by_shard[fnv1a(term) & (len(shards) - 1)].append((term, required))
    scores: dict[str, float] = defaultdict(float)
    needed: list[set[str]] = []
    for number, mine in sorted(by_shard.items()):
        index = Index.load(shards[number])
        query_ = index.create_query()
        for term, required in mine:
            presence = QueryPresence.REQUIRED if required else QueryPresence.OPTIONAL
            query_.term(term, use_pipeline=False, wildcard=Query.WILDCARD_NONE, presence=presence)
        weight = sum(1 for term, _ in mine if term in index.inverted_index) ** 0.5
        found = index.query(query_)
        for hit in found:
            scores[hit["ref"]] += hit["score"] * weight
        if any(required for _, required in mine):
            needed.append({hit["ref"] for hit in found})
    if not needed:
        return {}
    return {int(r, 36): s for r, s in scores.items() if all(r in refs for refs in needed)}
