"""Editors' articles: Markdown files with front matter under the editorial folder."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.core.problems import Problem
from generator.decide.counts import KindCounts


def post_slug(path: str) -> str:
    """Return an article's URL slug from its file name, without the leading date."""
    stem = PurePosixPath(path).stem
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-?", "", stem) or stem
    return re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-") or "post"


@dataclass(frozen=True, slots=True)
class Article:
    """One editor's article, as its front matter describes it."""

    path: str  # relative to the editorial folder
    title: str
    date: date
    category: str
    summary: str
    draft: bool
    body: str
    slug: str = ""
    """The URL segment the Material blog gives it (front matter `slug`, else from the file name)."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return a Markdown file's YAML front matter and its body."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end == -1:
        return {}, text
    meta = yaml.safe_load(text[3:end]) or {}
    return (meta if isinstance(meta, dict) else {}), text[end + 4 :].lstrip("\n")


def _as_date(value: Any) -> date | None:
    if isinstance(value, dict):  # Material's blog allows {created: …, updated: …}
        value = value.get("created")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def read_articles(folder: Path) -> tuple[list[Article], list[Problem]]:
    """Read every dated Markdown file under `folder`; pages without a date are not articles."""
    articles: list[Article] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return articles, problems
    for path in sorted(folder.rglob("*.md")):
        name = path.relative_to(folder).as_posix()
        try:
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(Problem(f"site_src/{name}", None, "", f"无法读取文章：{exc}", ""))
            continue
        if "date" not in meta:
            continue
        day = _as_date(meta["date"])
        if day is None or not meta.get("title"):
            problems.append(
                Problem(
                    f"site_src/{name}",
                    1,
                    "date" if day is None else "title",
                    "文章缺少有效的日期或标题",
                    str(meta.get("date", "")),
                )
            )
            continue
        articles.append(
            Article(
                path=name,
                title=str(meta["title"]),
                date=day,
                category=str(meta.get("category") or (meta.get("categories") or [""])[0]),
                summary=str(meta.get("summary") or ""),
                draft=bool(meta.get("draft", False)),
                body=body,
                slug=str(meta.get("slug") or post_slug(name)),
            )
        )
    return articles, problems


def article_withheld_reason(article: Article, today: date) -> str:
    """Return why an article is not published today (a draft, or dated later), or ''."""
    if article.draft:
        return "draft"
    return "scheduled" if article.date > today else ""


@dataclass(frozen=True, slots=True)
class Articles:
    """The editors' articles published on a day, how many were read, and what was wrong."""

    published: tuple[Article, ...]
    counts: KindCounts
    problems: tuple[Problem, ...]


def decide_articles(folder: Path, day: date) -> Articles:
    """Read the editors' articles and keep those published on `day` (no draft, not dated later)."""
    found, problems = read_articles(folder)
    reasons = [article_withheld_reason(a, day) for a in found]
    published = tuple(a for a, reason in zip(found, reasons, strict=True) if not reason)
    counts = KindCounts(
        len(found) + len(problems),
        len(problems),
        len(published),
        dict(Counter(reason for reason in reasons if reason)),
    )
    return Articles(published, counts, tuple(problems))
