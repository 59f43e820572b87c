"""Feeds: RSS 2.0 and Atom (feedgen) per kind, department, list type and for the articles.

`plan_feeds` decides which feeds exist and what each holds (pure, cheap: records are shared,
not copied); `emit_feeds` formats them. A feed names the portal page it follows as its link,
every entry's id is the permanent URL of the page it announces, and dates are the decision (or
listing, publication) day at midnight in Asia/Shanghai. Only published records reach the site
index, so a withheld record can never appear in a feed.

Feeds carry data as text, never as markup: Atom says `type="text"` on every title, subtitle
and summary, and RSS, whose readers render `<description>` as HTML, gets it HTML-escaped, so
`<img src=x onerror=…>` in a warning's 正文 reaches a reader as those characters.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from generator.core.artifacts import Artifact
from generator.core.kinds import KIND_NAMES, LIST_KINDS, SITE_KINDS, kind_of
from generator.core.records import Record
from generator.core.urls import (
    BASE,
    absolute,
    article_url,
    dept_url,
    facet_url,
    feed_url,
    kind_url,
    record_url,
)
from generator.decide.articles import Article
from generator.site.emitters.editorial import category_slug
from generator.site.index import Site, record_date
from generator.site.present import FIELDS, field_value, format_value, record_title

FEED_CAP = 200  # entries per feed: readers poll often, and the portal pages hold the rest
SHANGHAI = ZoneInfo("Asia/Shanghai")
SUMMARY_LIMIT = 280  # characters of a long text (违法事实, 正文) kept in a summary
GENERATOR = "信用中国城市门户生成器"

LABELS = {
    kind: {path: label for label, path in fields} for kind, fields in FIELDS.items()
}  # kind → path → label
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed: where it lives, what it is about, the page it follows, and its items."""

    scope: str  # its folder under /feeds/: `penalties`, `dept/<code>`, `articles`…
    group: str  # the heading it is listed under on /feeds/
    title: str
    purpose: str
    page: str  # the portal page the feed follows (the channel's link)
    items: tuple[Record | Article, ...]  # newest first, at most FEED_CAP


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry, formatted."""

    url: str  # root-relative permanent URL: the entry's id and link
    title: str
    summary: str
    day: date
    category: str


def plan_feeds(site: Site) -> list[Feed]:
    """Return every feed of the site: per kind, per department, per list type, articles."""
    feeds = [
        Feed(
            kind,
            "按信息类别",
            KIND_NAMES[kind],
            kind_of(kind).purpose,
            kind_url(kind),
            site.kinds.get(kind, ())[:FEED_CAP],
        )
        for kind in SITE_KINDS
    ]
    for code, dept in sorted(site.departments.items(), key=lambda item: (item[1].name, item[0])):
        feeds.append(
            Feed(
                f"dept/{code}",
                "按部门（双公示）",
                f"{dept.name} 双公示",
                f"{dept.name}公示的行政许可和行政处罚",
                dept_url(code),
                dept.records[:FEED_CAP],
            )
        )
    for kind in LIST_KINDS:
        for facet in site.facets.get(kind, {}).get("category", ()):
            url = facet_url(kind, "category", facet.value)
            feeds.append(
                Feed(
                    url.removeprefix(BASE).strip("/"),
                    "按名单类型",
                    f"{KIND_NAMES[kind]}：{facet.label}",
                    f"新列入“{facet.label}”的主体",
                    url,
                    facet.records[:FEED_CAP],
                )
            )
    feeds.append(
        Feed(
            "articles",
            "文章",
            "诚信文化与信用动态",
            "编辑发布的全部文章",
            f"{BASE}articles/",
            site.articles[:FEED_CAP],
        )
    )
    for category in sorted({a.category for a in site.articles if a.category}):
        slug = category_slug(category)
        feeds.append(
            Feed(
                f"articles/{slug}",
                "文章",
                category,
                f"“{category}”栏目的文章",
                f"{BASE}articles/category/{slug}/",
                tuple(a for a in site.articles if a.category == category)[:FEED_CAP],
            )
        )
    return feeds


def entry_of(item: Record | Article) -> Entry:
    """Return the entry that announces a record or an article."""
    if isinstance(item, Article):
        return Entry(
            article_url(item.date, item.slug),
            item.title,
            item.summary or item.title,
            item.date,
            item.category,
        )
    parts = []
    for path in kind_of(item.kind).summary:
        value = format_value(field_value(item, path))
        if value:
            if len(value) > SUMMARY_LIMIT:
                value = value[:SUMMARY_LIMIT] + "…"
            parts.append(f"{LABELS[item.kind][path]}：{value}")
    return Entry(
        record_url(item),
        record_title(item),
        "；".join(parts) + "。" if parts else "",
        record_date(item),
        KIND_NAMES[item.kind],
    )


ATOM_TEXT = frozenset({"title", "subtitle"})  # feedgen names Atom's elements unqualified


def _mark_text(parent: Any) -> Any:
    """Set `type="text"` on an Atom element's own title and subtitle (feedgen leaves it out)."""
    for element in parent:
        if isinstance(element.tag, str) and element.tag.rpartition("}")[2] in ATOM_TEXT:
            element.set("type", "text")
    return parent


