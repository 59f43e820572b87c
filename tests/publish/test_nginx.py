"""nginx.conf: the pure decisions (hashes, cache classes, CSP), then a real nginx serving the
golden site on 127.0.0.1, asked over HTTP."""

from __future__ import annotations

import gzip
import http.client
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import build_golden
from nginx_server import Nginx, nginx_binary, nginx_test, running_nginx

from generator.core.config import ConfigError, frame_origin
from generator.publish.csp import (
    InlineSources,
    content_security_policy,
    csp_hash,
    inline_sources,
    may_hold_inline,
    site_inline_sources,
)
from generator.publish.nginx import (
    IMMUTABLE,
    MIME_TYPES,
    SHORT,
    cache_control,
    nginx_string,
    render_nginx_conf,
)
from generator.publish.theme_scripts import ThemeScripts

# The example of the CSP specification and MDN: what every browser computes for this script.
HELLO = "alert('Hello, world.');"
HELLO_HASH = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
# A theme that owns every script: for the tests of hashing itself (tests/publish/test_csp.py
# has the real theme's recognition).
ANY = ThemeScripts((re.compile(".*", re.DOTALL),))
ORIGINS = ("https://amr.example.gov.cn", "http://127.0.0.1:9")

# --- the pure functions -------------------------------------------------------------------------


def test_a_script_hash_is_what_browsers_compute() -> None:
    assert csp_hash(HELLO) == HELLO_HASH
    assert inline_sources([f"<p>x</p><script>{HELLO}</script>"], ANY).script_hashes == (HELLO_HASH,)


def test_only_inline_executable_scripts_are_hashed_each_once() -> None:
    pages = [
        f'<script src="/a.js"></script><script type="application/json">{{"a": 1}}</script>'
        f'<script type="module">{HELLO}</script><SCRIPT type="text/javascript">{HELLO}</SCRIPT>',
        f"<script>{HELLO}</script><script>if (a<b && c>d) {{ f('</p>'); }}</script>",
    ]
    found = inline_sources(pages, ANY).script_hashes
    assert found == tuple(sorted({HELLO_HASH, csp_hash("if (a<b && c>d) { f('</p>'); }")}))


def test_line_ends_are_normalised_as_the_html_parser_does() -> None:
    """A browser reads CR LF as LF before hashing; a page saved with CRLF must still match."""
    found = inline_sources(["<script>\r\nvar a = 1;\r\n</script>"], ANY).script_hashes
    assert found == (csp_hash("\nvar a = 1;\n"),)


def test_style_blocks_are_hashed_and_style_attributes_noticed() -> None:
    plain = inline_sources(["<style>p{color:red}</style><p>x</p>"])
    assert plain.style_hashes == (csp_hash("p{color:red}"),) and not plain.style_attributes
    assert inline_sources(['<p style="color:red">x</p>']).style_attributes
    # An escaped snippet (the department page's <iframe> code) is text, not an attribute.
    assert not inline_sources(
        ["<pre>&lt;iframe style=&#34;border:0&#34;&gt;</pre>"]
    ).style_attributes


@pytest.mark.parametrize(
    "page",
    [
        "<script>a()</script>",
        "<SCRIPT>a()</SCRIPT>",
        '<script type="module">a()</script>',
        '<script data-src="x">a()</script>',
        "<style>p{}</style>",
        '<p STYLE = "x">y</p>',
    ],
)
def test_the_cheap_filter_never_skips_a_page_with_inline_code(page: str) -> None:
    assert may_hold_inline(page.encode())


def test_the_cheap_filter_skips_pages_with_only_external_scripts() -> None:
    page = '<link rel="stylesheet" href="/a.css"><script src="/a.js" defer></script><p>x</p>'
    assert not may_hold_inline(page.encode())
    assert inline_sources([page]) == InlineSources()


@pytest.mark.parametrize(
    "path",
    [
        "/assets/portal.0123456789.css",
        "/assets/search.22383eb81b.js",
        "/assets/javascripts/bundle.f1e2d3c4.min.js",
        "/assets/javascripts/bundle.f1e2d3c4.min.js.map",
        "/assets/javascripts/workers/search.a7633da7.min.js",
        "/assets/stylesheets/main.57a0d79d.min.css",
    ],
)
def test_content_hashed_assets_are_cached_a_year(path: str) -> None:
    assert cache_control(path) == IMMUTABLE


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/penalties/3dee4b63e2/",
        "/penalties/category/3dee4b63e2/index.html",
        "/search/meta.json",
        "/search/search_index.json",
        "/search/name/deadbeef01.json",  # named by its terms' hash, not its content
        "/search/x.deadbeef01.json",  # only /assets/ holds content-named files
        "/feeds/penalties/rss.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/opendata/penalties.csv",
        "/assets/images/favicon.png",
        "/assets/javascripts/lunr/min/lunr.zh.min.js",
        "/assets/portal.0123456.css",  # seven hex digits are not a content hash
    ],
)
def test_everything_else_is_cached_briefly(path: str) -> None:
    assert cache_control(path) == SHORT
    assert int(re.search(r"max-age=(\d+)", SHORT)[1]) <= 600  # type: ignore[index]


