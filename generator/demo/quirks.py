"""Plant the quirks real exports have into licence and penalty rows."""

from __future__ import annotations

from collections.abc import Callable

from generator.core.codes import USCC_PLACEHOLDER
from generator.demo.calendar import Calendar
from generator.demo.identifiers import break_check_char, to_full_width

# Rows whose quirk draw falls below this get a quirk (or, above 0.05, stay plain but are never
# takedown targets).
QUIRK_SHARE = 0.06
# Positions in the 13 相对人 columns that licence and penalty rows start with.
NAME, CODE = 0, 2


def plant_quirk(
    row: list[str],
    q: float,
    date_col: int,
    blank_col: int,
    cal: Calendar,
    off: int,
    rnd: Callable[[], float],
) -> int:
    """Spoil row in place by the quirk q picks and return how many times to write it."""
    code = row[CODE]
    if q < 0.01 and code:
        row[CODE] = to_full_width(code)
    elif q < 0.02 and code:
        row[CODE] = code.lower()
    elif q < 0.03:
        row[NAME] = f" {row[NAME]}  "
        if code:
            row[CODE] = f"{code} "
    elif q < 0.033 and code and code != USCC_PLACEHOLDER:
        row[CODE] = break_check_char(code)
    elif q < 0.045:
        row[date_col] = cal.alt(off, rnd())
    elif q < 0.048:
        row[blank_col] = ""
    elif q < 0.05:
        return 2  # an exact duplicate, as when an export is appended twice
    return 1
