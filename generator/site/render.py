"""Render the planned pages with Jinja2, in parallel across cores; returns artifacts, writes nothing."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.core.artifacts import Artifact, Kept, Reuse
from generator.core.urls import BASE, absolute, page_path
from generator.site.codekey import rendering_files
from generator.site.index import Site
from generator.site.page import Page
from generator.site.plan import Job, page_for, page_inputs

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
BATCH = 400  # pages a worker renders per round trip
SERIAL_BELOW = 3000  # a small site renders faster in one process than it forks
Look = Callable[[Artifact], tuple[object, ...]]  # notes a page for the publish's inspectors


@dataclass(frozen=True, slots=True)
class Chrome:
    """What every generated page shares with the editorial pages: names, tabs, assets, footer."""

    site_name: str
    site_url: str
    portal: dict[str, Any]
    tabs: tuple[tuple[str, str], ...]  # (title, href) from mkdocs.yml's nav
    stylesheets: tuple[str, ...]  # Material's CSS, as mkdocs wrote it
    assets: dict[str, str]  # the portal's own hashed CSS and JS
    # The build day, YYYY-MM-DD. Only pages made on every build may print it (the open-data
    # page): it is left out of the key a kept page is known by, or no page would ever be kept.
    day: str


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


def renderer_key(
    chrome: Chrome, templates: Path = TEMPLATES, code: tuple[Path, ...] | None = None
) -> str:
    """Return the digest of everything that makes a page besides its own inputs.

    The templates, the code that renders pages and its data files (`codekey`), Jinja2's
    version and the chrome (without the day): when any of them changes, every page is made
    again; a change to code that renders no page (deploy, the readers) remakes none.
    """
    hasher = hashlib.blake2b(digest_size=16)
    files = [*sorted(templates.rglob("*")), *(rendering_files() if code is None else code)]
    for path in files:
        if path.is_file():
            name = (path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).as_posix()
            hasher.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    hasher.update(jinja2.__version__.encode())
    hasher.update(repr(replace(chrome, day="")).encode())
    return hasher.hexdigest()


def input_key(renderer: str, inputs: tuple[Any, ...]) -> str:
    """Return the key a page is known by between builds: the renderer and the page's inputs."""
    return hashlib.blake2b((renderer + repr(inputs)).encode(), digest_size=16).hexdigest()


def make_page(
    env: Environment,
    site: Site,
    chrome: Chrome,
    job: Job,
    renderer: str,
    reuse: Reuse | None = None,
    look: Look | None = None,
) -> Artifact | Kept:
    """Return a job's page: kept from the last publish when its inputs are the same, else made.

    A made page is noted by `look` here, in the process that made it, while its bytes are at
    hand: the privacy scan then costs no second read and runs on every core.
    """
    key = ""
    keyed = page_inputs(site, job)
    if keyed is not None:
        url, inputs = keyed
        key = input_key(renderer, inputs)
        path = page_path(url)
        if (
            reuse is not None
            and reuse.keys.get(path) == key
            and path in reuse.digests
            and (reuse.root / path).is_file()
        ):
            return Kept(path, reuse.digests[path], key)
    artifact = render_page(env, chrome, page_for(site, job))
    notes = look(artifact) if look is not None else ()
    return replace(artifact, key=key, notes=notes)


# What a worker renders from: set before the pool forks, so only jobs travel.
_STATE: dict[str, Any] = {}


def _render_batch(jobs: list[Job]) -> list[Artifact | Kept]:
    env = _STATE.get("env")
    if env is None:
        env = _STATE["env"] = make_environment()
    site, chrome, renderer = _STATE["site"], _STATE["chrome"], _STATE["renderer"]
    reuse, look = _STATE["reuse"], _STATE["look"]
    return [make_page(env, site, chrome, job, renderer, reuse, look) for job in jobs]


def _batches(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    iterator = iter(jobs)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def render_pages(
    site: Site,
    chrome: Chrome,
    jobs: list[Job],
    workers: int | None = None,
    reuse: Reuse | None = None,
    look: Look | None = None,
) -> Iterator[Artifact | Kept]:
    """Yield every job's page, in job order, using every core for big sites.

    With `reuse`, a page whose inputs are unchanged is kept rather than made; with `look`, every
    page made is noted where it is made.
    """
    _STATE.clear()
    _STATE.update(site=site, chrome=chrome, renderer=renderer_key(chrome), reuse=reuse, look=look)
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
