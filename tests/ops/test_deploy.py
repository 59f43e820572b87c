"""deploy: releases made by linking the unchanged, atomic switch, rollback, pruning, purge hook."""

from __future__ import annotations

import errno
import json
import os
import shlex
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.core.urls import file_url
from generator.ops import deploy as dp
from generator.ops.deploy import Entry, next_release_id, plan_sync, purge_list, releases_to_prune
from generator.ops.status import record_build_status

ROOT = Path(__file__).resolve().parents[2]

SITE = {
    "index.html": "<h1>首页</h1>",
    "penalties/index.html": "<h1>行政处罚</h1>",
    "entity/91360403MA35F0Q14W/index.html": "<h1>信用档案</h1>",
    "assets/portal.1234abcd.css": "body{}",
    "old.txt": "to be removed",
}


def write_site(out: Path, files: dict[str, str]) -> None:
    """Replace `out` with exactly these files (as a build would publish them)."""
    shutil.rmtree(out, ignore_errors=True)
    for path, text in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def live(target: Path, name: str = "current") -> str:
    return Path(os.readlink(target / name)).name


def run(tmp_path: Path, *args: str) -> int:
    """Run the command line without the repository's mkdocs.yml (no configured purge command)."""
    return cli.main(["--config", str(tmp_path / "none.yml"), "deploy", *args])


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    out, work, target = tmp_path / "site", tmp_path / "build", tmp_path / "srv"
    write_site(out, SITE)
    return out, work, target


def deploy_args(out: Path, work: Path, target: Path, *extra: str) -> list[str]:
    return ["--to", str(target), "--out", str(out), "--work", str(work), *extra]


def test_first_deploy_makes_a_release_and_points_current_at_it(dirs, tmp_path, capsys):
    out, work, target = dirs
    assert run(tmp_path, *deploy_args(out, work, target)) == 0
    release = live(target)
    assert dp.RELEASE_ID.match(release)
    assert os.readlink(target / "current") == f"releases/{release}"  # relative: mountable anywhere
    assert tree(target / "current") == SITE
    assert not (target / "previous").exists()
    assert (target / "purge.txt").read_text(encoding="utf-8") == ""  # nothing served before
    assert f"已上线 {release}" in capsys.readouterr().out
    sums = (target / "releases" / f"{release}.sha256").read_text(encoding="utf-8")
    assert sums.count("\n") == len(SITE)


def test_second_deploy_writes_only_what_changed(dirs):
    out, _work, target = dirs
    first = dp.deploy(out, target).release
    assert first
    changed = {k: v for k, v in SITE.items() if k != "old.txt"}
    changed["penalties/index.html"] = "<h1>行政处罚（更新）</h1>"
    changed["assets/search.abcdef12.js"] = "search()"
    write_site(out, changed)

    result = dp.deploy(out, target)

    assert (result.written, result.linked, result.removed) == (2, 3, 1)
    assert result.release and live(target) == result.release and live(target, "previous") == first
    new, old = target / "releases" / result.release, target / "releases" / first
    assert tree(new) == changed
    for path in (
        "index.html",
        "entity/91360403MA35F0Q14W/index.html",
        "assets/portal.1234abcd.css",
    ):
        assert (new / path).stat().st_ino == (old / path).stat().st_ino  # linked, not rewritten
        assert (new / path).stat().st_mtime_ns == (old / path).stat().st_mtime_ns
    assert (new / "penalties/index.html").stat().st_ino != (
        old / "penalties/index.html"
    ).stat().st_ino
    # The previous release is untouched: the change was a new file, not a write into a link.
    assert tree(old) == SITE
    assert set(result.purge_urls) == {"/penalties/", "/assets/search.abcdef12.js", "/old.txt"}


def test_an_unchanged_build_keeps_the_live_release_and_the_rollback_target(dirs):
    out, _work, target = dirs
    first = dp.deploy(out, target).release
    write_site(out, {**SITE, "index.html": "<h1>新首页</h1>"})
    second = dp.deploy(out, target).release

    again = dp.deploy(out, target)

    assert again.release is None
    assert (live(target), live(target, "previous")) == (second, first)
    assert sorted(p.name for p in (target / "releases").iterdir() if p.is_dir()) == sorted(
        [first, second]
    )


