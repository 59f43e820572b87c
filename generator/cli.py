"""Command line: `python -m generator build|check|serve|demo-data`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .config import Config, ConfigError, build_day, load_config
from .report import describe


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
    return parser


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


def prepare(args: argparse.Namespace) -> tuple[Config, date]:
    """Return the configuration and the build day, after checking the data folder exists."""
    if not args.data.is_dir():
        raise ConfigError(f"数据目录不存在：{args.data}")
    return load_config(args.config), build_day(args.today)


def run_check(args: argparse.Namespace) -> int:
    """Validate the exports, write the report and print a short summary."""
    from .pipeline import check

    config, day = prepare(args)
    checked = check(config, args.data, args.work, day)
    print(describe(day, checked.counts, checked.problems))
    print(f"报告已写入 {args.work / 'report'}")
    return 0


def run_build(args: argparse.Namespace) -> int:
    """Build and publish the portal; a failed check leaves the previous site untouched."""
    from .pipeline import build
    from .writer import PublishError

    config, day = prepare(args)
    try:
        manifest = build(config, args.data, args.out, args.work, day)
    except PublishError as exc:
        print(f"未发布（原站点保持不变）：\n{exc}", file=sys.stderr)
        return 1
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
    from .demo import write_demo_data

    written = write_demo_data(args.out, records=args.records, seed=args.seed, end=args.end)
    for kind, rows in written.items():
        print(f"{kind:<12}{rows:>10}")
    return 0


COMMANDS = {
    "build": run_build,
    "check": run_check,
    "serve": run_serve,
    "demo-data": run_demo_data,
}
