"""Emitters: turn the published site into artifacts (path, bytes); nothing here writes files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain

from .articles import Article
from .assets import portal_assets
from .config import Config
from .editorial import build_editorial
from .fields import Problem
from .monitor import Monitor
from .pages import plan_pages
from .present import FIELDS, labelled_fields
from .records import Record
from .render import Chrome, render_pages
from .report import KIND_NAMES
from .search import emit_search_index
from .siteindex import index_site
from .urls import BASE
from .writer import Artifact


@dataclass(frozen=True, slots=True)
class Emitted:
    """The site's artifacts (a stream: pages render while earlier ones are written) and warnings."""

    artifacts: Iterator[Artifact]
    problems: list[Problem]
    pages: int


def emit_site(
    config: Config,
    published: Mapping[str, tuple[Record, ...]],
    articles: tuple[Article, ...],
    today: date,
    monitor: Monitor | None = None,
) -> Emitted:
    """Return every artifact of the public site: assets, editorial pages, record pages, data."""
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
    artifacts = chain(
        asset_artifacts,
        editorial.artifacts,
        emit_opendata(published, today),
        render_pages(site, chrome, jobs),
        emit_search_index(site),
    )
    return Emitted(artifacts, editorial.problems, len(jobs))


def emit_opendata(published: Mapping[str, tuple[Record, ...]], today: date) -> list[Artifact]:
    """Return each kind's published records as UTF-8 CSV (with BOM, for Excel) and JSON."""
    artifacts = []
    for kind in FIELDS:
        records = published.get(kind, ())
        labels = [label for label, _ in FIELDS[kind]]
        rows = [[value for _, value in labelled_fields(r)] for r in records]
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
