"""What each page of the portal's columns shows: one builder per page type (pure)."""

from __future__ import annotations

from collections.abc import Callable
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
from generator.core.records import DISPUTED, LAPSED
from generator.core.urls import (
    BASE,
    EMBED_PAGE_SIZE,
    PAGE_SIZE,
    article_url,
    dept_url,
    embed_url,
    entity_url,
    facet_url,
    kind_url,
    monitor_url,
    page_count,
    paged,
    record_url,
)
from generator.site.index import (
    Site,
    day_text,
    newest_first,
    record_date,
)
from generator.site.monitor_view import dept_monitor_context
from generator.site.page import (
    FACET_NAMES,
    Page,
    entity_newest,
    feed_links,
    newest_day,
    pager,
    row,
    table,
)
from generator.site.present import (
    labelled_fields,
    missing_labels,
    record_name,
    record_title,
)


def build_home(site: Site) -> Page:
    counts = [(KIND_NAMES[k], kind_url(k), len(site.kinds.get(k, ()))) for k in SITE_KINDS]
    list_changes = newest_first(r for k in LIST_KINDS for r in site.kinds.get(k, ())[:6])[:6]
    latest = {
        "penalties": table(site, "penalties", site.kinds.get("penalties", ())[:6]),
        "licensing": table(site, "licensing", site.kinds.get("licensing", ())[:6]),
        "lists": [
            {**row(site, r), "list_name": KIND_NAMES[r.kind], "badge": kind_of(r.kind).badge}
            for r in list_changes
        ],
        "cases": table(site, "cases", site.kinds.get("cases", ())[:5]),
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
        "penalties": table(site, "penalties", site.kinds.get("penalties", ())[:10]),
        "licensing": table(site, "licensing", site.kinds.get("licensing", ())[:10]),
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
            "table": table(site, k, site.kinds.get(k, ())[:10]),
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
    code = site.entity_of(record)
    dept_code = getattr(record, "dept_code", "")
    context = {
        "record": record,
        "kind": kind,
        "kind_name": KIND_NAMES[kind],
        "kind_url": kind_url(kind),
        "fields": [(label, value) for label, value in labelled_fields(record) if value],
        "entity_url": entity_url(code) if code else "",
        "linked_by_name": record.key in site.links,
        "dept_url": dept_url(dept_code) if dept_code in site.departments else "",
        "lapsed": getattr(record, "status", "") == LAPSED,
        "disputed": getattr(record, "state", "") == DISPUTED,
        "missing": missing_labels(record),
        "name": record_name(record),
    }
    title = record_title(record)
    return Page(
        "record.html",
        record_url(record),
        title,
        kind_of(kind).column,
        day_text(record_date(record)),
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
        "table": table(site, kind, records[start : start + PAGE_SIZE]),
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
        {"kind": k, "name": KIND_NAMES[k], "table": table(site, k, entity.records[k])}
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
        day_text(newest),
        context,
    )


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
                "date": day_text(record_date(record)),
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
