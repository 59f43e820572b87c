"""What stands between the editors' files, the configuration and mkdocs' output.

Material's templates print titles and most configuration values as they are (its Jinja2
environment does not escape), and some values land inside its inline scripts. So values are
escaped (as `Markup`, so the portal's own autoescaping partials do not escape them twice) or
refused before mkdocs sees them; every output path must stay inside the site; and the HTML
mkdocs renders from each page is checked once more, since the rendered page is the truth.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.core.problems import Problem
from generator.decide.articles import split_front_matter
from generator.decide.editorial_checks import Finding, Render, find_active, locate

# A value Material writes inside the string literals of its inline scripts: nothing that could
# end the string or the script (no quote, backslash, `<`, space or line break).
SCRIPT_TOKEN = re.compile(r"[A-Za-z0-9_./:%-]*")
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # RFC 3986's reserved characters and `%`, kept as written
# Configuration values Material prints as HTML.
PRINTED = ("site_name", "site_description", "site_author", "copyright")
PRINTED_EXTRA = (("consent", "title"), ("consent", "description"))


class EditorialError(Exception):
    """mkdocs could not build the editorial site; the message says why."""


def _refuse(option: str, why: str, value: Any) -> EditorialError:
    return EditorialError(f"mkdocs.yml 的 {option} 不能使用：{why}（{value!r}）")


def check_theme_config(config: MkDocsConfig) -> None:
    """Refuse Material options whose values would reach an inline script or style unescaped."""
    font = config.theme.get("font")
    if config.theme.name == "material" and font is not False:  # unset means Roboto from Google
        why = "Material 会从 Google Fonts 加载字体并把字体名写进内联样式；门户只用本站文件，请设为 false"
        raise _refuse("theme.font", why, font)
    extra = config.extra
    analytics = extra.get("analytics")
    if analytics:
        if not isinstance(analytics, dict):
            raise _refuse("extra.analytics", "应为映射", analytics)
        provider = str(analytics.get("provider") or "")
        if provider == "google" or not re.fullmatch(r"[a-z0-9_-]*", provider):
            why = "Material 的 Google 统计脚本从其他网站加载，门户的 CSP 只允许本站脚本；统计请作为经审核的本站脚本加进主题"
            raise _refuse("extra.analytics.provider", why, provider)
        if not SCRIPT_TOKEN.fullmatch(str(analytics.get("property") or "")):
            why = "它被写进主题的内联脚本，只能含字母、数字和 _ . : / % -"
            raise _refuse("extra.analytics.property", why, analytics.get("property"))
    scope = extra.get("scope")
    if scope is not None and not SCRIPT_TOKEN.fullmatch(str(scope)):
        raise _refuse("extra.scope", "它被写进主题的内联脚本，只能是一个网址路径", scope)


def _nav(entries: Any) -> Any:
    """Return the nav with every title escaped, refusing a link a page could not carry."""
    if isinstance(entries, list):
        return [_nav(entry) for entry in entries]
    if isinstance(entries, dict):
        return {escape(str(title)): _nav(target) for title, target in entries.items()}
    target = str(entries)
    if re.search(r"[\s\"'<>\\`]", target) or (
        ":" in target.split("/")[0] and not target.startswith(("https://", "http://"))
    ):
        raise _refuse("nav", "链接只能是站内页面、/ 开头的路径或 http(s) 网址", target)
    return entries


def harden_config(config: MkDocsConfig) -> None:
    """Make the configuration safe to hand to Material's templates, or refuse it."""
    check_theme_config(config)
    for option in PRINTED:
        if config.get(option):
            config[option] = escape(str(config[option]))
    for table, key in PRINTED_EXTRA:
        values = config.extra.get(table)
        if isinstance(values, dict) and values.get(key):
            values[key] = escape(str(values[key]))
    # Material writes canonical URLs (site_url + the page) into attributes unescaped:
    # characters a URL cannot hold as they are ("><script>) are percent-encoded instead.
    config["site_url"] = quote(str(config.get("site_url") or ""), safe=URL_SAFE) or None
    if config.get("nav"):
        config["nav"] = _nav(config["nav"])


def locate_in_source(
    docs_dir: Path, src_uri: str, findings: list[Finding], render: Render
) -> list[Problem]:
    """Return a problem per finding of a rendered page, on its source line where it is found."""
    file = f"site_src/{src_uri}"
    try:
        text = (docs_dir / src_uri).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # a page the blog made (an index, an archive)
        text = ""
    _, body = split_front_matter(text) if text else ({}, "")
    first = text[: len(text) - len(body)].count("\n") + 1
    in_source = {f.code for f in find_active(render(body))} if body else set()
    located = dict(((f.code, f.snippet), line) for line, f in locate(render, body, findings))
    return [
        Problem(
            file,
            first + located[(f.code, f.snippet)] - 1 if f.code in in_source else None,
            "正文",
            f.reason
            if f.code in in_source
            else f"{f.reason}（mkdocs 生成的页面中出现，源文件中未能定位）",
            f.snippet,
        )
        for f in findings
    ]


LAST = -200  # after every other plugin, the blog's own `-100` included


class Guard(BasePlugin):  # type: ignore[type-arg]
    """A plugin run last: output paths inside the site, page titles as text, content checked."""

    def __init__(self, locate_page: Callable[[str, list[Finding]], list[Problem]]) -> None:
        self.locate_page = locate_page
        self.problems: list[Problem] = []

    @event_priority(LAST)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Refuse, before mkdocs writes anything, a file that would land outside the site."""
        site = Path(config.site_dir).resolve()
        pages: dict[str, str] = {}
        for file in files:
            dest = PurePosixPath(file.dest_uri)
            if (
                dest.is_absolute()
                or ".." in dest.parts
                or not (site / dest).resolve().is_relative_to(site)
            ):
                raise EditorialError(
                    f"site_src/{file.src_uri}：输出路径 {file.dest_uri} 不在网站目录内，未生成任何页面"
                )
            if file.is_documentation_page():
                if file.dest_uri in pages:
                    raise EditorialError(
                        f"site_src/{pages[file.dest_uri]} 与 site_src/{file.src_uri} 会写到同一个页面 /{file.url}"
                    )
                pages[file.dest_uri] = file.src_uri
        return env

    @event_priority(LAST)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Check the HTML mkdocs rendered from a page's Markdown."""
        findings = find_active(html)
        if findings:
            self.problems += self.locate_page(page.file.src_uri, findings)
        return html

    @event_priority(LAST)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Hand Material a title it prints as it is, for a page titled by its first heading.

        Material's <title> unescapes such a title (`striptags`), so `&lt;/title&gt;&lt;script&gt;`
        in a heading would become markup; a title in the front matter is escaped when staged.
        """
        title = page.title
        if title and "title" not in page.meta and ("&" in title or "<" in title):
            page.meta["title"] = escape(Markup(title).striptags())
        return context

    @event_priority(LAST)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Refuse the editorial site if any rendered page carries active HTML."""
        if self.problems:
            lines = [f"{p.file} 第 {p.row or '?'} 行：{p.reason}：{p.value}" for p in self.problems]
            raise EditorialError("编辑页面含有不允许的内容，未发布：\n" + "\n".join(lines))
