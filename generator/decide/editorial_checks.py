"""Editors' Markdown as a browser will read it: active HTML is refused, by file and line.

The check runs on the HTML the Markdown renders to (extensions such as `attr_list` make
attributes that the source never spells out), parsed the way browsers parse it (html5lib
follows the WHATWG algorithm, so a comment or a `<svg/onload>` cannot hide from it). What may
appear is a list of inert elements and attributes; links may use http(s), mailto and tel, and
images and media load only from the site. Anything else is a finding, located on the line of
the source whose addition first makes it appear. A city that needs a script adds it to the
theme, where it is reviewed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

import html5lib

from generator.core.problems import Problem

Render = Callable[[str], str]
"""Turns a page's Markdown (no front matter) into the HTML mkdocs makes of it."""

HTML_NS = "{http://www.w3.org/1999/xhtml}"
# Inert elements with no attributes of their own.
_PLAIN = (
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s",
    "small", "mark", "sub", "sup", "code", "pre", "kbd", "samp", "var", "ul", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "caption", "span", "div", "abbr", "cite", "dfn",
    "figure", "figcaption", "summary", "section", "article", "aside", "header", "footer",
    "address", "ruby", "rt", "rp", "bdi", "bdo", "wbr", "picture",
)  # fmt: skip
_CELL = {"colspan", "rowspan", "align", "headers", "abbr", "scope"}
# The elements editors' pages may hold, each with the attributes it may carry beyond the
# global ones: Markdown's own output, tables, figures and plain media from the site.
ELEMENTS: dict[str, frozenset[str]] = {
    name: frozenset(attributes)
    for name, attributes in {
        **{name: () for name in _PLAIN},
        "a": {"href", "rel", "target", "hreflang", "type"},
        "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
        "th": _CELL,
        "td": _CELL,
        "col": {"span"},
        "colgroup": {"span"},
        "ol": {"start", "reversed", "type"},
        "li": {"value"},
        "time": {"datetime"},
        "del": {"cite", "datetime"},
        "ins": {"cite", "datetime"},
        "q": {"cite"},
        "blockquote": {"cite"},
        "details": {"open"},
        "video": {"src", "controls", "poster", "width", "height", "preload", "muted", "loop"},
        "audio": {"src", "controls", "preload", "muted", "loop"},
        "source": {"src", "srcset", "type", "media", "sizes"},
        "track": {"src", "kind", "srclang", "label", "default"},
    }.items()
}
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role"})
LINKS = frozenset({"href", "cite"})  # may leave the site, by one of LINK_SCHEMES
RESOURCES = frozenset({"src", "srcset", "poster"})  # loaded by the page: from the site only
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_JUNK = re.compile(r"[\t\n\r]")  # a browser drops these anywhere in a URL (WHATWG)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # … and these at either end
RESERVED_IDS = ("__",)  # Material's own elements (#__config, #__drawer …) are found by id
SNIPPET = 120
MOST = 20  # findings located per file: the editor fixes these and the next build says more


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of active HTML: what kind (to recognise it again), why, and how it reads."""

    code: str
    reason: str
    snippet: str


def url_scheme(value: str) -> str:
    """Return the scheme a browser reads in a URL attribute (lower case), or '' if relative."""
    cleaned = _URL_JUNK.sub("", value).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    if match:
        return match.group(1).lower()
    return "//" if cleaned.startswith(("//", "\\\\", "/\\", "\\/")) else ""


def _snippet(tag: str, attributes: dict[Any, str]) -> str:
    shown = " ".join(f'{_name(k)}="{v}"' for k, v in attributes.items())
    text = f"<{tag}{' ' + shown if shown else ''}>"
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def _name(key: Any) -> str:
    return str(key).rpartition("}")[2]


def _attribute_findings(tag: str, name: str, value: str) -> Iterator[tuple[str, str]]:
    """Yield (code, reason) for one attribute of an allowed element."""
    if name.startswith("on"):
        yield f"handler:{name}", f"不允许事件处理属性 {name}（会执行脚本）"
    elif name == "style":
        yield "style", "不允许 style 属性：样式请写进主题的样式表"
    elif (
        name not in GLOBAL_ATTRIBUTES
        and name not in ELEMENTS[tag]
        and not (name.startswith("aria-"))
    ):
        yield f"attribute:{tag}:{name}", f"不允许的属性 {name}（<{tag}> 元素）"
    elif name == "id" and value.startswith(RESERVED_IDS):
        yield f"id:{value}", f"id “{value}” 为主题保留"
    elif name in LINKS:
        scheme = url_scheme(value)
        if scheme and scheme not in LINK_SCHEMES:
            yield f"scheme:{scheme}", f"不允许的链接协议 {scheme}（{name} 属性）"
    elif name in RESOURCES:
        urls = [part.split()[0] for part in value.split(",") if part.split()]
        if name != "srcset":
            urls = [value]
        for url in urls:
            if url_scheme(url):
                yield (
                    f"resource:{name}",
                    f"页面不能从其他网站或以 data: 等方式加载内容（{name} 属性）",
                )


def _walk(element: Element) -> Iterator[Finding]:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # a comment: inert
            continue
        attributes = dict(child.attrib)
        local = tag.removeprefix(HTML_NS)
        if not tag.startswith(HTML_NS) or local not in ELEMENTS:  # SVG, MathML, <script> …
            shown = _name(tag)
            reason = (
                "不能含脚本（<script>）：确需脚本的城市请把它加进主题模板，经审核后使用"
                if shown == "script"
                else f"不允许的 HTML 元素 <{shown}>（可执行、嵌入或改变页面行为的内容）"
            )
            yield Finding(f"element:{shown}", reason, _snippet(shown, attributes))
            continue  # what is inside goes with it
        for key, value in attributes.items():
            for code, reason in _attribute_findings(local, _name(key).lower(), value):
                yield Finding(code, reason, _snippet(local, attributes))
        yield from _walk(child)


def find_active(page_html: str) -> list[Finding]:
    """Return every piece of active HTML in a page's content, in document order."""
    fragment = html5lib.parseFragment(page_html, container="div", namespaceHTMLElements=True)
    return list(_walk(fragment))


