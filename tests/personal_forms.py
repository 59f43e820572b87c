"""Hypothesis strategies: personal numbers, and every way a person or a hostile export writes them.

A `Planted` number is rendered in one of the forms of the issue "Hostile and broken input":
full-width digits, Chinese numerals (〇 and 零, 壹贰叁), character references, percent-escapes,
`\\u` escapes, separators of every kind between groups, invisible characters and combining
marks between any two characters, country prefixes, a label right before it. Shared by the
detector's, the scrubber's and the gate's tests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from generator.core.codes import (
    USCC_ALPHABET,
    id_check_char,
    is_valid_id_number,
    is_valid_uscc,
    uscc_check_char,
)
from generator.core.personal import BANK_CARD, ID_NUMBER, LANDLINE_NUMBER, MOBILE_NUMBER

# Fast enough for CI's two cores (each example is well under a millisecond), thorough enough to
# reach every form; nothing written to the work tree.
FORMS = settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)

# Real-looking area codes (江西, 北京, 广东 …), and any six digits that start like one.
AREAS = ("360402", "360403", "360421", "110105", "440300", "441900", "510104", "620200")
area_codes = st.one_of(st.sampled_from(AREAS), st.from_regex(r"\A[1-8][0-9]{5}\Z", fullmatch=True))


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """An 18-character resident ID number: area, a real birth date, sequence, check character."""
    born = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
    first17 = (
        draw(area_codes)
        + born.strftime("%Y%m%d")
        + draw(st.from_regex(r"\A[0-9]{3}\Z", fullmatch=True))
    )
    return first17 + id_check_char(first17)


@st.composite
def first_generation_ids(draw: st.DrawFn) -> str:
    """A 15-digit first-generation ID number: area, YYMMDD of a real date, sequence."""
    born = draw(st.dates(date(1900, 1, 1), date(1999, 12, 31)))
    return (
        draw(area_codes)
        + born.strftime("%y%m%d")
        + draw(st.from_regex(r"\A[0-9]{3}\Z", fullmatch=True))
    )


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z", fullmatch=True)
landlines = st.one_of(
    st.from_regex(r"\A0(?:10|2[0-9])[2-9][0-9]{6,7}\Z", fullmatch=True),
    st.from_regex(r"\A0[3-9][0-9]{2}[2-9][0-9]{6,7}\Z", fullmatch=True),
)


def luhn_complete(body: str) -> str:
    """Return body with the check digit that makes it pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch) * (1 if i % 2 else 2)
        total += n - 9 if n > 9 else n
    return body + str(-total % 10)


@st.composite
def _bank_cards(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["62", "4", "5", "3"]))
    size = draw(st.integers(16, 19))
    body = draw(st.text("0123456789", min_size=size - len(prefix) - 1, max_size=size))
    return luhn_complete(prefix + body[: size - len(prefix) - 1])


# A card number that is also a valid ID or credit code is reported as that (tested apart).
bank_cards = _bank_cards().filter(lambda n: not is_valid_id_number(n) and not is_valid_uscc(n))


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    """A valid 统一社会信用代码: authority, type, area, organisation code, check character."""
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "13", "51", "52", "53", "Y1"]))
    org = draw(
        st.one_of(
            st.text("0123456789", min_size=9, max_size=9),
            st.text(USCC_ALPHABET, min_size=9, max_size=9),
        )
    )
    first17 = head + draw(st.sampled_from(AREAS)) + org
    return first17 + uscc_check_char(first17)


# --- rendering ----------------------------------------------------------------------------

FULL_WIDTH = {d: chr(0xFF10 + int(d)) for d in "0123456789"}
NUMERAL = dict(zip("0123456789", "〇一二三四五六七八九", strict=True))
ZERO_LING = dict(zip("0123456789", "零一二三四五六七八九", strict=True))
FINANCIAL = dict(zip("0123456789", "零壹贰叁肆伍陆柒捌玖", strict=True))
MATH_BOLD = {d: chr(0x1D7CE + int(d)) for d in "0123456789"}


def _digit_forms(d: str) -> list[str]:
    return [
        d,
        FULL_WIDTH[d],
        NUMERAL[d],
        ZERO_LING[d],
        FINANCIAL[d],
        MATH_BOLD[d],
        f"&#{ord(d)};",
        f"&#x{ord(d):x};",
        f"&#X{ord(d):X};",
        f"&amp;#{ord(d)};",  # escaped twice, as an Atom feed carries HTML
        f"%{ord(d):02X}",
        f"\\u{ord(d):04x}",
    ]


