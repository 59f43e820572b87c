"""The editorial site: mkdocs-material renders the editors' Markdown into artifacts.

The editors' files reach mkdocs only through a staged copy: just today's publishable articles,
front matter reduced to what the portal knows, titles and summaries escaped (Material prints
them as HTML). `mkdocs_guard` hardens the configuration and watches the build itself.
"""

from __future__ import annotations

import functools
import hashlib
import html
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
from generator.core.config import Config, ConfigError
from generator.core.problems import Problem
from generator.core.urls import BASE
from generator.decide.articles import (
    FRONT_MATTER,
    POSTS_DIR,
    Article,
    categories,
    split_front_matter,
)
from generator.decide.editorial_checks import Finding, Render
from generator.site.emitters.assets import portal_assets
from generator.site.emitters.mkdocs_guard import (
    EditorialError,
    Guard,
    harden_config,
    locate_in_source,
)

__all__ = ["CATEGORY_SLUGS", "Editorial", "EditorialError", "build_editorial_site"]

# Category URLs in ASCII (the Material blog would otherwise put Chinese in them); others hashed.
CATEGORY_SLUGS = {
    "信用动态": "xinyong-dongtai",
    "政策法规": "zhengce-fagui",
    "诚信文化": "chengxin-wenhua",
    "信易加": "xinyijia",
    "典型案例": "dianxing-anli",
}
# mkdocs writes its own sitemap of the editorial pages only; the portal writes one of everything.
DROPPED = {"sitemap.xml", "sitemap.xml.gz"}
MORE = "<!-- more -->"


@dataclass(frozen=True, slots=True)
class Editorial:
    """The built editorial site: its files, Material's stylesheets, and what mkdocs warned of."""

    artifacts: list[Artifact]
    stylesheets: tuple[str, ...]
    problems: list[Problem]
    theme_dirs: tuple[Path, ...] = ()
    """The folders of the theme's templates (the city's overrides first): its own scripts."""


def category_slug(text: str, separator: str = "-") -> str:
    """Return the URL slug of an article category (the blog plugin's `categories_slugify`)."""
    if text in CATEGORY_SLUGS:
        return CATEGORY_SLUGS[text]
    ascii_slug = re.sub(r"[^a-z0-9]+", separator, text.lower()).strip(separator)
    if ascii_slug and ascii_slug.isascii() and len(ascii_slug) >= len(text) / 2:
        return ascii_slug
    return "c-" + hashlib.blake2b(text.encode(), digest_size=4).hexdigest()


def _text(value: Any) -> str:
    """Return text as Material's templates must receive it: escaped, since they print HTML."""
    return html.escape(str(value))


