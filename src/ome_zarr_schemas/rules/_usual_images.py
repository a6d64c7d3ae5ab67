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
from operator import gt
from typing import Any

from ._context import Context, Group, applies
from ._levels import Level, axis_names, images, keep_levels, resolved
from ._rule import Rule
from ._scales import level_scale, products, quick_mismatch
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
    whenever in doubt: the checks then look)."""
    names = axis_names(multiscale)
    if names is None:
        return False
    entries = resolved(ctx, group, m, multiscale, keep=False)  # the checks of an unusual
    if not entries:  # image resolve it again: a few, where every image's list would stay
        return False
    count = len(names)
    expected = tuple(names) if applies(named, group.version) else None
    before: tuple[int, ...] = ()
    dtype0: str | None = None
    level0: list[float] | None = None  # level 0's size times scale per axis
    found: list[Level] = []
    for j, dataset, path, node in entries:
        if path is None or node is None or node.exists is not True:
            return False
        array = node.array
        if node.node_type != "array" or array is None:
            return False
        shape = array.shape
        if shape is None or len(shape) != count:
            return False
        if expected is not None and array.dimension_names != expected:
            return False  # none, other names, or a list (the checks compare those)
        if array.separator is not None and array.separator != "/":
            return False
        scale = level_scale(dataset)
        if scale is None or len(scale) != count:
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
            if any(map(gt, shape, before)) or quick_mismatch(level0, shape, scale) is not None:
                return False  # larger than the level before, or (perhaps) a mismatch
        before = shape
        found.append(Level(j, path, array, dataset, group, m))
    keep_levels(ctx, group, m, found)  # every dataset a level: `levels` would keep these
    return True
