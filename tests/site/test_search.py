"""The search index: tokenisation, hashing, shards, frequent grams, exact counts, ranking."""

from __future__ import annotations

import json
import random
from datetime import date
from itertools import accumulate
from pathlib import Path

from conftest import COMPANY, person_penalty, row, write_rows

from generator.core.codes import uscc_check_char
from generator.decide import public_record
from generator.decide.rules import load_rules
from generator.ingest import ingest
from generator.site.emitters.namegrams import (
    CONTAINED,
    EXACT,
    OVERLAP,
    PREFIX,
    cover,
    frequent_grams,
    index_names,
    match,
)
from generator.site.emitters.search import (
    bigrams,
    emit_search_index,
    fnv1a,
    normalize,
    search_examples,
    shard_count,
)
from generator.site.index import Site, index_site


def test_normalize_folds_width_case_and_punctuation() -> None:
    assert (
        normalize("九市监罚〔2025〕12号") == normalize("九市监罚[2025]12号") == "九市监罚202512号"
    )
    assert normalize("９１３６０４０３ｍａ35f0q14w") == "91360403MA35F0Q14W"
    assert normalize(" 恒达 建材 ") == "恒达建材"


def test_bigrams_are_distinct_and_a_single_character_is_its_own_term() -> None:
    assert bigrams("恒达建材") == sorted(["恒达", "达建", "建材"])
    assert bigrams("哈哈哈") == ["哈哈"]
    assert bigrams("恒") == ["恒"] and bigrams("") == []


def test_fnv1a_matches_the_published_test_vectors() -> None:
    # http://www.isthe.com/chongo/src/fnv/test_fnv.c (FNV-1a 32-bit)
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_shard_counts_are_powers_of_two_sized_to_the_data() -> None:
    assert shard_count(0, 64) == 1
    assert shard_count(64, 64) == 1 and shard_count(65, 64) == 2
    assert shard_count(10**6, 64) == 16384


# --- the name grams ------------------------------------------------------------------------


def _city(count: int, seed: int = 7) -> list[str]:
    """Names shaped like a city's: a place, a 字号 from few characters, a trade, a form."""
    rng = random.Random(seed)
    places, marks = ["九江", "九江市", "浔阳区", "瑞昌市", ""], "恒达远通华兴宏盛建昌"
    trades = ["建材", "餐饮", "建筑工程", "科技", "商贸", "五金"]
    forms = ["有限公司", "有限责任公司", "经营部", "店", "股份有限公司"]
    names = set()
    while len(names) < count:
        mark = "".join(rng.choice(marks) for _ in range(rng.choice((2, 2, 3))))
        names.add(rng.choice(places) + mark + rng.choice(trades) + rng.choice(forms))
    return sorted(names, key=lambda n: (len(n), n))


def test_counts_are_exact_for_every_part_of_every_name() -> None:
    names = _city(600)
    index = index_names(names, [0] * len(names), 30)
    lengths = [len(n) for n in names]
    queries = {n[a:b] for n in names[::7] for a in range(len(n)) for b in range(a + 2, len(n) + 1)}
    queries |= {"九江建材", "建材有限公司", "恒达建材", "有限公司", "公司", "达远通华"}
    assert len(queries) > 1000
    for query in sorted(queries):
        holders = [i for i, n in enumerate(names) if query in n]
        found = match(query, index, lengths)
        if found is None:  # a frequent gram: counted, never posted
            assert index.frequent[query][0] == len(holders), query
            assert len(holders) > 30, query
        else:
            assert sorted(i for grade, _, i in found if grade != OVERLAP) == holders, query


def test_frequent_grams_are_counted_per_type_and_never_posted() -> None:
    names = _city(400)
    types = [i % 2 for i in range(len(names))]
    index = index_names(names, types, 25)
    assert {"有限", "公司", "有限公司", "九江"} <= set(index.frequent)
    for gram, counts in index.frequent.items():
        holders = [i for i, n in enumerate(names) if gram in n]
        assert counts == [len(holders), *(sum(types[i] == t for i in holders) for t in (0, 1))]
        assert gram not in index.postings
    assert frequent_grams(names, 25) == {g: c[0] for g, c in index.frequent.items()}


def test_a_query_is_covered_by_grams_that_are_not_frequent() -> None:
    frequent = {g: [0] for g in ("九江", "有限", "限公", "公司", "有限公", "限公司", "有限公司")}
    assert cover("恒达建材", frequent) == [("恒达", 0), ("建材", 2)]
    assert cover("九江建材", frequent) == [("九江建", 0), ("建材", 2)]
    assert cover("建材有限公司", frequent) == [("建材", 0), ("材有限公司", 1)]
    assert cover("有限公司", frequent) is None and cover("恒", frequent) is None


def test_results_rank_exact_then_prefix_then_contained_then_overlap_then_shorter() -> None:
    names = ["恒达", "恒达店", "恒达建材厂", "九江恒达店", "浔阳区恒达店", "恒远达", "达恒店"]
    names += [f"{i:02d}有限公司" for i in range(40)]  # makes 有限公司 frequent
    names.sort(key=lambda n: (len(n), n))
    index = index_names(names, [0] * len(names), 32)
    found = match("恒达", index, [len(n) for n in names])
    assert found is not None
    ranked = [(grade, names[i]) for grade, _, i in found]
    assert ranked == [
        (EXACT, "恒达"),
        (PREFIX, "恒达店"),
        (PREFIX, "恒达建材厂"),
        (CONTAINED, "九江恒达店"),
        (CONTAINED, "浔阳区恒达店"),
    ]
    overlap = match("恒达店", index, [len(n) for n in names])
    assert overlap is not None and (OVERLAP, "达恒店") not in [(g, names[i]) for g, _, i in overlap]


