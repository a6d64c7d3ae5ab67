"""Two document checks of every image answered at once for the usual image: scales that
never shrink (`multiscales.scales_ordered`) and axes with distinct names, z, y, x in
order (`axes.axes_of_multiscales`).

A 1536-well plate with labels validates 6,144 image documents; the general loops build
a list of (index, object) pairs, a generator per check and a scale per dataset (6.7 and
4.5 us an image, issue 15). Each helper here says, in one loop, that its check finds
nothing in a multiscale; anything else, or anything it does not read as usual (a scale
that is not a list of finite floats, an item that is not an object, a name that is not
a string), sends the multiscale to the general loop, which finds what there is. Under
`rules._shortcuts.general_only` the general loops run alone
(``tests/test_usual_documents.py`` compares them on drawn values).
"""

from __future__ import annotations

from operator import lt

from ._util import distinct_strings

__all__ = ["ordered_scales", "plain_axes"]

_INFINITY = float("inf")
_XYZ = ["x", "y", "z"]
_ZYX = ["z", "y", "x"]


def ordered_scales(datasets: object) -> bool:
    """Whether `scales_ordered` finds nothing in a multiscale with these datasets: each
    an object whose first transformation is a scale of finite floats (its scale, as
    `multiscales._scale_of` reads it), and no scale smaller on an axis than the one
    before it of as many axes."""
    if type(datasets) is not list:
        return False
    previous: list[float] | None = None
    for dataset in datasets:
        if type(dataset) is not dict:
            return False
        transforms = dataset.get("coordinateTransformations")
        if type(transforms) is not list or not transforms:
            return False
        first = transforms[0]
        if type(first) is not dict or first.get("type") != "scale":
            return False
        scale = first.get("scale")
        if type(scale) is not list:
            return False
        for value in scale:  # finite floats, as `finites` keeps them
            if type(value) is not float or not -_INFINITY < value < _INFINITY:
                return False
        if previous is not None and len(scale) == len(previous) and any(map(lt, scale, previous)):
            return False
        previous = scale
    return True


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
