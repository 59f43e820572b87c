"""Sitemaps (sitemaps.org 0.9) and robots.txt: where every public page is, for crawlers.

One `sitemap.xml` while the site has at most 50,000 pages; beyond that, `sitemap.xml` becomes a
sitemap index over `sitemaps/sitemap-N.xml` files of at most 50,000 URLs and 50 MB each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote
from xml.sax.saxutils import escape

from generator.core.artifacts import Artifact
from generator.core.urls import BASE, absolute

URL_LIMIT = 50_000  # the protocol's limits per file
BYTE_LIMIT = 50 * 1024 * 1024
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True, slots=True)
class Location:
    """A page to list: its root-relative URL and, when the page has one, its own date."""

    url: str
    lastmod: date | None = None


def loc(site_url: str, url: str) -> str:
    """Return a URL as a sitemap names it: absolute, non-ASCII percent-encoded, XML-escaped."""
    return escape(absolute(site_url, quote(url, safe="/:?=&%#~-._")))


def url_element(site_url: str, location: Location) -> str:
    """Return one `<url>` element."""
    lastmod = f"<lastmod>{location.lastmod.isoformat()}</lastmod>" if location.lastmod else ""
    return f"<url><loc>{loc(site_url, location.url)}</loc>{lastmod}</url>\n"


def chunk(elements: list[str], url_limit: int, byte_limit: int) -> list[list[int]]:
    """Split element indexes into files of at most `url_limit` URLs and `byte_limit` bytes."""
    overhead = len(HEAD) + len(f'<urlset xmlns="{NAMESPACE}">\n</urlset>\n')
    files: list[list[int]] = [[]]
    size = overhead
    for index, element in enumerate(elements):
        length = len(element.encode("utf-8"))
        if files[-1] and (len(files[-1]) >= url_limit or size + length > byte_limit):
            files.append([])
            size = overhead
        files[-1].append(index)
        size += length
    return files


def urlset(elements: Iterable[str]) -> bytes:
    """Return a `<urlset>` document of ready elements."""
    return f'{HEAD}<urlset xmlns="{NAMESPACE}">\n{"".join(elements)}</urlset>\n'.encode()


def emit_sitemaps(
    locations: Iterable[Location],
    site_url: str,
    url_limit: int = URL_LIMIT,
    byte_limit: int = BYTE_LIMIT,
) -> list[Artifact]:
    """Return `sitemap.xml` (a urlset, or an index over `sitemaps/` when one file cannot hold all).

    Locations are listed once each, sorted by URL, so a rebuild lists them in the same order.
    """
    unique: dict[str, Location] = {}
    for location in locations:
        unique.setdefault(location.url, location)
    ordered = [unique[url] for url in sorted(unique)]
    elements = [url_element(site_url, location) for location in ordered]
    files = chunk(elements, url_limit, byte_limit)
    if len(files) == 1:
        return [Artifact("sitemap.xml", urlset(elements))]
    artifacts = []
    index = [HEAD, f'<sitemapindex xmlns="{NAMESPACE}">\n']
    for number, members in enumerate(files, start=1):
        path = f"sitemaps/sitemap-{number}.xml"
        artifacts.append(Artifact(path, urlset(elements[i] for i in members)))
        dates = [ordered[i].lastmod for i in members if ordered[i].lastmod]
        lastmod = f"<lastmod>{max(dates).isoformat()}</lastmod>" if dates else ""
        index.append(f"<sitemap><loc>{loc(site_url, BASE + path)}</loc>{lastmod}</sitemap>\n")
    index.append("</sitemapindex>\n")
    return [Artifact("sitemap.xml", "".join(index).encode()), *artifacts]


def robots_txt(site_url: str) -> Artifact:
    """Return robots.txt: everything may be crawled but the framed copies; where the sitemap is.

    `/embed/` repeats the department pages for other sites' iframes; indexing it would only
    compete with `/dept/`.
    """
    text = (
        "User-agent: *\n"
        f"Disallow: {BASE}embed/\n"
        f"Allow: {BASE}\n"
        "\n"
        f"Sitemap: {absolute(site_url, BASE + 'sitemap.xml')}\n"
    )
    return Artifact("robots.txt", text.encode())
