"""The privacy gate fires on a planted leak, names the file and the field, and publishes nothing."""

from __future__ import annotations

import gzip
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import PERSON_ID

from generator.core.artifacts import Artifact, Kept
from generator.core.codes import id_check_char, is_valid_id_number, is_valid_uscc
from generator.core.records import PERSON, Commitment
from generator.decide.privacy import public_view, published_identifiers
from generator.publish.gate import Gate, Memo, PrivacyGate, scan_tree
from generator.publish.inspect import inspected, verdict
from generator.publish.writer import Manifest, PublishError, write_tree


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
    write_tree([Artifact("index.html", b"<p>old</p>")], out, gate())
    with pytest.raises(PublishError, match=r"entity/a/index.html: 含有身份证号"):
        write_tree(
            [
                Artifact("index.html", b"<p>new</p>"),
                Artifact("entity/a/index.html", PERSON_ID.encode()),
            ],
            out,
            gate(),
        )
    assert (out / "index.html").read_bytes() == b"<p>old</p>"
    assert not (out / "entity").exists()
    # Only the live tree and the link to it: no half-made spare left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.a", "site"]
    assert (out).resolve() == tmp_path / ".site.a"


def test_published_identifiers_that_pass_the_id_check_are_allowed(tmp_path: Path) -> None:
    licence_no = (  # a 许可编号 with a date inside; passes the ID and credit-code checks by chance
        "360400202207070196"
    )
    (tmp_path / "a.html").write_text(f"<td>{licence_no}</td>", encoding="utf-8")
    assert [leak.what for leak in scan_tree(tmp_path)] == ["身份证号"]
    assert scan_tree(tmp_path, allowed={licence_no}) == []
    # a value that is someone's ID number is never allowed, even if it was also a licence number
    assert [leak.what for leak in scan_tree(tmp_path, {licence_no}, {licence_no})] != []


SALT = b"test-salt"


def watched_publish(
    out: Path, items: list[Artifact | Kept], gate: Gate, memo: Memo | None, previous=None
) -> tuple[Manifest, PrivacyGate]:  # type: ignore[no-untyped-def]
    watch = PrivacyGate(gate, SALT, memo)
    manifest = write_tree(inspected(items, [watch]), out, verdict([watch]), previous=previous)
    return manifest, watch


def test_a_kept_file_is_read_again_for_values_that_became_secret(tmp_path: Path) -> None:
    out, passport = tmp_path / "site", "E98765432"
    page = f"<p>涉案护照 {passport}</p>".encode()
    first, watch = watched_publish(out, [Artifact("a/index.html", page)], Gate(), None)
    memo = watch.next_memo()
    kept = Kept("a/index.html", first.digests["a/index.html"], "")
    # The same secrets as last time: the kept file is vouched for by the memo, not read.
    again, watch = watched_publish(out, [kept], Gate(), memo, dict(first.digests))
    assert again.kept == ("a/index.html",)
    # A value that became secret since: the kept file is read again for it, and refused.
    with pytest.raises(PublishError, match=r"a/index.html: 含有不得公开的证件号码"):
        watched_publish(out, [kept], Gate({passport}), watch.next_memo(), dict(first.digests))
    assert (out / "a/index.html").read_bytes() == page


def test_a_kept_file_whose_id_shaped_number_is_no_longer_published_is_refused(
    tmp_path: Path,
) -> None:
    out, licence_no = tmp_path / "site", "110101202401010238"  # passes the ID and USCC checks
    assert list(scan_tree_text(licence_no)) != []
    page = f"<p>许可编号 {licence_no}</p>".encode()
    first, watch = watched_publish(
        out, [Artifact("a/index.html", page)], Gate(allowed={licence_no}), None
    )
    memo = watch.next_memo()
    assert list(memo.allowed) == ["a/index.html"]
    assert licence_no not in str(memo.to_json())  # the state holds keyed digests, never values
    kept = Kept("a/index.html", first.digests["a/index.html"], "")
    watched_publish(out, [kept], Gate(allowed={licence_no}), memo, dict(first.digests))
    with pytest.raises(PublishError, match="已不再公开"):
        watched_publish(out, [kept], Gate(), memo, dict(first.digests))


def scan_tree_text(text: str) -> list[str]:
    return [leak.what for leak in Gate().scan_text("x", text).leaks]


def test_a_secret_is_found_wherever_it_stands_and_whatever_its_case(tmp_path: Path) -> None:
    gate = Gate({"e98765432", "HK-1234567(8)"})
    found = gate.scan_text("x", "/entity/xE98765432y/ 与 hk-1234567(8)").leaks
    assert [leak.offset for leak in found] == [9, 23]


def test_a_commitments_credit_code_that_passes_the_id_check_is_published_not_a_leak() -> None:
    """Seen at a million demo records: a company's 承诺人代码 shaped like an ID stopped the build."""
    # A valid credit code that passes the ID check too (both check characters happen to agree).
    # A value that passes the ID check only is someone's ID number, never a published
    # identifier, whatever column it stands in (real exports put them under 事业单位证书号).
    code = "36040219800101058" + id_check_char("36040219800101058")
    assert is_valid_uscc(code) and is_valid_id_number(code)
    company = Commitment(
        "k", "某某有限公司", "法人及非法人组织", code, "其他", "事由", "内容", "责任",
        date(2025, 1, 1), "履约", "某局", "11360400MB1234567X", "可向社会公开",
    )  # fmt: skip
    person = replace(company, name="张三", subject_type=PERSON, party_code=PERSON_ID)
    allowed = published_identifiers(
        [public_view(company, True, frozenset()), public_view(person, True, frozenset())]
    )
    assert code in allowed and PERSON_ID not in allowed
    assert Gate(allowed=allowed).scan_text("c.csv", f"某某有限公司,{code}").leaks == ()
    assert Gate(allowed=allowed).scan_text("c.csv", f"张*,{PERSON_ID}").leaks != ()
