"""The page plan: which pages the site has, and what each one shows (pure; nothing renders here).

A job is a small tuple naming one page; `page_for` turns it into a template name, a URL and the
template's context. Jobs are cheap to send to worker processes, which hold the site already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.core.kinds import (
    DOUBLE_KINDS,
    KIND_NAMES,
    LIST_KINDS,
    PROFILE_KINDS,
    PROFILE_SECTIONS,
    SITE_KINDS,
    kind_of,
)
from generator.core.records import Record
from generator.core.urls import (
    BASE,
    EMBED_PAGE_SIZE,
    PAGE_SIZE,
    article_url,
    dept_url,
    embed_url,
    entity_url,
    facet_url,
    feed_url,
    kind_url,
    monitor_url,
    page_count,
    paged,
    record_url,
)
from generator.decide.monitor import month_name
from generator.decide.policy import LAPSED
from generator.site.emitters.feeds import FEED_CAP, plan_feeds
from generator.site.emitters.sitemap import Location
from generator.site.index import (
    Entity,
    Site,
    entity_code,
    newest_first,
    record_date,
)
from generator.site.monitor_view import dept_monitor_context, monitor_context, month_context
from generator.site.present import (
    COLUMNS,
    FIELDS,
    NAME_LABELS,
    field_notes,
    labelled_fields,
    listing_cells,
    record_name,
    record_title,
)

Job = tuple[Any, ...]

FACET_NAMES = {"dept": "按部门", "year": "按年份", "category": "按类别"}


@dataclass(frozen=True, slots=True)
class Page:
    """One page to render: its template, directory URL, column and context."""

    template: str
    url: str
    title: str
    column: str
    pubdate: str
    context: dict[str, Any]
    feeds: tuple[tuple[str, str, str], ...] = ()  # (title, RSS URL, Atom URL) it advertises


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


def page_for(site: Site, job: Job) -> Page:
    """Return the page a job names."""
    return BUILDERS[job[0]](site, *job[1:])


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
                entity_code(record) in site.entities,
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
        tuple(entity_code(r) in site.entities for r in shown),
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
            return Location(record_url(record), record_date(record))
        case ("listing", kind, facet, value, page):
            return Location(paged(facet_url(kind, facet, value) if facet else kind_url(kind), page))
        case ("entity", code):
            return Location(entity_url(code), entity_newest(site.entities[code]))
        case ("dept", code, page):
            return Location(dept_url(code, page))
    return Location(page_for(site, job).url)  # the handful of single pages


def row(site: Site, record: Record) -> dict[str, Any]:
    """Return a listing row: the name (linked to the profile if it has one), cells, the record URL."""
    code = entity_code(record)
    return {
        "name": record_name(record),
        "entity_url": entity_url(code) if code in site.entities else "",
        "url": record_url(record),
        "cells": listing_cells(record),
        "lapsed": getattr(record, "status", "") == LAPSED,
    }


def pager(current: int, total: int, url_of: Callable[[int], str]) -> dict[str, Any]:
    """Return pagination links: first, last, and two pages either side of the current one."""
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    links: list[tuple[int, str] | None] = []
    for number in shown:
        if links and links[-1] is not None and number - links[-1][0] > 1:
            links.append(None)  # a gap: …
        links.append((number, url_of(number)))
    return {
        "current": current,
        "total": total,
        "prev": url_of(current - 1) if current > 1 else "",
        "next": url_of(current + 1) if current < total else "",
        "links": links,
    }


def _table(site: Site, kind: str, records: tuple[Record, ...]) -> dict[str, Any]:
    return {
        "kind": kind,
        "name_label": NAME_LABELS[kind],
        "labels": [label for label, _ in COLUMNS[kind]],
        "rows": [row(site, r) for r in records],
    }


def build_home(site: Site) -> Page:
    counts = [(KIND_NAMES[k], kind_url(k), len(site.kinds.get(k, ()))) for k in SITE_KINDS]
    list_changes = newest_first(r for k in LIST_KINDS for r in site.kinds.get(k, ())[:6])[:6]
    latest = {
        "penalties": _table(site, "penalties", site.kinds.get("penalties", ())[:6]),
        "licensing": _table(site, "licensing", site.kinds.get("licensing", ())[:6]),
        "lists": [
            {**row(site, r), "list_name": KIND_NAMES[r.kind], "badge": kind_of(r.kind).badge}
            for r in list_changes
        ],
        "cases": _table(site, "cases", site.kinds.get("cases", ())[:5]),
    }
    articles = [
        {
            "title": a.title,
            "url": article_url(a.date, a.slug),
            "date": a.date.isoformat(),
            "category": a.category,
        }
        for a in site.articles[:6]
    ]
    context = {
        "counts": counts,
        "latest": latest,
        "articles": articles,
        "entities": len(site.entities),
    }
    feeds = feed_links(("行政处罚", "penalties"), ("行政许可", "licensing"), ("文章", "articles"))
    return Page("home.html", BASE, "首页", BASE, site.day.isoformat(), context, feeds)


def build_shuanggongshi(site: Site) -> Page:
    context = {
        "penalties": _table(site, "penalties", site.kinds.get("penalties", ())[:10]),
        "licensing": _table(site, "licensing", site.kinds.get("licensing", ())[:10]),
        "totals": {k: len(site.kinds.get(k, ())) for k in ("licensing", "penalties")},
        "monitor_url": monitor_url() if site.monitor is not None else "",
        "departments": [
            {
                "name": d.name,
                "code": d.code,
                "url": dept_url(d.code),
                "licences": d.licences,
                "penalties": d.penalties,
            }
            for d in sorted(site.departments.values(), key=lambda d: (d.name, d.code))
        ],
    }
    return Page(
        "shuanggongshi.html",
        f"{BASE}shuanggongshi/",
        "双公示",
        f"{BASE}shuanggongshi/",
        site.day.isoformat(),
        context,
        feed_links(("行政许可", "licensing"), ("行政处罚", "penalties")),
    )


def build_lists(site: Site) -> Page:
    sections = [
        {
            "kind": k,
            "name": KIND_NAMES[k],
            "badge": kind_of(k).badge,
            "url": kind_url(k),
            "total": len(site.kinds.get(k, ())),
            "table": _table(site, k, site.kinds.get(k, ())[:10]),
        }
        for k in LIST_KINDS
    ]
    return Page(
        "lists.html",
        f"{BASE}lists/",
        "诚信红黑榜",
        f"{BASE}lists/",
        site.day.isoformat(),
        {"sections": sections},
        feed_links(*((KIND_NAMES[k], k) for k in LIST_KINDS)),
    )


def build_record(site: Site, kind: str, index: int) -> Page:
    record = site.kinds[kind][index]
    code = entity_code(record)
    dept_code = getattr(record, "dept_code", "")
    context = {
        "record": record,
        "kind": kind,
        "kind_name": KIND_NAMES[kind],
        "kind_url": kind_url(kind),
        "fields": [(label, value) for label, value in labelled_fields(record) if value],
        "entity_url": entity_url(code) if code in site.entities else "",
        "dept_url": dept_url(dept_code) if dept_code in site.departments else "",
        "lapsed": getattr(record, "status", "") == LAPSED,
        "name": record_name(record),
    }
    title = record_title(record)
    return Page(
        "record.html",
        record_url(record),
        title,
        kind_of(kind).column,
        record_date(record).isoformat(),
        context,
        feed_links((KIND_NAMES[kind], kind)),
    )


def build_listing(site: Site, kind: str, facet: str, value: str, page: int) -> Page:
    records = site.kinds[kind]
    chosen = None
    if facet:
        chosen = next(f for f in site.facets[kind][facet] if f.value == value)
        records = chosen.records
        base_url = facet_url(kind, facet, value)
    else:
        base_url = kind_url(kind)
    total = page_count(len(records))
    start = (page - 1) * PAGE_SIZE
    filters = []
    if page == 1:
        for name, values in site.facets.get(kind, {}).items():
            label = (
                (kind_of(kind).category_label or "类别")
                if name == "category"
                else FACET_NAMES[name]
            )
            filters.append(
                {
                    "label": label,
                    "links": [
                        (
                            v.label,
                            facet_url(kind, name, v.value),
                            len(v.records),
                            v.value == value and name == facet,
                        )
                        for v in values
                    ],
                }
            )
    title = KIND_NAMES[kind] + (f"：{chosen.label}" if chosen else "")
    context = {
        "kind": kind,
        "kind_name": KIND_NAMES[kind],
        "kind_url": kind_url(kind),
        "filter": chosen.label if chosen else "",
        "count": len(records),
        "table": _table(site, kind, records[start : start + PAGE_SIZE]),
        "pager": pager(page, total, lambda n: paged(base_url, n)),
        "filters": filters,
        "first_row": start + 1,
    }
    if page > 1:
        title += f"（第 {page} 页）"
    feeds = [(KIND_NAMES[kind], kind)]
    if chosen and facet == "category" and kind in LIST_KINDS:
        feeds.append((title, base_url.removeprefix(BASE).strip("/")))
    elif chosen and facet == "dept" and value in site.departments and kind in DOUBLE_KINDS:
        feeds.append((f"{site.departments[value].name} 双公示", f"dept/{value}"))
    return Page(
        "listing.html",
        paged(base_url, page),
        title,
        kind_of(kind).column,
        newest_day(site, records),
        context,
        feed_links(*feeds),
    )


def build_entity(site: Site, code: str) -> Page:
    entity = site.entities[code]
    sections = [
        {"kind": k, "name": KIND_NAMES[k], "table": _table(site, k, entity.records[k])}
        for k in PROFILE_SECTIONS
        if entity.records.get(k)
    ]
    status = [
        {"name": KIND_NAMES[k], "badge": kind_of(k).badge}
        for k in LIST_KINDS
        if entity.records.get(k)
    ]
    counts = [(KIND_NAMES[k], len(entity.records.get(k, ()))) for k in PROFILE_KINDS]
    newest = entity_newest(entity)
    context = {"entity": entity, "sections": sections, "status": status, "counts": counts}
    return Page(
        "entity.html",
        entity_url(code),
        f"{entity.name} 信用档案",
        f"{BASE}search/",
        newest.isoformat(),
        context,
    )


def newest_day(site: Site, records: tuple[Record, ...]) -> str:
    """Return a listing's PubDate: its newest record's day (the build day when it is empty).

    Not the build day: a page whose records did not change keeps its bytes, so a nightly
    rebuild rewrites and purges only what changed.
    """
    return (record_date(records[0]) if records else site.day).isoformat()


def entity_newest(entity: Entity) -> date:
    """Return the day of an entity's newest record: the day its profile last had news."""
    return max(record_date(r) for records in entity.records.values() for r in records)


