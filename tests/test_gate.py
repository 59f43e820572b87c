"""The privacy gate fires on a planted leak, names the file and the field, and publishes nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import PERSON_ID

from generator.gate import scan_tree
from generator.writer import Artifact, PublishError, publish


def gate(secrets: set[str] = frozenset()):  # type: ignore[assignment]
    return lambda root: [str(leak) for leak in scan_tree(root, secrets)]


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("entity/x/index.html", f"<td>{PERSON_ID}</td>", "身份证号"),
        ("search/shard-01.json", '{"t":"13907920000"}', "手机号码"),
        ("feeds/penalties.xml", "<summary>139-0792-0000</summary>", "手机号码"),
        ("opendata/p.csv", "张*,110105 19491231 002X", "身份证号"),
        ("assets/app.js", f'var x="{PERSON_ID.lower()}";', "身份证号"),
    ],
)
def test_gate_finds_planted_leaks(tmp_path: Path, name: str, content: str, what: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_text(content, encoding="utf-8")
    (leak,) = scan_tree(tmp_path)
    assert leak.file == name and leak.what == what


def test_gate_finds_never_published_values_of_any_shape(tmp_path: Path) -> None:
    passport = "E12345678"
    (tmp_path / "a.html").write_text(f"<p>证件 x{passport}y</p>", encoding="utf-8")
    (leak,) = scan_tree(tmp_path, {passport})
    assert "证件号码" in leak.what


def test_gate_reads_compressed_files(tmp_path: Path) -> None:
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(PERSON_ID.encode()))
    assert [leak.file for leak in scan_tree(tmp_path)] == ["index.html.gz"]


def test_gate_passes_clean_output(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        "<p>91110000600037341L 九市监罚〔2025〕12号 110105194912310021 0792-8221234 a13907920000b</p>",
        encoding="utf-8",
    )
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe" + PERSON_ID.encode()[:5])
    assert scan_tree(tmp_path) == []


def test_leak_stops_publication_and_keeps_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish([Artifact("index.html", b"<p>old</p>")], out, gate())
    with pytest.raises(PublishError, match=r"entity/a/index.html: 含有身份证号"):
        publish(
            [
                Artifact("index.html", b"<p>new</p>"),
                Artifact("entity/a/index.html", PERSON_ID.encode()),
            ],
            out,
            gate(),
        )
    assert (out / "index.html").read_bytes() == b"<p>old</p>"
    assert not (out / "entity").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging left behind


def test_published_identifiers_that_pass_the_id_check_are_allowed(tmp_path: Path) -> None:
    licence_no = (
        "360400202207070014"  # a 许可编号 with a date inside; passes the ID check by chance
    )
    (tmp_path / "a.html").write_text(f"<td>{licence_no}</td>", encoding="utf-8")
    assert [leak.what for leak in scan_tree(tmp_path)] == ["身份证号"]
    assert scan_tree(tmp_path, allowed={licence_no}) == []
    # a value that is someone's ID number is never allowed, even if it was also a licence number
    assert [leak.what for leak in scan_tree(tmp_path, {licence_no}, {licence_no})] != []
