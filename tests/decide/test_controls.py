"""Control characters: removed from the public view once, reported per field, harmless after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser
from conftest import COMPANY, row, write_rows

from generator.decide import decide
from generator.decide.controls import clean_record, has_controls, without_controls
from generator.decide.rules import load_rules
from generator.ingest import ingest
from generator.site.emitters.feeds import emit_feeds
from generator.site.emitters.opendata import emit_opendata
from generator.site.index import index_site

DAY = date(2025, 6, 1)
HOSTILE_NAME = "九江\x00市浔阳区\x1b[31m恒达\x7f建材\x85有限公司"


def _decide(tmp_path: Path, rows: dict[str, list[dict[str, str]]]):  # type: ignore[no-untyped-def]
    for kind, kind_rows in rows.items():
        write_rows(tmp_path / "data" / kind / f"{kind}.csv", kind_rows)
    return decide(ingest(tmp_path / "data", b"salt"), load_rules(None), DAY)


def test_control_characters_are_removed_and_tab_and_newline_kept() -> None:
    assert without_controls("a\x00b\x1bc\x7fd\x9fe\ufffff\ud800g") == "abcdefg"
    assert without_controls("第一行\r\n第二行\r第三行\t末") == "第一行\n第二行\n第三行\t末"
    assert not has_controls("正常的文字\n第二行\t制表\u3000全角空格")


def test_a_record_is_cleaned_field_by_field_with_a_located_problem_each() -> None:
    from generator.core.records import Party, Penalty, Source

    penalty = Penalty(
        key="k",
        party=Party(name="恒达\x00公司", type="法人及非法人组织", uscc=COMPANY["code"]),
        doc_no="九市监罚〔2025〕12号",
        violation_type="销售\x1b不合格建材",
        facts="事实",
        basis="依据",
        categories=("罚\x07款",),
        content="内容",
        decided_on=DAY,
        effective_to=DAY,
        dept="部门",
        dept_code="11360400MB1719061W",
        source_unit="部门",
        source_unit_code="11360400MB1719061W",
        source=Source("penalties/p.csv", 7),
    )
    clean, problems = clean_record(penalty)
    assert clean.party.name == "恒达公司" and clean.violation_type == "销售不合格建材"
    assert clean.categories == ("罚款",) and clean.source == penalty.source
    assert {(p.file, p.row, p.field) for p in problems} == {
        ("penalties/p.csv", 7, "行政相对人名称"),
        ("penalties/p.csv", 7, "违法行为类型"),
        ("penalties/p.csv", 7, "处罚类别"),
    }
    assert all("\x00" not in p.value and "\x1b" not in p.value for p in problems)
    assert any(p.value == "恒达\\x00公司" for p in problems)
    assert clean_record(clean) == (clean, [])


def test_a_nul_or_esc_in_a_name_is_removed_reported_and_feeds_still_build(tmp_path: Path) -> None:
    decision = _decide(
        tmp_path,
        {
            "penalties": [row("penalties", 行政相对人名称=HOSTILE_NAME)],
            "warnings": [row("warnings", 发布日期="2025-05-01", 正文="提示\x00正文\x1b")],
        },
    )
    penalty = decision.published["penalties"][0]
    assert penalty.party.name == "九江市浔阳区[31m恒达建材有限公司"
    located = {(p.file, p.row, p.field) for p in decision.problems if "控制字符" in p.reason}
    assert located == {
        ("penalties/penalties.csv", 2, "行政相对人名称"),
        ("warnings/warnings.csv", 2, "正文"),
    }
    site = index_site(decision.published, (), DAY)
    feeds = {a.path: a.data for a in emit_feeds(site, "信用中国（测试市）", "https://x.example")}
    parsed = feedparser.parse(feeds["feeds/penalties/atom.xml"])
    assert not parsed.bozo and "恒达建材有限公司" in parsed.entries[0].title
    for artifact in emit_opendata(site.kinds, "https://x.example", DAY):
        assert not {b"\x00", b"\x1b", b"\x7f"} & {bytes([b]) for b in artifact.data}, artifact.path
