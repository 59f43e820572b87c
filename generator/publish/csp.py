"""Content-Security-Policy: the inline scripts and styles the pages carry, and the policy.

A static site has no per-response nonce, so the policy allows inline scripts by the SHA-256 of
their text. The `CspCollector` inspector notes each page's inline elements where the page is
made; nginx.conf is then written from what it collected.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.core.artifacts import Artifact
from generator.publish.state import BuildState

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


def site_inline_sources(root: Path) -> InlineSources:
    """Return the inline sources of every HTML page under `root` (a tree on disk, not a build)."""
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".html"):
                found.append(page_inline(Path(folder, name).read_bytes()))
    return merge_inline(found)


class CspCollector:
    """The CSP's inspector: notes the inline scripts and styles of each page where it is made.

    Pages kept from the last publish are not read: the collector's part of the build state
    says what they carry.
    """

    name = "csp"

    def __init__(self, last: dict[str, InlineSources] | None = None) -> None:
        self.last = last or {}
        self.pages: dict[str, InlineSources] = {}

    @classmethod
    def from_state(cls, state: BuildState) -> CspCollector:
        """Return the collector of a build, knowing what the last publish's pages carried."""
        saved = state.get(cls.name) or {}
        return cls(
            {
                page: InlineSources(tuple(scripts), tuple(styles), bool(attributes))
                for page, (scripts, styles, attributes) in saved.items()
            }
        )

    def look(self, artifact: Artifact) -> InlineSources | None:
        """Return what a page carries inline, or None (not a page, or nothing inline)."""
        if not artifact.path.endswith(".html"):
            return None
        sources = page_inline(artifact.data)
        return None if sources == InlineSources() else sources

    def take(self, path: str, note: object) -> None:
        """Remember a made page's inline sources."""
        if note is not None:
            assert isinstance(note, InlineSources)
            self.pages[path] = note

    def take_kept(self, path: str) -> None:
        """Carry a kept page's inline sources over from the last publish."""
        if path in self.last:
            self.pages[path] = self.last[path]

    def verdict(self, root: Path) -> list[str]:
        """Find nothing to refuse: the policy allows what the pages carry (see nginx.conf)."""
        return []

    def sources(self) -> InlineSources:
        """Return what the whole site carries inline."""
        return merge_inline(self.pages.values())

    def remember(self, state: BuildState) -> None:
        """Hand the next build each page's inline sources."""
        state.put(
            self.name,
            {
                page: [list(s.script_hashes), list(s.style_hashes), s.style_attributes]
                for page, s in sorted(self.pages.items())
            },
        )
