"""Artifacts: the files a build makes, as paths and bytes; nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.publish.gate import Scan


@dataclass(frozen=True, slots=True)
class Artifact:
    """One output file: its path under the site root (posix, relative) and its bytes."""

    path: str
    data: bytes
    # The digest of the inputs it was made from, where the maker knows them: a later build
    # whose inputs have the same key may keep the published file instead of making it again.
    key: str = ""
    # What the privacy gate found in these bytes, when the process that made them scanned them.
    scan: Scan | None = None


@dataclass(frozen=True, slots=True)
class Kept:
    """A file the build keeps as last published (same inputs, so same bytes): linked, not made."""

    path: str
    digest: str
    key: str
