"""The images whose level arrays the level checks of `multiscales` must look at: all but
the usual ones, found in one pass over each image's levels.

Four checks compare an image's datasets with its level arrays (`datasets_exist`,
`dimensions`, `levels_ordered`, `scales_match_shapes`); on a plate they walked the same
3,072 images and 15,360 levels one after the other, each level's data read four times
(and, on a plate of 20,000 documents, mostly out of the processor's caches). An image is
usual when every dataset names an existing array whose shape has one size per axis,
whose 'dimension_names' are the axis names where the version wants them, with the '/'
separator or none, no level larger than the one before, one data type, and scales that
match the shapes (`_scales.quick_mismatch`): each of the four checks then finds nothing,
and skips it (its `levels`, all its datasets, are kept for the other checks). Anything
else, or anything this pass does not read as usual, goes to the four checks as before;
under `rules._shortcuts.general_only` every image does (``tests/test_check_shortcuts.py``
compares the reports).
"""

from __future__ import annotations

from collections.abc import Mapping
from math import inf, isfinite
from operator import gt
from typing import Any

from ._context import Context, Group, applies
from ._levels import Level, axis_names, images, keep_levels
from ._rule import Rule
from ._scales import _EXACT, level_scale, products
from ._shortcuts import taken

__all__ = ["checked_images"]

_KEY = ("checked-images",)  # Context.cache key


def checked_images(ctx: Context, named: Rule) -> list[tuple[Group, int, Mapping[str, Any]]]:
    """(group, index, multiscale) of the images the level checks must look at, in the
    order of `images`; ``named`` is the rule of 'dimension_names' (which versions want
    them)."""
    found: list[tuple[Group, int, Mapping[str, Any]]] | None = ctx.cache.get(_KEY)
    if found is None:
        if taken():
            found = [image for image in images(ctx) if not _usual(ctx, named, *image)]
        else:
            found = list(images(ctx))
        ctx.cache[_KEY] = found
    return found


def _usual(ctx: Context, named: Rule, group: Group, m: int, multiscale: Mapping[str, Any]) -> bool:
    """Whether none of the four level checks can find anything in this image (False
    whenever in doubt: the checks then look).

    One loop over the datasets: each resolved as `_levels.resolved` resolves a plain
    name (the image's path joined to it; any other path, or a dataset that is no dict,
    sends the image to the checks), its scale taken as `_scales.level_scale` takes a
    first scale of positive floats, and sized against level 0 as `_scales.quick_mismatch`
    sizes it, all written out: a 1536-well plate has 30,720 levels, and the calls cost
    more than their work (issue 15)."""
    names = axis_names(multiscale)
    datasets = multiscale.get("datasets")
    if names is None or type(datasets) is not list or not datasets:
        return False
    nodes = ctx.hierarchy.nodes
    base = group.path
    prefix = "/".join(p for p in base.split("/") if p)
    prefix = prefix + "/" if prefix else ""
    count = len(names)
    expected = tuple(names) if applies(named, group.version) else None
    before: tuple[int, ...] = ()
    dtype0: str | None = None
    level0: list[float] | None = None  # level 0's size times scale per axis
    found: list[Level] = []
    for j, dataset in enumerate(datasets):
        if type(dataset) is not dict:
            return False
        path = dataset.get("path")
        if type(path) is not str or not path.isalnum():
            return False  # `resolved` resolves it in general: the checks look
        path = prefix + path
        node = nodes.get(path)
        if node is None or node.exists is not True or node.node_type != "array":
            return False
        array = node.array
        if array is None:
            return False
        shape = array.shape
        if shape is None or len(shape) != count:
            return False
        if expected is not None and array.dimension_names != expected:
            return False  # none, other names, or a list (the checks compare those)
        if array.separator is not None and array.separator != "/":
            return False
        scale = _first_positive_scale(dataset)
        if scale is None:
            scale = level_scale(dataset)
            if scale is None:
                return False
        if len(scale) != count:
            return False
        if level0 is None:  # the first level
            dtype0 = array.dtype
            level0 = products(shape, scale)
            if level0 is None:
                return False
        else:
            dtype = array.dtype
            if dtype and dtype0 and dtype != dtype0:
                return False
            if any(map(gt, shape, before)):
                return False  # larger than the level before
            for product, n, s in zip(level0, shape, scale, strict=True):  # `quick_mismatch`
                if type(n) is not int or not -_EXACT < n < _EXACT:
                    return False
                size = product / s
                if abs(n - size) > 1 + 1e-9 * size and isfinite(size):
                    return False  # (perhaps) a mismatch
        before = shape
        found.append(Level(j, path, array, dataset, group, m))
    keep_levels(ctx, group, m, found)  # every dataset a level: `levels` would keep these
    return True


def _first_positive_scale(dataset: dict[str, Any]) -> list[float] | None:
    """The dataset's first transformation's scale when it is a list of positive finite
    floats (what `level_scale` answers first), else None."""
    transforms = dataset.get("coordinateTransformations")
    if type(transforms) is not list or not transforms:
        return None
    first = transforms[0]
    if type(first) is not dict or first.get("type") != "scale":
        return None
    values = first.get("scale")
    if type(values) is not list:
        return None
    for value in values:
        if type(value) is not float or not 0.0 < value < inf:
            return None
    return values
