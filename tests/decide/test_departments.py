"""The department directory, and the states of the 2016 codebook as policy rules on them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import COMPANY, DEPT, row, write_rows

from generator.core.config import ConfigError
from generator.decide import decide, public_record
from generator.decide.departments import load_directory, read_directory, resolve_departments
from generator.decide.policy import DISPUTED, LAPSED
from generator.decide.rules import load_rules
from generator.ingest import ingest

TODAY = date(2026, 11, 23)
DIRECTORY = [
    {"code": DEPT["code"], "names": [DEPT["name"]], "former": ["九江市工商行政管理局"]},
    {"code": "11360400MB1721854G", "names": ["九江市生态环境局"]},
]


def test_a_directory_knows_current_and_former_names_whatever_their_spelling() -> None:
    directory = read_directory(DIRECTORY)
    assert directory.code_of("九江市工商行政管理局") == DEPT["code"]
    assert directory.code_of(" 九江市市场监督管理局 ") == DEPT["code"]
    assert directory.code_of("九江市环境保护局") == ""
    assert directory.names[DEPT["code"]] == DEPT["name"]


@pytest.mark.parametrize(
    "entries",
    [
        [{"code": "11360400MB1719061X", "names": ["某局"]}],  # a wrong check character
        [{"code": DEPT["code"]}],  # no names
        [*DIRECTORY, {"code": "11360400MB1721854G", "names": ["九江市工商行政管理局"]}],
        {"not": "a list"},
    ],
)
def test_a_directory_that_cannot_decide_is_a_configuration_error(entries: object) -> None:
    with pytest.raises(ConfigError):
        read_directory(entries)


def test_a_missing_directory_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_directory(tmp_path / "departments.yaml")
    assert load_directory(None).by_name == {}


def penalty_2016(state: str, doc_no: str, dept: str = "九江市工商行政管理局") -> dict[str, str]:
    return {
        "行政处罚决定书文号": doc_no,
        "处罚名称": "销售不合格产品",
        "处罚类别1": "1",
        "处罚事由": "当事人销售不合格产品。",
        "处罚依据": "《产品质量法》第四十九条",
        "行政相对人名称": COMPANY["name"],
        "行政相对人代码_1 (统一社会信用代码)": COMPANY["code"],
        "处罚结果": "罚款",
        "处罚决定日期": "2026-05-10",
        "处罚机关": dept,
        "当前状态": state,
    }


def test_2016_states_rule_the_record_revoked_withheld_disputed_shown(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "penalties" / "p.csv",
        [
            penalty_2016("1", "九工商处字〔2026〕1号"),
            penalty_2016("2", "九工商处字〔2026〕2号"),
            penalty_2016("", "九工商处字〔2026〕3号", dept="九江市某某局"),
        ],
    )
    rules = replace(load_rules(), directory=read_directory(DIRECTORY))
    decision = decide(ingest(tmp_path, b"s"), rules, TODAY)
    assert decision.counts["penalties"].withheld == {"revoked": 1}
    by_doc = {r.doc_no: r for r in decision.published["penalties"]}
    assert by_doc["九工商处字〔2026〕2号"].state == DISPUTED
    assert by_doc["九工商处字〔2026〕2号"].dept_code == DEPT["code"]  # a former name resolved
    unknown = by_doc["九工商处字〔2026〕3号"]
    assert (unknown.dept, unknown.dept_code, unknown.state) == ("九江市某某局", "", "正常")


def test_a_2021_licence_whose_status_word_is_revoked_stays_shown_as_lapsed(tmp_path: Path) -> None:
    write_rows(tmp_path / "licensing" / "l.csv", [row("licensing", 当前状态="撤销")])
    rules = load_rules()
    (licence,) = ingest(tmp_path, b"s").records("licensing")
    assert licence.state == "" and public_record(licence, rules, TODAY).status == LAPSED


def test_resolution_leaves_a_code_the_row_carries(tmp_path: Path) -> None:
    other = {"code": "11360400MB1749363B", "names": [DEPT["name"]]}
    write_rows(tmp_path / "penalties" / "p.csv", [row("penalties")])
    ingested = ingest(tmp_path, b"s")
    resolved = resolve_departments(ingested, read_directory([other]))
    assert resolved.records("penalties")[0].dept_code == DEPT["code"]
