"""What one build hands the next: the digest of every published file, and the CDN purge list.

`build/state/files.json` remembers each file's digest, so the next build links unchanged files
without reading them; the input key of each page made from known inputs, so the next build
keeps a page whose inputs did not change without making it again; and the privacy gate's memo
(keyed digests only), which vouches for the kept pages. `build/deploy/purge.txt` names exactly the URLs added, changed or removed
by the last publish. Both are written only after a publish succeeded: a failed build leaves the
state, the purge list and the site as they were.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.urls import absolute, file_url
from generator.publish.gate import Memo
from generator.publish.nginx import InlineSources
from generator.publish.writer import Manifest

STATE = Path("state") / "files.json"
PURGE = Path("deploy") / "purge.txt"
VERSION = 3


@dataclass(frozen=True, slots=True)
class State:
    """The last publish: each file's digest, each made page's input key, the gate's memo."""

    files: dict[str, str]
    keys: dict[str, str] = field(default_factory=dict)
    memo: Memo | None = None
    spare: dict[str, str] | None = None  # the spare tree's digests (the build before), if known
    inline: dict[str, InlineSources] | None = None  # pages with inline sources, for the CSP


def load_state(work_dir: Path, out: Path) -> State | None:
    """Return the last build's state, or None when there is no usable state for `out`.

    State made for another output folder, or by another version of this format, is ignored,
    and so is state for a site that is no longer there: the build then compares bytes and
    makes every page, which is slower but never wrong.
    """
    if not out.is_dir():
        return None
    try:
        state = json.loads((work_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != VERSION:
        return None
    # The state describes the tree `out` points at: after a build that stopped between the
    # switch and writing the state, it describes the other one, and is not used.
    if state.get("out") != os.path.abspath(out) or state.get("live") != str(out.resolve()):
        return None
    files, keys, spare = state.get("files"), state.get("keys"), state.get("spare")
    if not isinstance(files, dict):
        return None
    return State(
        dict(files),
        dict(keys) if isinstance(keys, dict) else {},
        Memo.from_json(state.get("memo")),
        dict(spare) if isinstance(spare, dict) else None,
        _inline(state.get("inline")),
    )


def _inline(data: object) -> dict[str, InlineSources] | None:
    if not isinstance(data, dict):
        return None
    return {
        page: InlineSources(tuple(scripts), tuple(styles), bool(attributes))
        for page, (scripts, styles, attributes) in data.items()
    }


def save_state(
    work_dir: Path,
    out: Path,
    day: str,
    digests: Mapping[str, str],
    keys: Mapping[str, str] | None = None,
    memo: Memo | None = None,
    spare: Mapping[str, str] | None = None,
    inline: Mapping[str, InlineSources] | None = None,
) -> None:
    """Remember the tree just published (digests, input keys, the gate's memo) and the spare."""
    state = {
        "version": VERSION,
        "out": os.path.abspath(out),
        "live": str(out.resolve()),
        "build_day": day,
        "files": dict(sorted(digests.items())),
        "keys": dict(sorted((keys or {}).items())),
        "memo": memo.to_json() if memo is not None else None,
        "spare": dict(sorted(spare.items())) if spare is not None else None,
        "inline": {
            page: [list(s.script_hashes), list(s.style_hashes), s.style_attributes]
            for page, s in sorted((inline or {}).items())
        },
    }
    _write(work_dir / STATE, json.dumps(state, ensure_ascii=False, separators=(",", ":")))


def purge_urls(manifest: Manifest, site_url: str) -> list[str]:
    """Return the absolute URLs a CDN must forget: every file added, changed or removed."""
    paths = {*manifest.written, *manifest.removed}
    return sorted(absolute(site_url, file_url(path)) for path in paths)


def write_purge(work_dir: Path, urls: list[str]) -> Path:
    """Write the purge list, one URL a line (empty when nothing changed)."""
    target = work_dir / PURGE
    _write(target, "".join(f"{url}\n" for url in urls))
    return target


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)  # a reader never sees half a file
