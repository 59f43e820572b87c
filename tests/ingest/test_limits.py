"""The input limits: defaults, and a city's overrides under extra.portal.input_limits."""

from __future__ import annotations

import pytest

from generator.core.config import ConfigError
from generator.ingest.limits import ReadLimits, read_limits


def test_defaults_when_not_configured() -> None:
    assert read_limits({}) == ReadLimits()
    assert ReadLimits().unpacked_bytes == 1 << 30


def test_a_city_overrides_a_limit() -> None:
    limits = read_limits({"input_limits": {"sheet_cells": 20_000_000, "reader_seconds": 60}})
    assert (limits.sheet_cells, limits.reader_seconds, limits.workbook_ratio) == (
        20_000_000,
        60,
        100,
    )


@pytest.mark.parametrize(
    "given", [{"sheet_cell": 1}, {"sheet_cells": 0}, {"sheet_cells": "many"}, {"sheet_cells": True}]
)
def test_a_bad_limit_is_a_configuration_error(given: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="input_limits"):
        read_limits({"input_limits": given})
