"""Faults end cleanly: a second build at once is refused; a full disk is one line, not a traceback."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


# --- a full disk ---------------------------------------------------------------------------

WRITE_MODES = frozenset("wax+")


class _FullFile:
    """A file open for writing on a full disk: every write fails as write(2) does (no name)."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def fill_disk(monkeypatch: pytest.MonkeyPatch, full: Callable[[str], bool]) -> None:
    """Make writes to the paths `full` names fail with ENOSPC, whichever way they are opened."""
    real_open, real_fdopen = io.open, os.fdopen

    def guard(handle: Any, file: Any, mode: str) -> Any:
        path = os.readlink(f"/proc/self/fd/{file}") if isinstance(file, int) else os.fspath(file)
        if WRITE_MODES & set(mode) and full(os.path.abspath(path)):
            return _FullFile(handle)
        return handle

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return guard(real_open(file, mode, *args, **kwargs), file, mode)

    def guarded_fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return guard(real_fdopen(fd, mode, *args, **kwargs), fd, mode)

    monkeypatch.setattr(io, "open", guarded_open)  # pathlib opens through io.open
    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "fdopen", guarded_fdopen)  # atomic writes: mkstemp, then fdopen


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


FULL_AT = {
    "a page of the site": lambda p: "/.site." in p and p.endswith("index.html"),
    "the state": lambda p: "/state/" in p,
    "the report": lambda p: p.endswith("summary.json") or "/.summary.json." in p,
    "nginx.conf": lambda p: "nginx.conf" in p,
    "the purge list": lambda p: "purge.txt" in p,
}


@pytest.mark.parametrize("where", FULL_AT)
def test_a_full_disk_is_one_line_exit_1_status_failed_and_the_live_site_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    make_city(tmp_path)
    site, work = tmp_path / "site", tmp_path / "build"
    assert cli.main(build_args(tmp_path)) == 0
    live, before = site.resolve(), tree(site)
    second = row("penalties", 行政处罚决定书文号="九市监罚〔2025〕13号", 违法事实="第二起")
    write_rows(tmp_path / "data" / "penalties" / "p.csv", [row("penalties"), second])
    capsys.readouterr()

    with monkeypatch.context() as patch:
        fill_disk(patch, FULL_AT[where])
        assert cli.main(build_args(tmp_path)) == 1

    err = capsys.readouterr().err
    assert err.startswith("未发布（原站点保持不变）：磁盘空间不足：") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert str(tmp_path) in err  # names the file that did not fit
    assert status(work)["state"] == "failed" and "磁盘空间不足" in status(work)["message"]
    assert site.resolve() == live and tree(site) == before
    assert not site.with_name(".site.link").exists()

    assert cli.main(build_args(tmp_path)) == 0  # space freed: the next build publishes it all
    assert "第二起" in (site / "opendata" / "penalties.json").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert cli.main(build_args(tmp_path, "fresh", "fresh-build")) == 0
    assert tree(site) == tree(fresh)


def test_a_disk_full_before_the_build_starts_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_city(tmp_path)
    assert cli.main(build_args(tmp_path)) == 0
    before = tree(tmp_path / "site")
    capsys.readouterr()
    with monkeypatch.context() as patch:
        fill_disk(patch, lambda p: "status.json" in p)
        assert cli.main(build_args(tmp_path)) == 1
    err = capsys.readouterr().err
    assert err.startswith("未发布（原站点保持不变）：磁盘空间不足") and len(err.splitlines()) == 1
    assert status(tmp_path / "build")["state"] == "published"  # the last build's, still true
    assert tree(tmp_path / "site") == before


def test_a_status_left_half_written_is_refused_by_deploy(tmp_path: Path) -> None:
    from generator.ops.status import STATUS_FILE, build_refusal, read_build_status

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (tmp_path / "build" / STATUS_FILE).parent.mkdir(parents=True)
    (tmp_path / "build" / STATUS_FILE).write_text('{"state": "fai', encoding="utf-8")
    refusal = build_refusal(tmp_path / "site", read_build_status(tmp_path / "build"))
    assert refusal is not None and "无法读取构建状态" in refusal


FULL_TMPFS = r"""
import json, os, subprocess, sys
from pathlib import Path

root, full = Path(sys.argv[1]), sys.argv[2]
disk = root / "disk"
disk.mkdir()
if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)]).returncode:
    print(json.dumps({"skip": "mount -t tmpfs refused"}))
    sys.exit()
folders = {"out": root / "site", "work": root / "build"}
folders[full] = disk / full


def build(data):
    command = [sys.executable, "-m", "generator", "--config", str(root / "mkdocs.yml"), "build"]
    command += ["--data", str(root / data), "--today", "2025-06-01"]
    command += ["--out", str(folders["out"]), "--work", str(folders["work"])]
    return subprocess.run(command, capture_output=True, text=True)


def tree(top):
    return {str(p.relative_to(top)): p.read_bytes().hex() for p in top.rglob("*") if p.is_file()}


first = build("data")
live = os.path.realpath(folders["out"])
before = tree(folders["out"])
ballast = os.open(disk / "ballast", os.O_WRONLY | os.O_CREAT)
try:  # fill what is left, to the last page
    while True:
        os.write(ballast, bytes(4096))
except OSError:
    os.close(ballast)
second = build("data2")
status = json.loads((folders["work"] / "report" / "status.json").read_text(encoding="utf-8"))
print(json.dumps({
    "first": first.returncode, "code": second.returncode, "err": second.stderr,
    "status": status["state"], "same_link": os.path.realpath(folders["out"]) == live,
    "same_tree": tree(folders["out"]) == before,
}))
"""


@pytest.mark.parametrize("full", ["out", "work"])
def test_a_really_full_disk_ends_the_same_way(tmp_path: Path, full: str) -> None:
    """On a tmpfs filled to the last page (in a mount namespace of its own, as root)."""
    if os.geteuid() != 0 or not Path("/usr/bin/unshare").exists():
        pytest.skip("needs root and unshare(1) to mount a small tmpfs")
    make_city(tmp_path)
    second = row("penalties", 行政处罚决定书文号="九市监罚〔2025〕13号", 违法事实="第二起")
    write_rows(tmp_path / "data2" / "penalties" / "p.csv", [row("penalties"), second])
    done = subprocess.run(
        ["/usr/bin/unshare", "-m", sys.executable, "-c", FULL_TMPFS, str(tmp_path), full],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    if done.returncode and "unshare" in done.stderr:
        pytest.skip(f"no mount namespace here: {done.stderr.strip()}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "skip" in result:
        pytest.skip(result["skip"])
    assert result["first"] == 0
    assert result["code"] == 1, result["err"]
    err = result["err"]
    assert err.startswith("未发布（原站点保持不变）：磁盘空间不足") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert result["same_link"] and result["same_tree"]
    # A full --out fails while writing the site: recorded. A full --work cannot even record
    # that the build started, so it stops there and the last build's `published` stays true.
    assert result["status"] == ("failed" if full == "out" else "published")
