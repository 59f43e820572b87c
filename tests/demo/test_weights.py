"""Tests of weighted lookup tables (generator/demo/weights.py)."""

from __future__ import annotations

from collections import Counter

from generator.demo.weights import weighted


def test_items_appear_in_proportion_to_their_weight_in_order() -> None:
    table = weighted([("a", 3), ("b", 1), ("c", 0)], slots=100)
    assert Counter(table) == {"a": 75, "b": 25}
    assert table == ["a"] * 75 + ["b"] * 25


def test_fractional_weights_round_per_item() -> None:
    table = weighted([("x", 0.5), ("y", 0.2), ("z", 99.3)])
    assert Counter(table) == {"x": 5, "y": 2, "z": 993}
