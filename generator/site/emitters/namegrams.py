"""Name grams: which parts of entity names carry postings, chosen so that every count is exact.

A query must find every entity whose name holds it and count them exactly, yet never download
the postings of parts most names share (有限, 公司, 九江). So the index distinguishes:
- *frequent* grams: substrings of two or more characters that more than `threshold` names
  hold. They have no postings; their exact counts (per 主体类别) travel in meta.json, and there
  are few of them (a city's name, 有限公司 and its pieces, 科技有限公司 …: 47 at 10^6 records).
- *key* grams, the ones with postings: every bigram that is not frequent, and every
  one-character extension (left or right) of a frequent gram that is not frequent itself.
A query that is not frequent is covered end to end by key grams it contains (`cover`): take a
position and the longest frequent run of the query around it; that run, extended by one
character on a side where the query goes on, is a key gram (not frequent, by the run being
longest). Postings are positional — (entity id, where the gram starts in the name) — so the
entities holding the query are exactly those where the cover's grams sit at their offsets from
one start, and whether that start is 0 (a prefix) or the whole name (an exact name) is known
without reading any name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

# The order results are ranked in, within one query (then shorter names, then the id order).
EXACT, PREFIX, CONTAINED, OVERLAP = range(4)


@dataclass(frozen=True, slots=True)
class NameIndex:
    """The name grams of entities given in id order: frequent counts and positional postings."""

    frequent: dict[str, list[int]]
    """A frequent gram → how many names hold it: in all, then per type (in `types` order)."""
    postings: dict[str, list[int]]
    """A key gram → its sorted entries, `id << pos_bits | position`."""
    pos_bits: int


def frequent_grams(names: Sequence[str], threshold: int) -> dict[str, int]:
    """Return each substring (2+ characters) that more than `threshold` names hold, with its count.

    Level by level: a gram one longer can be frequent only if both grams it extends are.
    """
    counts = Counter(g for name in names for g in {name[i : i + 2] for i in range(len(name) - 1)})
    frequent = {g: c for g, c in counts.items() if c > threshold}
    level, size = dict(frequent), 2
    while level:
        longer: Counter[str] = Counter()
        for name in names:
            longer.update(
                {
                    name[i : i + size + 1]
                    for i in range(len(name) - size)
                    if name[i : i + size] in level and name[i + 1 : i + size + 1] in level
                }
            )
        level = {g: c for g, c in longer.items() if c > threshold}
        frequent.update(level)
        size += 1
    return frequent


def name_grams(name: str, frequent: dict[str, int]) -> tuple[set[tuple[str, int]], set[str]]:
    """Return a name's key grams with where each starts, and the frequent grams it holds."""
    keys: set[tuple[str, int]] = set()
    held: set[str] = set()
    length = len(name)
    for start in range(length - 1):
        pair = name[start : start + 2]
        if pair not in frequent:
            keys.add((pair, start))
            continue
        end = start + 2
        while end <= length and name[start:end] in frequent:  # frequent grams nest: stop at one
            held.add(name[start:end])
            if start > 0 and name[start - 1 : end] not in frequent:
                keys.add((name[start - 1 : end], start - 1))
            if end < length and name[start : end + 1] not in frequent:
                keys.add((name[start : end + 1], start))
            end += 1
    return keys, held


def index_names(names: Sequence[str], types: Sequence[int], threshold: int) -> NameIndex:
    """Index names given in id order (with each name's type number) by their grams."""
    frequent = frequent_grams(names, threshold)
    kinds = max(types, default=-1) + 1
    counts = {g: [c] + [0] * kinds for g, c in frequent.items()}
    pos_bits = max(1, max((len(n) for n in names), default=1).bit_length())
    postings: dict[str, list[int]] = {}
    for number, (name, type_) in enumerate(zip(names, types, strict=True)):
        keys, held = name_grams(name, frequent)
        for gram in held:
            counts[gram][1 + type_] += 1
        for gram, start in keys:
            postings.setdefault(gram, []).append(number << pos_bits | start)
    for entries in postings.values():
        entries.sort()
    return NameIndex(counts, postings, pos_bits)


def encode_posting(entries: list[int], pos_bits: int) -> list[object]:
    """Return a posting as search.js reads it: [entities, id gaps, positions] (gaps compress)."""
    ids = [e >> pos_bits for e in entries]
    gaps = [ids[0], *(b - a for a, b in pairwise(ids))] if ids else []
    mask = (1 << pos_bits) - 1
    return [len(set(ids)), gaps, [e & mask for e in entries]]


def key_spans(query: str, frequent: dict[str, object]) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of every key gram inside a normalised query (search.js: keySpans)."""
    length = len(query)
    for start in range(length - 1):
        if query[start : start + 2] not in frequent:
            yield start, start + 2
            continue
        end = start + 2
        while end <= length and query[start:end] in frequent:
            if start > 0 and query[start - 1 : end] not in frequent:
                yield start - 1, end
            if end < length and query[start : end + 1] not in frequent:
                yield start, end + 1
            end += 1


def cover(query: str, frequent: dict[str, object]) -> list[tuple[str, int]] | None:
    """Return the fewest key grams that cover the query, with their offsets (None: frequent).

    Greedy from the left: of the grams that reach the first uncovered character, the one that
    reaches furthest, and of those the longest (a longer gram has the shorter posting).
    """
    if len(query) < 2 or query in frequent:
        return None
    spans = sorted(set(key_spans(query, frequent)))
    chosen: list[tuple[str, int]] = []
    reach = 0
    while reach < len(query):
        fits = [(end, -start) for start, end in spans if start <= reach < end]
        if not fits:
            return None
        end, neg_start = max(fits)
        chosen.append((query[-neg_start:end], -neg_start))
        reach = end
    return chosen


def match(
    query: str, index: NameIndex, lengths: Sequence[int]
) -> list[tuple[int, int, int]] | None:
    """Return the ranked (class, name length, id) of every entity the query finds (None: frequent).

    The reference for search.js: the same cover, positional intersection and order.
    """
    grams = cover(query, index.frequent)
    if grams is None:
        return None
    mask = (1 << index.pos_bits) - 1
    starts: set[tuple[int, int]] | None = None
    holders: set[int] | None = None
    for gram, offset in grams:
        entries = index.postings.get(gram, [])
        here = {(e >> index.pos_bits, (e & mask) - offset) for e in entries}
        starts = here if starts is None else starts & here
        ids = {e >> index.pos_bits for e in entries}
        holders = ids if holders is None else holders & ids
    assert starts is not None and holders is not None
    first: dict[int, int] = {}
    for number, start in starts:
        first[number] = min(start, first.get(number, start))
    ranked = []
    for number in holders:
        if number not in first:
            grade = OVERLAP
        elif first[number] == 0:
            grade = EXACT if lengths[number] == len(query) else PREFIX
        else:
            grade = CONTAINED
        ranked.append((grade, lengths[number], number))
    return sorted(ranked)


def length_blocks(names: Iterable[str], types: Iterable[int]) -> list[list[int]]:
    """Return [type, name length, first id] for each run of ids of one type and one length."""
    blocks: list[list[int]] = []
    for number, (name, type_) in enumerate(zip(names, types, strict=True)):
        if not blocks or blocks[-1][:2] != [type_, len(name)]:
            blocks.append([type_, len(name), number])
    return blocks
