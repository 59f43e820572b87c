"""Measure the record search at realistic sizes: index build, and what a query costs a browser.

    python benchmarks/search.py --sizes 100000 1000000

For each size: make a synthetic city with demo-data; in a child process, check it and build the
search index and the search page (time and peak memory of that process, index build time
alone); then serve the files on 127.0.0.1 and run queries in headless Chromium, reporting the
bytes each query downloads after gzip (page, script and shards) and the time to first results.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_index(data: Path, out: Path) -> None:
    """Child process: check the export, then write the search page, its assets and the index."""
    from datetime import date

    from generator.core.config import load_config
    from generator.pipeline import BuildContext, check
    from generator.site.emitters.assets import portal_assets
    from generator.site.emitters.search import emit_search_index
    from generator.site.index import index_site
    from generator.site.plan import page_for
    from generator.site.render import Chrome, make_environment, render_page

    config = load_config(ROOT / "mkdocs.yml")
    day = date(2026, 11, 20)
    checked = check(BuildContext.of(config, data, out.parent / "work", day))
    site = index_site(checked.decision.published, (), day)
    names, assets = portal_assets()
    chrome = Chrome(config.site_name, config.site_url, config.portal, config.nav, (), names, "")
    artifacts = [*assets, render_page(make_environment(), chrome, page_for(site, ("search",)))]
    start = time.perf_counter()
    index = list(emit_search_index(site))
    seconds = time.perf_counter() - start
    for artifact in [*artifacts, *index]:
        target = out / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
    stats = {"index_s": seconds, "files": len(index), "bytes": sum(len(a.data) for a in index)}
    (out.parent / "stats.json").write_text(json.dumps(stats))


def run(argv: list[str]) -> tuple[float, int]:
    """Run a command; return its wall time in seconds and its peak memory in MB."""
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, resource.getrusage(
        resource.RUSAGE_CHILDREN
    ).ru_maxrss // 1024


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def queries(site: Path) -> dict[str, str]:
    """Pick the queries: the commonest name bigram that has postings, a rare name, a code, a 文书号."""
    from generator.site.emitters.search import normalize

    meta = json.loads((site / "search/meta.json").read_text())
    sizes: Counter[str] = Counter()
    for shard in (site / "search/name").glob("*.json"):
        for gram, gaps in json.loads(shard.read_text()).items():
            sizes[gram] = len(gaps)
    common = sizes.most_common(1)[0][0]
    chunk = json.loads((site / "search/ent/0.json").read_text())
    name, code = chunk[len(chunk) // 2][:2]
    text = normalize(name)
    rare = next(
        text[i : i + 4]
        for i in range(len(text) - 4, -1, -1)
        if not any(
            g in meta["stop"] for g in (text[i : i + 2], text[i + 1 : i + 3], text[i + 2 : i + 4])
        )
    )
    doc = ""
    for shard in sorted((site / "search/doc").glob("*.json")):
        table = json.loads(shard.read_text())
        if table:
            doc = next(iter(table.values()))[0][0].rsplit(" ", 1)[-1]
            break
    return {"common name": common, "rare name": rare, "code": code.lower(), "文书号": doc}


def measure(site: Path) -> list[tuple[str, str, int, int, float, float, str]]:
    """Serve the site and run each query in Chromium; return one row per query."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        for label, query in queries(site).items():
            page = browser.new_page()  # a fresh page: nothing cached from the last query
            fetched: list[str] = []
            page.on("requestfinished", lambda r, f=fetched: f.append(r.url))
            start = time.perf_counter()
            page.goto(f"{base}/search/?q={quote(query)}")
            page.wait_for_function(
                "() => !document.getElementById('search-status').textContent.startsWith('正在')"
                " && !document.getElementById('search-status').textContent.startsWith('请输入')"
            )
            wall = (time.perf_counter() - start) * 1000
            # From navigation start to the mark search.js sets when results show: the browser's
            # own clock, without the driver's round trips.
            elapsed = page.evaluate(
                "() => performance.getEntriesByName('portal-search-results')[0].startTime"
            )
            status = page.inner_text("#search-status")
            paths = [u.removeprefix(base).split("?")[0] for u in fetched]
            files = [
                site / (p.lstrip("/") + ("index.html" if p.endswith("/") else "")) for p in paths
            ]
            shard_bytes = sum(
                len(gzip.compress(f.read_bytes()))
                for f in files
                if f.is_file() and "/search/" in str(f) and f.suffix == ".json"
            )
            total = sum(
                len(gzip.compress(f.read_bytes()))
                for f in files
                if f.is_file() and f.suffix != ".css"
            )
            rows.append((label, query, shard_bytes, total, elapsed, wall, status[:24]))
            page.close()
        browser.close()
    server.shutdown()
    return rows


def main() -> None:
    """Print the index-build table and the per-query table for each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--stage", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        build_index(Path(args.stage[0]), Path(args.stage[1]))
        return
    python = sys.executable
    builds, searches = [], []
    for size in sorted(args.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            data, site = Path(tmp) / "data", Path(tmp) / "site"
            run(
                [python, "-m", "generator", "demo-data", "--records", str(size), "--out", str(data)]
            )
            seconds, peak = run([python, __file__, "--stage", str(data), str(site)])
            stats = json.loads((Path(tmp) / "stats.json").read_text())
            entities = json.loads((site / "search/meta.json").read_text())["entities"]
            builds.append(
                (size, entities, seconds, stats["index_s"], peak, stats["files"], stats["bytes"])
            )
            searches += [(size, *row) for row in measure(site)]
    print("| records | entities | check + index s | index s | peak MB | index files | index MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, entities, seconds, index_s, peak, files, size_bytes in builds:
        print(
            f"| {size:,} | {entities:,} | {seconds:.1f} | {index_s:.1f} | {peak:,} | {files:,} | {size_bytes / 1e6:.1f} |"
        )
    print()
    print(
        "| records | query | text | shards KB (gzip) | all KB (gzip, page + script + shards)"
        " | first results ms | driver round trip ms | status |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---|")
    for size, label, query, shard_bytes, total, elapsed, wall, status in searches:
        print(
            f"| {size:,} | {label} | {query} | {shard_bytes / 1024:.1f} | {total / 1024:.1f}"
            f" | {elapsed:.0f} | {wall:.0f} | {status} |"
        )


if __name__ == "__main__":
    main()
