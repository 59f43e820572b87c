"""The record search index: small static shards a browser fetches on demand.

Three lookups, each sharded by an FNV-1a hash the search script computes the same way:
- `code/<n>.json`: a 统一社会信用代码 → the entity (name, type, counts by kind);
- `doc/<n>.json`: a normalised 文书号 → the records bearing it;
- `name/<n>.json`: a character bigram of an entity name → the entities whose names hold it
  (ascending ids, delta-encoded). Bigrams most names share (有限, 公司, 九江) are "stop" bigrams
  whose postings are never written, so no query downloads them.
Entity ids are given in order of (name length, name), so a query's candidates in id order are
its shortest, hence best, matches; `ent/<id // 32>.json` holds their display data.
Natural persons are never indexed by name: they have no entity.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from generator.core.artifacts import Artifact
from generator.core.kinds import COUNTED_KINDS, DOUBLE_KINDS
from generator.core.urls import entity_url, record_url
from generator.site.index import Site, record_date
from generator.site.present import record_title

VERSION = 1
ENTITY_CHUNK = 32
COUNT_KINDS = COUNTED_KINDS  # the order of an entity row's counts, which search.js reads
_DROP = re.compile(r"[^0-9A-Z\u3400-\u9fff\uf900-\ufaff]")


def normalize(text: str) -> str:
    """Return text as both build and query see it: NFKC, upper case, only CJK, A–Z and 0–9."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).upper())


def bigrams(text: str) -> list[str]:
    """Return the distinct character bigrams of normalised text (a one-character text: itself)."""
    if len(text) < 2:
        return [text] if text else []
    return sorted({text[i : i + 2] for i in range(len(text) - 1)})


def fnv1a(text: str) -> int:
    """Return the 32-bit FNV-1a hash of text's UTF-8 bytes (search.js computes the same)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def shard_count(items: int, per_shard: int) -> int:
    """Return a power of two giving about `per_shard` items a shard (at least 1)."""
    count = 1
    while count * per_shard < items and count < 65536:
        count *= 2
    return count


def stop_threshold(entities: int) -> int:
    """Return the document frequency above which a bigram's postings are not written."""
    return max(32, entities // 20)  # 5 %: 有限, 公司 and the city name are far above it


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _sharded(prefix: str, table: dict[str, object], count: int) -> Iterator[Artifact]:
    shards: dict[int, dict[str, object]] = defaultdict(dict)
    for key, value in table.items():
        shards[fnv1a(key) & (count - 1)][key] = value
    for number in range(count):  # every shard exists: a miss is an empty object, not a 404
        yield Artifact(f"search/{prefix}/{number:x}.json", _json(shards.get(number, {})))


def emit_search_index(site: Site) -> Iterator[Artifact]:
    """Yield the search index of the site's entities and records."""
    ordered = sorted(site.entities.values(), key=lambda e: (len(normalize(e.name)), e.name, e.uscc))
    display = [
        [e.name, e.uscc, e.type, [len(e.records.get(k, ())) for k in COUNT_KINDS]] for e in ordered
    ]
    for start in range(0, len(display), ENTITY_CHUNK):
        yield Artifact(
            f"search/ent/{start // ENTITY_CHUNK:x}.json",
            _json(display[start : start + ENTITY_CHUNK]),
        )
    postings: dict[str, list[int]] = defaultdict(list)
    for number, entity in enumerate(ordered):
        for gram in bigrams(normalize(entity.name)):
            postings[gram].append(number)
    threshold = stop_threshold(len(ordered))
    stop = sorted(g for g, ids in postings.items() if len(ids) > threshold)
    kept = {g: _deltas(ids) for g, ids in postings.items() if len(ids) <= threshold}
    name_shards = shard_count(sum(len(v) for v in kept.values()), 1500)
    yield from _sharded("name", kept, name_shards)  # type: ignore[arg-type]
    codes = {e.uscc: row for e, row in zip(ordered, display, strict=True)}
    code_shards = shard_count(len(codes), 64)
    yield from _sharded("code", codes, code_shards)  # type: ignore[arg-type]
    docs: dict[str, list[list[str]]] = defaultdict(list)
    for kind in DOUBLE_KINDS:
        for record in site.kinds.get(kind, ()):
            key = normalize(getattr(record, "doc_no", ""))
            if key:
                docs[key].append(
                    [record_title(record), record_url(record), record_date(record).isoformat()]
                )
    doc_shards = shard_count(len(docs), 64)
    yield from _sharded("doc", docs, doc_shards)  # type: ignore[arg-type]
    meta = {
        "version": VERSION,
        "entities": len(ordered),
        "chunk": ENTITY_CHUNK,
        "kinds": list(COUNT_KINDS),
        "shards": {"name": name_shards, "code": code_shards, "doc": doc_shards},
        "stop": stop,
        "entity_url": entity_url("CODE"),
    }
    yield Artifact("search/meta.json", _json(meta))


def _deltas(ids: list[int]) -> list[int]:
    """Return ascending ids as gaps (smaller numbers compress far better)."""
    return [ids[0], *(b - a for a, b in pairwise(ids))]
