"""A table's layout: its header row, which column holds which field, and what its shape implies.

Real exports are not all in the contract's shape: the 2021 templates come in a 法人 and a 自然人
version without 行政相对人类别, older systems export the 2016 generation, platforms export their
field codes, the national site its own list shapes. The layout says which of these a table is,
so that each row is held to what its shape can carry, and the report can say how it was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from generator.core.kinds import DOUBLE_KINDS, LIST_KINDS
from generator.ingest.cells import clean_text
from generator.ingest.headers import (
    DETAIL,
    GENERATION_2016,
    GENERATION_2021,
    IGNORED,
    Generation,
    HeaderMap,
    KindHeaders,
    normalize_header,
)

PARTY_CODES = ("uscc", "reg_no", "org_code", "tax_no", "inst_no", "social_org_no")
PERSON_COLUMNS = ("id_type", "id_no")
PERSON_TEMPLATE = "自然人"
ORGANISATION_TEMPLATE = "法人"


@dataclass(frozen=True, slots=True)
class Layout:
    """How one table is laid out, found from its header row."""

    header_row: int
    fields: dict[str, list[int]]  # canonical field -> column indexes (more than one: duplicates)
    labels: dict[str, str]  # canonical field -> header text as written in the file
    generation: Generation | None = None  # the 双公示 kinds' schema generation
    template: str = ""  # 法人 / 自然人 / … : what a person calls the form
    shape: str = ""  # a list file's known shape, or a description of the layout
    not_required: frozenset[str] = frozenset()
    """Required fields this table's shape does not carry: its rows are not faulted for them."""
    inferred: tuple[tuple[str, str], ...] = ()
    """(field, from what) for each field found otherwise than in a column of its own."""
    absent: tuple[str, ...] = ()
    """Contract fields the shape lacks and nothing stands in for: shown as missing."""
    details: tuple[tuple[int, str], ...] = ()
    """(column, header) of the columns published in 备注 as "header：value"."""
    ignored: tuple[str, ...] = ()
    unknown: tuple[tuple[int, str], ...] = ()  # (column index, header)
    codes: bool = False  # the headers are a platform's field codes (cfWsh, cf_wsh …)

    def has(self, name: str) -> bool:
        """Tell whether the table has a column for a field."""
        return name in self.fields

    def field_at(self, index: int) -> str | None:
        """Return the canonical field of a column, None when no known header names it."""
        return next((f for f, indexes in self.fields.items() if index in indexes), None)

    @property
    def person_template(self) -> bool:
        """Tell whether this is the 自然人 version of a 2021 template."""
        return self.template == PERSON_TEMPLATE

    @property
    def generation_name(self) -> str:
        """Return the generation's name (2021 / 2016), or '' for kinds that have none."""
        return self.generation.name if self.generation else ""


def map_row(
    cells: list[Any], kind_headers: KindHeaders, generation: str = GENERATION_2021
) -> tuple[dict[str, list[int]], dict[str, str]]:
    """Return the fields a header row's cells name, with their columns and their headers."""
    fields: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name = kind_headers.field_for(clean_text(cell), generation)
        if name is not None and name != IGNORED:
            fields.setdefault(name, []).append(index)
            labels.setdefault(name, clean_text(cell))
    return fields, labels


def find_layout(
    head: list[tuple[int, list[Any]]], kind: str, header_map: HeaderMap
) -> Layout | None:
    """Return the layout of the row among `head` that names the most known fields."""
    kind_headers = header_map.kinds[kind]
    best: tuple[int, list[Any]] | None = None
    best_known = 1  # a header row names at least two known fields
    for row_number, cells in head:
        known = len(map_row(cells, kind_headers)[0])
        if known > best_known:
            best, best_known = (row_number, cells), known
    if best is None:
        return None
    row_number, cells = best
    headers = [clean_text(c) for c in cells]
    generation = header_map.generation_of(h for h in headers if h) if kind in DOUBLE_KINDS else None
    fields, labels = map_row(
        cells, kind_headers, generation.name if generation else GENERATION_2021
    )
    details = tuple((i, headers[i]) for i in fields.pop(DETAIL, []))
    labels.pop(DETAIL, None)
    layout = Layout(
        row_number,
        fields,
        labels,
        generation,
        details=details,
        ignored=tuple(
            h for h in headers if h and kind_headers.field_for(h, _name(generation)) == IGNORED
        ),
        unknown=tuple(
            (i, h)
            for i, h in enumerate(headers)
            if h and kind_headers.field_for(h, _name(generation)) is None
        ),
        codes=_platform_codes(h for h in headers if h),
    )
    if kind in DOUBLE_KINDS:
        return _double_layout(layout)
    if kind in LIST_KINDS:
        return _list_layout(layout, header_map, headers)
    return replace(layout, shape="本平台格式")


