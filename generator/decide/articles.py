"""Editors' articles and pages: Markdown files with front matter under the editorial folder.

An article (a dated file of the blog's posts folder) that cannot be published safely — active
HTML, a slug that would leave its folder, a category that HTML would read as markup, a URL
another article has too — is withheld and reported with its file and line, like a rejected row:
the rest of the site, records and takedowns included, still goes out. Any other page (a guide
that the columns and the footer link to) cannot be left out without breaking the site, so active
HTML there stops the build instead (`Articles.blocking`), the live site staying as it was.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.core.problems import Problem
from generator.core.urls import article_url
from generator.decide.controls import REASON as CONTROLS
from generator.decide.controls import has_controls, shown, without_controls
from generator.decide.counts import KindCounts
from generator.decide.editorial_checks import Render, check_body, find_active, markup_free

POSTS_DIR = "articles/posts"  # the Material blog's posts (blog_dir `articles`)
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
# Front matter handed on to mkdocs; any other key is dropped (and reported), since Material
# reads some as template names or prints them as HTML (`template`, `icon`, `status` …).
FRONT_MATTER = frozenset(
    {"title", "date", "category", "categories", "summary", "description", "draft", "slug"}
    | {"hide", "search"}  # Material's own, inert: which sidebars show, search exclusion
)


# What may lie beside the Markdown: mkdocs copies it to the site as it is, so nothing a browser
# would run (HTML, scripts, SVG, XML) — a page is written in Markdown, a script joins the theme.
ATTACHMENTS = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp", ".pdf", ".ofd", ".doc",
     ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps", ".txt", ".csv", ".zip",
     ".rar", ".7z", ".mp3", ".mp4", ".m4a", ".ogg", ".webm", ".wav", ".md"}
)  # fmt: skip
ACTIVE_FILE = (
    "编辑目录中只能放 Markdown 和图片、文档等附件：HTML、脚本、SVG 等会原样发布并在浏览器中执行；"
    "页面请写成 Markdown，脚本请加进主题并经审核"
)


def post_slug(path: str) -> str:
    """Return an article's URL slug from its file name, without the leading date.

    A name that is mostly not ASCII (Chinese) gets a short hash of itself, so two such articles
    of one day never share a URL and each keeps its own across builds.
    """
    stem = PurePosixPath(path).stem
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-?", "", stem) or stem
    ascii_slug = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-")
    if ascii_slug and len(ascii_slug) >= len(slug) / 2:
        return ascii_slug
    return "p-" + hashlib.blake2b(slug.encode("utf-8"), digest_size=4).hexdigest()


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
    line: int = 1
    """The line of the file its body starts on (for locating problems)."""


@dataclass(frozen=True, slots=True)
class EditorFile:
    """One Markdown file of the editorial folder: front matter, body, and where the body starts."""

    path: str
    meta: dict[str, Any]
    body: str
    line: int
    text: str

    @property
    def file(self) -> str:
        """Return the file as the report names it."""
        return f"site_src/{self.path}"

    def key_line(self, key: str) -> int:
        """Return the line of a front matter key (1, the file's first, when it is not found)."""
        for number, line in enumerate(self.text.split("\n")[1 : self.line], start=2):
            if re.match(rf"{re.escape(key)}\s*:", line):
                return number
        return 1


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return a Markdown file's YAML front matter and its body."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end == -1:
        return {}, text
    meta = yaml.safe_load(text[3:end]) or {}
    return (meta if isinstance(meta, dict) else {}), text[end + 4 :].lstrip("\n")


def read_editorial(folder: Path) -> tuple[list[EditorFile], list[Problem]]:
    """Read every Markdown file under `folder`, in name order."""
    files: list[EditorFile] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return files, problems
    for path in sorted(folder.rglob("*.md")):
        name = path.relative_to(folder).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
            meta, body = split_front_matter(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            problems.append(Problem(f"site_src/{name}", None, "", f"无法读取文章：{exc}", ""))
            continue
        line = text[: len(text) - len(body)].count("\n") + 1
        files.append(EditorFile(name, meta, body, line, text))
    return files, problems


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


def categories(meta: dict[str, Any]) -> list[str]:
    """Return the Material blog's `categories` of a front matter (a list), as text."""
    listed = meta.get("categories")
    return [str(c) for c in listed if c] if isinstance(listed, list) else []


def _category(meta: dict[str, Any]) -> str:
    if meta.get("category"):
        return str(meta["category"])
    return next(iter(categories(meta)), "")


def read_article(source: EditorFile) -> Article | Problem:
    """Return the article a dated file describes, or why it has none (no valid date or title)."""
    meta = source.meta
    day = _as_date(meta["date"])
    if day is None or not meta.get("title"):
        field = "date" if day is None else "title"
        value = str(meta.get("date", ""))
        return Problem(
            source.file, source.key_line(field), field, "文章缺少有效的日期或标题", value
        )
    return Article(
        path=source.path,
        title=str(meta["title"]),
        date=day,
        category=_category(meta),
        summary=str(meta.get("summary") or ""),
        draft=bool(meta.get("draft", False)),
        body=source.body,
        slug=str(meta.get("slug") or post_slug(source.path)),
        line=source.line,
    )


def article_withheld_reason(article: Article, today: date) -> str:
    """Return why an article is not published today (a draft, or dated later), or ''."""
    if article.draft:
        return "draft"
    return "scheduled" if article.date > today else ""


def clean_article(article: Article, source: EditorFile) -> tuple[Article, list[Problem]]:
    """Return an article without control characters in its text, and where they were."""
    problems = []
    changes = {}
    for name, field in (("title", "title"), ("summary", "summary"), ("category", "category")):
        value = getattr(article, name)
        if has_controls(value):
            changes[name] = without_controls(value)
            problems.append(
                Problem(source.file, source.key_line(field), field, CONTROLS, shown(value))
            )
    if has_controls(article.body):
        changes["body"] = without_controls(article.body)
        problems.append(Problem(source.file, article.line, "正文", CONTROLS, ""))
    return (replace(article, **changes) if changes else article), problems


def refusals(article: Article, source: EditorFile, render: Render | None) -> list[Problem]:
    """Return why an article must not be published as it stands (empty: it may)."""
    problems = []
    if "slug" in source.meta and not SLUG.fullmatch(article.slug):
        reason = "slug 只能由字母、数字、- 和 _ 组成（不能含 / 或 ..），不超过 100 个字符"
        problems.append(Problem(source.file, source.key_line("slug"), "slug", reason, article.slug))
    for category in (article.category, *categories(source.meta)):
        if not markup_free(category):
            reason = "栏目名称不能含 < > & \" '（会成为网址、栏目和订阅的名称）"
            line = source.key_line("category" if "category" in source.meta else "categories")
            problems.append(Problem(source.file, line, "category", reason, category))
            break
    if render is not None:
        problems += check_body(source.file, article.body, article.line, render)
        # The blog renders the title (as an excerpt's heading) and the summary (as the
        # excerpt) as Markdown, escaped as staged: `[x](javascript:…)` would still be a link.
        for field, markdown in (("title", f"# {article.title}"), ("summary", article.summary)):
            for finding in find_active(render(html.escape(markdown))):
                problems.append(
                    Problem(
                        source.file, source.key_line(field), field, finding.reason, finding.snippet
                    )
                )
    return problems


def dropped_keys(source: EditorFile) -> list[Problem]:
    """Return a problem for each front matter key that is not handed on to mkdocs."""
    return [
        Problem(
            source.file,
            source.key_line(str(key)),
            str(key),
            "不支持的 front matter 字段，已忽略",
            "",
        )
        for key in source.meta
        if key not in FRONT_MATTER
    ]


def shared_urls(articles: list[tuple[Article, EditorFile]]) -> dict[str, list[Problem]]:
    """Return, per article path, a problem naming the others when articles share one URL."""
    by_url: defaultdict[str, list[EditorFile]] = defaultdict(list)
    for article, source in articles:
        by_url[article_url(article.date, article.slug)].append(source)
    problems: dict[str, list[Problem]] = {}
    for url, sources in by_url.items():
        if len(sources) > 1:
            for source in sources:
                others = "、".join(o.file for o in sources if o is not source)
                reason = f"与 {others} 的网址相同，两篇都未发布：请改 slug 或文件名"
                problems[source.path] = [
                    Problem(source.file, source.key_line("slug"), "slug", reason, url)
                ]
    return problems


def folder_refusals(folder: Path) -> list[Problem]:
    """Return why the editorial folder cannot be published: links that lead out, active files."""
    problems = []
    root = folder.resolve()
    for base, folders, names in os.walk(folder):  # links to folders are reported, not followed
        folders[:] = [f for f in folders if not f.startswith(".")]  # never staged
        for name in sorted([*folders, *(n for n in names if not n.startswith("."))]):
            path = Path(base, name)
            where = f"site_src/{path.relative_to(folder).as_posix()}"
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(Problem(where, None, "", "符号链接指向编辑目录之外，不能发布", ""))
            elif name in names and path.suffix.lower() not in ATTACHMENTS:
                problems.append(Problem(where, None, "", ACTIVE_FILE, path.suffix))
    return problems


@dataclass(frozen=True, slots=True)
class Articles:
    """The editors' articles published on a day, how many were read, and what was wrong."""

    published: tuple[Article, ...]
    counts: KindCounts
    problems: tuple[Problem, ...]
    blocking: tuple[Problem, ...] = ()
    """Active HTML in pages that are not articles: the build stops rather than publish them."""


def decide_articles(folder: Path, day: date, render: Render | None = None) -> Articles:
    """Read the editors' files and keep the articles published on `day` that are safe to publish.

    `render` turns Markdown into the HTML mkdocs makes of it; without it, bodies are not checked.
    """
    files, unreadable = read_editorial(folder)
    posts = [p for p in unreadable if p.file.startswith(f"site_src/{POSTS_DIR}/")]
    problems: list[Problem] = list(posts)
    # A page that cannot be read cannot be checked either: like active HTML, it stops the build.
    blocking = [p for p in unreadable if p not in posts]
    blocking += folder_refusals(folder) if folder.is_dir() else []
    reasons: Counter[str] = Counter()
    candidates: list[tuple[Article, EditorFile]] = []
    refused = len(posts)
    for source in files:
        if not (source.path.startswith(POSTS_DIR + "/") and "date" in source.meta):
            if not source.path.startswith(POSTS_DIR + "/"):  # a page: guides, section indexes
                problems += dropped_keys(source)
                if render is not None:
                    blocking += check_body(source.file, source.body, source.line, render)
            continue
        found = read_article(source)
        if isinstance(found, Problem):
            problems.append(found)
            refused += 1
            continue
        reason = article_withheld_reason(found, day)
        if reason:
            reasons[reason] += 1
            continue
        article, cleaned = clean_article(found, source)
        problems += cleaned + dropped_keys(source)
        wrong = refusals(article, source, render)
        if wrong:
            problems += wrong
            refused += 1
        else:
            candidates.append((article, source))
    shared = shared_urls(candidates)
    published = []
    for article, _ in candidates:
        if article.path in shared:
            problems += shared[article.path]
            refused += 1
        else:
            published.append(article)
    read = len(posts) + sum(
        1 for f in files if f.path.startswith(POSTS_DIR + "/") and "date" in f.meta
    )
    counts = KindCounts(read, refused, len(published), dict(reasons))
    return Articles(tuple(published), counts, tuple(problems + blocking), tuple(blocking))
