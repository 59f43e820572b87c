"""Measure whole builds at realistic sizes, beside mkdocs-material, Hugo and plain writing.

    python benchmarks/build.py --sizes 100000 1000000 --compare 2000

For each size, `demo-data` writes a synthetic city (the records are licences + penalties; the
export adds 10 % list entries, commitments, cases, warnings and takedowns). Then:
- a full build from nothing (wall time, peak memory of the largest process, output size, files);
- the next night's build with no push (the state of the first; the spare tree made whole);
- a push that edits 1 % of the 双公示 rows, rebuilt incrementally (the spare updated in place);
- the plain cost of writing the full build's bytes with Python (open/write, no rendering).
At the `--compare` size the same records are also written as one Markdown page each and built
with mkdocs-material and with Hugo (they cannot finish at 10^5+ pages in reasonable time and
memory), and the generator builds the same export: the table gives time per page and ratios.
Every command runs in its own process under GNU time; tests never assert these numbers.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"
NEXT_DAY = "2026-11-24"
EDITABLE = {"penalties": "处罚内容", "licensing": "许可内容"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: int  # the largest single process (GNU time's maximum resident set)
    tree_mb: int = 0  # the whole process tree at its peak (sum of PSS, sampled)


def tree_pss_kb(root: int) -> int:
    """Return the summed proportional set size of a process and all its descendants (kB).

    PSS divides pages shared by forked workers among them, so the sum is what the tree holds.
    """
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii") as handle:
                    ppid = int(handle.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def timed(argv: list[str], cwd: Path = ROOT) -> Run:
    """Run a command under GNU time, sampling its process tree's memory every quarter second."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        process = subprocess.Popen(
            ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *argv],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_pss_kb(process.pid))
            time.sleep(0.25)
        stderr = process.stderr.read() if process.stderr else ""
        if process.returncode:  # say why: a refused build at a million records is a finding
            sys.exit(f"{' '.join(argv)} failed ({process.returncode}):\n{stderr[-4000:]}")
        seconds, kilobytes = report.read().split()[-2:]
    return Run(float(seconds), int(kilobytes) // 1024, peak // 1024)


def generator(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def tree_size(folder: Path) -> tuple[int, int]:
    """Return (bytes, files) of a folder."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def edit_one_percent(data: Path, records: int, seed: int = 5) -> int:
    """Edit the content of 1 % of the 双公示 rows in the UTF-8 CSV files; return rows edited."""
    target = records // 100
    rng = random.Random(seed)
    files = sorted(p for kind in EDITABLE for p in (data / kind).rglob("*.csv"))
    edited = 0
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # the GB18030 files stay as the department sent them
        rows = list(csv.reader(io.StringIO(text)))
        column = EDITABLE[path.relative_to(data).parts[0]]
        if column not in rows[0]:
            continue
        index = rows[0].index(column)
        share = max(0, min(len(rows) - 1, target - edited))
        for row in rng.sample(rows[1:], k=min(share, len(rows) - 1)):
            if len(row) > index:
                row[index] += "（更正）"
                edited += 1
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        path.write_bytes(
            ("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "").encode() + out.getvalue().encode()
        )
        if edited >= target:
            break
    return edited


def plain_write(site: Path, into: Path) -> float:
    """Time writing every file of a built site again with plain Python (the floor for a build)."""
    # One file at a time, timing only the writing: at a million records the site is 19 GB,
    # more than the machine's memory, so the bytes cannot all be read first.
    spent = 0.0
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            start = time.perf_counter()
            target = into / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            spent += time.perf_counter() - start
    return spent


def markdown_pages(data: Path, into: Path, front_matter: bool) -> int:
    """Write each licence and penalty of an export as a Markdown page; return pages written."""
    count = 0
    for kind in EDITABLE:
        for path in sorted((data / kind).rglob("*.csv")):
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("gb18030")
            for row in csv.DictReader(io.StringIO(text)):
                count += 1
                title = f"{row.get('行政相对人名称', '')} {row.get('行政处罚决定书文号') or row.get('行政许可决定文书号', '')}"
                table = "\n".join(f"| {k} | {v} |" for k, v in row.items() if k and v)
                head = f'---\ntitle: "{title}"\n---\n\n' if front_matter else f"# {title}\n\n"
                (into / f"{kind}-{count}.md").write_text(
                    f"{head}| 字段 | 内容 |\n|---|---|\n{table}\n", encoding="utf-8"
                )
    return count


def mkdocs_material(data: Path, work: Path) -> tuple[Run, int]:
    docs = work / "docs"
    docs.mkdir(parents=True)
    pages = markdown_pages(data, docs, front_matter=False)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text(
        "site_name: bench\ntheme:\n  name: material\n  language: zh\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    run = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site")], work)
    return run, pages


def hugo(data: Path, work: Path) -> tuple[Run, int]:
    content = work / "content" / "records"
    content.mkdir(parents=True)
    pages = markdown_pages(data, content, front_matter=True)
    layouts = work / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        '</head><body>{{ block "main" . }}{{ end }}</body></html>',
        encoding="utf-8",
    )
    (layouts / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}', encoding="utf-8"
    )
    (layouts / "list.html").write_text(
        '{{ define "main" }}{{ range .Paginator.Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>'
        "{{ end }}{{ end }}",
        encoding="utf-8",
    )
    (work / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\nlanguageCode = "zh-CN"\ntitle = "bench"\n'
        'disableKinds = ["taxonomy", "term"]\n',
        encoding="utf-8",
    )
    return timed(["hugo", "--quiet", "-d", str(work / "public")], work), pages


def build_city(size: int, tmp: Path) -> dict[str, object]:
    data, site, work = tmp / "data", tmp / "site", tmp / "build"
    subprocess.run(
        generator("demo-data", "--records", str(size), "--out", str(data), "--seed", "1"),
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    build = [*generator("build", "--data", str(data), "--out", str(site)), "--work", str(work)]
    full = timed([*build, "--today", TODAY])
    size_bytes, files = tree_size(site)
    # The nightly build of the next day, with no push: the spare tree is made whole once here,
    # as on a city's second build; from then on every build updates it in place.
    nightly = timed([*build, "--today", NEXT_DAY])
    edited = edit_one_percent(data, size)
    push = timed([*build, "--today", NEXT_DAY])
    purged = len(lines(work / "deploy" / "purge.txt"))
    cdn = len(lines(work / "deploy" / "purge-dirs.txt")) + len(
        lines(work / "deploy" / "purge-files.txt")
    )
    plain = plain_write(site, tmp / "plain")
    return {
        "size": size, "full": full, "nightly": nightly, "push": push, "edited": edited,
        "purged": purged, "cdn": cdn, "bytes": size_bytes, "files": files, "plain": plain,
    }  # fmt: skip


def lines(path: Path) -> list[str]:
    """Return a list file's lines (none when the build wrote no such file)."""
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument(
        "--compare", type=int, default=2_000, help="records for the mkdocs/Hugo comparison"
    )
    parser.add_argument(
        "--tmp", type=Path, default=None, help="scratch folder (default: system temp)"
    )
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        sys.exit("hugo is not installed (apt-get install hugo)")
    print(f"machine: {os.cpu_count()} cores\n")
    print(
        "| records | full build s | full peak MB (tree / largest) | next night s | 1 % push s "
        "| push peak MB (tree) | rows edited | URLs changed | CDN purge lines | output MB | files "
        "| plain write s | full ÷ plain |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            r = build_city(size, Path(tmp))
        full, nightly, push = r["full"], r["nightly"], r["push"]
        assert isinstance(full, Run) and isinstance(nightly, Run) and isinstance(push, Run)
        print(
            f"| {size:,} | {full.seconds:.1f} | {full.tree_mb:,} / {full.peak_mb:,} "
            f"| {nightly.seconds:.1f} | {push.seconds:.1f} | {push.tree_mb:,} "
            f"| {r['edited']:,} | {r['purged']:,} | {r['cdn']:,} | {int(r['bytes']) / 1e6:,.0f} "
            f"| {r['files']:,} | {r['plain']:.1f} | {full.seconds / float(r['plain']):.0f}× |",
            flush=True,
        )
    print()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp_name:
        tmp = Path(tmp_name)
        ours = build_city(args.compare, tmp / "ours")
        ours_run = ours["full"]
        assert isinstance(ours_run, Run)
        material, pages = mkdocs_material(tmp / "ours" / "data", tmp / "mkdocs")
        hugo_run, _ = hugo(tmp / "ours" / "data", tmp / "hugo")
    print(f"Same export at {args.compare:,} records ({pages:,} 双公示 pages):\n")
    print("| tool | what it builds | s | peak MB | ms per 双公示 page | ÷ generator |")
    print("|---|---|---:|---:|---:|---:|")
    rows = [
        ("generator", f"the whole portal ({ours['files']:,} files)", ours_run),
        ("mkdocs-material", "one page per record, search", material),
        ("Hugo", "one page per record, minimal layout", hugo_run),
    ]
    for name, what, run in rows:
        print(
            f"| {name} | {what} | {run.seconds:.1f} | {run.peak_mb:,} | {1000 * run.seconds / pages:.2f} "
            f"| {run.seconds / ours_run.seconds:.2f} |"
        )


if __name__ == "__main__":
    main()
