"""A build of the demo export with every kind of bad file beside it: it publishes the rest."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT
from hostile import plant

from generator.cli import main

DAY = "2026-11-23"


def build(data: Path, tmp_path: Path, name: str) -> tuple[dict[str, dict[str, int]], str]:
    work, out = tmp_path / f"{name}_build", tmp_path / f"{name}_site"
    arguments = ["--data", str(data), "--out", str(out), "--work", str(work), "--today", DAY]
    assert main(["--config", str(ROOT / "mkdocs.yml"), "build", *arguments]) == 0
    summary = json.loads((work / "report" / "summary.json").read_text(encoding="utf-8"))
    status = json.loads((work / "report" / "status.json").read_text(encoding="utf-8"))
    assert status["state"] == "published"
    return summary["kinds"], (work / "report" / "rejected.csv").read_text(encoding="utf-8-sig")


def test_every_bad_file_is_a_line_and_every_valid_row_is_published(
    tmp_path: Path, demo_build: tuple[Path, Any]
) -> None:
    site, _ = demo_build  # the demo export as it is, built once for the whole session
    clean = json.loads((site.parent / "build" / "report" / "summary.json").read_text("utf-8"))
    before = clean["kinds"]
    hostile = tmp_path / "hostile"
    shutil.copytree(ROOT / "data", hostile)
    (tmp_path / "outside").mkdir()
    valid, expected = plant(hostile, tmp_path / "outside")
    after, rejected = build(hostile, tmp_path, "hostile")
    assert after["licensing"]["published"] == before["licensing"]["published"] + valid
    for kind in before:
        if kind not in ("licensing", "articles"):
            assert after[kind] == before[kind]
    lines = {(r["file"], r["row"]) for r in csv.DictReader(io.StringIO(rejected))}
    assert expected <= lines, expected - lines
