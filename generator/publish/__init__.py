"""Artifacts to files: the writer, the inspectors (privacy gate, CSP), build state, nginx.

`publish` is the stage's entry point: it writes the new tree beside the live one while every
inspector looks at what streams past and, once every inspector passed it, lets the writer and
each inspector remember their part for the next build, saves the state, hands over to
deploying, and only then switches: a failure on the way (a full disk) leaves the live site as
it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
    hand_over: Callable[[Manifest], None] | None = None,
) -> Manifest:
    """Write the site, let every inspector pass it, save what follows it, and switch `out` to it.

    `hand_over` writes the files deploying needs for this tree (purge list, nginx.conf).
    """
    last = state.get("writer")

    def commit(manifest: Manifest, tree: Path) -> None:
        # The tree that was live becomes the spare, and the last state's files are its digests.
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
        # The state first: it is the largest, and once saved it names `tree`, which `out` does
        # not point at until the switch, so a hand-over that fails after it costs the next
        # build only its shortcuts.
        state.save(tree)
        if hand_over is not None:
            hand_over(manifest)

    return write_tree(
        inspected(artifacts, inspectors),
        out,
        verdict(inspectors),
        previous=last["files"] if last else None,
        spare=last["spare"] if last else None,
        commit=commit,
    )
