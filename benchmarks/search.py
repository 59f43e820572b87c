"""Measure the record search at realistic sizes: index build, and what a query costs a browser.

    python benchmarks/search.py --sizes 100000 1000000

For each size: make a synthetic city with demo-data; in a child process, check it and build the
name index, the full-text index and the search page (time and peak memory of that process,
each index's build time alone); then serve the files on 127.0.0.1 and run queries in headless
Chromium, each in a fresh page, reporting the bytes each query downloads after gzip (page,
scripts, lunr.js and index files), the time to first results and to the full-text results, the
totals the page states, and for the broadest name query the cost of its second page
(显示更多).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_index(data: Path, out: Path) -> None:
    """Child process: check the export, then write the search page, its assets and the indexes."""
    from datetime import date

    from generator.core.config import load_config
    from generator.pipeline import BuildContext, check
    from generator.site.emitters.assets import portal_assets
    from generator.site.emitters.search import emit_search_index
    from generator.site.emitters.textindex import emit_text_index
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
    names_s = time.perf_counter() - start
    start = time.perf_counter()
    text = list(emit_text_index(site, None))  # cases and warnings (no editorial pages here)
    text_s = time.perf_counter() - start
    for artifact in [*artifacts, *index, *text]:
        target = out / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
    stats = {
        "index_s": names_s,
        "text_s": text_s,
        "files": len(index) + len(text),
        "bytes": sum(len(a.data) for a in [*index, *text]),
        "texts": len(site.kinds.get("cases", ())) + len(site.kinds.get("warnings", ())),
    }
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
    """Pick the queries from the index: the broadest posted gram, a frequent one, a rare name
    part, a code, a 文书号 and four characters of a case's text."""
    from generator.site.emitters.search import normalize

    meta = json.loads((site / "search/meta.json").read_text())
    sizes: Counter[str] = Counter()
    for shard in (site / "search/name").glob("*.json"):
        for gram, posting in json.loads(shard.read_text()).items():
            if len(gram) == 2:
                sizes[gram] = posting[0]
    broad = sizes.most_common(1)[0][0]
    frequent = max((g for g in meta["frequent"] if len(g) == 4), key=lambda g: meta["frequent"][g])
    chunk = json.loads((site / "search/ent/0.json").read_text())
    name, code = chunk[len(chunk) // 2][:2]
    text = normalize(name)
    rare = next(
        text[i : i + 4]
        for i in range(len(text) - 4, -1, -1)
        if not any(text[j : j + 2] in meta["frequent"] for j in range(i, i + 3))
    )
    doc = ""
    for shard in sorted((site / "search/doc").glob("*.json")):
        table = json.loads(shard.read_text())
        if table:
            doc = next(iter(table.values()))[0][0].rsplit(" ", 1)[-1]
            break
    return {
        "broad name": broad,
        "trade word": "建材",
        "frequent": frequent,
        "rare name": rare,
        "code": code.lower(),
        "文书号": doc,
        "case text": "失信被执行人",
    }


STATUS_DONE = "() => performance.getEntriesByName('portal-search-results').length"
Row = tuple[str, str, int, int, float, float, float | None, str]


def gzipped(site: Path, base: str, urls: list[str], only_index: bool = False) -> int:
    """Return the gzip size of the files behind `urls` (stylesheets left out: cached)."""
    total = 0
    for url in urls:
        path = url.removeprefix(base).split("?")[0]
        file = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        if not file.is_file() or file.suffix == ".css":
            continue
        if only_index and not ("/search/" in str(file) and file.suffix == ".json"):
            continue
        total += len(gzip.compress(file.read_bytes()))
    return total


def measure_one(page: Page, base: str, site: Path, label: str, query: str) -> list[Row]:
    """Run one query in a fresh page; return its row, and a row for 显示更多 where there is one."""
    fetched: list[str] = []
    page.on("requestfinished", lambda r, f=fetched: f.append(r.url))
    page.goto(f"{base}/search/?q={quote(query)}")
    page.wait_for_function(STATUS_DONE)
    # From navigation start to the mark search.js sets when results show: the browser's own
    # clock, without the driver's round trips.
    first = page.evaluate(
        "() => performance.getEntriesByName('portal-search-results')[0].startTime"
    )
    # search.js is deferred: it runs once the page is parsed (domInteractive). What follows is
    # the search's own work, the part that grows with the index.
    parsed = page.evaluate("() => performance.getEntriesByType('navigation')[0].domInteractive")
    text_ms = None
    if label not in ("code", "文书号"):  # looked up alone, with no full-text search
        page.wait_for_function(
            "() => performance.getEntriesByName('portal-search-text').length"
            " || document.querySelector('#search-text > p')",
            timeout=30_000,
        )
        text_ms = page.evaluate(
            "() => (performance.getEntriesByName('portal-search-text')[0] || {}).startTime"
        )
    status = page.inner_text("#search-status").replace("\n", " ")
    texts = page.locator("#search-text h2").all_inner_texts()
    shown = "；".join([status[:60], *texts])
    index_kb = gzipped(site, base, fetched, only_index=True)
    all_kb = gzipped(site, base, fetched)
    rows = [(label, query, index_kb, all_kb, first, first - parsed, text_ms, shown)]
    more = page.locator("#search-entities .portal-search-more")
    if more.is_visible():
        before = len(fetched)
        more.click()
        page.wait_for_function("() => performance.getEntriesByName('portal-search-more').length")
        page.wait_for_timeout(100)  # let the last requestfinished events arrive
        ms = page.evaluate(
            "() => performance.getEntriesByName('portal-search-more')[0].startTime"
            " - performance.getEntriesByName('portal-search-more-start')[0].startTime"
        )
        extra = fetched[before:]
        shown = page.locator("#search-entities .portal-meta[aria-live]").inner_text()
        extra_kb = gzipped(site, base, extra, only_index=True)
        rows.append(
            (f"{label}, 显示更多", query, extra_kb, gzipped(site, base, extra), ms, ms, None, shown)
        )
    return rows


def measure(site: Path, repeats: int) -> list[Row]:
    """Serve the site and run each query `repeats` times, each in a fresh page.

    Bytes are the first run's (every run fetches the same files); times are the medians.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows: list[Row] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        warm = browser.new_page()  # the browser's own start-up is not the query's
        warm.goto(f"{base}/search/")
        warm.close()
        for label, query in queries(site).items():
            runs = []
            for _ in range(repeats):
                page = browser.new_page()  # a fresh page: nothing cached from the last query
                runs.append(measure_one(page, base, site, label, query))
                page.close()
            for parts in zip(*runs, strict=False):
                first = parts[0]
                times = [statistics.median(p[i] for p in parts) for i in (4, 5)]
                texts = [p[6] for p in parts if p[6] is not None]
                text_ms = statistics.median(texts) if texts else None
                rows.append((*first[:4], *times, text_ms, first[7]))
        browser.close()
    server.shutdown()
    return rows


def main() -> None:
    """Print the index-build table and the per-query table for each size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeats", type=int, default=5, help="runs of each query (medians)")
    parser.add_argument("--work", type=Path, help="keep each size's export and site here, reuse")
    parser.add_argument("--stage", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        build_index(Path(args.stage[0]), Path(args.stage[1]))
        return
    python = sys.executable
    builds, searches, loads = [], [], []
    for size in sorted(args.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.work / str(size) if args.work else Path(tmp)
            data, site = folder / "data", folder / "site"
            if not (folder / "stats.json").is_file():
                folder.mkdir(parents=True, exist_ok=True)
                demo = [python, "-m", "generator", "demo-data", "--records", str(size)]
                run([*demo, "--out", str(data)])
                seconds, peak = run([python, __file__, "--stage", str(data), str(site)])
                stats = json.loads((folder / "stats.json").read_text())
                (folder / "stats.json").write_text(json.dumps({**stats, "s": seconds, "mb": peak}))
            stats = json.loads((folder / "stats.json").read_text())
            entities = json.loads((site / "search/meta.json").read_text())["entities"]
            builds.append((size, entities, stats["texts"], stats["s"], stats["mb"], stats))
            load = os.getloadavg()[0]
            searches += [(size, *row) for row in measure(site, args.repeats)]
            loads.append((size, load, os.getloadavg()[0]))
    print(
        "| records | entities | texts | check + index s | names index s | text index s"
        " | peak MB | index files | index MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, entities, texts, seconds, peak, stats in builds:
        print(
            f"| {size:,} | {entities:,} | {texts:,} | {seconds:.1f} | {stats['index_s']:.1f}"
            f" | {stats['text_s']:.1f} | {peak:,} | {stats['files']:,} | {stats['bytes'] / 1e6:.1f} |"
        )
    print()
    print(
        "| records | query | text | index KB (gzip) | all KB (gzip) | first results ms"
        " | of which after parsing ms | full text ms | what it says |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---|")
    for size, label, query, shard_bytes, total, first, wall, text_ms, shown in searches:
        print(
            f"| {size:,} | {label} | {query} | {shard_bytes / 1024:.1f} | {total / 1024:.1f}"
            f" | {first:.0f} | {wall:.0f} | {'—' if text_ms is None else f'{text_ms:.0f}'}"
            f" | {shown} |"
        )
    print()
    for size, before, after in loads:
        print(f"{size:,} records: load average {before:.1f} before the queries, {after:.1f} after")


if __name__ == "__main__":
    main()
