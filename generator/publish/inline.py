"""Inline code in HTML: the executable <script> and <style> elements and script attributes.

One reader for the pages the CSP collector inspects and for the theme's templates it learns
the allowed scripts from, so both see a script's text the same way.
"""

from __future__ import annotations

from html.parser import HTMLParser

from generator.decide.editorial_checks import url_scheme

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
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite"}
)
SNIPPET = 80


class InlineParser(HTMLParser):
    """Collect the text of inline <script> and <style> elements and notice style attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attributes = False
        self.handlers: list[str] = []  # event-handler attributes and script: URLs
        self._open: str | None = None  # "script" or "style" while inside a counted element
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name: value or "" for name, value in attrs}
        if "style" in names:
            self.style_attributes = True
        for name, value in names.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and url_scheme(value) in SCRIPT_SCHEMES:
                self.handlers.append(f"<{tag} {name}={value[:SNIPPET]}>")
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


def parse_inline(text: str) -> InlineParser:
    """Return a page (or template) read for its inline scripts, styles and handlers."""
    parser = InlineParser()
    # A browser hashes the element's text after the HTML input stream turned CR LF and CR
    # into LF, so the same must happen here or a page saved with CRLF would be blocked.
    parser.feed(text.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    return parser


def executable_scripts(text: str) -> list[str]:
    """Return the text of every executable inline <script> of a page (or a template)."""
    return parse_inline(text).scripts