def _dept_context(
    site: Site, code: str, page: int, size: int, url_of: Callable[[int], str]
) -> dict[str, Any]:
    dept = site.departments[code]
    start = (page - 1) * size
    rows = []
    for record in dept.records[start : start + size]:
        rows.append(
            {
                **row(site, record),
                "kind_name": KIND_NAMES[record.kind],
                "title": record_title(record),
                "date": record_date(record).isoformat(),
            }
        )
    return {
        "dept": dept,
        "rows": rows,
        "pager": pager(page, page_count(len(dept.records), size), url_of),
        "first_row": start + 1,
    }


def build_dept(site: Site, code: str, page: int) -> Page:
    context = _dept_context(site, code, page, PAGE_SIZE, lambda n: dept_url(code, n))
    context["embed_url"] = embed_url(code)
    context["monitor"] = (
        dept_monitor_context(site.monitor, code) if site.monitor and page == 1 else None
    )
    context["monitor_url"] = monitor_url()
    title = f"{site.departments[code].name} 双公示" + (f"（第 {page} 页）" if page > 1 else "")
    return Page(
        "dept.html",
        dept_url(code, page),
        title,
        f"{BASE}shuanggongshi/",
        newest_day(site, site.departments[code].records),
        context,
        feed_links((f"{site.departments[code].name} 双公示", f"dept/{code}")),
    )


