"""The command line: its commands, its exit codes, the build day."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import row, write_rows

from generator.cli import main
from generator.core.config import ConfigError, build_day

ROOT = Path(__file__).parents[1]


def test_help_lists_the_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("build", "check", "serve", "demo-data"):
        assert command in result.stdout


def test_check_writes_the_report_and_prints_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_rows(
        tmp_path / "data" / "penalties" / "p.csv", [row("penalties"), row("penalties", 处罚机关="")]
    )
    status = main(
        [
            "--config",
            str(ROOT / "mkdocs.yml"),
            "check",
            "--data",
            str(tmp_path / "data"),
            "--work",
            str(tmp_path / "build"),
            "--today",
            "2026-11-23",
        ]
    )
    assert status == 0
    out = capsys.readouterr().out
    assert "行政处罚" in out and "必填项为空" in out
    summary = json.loads(
        (tmp_path / "build" / "report" / "summary.json").read_text(encoding="utf-8")
    )
    assert summary["kinds"]["penalties"]["rejected"] == 1


def test_missing_data_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--config", str(ROOT / "mkdocs.yml"), "check", "--data", str(tmp_path / "nope")])
    assert status == 2
    assert "数据目录不存在" in capsys.readouterr().err


def test_build_day_precedence() -> None:
    assert build_day("2026-01-02", {"SOURCE_DATE_EPOCH": "0"}) == date(2026, 1, 2)  # --today wins
    # 1700000000 is 2023-11-14 22:13 UTC, already 11-15 in Asia/Shanghai
    assert build_day(None, {"SOURCE_DATE_EPOCH": "1700000000"}) == date(2023, 11, 15)
    with pytest.raises(ConfigError):
        build_day("2026-13-01")
