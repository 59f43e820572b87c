"""The code that renders pages: the page builders and every project module they import.

A kept page's key includes this code's digest, so editing the page code remakes every page,
while editing code that does not render pages (deploy, ingest's readers, the writer) does not.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
ROOTS = ("generator.site.plan", "generator.site.render")


def module_file(name: str) -> Path | None:
    """Return the source file of a project module, or None when the name is not a module."""
    relative = Path(*name.split(".")[1:])
    for candidate in (PACKAGE / relative.with_suffix(".py"), PACKAGE / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports_of(path: Path, name: str) -> set[str]:
    """Return the project modules a source file imports, wherever in the file it imports them."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                parts = package.split(".")
                target = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [target])])
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {n for n in found if n.startswith("generator")}


@cache
def rendering_files(roots: tuple[str, ...] = ROOTS) -> tuple[Path, ...]:
    """Return the source and data files page rendering depends on, in a stable order.

    The data files are the YAML files the site stage reads (the field notes).
    """
    seen: dict[str, Path] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen or (path := module_file(name)) is None:
            continue
        seen[name] = path
        # A package's __init__ also runs on import, but what it defines for the page code is
        # imported by name (`from generator.decide import …`), which brings it in here.
        pending += imports_of(path, name)
    folders = {path.parent for path in seen.values() if path.is_relative_to(PACKAGE / "site")}
    data = [p for folder in folders for p in folder.glob("*.yaml")]
    return tuple(sorted({*seen.values(), *data}))
