"""Read the cells of one row as typed values, collecting problems instead of raising."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from generator.core.codes import (
    USCC_PLACEHOLDER,
    USCC_VALUE,
    is_personal_id,
    is_valid_id_number,
    is_valid_uscc,
    uscc_check_char,
)
from generator.core.records import Source
from generator.ingest.cells import (
    CellError,
    clean_code,
    clean_text,
    looks_scientific,
    parse_amount,
    parse_date,
)
from generator.ingest.headers import PUBLIC_ID, Generation, HeaderMap
from generator.ingest.layout import Layout

REQUIRED = "必填项为空"
PERSONAL_ID_AS_CODE = "填写的是居民身份证号，不是统一社会信用代码"


# Distinct values a table keeps per field for sharing: enough for every department, date and
# category of a file; a field that goes past it (names, numbers) is mostly unique anyway.
SHARED_PER_FIELD = 4096


V = TypeVar("V")


SharedValues = dict[str, dict[Any, Any]]


"""Per field, one object for each value read so far: equal values of a table share it."""


class RowFields:
    """The cells of one row by canonical field, read with the checks each field needs."""

    def __init__(
        self,
        cells: dict[str, Any],
        labels: dict[str, str],
        header_map: HeaderMap,
        salt: bytes,
        source: Source,
        shared: SharedValues | None = None,
        layout: Layout | None = None,
        classes: dict[str, str] | None = None,
        details: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.source = source
        self.layout = layout
        self.not_required = layout.not_required if layout is not None else frozenset()
        self.classes = classes or {}
        self.details = details  # (header, value) of the columns published in 备注
        # Personal ID numbers found in public identifier columns: kept out of every public
        # field, and handed on so the privacy gate looks for them.
        self.hidden: list[str] = []
        # The rows of a table repeat most values (department, dates, status): each held once,
        # ingest needs 40 % less memory, and a worker's records pickle to back-references.
        self.shared: SharedValues = {} if shared is None else shared
        self.cells = cells
        self.labels = labels
        self.header_map = header_map
        self.salt = salt
        self.problems: list[tuple[str, str, str]] = []  # (field label, reason, value)
        # The same problems by canonical field: the reporting monitor groups rejections by
        # what went wrong, which the file's own header spelling would scatter.
        self.faults: list[tuple[str, str]] = []  # (canonical field, reason)

    def fail(self, field: str, reason: str, value: Any = "") -> None:
        """Record a problem with a field of this row."""
        self.problems.append((self.labels.get(field, field), reason, clean_text(value)))
        self.faults.append((field, reason))

    def has(self, field: str) -> bool:
        """Tell whether the row's table has a column for a field."""
        return field in self.cells

    @property
    def generation(self) -> Generation | None:
        """Return the schema generation of the row's table (licences and penalties only)."""
        return self.layout.generation if self.layout is not None else None

    def missing(self, field: str, required: bool) -> None:
        """Fault an empty field that its table's shape requires."""
        if required and field not in self.not_required:
            self.fail(field, REQUIRED)

    def public_id(self, field: str, value: str) -> str:
        """Return a public identifier, or '' when it is a person's ID number (then kept hidden)."""
        if self.classes.get(field) == PUBLIC_ID and is_personal_id(value):
            if value not in self.hidden:
                self.hidden.append(value)
            return ""
        return value

    def share(self, field: str, value: V) -> V:
        """Return the object already holding `value` for this field in this table, if any."""
        pool = self.shared.get(field)
        if pool is None:
            pool = self.shared[field] = {}
        held = pool.get(value)
        if held is not None:
            return held
        if len(pool) < SHARED_PER_FIELD:
            pool[value] = value
        return value

    def raw(self, field: str) -> Any:
        """Return the raw cell of a field, None when the file has no such column."""
        return self.cells.get(field)

    def text(self, field: str, required: bool = False) -> str:
        """Return a trimmed text field."""
        value = clean_text(self.cells.get(field))
        if not value:
            self.missing(field, required)
            return value
        if self.classes.get(field) == PUBLIC_ID and not self.public_id(field, compact_id(value)):
            return ""  # a 许可编号 that is the holder's ID number (道路运输从业资格证)
        return self.share(field, value)

    def enum(self, field: str, enum: str, required: bool = False) -> str:
        """Return the standard spelling of an enumerated field."""
        value = self.text(field, required)
        if not value:
            return ""
        standard = self.header_map.standard_value(enum, value)
        if standard is None:
            allowed = " / ".join(self.header_map.allowed(enum))
            self.fail(field, f"不是允许的取值（{allowed}）", value)
            return ""
        return standard

    def day(self, field: str, required: bool = False) -> date | None:
        """Return a date field; NO_END stands for 长期."""
        raw = self.cells.get(field)
        try:
            value = parse_date(raw)
        except CellError as exc:
            self.fail(field, str(exc), raw)
            return None
        if value is None:
            self.missing(field, required)
            return None
        return self.share(field, value)

    def amount(self, field: str) -> Decimal | None:
        """Return an amount in 万元."""
        raw = self.cells.get(field)
        try:
            return parse_amount(raw)
        except CellError as exc:
            self.fail(field, str(exc), raw)
            return None

    def code(self, field: str, required: bool = False, person: bool = False) -> str:
        """Return an identifier folded to half-width upper case, unchecked.

        `person`: the field holds a person's ID number in this row (a 自然人's 承诺人代码), read
        as the secret it is rather than kept out of a public identifier.
        """
        value = clean_code(self.cells.get(field))
        if not value:
            self.missing(field, required)
            return value
        return self.share(field, value if person else self.public_id(field, value))

    def uscc(self, field: str, required: bool = False, placeholder_ok: bool = False) -> str:
        """Return a 统一社会信用代码 whose check character is right (GB 32100-2015)."""
        raw = self.cells.get(field)
        value = clean_code(raw)
        if value and is_personal_id(value):
            self.hidden.append(value)
            if required and field not in self.not_required:
                self.fail(field, PERSONAL_ID_AS_CODE, _masked(value))
            return ""
        value = self.code(field, required)
        if not value:
            return ""
        if value == USCC_PLACEHOLDER:
            if not placeholder_ok:
                self.fail(field, "占位代码 00000000000000000X 只适用于无代码的个体工商户", raw)
                return ""
            return value
        reason = uscc_problem(value)
        if reason and looks_scientific(raw):
            reason = "代码被 Excel 转成了数字或科学计数法，末位已丢失，请以文本格式导出"
        if reason:
            self.fail(field, reason, raw)
            return ""
        return value

    def id_number(self, field: str, id_type: str = "", required: bool = False) -> str:
        """Return a 居民身份证号 (GB 11643) with a valid check digit, or another ID as written."""
        value = self.code(field, required, person=True)
        if not value or (id_type and "身份证" not in id_type):
            return value
        if len(value) == 15 and value.isdigit():  # first-generation ID: no check digit exists
            return value
        if len(value) != 18:
            self.fail(field, f"身份证号应为18位（实际{len(value)}位）", _masked(value))
        elif not is_valid_id_number(value):
            self.fail(field, "身份证号校验位或出生日期错误", _masked(value))
        else:
            return value
        return ""

    def key(self, kind: str, *parts: str) -> str:
        """Return the stable key: a keyed hash of the natural key, so no ID can be read back."""
        text = "\x1f".join((kind, *parts))
        return hashlib.blake2b(text.encode(), digest_size=8, key=self.salt).hexdigest()


def check_order(f: RowFields, first: str, start: date | None, last: str, end: date | None) -> None:
    """Report a date range whose end comes before its start."""
    if start is not None and end is not None and end < start:
        f.fail(last, f"早于{f.labels.get(first, first)}（{start.isoformat()}）", end.isoformat())


def iso_day(day: date | None) -> str:
    """Return a day as YYYY-MM-DD for a record key, '' when there is none."""
    return day.isoformat() if day else ""


def uscc_problem(value: str) -> str:
    """Return why a credit code is invalid, or an empty string when it is valid."""
    if len(value) != 18:
        return f"统一社会信用代码应为18位（实际{len(value)}位）"
    bad = sorted({ch for ch in value if ch not in USCC_VALUE})
    if bad:
        return f"统一社会信用代码含不允许的字符：{''.join(bad)}"
    if not is_valid_uscc(value):
        return f"统一社会信用代码校验位错误（按前17位应为 {uscc_check_char(value[:17])}）"
    return ""


def compact_id(text: str) -> str:
    """Return a text cell as an ID number would be compared: half-width, upper case, no spaces."""
    return clean_code(text) if len(text) <= 24 else text


def _masked(value: str) -> str:
    """Keep an ID number out of the report too: the report is private, but travels by e-mail."""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)
