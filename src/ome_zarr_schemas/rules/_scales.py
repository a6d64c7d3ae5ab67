"""The scales of a multiscale image's datasets against the shapes of its level arrays
(`multiscales.scales_match_shapes`), for every level of every image of a store.

A 384-well plate with labels compares 12,288 levels with their image's first: the usual
dataset (a scale of positive floats first) and the usual level (sizes that are ints of
ordinary size) are answered in fewer steps than the general code (`any_scale`,
`ratio_mismatch`), which answers the rest and all of it under
`rules._shortcuts.general_only` (``tests/test_check_shortcuts.py`` compares them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ._shortcuts import taken
from ._util import finite, finites, objects

__all__ = [
    "any_scale",
    "level_scale",
    "positive_floats",
    "products",
    "quick_mismatch",
    "ratio_mismatch",
]


def level_scale(dataset: Mapping[str, Any]) -> list[float] | None:
    """The dataset's scale when it is one of finite positive numbers (the first such
    scale transformation). The usual dataset, whose first transformation is a scale of
    positive floats, is answered from that list (`positive_floats`), as the general
    code (`any_scale`) answers it."""
    transforms = dataset.get("coordinateTransformations")
    if type(transforms) is list and transforms and taken():
        first = transforms[0]
        if type(first) is dict and first.get("type") == "scale":
            values = first.get("scale")
            if type(values) is list and positive_floats(values):
                return values
    return any_scale(dataset)


def positive_floats(values: list[Any]) -> bool:
    """Every value is a float, finite and above zero (what `finites` keeps as they are,
    and the scale test then accepts); NaN fails the comparison."""
    for value in values:  # noqa: SIM110 (no generator made per dataset)
        if type(value) is not float or not 0.0 < value < _INFINITY:
            return False
    return True


_INFINITY = math.inf


def any_scale(dataset: Mapping[str, Any]) -> list[float] | None:
    transforms = objects(dataset.get("coordinateTransformations"))
    if len(transforms) == 1 and transforms[0][1].get("type") == "sequence":  # 0.6
        transforms = objects(transforms[0][1].get("transformations"))
    for _, transform in transforms:
        if transform.get("type") == "scale":
            values = finites(transform.get("scale"))  # a non-finite scale is not a scale
            if values is not None and all(v > 0 for v in values):
                return values
    return None


#: Integers of smaller magnitude are finite floats (`_util.finite`, inlined per size).
_EXACT = 2**1023


def ratio_mismatch(
    shape0: Sequence[int], scale0: Sequence[float], shape: Sequence[int], scale: Sequence[float]
) -> int | None:
    """The first dimension whose size and scale disagree with level 0's; a size beyond
    the double range (reported by the reader) is not compared. A size that is an int of
    ordinary size is converted here, as `finite` would convert it."""
    for k, (n0, s0, n, s) in enumerate(zip(shape0, scale0, shape, scale, strict=True)):
        size0 = float(n0) if type(n0) is int and -_EXACT < n0 < _EXACT else finite(n0)
        size = float(n) if type(n) is int and -_EXACT < n < _EXACT else finite(n)
        if size0 is None or size is None:
            continue
        expected = size0 * s0 / s
        if not math.isfinite(expected):
            continue
        if abs(n - expected) > 1 + 1e-9 * expected and math.isfinite(expected):
            return k
    return None


def products(shape0: Sequence[int], scale0: Sequence[float]) -> list[float] | None:
    """Level 0's size times scale per dimension (the dividend of `ratio_mismatch`'s
    expected size), when every size is an int of ordinary size: None sends the image to
    `ratio_mismatch`."""
    level0_products = []
    for n0, s0 in zip(shape0, scale0, strict=True):
        if type(n0) is not int or not -_EXACT < n0 < _EXACT:
            return None
        level0_products.append(float(n0) * s0)
    return level0_products


def quick_mismatch(
    level0_products: list[float], shape: Sequence[int], scale: Sequence[float]
) -> int | bool | None:
    """`ratio_mismatch` from level 0's `products`, or False when a size is not an int
    of ordinary size (the general code answers). The same floats: ``size0 * s0 / s`` is
    ``(size0 * s0) / s``; an expected size that is not finite is never a mismatch."""
    for k, (product, n, s) in enumerate(zip(level0_products, shape, scale, strict=True)):
        if type(n) is not int or not -_EXACT < n < _EXACT:
            return False
        expected = product / s
        if abs(n - expected) > 1 + 1e-9 * expected and math.isfinite(expected):
            return k
    return None
