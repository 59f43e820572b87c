"""Outcomes as bytes, for the trip from a worker or an isolated reader back to ingest."""

from __future__ import annotations

import dataclasses
import io
import operator
import pickle
from collections.abc import Callable
from typing import Any, get_args

from generator.core.problems import Problem
from generator.core.records import Party, Record, Source
from generator.ingest.tables import RowOutcome


def _field_reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    return lambda obj: (cls, values(obj))


# Records travel as (class, field values) and are rebuilt by their constructor: the slots
# dataclasses' own pickling (a Python __getstate__/__setstate__ per object) costs twice as much.
_REDUCERS = {cls: _field_reducer(cls) for cls in (Source, Party, Problem, *get_args(Record))}


def pack(outcomes: list[RowOutcome]) -> bytes:
    """Return a piece's outcomes as bytes for the trip from a worker back to ingest."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(outcomes)
    return buffer.getvalue()


def unpack(packed: bytes) -> list[RowOutcome]:
    """Return the outcomes `pack` was given."""
    outcomes: list[RowOutcome] = pickle.loads(packed)
    return outcomes
