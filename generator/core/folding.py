"""Fold text the way a reader sees it, keeping a map back to the characters as written.

NFKC; HTML character references, percent-escapes and `\\u` escapes decoded; invisible
characters (category Cf) and combining marks dropped; every space, dash, dot, slash and bracket
made an ASCII separator; Chinese numerals made digits (for numbers, not for names). A `Folded`
text maps each folded character back to the original characters it came from, so a finding
names the exact original span. Names are folded the same way, so 张\u200b三 is 张三.
"""

from __future__ import annotations

import bisect
import functools
import html.entities
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

NUMERALS = dict.fromkeys("〇零○◯", "0") | {
    **dict.fromkeys("一壹幺", "1"),
    **dict.fromkeys("二贰貳", "2"),
    **dict.fromkeys("三叁參叄", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}


# What separates the groups a person writes a number in, once folded.
SEPARATORS = frozenset(" \t\n\r\f\v-./()[]+")


# Separators NFKC leaves alone: dots, slashes and brackets of Chinese and typographic text.
_EXTRA_SEPARATORS = dict.fromkeys("·•‧∙⋅・", ".") | {
    "⁄": "/",
    "∕": "/",
    "\u2212": "-",  # minus sign (Sm, not Pd)
    **dict.fromkeys("〔【〖〘〚", "("),
    **dict.fromkeys("〕】〗〙〛", ")"),
}


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text, and where each of its characters came from in the original text.

    The folded text is a run of pieces: a verbatim piece maps one to one; a replaced piece
    (an entity, an escape, a full-width run …) maps each of its characters to the whole
    original stretch it replaced (`widths`, 0 for a verbatim piece).
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    widths: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span the folded characters start:end came from."""
        return self._origin(start)[0], self._origin(end - 1)[1]

    def _origin(self, i: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, i) - 1
        if self.widths[k]:
            return self.origins[k], self.origins[k] + self.widths[k]
        at = self.origins[k] + i - self.starts[k]
        return at, at + 1


@functools.cache
def char_table(numerals: bool) -> dict[str, str]:
    """Return what each character folds to, for every character that does not fold to itself."""
    if numerals:
        table = char_table(False) | NUMERALS
        # ㈠ is (一): what folds to a numeral folds on to a digit.
        return {ch: "".join(table.get(c, c) for c in out) for ch, out in table.items()}
    table = {chr(c): "" for c in (*range(0, 9), *range(14, 32), 127)}
    for block in (range(0x80, 0x20000), range(0x2F800, 0x2FA20), range(0xE0000, 0xE1000)):
        for cp in block:
            if 0xD800 <= cp < 0xE000:
                continue
            ch = chr(cp)
            category = unicodedata.category(ch)
            if category in ("Cf", "Mn", "Me", "Cc"):
                table[ch] = ""
            elif category in ("Zs", "Zl", "Zp"):
                table[ch] = " "
            elif category == "Pd":
                table[ch] = "-"
            elif category == "Nd":
                table[ch] = str(unicodedata.decimal(ch))
            elif ch in _EXTRA_SEPARATORS:
                table[ch] = _EXTRA_SEPARATORS[ch]
            elif unicodedata.decomposition(ch):
                normal = unicodedata.normalize("NFKC", ch)
                if normal != ch:
                    table[ch] = normal
    # NFKC can give characters that fold further: ⑴ is (1), ¨ a space and a combining mark.
    return {ch: "".join(table.get(c, c) for c in out) for ch, out in table.items()}


def code_ranges(points: list[int]) -> str:
    parts, i = [], 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = re.escape(chr(points[i])), re.escape(chr(points[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(parts)


def char_class(chars: Iterable[str]) -> str:
    """Return a regex matching one of the given characters, quick to test against any character.

    The engine tests a class of the Basic Multilingual Plane with one table look-up, but walks
    every range of a class beyond it: astral characters are tested only behind a one-range guard.
    """
    points = sorted({ord(c) for c in chars})
    bmp = [p for p in points if p < 0x10000]
    astral = [p for p in points if p >= 0x10000]
    if not astral:
        return f"[{code_ranges(bmp)}]"
    return f"(?:[{code_ranges(bmp)}]|(?=[\U00010000-\U0010ffff])[{code_ranges(astral)}])"


ENTITY = r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"


# One escaped byte, or the escaped bytes of one UTF-8 character.
PERCENT = (
    r"%(?:[0-7][0-9A-Fa-f]|[c-fC-F][0-9A-Fa-f](?:%[89abAB][0-9A-Fa-f]){1,3}|[89abAB][0-9A-Fa-f])"
)


ESCAPE = r"\\u[0-9A-Fa-f]{4}(?:\\u[dD][c-fC-F][0-9A-Fa-f]{2})?"


@functools.cache
def _specials(numerals: bool) -> re.Pattern[str]:
    """Return the pattern of what folding changes: references, escapes, characters that fold."""
    table = char_table(numerals)
    return re.compile(f"{char_class(table)}+|{ENTITY}|{PERCENT}|{ESCAPE}")


def _decode(raw: str) -> str | None:
    """Return the character an entity, percent-escape or \\u escape stands for (None: not one)."""
    if raw[0] == "&":
        body = raw[1:-1]
        while body.startswith("amp;"):
            body = body[4:]
        if body[0] != "#":
            return html.entities.html5.get(body + ";")
        code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code < 0xE000 else None
    if raw[0] == "%":
        try:
            return bytes.fromhex(raw.replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return None
    units = [int(raw[i + 2 : i + 6], 16) for i in range(0, len(raw), 6)]
    if len(units) == 2 and 0xD800 <= units[0] < 0xDC00:
        return chr(0x10000 + ((units[0] - 0xD800) << 10) + units[1] - 0xDC00)
    return None if len(units) == 2 or 0xD800 <= units[0] < 0xE000 else chr(units[0])


def fold(text: str, start: int = 0, end: int | None = None, numerals: bool = True) -> Folded:
    """Return text[start:end] folded, with the map back to offsets in `text`."""
    end = len(text) if end is None else end
    table = char_table(numerals)
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    widths: list[int] = []
    at, pos = 0, start

    def add(piece: str, origin: int, width: int) -> None:
        nonlocal at
        pieces.append(piece)
        starts.append(at)
        origins.append(origin)
        widths.append(width)
        at += len(piece)

    for match in _specials(numerals).finditer(text, start, end):
        if match.start() > pos:
            add(text[pos : match.start()], pos, 0)
        raw = match.group()
        if raw[0] not in "&%\\":  # characters that fold, each mapped back to itself
            for i, ch in enumerate(raw, match.start()):
                if out := table[ch]:
                    add(out, i, 1)
        elif (decoded := _decode(raw)) is None:  # not a reference or escape after all
            add(raw, match.start(), 0)
        elif out := "".join(table.get(c, c) for c in decoded):
            add(out, match.start(), len(raw))
        pos = match.end()
    if pos < end or not pieces:
        add(text[pos:end], pos, 0)
    return Folded("".join(pieces), tuple(starts), tuple(origins), tuple(widths))


@functools.cache
def _name_hiders() -> re.Pattern[str]:
    """Return the pattern of what can hide or disguise a name: spaces, references, odd forms."""
    table = char_table(False)
    hiders = [c for c, out in table.items() if not out.strip() or any(o.isalnum() for o in out)]
    return re.compile(char_class([*hiders, *" \t\n\r\f\v&%\\"]))


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@functools.lru_cache(maxsize=4096)  # a record's names are looked for in each of its fields
def fold_name(name: str) -> str:
    """Return a name as compared in text: folded, without spaces, ASCII upper case."""
    folded = fold(name, numerals=False).text
    return "".join(folded.split()).translate(_ASCII_UPPER)


def find_name(text: str, name: str) -> list[tuple[int, int]]:
    """Return the original spans where a name stands in text, however it is disguised.

    `张\\u200b三`, `张 三` and `&#24352;三` are all 张三. Text with nothing that can disguise a
    name is searched as it is.
    """
    target = fold_name(name)
    if not target:
        return []
    if _name_hiders().search(text):
        return _find_folded(fold(text, numerals=False), target)
    haystack, spans = text.translate(_ASCII_UPPER), []
    at = haystack.find(target)
    while at >= 0:
        spans.append((at, at + len(target)))
        at = haystack.find(target, at + len(target))
    return spans


def _find_folded(folded: Folded, target: str) -> list[tuple[int, int]]:
    """Return the original spans where a folded name stands in folded text."""
    # Spaces go too: a folded character that is a space maps nowhere in the search text.
    keep = [i for i, c in enumerate(folded.text) if not c.isspace()]
    haystack = "".join(folded.text[i] for i in keep).translate(_ASCII_UPPER)
    spans, at = [], haystack.find(target)
    while at >= 0:
        last = keep[at + len(target) - 1]
        spans.append(folded.span(keep[at], last + 1))
        at = haystack.find(target, at + len(target))
    return spans