def test_rollback_restores_the_previous_content_in_one_command_and_rolls_forward(
    dirs, tmp_path, capsys
):
    out, work, target = dirs
    assert run(tmp_path, *deploy_args(out, work, target)) == 0
    write_site(out, {**SITE, "index.html": "<h1>坏的首页</h1>"})
    assert run(tmp_path, *deploy_args(out, work, target)) == 0
    bad = live(target)

    assert run(tmp_path, "--to", str(target), "--rollback") == 0
    assert tree(target / "current") == SITE
    assert live(target, "previous") == bad
    assert (target / "purge.txt").read_text(encoding="utf-8") == "/\n"
    assert "已回滚" in capsys.readouterr().out

    assert run(tmp_path, "--to", str(target), "--rollback") == 0  # and forward again
    assert live(target) == bad


def test_rollback_without_a_previous_release_is_refused(dirs, tmp_path, capsys):
    out, work, target = dirs
    assert run(tmp_path, *deploy_args(out, work, target)) == 0
    first = live(target)
    assert run(tmp_path, "--to", str(target), "--rollback") == 1
    assert "没有可回滚的上一版本" in capsys.readouterr().err
    assert live(target) == first


def test_a_failure_while_writing_leaves_current_untouched(dirs, tmp_path, monkeypatch, capsys):
    out, work, target = dirs
    first = dp.deploy(out, target).release
    write_site(out, {**SITE, "index.html": "<h1>新</h1>", "penalties/index.html": "<h1>新</h1>"})
    calls = []

    def failing_copy(source, destination):
        calls.append(source)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return shutil.copyfile(source, destination)

    monkeypatch.setattr(dp.shutil, "copy2", failing_copy)
    assert run(tmp_path, *deploy_args(out, work, target)) == 1

    assert "未部署（线上版本保持不变）" in capsys.readouterr().err
    assert live(target) == first and tree(target / "current") == SITE
    assert not (target / "previous").exists()
    assert [p.name for p in (target / "releases").iterdir() if p.is_dir()] == [first]
    monkeypatch.undo()
    assert dp.deploy(out, target).written == 2  # the next deploy starts clean


def test_hard_links_refused_falls_back_to_copying(dirs, monkeypatch):
    out, _work, target = dirs
    first = dp.deploy(out, target).release
    write_site(out, {**SITE, "index.html": "<h1>新</h1>"})

    def cross_device(source, destination):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(dp.os, "link", cross_device)
    result = dp.deploy(out, target)

    assert (result.written, result.linked, result.copied) == (1, 0, 4)
    assert result.release and tree(target / "releases" / result.release) == tree(out)
    old = target / "releases" / str(first) / "penalties/index.html"
    new = target / "releases" / result.release / "penalties/index.html"
    assert new.stat().st_ino != old.stat().st_ino
    assert new.stat().st_mtime_ns == old.stat().st_mtime_ns  # a copy keeps the file's mtime


def test_old_releases_are_pruned_to_keep(dirs):
    out, _work, target = dirs
    made = []
    for n in range(5):
        write_site(out, {**SITE, "index.html": f"<h1>版本 {n}</h1>"})
        result = dp.deploy(out, target, keep=3)
        made.append(result.release)
    kept = sorted(p.name for p in (target / "releases").iterdir() if p.is_dir())
    assert kept == made[-3:]
    assert sorted(p.stem for p in (target / "releases").glob("*.sha256")) == made[-3:]


def test_pruning_never_deletes_current_or_previous():
    names = [f"2026010{d}T000000Z-{'a' * 10}" for d in range(1, 6)]
    # After rolling back twice, `current` and `previous` may be the oldest releases.
    assert releases_to_prune(names, 1, [names[0], names[1]]) == names[2:4]
    assert releases_to_prune([*names, ".staging-1", "junk"], 3, []) == names[:2]


def test_purge_command_receives_the_list_by_path_and_on_stdin(dirs, tmp_path):
    out, work, target = dirs
    got = tmp_path / "got.txt"
    script = tmp_path / "purge.py"
    script.write_text(
        "import pathlib, sys\n"
        "listed = pathlib.Path(sys.argv[2]).read_text(encoding='utf-8')\n"
        "pathlib.Path(sys.argv[1]).write_text(listed + '---\\n' + sys.stdin.read(), encoding='utf-8')\n",
        encoding="utf-8",
    )
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(got))} {{purge}}"
    assert run(tmp_path, *deploy_args(out, work, target)) == 0
    (work / "deploy").mkdir(parents=True)
    (work / "deploy" / "purge.txt").write_text("https://xy.example.cn/feeds/\n", encoding="utf-8")
    write_site(out, {**SITE, "entity/91360403MA35F0Q14W/index.html": "<h1>新档案</h1>"})

    assert run(tmp_path, *deploy_args(out, work, target, "--purge-command", command)) == 0

    expected = "/entity/91360403MA35F0Q14W/\nhttps://xy.example.cn/feeds/\n"
    assert got.read_text(encoding="utf-8") == f"{expected}---\n{expected}"


