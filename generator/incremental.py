"""What one build hands the next: the digest of every published file, and the CDN purge list.

`build/state/files.json` remembers each file's digest, so the next build links unchanged files
without reading them. `build/deploy/purge.txt` names exactly the URLs added, changed or removed
by the last publish. Both are written only after a publish succeeded: a failed build leaves the
state, the purge list and the site as they were.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from .urls import absolute, file_url
from .writer import Manifest

STATE = Path("state") / "files.json"
PURGE = Path("deploy") / "purge.txt"
VERSION = 1


def load_state(work_dir: Path, out: Path) -> dict[str, str] | None:
    """Return the last build's digests, or None when there is no usable state for `out`.

    State made for another output folder, or by another version of this format, is ignored:
    the build then compares bytes, which is slower but never wrong.
    """
    try:
        state = json.loads((work_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != VERSION:
        return None
    if state.get("out") != str(out.resolve()):
        return None
    files = state.get("files")
    return dict(files) if isinstance(files, dict) else None


def save_state(work_dir: Path, out: Path, day: str, digests: Mapping[str, str]) -> None:
    """Remember the digests of the tree just published."""
    state = {
        "version": VERSION,
        "out": str(out.resolve()),
        "build_day": day,
        "files": dict(sorted(digests.items())),
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
