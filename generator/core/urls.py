"""The one place that decides where a page lives: record → path under the site → URL.

Every page is a directory with an index.html, named by its directory URL (`/entity/<code>/`).
Templates never join paths; they receive URLs made here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import PurePosixPath

from generator.core.records import Record

BASE = "/"  # the portal is served from the root of its host
PAGE_SIZE = 20  # rows per listing page: a screenful on a phone
EMBED_PAGE_SIZE = 10  # the embedded column on a department's own site is compact


def page_path(url: str) -> str:
    """Return the file that serves a directory URL: `/a/b/` → `a/b/index.html`."""
    inner = url.removeprefix(BASE).strip("/")
    return str(PurePosixPath(inner) / "index.html") if inner else "index.html"


def file_url(path: str) -> str:
    """Return the URL a file is requested by (the inverse of `page_path`): a page by its
    directory URL (`entity/x/index.html` → `/entity/x/`), any other file by its path."""
    if path == "index.html":
        return BASE
    if path.endswith("/index.html"):
        return BASE + path.removesuffix("index.html")
    return BASE + path


def record_url(record: Record) -> str:
    """Return a record's permanent URL, from its kind and stable key (never a name or ID)."""
    return f"{BASE}{record.kind}/{record.key}/"


def kind_url(kind: str, page: int = 1) -> str:
    """Return a kind's listing (newest first), page `page`."""
    return paged(f"{BASE}{kind}/", page)


def facet_url(kind: str, facet: str, value: str, page: int = 1) -> str:
    """Return a kind's listing filtered by department, year or category."""
    return paged(f"{BASE}{kind}/{facet}/{facet_slug(facet, value)}/", page)


def facet_slug(facet: str, value: str) -> str:
    """Return the URL segment of a filter value: codes and years as they are, text hashed.

    Category names are Chinese; a short hash keeps URLs ASCII and stable across builds.
    """
    if facet in ("dept", "year"):
        return value
    return hashlib.blake2b(value.encode("utf-8"), digest_size=5).hexdigest()


def entity_url(uscc: str) -> str:
    """Return the credit profile of an organisation or 个体工商户."""
    return f"{BASE}entity/{uscc}/"


def dept_url(code: str, page: int = 1) -> str:
    """Return a department's 双公示 section."""
    return paged(f"{BASE}dept/{code}/", page)


def embed_url(code: str, page: int = 1) -> str:
    """Return a department's section made for an <iframe> on its own site."""
    return paged(f"{BASE}embed/{code}/", page)


def monitor_url(month: str = "") -> str:
    """Return the reporting monitor (报送情况通报), or its page for one month (YYYY-MM)."""
    return f"{BASE}monitor/{month}/" if month else f"{BASE}monitor/"


def paged(url: str, page: int) -> str:
    """Return page `page` of a paginated URL: the first page is the URL itself."""
    return url if page <= 1 else f"{url}page/{page}/"


def absolute(site_url: str, url: str) -> str:
    """Return a URL made absolute with the configured `site_url` (canonical links, embeds)."""
    return site_url.rstrip("/") + url


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """Return how many pages a listing of `total` rows takes (an empty listing still has one)."""
    return max(1, -(-total // size))


def article_url(day: date, slug: str) -> str:
    """Return an article's URL as the Material blog makes it (`post_url_format: {date}/{slug}`)."""
    return f"{BASE}articles/{day:%Y/%m/%d}/{slug}/"


def feed_url(scope: str, fmt: str) -> str:
    """Return a feed's file: `/feeds/<scope>/rss.xml` (RSS 2.0) or `/feeds/<scope>/atom.xml`."""
    return f"{BASE}feeds/{scope}/{fmt}.xml"


def wholly_changed_folders(
    changed: Iterable[str], every: Iterable[str], smallest: int = 2
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the largest folders all of whose files changed, and the changed files outside them.

    `changed` are the paths added, rewritten or removed; `every` is every path of the old and
    the new tree. A CDN refreshes a folder in one request, so naming such folders instead of
    their files keeps a push within a daily refresh quota. A folder of fewer than `smallest`
    files is left to its files (a page folder holds one).
    """
    changed = set(changed)
    totals: Counter[str] = Counter()
    touched: Counter[str] = Counter()
    for path in set(every) | changed:
        for folder in folders_of(path):
            totals[folder] += 1
            touched[folder] += path in changed
    whole = {f for f, n in totals.items() if n >= smallest and touched[f] == n}
    # the outermost: a folder inside another wholly changed one is covered by it
    chosen = sorted(f for f in whole if not f or not any(p in whole for p in folders_of(f[:-1])))
    covered = tuple(chosen)
    rest = sorted(p for p in changed if not any(p.startswith(f) for f in covered))
    return covered, tuple(rest)


def folders_of(path: str) -> list[str]:
    """Return the folders a path lies in, outermost first: `a/b/c.json` → ['', 'a/', 'a/b/']."""
    parts = path.split("/")[:-1]
    return ["", *("/".join(parts[: i + 1]) + "/" for i in range(len(parts)))]
