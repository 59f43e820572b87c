"""Faults end cleanly: a second build at once is refused; a full disk is one line, not a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import row, write_rows

from generator import cli, pipeline
from generator.core.locks import Busy, build_locks, exclusive, out_lock
from generator.publish import Manifest

ROOT = Path(__file__).parents[1]
BUILD_DAY = "2025-06-01"


def make_city(root: Path) -> Path:
    """Write a tiny export and its mkdocs.yml under root; return the configuration's path."""
    write_rows(root / "data" / "penalties" / "p.csv", [row("penalties")])
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: 信用中国（测试）\nsite_url: https://credit.example.gov.cn/\n"
        "docs_dir: site_src\nextra:\n  portal:\n    city: 测试市\n    key_salt: test\n",
        encoding="utf-8",
    )
    return config


def build_args(root: Path, out: str = "site", work: str = "build") -> list[str]:
    return [
        "--config",
        str(root / "mkdocs.yml"),
        "build",
        "--data",
        str(root / "data"),
        "--out",
        str(root / out),
        "--work",
        str(root / work),
        "--today",
        BUILD_DAY,
    ]


def status(work: Path) -> dict[str, str]:
    return json.loads((work / "report" / "status.json").read_text(encoding="utf-8"))


class HeldBuild:
    """A build running in a thread, stopped inside the pipeline until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        self.result: list[int] = []

        def held_build(ctx: pipeline.BuildContext, out: Path) -> Manifest:
            if threading.get_ident() == self.thread.ident:  # only the first build waits
                self.inside.set()
                assert self.release.wait(30)
            return Manifest((), (), ())

        monkeypatch.setattr(pipeline, "build", held_build)
        self.thread = threading.Thread(target=lambda: self.result.append(cli.main(args)))

    def __enter__(self) -> HeldBuild:
        self.thread.start()
        assert self.inside.wait(30), "the first build never reached the pipeline"
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(30)


@pytest.mark.parametrize(
    ("out", "work"),
    [("site", "build"), ("site", "other-build"), ("other-site", "build")],
    ids=["same-out-and-work", "same-out", "same-work"],
)
def test_a_second_build_sharing_out_or_work_is_refused_at_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    out: str,
    work: str,
) -> None:
    make_city(tmp_path)
    with HeldBuild(monkeypatch, build_args(tmp_path)) as first:
        assert cli.main(build_args(tmp_path, out, work)) == 1
        err = capsys.readouterr().err
        assert err.startswith("未运行：另一个构建") and f"进程 {os.getpid()}" in err
        assert status(tmp_path / "build")["state"] == "running"  # the first build's, untouched
        if work != "build":
            assert not (tmp_path / work / "report").exists()
    assert first.result == [0]
    assert status(tmp_path / "build")["state"] == "published"
    assert cli.main(build_args(tmp_path, out, work)) == 0  # once it ended, the lock is free


def test_a_check_is_refused_while_a_build_writes_its_work_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_city(tmp_path)
    check = ["--config", str(tmp_path / "mkdocs.yml"), "check", "--data", str(tmp_path / "data")]
    check += ["--work", str(tmp_path / "build"), "--today", BUILD_DAY]
    with HeldBuild(monkeypatch, build_args(tmp_path)):
        assert cli.main(check) == 1
    assert "工作目录" in capsys.readouterr().err


def test_a_deploy_and_a_build_of_one_out_exclude_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_city(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    deploy = ["--config", str(tmp_path / "none.yml"), "deploy", "--to", str(tmp_path / "srv")]
    deploy += ["--out", str(tmp_path / "site"), "--work", str(tmp_path / "deploy-work")]
    with HeldBuild(monkeypatch, build_args(tmp_path)):
        assert cli.main(deploy) == 1
    assert "未部署（线上版本保持不变）：另一个构建或部署正在使用输出目录" in capsys.readouterr().err
    assert not (tmp_path / "srv" / "current").exists()


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    """flock belongs to the open file: a build killed with SIGKILL leaves no lock behind."""
    make_city(tmp_path)
    lock, _ = out_lock(tmp_path / "site")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from generator.core.locks import exclusive\n"
            "with exclusive(Path(sys.argv[1]), 'x'):\n"
            "    print('held', flush=True); time.sleep(60)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with (
            pytest.raises(Busy, match=f"进程 {holder.pid}"),
            build_locks(tmp_path / "build", tmp_path / "site"),
        ):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert cli.main(build_args(tmp_path)) == 0


def test_locks_are_refused_or_taken_whole(tmp_path: Path) -> None:
    """A refused second lock releases the first one it took, so nothing is left half held."""
    with exclusive(out_lock(tmp_path / "site")[0], "site"):
        with pytest.raises(Busy), build_locks(tmp_path / "work", tmp_path / "site"):
            pass
        with build_locks(tmp_path / "work"):  # the work lock was given back
            pass
