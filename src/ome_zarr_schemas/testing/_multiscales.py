"""Image blocks: 'multiscales' (axes, datasets, transformations) and 'omero'.

Strategies are built once at import: building them inside a draw is what makes
generation slow.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from ..spec.versions import get
from . import _axes, _values

_D10 = st.integers(0, 9)
_TEXT1 = _values.text(min_size=1)
_FACTOR = st.sampled_from([1, 2, 2, 3, 4, 1.5])
_LEVELS = st.sampled_from([1, 1, 2, 2, 3, 3, 4, 6])
_COUNT = st.sampled_from([1, 1, 1, 1, 2, 3])
_CHANNELS = st.integers(0, 4)
_PREFIX = st.sampled_from(["", "s", "path/to/"])
_PATH_FORM = st.one_of(st.sampled_from(["transforms/scale", "s0"]), _TEXT1)
_DOWNSCALING = st.sampled_from(["gaussian", "mean", "nearest", "local_mean"])
_METADATA = st.fixed_dictionaries(
    {},
    optional={
        "method": st.just("skimage.transform.pyramid_gaussian"),
        "version": st.just("0.16.1"),
        "args": st.lists(_values.json_value(), max_size=2),
        "kwargs": st.dictionaries(_values.text(max_size=6), _values.json_value(), max_size=2),
    },
)


def vector(draw: st.DrawFn, values: st.SearchStrategy[Any], n: int) -> list[Any]:
    return [draw(values) for _ in range(n)]


def transforms(
    draw: st.DrawFn, scale: list[float | int], path_form: bool = True
) -> list[dict[str, Any]]:
    """A multiscales transformation list: the scale, then maybe a translation."""
    out: list[dict[str, Any]] = []
    if path_form and draw(_D10) == 9:
        out.append({"type": "scale", "path": draw(_PATH_FORM)})
    else:
        out.append({"type": "scale", "scale": list(scale)})
    if draw(_values.COIN):
        if path_form and draw(_D10) == 9:
            out.append({"type": "translation", "path": draw(_PATH_FORM)})
        else:
            out.append(
                {"type": "translation", "translation": vector(draw, _values.NUMBER, len(scale))}
            )
    return out


def _grow(scale: list[float | int], factors: list[int | float]) -> list[float | int]:
    """The next level's scale: never smaller, never infinite (it must stay JSON)."""
    grown: list[float | int] = []
    for value, factor in zip(scale, factors, strict=True):
        bigger = value * factor
        grown.append(bigger if math.isfinite(bigger) else value)
    return grown


def level_paths(draw: st.DrawFn, levels: int) -> list[str]:
    """Distinct dataset paths: usually numbered ('0', 's0', ...), sometimes any text."""
    if draw(_values.D4) == 3:
        return _values.distinct(draw, _TEXT1, levels)
    prefix = draw(_PREFIX)
    return [f"{prefix}{i}" for i in range(levels)]


def datasets(draw: st.DrawFn, ndim: int) -> list[dict[str, Any]]:
    """Resolution levels, highest first, with distinct paths and growing scales."""
    levels = draw(_LEVELS)
    paths = level_paths(draw, levels)
    scale = vector(draw, _values.POSITIVE, ndim)
    out = []
    for path in paths:
        out.append({"path": path, "coordinateTransformations": transforms(draw, scale)})
        # most pyramids downsample every axis alike; some downsample each axis its own way
        factors = vector(draw, _FACTOR, ndim) if draw(_values.D4) == 3 else [draw(_FACTOR)] * ndim
        scale = _grow(scale, factors)
    return out


def multiscale(draw: st.DrawFn, version: str) -> dict[str, Any]:
    """One multiscale image, with the optional and recommended fields sometimes present."""
    axes = draw(_axes.AXES)
    ndim = len(axes)
    item: dict[str, Any] = {"axes": axes, "datasets": datasets(draw, ndim)}
    if get(version).block_versions and draw(_values.D4) > 0:
        item["version"] = version
    if draw(_values.D4) > 0:
        item["name"] = draw(_values.TEXT)
    if draw(_values.COIN):
        item["type"] = draw(_DOWNSCALING)
    if draw(_values.COIN):
        item["metadata"] = draw(_METADATA)
    if draw(_values.D4) == 3:
        item["coordinateTransformations"] = transforms(draw, [1.0] * ndim)
    if draw(_values.D4) == 3:
        item["@type"] = "ngff:Image"  # extra keys are allowed and kept
    return item


def multiscales(draw: st.DrawFn, version: str) -> list[dict[str, Any]]:
    return [multiscale(draw, version) for _ in range(draw(_COUNT))]


_HEX = st.text("0123456789abcdefABCDEF", min_size=6, max_size=6)
_CHANNEL_OPTIONAL = st.fixed_dictionaries(
    {},
    optional={
        "label": _values.TEXT,
        "family": st.sampled_from(["linear", "logarithmic", "exponential"]),
        "active": _values.COIN,
        "coefficient": _values.NUMBER,
        "inverted": _values.COIN,
    },
)
_OMERO_OPTIONAL = st.fixed_dictionaries(
    {},
    optional={
        "id": _values.integer(),
        "name": _values.TEXT,
        "version": st.just("0.4"),
        "rdefs": st.fixed_dictionaries(
            {},
            optional={
                "defaultT": _values.integer(),
                "defaultZ": _values.integer(),
                "model": st.sampled_from(["color", "greyscale"]),
            },
        ),
    },
)


def channel(draw: st.DrawFn) -> dict[str, Any]:
    low, high = sorted([draw(_values.NUMBER), draw(_values.NUMBER)])
    start, end = sorted([low if draw(_values.COIN) else high, high if draw(_values.COIN) else low])
    item: dict[str, Any] = {
        "color": draw(_HEX),
        "window": {"min": low, "max": high, "start": start, "end": end},
    }
    item.update(draw(_CHANNEL_OPTIONAL))
    return item


def omero(draw: st.DrawFn) -> dict[str, Any]:
    block: dict[str, Any] = {"channels": [channel(draw) for _ in range(draw(_CHANNELS))]}
    block.update(draw(_OMERO_OPTIONAL))
    return block


@st.composite
def image_blocks(draw: st.DrawFn, version: str) -> dict[str, Any]:
    """The OME-level keys of an image group."""
    blocks: dict[str, Any] = {"multiscales": multiscales(draw, version)}
    if draw(_values.COIN):
        blocks["omero"] = omero(draw)
    return blocks
