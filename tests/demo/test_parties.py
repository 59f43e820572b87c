"""Tests of the demo's party pool (generator/demo/parties.py)."""

from __future__ import annotations

from collections import Counter
from random import Random

import pytest

from generator.core.codes import USCC_PLACEHOLDER, is_valid_id_number, is_valid_uscc
from generator.demo.names import load_names
from generator.demo.parties import IND, ORG, PERSON, Parties, Party


@pytest.fixture(scope="module")
def parties() -> Parties:
    """Return one pool of 2,000 parties."""
    return Parties(Random(5), 2000, load_names())


def everyone(parties: Parties) -> list[Party]:
    """Return every party of the pool."""
    return parties.business + parties.people


def test_names_and_codes_are_unique(parties: Parties) -> None:
    all_ = everyone(parties)
    assert len(all_) == 2000
    people = [p.name for p in parties.people]
    assert len({p.name for p in parties.business}) == len(parties.business)
    assert len(set(people)) > 0.9 * len(people)  # people may share a name; businesses may not
    codes = [p.code for p in parties.business if p.has_code]
    assert len(set(codes)) == len(codes)


def test_every_party_has_the_13_party_columns(parties: Parties) -> None:
    for p in everyone(parties):
        assert len(p.cols) == 13
        assert (p.cols[0], p.cols[1]) == (p.name, p.category)


def test_codes_are_valid_and_typed_by_registration(parties: Parties) -> None:
    for p in parties.business:
        if p.code == USCC_PLACEHOLDER:
            assert p.category == IND and len(p.cols[3]) == 15  # known by its 工商注册号
            continue
        assert is_valid_uscc(p.code)
        prefix = p.code[:2]
        if p.category == IND:
            assert prefix == "92"
        elif p.name.endswith("协会"):
            assert prefix == "51"
        else:
            assert prefix in {"91", "52"}
    assert all(p.has_code for p in parties.listable)


def test_one_in_25_individuals_has_no_credit_code(parties: Parties) -> None:
    individuals = [p for p in parties.business if p.category == IND]
    placeholders = [p for p in individuals if p.code == USCC_PLACEHOLDER]
    assert len(placeholders) == (len(individuals) + 24) // 25


def test_people_have_valid_id_numbers_and_no_code(parties: Parties) -> None:
    assert parties.people
    for p in parties.people:
        assert p.category == PERSON and p.code == "" and not p.has_code
        assert is_valid_id_number(p.person_id) and p.cols[12] == p.person_id


def test_mix_of_categories(parties: Parties) -> None:
    counts = Counter(p.category for p in everyone(parties))
    assert 0.05 < counts[PERSON] / 2000 < 0.15
    assert 0.12 < counts[IND] / 2000 < 0.22
    assert counts[ORG] > counts[IND]


def test_pick_favours_the_first_parties(parties: Parties) -> None:
    picks = Counter(id(parties.pick(False)) for _ in range(5000))
    first = sum(picks[id(p)] for p in parties.business[: len(parties.business) // 10])
    assert first > 0.2 * 5000  # the first tenth get far more than a tenth of the records


def test_addresses_are_in_the_city(parties: Parties) -> None:
    names = load_names()
    assert len(parties.addresses) == 400
    assert all(
        a.startswith(names.address_districts) and a.endswith("号") for a in parties.addresses
    )
