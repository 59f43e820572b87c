"""The house's rules, read from the code's own imports: stages import only earlier stages.

core → ingest → decide → site → publish → ops, then pipeline and cli on top; the demo city
stands apart (it uses only the vocabulary, and only the command line uses it). No module may
import one that imports it back, however long the way round.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
STAGES = ("core", "ingest", "decide", "site", "publish", "ops")
TOP = ("pipeline", "cli", "__main__", "__init__")
LIMIT = 400  # lines of a module outside the demo: more is a room to divide


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> Iterator[str]:
    """Yield every project module a file imports, at module level or inside functions."""
    package = module_name(path if path.name == "__init__.py" else path.parent / "__init__.py")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("generator"))
        elif isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level:  # relative: from the file's package, one level up per extra dot
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, *([name] if name else [])])
            if name.startswith("generator"):
                yield name
                # `from generator.ops import deploy` imports the module generator.ops.deploy
                yield from (f"{name}.{alias.name}" for alias in node.names)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: sorted(set(imported(path)) & set(MODULES)) for name, path in MODULES.items()}


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def rank(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_stage_imports_only_itself_and_earlier_stages(module: str) -> None:
    stage = stage_of(module)
    for target in GRAPH[module]:
        other = stage_of(target)
        if stage == "demo" or other == "demo":
            assert (stage, other) in {("demo", "demo"), ("demo", "core"), ("cli", "demo")}, (
                f"{module} -> {target}: the demo city uses only core, and only cli uses it"
            )
            continue
        if other in TOP and other != "__init__":
            assert stage in TOP, f"{module} -> {target}: only the top reaches the top"
            continue
        assert rank(other) <= rank(stage), f"{module} -> {target}: a later stage, imported back"


def test_no_module_imports_itself_by_a_way_round() -> None:
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in GRAPH[module]:
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if stage_of(m) != "demo"))
def test_no_room_outside_the_demo_is_over_the_limit(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= LIMIT, f"{module} has {lines} lines"


def test_each_stage_names_its_entry_point() -> None:
    entries = {"ingest": "ingest", "decide": "decide", "site": "emit", "publish": "publish"}
    for stage, entry in entries.items():
        tree = ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
        names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        names |= {
            a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names
        }
        assert entry in names, f"generator.{stage} does not name {entry}()"


# Distribution name → the module the code imports it by (where the two differ).
IMPORT_NAMES = {
    "pyyaml": "yaml",
    "python-calamine": "python_calamine",
    "charset-normalizer": "charset_normalizer",
    "chinese-calendar": "chinese_calendar",
    "pyahocorasick": "ahocorasick",
}


def test_every_declared_dependency_is_used() -> None:
    """Nothing is declared that nothing imports (mkdocs-material is the editorial theme)."""
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    imported_roots = {
        name.split(".")[0]
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
    }
    config = (PACKAGE.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for requirement in project["project"]["dependencies"]:
        name = requirement.split(">")[0].split("=")[0].split("<")[0].strip().lower()
        if name == "mkdocs-material":
            assert "name: material" in config
            continue
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        assert module in imported_roots, f"{requirement} is declared but never imported"
