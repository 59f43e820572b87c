"""A city's publication rules: the shipped policy.yaml with the city's own file laid over it."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from generator.decide.departments import DepartmentDirectory


@dataclass(frozen=True, slots=True)
class Rules:
    """A city's publication choices (policy.yaml with its overrides)."""

    publicity_months: dict[str, int]
    default_severity: str
    severity_by_department: dict[str, str]
    severity_by_category: dict[str, str]
    withhold_warning_only: bool
    withhold_simple_procedure: bool
    withhold_minors: bool
    non_public_marks: frozenset[str]
    mask_person_names: bool
    scrub: frozenset[str]
    directory: DepartmentDirectory = field(default_factory=DepartmentDirectory)
    """The city's department directory (extra.portal.departments): names → credit codes."""


def load_rules(override: Path | None = None) -> Rules:
    """Read the shipped policy, with a city's own file laid over it key by key."""
    text = resources.files("generator.decide").joinpath("policy.yaml").read_text(encoding="utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    if override is not None:
        _merge(spec, yaml.safe_load(override.read_text(encoding="utf-8")) or {})
    withhold, severity = spec["withhold"], spec["severity"]
    return Rules(
        publicity_months={k: int(v) for k, v in spec["publicity_months"].items()},
        default_severity=severity["default"],
        severity_by_department=dict(severity.get("by_department") or {}),
        severity_by_category=dict(severity.get("by_category") or {}),
        withhold_warning_only=bool(withhold["warning_only"]),
        withhold_simple_procedure=bool(withhold["simple_procedure"]),
        withhold_minors=bool(withhold["minors"]),
        non_public_marks=frozenset(withhold.get("non_public_marks") or ()),
        mask_person_names=bool(spec["mask_person_names"]),
        scrub=frozenset(k for k, on in spec["scrub"].items() if on),
    )


def _merge(base: dict[str, Any], override: dict[str, Any]) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
