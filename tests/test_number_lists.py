"""The C-level answers of the number-list readers (issue 15, round 6b) are the
item-by-item ones: `finites` of a list of exact ints and floats (a rotation's 0 and 1,
a scale of ints) and `ints` of a list of exact ints, against the readers' documented
meaning on lists drawn with every kind of item they meet (bools, huge ints, infinities,
NaN, floats with and without a fraction, strings, nested lists)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ome_zarr_schemas.rules._transform_fit import ints
from ome_zarr_schemas.rules._util import finite, finites

_ITEMS = st.one_of(
    st.integers(),
    st.integers(min_value=2**1020, max_value=2**1030),
    st.integers(min_value=-(2**1030), max_value=-(2**1020)),
    st.floats(),
    st.booleans(),
    st.just("1"),
    st.just([1]),
    st.none(),
)

_LISTS = st.lists(_ITEMS, max_size=6) | st.lists(st.integers() | st.floats(), max_size=6)


def _finites(value: list[object]) -> list[float] | None:
    """`finites` item by item: every item's `finite`, or None when one is none."""
    out = [finite(v) for v in value]
    return None if any(v is None for v in out) else out  # type: ignore[return-value]


def _integer(v: object) -> bool:
    """An integer number (1.0 is one), no bool."""
    if isinstance(v, bool):
        return False
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


def _ints(value: list[object]) -> list[int] | None:
    """`ints` item by item: every item an integer, as ints."""
    return [int(v) for v in value] if all(map(_integer, value)) else None  # type: ignore[call-overload]


@given(_LISTS)
@example([0, 1, -1.0])
@example([2**1023 + 5, 0.5])
@example([10**400, 1.0])
@example([1, float("nan")])
@example([True, 1])
def test_finites_is_each_items_finite(value: list[object]) -> None:
    got = finites(value)
    assert got == _finites(value)
    assert got is None or all(type(v) is float for v in got)


@given(_LISTS)
@example([0, 3, 2**80])
@example([1, True])
@example([1, 2.0])
def test_ints_is_each_items_integer(value: list[object]) -> None:
    got = ints(value)
    assert got == _ints(value)
    assert got is None or all(type(v) is int for v in got)
    assert got is not value  # a list of its own, as the loop builds
