"""Artifacts to files: the writer, the inspectors (privacy gate, CSP), build state, nginx.

`publish` is the stage's entry point: it writes the new tree beside the live one while every
inspector looks at what streams past, switches to it only when every inspector passes it,
and then lets the writer and each inspector remember their part for the next build.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.core.artifacts import Artifact, Kept
from generator.publish.inspect import Inspector, inspected, verdict
from generator.publish.state import BuildState
from generator.publish.writer import Manifest, PublishError, write_tree

__all__ = ["Manifest", "PublishError", "publish"]


def publish(
    artifacts: Iterable[Artifact | Kept],
    out: Path,
    inspectors: Sequence[Inspector],
    state: BuildState,
) -> Manifest:
    """Write the site, let every inspector pass it, switch `out` to it, and remember the state."""
    last = state.get("writer")
    manifest = write_tree(
        inspected(artifacts, inspectors),
        out,
        verdict(inspectors),
        previous=last["files"] if last else None,
        spare=last["spare"] if last else None,
    )
    # The tree that was live is now the spare, and the last state's files are its digests.
    state.put(
        "writer",
        {
            "files": dict(sorted(manifest.digests.items())),
            "keys": dict(sorted(manifest.keys.items())),
            "spare": dict(sorted(last["files"].items())) if last else None,
        },
    )
    for inspector in inspectors:
        inspector.remember(state)
    return manifest
