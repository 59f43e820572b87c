"""Read the demo's data files, shipped as package data in generator/demo/data/."""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import yaml


def read_text(name: str) -> str:
    """Return the text of one data file."""
    return (resources.files("generator.demo") / "data" / name).read_text(encoding="utf-8")


def read_yaml(name: str) -> Any:
    """Return the parsed content of a YAML data file."""
    return yaml.safe_load(read_text(name))


def read_csv(name: str) -> list[dict[str, str]]:
    """Return the rows of a CSV data file as dicts keyed by its header."""
    return list(csv.DictReader(io.StringIO(read_text(name), newline="")))
