"""Leaf values the spec allows: names, paths, numbers.

The strategies lean towards the values real files hold ("x", "0", 0.5) but reach the
unusual ones the spec still allows (unicode, huge and tiny numbers, long lists), because
that is where validators and readers break.
"""

from __future__ import annotations

import string
from functools import cache
from typing import Any

from hypothesis import strategies as st

#: Text that survives JSON: no lone surrogates.
_CHARS = st.characters(exclude_categories=["Cs"])

ALNUM = string.ascii_letters + string.digits


@cache
def text(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Any text, unicode included."""
    return st.text(_CHARS, min_size=min_size, max_size=max_size)


@cache
def name() -> st.SearchStrategy[str]:
    """A non-empty name: usually a conventional one, sometimes any unicode."""
    return st.one_of(
        st.sampled_from(["x", "y", "z", "t", "c", "a", "b", "lambda", "angle"]),
        text(min_size=1),
    )


@cache
def alnum(max_size: int = 4) -> st.SearchStrategy[str]:
    """Plate row and column names, well field paths: ASCII letters and digits."""
    return st.text(ALNUM, min_size=1, max_size=max_size)


@cache
def segment() -> st.SearchStrategy[str]:
    """One segment of a relative path: non-empty, no '/', not '.' or '..'."""
    return st.one_of(
        st.sampled_from(["0", "1", "cells", "nuclei", "A", "labels"]),
        text(min_size=1).filter(lambda s: "/" not in s and s not in {".", ".."}),
    )


@cache
def relative_path(max_segments: int = 3) -> st.SearchStrategy[str]:
    """A relative path that stays inside its group: segments joined by '/'."""
    return st.lists(segment(), min_size=1, max_size=max_segments).map("/".join)


def distinct(draw: st.DrawFn, values: st.SearchStrategy[str], n: int) -> list[str]:
    """``n`` distinct strings; a repeat gets a suffix instead of a redraw.

    Redrawing until a value is new is a rejection loop, which Hypothesis' mutator can keep
    feeding the same value.
    """
    out: list[str] = []
    seen: set[str] = set()
    for i in range(n):
        value = draw(values)
        suffix = i
        while value in seen:
            value = f"{value}{suffix}"
            suffix += 1
        seen.add(value)
        out.append(value)
    return out


@cache
def integer() -> st.SearchStrategy[int]:
    """An integer, occasionally beyond 64 bits (JSON has no limit)."""
    return st.one_of(
        st.integers(-(2**31), 2**31),
        st.sampled_from([0, 1, -1, 2**53, -(2**53), 2**63 - 1, 2**64, -(2**63)]),
    )


@cache
def number() -> st.SearchStrategy[int | float]:
    """Any finite JSON number, extremes included."""
    return st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(-(2**63), 2**64),
        st.sampled_from([0.0, -0.0, 5e-324, 1.7976931348623157e308, 1e-300, 0.5]),
    )


@cache
def positive() -> st.SearchStrategy[int | float]:
    """A positive finite number (a pixel size), extremes included."""
    return st.one_of(
        st.sampled_from([1, 1.0, 0.5, 0.1, 2, 0.325]),
        st.floats(min_value=5e-324, max_value=1e300, allow_nan=False, allow_infinity=False),
        st.integers(1, 2**53),
    )


@cache
def json_value(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """Arbitrary JSON, for free-form fields such as multiscales 'metadata' values."""
    leaves = st.one_of(st.none(), st.booleans(), integer(), number(), text())
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(text(max_size=6), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )


#: Draws shared by the strategies: a coin, a four-sided die (``draw(D4) > 0``: "usually"),
#: and the numbers and text of `number`, `positive` and `text`.
COIN = st.booleans()
D4 = st.integers(0, 3)
NUMBER = number()
POSITIVE = positive()
TEXT = text()