STYLES = ("plain", "full-width", "numerals", "ling", "financial", "math", "references", "mixed")
CHECK_X = ("X", "x", "Ｘ", "ｘ", "&#88;", "&#x78;", "%58")
SPACES = (" ", "  ", "\u00a0", "\u3000", "\u2009", "\u202f", "\t", "&nbsp;", "&#32;", "%20")
DASHES = ("-", "–", "—", "－", "‐", "\u2212", " - ", "&ndash;", "&#8211;", "%2D")
DOTS = (".", "．", "·", "・", "%2E")
SLASHES = ("/", "／", "⁄")
INVISIBLE = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u200e",
    "\u2063",
    "&#8203;",
    "&#x200B;",
    "&zwnj;",
    "&shy;",
    "%E2%80%8B",
    "\\u200b",
)
MARKS = ("\u0301", "\u0336", "\u20e3", "\u0332", "\ufe0f", "\u0489")
MOBILE_PREFIXES = (
    "+86 ",
    "+86",
    "＋８６ ",
    "﹢86-",
    "0086 ",
    "0086",
    "(+86) ",
    "(+86)",
    "（+86）",
    "86-",
)
# Han characters and punctuation of ordinary text: no numeral, nothing that folds to a digit.
HAN = "的是在了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经事合"
TEXT = st.text(HAN + "，。；：、！？“”《》 ", max_size=12)
LABELS = {
    ID_NUMBER: ("", "身份证号", "身份证号码：", "SFZ", "ＳＦＺ", "sfz", "ID", "证件号码"),
    MOBILE_NUMBER: ("", "手机", "电话", "联系电话：", "Tel", "TEL:", "tel", "Mobile"),
    LANDLINE_NUMBER: ("", "座机", "电话", "Tel", "TEL:"),
    BANK_CARD: ("", "卡号", "账户", "银行卡", "No."),
}


@dataclass(frozen=True)
class Planted:
    """A number and how it is written: the characters a scrubber must replace, exactly."""

    kind: str
    number: str  # its digits (an ID's check character upper-case)
    written: str  # exactly the characters that make it up, prefix and all


@functools.cache
def layouts(size: int, dotted: bool, separate: bool) -> tuple[tuple[int, ...], ...]:
    """Return every way to split `size` digits into groups the way people write them.

    One group, or groups of two to eight digits with one of four or more; a group of two only
    first or last; with dots or slashes, groups of three or more. After a separate prefix group
    (86, 0086, an area code) the first group has three digits or more.
    """
    smallest = 3 if dotted else 2

    def splits(left: int) -> list[tuple[int, ...]]:
        if left == 0:
            return [()]
        return [
            (take, *rest)
            for take in range(smallest, min(8, left) + 1)
            for rest in splits(left - take)
        ]

    found = [(size,)]
    for sizes in splits(size):
        inner = all(n >= 3 for n in sizes[1:-1]) and not (separate and sizes[0] < 3)
        if len(sizes) > 1 and max(sizes) >= 4 and inner:
            found.append(sizes)
    return tuple(found)


def groupings(size: int, dotted: bool, separate: bool) -> st.SearchStrategy[tuple[int, ...]]:
    """Groups to write `size` digits in: one group half the time, else any layout people use."""
    return st.one_of(st.just((size,)), st.sampled_from(layouts(size, dotted, separate)))


