"""The editorial site: mkdocs-material renders the editors' Markdown into artifacts."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from generator.core.artifacts import Artifact
from generator.core.config import Config
from generator.core.problems import Problem
from generator.core.urls import BASE
from generator.decide.articles import Article, post_slug, split_front_matter
from generator.site.emitters.assets import portal_assets

# Category URLs in ASCII (the Material blog would otherwise put Chinese in them); others hashed.
CATEGORY_SLUGS = {
    "信用动态": "xinyong-dongtai",
    "政策法规": "zhengce-fagui",
    "诚信文化": "chengxin-wenhua",
    "信易加": "xinyijia",
    "典型案例": "dianxing-anli",
}
POSTS_DIR = "articles/posts"
# mkdocs writes its own sitemap of the editorial pages only; the portal writes one of everything.
DROPPED = {"sitemap.xml", "sitemap.xml.gz"}
MORE = "<!-- more -->"


class EditorialError(Exception):
    """mkdocs could not build the editorial site; the message says why."""


@dataclass(frozen=True, slots=True)
class Editorial:
    """The built editorial site: its files, Material's stylesheets, and what mkdocs warned of."""

    artifacts: list[Artifact]
    stylesheets: tuple[str, ...]
    problems: list[Problem]


def category_slug(text: str, separator: str = "-") -> str:
    """Return the URL slug of an article category (the blog plugin's `categories_slugify`)."""
    if text in CATEGORY_SLUGS:
        return CATEGORY_SLUGS[text]
    ascii_slug = re.sub(r"[^a-z0-9]+", separator, text.lower()).strip(separator)
    if ascii_slug and ascii_slug.isascii() and len(ascii_slug) >= len(text) / 2:
        return ascii_slug
    return "c-" + hashlib.blake2b(text.encode(), digest_size=4).hexdigest()


def stage_post(text: str, path: str) -> str:
    """Return an article as the Material blog reads it: `categories`, `slug`, an excerpt."""
    meta, body = split_front_matter(text)
    if meta.get("category") and not meta.get("categories"):
        meta["categories"] = [str(meta.pop("category"))]
    if meta.get("summary") and not meta.get("description"):
        meta["description"] = str(meta["summary"])
    meta.setdefault("slug", post_slug(path))
    meta.pop("draft", None)  # the portal decided already: only publishable posts are staged
    if MORE not in body:
        # The excerpt on the index pages: the summary when there is one, else the first paragraph.
        if meta.get("summary"):
            body = f"{meta['summary']}\n\n{MORE}\n\n{body}"
        else:
            first, _, rest = body.partition("\n\n")
            body = f"{first}\n\n{MORE}\n\n{rest}"
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, default_flow_style=False)
    return f"---\n{front}---\n\n{body}"


def stage_docs(docs_dir: Path, staging: Path, articles: tuple[Article, ...]) -> None:
    """Copy the editors' folder, keeping of the blog's posts only those published today."""
    published = {a.path for a in articles}
    for source in sorted(docs_dir.rglob("*")):
        name = source.relative_to(docs_dir).as_posix()
        if source.is_dir() or any(part.startswith(".") for part in Path(name).parts):
            continue
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.startswith(POSTS_DIR + "/") and name.endswith(".md"):
            if name in published:
                target.write_text(stage_post(source.read_text(encoding="utf-8"), name), "utf-8")
        else:
            shutil.copyfile(source, target)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _quiet_jieba() -> None:
    """Silence jieba's dictionary-loading chatter (it sets its own logger to DEBUG on import)."""
    try:
        import jieba
    except ImportError:  # Material's search then indexes Chinese without segmenting it
        return
    jieba.setLogLevel(logging.WARNING)


def build_editorial(
    mkdocs_yml: Path,
    docs_dir: Path,
    articles: tuple[Article, ...],
    today: date,
    extra: Mapping[str, Any],
) -> Editorial:
    """Run mkdocs on the publishable copy of the editors' folder and return what it made."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    _quiet_jieba()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    # mkdocs dates what it writes from SOURCE_DATE_EPOCH: the build day makes it reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(today, time(), UTC).timestamp()))
    try:
        with tempfile.TemporaryDirectory(prefix="portal-mkdocs-") as tmp:
            staging, site = Path(tmp) / "docs", Path(tmp) / "site"
            staging.mkdir()
            stage_docs(docs_dir, staging, articles)
            try:
                config = load_config(
                    config_file=str(mkdocs_yml), docs_dir=str(staging), site_dir=str(site)
                )
                config["extra"].update(extra)
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
            except (MkDocsException, yaml.YAMLError, OSError, ValueError) as exc:
                raise EditorialError(f"mkdocs 无法生成编辑页面：{exc}") from exc
            artifacts = [
                Artifact(p.relative_to(site).as_posix(), p.read_bytes())
                for p in sorted(site.rglob("*"))
                if p.is_file() and p.relative_to(site).as_posix() not in DROPPED
            ]
    finally:
        logger.removeHandler(collect)
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    stylesheets = tuple(
        a.path
        for a in artifacts
        if re.fullmatch(r"assets/stylesheets/(main|palette)\.[0-9a-f]{8,}\.min\.css", a.path)
    )
    problems = [Problem("site_src", None, "", f"mkdocs：{m}", "") for m in collect.messages]
    return Editorial(artifacts, tuple(sorted(stylesheets)), problems)


def build_editorial_site(config: Config, articles: tuple[Article, ...], day: date) -> Editorial:
    """Build the editors' pages with mkdocs-material, sharing the portal's chrome and assets."""
    asset_names, _ = portal_assets()
    extra = {"portal_base": BASE, "portal_assets": asset_names, "portal_build_day": day.isoformat()}
    return build_editorial(config.path, config.docs_dir, articles, day, extra)
