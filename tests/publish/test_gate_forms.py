"""The privacy gate finds personal numbers however written, and lets through only what is published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import PERSON_ID
from hypothesis import given
from hypothesis import strategies as st
from personal_forms import (
    FORMS,
    amounts,
    credit_codes,
    dates,
    doc_numbers,
    in_text,
    svg_paths,
)

from generator.core.codes import is_valid_id_number
from generator.core.personal import ID_NUMBER, MOBILE_NUMBER, is_personal_id
from generator.publish.gate import Gate

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>行政处罚 - 信用中国（九江）</title>
<meta name="SiteIDCode" content="3604000099"><meta name="PubDate" content="2026-03-02">
<link rel="stylesheet" href="/assets/stylesheets/main.57a0d79d.min.css"></head>
<body><svg viewBox="0 0 24 24"><path d="M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2m0 2a8 8 0 0 1 8 8 8 8 0 0 1-8 8 8 8 0 0 1-8-8 8 8 0 0 1 8-8"/></svg>
<table><tbody class="portal-record">
<tr><th scope="row">统一社会信用代码</th><td>92360483121450964M</td></tr>
<tr><th scope="row">行政处罚决定书文号</th><td>九税稽罚〔2026〕5号</td></tr>
<tr><th scope="row">违法事实</th><td>{facts}</td></tr>
<tr><th scope="row">处罚决定日期</th><td>2026-03-02</td></tr>
<tr><th scope="row">处罚机关统一社会信用代码</th><td>113604000144610863</td></tr>
</tbody></table>
<a href="/penalties/5cc311349a8bb3b7/">查看</a><a href="/licensing/5917444131011562/">许可</a>
<p>联系方式：九江市信用中心 0792-8221234　赣ICP备00000000号-1</p></body></html>"""
WHAT = {ID_NUMBER: "身份证号", MOBILE_NUMBER: "手机号码"}


def leaks(text: str, gate: Gate | None = None) -> list[tuple[str, int]]:
    return [(leak.what, leak.offset) for leak in (gate or Gate()).scan_text("p.html", text).leaks]


def test_an_ordinary_page_passes() -> None:
    assert leaks(PAGE.format(facts="当事人未按规定开具发票2份，涉及金额2650元。")) == []


@pytest.mark.parametrize(
    ("written", "what"),
    [
        ("１１０１０５１９４９１２３１００２Ｘ", "身份证号"),
        ("1101\u200b0519491231002X", "身份证号"),
        ("&#49;&#49;010519491231002X", "身份证号"),
        ("%31%31010519491231002X", "身份证号"),
        ("\\u0031\\u0031010519491231002X", "身份证号"),
        ("一一〇一〇五一九四九一二三一〇〇二X", "身份证号"),
        ("360402600123456", "身份证号"),
        ("＋８６ １３９０７９２００００", "手机号码"),
        ("(+86)139.0792.0000", "手机号码"),
        ("Tel13907920000", "手机号码"),
    ],
)
def test_a_disguised_number_in_a_page_is_a_leak(written: str, what: str) -> None:
    page = PAGE.format(facts=f"当事人{written}无照经营")
    assert [w for w, _ in leaks(page)] == [what]


def test_allowed_never_covers_a_plausible_id_number_unless_it_is_a_credit_code() -> None:
    id_shaped = "360400202207070014"  # check digit right, born 2022-07-07: a child's ID?
    both = "360400202207070196"  # passes the credit-code check too
    gate = Gate(allowed={id_shaped, id_shaped.lower(), both, "JY13604030012345"})
    assert gate.allowed == {both, "JY13604030012345"}
    assert leaks(f"<td>{id_shaped}</td>", gate) == [("身份证号", 4)]
    assert leaks(f"<td>{both}</td>", gate) == []


def test_an_identifier_is_allowed_only_as_the_record_shows_it() -> None:
    """A published ID-shaped 许可编号 written in another form is not the published identifier."""
    licence_no = "360400202207070196"  # passes the ID check (and the credit-code check)
    gate = Gate(allowed={licence_no})
    assert gate.scan_text("p.html", f"<td>{licence_no}</td>").allowed == (licence_no,)
    for disguised in (
        "３６０４００２０２２０７０７００１４",
        "3604 0020 2207 0700 14",
        "360400\u200b202207070014",
    ):
        scan = gate.scan_text("p.html", f"<td>{disguised}</td>")
        assert [leak.what for leak in scan.leaks] == ["身份证号"] and scan.allowed == ()


@pytest.mark.parametrize(
    "written",
    [
        "E1234\u200b5678",
        "e12345678",
        "Ｅ１２３４５６７８",
        "&#69;&#x31;2345678",
        "E%31%32345678",
        "E12\u034f345678",
    ],
)
def test_a_never_published_value_is_found_however_written(written: str) -> None:
    page = PAGE.format(facts=f"护照{written}。")
    found = leaks(page, Gate({"E12345678"}))
    assert [w for w, _ in found] == [
        "不得公开的证件号码（证件号码 / 法定代表人证件号码 / 承诺人代码）"
    ]
    assert found[0][1] == page.index(written)


def test_a_byte_order_mark_alone_hides_nothing() -> None:
    gate = Gate({"E12345678"})
    assert leaks("\ufeff名称,代码\n某公司,91360403MA35F0Q14W\n", gate) == []
    csv = "\ufeff名称,护照\n张*,E1234\u200b5678\n"
    assert [o for _, o in leaks(csv, gate)] == [csv.index("E")]


def test_materials_bundles_pass_the_gate() -> None:
    import material

    root = Path(os.path.dirname(material.__file__)) / "templates" / "assets"
    files = [*root.rglob("*.js"), *root.rglob("*.css")]
    assert files
    gate = Gate({PERSON_ID, "E12345678"})
    assert [
        (p.name, leak) for p in files for leak in gate.scan_text(p.name, p.read_text("utf-8")).leaks
    ] == []


@FORMS
@given(in_text((ID_NUMBER, MOBILE_NUMBER)))
def test_the_gate_reports_every_planted_form(case) -> None:  # type: ignore[no-untyped-def]
    before, label, thing, after = case
    facts = before + label + thing.written + after
    page = PAGE.format(facts=facts)
    assert (WHAT[thing.kind], page.index(facts) + len(before) + len(label)) in leaks(page)


@FORMS
@given(in_text((ID_NUMBER,)))
def test_a_disguised_form_of_an_allowed_identifier_is_still_a_leak(case) -> None:  # type: ignore[no-untyped-def]
    _, _, thing, _ = case
    page = PAGE.format(facts=thing.written)
    found = leaks(page, Gate(allowed={thing.number}))
    # A 15-digit number has no check digit to make it a plausible ID: the allowance covers it.
    allowable = not is_personal_id(thing.number)
    assert (found == []) is (thing.written.upper() == thing.number and allowable)


@FORMS
@given(
    st.lists(
        st.one_of(
            credit_codes().filter(lambda c: not is_valid_id_number(c)),
            doc_numbers,
            dates,
            amounts,
            svg_paths(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_codes_document_numbers_dates_amounts_and_paths_pass(parts: list[str]) -> None:
    assert leaks(PAGE.format(facts="，".join(parts))) == []
