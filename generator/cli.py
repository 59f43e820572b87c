"""Command line: `python -m generator build|check|serve|demo-data|deploy`."""

from __future__ import annotations

import argparse
import contextlib
import errno
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.core.config import (
    PURGE_TIMEOUT,
    Config,
    ConfigError,
    build_day,
    load_config,
    seconds,
)
from generator.core.locks import Busy, build_locks
from generator.ops.report import describe

if TYPE_CHECKING:
    from generator.ops.deploy import DeployResult


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="信用中国（城市）静态门户生成器：把公共信用信息平台的导出数据生成为完整的静态网站。",
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="站点配置（默认 mkdocs.yml）"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the portal from the exports in --data")
    _data_options(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="public output folder")

    check = commands.add_parser(
        "check", help="validate the exports and write the private report only"
    )
    _data_options(check)

    serve = commands.add_parser("serve", help="build the demo portal and preview it on 127.0.0.1")
    _data_options(serve)
    serve.add_argument("--out", type=Path, default=Path("site"))
    serve.add_argument("--port", type=int, default=8000)

    demo = commands.add_parser(
        "demo-data", help="write a synthetic city export (for demos and benchmarks)"
    )
    demo.add_argument("--records", type=int, required=True, help="licences + penalties to write")
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--end",
        type=date.fromisoformat,
        default=date(2026, 11, 20),
        help="latest decision date in the export (YYYY-MM-DD)",
    )

    deploy = commands.add_parser(
        "deploy", help="publish --out as a new release under --to and switch to it atomically"
    )
    deploy.add_argument(
        "--to", type=Path, required=True, help="release folder (web root: TO/current)"
    )
    deploy.add_argument("--out", type=Path, default=Path("site"), help="built site (default site)")
    deploy.add_argument(
        "--work", type=Path, default=Path("build"), help="private work folder of the build"
    )
    deploy.add_argument(
        "--purge-command",
        help="run after the switch; {purge} is the purge list's path, also given on stdin "
        "(default: extra.portal.purge_command)",
    )
    deploy.add_argument(
        "--purge-timeout",
        type=_seconds,
        help="seconds after which the purge command is stopped "
        "(default: extra.portal.purge_timeout, else 300)",
    )
    deploy.add_argument("--keep", type=int, default=3, help="releases to keep (default 3)")
    deploy.add_argument(
        "--rollback", action="store_true", help="switch current back to previous (and back again)"
    )
    return parser


def _seconds(text: str) -> float:
    try:
        return seconds(text, "--purge-timeout")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _data_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--data", type=Path, default=Path("data"), help="export folder (default data)"
    )
    command.add_argument(
        "--work", type=Path, default=Path("build"), help="private work folder (reports, state)"
    )
    command.add_argument("--today", help="build day YYYY-MM-DD (default: today in Asia/Shanghai)")


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status."""
    args = make_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    except Busy as exc:  # refused before writing anything: the other run's files are its own
        print(f"未运行：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        fault = machine_fault(exc)
        if fault is None:  # not the machine's doing: a bug, whose traceback helps
            raise
        print(f"{STOPPED.get(args.command, '未完成')}：{fault}", file=sys.stderr)
        return 1


# What did not happen when a command stopped on a fault of the machine (a full disk).
STOPPED = {
    "build": "未发布（原站点保持不变）",
    "serve": "未发布（原站点保持不变）",
    "check": "检查未完成",
}
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
OTHER_FAULTS = frozenset({errno.EIO, errno.EMFILE, errno.ENFILE, errno.EFBIG, errno.ENOMEM})


def machine_fault(exc: OSError) -> str | None:
    """Return the line a person reads about a fault of the machine, or None for anything else."""
    where = f"：{exc.filename}" if exc.filename else ""
    if exc.errno in DISK_FULL:
        return f"磁盘空间不足{where}（{exc.strerror}）；腾出空间后重新运行"
    if exc.errno in NOT_ALLOWED:
        return f"没有写入权限{where}（{exc.strerror}）"
    if exc.errno in OTHER_FAULTS:
        return f"读写失败{where}（{exc.strerror}）"
    return None


def prepare(args: argparse.Namespace) -> tuple[Config, date]:
    """Return the configuration and the build day, after checking the data folder exists."""
    if not args.data.is_dir():
        raise ConfigError(f"数据目录不存在：{args.data}")
    return load_config(args.config), build_day(args.today)


def run_check(args: argparse.Namespace) -> int:
    """Validate the exports, write the report and print a short summary."""
    from generator.ops.files_report import describe_files
    from generator.ops.progress import Stages
    from generator.ops.report import report_counts, report_problems
    from generator.pipeline import BuildContext, check

    config, day = prepare(args)
    stages = Stages()
    with build_locks(args.work):  # a build using this --work would overwrite the report
        checked = check(BuildContext.of(config, args.data, args.work, day, stages))
    stages.write(args.work)
    counts = report_counts(checked.decision, checked.articles)
    print(describe_files(checked.decision.files))  # per file: how it was read, where rows went
    print(describe(day, counts, report_problems(checked.decision, checked.articles)))
    print(f"报告已写入 {args.work / 'report'}")
    return 0


def run_build(args: argparse.Namespace) -> int:
    """Build and publish the portal, recording for `deploy` whether this build succeeded."""
    from generator.ops.status import record_build_status

    # Taken before the status is written: a second build sharing --out or --work is refused
    # without touching the first one's status, state or trees.
    with build_locks(args.work, args.out):
        # Recorded before anything else, so a build that dies half-way is not taken for a good one.
        record_build_status(args.work, "running", args.out)
        try:
            status = _build(args)
        except BaseException as exc:
            fault = machine_fault(exc) if isinstance(exc, OSError) else None
            with contextlib.suppress(OSError):  # still `running` then, which deploy refuses too
                reason = fault or str(exc) or type(exc).__name__
                record_build_status(args.work, "failed", args.out, reason)
            raise
        return _record_end(args, status)


def _record_end(args: argparse.Namespace, status: int) -> int:
    """Record how the build ended; a published site whose status cannot be written exits 1."""
    from generator.ops.status import record_build_status

    try:
        record_build_status(
            args.work,
            "failed" if status else "published",
            args.out,
            f"退出状态 {status}" if status else "",
        )
    except OSError as exc:
        fault = machine_fault(exc)
        if status or fault is None:
            raise
        print(f"已发布，但无法记录构建状态：{fault}；deploy 会拒绝这次构建", file=sys.stderr)
        return 1
    return status


def _build(args: argparse.Namespace) -> int:
    """Build and publish the portal; a failed check leaves the previous site untouched."""
    from generator.ops.progress import Stages
    from generator.pipeline import BuildContext, build
    from generator.publish import PublishError
    from generator.site.emitters.editorial import EditorialError

    config, day = prepare(args)
    stages = Stages()
    try:
        manifest = build(BuildContext.of(config, args.data, args.work, day, stages), args.out)
    except (PublishError, EditorialError) as exc:
        stages.write(args.work)
        print(f"未发布（原站点保持不变）：\n{exc}", file=sys.stderr)
        return 1
    stages.write(args.work)
    print(
        f"已发布 {len(manifest.paths)} 个文件到 {args.out}（新写 {len(manifest.written)}，删除 {len(manifest.removed)}）"
    )
    print(f"报告：{args.work / 'report'}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Build, then serve the output folder on 127.0.0.1 until interrupted."""
    import contextlib
    import functools
    import http.server

    status = run_build(args)
    if status:
        return status
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"预览：http://127.0.0.1:{args.port}/  （Ctrl+C 结束）")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


