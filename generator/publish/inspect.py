"""Inspectors: what looks at every file of a publish before the site is switched to it.

An inspector (the privacy gate, the CSP collector) looks at each artifact's bytes where they
are made: the render workers call `look` for their pages and the note travels back with the
page; files made in this process are looked at as they stream to the writer. Files kept from
the last publish are never read to learn what they hold: the inspector's own part of the
build state remembers it. Once every file is in place, each inspector gives its verdict, and
once all passed (before the switch) it remembers what the next build needs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from generator.core.artifacts import Artifact, Kept
from generator.publish.state import BuildState


class Inspector(Protocol):
    """Looks at files where they are made, judges the tree, remembers for the next build."""

    def look(self, artifact: Artifact) -> object:
        """Return what this inspector notes of one file's bytes (runs in any process)."""
        ...

    def take(self, path: str, note: object) -> None:
        """Receive the note of a file made in this build."""
        ...

    def take_kept(self, path: str) -> None:
        """Receive the path of a file kept from the last publish."""
        ...

    def verdict(self, root: Path) -> list[str]:
        """Return why the assembled tree at `root` must not be published (empty: it may)."""
        ...

    def remember(self, state: BuildState) -> None:
        """Put what the next build needs into the state, once every inspector passed the tree."""
        ...


Looker = Callable[[Artifact], tuple[object, ...]]


def _look(inspectors: tuple[Inspector, ...], artifact: Artifact) -> tuple[object, ...]:
    return tuple(inspector.look(artifact) for inspector in inspectors)


def looker(inspectors: Sequence[Inspector]) -> Looker:
    """Return the callable that notes one file for every inspector, in their order."""
    return functools.partial(_look, tuple(inspectors))


def inspected(
    items: Iterable[Artifact | Kept], inspectors: Sequence[Inspector]
) -> Iterator[Artifact | Kept]:
    """Pass every file through, handing each inspector its note (made here unless made already)."""
    look = looker(inspectors)
    for item in items:
        if isinstance(item, Kept):
            for inspector in inspectors:
                inspector.take_kept(item.path)
        else:
            notes = item.notes or look(item)
            for inspector, note in zip(inspectors, notes, strict=True):
                inspector.take(item.path, note)
        yield item


def verdict(inspectors: Sequence[Inspector]) -> Callable[[Path], list[str]]:
    """Return the check the writer runs on the assembled tree: every inspector's verdict."""

    def check(root: Path) -> list[str]:
        return [failure for inspector in inspectors for failure in inspector.verdict(root)]

    return check