def test_purge_command_from_mkdocs_yml(dirs, tmp_path):
    out, work, target = dirs
    got = tmp_path / "got.txt"
    config = tmp_path / "mkdocs.yml"
    command = f"{shlex.quote(sys.executable)} -c \"import sys; open({str(got)!r}, 'w').write(sys.stdin.read())\""
    config.write_text(
        yaml.safe_dump(
            {
                "site_name": "信用中国（测试）",
                "site_url": "https://credit.example.gov.cn/",
                "extra": {"portal": {"purge_command": command}},
            }
        ),
        encoding="utf-8",
    )
    assert dp.deploy(out, target).release
    write_site(out, {**SITE, "index.html": "<h1>新</h1>"})
    assert cli.main(["--config", str(config), "deploy", *deploy_args(out, work, target)]) == 0
    # Absolute, from site_url, like the build's own purge list.
    assert got.read_text(encoding="utf-8") == "https://credit.example.gov.cn/\n"


def test_a_failing_purge_command_is_reported_but_the_switch_stays(dirs, tmp_path, capsys):
    out, work, target = dirs
    first = dp.deploy(out, target).release
    write_site(out, {**SITE, "index.html": "<h1>新</h1>"})
    command = f"{shlex.quote(sys.executable)} -c 'import sys; sys.exit(7)'"

    assert run(tmp_path, *deploy_args(out, work, target, "--purge-command", command)) == 3

    assert "缓存刷新失败" in capsys.readouterr().err
    assert live(target) != first and live(target, "previous") == first
    assert tree(target / "current")["index.html"] == "<h1>新</h1>"


def _alive(pid: int) -> bool:
    """Tell whether a process is still running (a zombie waiting for its parent is not)."""
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (ProcessLookupError, FileNotFoundError):
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.mark.parametrize("where", ["option", "mkdocs.yml"])
def test_a_hanging_purge_command_is_stopped_with_everything_it_started(
    dirs, tmp_path, capsys, where
):
    out, work, target = dirs
    first = dp.deploy(out, target).release
    write_site(out, {**SITE, "index.html": "<h1>新</h1>"})
    pids = tmp_path / "pids"
    # A CDN API that never answers, and a helper the script left running in the background.
    command = f"sleep 20 & echo $! > {shlex.quote(str(pids))}; echo $$ >> {pids}; sleep 20"
    config = tmp_path / "mkdocs.yml"
    portal = {"purge_command": command, "purge_timeout": 0.5}
    config.write_text(
        yaml.safe_dump(
            {"site_name": "测试", "site_url": "https://x.gov.cn/", "extra": {"portal": portal}}
        ),
        encoding="utf-8",
    )
    extra = ("--purge-command", command, "--purge-timeout", "0.5") if where == "option" else ()
    args = ["--config", str(config if where == "mkdocs.yml" else tmp_path / "none.yml"), "deploy"]
    started = time.monotonic()

    assert cli.main([*args, *deploy_args(out, work, target, *extra)]) == 3

    assert time.monotonic() - started < 15  # stopped, not waited for
    err = capsys.readouterr().err
    assert "缓存刷新失败（新版本已上线，未回退）" in err and "0.5 秒内未结束，已终止" in err
    assert live(target) != first  # the switch stays, as for any failed purge
    deadline = time.monotonic() + 5
    while any(_alive(int(pid)) for pid in pids.read_text().split()):
        assert time.monotonic() < deadline, "the purge command's group outlived deploy"
        time.sleep(0.05)


@pytest.mark.parametrize("bad", ["0", "-1", "soon", "inf"])
def test_a_purge_timeout_must_be_a_positive_number_of_seconds(dirs, tmp_path, capsys, bad):
    out, work, target = dirs
    with pytest.raises(SystemExit) as exit_:
        run(tmp_path, *deploy_args(out, work, target, "--purge-timeout", bad))
    assert exit_.value.code == 2
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: 测试\nextra:\n  portal:\n    purge_timeout: {bad}\n", encoding="utf-8"
    )
    assert cli.main(["--config", str(config), "deploy", *deploy_args(out, work, target)]) == 2
    assert "extra.portal.purge_timeout 应为正的秒数" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (None, "构建输出目录不存在"),
        ({}, "构建输出目录为空"),
        ({"penalties/index.html": "x"}, "缺少首页 index.html"),
    ],
)
def test_an_incomplete_build_is_refused(dirs, tmp_path, capsys, files, message):
    out, work, target = dirs
    shutil.rmtree(out)
    if files is not None:
        write_site(out, files)
        out.mkdir(exist_ok=True)
    assert run(tmp_path, *deploy_args(out, work, target)) == 1
    assert message in capsys.readouterr().err
    assert not (target / "current").exists()