def test_the_policy_allows_hashes_and_inline_styles_only_when_needed() -> None:
    strict = content_security_policy(InlineSources((HELLO_HASH,), ("'sha256-s'",)), ["'none'"])
    assert f"script-src 'self' {HELLO_HASH};" in strict
    assert "style-src 'self' 'sha256-s';" in strict and "unsafe" not in strict
    assert strict.endswith("frame-ancestors 'none'")
    loose = content_security_policy(InlineSources((), ("'sha256-s'",), True), ["'self'"])
    # A hash beside 'unsafe-inline' would switch it off, so none is listed then.
    assert "style-src 'self' 'unsafe-inline';" in loose and "sha256-s" not in loose
    assert "script-src 'self';" in loose


@pytest.mark.parametrize(
    "bad",
    [
        "https://a.gov.cn; script-src *",
        'https://a.gov.cn" always; add_header X',
        "https://a.gov.cn/embed/",
        "a.gov.cn",
        "javascript:alert(1)",
        "*",
    ],
)
def test_frame_origins_must_be_plain_origins(bad: str) -> None:
    with pytest.raises(ConfigError):
        frame_origin(bad)


def test_a_frame_origin_loses_its_trailing_slash() -> None:
    assert frame_origin(" https://amr.jiujiang.gov.cn/ ") == "https://amr.jiujiang.gov.cn"
    assert frame_origin("http://127.0.0.1:8123") == "http://127.0.0.1:8123"


def test_values_nginx_would_misread_are_refused() -> None:
    assert nginx_string("/srv/信用 site") == '"/srv/信用 site"'
    for bad in ("/srv/$site", '/srv/"x', "/srv/a\nb", "/srv/a\\b"):
        with pytest.raises(ValueError):
            nginx_string(bad)


def test_every_location_repeats_every_security_header() -> None:
    """add_header in a location drops the server's, so each location must carry its own."""
    text = render_nginx_conf(Path("/srv/site"), 8080, ORIGINS, InlineSources((HELLO_HASH,)))
    locations = text.count("location ")
    assert locations == 3
    for header in ("Cache-Control", "Content-Security-Policy", "X-Content-Type-Options"):
        assert text.count(f"add_header {header} ") == locations, header
    assert text.count("add_header Referrer-Policy ") == locations
    assert text.count("add_header X-Frame-Options ") == locations - 1  # not on /embed/
    assert "add_header" not in text.split("location ", 1)[0]  # none at the server level