class _AtomText(BaseExtension):
    """Mark the Atom feed's title and subtitle as plain text."""

    def extend_atom(self, feed: Any) -> Any:
        """Mark the feed's own title and subtitle."""
        return _mark_text(feed)


class _AtomEntryText(BaseEntryExtension):
    """Mark an Atom entry's title as plain text (its summary gets the type where it is set)."""

    def extend_atom(self, entry: Any) -> Any:
        """Mark the entry's title."""
        return _mark_text(entry)


def rss_text(text: str) -> str:
    """Return text for an RSS element that readers render as HTML, escaped to show as text."""
    return html.escape(text, quote=False)


def at_midnight(day: date) -> datetime:
    """Return the start of a day in Asia/Shanghai (+08:00): a record is dated by day only."""
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


def feed_generator(
    feed: Feed, entries: list[Entry], site_name: str, site_url: str, day: date, fmt: str
) -> FeedGenerator:
    """Return a FeedGenerator holding one feed, every date fixed so rebuilds are identical."""
    generator = FeedGenerator()
    if fmt == "atom":
        generator.register_extension("text", _AtomText, _AtomEntryText, atom=True, rss=False)
    generator.id(absolute(site_url, feed_url(feed.scope, "atom")))
    generator.title(f"{feed.title} - {site_name}")
    # RSS's channel description; Atom writes it as the subtitle, marked as text.
    generator.description(rss_text(feed.purpose) if fmt == "rss" else feed.purpose)
    generator.author({"name": site_name})
    generator.language("zh-CN")
    generator.generator(GENERATOR)
    generator.link(
        href=absolute(site_url, feed_url(feed.scope, fmt)), rel="self", type=FEED_TYPES[fmt]
    )
    # feedgen gives RSS's channel <link> the last link set: the portal page, not the feed.
    generator.link(href=absolute(site_url, feed.page), rel="alternate", type="text/html")
    # Newest entry's day, so a feed changes only when its content does; an empty feed: today.
    updated = at_midnight(entries[0].day if entries else day)
    generator.updated(updated)
    generator.lastBuildDate(updated)
    for entry in entries:
        item = generator.add_entry(order="append")
        url = absolute(site_url, entry.url)
        item.id(url)
        item.guid(url, permalink=True)
        item.title(entry.title)
        item.link(href=url, rel="alternate", type="text/html")
        summary = entry.summary or entry.title
        if fmt == "rss":
            item.description(rss_text(summary), isSummary=True)
        else:
            item.summary(summary, type="text")
        item.published(at_midnight(entry.day))
        item.updated(at_midnight(entry.day))
        if entry.category:
            item.category(term=entry.category)
    return generator


def emit_feeds(site: Site, site_name: str, site_url: str) -> Iterator[Artifact]:
    """Yield the RSS and Atom file of every feed."""
    for feed in plan_feeds(site):
        # An entry no date places (a list file without 列入日期 or update date) announces nothing.
        entries = [e for e in map(entry_of, feed.items) if e.day != date.min]
        for fmt in ("rss", "atom"):
            generator = feed_generator(feed, entries, site_name, site_url, site.day, fmt)
            data = (
                generator.rss_str(pretty=False)
                if fmt == "rss"
                else generator.atom_str(pretty=False)
            )
            yield Artifact(feed_url(feed.scope, fmt).removeprefix(BASE), data)