def test_a_failed_or_unfinished_build_is_not_deployed(dirs, tmp_path, monkeypatch, capsys):
    out, work, target = dirs
    data = tmp_path / "data"
    data.mkdir()
    build = ["--config", str(ROOT / "mkdocs.yml"), "build", "--data", str(data)]
    build += ["--out", str(out), "--work", str(work)]
    monkeypatch.setattr(cli, "_build", lambda args: 1)  # as when the privacy gate finds a leak
    assert cli.main(build) == 1
    assert (
        json.loads((work / "report" / "status.json").read_text(encoding="utf-8"))["state"]
        == "failed"
    )
    assert run(tmp_path, *deploy_args(out, work, target)) == 1
    assert "上次构建失败" in capsys.readouterr().err

    def crash(args):
        raise MemoryError

    monkeypatch.setattr(cli, "_build", crash)
    with pytest.raises(MemoryError):
        cli.main(build)
    assert run(tmp_path, *deploy_args(out, work, target)) == 1

    record_build_status(work, "running", out)  # a build killed half-way never says it ended
    assert run(tmp_path, *deploy_args(out, work, target)) == 1
    assert "尚未结束或中途退出" in capsys.readouterr().err

    monkeypatch.setattr(cli, "_build", lambda args: 0)
    assert cli.main(build) == 0
    assert run(tmp_path, *deploy_args(out, work, target)) == 0
    assert tree(target / "current") == SITE


def test_a_second_deploy_at_once_is_refused(dirs):
    out, _work, target = dirs
    with dp.locked(target), pytest.raises(dp.DeployError, match="另一个部署正在进行"):
        dp.deploy(out, target)


def test_plan_sync_buckets_every_path_once():
    a, b = Entry(1, "a" * 64), Entry(1, "b" * 64)
    plan = plan_sync({"same": a, "changed": b, "new": a}, {"same": a, "changed": a, "gone": a})
    assert plan == dp.SyncPlan(write=("changed", "new"), link=("same",), remove=("gone",))


def test_release_ids_sort_in_deploy_order_even_within_a_second_or_after_a_clock_change():
    now = datetime(2026, 5, 1, 16, 5, 0, 900, tzinfo=UTC)
    first = next_release_id(now, "0123456789", [])
    assert first == "20260501T160500Z-0123456789"
    second = next_release_id(now, "fedcba9876", [first])
    assert second == "20260501T160501Z-fedcba9876"
    earlier = next_release_id(datetime(2026, 4, 30, tzinfo=UTC), "0000000000", [first, second])
    assert sorted([first, second, earlier]) == [first, second, earlier]


def test_page_urls_name_pages_by_directory():
    assert file_url("index.html") == "/"
    assert file_url("entity/91360403MA35F0Q14W/index.html") == "/entity/91360403MA35F0Q14W/"
    assert file_url("feeds/penalties/rss.xml") == "/feeds/penalties/rss.xml"


def test_a_purge_list_names_each_url_once_in_one_form():
    site = "https://credit.example.gov.cn"
    urls = purge_list(["penalties/index.html"], [f"{site}/penalties/", f"{site}/sitemap.xml"], site)
    assert urls == (f"{site}/penalties/", f"{site}/sitemap.xml")


def test_example_workflow_builds_and_deploys_on_push_and_nightly():
    workflow = yaml.safe_load(
        (ROOT / "deploy/examples/github-actions.yml").read_text(encoding="utf-8")
    )
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers
    assert [s["cron"] for s in triggers["schedule"]] == ["5 16 * * *"]  # 00:05 in Beijing
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert "python -m generator build --data data --out site --work build" in commands
    assert "--today" not in commands  # the build day defaults to today in Asia/Shanghai
    assert "python -m generator deploy --to" in commands and "--purge-command" in commands
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/cache"]["with"]["path"] == "build/state"
    assert uses["actions/upload-artifact"]["with"]["path"] == "build/report"
    assert uses["actions/upload-artifact"]["if"].startswith("always()")


def test_cron_example_serialises_builds_and_deploys():
    lines = [
        line
        for line in (ROOT / "deploy/cron.example").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert fields[:5] == ["5", "0", "*", "*", "*"]
    assert "flock -w" in fields[5]
    assert "generator build" in fields[5] and "generator deploy" in fields[5]
