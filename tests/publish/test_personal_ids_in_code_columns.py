"""ID numbers in code columns: a 2016 代码_5 (居民身份证号) and the like never reach an output file.

Real exports put persons' ID numbers where public identifiers go: the 2016 generation's 代码_5
is 居民身份证号, and departments fill 2021's 代码_5 (事业单位证书号) or a 许可编号 with one. The
build must publish none of them, and the privacy gate must refuse a build that would.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import row, write_rows

from generator.core.codes import id_check_char, uscc_check_char
from generator.core.config import load_config
from generator.core.records import Licence, Party
from generator.decide.privacy import published_identifiers
from generator.pipeline import BuildContext, build, check
from generator.publish import PublishError, publish
from generator.publish.csp import CspCollector
from generator.publish.gate import PrivacyGate
from generator.publish.inspect import looker
from generator.publish.state import BuildState
from generator.site import build_editorial_site, emit, index_site

DAY = "2026-11-23"
DEPT_NAME, DEPT_CODE = "九江市市场监督管理局", "11360400MB1719061W"


def person_id(area_birth: str, sequence: str) -> str:
    """Return a valid resident ID number: 6-digit area, 8-digit birth date, 3-digit sequence."""
    first = area_birth + sequence
    return first + id_check_char(first)


def credit_code(first17: str) -> str:
    return first17 + uscc_check_char(first17)


IDS = [person_id("36040319700101", f"{n:03d}") for n in (11, 23, 35, 47)]
SOLE_TRADER = credit_code("92360403MA3A5XX25")

HEADERS_2016 = (
    "行政处罚决定书文号", "处罚名称", "处罚类别1", "处罚事由", "处罚依据", "行政相对人名称",
    "行政相对人代码_1 (统一社会信用代码)", "行政相对人代码_2 (组织机构代码)",
    "行政相对人代码_3 (工商登记码)", "行政相对人代码_5 (居民身份证号)", "法定代表人姓名",
    "处罚结果", "处罚决定日期", "处罚机关", "当前状态",
)  # fmt: skip


def penalty_2016(doc_no: str, name: str, code: str, id_no: str, rep: str) -> dict[str, str]:
    values = (
        doc_no, "销售不合格产品", "1", f"当事人{rep}销售不合格产品。", "《产品质量法》第四十九条",
        name, code, "", "", id_no, rep, "罚款人民币5000元", "2026-06-01", DEPT_NAME, "0",
    )  # fmt: skip
    return dict(zip(HEADERS_2016, values, strict=True))


def city(tmp_path: Path) -> Path:
    """Write a city whose exports hold valid ID numbers in code columns; return its config."""
    (tmp_path / "departments.yaml").write_text(
        f"- code: {DEPT_CODE}\n  names: [{DEPT_NAME}]\n", encoding="utf-8"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: 信用中国（测试）\nsite_url: https://credit.example.gov.cn/\n"
        "docs_dir: site_src\nextra:\n  portal:\n    city: 测试市\n    key_salt: test\n"
        "    departments: departments.yaml\n",
        encoding="utf-8",
    )
    write_rows(
        tmp_path / "data" / "penalties" / "p2016.csv",
        [
            penalty_2016("九市监罚〔2026〕1号", "浔阳区李记小吃店", SOLE_TRADER, IDS[0], "李春生"),
            penalty_2016("九市监罚〔2026〕2号", "罗志勇", "", IDS[1], ""),
        ],
    )
    write_rows(  # 2021: a department's ID number under 事业单位证书号, a licence numbered by one
        tmp_path / "data" / "licensing" / "l2021.csv",
        [
            row(
                "licensing",
                许可编号=IDS[3],
                **{
                    "行政相对人代码_5 (事业单位证书号)": IDS[2],
                    "许可机关": DEPT_NAME,
                    "许可机关统一社会信用代码": DEPT_CODE,
                },
            )
        ],
    )
    return config


def context(tmp_path: Path) -> BuildContext:
    config = load_config(city(tmp_path))
    return BuildContext.of(config, tmp_path / "data", tmp_path / "build", date.fromisoformat(DAY))


def test_id_numbers_in_code_columns_reach_no_output_file(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    build(ctx, tmp_path / "site")
    decision = check(ctx).decision
    assert {c.published for k, c in decision.counts.items() if k in ("penalties", "licensing")} == {
        1,
        2,
    }
    assert set(IDS) <= decision.secrets
    for path in (p for p in (tmp_path / "site").rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert not [i for i in IDS if i.encode() in data], path
    sole = next(r for r in decision.published["penalties"] if r.party.uscc == SOLE_TRADER)
    assert (sole.party.inst_no, sole.party.legal_rep) == ("", "李**")
    (licence,) = decision.published["licensing"]
    assert (licence.party.inst_no, licence.licence_no) == ("", "")


def planted(licence: Licence, value: str) -> Licence:
    """Return a published licence with a person's ID number in its 事业单位证书号, as a bug would."""
    return replace(licence, party=replace(licence.party, inst_no=value))


def test_an_id_number_planted_in_a_public_identifier_is_never_allowed() -> None:
    party = Party("九江某某有限公司", "法人及非法人组织", uscc=credit_code("91360403MA35F0Q14"))
    licence = Licence(
        "k", party, "许可决定书", "九市监许〔2026〕1号", "普通", "内容", date(2026, 1, 1),
        DEPT_NAME, DEPT_CODE, DEPT_NAME, DEPT_CODE,
    )  # fmt: skip
    allowed = published_identifiers([planted(licence, IDS[0])])
    assert party.uscc in allowed and IDS[0] not in allowed


def test_the_gate_refuses_a_build_with_an_id_number_planted_in_a_public_identifier(
    tmp_path: Path,
) -> None:
    ctx = context(tmp_path)
    checked = check(ctx)
    (licence,) = checked.decision.published["licensing"]
    value = person_id("36042119820516", "321")
    bad = {**checked.decision.published, "licensing": (planted(licence, value),)}
    decision = replace(checked.decision, published=bad)
    articles = checked.articles.published
    editorial = build_editorial_site(ctx.config, articles, ctx.day)
    site = index_site(decision.published, articles, ctx.day, decision.monitor)
    out = tmp_path / "site"
    with BuildState.open(ctx.work_dir, out, ctx.salt) as state:
        gate, csp = PrivacyGate.for_decision(decision, state), CspCollector.from_state(state)
        artifacts = emit(site, editorial, ctx.config, state.reuse(), looker((gate, csp)))
        with pytest.raises(PublishError, match="身份证号"):
            publish(artifacts, out, (gate, csp), state)
    assert not (out / "index.html").exists()
