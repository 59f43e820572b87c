"""The city's department directory: each department's names, current and former, → credit code.

2016-generation files and the national site's list files name the deciding department but not
its credit code. The directory (a YAML file named by `extra.portal.departments`) resolves such a
name to the department's code, so the row joins its department's section and is counted for
it. A name the directory does not know leaves the code empty: the row is published all the same,
shown without a section link, and counted under its name. Rows that carry a code keep theirs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from generator.core.codes import is_valid_uscc
from generator.core.config import ConfigError
from generator.core.kinds import DOUBLE_KINDS, LIST_KINDS
from generator.core.records import Record
from generator.ingest.results import Ingested, KindResult, Rejection

_BRACKETS = str.maketrans("（）〔〕【】[]", "()()()()")


def fold_name(name: str) -> str:
    """Fold a department's name so width, spaces and bracket styles do not make two differ."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).translate(_BRACKETS)


@dataclass(frozen=True, slots=True)
class DepartmentDirectory:
    """Department names (folded) → credit code, and each code's current name."""

    by_name: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)  # code → the name it goes by now

    def code_of(self, name: str) -> str:
        """Return the code of the department a name (current or former) belongs to, or ''."""
        return self.by_name.get(fold_name(name), "") if name else ""


def read_directory(entries: Any, where: str = "departments") -> DepartmentDirectory:
    """Return the directory a YAML list of `{code, names, former}` describes; refuse a bad one."""
    if entries is None:
        return DepartmentDirectory()
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: 部门名录应为列表，每项含 code、names、former")
    by_name: dict[str, str] = {}
    names: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("names"):
            raise ConfigError(f"{where} 第 {number} 项：应有 code 和 names")
        code = str(entry["code"]).strip().upper()
        if not is_valid_uscc(code):
            raise ConfigError(f"{where} 第 {number} 项：{code} 不是有效的统一社会信用代码")
        current = [str(n) for n in _listed(entry["names"])]
        names.setdefault(code, current[0])
        for name in (*current, *(str(n) for n in _listed(entry.get("former")))):
            other = by_name.setdefault(fold_name(name), code)
            if other != code:  # one name, two departments: the directory cannot decide
                raise ConfigError(f"{where}：名称“{name}”同时属于 {other} 和 {code}")
    return DepartmentDirectory(by_name, names)


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def load_directory(path: Path | None) -> DepartmentDirectory:
    """Read the department directory a city's configuration names (none: an empty one)."""
    if path is None:
        return DepartmentDirectory()
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: 无法读取部门名录：{exc}") from exc
    return read_directory(entries, str(path))


RESOLVED_KINDS = (*DOUBLE_KINDS, *LIST_KINDS)  # the kinds whose rows name a deciding department


def resolve_departments(ingested: Ingested, directory: DepartmentDirectory) -> Ingested:
    """Return what ingest read with the code of every department the directory knows by name."""
    if not directory.by_name:
        return ingested
    kinds = dict(ingested.kinds)
    for kind in RESOLVED_KINDS:
        if kind in kinds:
            kinds[kind] = _resolve_kind(kinds[kind], directory)
    return replace(ingested, kinds=kinds)


def _resolve_kind(result: KindResult, directory: DepartmentDirectory) -> KindResult:
    return replace(
        result,
        records=tuple(resolve_record(r, directory) for r in result.records),
        conflicts=tuple(
            tuple(resolve_record(r, directory) for r in group) for group in result.conflicts
        ),
        rejections=tuple(
            Rejection(resolve_record(r.record, directory), r.faults) for r in result.rejections
        ),
    )


def resolve_record(record: Record, directory: DepartmentDirectory) -> Record:
    """Return a record with its department's code from the directory, when it has none."""
    if getattr(record, "dept_code", "x") or not getattr(record, "dept", ""):
        return record
    code = directory.code_of(record.dept)  # type: ignore[union-attr]
    return replace(record, dept_code=code) if code else record  # type: ignore[type-var]