def build_embed(site: Site, code: str, page: int) -> Page:
    context = _dept_context(site, code, page, EMBED_PAGE_SIZE, lambda n: embed_url(code, n))
    context["dept_url"] = dept_url(code)
    title = f"{site.departments[code].name} 双公示"
    return Page(
        "embed.html",
        embed_url(code, page),
        title,
        f"{BASE}shuanggongshi/",
        newest_day(site, site.departments[code].records),
        context,
        feed_links((title, f"dept/{code}")),
    )


def build_opendata(site: Site) -> Page:
    notes = field_notes()
    kinds = [
        {
            "kind": k,
            "name": KIND_NAMES[k],
            "count": len(site.kinds.get(k, ())),
            "fields": notes[k],
            "csv": f"{BASE}opendata/{k}.csv",
            "json": f"{BASE}opendata/{k}.json",
        }
        for k in FIELDS
    ]
    url = f"{BASE}opendata/"
    return Page("opendata.html", url, "数据开放", url, site.day.isoformat(), {"kinds": kinds})


def build_feeds(site: Site) -> Page:
    groups: dict[str, list[dict[str, Any]]] = {}
    for feed in plan_feeds(site):
        groups.setdefault(feed.group, []).append(
            {
                "title": feed.title,
                "purpose": feed.purpose,
                "page": feed.page,
                "rss": feed_url(feed.scope, "rss"),
                "atom": feed_url(feed.scope, "atom"),
                "count": len(feed.items),
            }
        )
    url = f"{BASE}feeds/"
    context = {"groups": list(groups.items()), "cap": FEED_CAP}
    feeds = feed_links(*((KIND_NAMES[k], k) for k in SITE_KINDS), ("文章", "articles"))
    return Page("feeds.html", url, "订阅", url, site.day.isoformat(), context, feeds)


def feed_links(*feeds: tuple[str, str]) -> tuple[tuple[str, str, str], ...]:
    """Return what a page's <head> advertises: (title, RSS URL, Atom URL) per feed scope."""
    return tuple((title, feed_url(scope, "rss"), feed_url(scope, "atom")) for title, scope in feeds)


def build_monitor(site: Site) -> Page:
    assert site.monitor is not None
    url = monitor_url()
    context = monitor_context(site.monitor, site.departments)
    return Page("monitor.html", url, "双公示报送情况通报", url, site.day.isoformat(), context)


def build_monitor_month(site: Site, month: str) -> Page:
    assert site.monitor is not None
    context = month_context(site.monitor, month, site.departments)
    title = f"{month_name(month)}双公示报送情况"
    return Page(
        "monitor_month.html",
        monitor_url(month),
        title,
        monitor_url(),
        site.day.isoformat(),
        context,
    )


def build_search(site: Site) -> Page:
    url = f"{BASE}search/"
    return Page("search.html", url, "信用查询", url, site.day.isoformat(), {})


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
