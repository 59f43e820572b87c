"""Emitters: turn the published site into artifacts (path, bytes); nothing here writes files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .articles import Article
from .config import Config
from .present import FIELDS, labelled_fields
from .records import Record
from .report import KIND_NAMES
from .writer import Artifact

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def make_environment(templates: Path = TEMPLATES) -> Environment:
    """Return the Jinja2 environment: every value escaped where it is placed."""
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def emit_site(
    config: Config,
    published: Mapping[str, tuple[Record, ...]],
    articles: tuple[Article, ...],
    today: date,
) -> list[Artifact]:
    """Return every artifact of the public site."""
    env = make_environment()
    artifacts = emit_opendata(published, today)
    artifacts.append(emit_home(env, config, published, articles, today))
    return artifacts


def emit_opendata(published: Mapping[str, tuple[Record, ...]], today: date) -> list[Artifact]:
    """Return each kind's published records as UTF-8 CSV (with BOM, for Excel) and JSON."""
    artifacts = []
    for kind in FIELDS:
        records = published.get(kind, ())
        labels = [label for label, _ in FIELDS[kind]]
        rows = [[value for _, value in labelled_fields(r)] for r in records]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(labels)
        writer.writerows(rows)
        artifacts.append(
            Artifact(f"opendata/{kind}.csv", ("\ufeff" + out.getvalue()).encode("utf-8"))
        )
        document = {
            "kind": kind,
            "title": KIND_NAMES[kind],
            "build_day": today.isoformat(),
            "fields": labels,
            "records": [dict(zip(labels, row, strict=True)) for row in rows],
        }
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        artifacts.append(Artifact(f"opendata/{kind}.json", data))
    return artifacts


def emit_home(
    env: Environment,
    config: Config,
    published: Mapping[str, tuple[Record, ...]],
    articles: tuple[Article, ...],
    today: date,
) -> Artifact:
    """Return the home page: counts per kind and the latest articles."""
    counts = [(KIND_NAMES[kind], kind, len(published.get(kind, ()))) for kind in FIELDS]
    latest = sorted(articles, key=lambda a: (a.date, a.path), reverse=True)[:8]
    html = env.get_template("home.html").render(
        config=config, counts=counts, articles=latest, today=today
    )
    return Artifact("index.html", html.encode("utf-8"))