def _name(generation: Generation | None) -> str:
    return generation.name if generation else GENERATION_2021


def _platform_codes(headers: Iterable[str]) -> bool:
    """Tell whether most headers are ASCII field codes (cf_wsh, cfXdrMc) rather than Chinese."""
    headers = list(headers)
    ascii_ = sum(1 for h in headers if re.fullmatch(r"[A-Za-z0-9_]+", h))
    return bool(headers) and ascii_ * 2 > len(headers)


def _double_layout(layout: Layout) -> Layout:
    """Name a licence or penalty table's template, and what its generation does not require."""
    assert layout.generation is not None
    codes = any(layout.has(c) for c in PARTY_CODES)
    person = any(layout.has(c) for c in PERSON_COLUMNS)
    not_required = set(layout.generation.not_required)
    inferred: list[tuple[str, str]] = []
    if layout.has("party_type"):
        template = "含行政相对人类别"
    else:
        # The 2021 templates carry no 类别 column: the template (or the code) says which it is;
        # the 2016 generation has none in any file.
        not_required.add("party_type")
        template = PERSON_TEMPLATE if person and not codes else ORGANISATION_TEMPLATE
        how = "按模板（法人/自然人）和代码推断"
        if layout.generation.name == GENERATION_2016:
            template, how = "", "按代码推断（2016版没有此列）"  # one form for every party
        inferred.append(("party_type", how))
    shape = " ".join(part for part in (f"{layout.generation.name}版", template) if part)
    shape += "（平台字段代码）" if layout.codes else ""
    return replace(
        layout,
        template=template,
        shape=shape,
        not_required=frozenset(not_required),
        inferred=tuple(inferred),
    )


def _list_layout(layout: Layout, header_map: HeaderMap, headers: list[str]) -> Layout:
    """Say what a list table's shape lacks and what stands in for it."""
    lacking = {f for f in header_map.may_lack if not layout.has(f)}
    inferred: list[tuple[str, str]] = []
    if "subject_type" in lacking:
        inferred.append(("subject_type", "按代码、法定代表人和名称推断"))
    if "dept" in lacking and layout.has("source_unit"):
        inferred.append(("dept", f"取自“{layout.labels['source_unit']}”"))
    stand_ins = {name for name, _ in inferred}
    if layout.has("any_code"):
        stand_ins.add("uscc")  # the national site's 注册号 holds a credit code when there is one
    shape = header_map.shape_of(h for h in headers if h) or (
        "名单（缺少本平台格式的列）" if lacking else "本平台名单格式"
    )
    return replace(
        layout,
        shape=shape,
        not_required=frozenset(lacking),
        inferred=tuple(inferred),
        absent=tuple(sorted(lacking - stand_ins)),
    )


TITLE, INSTRUCTION, MARKERS, HEADER = "标题行", "说明行", "必填标记行", "重复表头"


def furniture_of(
    texts: list[str], layout: Layout, header_cells: list[str], header_map: HeaderMap, kind: str
) -> str:
    """Return what template furniture a row's cells are (INSTRUCTION, MARKERS, HEADER), or ''."""
    if texts[:1] == header_cells[:1] and texts == header_cells:
        return HEADER  # the header repeated mid-file, as concatenated exports have it
    filled = [t for t in texts if t]
    furniture = header_map.furniture
    if len(filled) == 1 and is_note(filled[0], furniture.notes):
        return INSTRUCTION
    if all(t in furniture.markers for t in filled):
        return MARKERS
    # A second header row of field codes (cf_wsh under 行政处罚决定书文号) names the same fields.
    kind_headers = header_map.kinds[kind]
    if kind_headers.field_for(filled[0], _name(layout.generation)) is None:
        return ""
    row_fields, _ = map_row(texts, kind_headers, _name(layout.generation))
    named = set(row_fields) - {DETAIL}
    if len(row_fields) >= 2 and len(row_fields) * 2 > len(filled) and named <= set(layout.fields):
        return HEADER
    return ""


def is_note(text: str, notes: tuple[str, ...]) -> bool:
    """Tell whether a lone cell is a form's note: `表格说明：…`, `注：…`, `填报单位：…`."""
    folded = normalize_header(text)
    for note in notes:
        if folded.startswith(note):
            rest = folded[len(note) :]
            if not rest or rest[0] in ":：.、" or rest[0].isdigit() or note.endswith("说明"):
                return True
    return False


def classify_above(cells: list[Any], furniture_notes: tuple[str, ...]) -> str:
    """Return what a non-blank row above the header is: an instruction or a title."""
    filled = [t for t in (clean_text(c) for c in cells) if t]
    if not filled:
        return ""
    return INSTRUCTION if len(filled) == 1 and is_note(filled[0], furniture_notes) else TITLE