def _appears(render: Render, lines: list[str], count: int, code: str, times: int) -> bool:
    found = find_active(render("\n".join(lines[:count])))
    return sum(f.code == code for f in found) >= times


def locate(render: Render, body: str, findings: list[Finding]) -> list[tuple[int, Finding]]:
    """Return each finding with the body line (1-based) whose addition first makes it appear."""
    lines = body.split("\n")
    seen: dict[str, int] = {}
    located = []
    for finding in findings[:MOST]:
        times = seen[finding.code] = seen.get(finding.code, 0) + 1
        low, high = 1, len(lines)
        while low < high:  # the smallest prefix of the body that renders the finding
            middle = (low + high) // 2
            if _appears(render, lines, middle, finding.code, times):
                high = middle
            else:
                low = middle + 1
        located.append((low, finding))
    return located


def check_body(file: str, body: str, first_line: int, render: Render) -> list[Problem]:
    """Return a located problem for every piece of active HTML a page's Markdown renders to."""
    findings = find_active(render(body))
    if not findings:
        return []
    problems = [
        Problem(file, first_line + line - 1, "正文", finding.reason, finding.snippet)
        for line, finding in locate(render, body, findings)
    ]
    if len(findings) > MOST:
        more = len(findings) - MOST
        problems.append(Problem(file, None, "正文", f"另有 {more} 处同类问题未逐一定位", ""))
    return problems


def markup_free(text: str) -> bool:
    """Tell whether a label (a category) holds no character HTML gives a meaning to."""
    return html.escape(text) == text
