"""Emitters: turn the published site into artifacts (path, bytes); nothing here writes files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain

from generator.core.artifacts import Artifact, Kept
from generator.core.config import Config
from generator.core.problems import Problem
from generator.core.records import Record
from generator.core.urls import BASE, article_url, file_url
from generator.decide.articles import Article
from generator.decide.monitor import Monitor
from generator.publish.gate import Gate
from generator.site.emitters.assets import portal_assets
from generator.site.emitters.editorial import build_editorial
from generator.site.emitters.feeds import emit_feeds
from generator.site.emitters.opendata import emit_opendata
from generator.site.emitters.search import emit_search_index
from generator.site.emitters.sitemap import Location, emit_sitemaps, robots_txt
from generator.site.index import index_site
from generator.site.pages import page_location, plan_pages
from generator.site.render import Chrome, Reuse, render_pages


@dataclass(frozen=True, slots=True)
class Emitted:
    """The site's artifacts (a stream: pages render while earlier ones are written) and warnings."""

    artifacts: Iterator[Artifact | Kept]
    problems: list[Problem]
    pages: int


def emit_site(
    config: Config,
    published: Mapping[str, tuple[Record, ...]],
    articles: tuple[Article, ...],
    today: date,
    monitor: Monitor | None = None,
    reuse: Reuse | None = None,
    gate: Gate | None = None,
) -> Emitted:
    """Return every artifact of the public site: assets, editorial pages, record pages, data.

    Pages whose inputs `reuse` shows unchanged are kept; `gate` scans pages where they are made.
    """
    asset_names, asset_artifacts = portal_assets()
    editorial = build_editorial(
        config.path,
        config.docs_dir,
        articles,
        today,
        {"portal_base": BASE, "portal_assets": asset_names, "portal_build_day": today.isoformat()},
    )
    site = index_site(published, articles, today, monitor)
    chrome = Chrome(
        site_name=config.site_name,
        site_url=config.site_url,
        portal=config.portal,
        tabs=config.nav,
        stylesheets=editorial.stylesheets,
        assets=asset_names,
        day=today.isoformat(),
    )
    jobs = list(plan_pages(site))
    locations = chain(
        editorial_locations(editorial.artifacts, articles),
        filter(None, (page_location(site, job) for job in jobs)),
    )
    artifacts = chain(
        asset_artifacts,
        editorial.artifacts,
        emit_opendata(site.kinds, config.site_url, today),
        render_pages(site, chrome, jobs, reuse=reuse, gate=gate),
        emit_search_index(site),
        emit_feeds(site, config.site_name, config.site_url),
        emit_sitemaps(locations, config.site_url),
        [robots_txt(config.site_url)],
    )
    return Emitted(artifacts, editorial.problems, len(jobs))


def editorial_locations(
    artifacts: Iterable[Artifact], articles: tuple[Article, ...]
) -> Iterator[Location]:
    """Yield the sitemap entries of mkdocs' pages: articles dated by their own day."""
    dated = {article_url(a.date, a.slug): a.date for a in articles}
    for artifact in artifacts:
        url = file_url(artifact.path)
        if url.endswith("/"):  # a page, not a stylesheet or mkdocs' search index
            yield Location(url, dated.get(url))
