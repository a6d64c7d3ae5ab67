"""Two document checks of every image answered at once for the usual image: scales that
never shrink (`multiscales.scales_ordered`) and axes with distinct names, z, y, x in
order (`axes.axes_of_multiscales`).

A 1536-well plate with labels validates 6,144 image documents; the general loops build
a list of (index, object) pairs, a generator per check and a scale per dataset (6.7 and
4.5 us an image, issue 15). Each helper here says, in one loop, that its check finds
nothing in a multiscale; anything else, or anything it does not read as usual (an item
that is not an object, a name that is not a string), sends the multiscale to the
general loop, which finds what there is. Under
`rules._shortcuts.general_only` the general loops run alone
(``tests/test_usual_documents.py`` compares them on drawn values).
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import lt
from typing import Any

from ._util import distinct_strings, finites

__all__ = ["first_scale", "ordered_scales", "plain_axes", "scale_of"]

_XYZ = ["x", "y", "z"]
_ZYX = ["z", "y", "x"]


def ordered_scales(datasets: object) -> bool:
    """Whether `scales_ordered` finds nothing in a multiscale with these datasets: each
    an object, and no scale (`scale_of`: the general loop's own reading) smaller on an
    axis than the last one before it of as many axes. A dataset without a scale (its
    first transformation an identity, a scale of some non-number) is passed over, as the
    general loop passes it over; a scale of ints, or the first step of a sequence, is
    read as there (most drawn 0.6 images have one or the other)."""
    if type(datasets) is not list:
        return False
    previous: list[float] | None = None
    for dataset in datasets:
        if type(dataset) is not dict:
            return False
        transforms = dataset.get("coordinateTransformations")
        first = transforms[0] if type(transforms) is list and transforms else None
        kind = first.get("type") if type(first) is dict else None
        if kind == "sequence":  # `first_scale`'s answer when its first step is a scale
            steps = first.get("transformations")  # type: ignore[union-attr]
            step = steps[0] if type(steps) is list and steps else None
            if type(step) is dict and step.get("type") == "scale":
                first, kind = step, "scale"
        if kind == "scale":  # `scale_of`'s usual case (or a sequence's first step)
            values = first.get("scale")  # type: ignore[union-attr]
            scale = values if _exact(values) else finites(values)
        else:
            scale = first_scale(transforms)
        if scale is None:
            continue
        if previous is not None and len(scale) == len(previous) and any(map(lt, scale, previous)):
            return False
        previous = scale
    return True


#: Ints of smaller magnitude are their float exactly (`finites` would convert them).
_EXACT_INT = 2**53


def _exact(values: object) -> bool:
    """Whether ``values`` is a list of finite floats and ints that their floats equal:
    `finites` of it compares as the list itself, without the copy and conversions."""
    if type(values) is not list:
        return False
    for value in values:
        kind = type(value)
        if kind is float:
            if value - value == 0.0:  # NaN and inf give NaN
                continue
            return False
        if kind is not int or not -_EXACT_INT <= value <= _EXACT_INT:
            return False
    return True


def scale_of(dataset: Mapping[str, Any]) -> list[float] | None:
    """The scale of the first scale transformation (the first step of a sequence), as
    finite numbers (None when one is not)."""
    transforms = dataset.get("coordinateTransformations")
    if type(transforms) is list and transforms:  # the usual dataset: its first is a scale
        first = transforms[0]
        if type(first) is dict and first.get("type") == "scale":
            return finites(first.get("scale"))  # `first_scale`'s answer at its first step
    return first_scale(transforms)


def first_scale(transforms: object) -> list[float] | None:
    """`scale_of` of the transformations ``transforms``, by the general loop."""
    if not isinstance(transforms, list):
        return None
    for transform in transforms:  # runs per dataset: no list of (index, object) built
        if type(transform) is not dict and not isinstance(transform, Mapping):
            continue
        if transform.get("type") == "sequence":  # 0.6: a scale, then a translation
            steps = transform.get("transformations")
            for step in steps if isinstance(steps, list) else ():  # its first object
                if type(step) is dict or isinstance(step, Mapping):
                    transform = step
                    break
        if transform.get("type") == "scale":
            return finites(transform.get("scale"))  # a non-finite scale is not a scale
    return None


def plain_axes(axes: object) -> bool:
    """Whether `axes_of_multiscales` finds nothing in these axes: objects whose names are
    distinct strings, and space axes that are not x, y and z out of order."""
    if type(axes) is not list:
        return False
    names: list[object] = []
    space: list[object] = []
    for axis in axes:
        if type(axis) is not dict:
            return False
        name = axis.get("name")
        names.append(name)
        if axis.get("type") == "space":
            space.append(name)
    if len(names) > 1 and not distinct_strings(names):
        return False
    # z, y, x out of order: three space axes named x, y and z (all strings by now)
    return len(space) < 3 or space == _ZYX or sorted(space) != _XYZ  # type: ignore[type-var]
