"""The nginx server block that serves the public site: cache classes, framing and a strict CSP.

`build` writes it to `<work>/deploy/nginx.conf`. The decisions are pure functions of their inputs
(the paths' names, the pages' inline scripts, the configured frame origins) so tests can check
them without nginx; tests/test_nginx.py then runs a real nginx on the generated text.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.core.config import frame_origin

# A content-hashed asset: `<stem>.<≥8 hex>[.min].<ext>[.map]` under /assets/ (ours are
# `portal.<10 hex>.css`, Material's `bundle.<8 hex>.min.js`). Only /assets/ holds files named by
# their content: search shards are named by a hash of their *terms* and change in place, so a
# year-long cache there would serve stale results. PCRE and Python read this pattern alike.
HASHED_ASSET = (
    r"^/assets/(?:[^/]+/)*[^/]+\.[0-9a-f]{8,}(?:\.min)?"
    r"\.(?:css|js|mjs|png|svg|ico|gif|jpe?g|webp|woff2?)(?:\.map)?$"
)
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages, feeds, sitemaps, robots.txt, search entry files and shards, open-data downloads: all of
# them change in place on the next build, and the contract allows at most 600 s.
SHORT = "public, max-age=300"

# The server block carries its own `types`: nginx replaces (not merges) an inherited table, and
# Debian's mime.types knows no .csv or .webmanifest, so the result does not depend on how the
# surrounding http block was set up. Every suffix the site may hold is here (a test checks).
MIME_TYPES: dict[str, str] = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
    "xml": "application/xml",
    "txt": "text/plain",
    "csv": "text/csv",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "ico": "image/x-icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "gz": "application/gzip",
}
# Text types get `; charset=utf-8` (everything the generator and mkdocs write is UTF-8);
# nginx adds text/html itself and warns when it is listed.
CHARSET_TYPES = (
    "text/css",
    "text/javascript",
    "text/plain",
    "text/csv",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "image/svg+xml",
)
# text/html is always compressed; images, fonts and archives are compressed already.
GZIP_TYPES = CHARSET_TYPES

# Script types a browser runs (HTML: "JavaScript MIME type essence match", module, and the two
# JSON-shaped types that script-src governs too); any other type is a data block, never run.
_EXECUTABLE_TYPES = frozenset(
    {
        "",
        "module",
        "importmap",
        "speculationrules",
        *(
            f"{prefix}/{name}"
            for prefix in ("application", "text")
            for name in (
                "javascript",
                "ecmascript",
                "x-javascript",
                "x-ecmascript",
                "javascript1.0",
                "javascript1.1",
                "javascript1.2",
                "javascript1.3",
                "javascript1.4",
                "javascript1.5",
                "jscript",
                "livescript",
            )
        ),
    }
)
_STYLE_ATTRIBUTE = re.compile(rb"style\s*=")
_SRC_ATTRIBUTE = re.compile(rb"\ssrc\s*=")


@dataclass(frozen=True, slots=True)
class InlineSources:
    """What the site's pages carry inline, as the Content-Security-Policy must allow it."""

    script_hashes: tuple[str, ...] = ()
    """`'sha256-…'` of every distinct executable inline <script>, sorted."""
    style_hashes: tuple[str, ...] = ()
    """`'sha256-…'` of every distinct <style> block, sorted."""
    style_attributes: bool = False
    """Whether some element has a `style="…"` attribute (no hash can allow it in every browser)."""


