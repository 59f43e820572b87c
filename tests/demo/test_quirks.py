"""Tests of the quirks planted into licence and penalty rows (generator/demo/quirks.py)."""

from __future__ import annotations

from datetime import date

from generator.core.codes import USCC_PLACEHOLDER, is_valid_uscc
from generator.demo.calendar import Calendar
from generator.demo.quirks import QUIRK_SHARE, plant_quirk

CAL = Calendar(date(2026, 11, 20))
OFF = CAL.end - 100
CODE = "91360403MA35F0Q14W"


def planted(q: float, code: str = CODE, r: float = 0.1) -> tuple[list[str], int]:
    """Return a row of party name, category, code, content and date after planting quirk q."""
    row = ["九江鑫华建材有限公司", "法人及非法人组织", code, "许可内容", CAL.iso[OFF]]
    copies = plant_quirk(row, q, 4, 3, CAL, OFF, lambda: r)
    return row, copies


def test_each_band_of_q_plants_its_quirk() -> None:
    assert planted(0.005)[0][2] == "９１３６０４０３ＭＡ３５Ｆ０Ｑ１４Ｗ"
    assert planted(0.015)[0][2] == "91360403ma35f0q14w"
    row, _ = planted(0.025)
    assert row[0] == " 九江鑫华建材有限公司  " and row[2] == CODE + " "
    row, _ = planted(0.031)
    assert row[2][:17] == CODE[:17] and not is_valid_uscc(row[2])
    assert planted(0.04, r=0.1)[0][4] == CAL.slash[OFF]
    assert planted(0.046)[0][3] == ""


def test_a_duplicate_is_written_twice_and_the_rest_once() -> None:
    assert planted(0.049) == (
        ["九江鑫华建材有限公司", "法人及非法人组织", CODE, "许可内容", CAL.iso[OFF]],
        2,
    )
    for q in (0.005, 0.025, 0.04, 0.046, 0.055):
        assert planted(q)[1] == 1
    assert planted(QUIRK_SHARE - 0.001)[0][2] == CODE  # the top band is left plain


def test_people_and_placeholders_keep_their_codes() -> None:
    # A person has no code: the code quirks fall through to the next band that applies.
    row, _ = planted(0.005, code="")
    assert row[0].startswith(" ") and row[2] == ""
    row, _ = planted(0.031, code=USCC_PLACEHOLDER)
    assert row[2] == USCC_PLACEHOLDER and row[4] == CAL.slash[OFF]
