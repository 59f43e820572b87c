"""Render the planned pages with Jinja2, in parallel across cores; returns artifacts, writes nothing."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .pages import Job, Page, page_for
from .siteindex import Site
from .urls import BASE, absolute, page_path
from .writer import Artifact

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BATCH = 400  # pages a worker renders per round trip
SERIAL_BELOW = 3000  # a small site renders faster in one process than it forks


@dataclass(frozen=True, slots=True)
class Chrome:
    """What every generated page shares with the editorial pages: names, tabs, assets, footer."""

    site_name: str
    site_url: str
    portal: dict[str, Any]
    tabs: tuple[tuple[str, str], ...]  # (title, href) from mkdocs.yml's nav
    stylesheets: tuple[str, ...]  # Material's CSS, as mkdocs wrote it
    assets: dict[str, str]  # the portal's own hashed CSS and JS
    day: str  # the build day, YYYY-MM-DD


def make_environment(templates: Path = TEMPLATES) -> Environment:
    """Return the Jinja2 environment: every value escaped where it is placed."""
    env = Environment(
        loader=FileSystemLoader([templates, templates / "theme"]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # JSON placed inside a page is escaped for HTML by `tojson`; this keeps Chinese readable.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


def render_page(env: Environment, chrome: Chrome, page: Page) -> Artifact:
    """Render one page into its artifact."""
    nav_tabs = [
        {"title": title, "href": href, "current": href == page.column}
        for title, href in chrome.tabs
    ]
    html = env.get_template(page.template).render(
        page.context,
        page=page,
        chrome=chrome,
        base=BASE,
        site_name=chrome.site_name,
        portal=chrome.portal,
        assets=chrome.assets,
        nav_tabs=nav_tabs,
        column=next((t["title"] for t in nav_tabs if t["current"]), "首页"),
        pubdate=page.pubdate,
        canonical=absolute(chrome.site_url, page.url),
    )
    return Artifact(page_path(page.url), html.encode("utf-8"))


# The site and chrome a worker renders from: set before the pool forks, so only jobs travel.
_STATE: dict[str, Any] = {}


def _render_batch(jobs: list[Job]) -> list[Artifact]:
    env = _STATE.get("env")
    if env is None:
        env = _STATE["env"] = make_environment()
    site, chrome = _STATE["site"], _STATE["chrome"]
    return [render_page(env, chrome, page_for(site, job)) for job in jobs]


def _batches(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    iterator = iter(jobs)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def render_pages(
    site: Site, chrome: Chrome, jobs: list[Job], workers: int | None = None
) -> Iterator[Artifact]:
    """Yield the rendered artifact of every job, in job order, using every core for big sites."""
    _STATE.clear()
    _STATE.update(site=site, chrome=chrome)
    workers = workers or os.cpu_count() or 1
    if (
        workers == 1
        or len(jobs) < SERIAL_BELOW
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for batch in _batches(jobs):
            yield from _render_batch(batch)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for artifacts in pool.imap(_render_batch, _batches(jobs)):
            yield from artifacts