# --- the golden site behind a real nginx --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Served:
    site: Path
    work: Path
    nginx: Nginx


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Build the golden site, put a pre-compressed file beside one, and serve it with nginx."""
    nginx_binary()  # skip (or fail in CI) before building anything
    root = tmp_path_factory.mktemp("nginx")
    build_golden(root / "site", root / "build")
    (root / "site" / "robots.txt.gz").write_bytes(gzip.compress(b"pre-compressed\n", mtime=0))
    with running_nginx(root / "site", root / "nginx", ORIGINS) as nginx:
        yield Served(root / "site", root / "build", nginx)


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def get(nginx: Nginx, path: str, gzip_ok: bool = False) -> Answer:
    """GET a path from nginx (no automatic decompression, so Content-Encoding can be seen)."""
    connection = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def record_page(site: Path) -> str:
    """Return the URL of one penalty's detail page (a folder named by the record's key)."""
    keys = sorted(p.parent.name for p in (site / "penalties").glob("*/index.html"))
    key = next(k for k in keys if re.fullmatch(r"[0-9a-f]{8,}", k))
    return f"/penalties/{key}/"


def embed_page(site: Path) -> str:
    return f"/embed/{sorted(p.name for p in (site / 'embed').iterdir())[0]}/"


def test_build_writes_the_server_block_beside_the_report(served: Served) -> None:
    conf = served.work / "deploy" / "nginx.conf"
    # The root is the link `--out` names, not the tree it points at today: the next build
    # switches the link, and nginx follows it.
    root = Path(os.path.abspath(served.site))
    expected = render_nginx_conf(root, 80, (), site_inline_sources(served.site))
    assert conf.read_text(encoding="utf-8") == expected
    # Beside the purge list, and no temporary file left behind.
    assert sorted(p.name for p in conf.parent.iterdir()) == [
        "nginx.conf",
        "purge-dirs.txt",
        "purge-files.txt",
        "purge.txt",
    ]
    assert not (served.site / "deploy").exists()  # private: never inside --out


def test_nginx_accepts_the_configuration(served: Served) -> None:
    result = nginx_test(nginx_binary(), served.nginx.main_conf, served.nginx.main_conf.parent)
    assert result.returncode == 0 and "test is successful" in result.stderr, result.stderr


def test_pages_are_served_and_a_missing_one_gets_the_404_page(served: Served) -> None:
    home = get(served.nginx, "/")
    assert home.status == 200 and home.body == (served.site / "index.html").read_bytes()
    record = record_page(served.site)
    answer = get(served.nginx, record)
    assert answer.status == 200
    assert answer.body == (served.site / record.strip("/") / "index.html").read_bytes()
    missing = get(served.nginx, "/penalties/no-such-record/")
    assert missing.status == 404 and missing.body == (served.site / "404.html").read_bytes()
    assert get(served.nginx, "/embed/").status == 404  # a folder without a page is not found
    moved = get(served.nginx, record.rstrip("/"))
    assert moved.status == 301 and moved.headers["Location"] == record


def test_every_file_gets_its_cache_class_and_nosniff(served: Served) -> None:
    files = sorted(p for p in served.site.rglob("*") if p.is_file())
    classes = {cache_control("/" + p.relative_to(served.site).as_posix()) for p in files}
    assert classes == {IMMUTABLE, SHORT}  # the golden site has both kinds
    for path in files:
        url = "/" + path.relative_to(served.site).as_posix()
        answer = get(served.nginx, url)
        assert answer.status == 200, url
        assert answer.headers["Cache-Control"] == cache_control(url), url
        assert answer.headers["X-Content-Type-Options"] == "nosniff", url
        assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url


def test_hashed_assets_are_immutable_and_entry_files_short(served: Served) -> None:
    portal_css = next((served.site / "assets").glob("portal.*.css")).name
    bundle = next((served.site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    for url in (f"/assets/{portal_css}", f"/assets/javascripts/{bundle}"):
        assert get(served.nginx, url).headers["Cache-Control"] == IMMUTABLE, url
    short = [
        "/",
        record_page(served.site),
        "/feeds/penalties/rss.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/search/meta.json",
        "/search/search_index.json",
        "/opendata/penalties.csv",
        "/no-such-page/",
    ]
    for url in short:
        cache = get(served.nginx, url).headers["Cache-Control"]
        assert cache == "public, max-age=300", url


def test_text_files_carry_their_type_and_charset(served: Served) -> None:
    types = {
        "/": "text/html; charset=utf-8",
        "/opendata/penalties.csv": "text/csv; charset=utf-8",
        "/opendata/penalties.json": "application/json; charset=utf-8",
        "/search/meta.json": "application/json; charset=utf-8",
        "/feeds/penalties/rss.xml": "application/xml; charset=utf-8",
        "/robots.txt": "text/plain; charset=utf-8",
    }
    for url, expected in types.items():
        assert get(served.nginx, url).headers["Content-Type"] == expected, url
    asset = next((served.site / "assets").glob("portal.*.js")).name
    assert (
        get(served.nginx, f"/assets/{asset}").headers["Content-Type"].startswith("text/javascript")
    )


def test_every_suffix_in_the_site_has_a_type(served: Served) -> None:
    suffixes = {p.name.rpartition(".")[2] for p in served.site.rglob("*.*") if p.is_file()}
    assert suffixes <= set(MIME_TYPES), suffixes - set(MIME_TYPES)


def test_pages_may_not_be_framed_but_embeds_by_the_configured_origins(served: Served) -> None:
    for url in ("/", "/dept/11360400MB1719061W/", record_page(served.site), "/no-such-page/"):
        headers = get(served.nginx, url).headers
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["Content-Security-Policy"].endswith("; frame-ancestors 'none'"), url
    embed = get(served.nginx, embed_page(served.site))
    assert embed.status == 200 and "X-Frame-Options" not in embed.headers
    csp = embed.headers["Content-Security-Policy"]
    assert csp.endswith(f"; frame-ancestors 'self' {' '.join(ORIGINS)}"), csp


def test_the_policy_lists_the_hash_of_every_inline_script_and_nothing_unsafe(
    served: Served,
) -> None:
    csp = get(served.nginx, "/").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'"):
        assert directive in csp
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src "))
    listed = set(script_src.split()[2:])
    # Independently of the parser: Material writes its inline scripts as bare <script> elements.
    inline = re.compile(r"<script>(.*?)</script>", re.DOTALL)
    pages = [p.read_text("utf-8") for p in served.site.rglob("*.html")]
    found = {csp_hash(script) for page in pages for script in inline.findall(page)}
    assert found and found == listed


def test_compressible_files_are_gzipped_and_pre_compressed_ones_sent_as_is(
    served: Served,
) -> None:
    for url, file in (("/", "index.html"), ("/opendata/penalties.csv", "opendata/penalties.csv")):
        answer = get(served.nginx, url, gzip_ok=True)
        assert answer.headers["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in answer.headers["Vary"]
        assert gzip.decompress(answer.body) == (served.site / file).read_bytes()
        assert "Content-Encoding" not in get(served.nginx, url).headers
    robots = get(served.nginx, "/robots.txt", gzip_ok=True)
    assert gzip.decompress(robots.body) == b"pre-compressed\n"
    assert get(served.nginx, "/robots.txt").body == (served.site / "robots.txt").read_bytes()