def csp_hash(text: str) -> str:
    """Return the CSP source that allows an inline element: base64 of SHA-256 of its UTF-8 text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class _InlineParser(HTMLParser):
    """Collect the text of inline <script> and <style> elements and notice style attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attributes = False
        self._open: str | None = None  # "script" or "style" while inside a counted element
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name: value or "" for name, value in attrs}
        if "style" in names:
            self.style_attributes = True
        if tag == "style" or (
            tag == "script"
            and "src" not in names
            and names.get("type", "").strip().lower() in _EXECUTABLE_TYPES
        ):
            self._open, self._text = tag, []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)  # raw text: the parser may hand it over in pieces

    def handle_endtag(self, tag: str) -> None:
        if self._open == tag:
            (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._open = None


def inline_sources(html_texts: Iterable[str]) -> InlineSources:
    """Return the hashes of the inline scripts and <style> blocks found in some pages."""
    scripts: set[str] = set()
    styles: set[str] = set()
    style_attributes = False
    for text in html_texts:
        parser = _InlineParser()
        # A browser hashes the element's text after the HTML input stream turned CR LF and CR
        # into LF, so the same must happen here or a page saved with CRLF would be blocked.
        parser.feed(text.replace("\r\n", "\n").replace("\r", "\n"))
        parser.close()
        scripts.update(csp_hash(s) for s in parser.scripts)
        styles.update(csp_hash(s) for s in parser.styles)
        style_attributes = style_attributes or parser.style_attributes
    return InlineSources(tuple(sorted(scripts)), tuple(sorted(styles)), style_attributes)


def may_hold_inline(data: bytes) -> bool:
    """Return whether a page's bytes may hold an inline script, a <style> or a style attribute.

    A cheap filter (byte searches, no parsing) that errs towards True: the generator's pages hold
    only `<script src=…>` and are never parsed, which keeps the scan of a large site to reading it.
    """
    lowered = data.lower()
    if b"<style" in lowered or _STYLE_ATTRIBUTE.search(lowered):
        return True
    start = lowered.find(b"<script")
    while start != -1:
        end = lowered.find(b">", start)
        if end == -1 or not _SRC_ATTRIBUTE.search(lowered, start, end):
            return True
        start = lowered.find(b"<script", end)
    return False


def site_inline_sources(root: Path) -> InlineSources:
    """Return the inline sources of every HTML page under `root`."""
    return merge_inline(inline_by_page(root).values())


def inline_by_page(
    root: Path,
    changed: Iterable[str] | None = None,
    previous: Mapping[str, InlineSources] | None = None,
    paths: Iterable[str] | None = None,
) -> dict[str, InlineSources]:
    """Return the inline sources of each page under `root` that has any.

    With `previous` (the last build's answer), only the `changed` pages are read; the others
    of `paths` (every file now published) hold what they held. Without it, every page is read.
    """
    if previous is None or changed is None or paths is None:
        found: dict[str, InlineSources] = {}
        for folder, _, names in os.walk(root):
            for name in names:
                if name.endswith(".html"):
                    path = Path(folder, name)
                    sources = page_inline(path.read_bytes())
                    if sources != InlineSources():
                        found[path.relative_to(root).as_posix()] = sources
        return found
    changed = set(changed)
    found = {p: s for p in paths if p not in changed and (s := previous.get(p)) is not None}
    for page in sorted(changed):
        if page.endswith(".html"):
            sources = page_inline((root / page).read_bytes())
            if sources != InlineSources():
                found[page] = sources
    return dict(sorted(found.items()))


def page_inline(data: bytes) -> InlineSources:
    """Return what one page's bytes carry inline (nothing, cheaply, for the generator's pages)."""
    if not may_hold_inline(data):
        return InlineSources()
    return inline_sources([data.decode("utf-8", errors="replace")])


def merge_inline(sources: Iterable[InlineSources]) -> InlineSources:
    """Return the union of some pages' inline sources."""
    scripts: set[str] = set()
    styles: set[str] = set()
    attributes = False
    for source in sources:
        scripts.update(source.script_hashes)
        styles.update(source.style_hashes)
        attributes = attributes or source.style_attributes
    return InlineSources(tuple(sorted(scripts)), tuple(sorted(styles)), attributes)


def cache_control(url_path: str) -> str:
    """Return the Cache-Control the server block sends for a path (as its locations decide)."""
    return IMMUTABLE if re.search(HASHED_ASSET, url_path) else SHORT


def content_security_policy(sources: InlineSources, frame_ancestors: Sequence[str]) -> str:
    """Return the CSP: only the site's own files, its hashed inline scripts, framing as given."""
    if sources.style_attributes:
        # Inline style attributes (editors' raw HTML) can only be allowed by 'unsafe-inline' in
        # every browser; a hash or nonce beside it would switch it off, so none is listed.
        style = "style-src 'self' 'unsafe-inline'"
    else:
        style = " ".join(["style-src 'self'", *sources.style_hashes])
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self'", *sources.script_hashes]),
        style,
        "img-src 'self' data:",  # Material's icons are data: SVGs in its stylesheet
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
        " ".join(["frame-ancestors", *frame_ancestors]),
    ]
    return "; ".join(directives)


