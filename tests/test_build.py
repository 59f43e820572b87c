"""Whole builds: the gate stops a leaking build with a non-zero exit and the old site stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PERSON_ID, person_penalty, row, write_rows

from generator.cli import main

ROOT = Path(__file__).parents[1]


def make_city(tmp_path: Path, policy: str = "") -> Path:
    """Write a mkdocs.yml (with an optional policy override) and return its path."""
    config = tmp_path / "mkdocs.yml"
    lines = [
        "site_name: 信用中国（测试）",
        "site_url: https://credit.example.gov.cn/",
        "docs_dir: site_src",
    ]
    lines += ["extra:", "  portal:", "    city: 测试市", "    key_salt: test"]
    if policy:
        (tmp_path / "policy.yaml").write_text(policy, encoding="utf-8")
        lines.append("    policy: policy.yaml")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def run_build(config: Path, tmp_path: Path) -> int:
    return main(
        [
            "--config",
            str(config),
            "build",
            "--data",
            str(tmp_path / "data"),
            "--out",
            str(tmp_path / "site"),
            "--work",
            str(tmp_path / "build"),
            "--today",
            "2025-06-01",
        ]
    )


LEAKY_FACTS = f"当事人身份证号{PERSON_ID}，手机13907920000。"


def test_build_publishes_scrubbed_text(tmp_path: Path) -> None:
    write_rows(tmp_path / "data" / "penalties" / "p.csv", [row("penalties", 违法事实=LEAKY_FACTS)])
    assert run_build(make_city(tmp_path), tmp_path) == 0
    published = (tmp_path / "site" / "opendata" / "penalties.json").read_text(encoding="utf-8")
    assert PERSON_ID not in published and "13907920000" not in published
    assert "身份证号已隐去" in published


def test_gate_stops_a_build_whose_scrubbing_was_switched_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_city(tmp_path, "scrub: {id_numbers: false, mobile_numbers: false}\n")
    write_rows(tmp_path / "data" / "penalties" / "p.csv", [row("penalties")])
    assert run_build(config, tmp_path) == 0
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}

    write_rows(tmp_path / "data" / "penalties" / "p.csv", [row("penalties", 违法事实=LEAKY_FACTS)])
    assert run_build(config, tmp_path) == 1
    err = capsys.readouterr().err
    assert "opendata/penalties.json: 含有身份证号" in err and "手机号码" in err
    after = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert after == before  # the previous site is untouched
    summary = json.loads(
        (tmp_path / "build" / "report" / "summary.json").read_text(encoding="utf-8")
    )
    assert summary["kinds"]["penalties"]["published"] == 1  # the report still tells what was read


def test_a_persons_passport_number_is_scrubbed_from_free_text(tmp_path: Path) -> None:
    passport = "E98765432"
    person = person_penalty(
        "约翰", passport, "护照", 违法事实=f"护照号{passport}的当事人逾期居留。"
    )
    write_rows(tmp_path / "data" / "penalties" / "p.csv", [person])
    assert run_build(make_city(tmp_path), tmp_path) == 0
    published = (tmp_path / "site" / "opendata" / "penalties.json").read_text(encoding="utf-8")
    assert passport not in published and "约*" in published
