"""Real-browser fixtures: a built demo site served on 127.0.0.1, Chromium via Playwright, and axe.

Every test under tests/browser is marked `browser` (deselect with `-m "not browser"`). Without
/usr/bin/chromium or the `playwright` package the tests skip locally and fail when CI=true.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

from generator.cli import main

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
AXE_JS = HERE / "vendor" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
BUILD_DAY = "2026-11-23"
LOCAL_HOST = "127.0.0.1"
# Without the background-networking flags Chromium keeps calling Google services, which floods
# a closed network and slows every launch.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Schemes that never reach the network, so they cannot be external requests.
LOCAL_SCHEMES = {"about", "blob", "data"}
SERIOUS = {"serious", "critical"}
HOST_PAGE = """<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>另一来源的宿主页</title></head>
<body>
<h1>另一来源的宿主页</h1>
<script>
// host.html?src=<url> frames that URL, as a department's site would frame /embed/ pages.
const src = new URLSearchParams(location.search).get("src");
if (src) {
  const frame = document.createElement("iframe");
  frame.src = src;
  frame.title = "嵌入的信用信息";
  document.body.append(frame);
}
</script>
</body>
</html>
"""


def pytest_configure(config: pytest.Config) -> None:
    """Register the `browser` marker."""
    config.addinivalue_line("markers", "browser: real-browser test (Chromium driven by Playwright)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as a `browser` test."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> NoReturn:
    """Fail in CI, where the browser must be installed, and skip elsewhere."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the portal from the repo's demo export in data/ and return the site folder."""
    tmp = tmp_path_factory.mktemp("browser-site")
    data = ROOT / "data"
    site = tmp / "site"
    argv = ["--config", str(ROOT / "mkdocs.yml"), "build", "--data", str(data)]
    argv += ["--out", str(site), "--work", str(tmp / "build"), "--today", BUILD_DAY]
    assert main(argv) == 0, f"build failed: {' '.join(argv)}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Drop the access log: pytest shows failures, not traffic."""


def _serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port in a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """Serve the built site; yield its base URL without a trailing slash."""
    yield from _serve(built_site)


@pytest.fixture(scope="session")
def other_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve /host.html from another port (another origin); yield its base URL."""
    folder = tmp_path_factory.mktemp("other-origin")
    (folder / "host.html").write_text(HOST_PAGE, encoding="utf-8")
    yield from _serve(folder)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's headless Chromium through Playwright for the whole session."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"the playwright package is missing ({exc}; pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page_requests() -> list[str]:
    """Return the URLs the current test's page has requested so far (filled by `page`)."""
    return []


@pytest.fixture
def page(browser: Browser, page_requests: list[str]) -> Iterator[Page]:
    """Open a fresh context and page; fail the test if it requested anything off 127.0.0.1."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    # Context-wide, so popups and frames count too.
    context.on("request", lambda request: page_requests.append(request.url))
    context.on("page", lambda opened: _record_websockets(opened, page_requests))
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()
    external = [url for url in page_requests if not _is_local(url)]
    if external:
        pytest.fail("requests left 127.0.0.1:\n" + "\n".join(external), pytrace=False)


def _record_websockets(opened: Page, seen: list[str]) -> None:
    """Record a page's WebSocket connections, which are not `request` events."""
    opened.on("websocket", lambda socket: seen.append(socket.url))


def _is_local(url: str) -> bool:
    """Return whether a URL stays on this machine's loopback address (or off the network)."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == LOCAL_HOST


@pytest.fixture(scope="session")
def axe() -> Callable[[Page], list[dict[str, Any]]]:
    """Return `axe(page)`: run axe-core on the page and return its serious and critical violations."""
    return run_axe


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Inject the vendored axe-core into the page and return its serious or critical violations."""
    from playwright.sync_api import Error

    try:
        page.add_script_tag(path=AXE_JS)
    except Error:
        # A Content-Security-Policy without 'unsafe-inline' blocks the injected <script>;
        # DevTools evaluation is not subject to the page's CSP.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v.get("impact") in SERIOUS]
