"""The portal built from real-shaped exports: what each page, profile, index, feed and download shows.

A revoked (撤销) penalty is nowhere; a disputed (异议) one is everywhere it belongs, marked
异议处理中; a list entry that names its subject without a code joins the one entity of that exact
name; a person is masked and never linked; no ID number reaches any output file.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from real_city import EXPECTED, context, rows

from generator.pipeline import build


@dataclass(frozen=True)
class Built:
    site: Path
    texts: dict[str, str]  # every text file of the site by its path (a .gz file unpacked)

    def page(self, url: str) -> str:
        return self.texts[url.strip("/") + "/index.html"]

    def holding(self, value: str) -> list[str]:
        return [name for name, text in self.texts.items() if value in text]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("real-site")
    build(context(root / "build"), root / "site")
    texts = {}
    for path in sorted(p for p in (root / "site").rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        try:
            texts[path.relative_to(root / "site").as_posix()] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # images
    return Built(root / "site", texts)


def test_no_never_published_value_reaches_any_output_file(built: Built) -> None:
    secrets = set(EXPECTED["never_published"])
    secrets |= {s for _, _, expectation in rows() for s in expectation["secrets"]}
    assert {s: built.holding(s) for s in secrets if built.holding(s)} == {}


def test_every_person_is_masked_in_every_file(built: Built) -> None:
    for name in EXPECTED["masked_names"]:
        assert built.holding(name) == [], name
    for _, _, expectation in rows("published"):
        for masked in expectation.get("masked_names", {}).values():
            assert built.holding(masked), masked


def doc_no_of(file: str, row: int) -> str:
    import csv
    import io

    from python_calamine import CalamineWorkbook
    from real_city import DATA

    path = DATA / file
    if path.suffix == ".csv":
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    else:
        book = CalamineWorkbook.from_path(str(path))
        table = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    header = next(r for r in table if "行政处罚决定书文号" in r or "行政许可决定书文号" in r)
    column = header.index(
        "行政处罚决定书文号" if "行政处罚决定书文号" in header else "行政许可决定书文号"
    )
    return str(table[row - 1][column])


@pytest.mark.parametrize(("file", "row"), [(f, r) for f, r, _ in rows("revoked")])
def test_a_revoked_record_is_on_no_page_profile_index_feed_sitemap_or_download(
    built: Built, file: str, row: int
) -> None:
    doc_no = doc_no_of(file, row)
    assert doc_no and built.holding(doc_no) == []


@pytest.mark.parametrize("code", ["91360403MA37XT2N9J", "91360402MA36GY7Q5U", "91360402MA3A1RE855"])
def test_a_company_whose_only_record_is_revoked_has_no_profile(built: Built, code: str) -> None:
    assert not (built.site / "entity" / code).exists()
    assert built.holding(code) == []


DISPUTED = "九环罚〔2026〕22号"  # penalties_2016.xlsx row 5: 当前状态 2 (异议), a person


def test_a_disputed_penalty_is_published_marked_under_review_everywhere(built: Built) -> None:
    pages = [n for n in built.holding(DISPUTED) if n.startswith("penalties/") and "/index" in n]
    record_pages = [n for n in pages if n.count("/") == 2 and "category" not in n]
    (record,) = [n for n in record_pages if len(n.split("/")[1]) == 16]
    assert "异议处理中" in built.texts[record]
    listing = built.page("/penalties/")
    row = listing[listing.index(DISPUTED) - 2000 : listing.index(DISPUTED)]
    assert "异议处理中" in row.split("<tr>")[-1]
    for feed, end in (
        ("feeds/penalties/rss.xml", "</item>"),
        ("feeds/penalties/atom.xml", "</entry>"),
    ):
        text = built.texts[feed]
        assert "信息状态：异议处理中" in text[text.index(DISPUTED) :].split(end)[0]
    (line,) = [x for x in built.texts["opendata/penalties.csv"].splitlines() if DISPUTED in x]
    assert "异议处理中" in line and "陈**" in line
    doc_shards = [n for n in built.holding(DISPUTED) if n.startswith("search/doc/")]
    assert len(doc_shards) == 1  # found by its 文书号


def test_a_disputed_licence_shows_on_its_companys_profile(built: Built) -> None:
    profile = built.page("/entity/91360404MA38BL4Y0L/")
    assert "九城管核〔2026〕0311号" in profile and "异议处理中" in profile


def test_a_name_only_list_entry_joins_the_one_entity_of_that_exact_name(built: Built) -> None:
    profile = built.page("/entity/91360402MA35RFC79R/")
    assert "A级纳税人" in profile and "列入守信激励名单" in profile
    listing = built.page("/redlist/")
    assert listing.count('href="/entity/91360402MA35RFC79R/"') == 1
    assert listing.count('href="/entity/91360421705531821Y/"') == 1  # 九江华美化工有限公司
    # a near miss, a company with no published record, and an unknown one: no link
    for name in ("九江瑞丰食品有限公司", "九江新天地商贸有限公司", "九江庐峰贸易有限公司"):
        row = next(r for r in listing.split("<tr>") if f">{name}<" in r)
        assert "/entity/" not in row, name
    search = json.loads(built.texts["search/meta.json"])
    kinds = search["kinds"]
    shard = next(
        json.loads(t)
        for n, t in built.texts.items()
        if n.startswith("search/code/") and "91360402MA35RFC79R" in t
    )
    assert shard["91360402MA35RFC79R"][3][kinds.index("redlist")] == 1
    # the entry itself is published like any other: in the list's feed and download
    (line,) = [x for x in built.texts["opendata/redlist.csv"].splitlines() if "江西九江瑞丰" in x]
    assert line.startswith("A级纳税人,江西九江瑞丰食品有限公司,法人及非法人组织,,")
    assert "江西九江瑞丰食品有限公司" in built.texts["feeds/redlist/rss.xml"]


def test_a_person_on_a_list_is_masked_and_never_linked(built: Built) -> None:
    listing = built.page("/blacklist/")
    for masked in ("李**", "张**", "欧阳**"):
        row = next(r for r in listing.split("<tr>") if f">{masked}<" in r)
        assert "/entity/" not in row
    profile = built.page("/entity/91360403MA36HD8P1F/")  # 九江恒达建材: its 失信 entry by name
    assert "失信被执行人" in profile


def test_a_department_the_directory_does_not_know_gets_no_section_link(built: Built) -> None:
    (page,) = [
        n
        for n in built.holding("九开市监处罚〔2026〕7号")
        if n.startswith("penalties/") and n.count("/") == 2
    ]
    text = built.texts[page]
    assert "九江经济技术开发区市场和质量监督管理局" in text and "/dept/" not in text
    assert "九江经济技术开发区市场和质量监督管理局" in built.page("/monitor/")


def test_a_resolved_2016_department_gets_its_section_under_its_current_name(built: Built) -> None:
    section = built.page("/dept/11360400MB1719061W/")
    assert "九江市市场监督管理局" in section and "九工商处字〔2026〕第6号" in section


def test_a_list_page_says_what_its_source_does_not_carry(built: Built) -> None:
    entry = next(
        n
        for n in built.holding("九江庐峰贸易有限公司")
        if n.startswith("redlist/") and len(n.split("/")[1]) == 16
    )
    assert "来源数据未提供：统一社会信用代码、列入事由、列入日期" in built.texts[entry]


def test_a_list_whose_source_gives_no_date_is_published_undated_and_announced_nowhere(
    tmp_path: Path,
) -> None:
    import csv

    from real_city import DATA

    source = DATA / "redlist" / "redlist_a_taxpayer.csv"
    table = list(csv.reader(source.open(encoding="utf-8-sig", newline="")))
    drop = table[0].index("最新更新日期")
    target = tmp_path / "data" / "redlist" / "a.csv"
    target.parent.mkdir(parents=True)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(r[:drop] + r[drop + 1 :] for r in table)
    build(context(tmp_path / "build", data=tmp_path / "data"), tmp_path / "site")
    site = tmp_path / "site"
    assert len(list((site / "redlist").glob("*/index.html"))) == 5
    assert "<item>" not in (site / "feeds" / "redlist" / "rss.xml").read_text(encoding="utf-8")
    sitemaps = " ".join(p.read_text(encoding="utf-8") for p in site.glob("sitemap*.xml"))
    assert "0001-01-01" not in sitemaps
    assert not (site / "redlist" / "year").exists()  # an undated entry is of no year