def staged_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Return front matter as mkdocs gets it: known keys only, title and description escaped."""
    staged = {key: value for key, value in meta.items() if key in FRONT_MATTER}
    for key in ("title", "description"):
        if staged.get(key):
            staged[key] = _text(staged[key])
    return staged


def stage_post(text: str, article: Article) -> str:
    """Return an article as the Material blog reads it: `categories`, `slug`, an excerpt.

    The decided article gives the text (its control characters removed), the file the rest.
    """
    meta, _ = split_front_matter(text)
    meta = staged_meta({**meta, "title": article.title})
    meta.pop("category", None)
    listed = [c for c in categories(meta) if c != article.category]  # the blog's, if several
    meta["categories"] = [article.category, *listed] if article.category else listed
    if article.summary:
        meta["description"] = _text(article.summary)
    meta["slug"] = article.slug
    if not isinstance(meta.get("date"), dict | datetime):
        meta["date"] = article.date  # the blog wants a date, not the text `"2025-05-02"`
    meta.pop("draft", None)  # the portal decided already: only publishable posts are staged
    body = article.body
    if MORE not in body:
        # The excerpt on the index pages: the summary when there is one, else the first paragraph.
        if article.summary:
            body = f"{_text(article.summary)}\n\n{MORE}\n\n{body}"
        else:
            first, _, rest = body.partition("\n\n")
            body = f"{first}\n\n{MORE}\n\n{rest}"
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, default_flow_style=False)
    return f"---\n{front}---\n\n{body}"


def stage_page(text: str) -> str:
    """Return a page that is not an article with its front matter as mkdocs may see it."""
    try:
        meta, body = split_front_matter(text)
    except yaml.YAMLError:  # reported already; mkdocs then says why it cannot read it
        return text
    if not meta:
        return text
    front = yaml.safe_dump(staged_meta(meta), allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}"


def stage_docs(docs_dir: Path, staging: Path, articles: tuple[Article, ...]) -> None:
    """Copy the editors' folder, keeping of the blog's posts only those published today."""
    published = {a.path: a for a in articles}
    root = docs_dir.resolve()
    for source in sorted(docs_dir.rglob("*")):
        name = source.relative_to(docs_dir).as_posix()
        if source.is_dir() or any(part.startswith(".") for part in Path(name).parts):
            continue
        if not source.resolve().is_relative_to(root):  # the decide stage refuses these first
            raise EditorialError(f"site_src/{name}：符号链接指向编辑目录之外")
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.startswith(POSTS_DIR + "/") and name.endswith(".md"):
            if name in published:
                text = source.read_text(encoding="utf-8")
                target.write_text(stage_post(text, published[name]), "utf-8")
        elif name.endswith(".md"):
            target.write_text(stage_page(source.read_text(encoding="utf-8")), "utf-8")
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
                harden_config(config)
                config["extra"].update(extra)
                render = mkdocs_renderer(config)
                locate = functools.partial(_locate_page, docs_dir, render)
                config.plugins["portal-guard"] = Guard(locate)  # runs last; refuses by raising
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
            except (MkDocsException, yaml.YAMLError, OSError, ValueError) as exc:
                raise EditorialError(f"mkdocs 无法生成编辑页面：{exc}") from exc
            theme_dirs = tuple(Path(folder) for folder in config.theme.dirs)
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
    return Editorial(artifacts, tuple(sorted(stylesheets)), problems, theme_dirs)


def _locate_page(
    docs_dir: Path, render: Render, src_uri: str, found: list[Finding]
) -> list[Problem]:
    return locate_in_source(docs_dir, src_uri, found, render)


def mkdocs_renderer(config: Any) -> Render:
    """Return how mkdocs turns a page's Markdown into HTML: the site's own extensions.

    Aligned table columns are written as `align="…"`, not as the `style` attributes that the
    editorial checks refuse (and that would need 'unsafe-inline' styles in the CSP).
    """
    import markdown

    if "tables" in config.markdown_extensions:
        config.mdx_configs.setdefault("tables", {}).setdefault("use_align_attribute", True)
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    return lambda text: md.reset().convert(text)


def _mkdocs_config(config: Config) -> Any:
    """Return mkdocs' reading of the configuration, without the editors' folder."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # Only the settings are wanted: an empty folder stands in for the editors' one, which
    # mkdocs would otherwise require to exist.
    with tempfile.TemporaryDirectory(prefix="portal-mkdocs-config-") as docs:
        try:
            return load_config(config_file=str(config.path), docs_dir=docs)
        except (MkDocsException, yaml.YAMLError, OSError, ValueError) as exc:
            raise ConfigError(f"{config.path}: mkdocs 无法读取配置：{exc}") from exc


def markdown_renderer(config: Config) -> Render:
    """Return the site's Markdown renderer, for checking editors' pages before the build."""
    return mkdocs_renderer(_mkdocs_config(config))


def theme_dirs(config: Config) -> tuple[Path, ...]:
    """Return the folders of the theme the configuration names (the city's overrides first)."""
    return tuple(Path(folder) for folder in _mkdocs_config(config).theme.dirs)


def build_editorial_site(config: Config, articles: tuple[Article, ...], day: date) -> Editorial:
    """Build the editors' pages with mkdocs-material, sharing the portal's chrome and assets."""
    asset_names, _ = portal_assets()
    extra = {"portal_base": BASE, "portal_assets": asset_names, "portal_build_day": day.isoformat()}
    return build_editorial(config.path, config.docs_dir, articles, day, extra)
