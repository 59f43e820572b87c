"""Content-Security-Policy: the inline scripts and styles the pages carry, and the policy.

A static site has no per-response nonce, so the policy allows inline scripts by the SHA-256 of
their text — but only scripts the theme's own templates produce (`theme_scripts`): a script
found in a page is never allowed for being there, or an injected one would be let run. The
`CspCollector` inspector notes each page's inline elements where the page is made, and refuses
the publish when a page carries script the theme did not put there (an inline `<script>`, an
event-handler attribute, a `javascript:` URL), naming the page; nginx.conf is then written
from the theme's scripts it saw.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.core.artifacts import Artifact
from generator.publish.inline import SNIPPET, parse_inline
from generator.publish.state import BuildState
from generator.publish.theme_scripts import ThemeScripts, portal_theme

_STYLE_ATTRIBUTE = re.compile(rb"style\s*=")
_SRC_ATTRIBUTE = re.compile(rb"\ssrc\s*=")
_HANDLER = re.compile(rb"[\s/\"']on[a-z]+\s*=")
_SCRIPT_URL = b"script:"  # javascript: and vbscript: (entity-spelt ones: only in parsed pages)


@dataclass(frozen=True, slots=True)
class InlineSources:
    """What the site's pages carry inline, as the Content-Security-Policy must allow it."""

    script_hashes: tuple[str, ...] = ()
    """`'sha256-…'` of every distinct executable inline <script>, sorted."""
    style_hashes: tuple[str, ...] = ()
    """`'sha256-…'` of every distinct <style> block, sorted."""
    style_attributes: bool = False
    """Whether some element has a `style="…"` attribute (no hash can allow it in every browser)."""
    foreign: tuple[str, ...] = ()
    """Script the theme does not produce (the start of each): a page carrying any is refused."""


def csp_hash(text: str) -> str:
    """Return the CSP source that allows an inline element: base64 of SHA-256 of its UTF-8 text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_sources(html_texts: Iterable[str], theme: ThemeScripts | None = None) -> InlineSources:
    """Return the hashes of the theme's inline scripts and the <style> blocks in some pages.

    Any other script (an inline one the theme does not produce, an event handler, a
    `javascript:` URL) is listed as foreign, never hashed. `theme` defaults to the portal's.
    """
    theme = theme or portal_theme()
    scripts: set[str] = set()
    styles: set[str] = set()
    foreign: list[str] = []
    style_attributes = False
    for text in html_texts:
        parser = parse_inline(text)
        for script in parser.scripts:
            if theme.recognises(script):
                scripts.add(csp_hash(script))
            else:
                foreign.append("<script>" + " ".join(script.split())[:SNIPPET])
        foreign += parser.handlers
        styles.update(csp_hash(s) for s in parser.styles)
        style_attributes = style_attributes or parser.style_attributes
    return InlineSources(
        tuple(sorted(scripts)),
        tuple(sorted(styles)),
        style_attributes,
        tuple(dict.fromkeys(foreign)),
    )


def may_hold_inline(data: bytes) -> bool:
    """Return whether a page's bytes may hold an inline script, a <style> or a style attribute.

    A cheap filter (byte searches, no parsing) that errs towards True: the generator's pages hold
    only `<script src=…>` and are never parsed, which keeps the scan of a large site to reading it.
    """
    lowered = data.lower()
    if b"<style" in lowered or _STYLE_ATTRIBUTE.search(lowered):
        return True
    if _SCRIPT_URL in lowered or _HANDLER.search(lowered):
        return True
    start = lowered.find(b"<script")
    while start != -1:
        end = lowered.find(b">", start)
        if end == -1 or not _SRC_ATTRIBUTE.search(lowered, start, end):
            return True
        start = lowered.find(b"<script", end)
    return False


def page_inline(data: bytes, theme: ThemeScripts | None = None) -> InlineSources:
    """Return what one page's bytes carry inline (nothing, cheaply, for the generator's pages)."""
    if not may_hold_inline(data):
        return InlineSources()
    return inline_sources([data.decode("utf-8", errors="replace")], theme)


def merge_inline(sources: Iterable[InlineSources]) -> InlineSources:
    """Return the union of some pages' inline sources."""
    scripts: set[str] = set()
    styles: set[str] = set()
    foreign: dict[str, None] = {}
    attributes = False
    for source in sources:
        scripts.update(source.script_hashes)
        styles.update(source.style_hashes)
        foreign.update(dict.fromkeys(source.foreign))
        attributes = attributes or source.style_attributes
    return InlineSources(tuple(sorted(scripts)), tuple(sorted(styles)), attributes, tuple(foreign))


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


def site_inline_sources(root: Path, theme: ThemeScripts | None = None) -> InlineSources:
    """Return the inline sources of every HTML page under `root` (a tree on disk, not a build)."""
    theme = theme or portal_theme()
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".html"):
                found.append(page_inline(Path(folder, name).read_bytes(), theme))
    return merge_inline(found)


class CspCollector:
    """The CSP's inspector: notes the inline scripts and styles of each page where it is made.

    Only scripts the theme's templates produce are hashed; a page carrying any other script
    is refused by name. Pages kept from the last publish are not read: the collector's part
    of the build state says what they carry (they passed then, and their inputs are the same).
    """

    name = "csp"

    def __init__(
        self, last: dict[str, InlineSources] | None = None, theme: ThemeScripts | None = None
    ) -> None:
        self.last = last or {}
        self.theme = theme or portal_theme()
        self.pages: dict[str, InlineSources] = {}

    @classmethod
    def from_state(cls, state: BuildState, theme: ThemeScripts | None = None) -> CspCollector:
        """Return the collector of a build, knowing what the last publish's pages carried."""
        saved = state.get(cls.name) or {}
        last = {
            page: InlineSources(tuple(scripts), tuple(styles), bool(attributes))
            for page, (scripts, styles, attributes) in saved.items()
        }
        return cls(last, theme)

    def look(self, artifact: Artifact) -> InlineSources | None:
        """Return what a page carries inline, or None (not a page, or nothing inline)."""
        if not artifact.path.endswith(".html"):
            return None
        sources = page_inline(artifact.data, self.theme)
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
        """Refuse the tree if a page carries script that its theme does not produce."""
        return [
            f"{page}：页面含有不是主题自带的脚本（CSP 不会放行，发布被拒绝）：{'；'.join(s.foreign[:3])}"
            for page, s in sorted(self.pages.items())
            if s.foreign
        ]

    def sources(self) -> InlineSources:
        """Return what the whole site carries inline: the theme's scripts, the styles."""
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
