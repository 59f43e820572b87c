"""The CSP allows only the theme's own inline scripts; a page with any other is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.core.artifacts import Artifact
from generator.publish import PublishError, publish
from generator.publish.csp import CspCollector, csp_hash, inline_sources
from generator.publish.nginx import render_nginx_conf
from generator.publish.state import BuildState
from generator.publish.theme_scripts import (
    default_theme_dirs,
    portal_theme,
    script_pattern,
    skeleton,
    theme_scripts,
)

GOLDEN = Path(__file__).parents[1] / "golden" / "site"
PAGE = (GOLDEN / "articles" / "index.html").read_text(encoding="utf-8")  # a Material page
INJECTED = "alert(document.cookie)"


def inject(page: str, markup: str) -> str:
    return page.replace("</article>", f"{markup}</article>", 1)


def test_the_theme_scripts_of_a_material_page_are_recognised_and_hashed() -> None:
    sources = inline_sources([PAGE])
    assert sources.foreign == () and len(sources.script_hashes) == 2  # __md_scope, the tabs


@pytest.mark.parametrize(
    "markup",
    [
        f"<script>{INJECTED}</script>",
        f'<script type="module">{INJECTED}</script>',
        f"<p onclick='{INJECTED}'>x</p>",
        f"<svg><a href='javascript:{INJECTED}'>x</a></svg>",
        f'<a href=" JAVASCRIPT:{INJECTED}">x</a>',
        # Material's own script with a value that breaks out of its string literal
        '<script>__md_scope=new URL("x",alert(1),location)</script>',
    ],
)
def test_an_injected_script_is_never_hashed_and_its_page_is_refused(
    markup: str, tmp_path: Path
) -> None:
    csp = CspCollector()
    for path, page in (("articles/index.html", inject(PAGE, markup)), ("ok/index.html", PAGE)):
        artifact = Artifact(path, page.encode("utf-8"))
        csp.take(path, csp.look(artifact))
    (refusal,) = csp.verdict(tmp_path)
    assert refusal.startswith("articles/index.html：") and "不是主题自带的脚本" in refusal
    allowed = csp.sources().script_hashes
    assert allowed == inline_sources([PAGE]).script_hashes
    assert csp_hash(INJECTED) not in render_nginx_conf(Path("/srv"), 80, (), csp.sources())


def test_publishing_a_tree_with_an_injected_script_fails_naming_the_page(tmp_path: Path) -> None:
    out = tmp_path / "site"
    artifacts = [
        Artifact("index.html", PAGE.encode()),
        Artifact("news/index.html", inject(PAGE, f"<script>{INJECTED}</script>").encode()),
    ]
    with (
        BuildState.open(tmp_path / "work", out, b"k") as state,
        pytest.raises(PublishError, match=r"news/index\.html"),
    ):
        publish(artifacts, out, (CspCollector.from_state(state),), state)
    assert not out.exists()


def test_a_hole_may_only_hold_what_cannot_leave_its_string() -> None:
    pattern = script_pattern(skeleton("<script>f(\"{{ x }}\", '{{ y }}')</script>")[8:-9])
    assert pattern is not None
    assert pattern.fullmatch("f(\"../..\", 'a b:c')")
    for value in ('"),alert(1),("', "\\", "</script><script>alert(1)", "a\nb"):
        assert not pattern.fullmatch(f"f(\"{value}\", 'y')"), value


def test_a_hole_outside_a_string_must_be_json_from_tojson() -> None:
    assert skeleton("<script>var a = {{ x | tojson }};</script>").count("\ue002") == 1
    assert script_pattern(skeleton("<script>var a = {{ x }};</script>")[8:-9]) is None
    assert script_pattern(skeleton("<script>{% if x %}a(){% endif %}</script>")[8:-9]) is None


def test_tojson_values_are_data_and_code_is_not(tmp_path: Path) -> None:
    (tmp_path / "base.html").write_text(
        "<script>var base_url = {{ base_url | tojson }}, n = {{ n|tojson }};</script>", "utf-8"
    )
    theme = theme_scripts((tmp_path,))
    assert theme.recognises('var base_url = "../..", n = {"a": [1, 2]};')
    assert not theme.recognises("var base_url = alert(1), n = 1;")
    assert not theme.recognises('var base_url = "x"; alert(1); var y = "", n = 1;')


def test_a_city_theme_override_brings_its_own_reviewed_script(tmp_path: Path) -> None:
    (tmp_path / "main.html").write_text("<script>window.cityCounter = 1;</script>", "utf-8")
    page = inject(PAGE, "<script>window.cityCounter = 1;</script>")
    assert inline_sources([page]).foreign != ()
    city = portal_theme((tmp_path, *default_theme_dirs()))  # mkdocs' dirs: overrides first
    assert inline_sources([page], city).foreign == ()
    assert re.search("cityCounter", str(city.patterns))
