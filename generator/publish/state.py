"""What one build hands the next: one private file, in sections each subsystem owns.

`build/state/state.json` holds, per subsystem, what the next build needs: the writer's digest
of every published file and input key of every made page (so unchanged pages are kept and
unchanged files linked), the privacy gate's memo (keyed digests only), and the CSP
collector's inline sources per page. This module only holds the file: each subsystem reads
and writes its own section. A publish saves the state once its tree passed every check,
naming that tree, just before switching to it: a build that failed before leaves the state
(and the site) as they were, and a state saved for a switch that then did not happen names
a tree `out` does not point at, so it is not used.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.core.artifacts import Reuse
from generator.core.atomic import write_text_atomically

STATE = Path("state") / "state.json"
VERSION = 4
# Without every one of these the state cannot vouch for a kept page, so none is used.
SECTIONS = ("writer", "gate", "csp")


class BuildState:
    """The last build's sections (for reading) and this build's (for saving), for one `--out`."""

    def __init__(self, work_dir: Path, out: Path, key: bytes, last: dict[str, Any]) -> None:
        self.work_dir, self.out, self.key = work_dir, out, key
        self.last = last
        self.next: dict[str, Any] = {}
        self.saved = False

    @classmethod
    @contextmanager
    def open(cls, work_dir: Path, out: Path, key: bytes) -> Iterator[BuildState]:
        """Yield the state of `out`; save it when the block succeeds, unless a publish saved it."""
        state = cls(work_dir, out, key, load_sections(work_dir, out))
        yield state
        if not state.saved:
            state.save()

    def get(self, section: str) -> Any:
        """Return the last build's section, or None when there is no usable state."""
        return self.last.get(section)

    def put(self, section: str, value: Any) -> None:
        """Set this build's section (saved when the build succeeds)."""
        self.next[section] = value

    def reuse(self) -> Reuse | None:
        """Return what the last publish offers to keep: its tree, file digests and page keys."""
        writer = self.get("writer")
        if writer is None:
            return None
        return Reuse(self.out.resolve(), writer["files"], writer["keys"])

    def save(self, live: Path | None = None) -> None:
        """Write this build's sections as the state of `live`, by default the tree `out` is at."""
        state = {
            "version": VERSION,
            "out": os.path.abspath(self.out),
            "live": str(live.resolve() if live is not None else self.out.resolve()),
            **{name: self.next.get(name) for name in sorted(self.next)},
        }
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        write_text_atomically(self.work_dir / STATE, text)
        self.saved = True


def load_sections(work_dir: Path, out: Path) -> dict[str, Any]:
    """Return the last build's sections, or none when there is no usable state for `out`.

    State made for another output folder, or by another version of this format, is ignored,
    and so is state for a site that is no longer there: the build then compares bytes and
    makes every page, which is slower but never wrong.
    """
    if not out.is_dir():
        return {}
    try:
        state = json.loads((work_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict) or state.get("version") != VERSION:
        return {}
    # The state describes the tree `out` points at: after a build that stopped between the
    # switch and writing the state, it describes the other one, and is not used.
    if state.get("out") != os.path.abspath(out) or state.get("live") != str(out.resolve()):
        return {}
    if any(not isinstance(state.get(name), dict) for name in SECTIONS):
        return {}
    return {name: state[name] for name in SECTIONS}