def nginx_string(value: str) -> str:
    """Return a value as an nginx double-quoted string, refusing what cannot be written safely."""
    if re.search(r'[$"\\\x00-\x1f\x7f]', value):
        raise ValueError(f"nginx 配置中不能写入该值：{value!r}")
    return f'"{value}"'


def _headers(cache: str, csp: str, deny_framing: bool) -> list[str]:
    """Return one location's add_header lines.

    A location's add_header replaces every add_header of the server level, so each location
    carries the whole set; `always` keeps them on the 404 page as well.
    """
    headers = [
        ("Cache-Control", cache),
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]
    if deny_framing:  # X-Frame-Options cannot name origins, so /embed/ relies on CSP alone
        headers.append(("X-Frame-Options", "DENY"))
    return [f"add_header {name} {nginx_string(value)} always;" for name, value in headers]


def _block(head: str, lines: Iterable[str], indent: str = "    ") -> list[str]:
    return [f"{head} {{", *(f"{indent}{line}" if line else "" for line in lines), "}"]


def render_nginx_conf(
    root: Path,
    listen: int | str = 80,
    frame_origins: Sequence[str] = (),
    sources: InlineSources = InlineSources(),
) -> str:
    """Return the text of a `server { … }` block that serves the site at `root`."""
    origins = [frame_origin(o) for o in frame_origins]  # again: callers need not be load_config
    csp = content_security_policy(sources, ["'none'"])
    embed_csp = content_security_policy(sources, ["'self'", *origins])
    longest = max(len(t) for t in MIME_TYPES.values())
    types = [f"{t:<{longest}} {ext};" for ext, t in MIME_TYPES.items()]
    serve = ["try_files $uri $uri/ =404;"]
    body = [
        f"listen {listen};",
        f"root {nginx_string(str(root))};",
        "index index.html;",
        "error_page 404 /404.html;  # mkdocs writes 404.html at the site root",
        "error_page 403 =404 /404.html;  # a folder without a page (/embed/) is simply not found",
        "server_tokens off;",
        "absolute_redirect off;  # /dept -> /dept/ keeps the host and port the client used",
        "",
        *_block("types", types),
        "default_type application/octet-stream;",
        "charset utf-8;",
        f"charset_types {' '.join(CHARSET_TYPES)};",
        "",
        "gzip on;",
        "gzip_static on;  # a pre-compressed file.gz beside a file is sent as is",
        "gzip_vary on;",
        "gzip_proxied any;  # a CDN's requests carry Via; compress for it as well",
        "gzip_min_length 256;",
        f"gzip_types {' '.join(GZIP_TYPES)};",
        "",
        "# Pages, feeds, sitemaps, search files and downloads change in place: short cache.",
        *_block("location /", [*serve, *_headers(SHORT, csp, deny_framing=True)]),
        "",
        "# Only the department embeds may be framed, and only by the configured origins.",
        *_block("location ^~ /embed/", [*serve, *_headers(SHORT, embed_csp, deny_framing=False)]),
        "",
        "# Files named by their content never change: cache them for a year.",
        *_block(
            f'location ~ "{HASHED_ASSET}"',  # quoted for the braces; nginx keeps `\.` as is
            _headers(IMMUTABLE, csp, deny_framing=True),
        ),
    ]
    header = [
        "# Written by `python -m generator build`: serves the public site with its cache and",
        "# framing rules. Include it in nginx's http block; regenerated on every build, since",
        "# the script hashes follow the pages.",
    ]
    return "\n".join([*header, *_block("server", body)]) + "\n"


def write_nginx_conf(
    path: Path,
    root: Path,
    frame_origins: Sequence[str] = (),
    listen: int | str = 80,
    sources: InlineSources | None = None,
) -> None:
    """Write the server block for the site at `root` to `path`, replacing any old one whole.

    `sources` are the site's inline sources when the build knows them; else pages are read.
    """
    if sources is None:
        sources = site_inline_sources(root)
    text = render_nginx_conf(Path(os.path.abspath(root)), listen, frame_origins, sources)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
