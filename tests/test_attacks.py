"""Every attack at once: hostile files, disguised numbers, injected markup, formulas, controls.

One city carries all of them beside its valid rows. The build must publish (exit 0), publish
every valid row, report every bad file and row, and let nothing through: no planted number in
any output file (compared after folding, as a reader's software would), no injected script in
nginx.conf's policy, no formula in an open-data cell, hostile text in feeds shown as text.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from conftest import GOLDEN, GOLDEN_DAY, PERSON_ID, build_golden, person_penalty, row, write_rows
from hostile import plant

from generator.cli import main
from generator.core.folding import fold
from generator.publish.csp import csp_hash

ROOT = Path(__file__).resolve().parents[1]
MOBILE = "13907920000"
FIRST_GENERATION = "110105491231002"  # the same person's 15-digit ID of before 1999
# The person's ID number and mobile, written every way people (and attackers) write them.
FORMS = [
    "１１０１０５１９４９１２３１００２Ｘ",
    "110105\u00a019491231\u00a0002X",
    "110105\u300019491231\u3000002X",
    "110105–19491231–002X",
    "110105－19491231－002X",
    "110105.19491231.002X",
    "110105  19491231  002X",
    "SFZ11010519491231002X",
    "1101\u200b0519491231\u200b002X",
    "1101\u20600519\u200c491231\ufeff002X",
    "".join(f"&#{ord(c)};" for c in PERSON_ID),
    "".join(f"%{ord(c):02X}" for c in PERSON_ID),
    "一一〇一〇五一九四九一二三一〇〇二X",
    FIRST_GENERATION,
    "１３９０７９２００００",
    "＋８６ 139 0792 0000",
    "0086-13907920000",
    "(+86)139.0792.0000",
    "139/0792/0000",
    "Tel13907920000",
]
SCRIPT = 'alert("xss")'
FORMULA = '=HYPERLINK("http://evil.example/","点我")'
IMG = "<img src=x onerror=alert(1)>"


def city(root: Path) -> Path:
    """Copy the golden city into `root` and plant every attack; return its mkdocs.yml."""
    shutil.copytree(GOLDEN / "data", root / "data")
    shutil.copytree(GOLDEN / "site_src", root / "site_src")
    config = (GOLDEN / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../templates/theme", str(ROOT / "templates" / "theme"))
    config = config.replace(
        "    sponsor: 金样市发展和改革委员会", f"    sponsor: 金样市<script>{SCRIPT}</script>"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    data = root / "data"
    (root / "outside").mkdir()
    plant(data, root / "outside")  # hostile files, each a report line
    penalties = [
        row(
            "penalties",
            行政处罚决定书文号=f"攻罚〔2025〕{i}号",
            违法事实=f"当事人（{form}）无照经营。",
        )
        for i, form in enumerate(FORMS)
    ]
    penalties.append(
        person_penalty(
            "李建华", 行政处罚决定书文号="攻罚〔2025〕99号", 违法事实="李\u200b建华 拒不改正。"
        )
    )
    write_rows(data / "penalties" / "attacks.csv", penalties)
    write_rows(
        data / "licensing" / "attacks.csv",
        [
            row("licensing", 行政相对人名称=FORMULA, 行政许可决定文书号="攻许〔2025〕1号"),
            row(
                "licensing",
                行政相对人名称="九江\x00某某\x1b公司",
                行政许可决定文书号="攻许〔2025〕2号",
            ),
        ],
    )
    write_rows(
        data / "warnings" / "attacks.csv",
        [
            row(
                "warnings",
                标题="关于冒用他人身份的风险提示",
                正文=f"谨防{IMG}冒用。",
                发布日期="2025-05-01",
            )
        ],
    )
    posts = root / "site_src" / "articles" / "posts"
    (posts / "2025-05-03-attack.md").write_text(
        f"---\ntitle: 通知<script>{SCRIPT}</script>\ndate: 2025-05-03\ncategory: 信用动态\n---\n\n"
        f"正文<script>{SCRIPT}</script>\n",
        encoding="utf-8",
    )
    return root / "mkdocs.yml"


def summary(work: Path) -> dict[str, dict[str, int]]:
    return json.loads((work / "report" / "summary.json").read_text(encoding="utf-8"))["kinds"]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict, dict]:
    """Build the golden city as it is and with every attack; return site, work and counts."""
    root = tmp_path_factory.mktemp("attacks")
    build_golden(root / "clean_site", root / "clean_build")
    config = city(root / "city")
    site, work = root / "site", root / "build"
    argv = ["--config", str(config), "build", "--data", str(root / "city" / "data")]
    assert main([*argv, "--out", str(site), "--work", str(work), "--today", GOLDEN_DAY]) == 0
    return site, work, summary(root / "clean_build"), summary(work)


def texts(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes().decode("utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file()
    }


def test_the_city_publishes_every_valid_row(attacked) -> None:  # type: ignore[no-untyped-def]
    _, _, clean, after = attacked
    # 16 valid licences beside the hostile files, the two attack licences; every penalty row
    assert after["licensing"]["published"] == clean["licensing"]["published"] + 16 + 2
    assert after["penalties"]["published"] == clean["penalties"]["published"] + len(FORMS) + 1
    assert after["warnings"]["published"] == clean["warnings"]["published"] + 1
    assert after["articles"]["rejected"] == clean["articles"]["rejected"] + 1  # the <script> post


def test_every_bad_file_and_row_is_reported(attacked) -> None:  # type: ignore[no-untyped-def]
    _, work, _, _ = attacked
    report = (work / "report" / "rejected.csv").read_text(encoding="utf-8-sig")
    files = {line["file"] for line in csv.DictReader(io.StringIO(report))}
    for name in ("dtd.xlsx", "bomb.xlsx", "far.xlsx", "secret.xlsx", "cut.xlsx", "shadow.csv"):
        assert f"licensing/{name}" in files, name
    assert "licensing/long.csv" in files and "licensing/pipe.csv" in files
    assert any(f.endswith("2025-05-03-attack.md") for f in files)  # the withheld article
    assert "licensing/attacks.csv" in files  # the control characters, removed and reported


def test_no_planted_number_is_in_any_output_file_even_after_folding(attacked) -> None:  # type: ignore[no-untyped-def]
    site, _, _, _ = attacked
    for name, text in texts(site).items():
        folded = re.sub(r"[\s\-./()\[\]+·]", "", fold(text).text).upper()
        for number in (PERSON_ID, FIRST_GENERATION, MOBILE):
            assert number not in folded, (name, number)
        assert "李建华" not in text and "李\u200b建华" not in text, name


def test_nginx_allows_no_injected_script(attacked) -> None:  # type: ignore[no-untyped-def]
    _, work, _, _ = attacked
    conf = (work / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert csp_hash(SCRIPT) not in conf and "unsafe-inline" not in conf.split("script-src")[1]


def test_no_open_data_cell_is_a_formula(attacked) -> None:  # type: ignore[no-untyped-def]
    site, _, _, _ = attacked
    seen = False
    for path in (site / "opendata").glob("*.csv"):
        for line in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in line), line
            seen = seen or any(cell == "'" + FORMULA for cell in line)
    assert seen  # the name is published, neutralised, not dropped
    data = json.loads((site / "opendata" / "licensing.json").read_text(encoding="utf-8"))
    assert any(FORMULA in record.values() for record in data["records"])  # JSON stays exact


def test_feeds_parse_and_show_hostile_text_as_text(attacked) -> None:  # type: ignore[no-untyped-def]
    site, _, _, _ = attacked
    for path in (site / "feeds").rglob("*.xml"):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, path
    rss = feedparser.parse((site / "feeds" / "warnings" / "rss.xml").read_bytes())
    (entry,) = [e for e in rss.entries if "冒用他人身份" in e.title]
    # RSS descriptions are HTML to a reader: the markup arrives escaped, so it shows as text.
    assert "<img" not in entry.summary and IMG in html.unescape(entry.summary)
    atom = feedparser.parse((site / "feeds" / "warnings" / "atom.xml").read_bytes())
    (entry,) = [e for e in atom.entries if "冒用他人身份" in e.title]
    assert entry.summary_detail.type == "text/plain" and IMG in entry.summary
    for name, text in texts(site).items():
        if name.endswith((".html", ".xml", ".json", ".csv", ".txt")):
            assert "\x00" not in text and "\x1b" not in text, name
