"""`engine.plain_json` by recursion (`schema._plain`) and, past the interpreter's
recursion limit, by its explicit stack: both answer what plain JSON means, on drawn values
of every shape (tuples, subclasses, enums, non-string keys, non-finite floats anywhere)."""

from __future__ import annotations

import enum
import math
import sys
from collections import OrderedDict
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.schema import engine


class _Text(str):
    pass


class _Int(int):
    pass


class _Color(enum.Enum):
    RED = "red"


def _meaning(value: object) -> bool:
    """Plain JSON, as `engine.plain_json` promises it: exact dicts with string keys,
    exact lists, strings, ints, bools, None and finite floats."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str for k in value) and all(map(_meaning, value.values()))  # type: ignore[attr-defined]
    if kind is list:
        return all(map(_meaning, value))  # type: ignore[call-overload]
    if kind is float:
        return math.isfinite(value)  # type: ignore[arg-type]
    return kind in {str, int, bool, type(None)}


_PLAIN_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(),  # inf and NaN too
    st.text(max_size=3),
)
_OTHER_SCALARS = st.sampled_from(
    [_Text("x"), _Int(1), _Color.RED, b"x", 1j, frozenset({1}), Ellipsis, 0.5]
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.text(max_size=2), st.integers(0, 2), st.just(_Text("k")), st.none())
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=2), children, max_size=4),
        st.dictionaries(keys, children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=2), children, max_size=3).map(OrderedDict),
    )


_VALUES = st.recursive(
    st.one_of(_PLAIN_SCALARS, _PLAIN_SCALARS, _OTHER_SCALARS), _containers, max_leaves=30
)


@settings(max_examples=600, deadline=None)
@given(_VALUES)
def test_recursion_answers_plain_json(value: Any) -> None:
    assert engine.plain_json(value) is _meaning(value)


@settings(max_examples=60, deadline=None)
@given(_VALUES, st.booleans())
def test_beyond_the_recursion_limit_the_stack_answers(value: Any, in_dicts: bool) -> None:
    """Wrapped deeper than the recursion limit (in lists or one-key dicts), a value is
    plain exactly when it is: the recursion fails and the stack walks it."""
    deep = value
    for _ in range(sys.getrecursionlimit() + 50):
        deep = {"a": deep} if in_dicts else [deep]
    assert engine.plain_json(deep) is _meaning(value)


def test_plain_documents_and_their_defects() -> None:
    document = {"ome": {"multiscales": [{"axes": [{"name": "x"}], "scale": [1.0, 2]}]}}
    assert engine.plain_json(document) is True
    defects: tuple[object, ...] = ((1.0,), math.nan, -math.inf, _Text("x"), _Color.RED)
    for defect in (*defects, OrderedDict()):
        document["ome"]["multiscales"][0]["scale"][1] = defect  # type: ignore[index]
        assert engine.plain_json(document) is False, defect
