"""Cell cleaning: codes, dates and amounts as real exports write them."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from generator.ingest.cells import (
    NO_END,
    CellError,
    clean_code,
    clean_text,
    looks_scientific,
    parse_amount,
    parse_date,
    split_list,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L"),  # full-width
        (" 91110000600037341l ", "91110000600037341L"),  # spaces, lower case
        ("9111 0000 6000 3734 1L", "91110000600037341L"),  # spaces inside
        ("'360403600123456", "360403600123456"),  # Excel's text apostrophe
        (360403600123456.0, "360403600123456"),  # a 15-digit number stored as float
        ("3.60403600123456E+14", "360403600123456"),  # scientific notation, digits intact
        ("360403600123456.0", "360403600123456"),
        (None, ""),
    ],
)
def test_clean_code(raw: object, expected: str) -> None:
    assert clean_code(raw) == expected


def test_excel_damaged_code_is_detected_not_repaired() -> None:
    damaged = 9.13604007055012e17  # 18 digits squeezed into a float
    assert looks_scientific(damaged)
    assert looks_scientific("9.13604E+17")
    assert not looks_scientific("91360400705501234X")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019/4/23", date(2019, 4, 23)),
        ("2019-04-23", date(2019, 4, 23)),
        ("2019年4月23日", date(2019, 4, 23)),
        ("20190423", date(2019, 4, 23)),
        ("2019.04.23", date(2019, 4, 23)),
        ("2019-04-23 00:00:00", date(2019, 4, 23)),
        (43578, date(2019, 4, 23)),  # Excel serial number
        (43578.0, date(2019, 4, 23)),
        ("43578", date(2019, 4, 23)),
        (datetime(2019, 4, 23, 15, 30), date(2019, 4, 23)),
        (date(2019, 4, 23), date(2019, 4, 23)),
        ("２０１９－０４－２３", date(2019, 4, 23)),
        ("长期", NO_END),
        ("长期有效", NO_END),
        ("2099-12-31", NO_END),
        ("9999/12/31", NO_END),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2019-02-30", "2019-13-01", "去年", "12", 123.0, "2019/4"])
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(CellError):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2", Decimal(2)),
        ("0.5", Decimal("0.5")),
        (" 1.50 ", Decimal("1.5")),
        ("3.2万元", Decimal("3.2")),
        ("5,000元", Decimal("0.5")),
        (10.0, Decimal(10)),
        ("", None),
    ],
)
def test_parse_amount(raw: object, expected: Decimal | None) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["-1", "两万", "1.2.3"])
def test_parse_amount_rejects(raw: str) -> None:
    with pytest.raises(CellError):
        parse_amount(raw)


def test_clean_text_trims_and_keeps_inner_lines() -> None:
    assert clean_text("\u3000 经查，\r\n当事人 ") == "经查，\n当事人"
    assert clean_text(12.0) == "12"


def test_split_list_accepts_every_separator() -> None:
    assert split_list("罚款;警告；没收违法所得、通报批评,限制从业，其他") == [
        "罚款",
        "警告",
        "没收违法所得",
        "通报批评",
        "限制从业",
        "其他",
    ]
