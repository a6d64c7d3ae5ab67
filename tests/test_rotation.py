"""The rotation test in Python (issue 15) gives numpy's verdict on every matrix: drawn
rotations (2 to 5 axes), the same scaled or nudged to straddle the tolerance, permuted,
with huge, tiny, integer or non-finite entries."""

from __future__ import annotations

import math

from hypothesis import example, given
from hypothesis import strategies as st

from ome_zarr_schemas.rules._rotation import TOLERANCE, _numpy, is_rotation
from ome_zarr_schemas.testing._transforms import rotation_matrix

#: Factors a matrix is scaled by: the identity's Gram entries then sit on, near and
#: across the tolerance (1 + TOLERANCE / 2 squared is about 1 + TOLERANCE).
_FACTORS = [1.0, -1.0, 0.0, 2.0, 1e-200, 1e200, 1e160]
_FACTORS += [1 + k * TOLERANCE / 8 for k in range(-12, 13)]
_FACTORS += [math.sqrt(1 + TOLERANCE), math.sqrt(1 - TOLERANCE), (1 + TOLERANCE) ** (1 / 3)]
_ENTRIES = (0, 1, -1, 0.5, 10**400, 2**1023, 1e-300, math.inf, -math.inf, math.nan)


@st.composite
def _matrices(draw: st.DrawFn) -> list[list[float]]:
    n = draw(st.integers(1, 6))
    rows = rotation_matrix(draw, n)  # integers as drawn (a signed permutation)
    if draw(st.booleans()):
        factor = draw(st.sampled_from(_FACTORS))
        which = draw(st.integers(0, n - 1)) if draw(st.booleans()) else None
        rows = [[x * factor for x in r] if which in (None, i) else r for i, r in enumerate(rows)]
    if draw(st.booleans()):
        i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        rows[i][j] = draw(
            st.sampled_from(_ENTRIES)
            | st.floats(-2, 2)
            | st.just(rows[i][j] + draw(st.sampled_from([-1, 1])) * TOLERANCE / 2)
        )
    if draw(st.booleans()):
        rows.reverse()  # an odd permutation of rows turns the determinant's sign
    return rows


def _numpy_verdict(rows: list[list[float]]) -> bool:
    try:
        values = [[float(x) for x in row] for row in rows]
    except OverflowError:
        return False
    if not all(math.isfinite(x) for row in values for x in row):
        return False
    return _numpy(values)


@given(_matrices())
@example([[1.0, 0.0], [0.0, 1.0]])
@example([[1 + TOLERANCE / 2, 0.0], [0.0, 1.0]])
@example([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
@example([[0.0, 1.0], [1.0, 0.0]])
def test_python_gives_numpys_verdict(rows: list[list[float]]) -> None:
    assert is_rotation(rows) == _numpy_verdict(rows)


def test_the_drawn_rotations_are_rotations_and_their_mirrors_are_not() -> None:
    turn = [[math.cos(0.3), -math.sin(0.3)], [math.sin(0.3), math.cos(0.3)]]
    assert is_rotation(turn)
    assert not is_rotation([turn[1], turn[0]])
    assert not is_rotation([[1 + 2 * TOLERANCE, 0.0], [0.0, 1.0]])
    assert not is_rotation([[10**400, 0], [0, 1]])
