"""The search index: tokenisation, hashing, shards, stop bigrams, and who is findable."""

from __future__ import annotations

import json
from datetime import date
from itertools import accumulate
from pathlib import Path

from conftest import COMPANY, person_penalty, row, write_rows

from generator.decide import public_record
from generator.decide.rules import load_rules
from generator.ingest import ingest
from generator.site.emitters.search import bigrams, emit_search_index, fnv1a, normalize, shard_count
from generator.site.index import index_site


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


def _index(tmp_path: Path, rows: list[dict[str, str]]) -> dict[str, object]:
    write_rows(tmp_path / "penalties" / "p.csv", rows)
    ingested = ingest(tmp_path, b"salt")
    rules = load_rules()
    published = {  # as the build does: only masked records reach the emitters
        kind: tuple(public_record(r, rules, date(2025, 6, 1)) for r in result.records)
        for kind, result in ingested.kinds.items()
    }
    site = index_site(published, (), date(2025, 6, 1))
    return {a.path: json.loads(a.data) for a in emit_search_index(site)}


def _postings(files: dict[str, object], gram: str) -> list[int]:
    meta = files["search/meta.json"]
    assert isinstance(meta, dict)
    shard = files[f"search/name/{fnv1a(gram) & (meta['shards']['name'] - 1):x}.json"]
    assert isinstance(shard, dict)
    return list(accumulate(shard.get(gram, [])))


def test_entities_are_findable_by_bigram_code_and_document_number(tmp_path: Path) -> None:
    files = _index(tmp_path, [row("penalties")])
    meta = files["search/meta.json"]
    assert isinstance(meta, dict) and meta["entities"] == 1
    assert _postings(files, "恒达") == [0]
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
    assert "三丰" not in text and _postings(files, "张*") == []
    assert "九市监罚〔2025〕77号" in text  # the record's title, masked: 张** 行政处罚 …


def test_bigrams_most_names_share_have_no_postings(tmp_path: Path) -> None:
    rows = [
        row(
            "penalties",
            行政相对人名称=f"九江市第{i}号建材有限公司",
            **{"行政相对人代码_1(统一社会信用代码)": code},
            行政处罚决定书文号=f"九市监罚〔2025〕{i}号",
        )
        for i, code in enumerate(_valid_codes(40))
    ]
    files = _index(tmp_path, rows)
    meta = files["search/meta.json"]
    assert isinstance(meta, dict) and meta["entities"] == 40
    assert {"有限", "公司", "九江", "建材"} <= set(meta["stop"])
    assert _postings(files, "有限") == [] and _postings(files, "公司") == []
    assert len(_postings(files, "第1")) == 11  # 第1, 第10–第19: rare enough to keep


def _valid_codes(count: int) -> list[str]:
    from generator.core.codes import uscc_check_char

    codes = []
    for i in range(count):
        first = f"91360403MA35{i:05d}Q"[:17]
        codes.append(first + uscc_check_char(first))
    return codes
