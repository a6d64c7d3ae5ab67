"""Whether a square matrix is a rotation (orthonormal, determinant 1, within `TOLERANCE`),
in pure Python for the sizes a document holds, numpy's verdict otherwise.

numpy cost about 38 us per matrix (array built, a product, ``linalg.det`` through
LAPACK), for matrices of at most five rows: the same sums in Python cost a few. The
two compute the same quantities in a different order, so they round differently, by a
few units in the last place of numbers near 1; against a tolerance of 1e-6 that can
decide only a quantity within rounding of the tolerance itself. So Python answers when
every quantity is clearly on one side (more than `_BAND` away from the tolerance), and
numpy answers the rest: the verdict is numpy's, always.

Why rounding stays far inside the band: when every diagonal entry of the Gram matrix
is clearly within the tolerance of 1, every row has norm about 1, so every entry is at
most about 1 and each sum of at most five products is off by about 1e-15; a diagonal
entry clearly out is out in both (a sum of squares has no cancellation, and an overflow
is an infinity in both); an off-diagonal entry can be off by more only with a row of a
large norm, whose diagonal entry is then clearly out: not a rotation, in both.
"""

from __future__ import annotations

from operator import mul

from ._util import finites

__all__ = ["TOLERANCE", "is_rotation"]

TOLERANCE = 1e-6

#: Within this of `TOLERANCE`, numpy decides (rounding differences are ~1e-15).
_BAND = 1e-9

#: Larger matrices go to numpy (none of the images a document describes: 2 to 5 axes).
_LARGEST = 5

_UNDER = TOLERANCE - _BAND
_OVER = TOLERANCE + _BAND


def is_rotation(rows: list[list[float]]) -> bool:
    """Orthonormal with determinant 1, within TOLERANCE. An entry that is not a finite
    double (an integer beyond its range, an infinity) makes the matrix no rotation.
    ``rows`` is square (the caller checks it)."""
    values = [finites(row) for row in rows]
    checked: list[list[float]] = []
    for row in values:
        if row is None:
            return False
        checked.append(row)
    if len(checked) > _LARGEST:
        return _numpy(checked)
    verdict = _orthonormal(checked)
    if verdict is None:
        return _numpy(checked)
    if not verdict:
        return False
    deviation = abs(_determinant(checked) - 1.0)
    if deviation <= _UNDER:
        return True
    if deviation > _OVER or deviation != deviation:  # NaN: out, as numpy's comparison
        return False
    return _numpy(checked)


def _orthonormal(rows: list[list[float]]) -> bool | None:
    """Whether rows @ rows.T is the identity within TOLERANCE: True or False when every
    entry is clearly on one side, None when one is within `_BAND` of the tolerance (and
    none clearly out). The Gram matrix is symmetric: its upper half says it all."""
    near = False
    for i, a in enumerate(rows):
        for j in range(i, len(rows)):
            total = sum(map(mul, a, rows[j]))
            deviation = abs(total - 1.0 if i == j else total)
            if deviation <= _UNDER:
                continue
            if deviation > _OVER or deviation != deviation:
                return False
            near = True
    return None if near else True


def _determinant(rows: list[list[float]]) -> float:
    """In closed form up to 3 x 3, else by elimination with partial pivoting (as
    LAPACK's LU): the product of the pivots."""
    size = len(rows)
    if size == 1:
        return rows[0][0]
    if size == 2:
        (a, b), (c, d) = rows
        return a * d - b * c
    if size == 3:
        (a, b, c), (d, e, f), (g, h, i) = rows
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    work = [list(row) for row in rows]
    det = 1.0
    for k in range(size):
        pivot, largest = k, abs(work[k][k])
        for r in range(k + 1, size):
            if abs(work[r][k]) > largest:
                pivot, largest = r, abs(work[r][k])
        if largest == 0.0:
            return 0.0
        if pivot != k:
            work[k], work[pivot] = work[pivot], work[k]
            det = -det
        top = work[k]
        head = top[k]
        det *= head
        for r in range(k + 1, size):
            row = work[r]
            factor = row[k] / head
            if factor:
                for c in range(k + 1, size):
                    row[c] -= factor * top[c]
    return det


def _numpy(rows: list[list[float]]) -> bool:
    """The verdict by numpy: Gram matrix and determinant (LAPACK)."""
    import numpy as np  # loads with the first matrix Python leaves undecided

    matrix = np.array(rows, dtype=np.float64)
    with np.errstate(all="ignore"):  # overflow to infinity is a failed check, not a warning
        gram = matrix @ matrix.T
        if not bool((np.abs(gram - np.eye(len(rows))) <= TOLERANCE).all()):
            return False
        return bool(abs(float(np.linalg.det(matrix)) - 1.0) <= TOLERANCE)
