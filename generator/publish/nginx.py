"""The nginx server block that serves the public site: cache classes, framing and a strict CSP.

`build` writes it to `<work>/deploy/nginx.conf`. The decisions are pure functions of their inputs
(the paths' names, the pages' inline scripts, the configured frame origins) so tests can check
them without nginx; tests/test_nginx.py then runs a real nginx on the generated text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.core.atomic import write_text_atomically
from generator.core.config import frame_origin
from generator.publish.csp import InlineSources, content_security_policy

NO_INLINE = InlineSources()

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


def cache_control(url_path: str) -> str:
    """Return the Cache-Control the server block sends for a path (as its locations decide)."""
    return IMMUTABLE if re.search(HASHED_ASSET, url_path) else SHORT


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
    sources: InlineSources = NO_INLINE,
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
    sources: InlineSources,
    frame_origins: Sequence[str] = (),
    listen: int | str = 80,
) -> None:
    """Write the server block for the site at `root` to `path`, replacing any old one whole."""
    text = render_nginx_conf(Path(os.path.abspath(root)), listen, frame_origins, sources)
    write_text_atomically(path, text)
