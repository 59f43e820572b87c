"""Emit the site: every artifact of the public tree, as a stream; nothing here writes files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from generator.core.artifacts import Artifact, Kept, Reuse
from generator.core.config import Config
from generator.core.urls import article_url, file_url
from generator.decide.articles import Article
from generator.site.emitters.assets import portal_assets
from generator.site.emitters.editorial import Editorial
from generator.site.emitters.feeds import emit_feeds
from generator.site.emitters.opendata import emit_opendata
from generator.site.emitters.search import emit_search_index
from generator.site.emitters.sitemap import Location, emit_sitemaps, robots_txt
from generator.site.emitters.textindex import emit_text_index
from generator.site.index import Site
from generator.site.plan import page_location, plan_pages
from generator.site.render import Chrome, render_pages

Look = Callable[[Artifact], tuple[object, ...]]
"""What the render workers note of each page for the publish (a later stage's service)."""


def emit(
    site: Site,
    editorial: Editorial,
    config: Config,
    reuse: Reuse | None = None,
    look: Look | None = None,
) -> Iterator[Artifact | Kept]:
    """Yield every artifact of the public site: assets, editorial pages, record pages, data.

    Pages whose inputs `reuse` shows unchanged are kept; `look` notes each page made, in the
    process that made it.
    """
    asset_names, asset_artifacts = portal_assets()
    chrome = Chrome(
        site_name=config.site_name,
        site_url=config.site_url,
        portal=config.portal,
        tabs=config.nav,
        stylesheets=editorial.stylesheets,
        assets=asset_names,
        day=site.day.isoformat(),
    )
    jobs = list(plan_pages(site))
    locations = chain(
        editorial_locations(editorial.artifacts, site.articles),
        filter(None, (page_location(site, job) for job in jobs)),
    )
    return chain(
        asset_artifacts,
        editorial.artifacts,
        emit_opendata(site.kinds, config.site_url, site.day),
        render_pages(site, chrome, jobs, reuse=reuse, look=look),
        emit_search_index(site),
        emit_text_index(site, material_search_index(editorial)),
        emit_feeds(site, config.site_name, config.site_url),
        emit_sitemaps(locations, config.site_url),
        [robots_txt(config.site_url)],
    )


def material_search_index(editorial: Editorial) -> bytes | None:
    """Return Material's search index of the editorial pages (the text the full-text index reads)."""
    found = [a.data for a in editorial.artifacts if a.path == "search/search_index.json"]
    return found[0] if found else None


def editorial_locations(
    artifacts: Iterable[Artifact], articles: tuple[Article, ...]
) -> Iterator[Location]:
    """Yield the sitemap entries of mkdocs' pages: articles dated by their own day."""
    dated = {article_url(a.date, a.slug): a.date for a in articles}
    for artifact in artifacts:
        url = file_url(artifact.path)
        if url.endswith("/"):  # a page, not a stylesheet or mkdocs' search index
            yield Location(url, dated.get(url))
