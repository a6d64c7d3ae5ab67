"""A transformation with nothing to find, told in one pass: the shortcut of
`transformation_params.check_transformation`, which every dataset and image
transformation of a 0.6 document goes through.

`plain_output` answers, for the types whose checks read only their own parameters and
the axis counts N and M (scale, translation, identity, mapAxis, affine, rotation,
displacements, coordinates, and sequences, bijections and byDimensions of them), what
`Dimensions.walk` would return when none of those checks finds anything, and `WALK` at
the first doubt: a zero scale, a length that differs, a matrix of another size or no
rotation, an unknown interpolation, a bijection's side named otherwise, a byDimension
axis out of range, written twice or never, another type (projectAxis), a Mapping that
is not a dict. A byDimension's item keys depend on the version (``axes``, the version's
`by_dimension_axes`): without them, a byDimension is walked. The general walk then gives
the findings; `tests/test_transform_checks.py` proves on every
drawn and mutated transformation that the shortcut never hides one.

The parameter readers both use (`ints`, `matrix`) live here, below both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._rotation import is_rotation
from ._util import NUMBER_TYPES, is_number

__all__ = ["INTERPOLATIONS", "WALK", "ints", "matrix", "plain_output"]

INTERPOLATIONS = frozenset({"nearest", "linear", "bspline-cubic", "cubic"})


class _Walk:
    """The type of `WALK`: "check this one by the general walk"."""


WALK: Final = _Walk()


def ints(value: object) -> list[int] | None:
    """The list as integers, or None. 1.0 is an integer, as for the schemas' 'integer'."""
    if not isinstance(value, list):
        return None
    if type(value) is list and _INT_TYPE.issuperset(map(type, value)):
        return list(value)  # the usual list, exact ints: what the loop below builds
    out: list[int] = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return None
        if isinstance(v, float) and not v.is_integer():
            return None
        out.append(int(v))
    return out


#: The exact type of a JSON integer (bool is a subclass of int: not in it).
_INT_TYPE = frozenset({int})


def matrix(value: object) -> list[list[float]] | None:
    """The list of rows when every row is a list of numbers, else None."""
    if not isinstance(value, list) or not value:
        return None
    rows: list[list[float]] = []
    for row in value:
        if type(row) is list and NUMBER_TYPES.issuperset(map(type, row)):
            rows.append(row)  # the usual row, its types tested in C
            continue
        if not isinstance(row, list) or not all(is_number(x) for x in row):
            return None
        rows.append(row)
    return rows


def _fits(size: int, n: int | None, m: int | None) -> bool:
    """A vector of ``size`` entries fits both known sides (the checks compare the input
    first, then the output: any difference is a finding)."""
    return (n is None or size == n) and (m is None or size == m)


def plain_output(
    t: Mapping[str, Any], n: int | None, m: int | None, axes: tuple[str, str] | None = None
) -> int | _Walk | None:
    """The output dimensions of ``t`` from N to M (what `Dimensions.walk` returns) when the
    dimension and parameter checks find nothing in it, else `WALK`. ``axes``: the keys
    of a byDimension item's input and output axes in the version checked."""
    kind = t.get("type")
    same = n if n is not None else m  # what a type that keeps N gives, as the walk does
    if kind == "scale" or kind == "translation":
        values = t.get(kind)
        if type(values) is not list:
            return WALK if isinstance(values, list) else same
        if not _fits(len(values), n, m) or (kind == "scale" and 0 in values):
            return WALK  # `in` matches 0, 0.0, -0.0 and False: the walk tells
        return len(values)
    if kind == "identity":
        return same if n is None or m is None or n == m else WALK
    if kind == "sequence":
        return _sequence(t.get("transformations"), n, m, axes)
    if kind == "mapAxis":
        order = ints(t.get("mapAxis"))
        if order is None:
            return same
        if not _fits(len(order), n, m) or sorted(order) != list(range(len(order))):
            return WALK
        return len(order)
    if kind == "affine":
        rows = matrix(t.get("affine"))
        if rows is None:
            return m
        width = len(rows[0])
        if len(set(map(len, rows))) != 1:
            return WALK
        if (n is not None and width != n + 1) or (m is not None and len(rows) != m):
            return WALK  # rows have N+1 entries, and there are M rows
        return len(rows)
    if kind == "bijection":
        return _bijection(t, n, m, axes)
    if kind == "byDimension" and axes is not None:
        return _by_dimension(t.get("transformations"), n, m, axes)
    if kind == "rotation":
        rows = matrix(t.get("rotation"))
        if rows is None:
            return same  # parameters elsewhere ('path'), or no matrix: nothing checked
        size = len(rows)
        if set(map(len, rows)) != {size} or not _fits(size, n, m):
            return WALK  # not square, or a misfit: the walk words it
        return size if is_rotation(rows) else WALK
    if kind == "displacements" or kind == "coordinates":
        value = t.get("interpolation")
        if isinstance(value, str) and value not in INTERPOLATIONS:
            return WALK
        if kind == "coordinates":
            return m
        return same if n is None or m is None or n == m else WALK
    return WALK


