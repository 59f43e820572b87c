"""The record search index: small static shards a browser fetches on demand.

Three lookups, each sharded by an FNV-1a hash the search script computes the same way:
- `code/<n>.json`: a 统一社会信用代码 → the entity (name, type, counts by kind);
- `doc/<n>.json`: a normalised 文书号 → the records bearing it;
- `name/<n>.json`: a key gram of entity names (namegrams.py) → [entities holding it, id gaps,
  positions]. Frequent grams (有限, 公司, 九江 …) have no postings at all, only their exact
  counts in meta.json, so no query downloads them.
Entity ids are given in order of (主体类别, name length, name): meta.json's `blocks` tell any
id's type and name length, so a query is counted by type and ranked (exact name, prefix,
contained, overlap; then shorter names) from its postings alone, and only the rows it shows are
fetched from `ent/<id // 32>.json`. Natural persons are never indexed by name: they have no
entity. The full text of cases, warnings and articles is textindex.py's.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from generator.core.artifacts import Artifact
from generator.core.kinds import COUNTED_KINDS, DOUBLE_KINDS
from generator.core.records import ORGANISATION, SOLE_TRADER
from generator.core.urls import entity_url, record_url
from generator.site.emitters.namegrams import encode_posting, index_names, length_blocks
from generator.site.index import Entity, Site, record_date
from generator.site.present import record_title

VERSION = 2
ENTITY_CHUNK = 32
COUNT_KINDS = COUNTED_KINDS  # the order of an entity row's counts, which search.js reads
TYPE_ORDER = (ORGANISATION, SOLE_TRADER)  # ids by type first: a type is a range of ids
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
    """Return how many names may hold a gram before it is frequent (counted, never posted)."""
    return max(32, entities // 20)  # 5 %: 有限, 公司 and the city name are far above it


def to_json(value: object) -> bytes:
    """Return compact, sorted, readable JSON (the shards' one format)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sharded(prefix: str, table: Mapping[str, object], count: int) -> Iterator[Artifact]:
    """Yield `search/<prefix>/<n>.json` for n < count, each key in the shard its hash names."""
    shards: dict[int, dict[str, object]] = defaultdict(dict)
    for key, value in table.items():
        shards[fnv1a(key) & (count - 1)][key] = value
    for number in range(count):  # every shard exists: a miss is an empty object, not a 404
        yield Artifact(f"search/{prefix}/{number:x}.json", to_json(shards.get(number, {})))


def ordered_entities(site: Site) -> tuple[list[Entity], list[str]]:
    """Return the entities in id order (type, name length, name, code) and the type names."""
    present = {e.type for e in site.entities.values()}
    types = [t for t in TYPE_ORDER if t in present] + sorted(present - set(TYPE_ORDER))
    rank = {t: i for i, t in enumerate(types)}
    ordered = sorted(
        site.entities.values(), key=lambda e: (rank[e.type], len(normalize(e.name)), e.name, e.uscc)
    )
    return ordered, types


def entity_row(entity: Entity) -> list[Any]:
    """Return an entity as a result shows it: [name, code, type, counts by COUNT_KINDS]."""
    return [
        entity.name,
        entity.uscc,
        entity.type,
        [len(entity.records.get(k, ())) for k in COUNT_KINDS],
    ]


def emit_search_index(site: Site) -> Iterator[Artifact]:
    """Yield the search index of the site's entities and records."""
    ordered, types = ordered_entities(site)
    rank = {t: i for i, t in enumerate(types)}
    display = [entity_row(e) for e in ordered]
    for start in range(0, len(display), ENTITY_CHUNK):
        yield Artifact(
            f"search/ent/{start // ENTITY_CHUNK:x}.json",
            to_json(display[start : start + ENTITY_CHUNK]),
        )
    names = [normalize(e.name) for e in ordered]
    type_numbers = [rank[e.type] for e in ordered]
    grams = index_names(names, type_numbers, stop_threshold(len(ordered)))
    posted = {g: encode_posting(v, grams.pos_bits) for g, v in grams.postings.items()}
    name_shards = shard_count(sum(len(v) for v in grams.postings.values()), 1500)
    yield from sharded("name", posted, name_shards)
    codes = {e.uscc: row for e, row in zip(ordered, display, strict=True)}
    code_shards = shard_count(len(codes), 64)
    yield from sharded("code", codes, code_shards)
    docs: dict[str, list[list[str]]] = defaultdict(list)
    for kind in DOUBLE_KINDS:
        for record in site.kinds.get(kind, ()):
            key = normalize(getattr(record, "doc_no", ""))
            if key:
                docs[key].append(
                    [record_title(record), record_url(record), record_date(record).isoformat()]
                )
    doc_shards = shard_count(len(docs), 64)
    yield from sharded("doc", docs, doc_shards)
    meta = {
        "version": VERSION,
        "entities": len(ordered),
        "chunk": ENTITY_CHUNK,
        "kinds": list(COUNT_KINDS),
        "types": types,
        "blocks": length_blocks(names, type_numbers),
        "pos_bits": grams.pos_bits,
        "shards": {"name": name_shards, "code": code_shards, "doc": doc_shards},
        "frequent": grams.frequent,
        "entity_url": entity_url("CODE"),
    }
    yield Artifact("search/meta.json", to_json(meta))


def search_examples(site: Site) -> dict[str, str]:
    """Return the help text's examples, taken from the site's own entities so each finds something.

    The entity: the organisation with the most records (then by code) whose name has four
    characters in a row outside every frequent bigram (九江, 有限 …): its 字号 and trade, the
    part a person remembers. Its last two characters are the broad example.
    """
    ordered, _ = ordered_entities(site)
    names = {e.uscc: normalize(e.name) for e in ordered}
    held = Counter(g for n in names.values() for g in {n[i : i + 2] for i in range(len(n) - 1)})
    threshold = stop_threshold(len(ordered))
    frequent = {g for g, c in held.items() if c > threshold}
    by_weight = sorted(
        ordered,
        key=lambda e: (e.type != ORGANISATION, -sum(map(len, e.records.values())), e.uscc),
    )
    for entity in by_weight:
        name = names[entity.uscc]
        common = {
            i + k for i in range(len(name) - 1) if name[i : i + 2] in frequent for k in (0, 1)
        }
        for start in range(len(name) - 3):
            if not common & set(range(start, start + 4)):
                part = name[start : start + 4]
                docs = [
                    getattr(r, "doc_no", "")
                    for kind in DOUBLE_KINDS
                    for r in entity.records.get(kind, ())
                ]
                doc = next((d for d in docs if d), "")
                return {"name": part, "broad": part[2:], "code": entity.uscc, "doc": doc}
    return {}
