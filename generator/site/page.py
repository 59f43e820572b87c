"""The pieces every page builder uses: the page itself, listing rows, pagers, feed links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.core.records import DISPUTED, LAPSED, Record
from generator.core.urls import (
    entity_url,
    feed_url,
    record_url,
)
from generator.site.index import (
    Entity,
    Site,
    record_date,
)
from generator.site.present import (
    COLUMNS,
    NAME_LABELS,
    listing_cells,
    record_name,
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


def row(site: Site, record: Record) -> dict[str, Any]:
    """Return a listing row: the name (linked to the profile if it has one), cells, the record URL."""
    code = site.entity_of(record)
    return {
        "name": record_name(record),
        "entity_url": entity_url(code) if code else "",
        "url": record_url(record),
        "cells": listing_cells(record),
        "lapsed": getattr(record, "status", "") == LAPSED,
        "disputed": getattr(record, "state", "") == DISPUTED,
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


def table(site: Site, kind: str, records: tuple[Record, ...]) -> dict[str, Any]:
    return {
        "kind": kind,
        "name_label": NAME_LABELS[kind],
        "labels": [label for label, _ in COLUMNS[kind]],
        "rows": [row(site, r) for r in records],
    }


def feed_links(*feeds: tuple[str, str]) -> tuple[tuple[str, str, str], ...]:
    """Return what a page's <head> advertises: (title, RSS URL, Atom URL) per feed scope."""
    return tuple((title, feed_url(scope, "rss"), feed_url(scope, "atom")) for title, scope in feeds)


def newest_day(site: Site, records: tuple[Record, ...]) -> str:
    """Return a listing's PubDate: its newest record's day (the build day when it is empty).

    Not the build day: a page whose records did not change keeps its bytes, so a nightly
    rebuild rewrites and purges only what changed.
    """
    newest = record_date(records[0]) if records else site.day
    return (site.day if newest == date.min else newest).isoformat()  # date.min: undated entries


def entity_newest(entity: Entity) -> date:
    """Return the day of an entity's newest record: the day its profile last had news."""
    return max(record_date(r) for records in entity.records.values() for r in records)