#: A bijection's children and the sides of theirs that name the bijection's own.
_BIJECTION_SIDES = (
    ("forward", (("input", "input"), ("output", "output"))),
    ("inverse", (("input", "output"), ("output", "input"))),
)


def _bijection(
    t: Mapping[str, Any], n: int | None, m: int | None, axes: tuple[str, str] | None
) -> int | _Walk | None:
    """A bijection keeps N (= M): its forward maps N to M, its inverse M to N, and each
    side of theirs that is named names the bijection's side it stands for."""
    if n is not None and m is not None and n != m:
        return WALK
    for key, pairs in _BIJECTION_SIDES:
        child = t.get(key)
        if type(child) is not dict:
            if child is not None and isinstance(child, Mapping):
                return WALK
            continue  # nothing nested: nothing to check
        forward = key == "forward"
        if plain_output(child, n if forward else m, m if forward else n, axes) is WALK:
            return WALK
        for own, theirs in pairs:
            mine = child.get(own)
            if mine is None:
                continue  # no side of its own: nothing to compare
            expected = t.get(theirs)
            if type(mine) is not dict or type(expected) is not dict:
                if isinstance(mine, Mapping) and isinstance(expected, Mapping):
                    return WALK
                continue
            if "name" in mine and mine.get("name") != expected.get("name"):
                return WALK
    return n if n is not None else m


def _sequence(
    items: object, n: int | None, m: int | None, axes: tuple[str, str] | None
) -> int | _Walk | None:
    """A sequence passes N down its items, M to the last (as `Dimensions._sequence`)."""
    if type(items) is not list or not items:
        return WALK
    current, last = n, len(items) - 1
    for i, item in enumerate(items):
        if type(item) is not dict:
            return WALK
        out = plain_output(item, current, m if i == last else None, axes)
        if isinstance(out, _Walk):
            return WALK
        current = out
    return current if current is not None else m


def _by_dimension(
    items: object, n: int | None, m: int | None, axes: tuple[str, str]
) -> int | _Walk | None:
    """A byDimension gives M: each item's axes within N and M, its transformation (no
    input or output of its own) from as many axes to as many, every output axis written
    once (as `Dimensions._by_dimension` and `parameters`)."""
    if type(items) is not list:
        return WALK
    in_key, out_key = axes
    written: set[int] = set()
    for item in items:
        if type(item) is not dict:
            return WALK
        ins, outs = ints(item.get(in_key)), ints(item.get(out_key))
        if ins and n is not None and max(ins) >= n:
            return WALK
        if outs is not None:
            if outs and m is not None and max(outs) >= m:
                return WALK
            size = len(written)
            written.update(outs)
            if len(written) != size + len(outs):
                return WALK  # written twice
        child = item.get("transformation")
        if type(child) is not dict:
            if child is not None and isinstance(child, Mapping):
                return WALK
            continue
        if "input" in child or "output" in child:
            return WALK
        sizes = (len(ins) if ins is not None else None, len(outs) if outs is not None else None)
        if plain_output(child, *sizes, axes) is WALK:
            return WALK
    if m is not None and not written.issuperset(range(m)):
        return WALK  # an output axis written by no item
    return m