def run_demo_data(args: argparse.Namespace) -> int:
    """Write a synthetic export and print the rows written per folder."""
    from generator.demo import write_demo_data

    try:
        written = write_demo_data(args.out, records=args.records, seed=args.seed, end=args.end)
    except ModuleNotFoundError as exc:  # openpyxl is the demo's own extra
        print(f"demo-data 需要 {exc.name}：pip install 'xinyong-portal[demo]'", file=sys.stderr)
        return 2
    for kind, rows in written.items():
        print(f"{kind:<12}{rows:>10}")
    return 0


def run_deploy(args: argparse.Namespace) -> int:
    """Deploy the build (or roll back), then run the purge hook; 1 = not switched, 3 = purge failed."""
    from generator.ops import deploy
    from generator.ops.status import read_build_status

    command = args.purge_command
    config = load_config(args.config) if args.config.is_file() else None
    if command is None and config is not None:
        command = config.portal.get("purge_command")
    timeout = args.purge_timeout or (config.purge_timeout if config else PURGE_TIMEOUT)
    site_url = config.site_url if config is not None else ""  # purge URLs in one, absolute form
    try:
        if args.rollback:
            back = deploy.rollback(args.to, site_url)
            print(f"已回滚：current → {back.current}，previous → {back.previous}")
            print(f"待刷新网址 {len(back.purge_urls)} 个：{args.to / 'purge.txt'}")
            urls = back.purge_urls
        else:
            result = deploy.deploy(
                args.out,
                args.to,
                keep=args.keep,
                status=read_build_status(args.work),
                build_list=_lines(args.work / "deploy" / "purge.txt"),
                site_url=site_url,
            )
            print(describe_deploy(result, args.to))
            if result.release is None:
                return 0
            urls = result.purge_urls
    except (deploy.DeployError, OSError) as exc:
        print(f"未部署（线上版本保持不变）：{exc}", file=sys.stderr)
        return 1
    if not command:
        return 0
    if not urls:
        print("无需刷新缓存：没有变化的网址")
        return 0
    failure = deploy.run_purge(str(command), args.to, timeout)
    if failure:
        print(f"缓存刷新失败（新版本已上线，未回退）：{failure}", file=sys.stderr)
        return 3
    print(f"已刷新缓存：{len(urls)} 个网址")
    return 0


def describe_deploy(result: DeployResult, target: Path) -> str:
    """Return the summary a person reads after a deploy."""
    if result.release is None:
        return f"构建与线上版本相同（{result.linked} 个文件），未创建新版本"
    lines = [
        f"已上线 {result.release}（{target / 'current'}）：新写 {result.written}，"
        f"硬链接 {result.linked}，删除 {result.removed}"
        + (f"，复制未变文件 {result.copied}（不支持硬链接）" if result.copied else "")
    ]
    if result.pruned:
        lines.append(f"已清理旧版本：{'、'.join(result.pruned)}")
    lines.append(f"待刷新网址 {len(result.purge_urls)} 个：{target / 'purge.txt'}")
    return "\n".join(lines)


def _lines(path: Path) -> list[str]:
    """Return a file's lines, or none when it does not exist (an older build writes no list)."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


COMMANDS = {
    "build": run_build,
    "check": run_check,
    "serve": run_serve,
    "demo-data": run_demo_data,
    "deploy": run_deploy,
}
