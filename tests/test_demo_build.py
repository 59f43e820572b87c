"""The demo export built whole: nothing withheld and no personal data reaches a public file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.gate import file_text, scan_tree
from generator.ingest import natural_label
from generator.policy import load_rules
from generator.privacy import public_view, published_identifiers
from generator.records import PERSON

ROOT = Path(__file__).parents[1]
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(demo_build):  # type: ignore[no-untyped-def]
    site, checked = demo_build
    texts = {p: file_text(p) or "" for p in site.rglob("*") if p.is_file()}
    return site, checked, "\n".join(texts.values())


def test_no_personal_data_in_any_public_file(demo) -> None:  # type: ignore[no-untyped-def]
    site, checked, _ = demo
    rules = load_rules()
    public = [
        public_view(r, True, rules.scrub) for rs in checked.decision.published.values() for r in rs
    ]
    # Only identifiers published on purpose (codes, 许可编号) may look like an ID number.
    assert scan_tree(site, checked.secrets, published_identifiers(public)) == []
    assert checked.secrets  # the demo has people with ID numbers: the gate had something to find


def test_no_withheld_document_number_appears(demo) -> None:  # type: ignore[no-untyped-def]
    _, checked, text = demo
    published = {
        natural_label(r) for records in checked.decision.published.values() for r in records
    }
    withheld = [
        (kind, natural_label(record), reason)
        for kind, pairs in checked.decision.withheld.items()
        for record, reason in pairs
        if hasattr(record, "doc_no") or hasattr(record, "code")
    ]
    assert len(withheld) > 100  # expired, repaired, revoked and non-public records in the demo
    leaked = [w for w in withheld if w[1] and w[1] not in published and w[1] in text]
    assert leaked == []


def test_no_withheld_entity_name_appears(demo) -> None:  # type: ignore[no-untyped-def]
    _, checked, text = demo

    def name_of(record) -> str:  # type: ignore[no-untyped-def]
        party = getattr(record, "party", None)
        return party.name if party else getattr(record, "name", "")

    published_names = {
        name_of(r) for records in checked.decision.published.values() for r in records
    }
    withheld_names = {
        name_of(record)
        for pairs in checked.decision.withheld.values()
        for record, _ in pairs
        if name_of(record)
    }
    leaked = sorted(n for n in withheld_names - published_names if n in text)
    assert leaked == []


def test_people_appear_only_masked(demo) -> None:  # type: ignore[no-untyped-def]
    _, checked, text = demo
    people = {
        record.party.name
        for records in checked.decision.published.values()
        for record in records
        if getattr(record, "party", None) is not None and record.party.type == PERSON
    }
    assert people  # the demo publishes penalties and licences of natural persons
    assert [name for name in people if len(name) >= 2 and name in text] == []
