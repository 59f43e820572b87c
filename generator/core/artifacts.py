"""Artifacts: the files a build makes, as paths and bytes; nothing here writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Artifact:
    """One output file: its path under the site root (posix, relative) and its bytes."""

    path: str
    data: bytes
    # The digest of the inputs it was made from, where the maker knows them: a later build
    # whose inputs have the same key may keep the published file instead of making it again.
    key: str = ""
    # What the publish's inspectors noted of these bytes where they were made (in a render
    # worker), one note per inspector; empty when the maker had no inspectors to hand.
    notes: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class Kept:
    """A file the build keeps as last published (same inputs, so same bytes): linked, not made."""

    path: str
    digest: str
    key: str


@dataclass(frozen=True, slots=True)
class Reuse:
    """What the last publish offers: its folder, its files' digests and its pages' input keys."""

    root: Path
    digests: Mapping[str, str]
    keys: Mapping[str, str]
