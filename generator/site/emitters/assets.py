"""The portal's own static files, named by their content so a CDN may cache them for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.core.artifacts import Artifact

ASSETS = Path(__file__).resolve().parents[3] / "templates" / "assets"


def hashed_name(name: str, data: bytes) -> str:
    """Return `assets/<stem>.<10 hex of the content>.<suffix>`."""
    stem, _, suffix = name.rpartition(".")
    return f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def portal_assets(folder: Path = ASSETS) -> tuple[dict[str, str], list[Artifact]]:
    """Return each asset's hashed path and the artifacts.

    The portal's own stylesheet and script are keyed `css` and `js`; any other asset by its stem
    (`search` for search.js, loaded by the search page only).
    """
    names: dict[str, str] = {}
    artifacts = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".css", ".js")):
        data = path.read_bytes()
        name = hashed_name(path.name, data)
        names[path.suffix.lstrip(".") if path.stem == "portal" else path.stem] = name
        artifacts.append(Artifact(name, data))
    return names, artifacts
