"""Emitting: one stream of artifacts for the whole public site, every path once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import published_records, row

from generator.core.artifacts import Artifact
from generator.core.config import load_config
from generator.site import emit, index_site
from generator.site.emitters.editorial import Editorial
from generator.site.plan import plan_pages

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2025, 6, 1)


def test_emit_yields_every_output_once_and_notes_pages_where_they_are_made(
    tmp_path: Path,
) -> None:
    published = published_records(
        tmp_path, {"penalties": [row("penalties")], "licensing": [row("licensing")]}
    )
    site = index_site(published, (), DAY)
    editorial = Editorial([Artifact("xinyong-xiufu/index.html", b"<p>guide</p>")], (), [])
    config = load_config(ROOT / "mkdocs.yml")
    items = list(emit(site, editorial, config, look=lambda a: ("noted",)))
    paths = [item.path for item in items]
    assert len(paths) == len(set(paths))
    for expected in (
        "index.html",
        "robots.txt",
        "sitemap.xml",
        "search/meta.json",
        "opendata/penalties.csv",
        "opendata/penalties.json",
        "feeds/penalties/rss.xml",
        "xinyong-xiufu/index.html",
    ):
        assert expected in paths, expected
    assert any(p.startswith("assets/portal.") and p.endswith(".css") for p in paths)
    pages = [i for i in items if isinstance(i, Artifact) and i.notes]
    assert len(pages) == len(list(plan_pages(site)))  # the rendered pages, and only they
    assert all(p.notes == ("noted",) and p.path.endswith(".html") for p in pages)
    sitemap = next(i for i in items if i.path == "sitemap.xml")
    assert isinstance(sitemap, Artifact) and b"/xinyong-xiufu/" in sitemap.data