@st.composite
def planted(draw: st.DrawFn, kind: str, number: str) -> Planted:
    """Render a number in a random hostile form."""
    style = draw(st.sampled_from(STYLES))
    kinds_of_gap = draw(st.sampled_from(["spaces", "dashes", "mixed", "dots", "slashes"]))
    dotted = kinds_of_gap in ("dots", "slashes")
    prefix = ""
    body = number
    if kind == MOBILE_NUMBER and draw(st.booleans()):
        prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    area = ""
    if kind == LANDLINE_NUMBER and draw(st.booleans()):
        size = 3 if number[1] in "12" else 4
        area, body = number[:size], number[size:]
    if kind == LANDLINE_NUMBER and not area:
        sizes: tuple[int, ...] = (len(body),)  # in groups, a landline's first is its area code
    else:
        separate = bool(area) or prefix[-1:] in (" ", "-", ")", "）")  # a group before the body
        sizes = draw(groupings(len(body), dotted, separate))
    groups, at = [], 0
    for s in sizes:
        groups.append(body[at : at + s])
        at += s

    def gap() -> str:
        if kinds_of_gap == "dots":
            return draw(st.sampled_from(DOTS))
        if kinds_of_gap == "slashes":
            return draw(st.sampled_from(SLASHES))
        pool = {"spaces": SPACES, "dashes": DASHES, "mixed": SPACES + DASHES}[kinds_of_gap]
        return draw(st.sampled_from(pool))

    reference = draw(st.integers(6, 11))  # one kind of reference or escape for the number

    def digit(d: str) -> str:
        forms = _digit_forms(d)
        if style == "mixed":
            return draw(st.sampled_from(forms))
        index = STYLES.index(style)
        return forms[index] if index < 6 else forms[reference]

    units: list[str] = []  # the characters of the number, between which invisibles may go
    for g, group in enumerate(groups):
        if g:
            units.append(gap())
        units += [draw(st.sampled_from(CHECK_X)) if ch == "X" else digit(ch) for ch in group]
    positions = st.integers(0, len(units) - 1)
    for at, mark in draw(st.lists(st.tuples(positions, st.sampled_from(MARKS)), max_size=2)):
        units[at] += mark
    between = st.lists(st.tuples(positions, st.sampled_from(INVISIBLE)), max_size=3)
    for at, invisible in draw(between):
        if at:
            units[at] = invisible + units[at]
    written = "".join(units)
    if area:
        opening, closing = draw(st.sampled_from([("(", ")"), ("（", "）"), ("", "-"), ("", " ")]))
        written = opening + "".join(digit(d) for d in area) + closing + written
    if prefix:
        mobile_prefix = "".join(digit(c) if c in "0123456789" else c for c in prefix)
        written = mobile_prefix + written
    return Planted(kind, number, written)


def numbers(kind: str) -> st.SearchStrategy[str]:
    """Valid numbers of a kind."""
    return {
        ID_NUMBER: st.one_of(id_numbers(), first_generation_ids()),
        MOBILE_NUMBER: mobiles,
        LANDLINE_NUMBER: landlines,
        BANK_CARD: bank_cards,
    }[kind]


@st.composite
def in_text(draw: st.DrawFn, kinds: tuple[str, ...]) -> tuple[str, str, Planted, str]:
    """Chinese text, a label, a planted number, more text: (before, label, planted, after)."""
    kind = draw(st.sampled_from(kinds))
    thing = draw(planted(kind, draw(numbers(kind))))
    label = draw(st.sampled_from(LABELS[kind]))
    after = draw(st.one_of(TEXT, st.sampled_from(["号", "。", "）", "，联系"])))
    return draw(TEXT), label, thing, after


# --- what must never be taken for a personal number -----------------------------------------

DEPARTMENTS = ("九市监", "九税稽", "九环", "九建", "浔市监", "庐应急", "九农")
doc_numbers = st.builds(
    "{}{}〔{}〕{}号".format,
    st.sampled_from(DEPARTMENTS),
    st.sampled_from(["罚", "许", "罚决字", "许准字"]),
    st.integers(2000, 2030),
    st.integers(1, 9999),
)
_days = st.dates(date(1990, 1, 1), date(2099, 12, 31))
dates = st.one_of(
    _days.map(lambda d: d.isoformat()),
    _days.map(lambda d: f"{d.year}/{d.month}/{d.day}"),
    _days.map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    _days.map(lambda d: d.strftime("%Y/%m/%d") + " 00:00:00.000"),
    _days.map(lambda d: f"{d.isoformat()}至{(d + timedelta(days=365)).isoformat()}"),
    _days.map(lambda d: "".join(NUMERAL[c] for c in str(d.year)) + f"年{d.month}月{d.day}日"),
)
amounts = st.one_of(
    st.integers(1, 10**8).map("罚款人民币{}元".format),
    st.decimals(0, 10000, places=6).map("{}万元".format),
    st.integers(1, 10**9).map("{:,}.00元".format),
    st.tuples(st.integers(1, 10**6), st.integers(1, 99)).map(
        lambda t: f"涉及金额{t[0]}元，共{t[1]}份"
    ),
)


@st.composite
def svg_paths(draw: st.DrawFn) -> str:
    """SVG path data as icon sets write it: small integers, 1-3 decimals, minified."""
    numbers_ = st.one_of(
        st.integers(0, 24).map(str),
        st.tuples(st.integers(0, 24), st.integers(1, 999)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.integers(1, 999).map(lambda n: f".{n}"),
        st.integers(0, 512).map(str),
    )
    parts = draw(
        st.lists(
            st.tuples(
                st.sampled_from("MLHVCSQTAZmlhvcsqtaz"), st.lists(numbers_, min_size=1, max_size=7)
            ),
            min_size=1,
            max_size=12,
        )
    )
    out = []
    for command, args in parts:
        out.append(
            command + "".join(("" if a.startswith((".", "-")) else " ") + a for a in args).lstrip()
        )
    return "".join(out)
