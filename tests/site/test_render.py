"""Rendering: pages made in workers equal pages made here; kept pages are found by their keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import published_records, row, sample_chrome

from generator.core.artifacts import Artifact, Kept, Reuse
from generator.site import render
from generator.site.codekey import PACKAGE, rendering_files
from generator.site.index import index_site
from generator.site.plan import page_inputs, plan_pages

DAY = date(2025, 6, 1)


def small_site(tmp_path: Path):  # type: ignore[no-untyped-def]
    published = published_records(
        tmp_path, {"penalties": [row("penalties")], "licensing": [row("licensing")]}
    )
    return index_site(published, (), DAY)


def test_pages_render_the_same_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, chrome = small_site(tmp_path), sample_chrome()
    jobs = list(plan_pages(site))
    serial = list(render.render_pages(site, chrome, jobs, workers=1))
    monkeypatch.setattr(render, "SERIAL_BELOW", 0)
    monkeypatch.setattr(render, "BATCH", 3)
    parallel = list(render.render_pages(site, chrome, jobs, workers=2))
    assert parallel == serial and len(serial) == len(jobs)


def test_the_page_code_is_what_the_page_builders_import() -> None:
    files = {p.relative_to(PACKAGE).as_posix() for p in rendering_files()}
    assert {"site/pages.py", "site/render.py", "core/kinds.py", "site/fieldnotes.yaml"} <= files
    # Code that makes no page must not remake every page when it changes.
    assert not files & {"ops/deploy.py", "publish/writer.py", "ingest/readers.py", "pipeline.py"}


def test_the_renderer_key_follows_templates_and_code_but_not_the_day(tmp_path: Path) -> None:
    templates, code = tmp_path / "templates", tmp_path / "page_code.py"
    templates.mkdir()
    (templates / "record.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    code.write_text("X = 1\n", encoding="utf-8")
    chrome = sample_chrome()

    def key() -> str:
        return render.renderer_key(chrome, templates, (code,))

    first = key()
    assert render.renderer_key(replace(chrome, day="2030-01-01"), templates, (code,)) == first
    code.write_text("X = 2\n", encoding="utf-8")
    second = key()
    (templates / "record.html").write_text("<p>{{ x }}!</p>", encoding="utf-8")
    assert len({first, second, key()}) == 3


def test_a_page_whose_inputs_are_unchanged_is_kept_and_others_are_made(tmp_path: Path) -> None:
    site, chrome = small_site(tmp_path / "data"), sample_chrome()
    env, renderer = render.make_environment(), render.renderer_key(sample_chrome())
    job = ("record", "penalties", 0)
    made = render.make_page(env, site, chrome, job, renderer, look=lambda a: ("seen", a.path))
    assert isinstance(made, Artifact) and made.key
    assert made.notes == ("seen", made.path)  # noted where it was made, for the inspectors
    root = tmp_path / "live"
    (root / made.path).parent.mkdir(parents=True)
    (root / made.path).write_bytes(made.data)
    reuse = Reuse(root, {made.path: "digest"}, {made.path: made.key})
    kept = render.make_page(env, site, chrome, job, renderer, reuse=reuse)
    assert kept == Kept(made.path, "digest", made.key)
    other = render.make_page(env, site, chrome, job, renderer + "x", reuse=reuse)
    assert isinstance(other, Artifact)  # other page code: made again
    assert page_inputs(site, ("listing", "penalties", "", "", 1)) is None  # listings: always made
