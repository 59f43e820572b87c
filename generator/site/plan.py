"""The page plan: which pages the site has, what each is keyed by, and how the sitemap lists it.

A job is a small tuple naming one page (`("record", "penalties", 12)`); `page_for` turns it into
a template, a URL and its context (pages.py). Jobs are cheap to send to worker processes, which
hold the site already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from generator.core.kinds import (
    kind_of,
)
from generator.core.urls import (
    EMBED_PAGE_SIZE,
    PAGE_SIZE,
    dept_url,
    embed_url,
    entity_url,
    facet_url,
    kind_url,
    page_count,
    paged,
    record_url,
)
from generator.site.emitters.sitemap import Location
from generator.site.index import (
    Site,
    record_date,
)
from generator.site.page import Job, Page, entity_newest, newest_day
from generator.site.pages import (
    build_dept,
    build_embed,
    build_entity,
    build_home,
    build_listing,
    build_lists,
    build_record,
    build_shuanggongshi,
)
from generator.site.service_pages import (
    build_feeds,
    build_monitor,
    build_monitor_month,
    build_opendata,
    build_search,
)


def plan_pages(site: Site) -> Iterator[Job]:
    """Yield a job for every generated page of the site."""
    yield ("home",)
    yield ("shuanggongshi",)
    yield ("lists",)
    yield ("opendata",)
    yield ("search",)
    yield ("feeds",)
    if site.monitor is not None:
        yield ("monitor",)
        for month in site.monitor.page_months():
            yield ("monitor_month", month)
    for kind, records in site.kinds.items():
        if not kind_of(kind).shown:
            continue
        for index in range(len(records)):
            yield ("record", kind, index)
        for page in range(1, page_count(len(records)) + 1):
            yield ("listing", kind, "", "", page)
        for facet, values in site.facets.get(kind, {}).items():
            for value in values:
                for page in range(1, page_count(len(value.records)) + 1):
                    yield ("listing", kind, facet, value.value, page)
    for code in site.entities:
        yield ("entity", code)
    for code, dept in site.departments.items():
        for page in range(1, page_count(len(dept.records)) + 1):
            yield ("dept", code, page)
        for page in range(1, page_count(len(dept.records), EMBED_PAGE_SIZE) + 1):
            yield ("embed", code, page)


def page_inputs(site: Site, job: Job) -> tuple[str, tuple[Any, ...]] | None:
    """Return a page's URL and everything its builder reads besides the code and the chrome.

    Keyed are the pages most of a site is made of: record pages (one record decides them),
    profiles (one entity's records) and the department sections past their first page and
    their embeds (a slice of one department's records). A page with unchanged inputs is kept
    from one build to the next. Listings, first section pages (they show the monitor) and
    the single pages are always made. Keep this beside the builders: a value a builder starts
    reading must join its tuple here, or a changed page would be kept stale.
    """
    match job:
        case ("record", kind, index):
            record = site.kinds[kind][index]
            return record_url(record), (
                kind,
                record,
                site.entity_of(record),
                getattr(record, "dept_code", "") in site.departments,
            )
        case ("entity", code):
            return entity_url(code), (code, site.entities[code])
        case ("dept", code, page) if page > 1:
            return dept_url(code, page), (*_section_inputs(site, code, page, PAGE_SIZE), "dept")
        case ("embed", code, page):
            url = embed_url(code, page)
            return url, (*_section_inputs(site, code, page, EMBED_PAGE_SIZE), "embed")
    return None


def _section_inputs(site: Site, code: str, page: int, size: int) -> tuple[Any, ...]:
    dept = site.departments[code]
    shown = dept.records[(page - 1) * size : page * size]
    return (
        code,
        page,
        dept.name,
        dept.licences,
        dept.penalties,
        len(dept.records),
        newest_day(site, dept.records),
        shown,
        tuple(site.entity_of(r) for r in shown),
    )


def page_location(site: Site, job: Job) -> Location | None:
    """Return how the sitemap lists a page, without building it (None: the page is not listed).

    A record page is dated by its record, a profile by its newest record. Listings and sections
    change whenever any of their records does, so they carry no date rather than a wrong one.
    Framed copies (`/embed/`) are left to the department pages they repeat.
    """
    match job:
        case ("embed", *_):
            return None
        case ("record", kind, index):
            record = site.kinds[kind][index]
            day = record_date(record)  # date.min: a list entry its source gives no date
            return Location(record_url(record), None if day == date.min else day)
        case ("listing", kind, facet, value, page):
            return Location(paged(facet_url(kind, facet, value) if facet else kind_url(kind), page))
        case ("entity", code):
            newest = entity_newest(site.entities[code])
            return Location(entity_url(code), None if newest == date.min else newest)
        case ("dept", code, page):
            return Location(dept_url(code, page))
    return Location(page_for(site, job).url)  # the handful of single pages


def page_for(site: Site, job: Job) -> Page:
    """Return the page a job names."""
    return BUILDERS[job[0]](site, *job[1:])


BUILDERS: dict[str, Callable[..., Page]] = {
    "search": build_search,
    "feeds": build_feeds,
    "monitor": build_monitor,
    "monitor_month": build_monitor_month,
    "opendata": build_opendata,
    "home": build_home,
    "shuanggongshi": build_shuanggongshi,
    "lists": build_lists,
    "record": build_record,
    "listing": build_listing,
    "entity": build_entity,
    "dept": build_dept,
    "embed": build_embed,
}