def test_overlap_holds_every_gram_of_the_cover_apart() -> None:
    names = sorted(["恒达建材", "恒达新型建材", "建材恒达", "恒达五金"], key=lambda n: (len(n), n))
    index = index_names(names, [0] * len(names), 32)
    found = match("恒达建材", index, [len(n) for n in names])
    assert found is not None
    assert [(g, names[i]) for g, _, i in found] == [
        (EXACT, "恒达建材"),
        (OVERLAP, "建材恒达"),
        (OVERLAP, "恒达新型建材"),
    ]


# --- the emitted index ---------------------------------------------------------------------


def _site(tmp_path: Path, rows: list[dict[str, str]]) -> Site:
    write_rows(tmp_path / "penalties" / "p.csv", rows)
    ingested = ingest(tmp_path, b"salt")
    rules = load_rules()
    published = {  # as the build does: only masked records reach the emitters
        kind: tuple(public_record(r, rules, date(2025, 6, 1)) for r in result.records)
        for kind, result in ingested.kinds.items()
    }
    return index_site(published, (), date(2025, 6, 1))


def _index(tmp_path: Path, rows: list[dict[str, str]]) -> dict[str, object]:
    return {a.path: json.loads(a.data) for a in emit_search_index(_site(tmp_path, rows))}


def _posting(files: dict[str, object], gram: str) -> tuple[int, list[int], list[int]]:
    meta = files["search/meta.json"]
    assert isinstance(meta, dict)
    shard = files[f"search/name/{fnv1a(gram) & (meta['shards']['name'] - 1):x}.json"]
    assert isinstance(shard, dict)
    count, gaps, positions = shard.get(gram, [0, [], []])
    return count, list(accumulate(gaps)), positions


def test_entities_are_findable_by_gram_code_and_document_number(tmp_path: Path) -> None:
    files = _index(tmp_path, [row("penalties")])
    meta = files["search/meta.json"]
    assert isinstance(meta, dict) and meta["entities"] == 1
    name = normalize(COMPANY["name"])
    assert _posting(files, "恒达") == (1, [0], [name.index("恒达")])
    assert meta["blocks"] == [[0, len(name), 0]] and meta["types"] == ["法人及非法人组织"]
    (chunk,) = [v for k, v in files.items() if k.startswith("search/ent/")]
    assert chunk == [[COMPANY["name"], COMPANY["code"], "法人及非法人组织", [0, 1, 0, 0, 0, 0]]]
    code_shard = files[
        f"search/code/{fnv1a(COMPANY['code']) & (meta['shards']['code'] - 1):x}.json"
    ]
    assert isinstance(code_shard, dict) and code_shard[COMPANY["code"]][0] == COMPANY["name"]
    doc = normalize("九市监罚〔2025〕12号")
    doc_shard = files[f"search/doc/{fnv1a(doc) & (meta['shards']['doc'] - 1):x}.json"]
    assert isinstance(doc_shard, dict) and doc_shard[doc][0][1].startswith("/penalties/")


def test_a_person_is_findable_by_document_number_but_never_by_name(tmp_path: Path) -> None:
    files = _index(tmp_path, [person_penalty("张三丰", 行政处罚决定书文号="九市监罚〔2025〕77号")])
    text = json.dumps(files, ensure_ascii=False)
    assert "三丰" not in text and _posting(files, "张*")[0] == 0
    assert "九市监罚〔2025〕77号" in text  # the record's title, masked: 张** 行政处罚 …


def _many(count: int) -> list[dict[str, str]]:
    codes = []
    for i in range(count):
        first = f"91360403MA35{i:05d}Q"[:17]
        codes.append(first + uscc_check_char(first))
    return [
        row(
            "penalties",
            行政相对人名称=f"九江市第{i}号建材有限公司",
            **{"行政相对人代码_1(统一社会信用代码)": code},
            行政处罚决定书文号=f"九市监罚〔2025〕{i}号",
        )
        for i, code in enumerate(codes)
    ]


def test_grams_most_names_share_are_counted_exactly_and_have_no_postings(tmp_path: Path) -> None:
    files = _index(tmp_path, _many(40))
    meta = files["search/meta.json"]
    assert isinstance(meta, dict) and meta["entities"] == 40
    for gram in ("有限", "公司", "九江", "建材", "九江市第", "号建材有限公司"):
        assert meta["frequent"][gram] == [40, 40], gram
    shards = [v for k, v in files.items() if k.startswith("search/name/")]
    posted = {gram for shard in shards if isinstance(shard, dict) for gram in shard}
    assert not posted & set(meta["frequent"])
    assert _posting(files, "第1")[0] == 11  # 第1, 第10–第19: rare enough to post
    assert _posting(files, "第1")[2] == [3] * 11  # and where it starts in each name


def test_the_help_examples_come_from_the_data_and_find_their_entity(tmp_path: Path) -> None:
    second = row("penalties", 行政处罚决定书文号="九市监罚〔2025〕13号")
    site = _site(tmp_path, [row("penalties"), second, *_many(40)[:5]])
    examples = search_examples(site)  # the entity with the most records
    assert examples["code"] == COMPANY["code"] and examples["doc"].startswith("九市监罚〔2025〕1")
    assert examples["name"] in normalize(COMPANY["name"]) and len(examples["name"]) == 4
    assert examples["broad"] == examples["name"][2:]
    assert search_examples(index_site({}, (), date(2025, 6, 1))) == {}
