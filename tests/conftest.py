"""Shared helpers: valid base rows per kind, and writers for tiny export trees."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

DEPT = {"name": "九江市市场监督管理局", "code": "11360400MB1719061W"}
COMPANY = {"name": "九江市浔阳区恒达建材有限公司", "code": "91360403MA35F0Q14W"}
PERSON_ID = "11010519491231002X"

BASE_ROWS: dict[str, dict[str, str]] = {
    "penalties": {
        "行政相对人名称": COMPANY["name"],
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1(统一社会信用代码)": COMPANY["code"],
        "法定代表人": "王建国",
        "行政处罚决定书文号": "九市监罚〔2025〕12号",
        "违法行为类型": "销售不合格建材",
        "违法事实": "经查，当事人销售的水泥强度不合格。",
        "处罚依据": "《中华人民共和国产品质量法》第四十九条",
        "处罚类别": "罚款",
        "处罚内容": "罚款人民币二万元",
        "罚款金额（万元）": "2",
        "处罚决定日期": "2025-04-23",
        "处罚有效期": "2026-04-22",
        "处罚机关": DEPT["name"],
        "处罚机关统一社会信用代码": DEPT["code"],
        "数据来源单位": DEPT["name"],
        "数据来源单位统一社会信用代码": DEPT["code"],
    },
    "licensing": {
        "行政相对人名称": COMPANY["name"],
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1(统一社会信用代码)": COMPANY["code"],
        "行政许可决定文书名称": "食品经营许可证",
        "行政许可决定文书号": "九市监许〔2025〕8号",
        "许可类别": "普通",
        "许可编号": "JY13604030012345",
        "许可内容": "预包装食品销售",
        "许可决定日期": "2025-03-05",
        "有效期自": "2025-03-05",
        "有效期至": "2030-03-04",
        "许可机关": DEPT["name"],
        "许可机关统一社会信用代码": DEPT["code"],
        "数据来源单位": DEPT["name"],
        "数据来源单位统一社会信用代码": DEPT["code"],
    },
    "blacklist": {
        "名单类型": "严重违法失信企业",
        "主体名称": COMPANY["name"],
        "主体类别": "法人及非法人组织",
        "统一社会信用代码": COMPANY["code"],
        "列入事由": "提交虚假材料取得登记",
        "认定部门": DEPT["name"],
        "认定部门统一社会信用代码": DEPT["code"],
        "列入日期": "2025-06-01",
    },
    "commitments": {
        "承诺编码": "36040020250301000001",
        "承诺人名称": COMPANY["name"],
        "承诺人类别": "法人及非法人组织",
        "承诺人代码": COMPANY["code"],
        "承诺类型": "审批替代型",
        "承诺事由": "申请食品经营许可",
        "承诺内容": "所填信息真实有效",
        "违诺责任": "承担相应法律责任",
        "承诺作出日期": "2025-03-01",
        "承诺履行状态": "全部履行",
        "承诺受理单位": DEPT["name"],
        "承诺受理单位代码": DEPT["code"],
        "公开类型": "可向社会公开",
    },
    "cases": {
        "标题": "某建材公司修复信用重获招投标资格",
        "案例类型": "信用修复案例",
        "报送单位": DEPT["name"],
        "发布日期": "2025-07-01",
        "正文": "该公司主动纠正失信行为……",
    },
    "warnings": {
        "标题": "关于防范预付式消费风险的提示",
        "发布单位": DEPT["name"],
        "发布日期": "2025-08-01",
        "正文": "近期预付式消费投诉增多……",
    },
    "takedowns": {
        "信息类别": "行政处罚",
        "文书号": "九市监罚〔2025〕12号",
        "处理类型": "信用修复",
        "处理日期": "2025-10-01",
        "处理机关": DEPT["name"],
    },
}
BASE_ROWS["redlist"] = {
    **BASE_ROWS["blacklist"],
    "名单类型": "A级纳税人",
    "列入事由": "纳税信用评价为A级",
}
BASE_ROWS["watchlist"] = {
    **BASE_ROWS["blacklist"],
    "名单类型": "经营异常名录",
    "列入事由": "未按时公示年报",
}


def row(kind: str, **changes: str) -> dict[str, str]:
    """Return a valid row of a kind with some cells changed (header -> value)."""
    return {**BASE_ROWS[kind], **changes}


def person_penalty(
    name: str, id_no: str = PERSON_ID, id_type: str = "身份证", **changes: str
) -> dict[str, str]:
    """Return a valid penalty row of a natural person (no credit code, an ID document)."""
    person = {
        "行政相对人名称": name,
        "行政相对人类别": "自然人",
        "行政相对人代码_1(统一社会信用代码)": "",
        "证件类型": id_type,
        "证件号码": id_no,
    }
    return row("penalties", **person, **changes)


def write_rows(path: Path, rows: Iterable[dict[str, str]], encoding: str = "utf-8-sig") -> Path:
    """Write dict rows as a CSV export (union of their headers, in first-seen order)."""
    rows = list(rows)
    headers = list(dict.fromkeys(h for r in rows for h in r))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows([r.get(h, "") for h in headers] for r in rows)
    return path


@pytest.fixture
def fixtures_dir() -> Path:
    """Return the folder of committed quirk fixtures."""
    return Path(__file__).parent / "fixtures"


ROOT = Path(__file__).parents[1]
DEMO_DAY = date(2026, 11, 23)


@dataclass(frozen=True)
class DemoCheck:
    """What the demo's check found: the decision as published, and policy's ruling on originals.

    Tests look for withheld and unmasked values in the built site, so they need the originals,
    which the decision itself does not hand on.
    """

    decision: Any
    ruling: Any


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoCheck]:
    """Build the demo export (data/, mkdocs.yml) once; return the site and the check's findings."""
    from generator.core.config import load_config
    from generator.decide.policy import apply_policy
    from generator.ingest import ingest
    from generator.pipeline import BuildContext, build, check

    tmp = tmp_path_factory.mktemp("demo")
    config = load_config(ROOT / "mkdocs.yml")
    build(BuildContext.of(config, ROOT / "data", tmp / "build", DEMO_DAY), tmp / "site")
    ctx = BuildContext.of(config, ROOT / "data", tmp / "build2", DEMO_DAY)
    ruling = apply_policy(ingest(ctx.data_dir, ctx.salt), ctx.rules, DEMO_DAY)
    return tmp / "site", DemoCheck(check(ctx).decision, ruling)


