"""Emitters: turn the published site into artifacts (path, bytes); nothing here writes files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain

from .articles import Article
from .assets import portal_assets
from .config import Config
from .editorial import build_editorial
from .feeds import emit_feeds
from .fields import Problem
from .gate import Gate
from .monitor import Monitor
from .pages import page_location, plan_pages
from .present import FIELDS, URL_LABEL, labelled_fields
from .records import Record
from .render import Chrome, Reuse, render_pages
from .report import KIND_NAMES
from .search import emit_search_index
from .siteindex import index_site
from .sitemap import Location, emit_sitemaps, robots_txt
from .urls import BASE, absolute, article_url, file_url, record_url
from .writer import Artifact, Kept


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


def emit_opendata(
    kinds: Mapping[str, tuple[Record, ...]], site_url: str, today: date
) -> list[Artifact]:
    """Return each kind's published records, newest first, as UTF-8 CSV (BOM, for Excel) and JSON.

    The values are the pages' values (masked the same way); a last column gives each record's
    page, so a reuser can link back and tell records apart.
    """
    artifacts = []
    for kind in FIELDS:
        records = kinds.get(kind, ())
        labels = [*(label for label, _ in FIELDS[kind]), URL_LABEL]
        rows = [
            [*(value for _, value in labelled_fields(r)), absolute(site_url, record_url(r))]
            for r in records
        ]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(labels)
        writer.writerows(rows)
        artifacts.append(
            Artifact(f"opendata/{kind}.csv", ("\ufeff" + out.getvalue()).encode("utf-8"))
        )
        document = {
            "kind": kind,
            "title": KIND_NAMES[kind],
            "build_day": today.isoformat(),
            "fields": labels,
            "records": [dict(zip(labels, row, strict=True)) for row in rows],
        }
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        artifacts.append(Artifact(f"opendata/{kind}.json", data))
    return artifacts
