"""The pages of the portal's services: open data, feeds, the reporting monitor, search."""

from __future__ import annotations

from typing import Any

from generator.core.kinds import (
    KIND_NAMES,
    SITE_KINDS,
)
from generator.core.urls import (
    BASE,
    feed_url,
    monitor_url,
)
from generator.decide.figures import month_name
from generator.site.emitters.feeds import FEED_CAP, plan_feeds
from generator.site.emitters.search import TYPE_ORDER, search_examples
from generator.site.index import (
    Site,
)
from generator.site.monitor_view import monitor_context, month_context
from generator.site.page import Page, feed_links
from generator.site.present import (
    FIELDS,
    field_notes,
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
    context = {"examples": search_examples(site), "types": TYPE_ORDER}
    return Page("search.html", url, "信用查询", url, site.day.isoformat(), context)