def published_records(folder: Path, rows: dict[str, list[dict[str, str]]]) -> dict[str, tuple]:
    """Write rows per kind under `folder`, ingest them, and return every record read per kind."""
    from generator.ingest import ingest

    for kind, kind_rows in rows.items():
        write_rows(folder / kind / f"{kind}.csv", kind_rows)
    ingested = ingest(folder, b"salt")
    return {kind: tuple(result.records) for kind, result in ingested.kinds.items()}


def sample_chrome() -> Any:
    """Return a page chrome for rendering tests (no mkdocs stylesheets)."""
    from generator.site.render import Chrome

    return Chrome(
        site_name="信用中国（测试）",
        site_url="https://credit.example.gov.cn/",
        portal={},
        tabs=(("首页", "/"),),
        stylesheets=(),
        assets={
            "css": "assets/portal.css",
            "js": "assets/portal.js",
            "search": "assets/s.js",
            "search-results": "assets/s.css",
            "lunr.min": "assets/l.js",
        },
        day="2025-06-01",
    )


GOLDEN = Path(__file__).parent / "golden"
GOLDEN_DAY = "2025-06-01"


def build_golden(out: Path, work: Path) -> None:
    """Build the golden export (tests/golden) into `out`, on its fixed day."""
    from generator.cli import main

    args = ["--config", str(GOLDEN / "mkdocs.yml"), "build", "--data", str(GOLDEN / "data")]
    assert main([*args, "--out", str(out), "--work", str(work), "--today", GOLDEN_DAY]) == 0
