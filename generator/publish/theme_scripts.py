"""The theme's own inline scripts, read from its templates: the only ones the CSP may allow.

Every template of the theme (the city's overrides, Material's, the portal's) is split into
text and `{{ … }}` by Jinja2's own lexer; each inline `<script>` in the text, found by the
same HTML parser that reads the pages, becomes a pattern: its text as written, with every
`{{ … }}` a hole. A hole inside a JavaScript string literal may hold anything but what could
end that string or the script: its quote, a backslash, `<`, a line break. A hole outside a
string must end in `| tojson` and hold what parses as JSON (data, never code). A page's inline
script is the theme's when it matches one such pattern whole; a script that does not was put
there by someone else (an article, a configuration value) and is never allowed, however it got
in. A template script with any other hole, or with `{% … %}` inside, matches nothing: pages
carrying it are refused until it is rewritten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from generator.publish.inline import executable_scripts

HOLE = "\ue000"  # private-use characters: never in a template's own text
JSON_HOLE = "\ue002"  # a `{{ … | tojson }}`
STATEMENT = "\ue001"
_ENDS = "\\\n\r<\u2028\u2029"  # what ends a string literal or the script, in any string


@dataclass(frozen=True, slots=True)
class ThemeScripts:
    """The inline scripts a theme's templates can produce, as patterns."""

    patterns: tuple[re.Pattern[str], ...]

    def recognises(self, text: str) -> bool:
        """Tell whether an inline script's text is one the theme's templates produce."""
        for pattern in self.patterns:
            match = pattern.fullmatch(text)
            if match and all(_is_json(value) for value in match.groups()):
                return True
        return False


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def skeleton(source: str) -> str:
    """Return a template's text, each `{{ … }}` a HOLE (JSON_HOLE: `| tojson`), each `{% … %}`
    a STATEMENT."""
    parts: list[str] = []
    inside: list[tuple[str, str]] | None = None  # the tokens of an open {{ … }} or {% … %}
    for _, token, value in jinja2.Environment().lex(source.replace("\r\n", "\n")):
        if token in ("variable_begin", "block_begin"):
            inside = [(token, value)]
        elif token in ("variable_end", "block_end") and inside is not None:
            parts.append(_hole(inside))
            inside = None
        elif inside is not None:
            inside.append((token, value))
        elif token == "data":
            parts.append(value)
    return "".join(parts)


def _hole(tokens: list[tuple[str, str]]) -> str:
    if tokens[0][0] == "block_begin":
        return STATEMENT
    words = [(kind, value) for kind, value in tokens[1:] if kind != "whitespace"]
    last_filter = max((i for i, (_, value) in enumerate(words) if value == "|"), default=-1)
    filters = words[last_filter + 1 :] if last_filter >= 0 else []
    return JSON_HOLE if filters and filters[0] == ("name", "tojson") else HOLE


def string_quote(code: str) -> str:
    """Return the quote of the JavaScript string literal open at the end of `code`, or ''.

    A plain scan of quotes and backslash escapes: the theme's scripts are reviewed code, and a
    misreading can only make a pattern match nothing (its pages are then refused), never more.
    """
    quote = ""
    escaped = False
    for char in code:
        if escaped:
            escaped = False
        elif char == "\\" and quote:
            escaped = True
        elif quote and char == quote:
            quote = ""
        elif not quote and char in "\"'`":
            quote = char
    return quote


def script_pattern(text: str) -> re.Pattern[str] | None:
    """Return the pattern of a template's inline script, or None if it cannot be trusted."""
    if STATEMENT in text:
        return None
    parts = re.split(f"({HOLE}|{JSON_HOLE})", text)
    pattern = re.escape(parts[0])
    for index in range(1, len(parts), 2):
        quote = string_quote("".join(parts[:index]))
        if quote in ("'", '"'):  # any hole: all but what ends the string
            pattern += f"(?:[^{re.escape(quote + _ENDS)}]*)"
        elif parts[index] == JSON_HOLE and not quote:  # checked to parse as JSON
            pattern += "(.+?)"
        else:  # a hole in code or in a template literal could hold code
            return None
        pattern += re.escape(parts[index + 1])
    return re.compile(pattern, re.DOTALL)


def template_scripts(source: str) -> list[str]:
    """Return the texts of a template's executable inline scripts, holes marked."""
    return executable_scripts(skeleton(source))


@cache
def theme_scripts(folders: tuple[Path, ...]) -> ThemeScripts:
    """Return the inline scripts the templates under `folders` can produce."""
    patterns: dict[str, re.Pattern[str]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for text in template_scripts(source):
                pattern = script_pattern(text)
                if pattern is not None:
                    patterns.setdefault(pattern.pattern, pattern)
    return ThemeScripts(tuple(patterns[key] for key in sorted(patterns)))


def default_theme_dirs() -> tuple[Path, ...]:
    """Return the portal's theme folders: its Material overrides, Material, its own templates."""
    import material

    from generator.site.render import TEMPLATES

    return (TEMPLATES / "theme", Path(material.__file__).parent / "templates", TEMPLATES)


def portal_theme(folders: Iterable[Path] = ()) -> ThemeScripts:
    """Return the theme's scripts: the given folders (mkdocs' theme dirs), plus the portal's."""
    from generator.site.render import TEMPLATES

    given = tuple(folders) or default_theme_dirs()
    return theme_scripts(tuple(dict.fromkeys((*given, TEMPLATES))))
