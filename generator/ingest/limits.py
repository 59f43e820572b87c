"""How much an export file may ask of the build before it is refused, unread.

A workbook is a zip of XML: its parts declare how big they unpack, and a sheet claims how many
cells it spans. Both are checked before any parser is handed the file, because a parser asked
for too much does not raise; it aborts the process (python-calamine's Rust allocator) or
swaps. The parser then runs in a child process capped at `reader_memory` and `reader_seconds`,
for whatever the checks cannot foresee.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from generator.core.config import ConfigError

MIB = 1 << 20

# Excel and WPS hold at most 32,767 characters in a cell, so a file that an office program
# wrote or can open has none longer: a longer cell is damage, most often an unclosed quote.
MAX_CELL_CHARS = 32_767
# Excel's widest sheet; a row with more cells than this is damage too.
MAX_ROW_CELLS = 16_384


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The limits an export file is held to (extra.portal.input_limits overrides each)."""

    workbook_unpacked_mb: int = 1024
    """Total size a workbook's parts declare when unpacked; also the largest workbook file."""
    workbook_ratio: int = 100
    """Largest unpacked : packed ratio of one part (Apache POI's default, 1 % inflate ratio)."""
    workbook_ratio_from_kb: int = 100
    """Parts smaller than this unpacked are not held to the ratio (POI's grace size)."""
    sheet_cells: int = 10_000_000
    """Cells a sheet may span (rows × columns from A1): about 250,000 rows of 40 columns."""
    reader_memory_mb: int = 2048
    """Memory the workbook reader's child process may add to what it started with."""
    reader_seconds: int = 300
    """Time the workbook reader's child process may take for one file."""

    @property
    def unpacked_bytes(self) -> int:
        """Return the unpacked-size limit in bytes."""
        return self.workbook_unpacked_mb * MIB

    @property
    def memory_bytes(self) -> int:
        """Return the reader's memory allowance in bytes."""
        return self.reader_memory_mb * MIB


def read_limits(portal: Mapping[str, Any]) -> ReadLimits:
    """Return the limits of `extra.portal.input_limits`, the defaults for what it leaves out."""
    given = portal.get("input_limits") or {}
    if not isinstance(given, Mapping):
        raise ConfigError("extra.portal.input_limits 应为映射")
    known = {f.name for f in fields(ReadLimits)}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ConfigError(
            f"extra.portal.input_limits 中有未知的设置：{'、'.join(map(str, unknown))}"
            f"（可用：{'、'.join(sorted(known))}）"
        )
    for key, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"extra.portal.input_limits.{key} 应为正整数：{value!r}")
    return ReadLimits(**given)
