"""Mutation families of the image-label rules (`rules/image_label.py`): the block, and label
images against their parent image in a hierarchy."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from ...spec.versions import get, is_wrapped
from .._hierarchy_images import level_shapes
from .helpers import empty_or_not_a_list, index, wrong_block_version
from .hierarchy_registry import CONTAINERS, V3, StoreTarget, family_bases, hierarchy_family
from .registry import Target, family, family_per_key


def _image_label(t: Target) -> dict[str, Any]:
    block = t.ome["image-label"]
    assert isinstance(block, dict)
    return block


def _ensure_colors(draw: st.DrawFn, t: Target) -> list[dict[str, Any]]:
    block = _image_label(t)
    if "colors" not in block:
        block["colors"] = [{"label-value": 1, "rgba": [255, 0, 0, 255]}]
    colors = block["colors"]
    assert isinstance(colors, list)
    return colors


def _ensure_properties(draw: st.DrawFn, t: Target) -> list[dict[str, Any]]:
    block = _image_label(t)
    if "properties" not in block:
        block["properties"] = [{"label-value": 1, "class": "cell"}]
    props = block["properties"]
    assert isinstance(props, list)
    return props


@family("image-label.structure", "label-image")
def _bad_image_label(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if draw(st.booleans()):
        t.ome["image-label"] = draw(st.sampled_from([[], "x", 3, None]))
        return t.ptr("image-label"), "'image-label' is not an object"
    key = draw(st.sampled_from(["colors", "properties"]))
    entries = _ensure_colors(draw, t) if key == "colors" else _ensure_properties(draw, t)
    i = index(draw, entries)
    del entries[i]["label-value"]
    return t.ptr("image-label", key, i), f"a {key} entry without 'label-value'"


@family("image-label.requires-multiscales", "label-image")
def _label_without_multiscales(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    del t.ome["multiscales"]
    t.ome.pop("omero", None)
    return t.ptr(), "'image-label' without 'multiscales'"


@family("image-label.version", "label-image")
def _wrong_label_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return wrong_block_version(draw, t, "image-label")


@family("image-label.colors", "label-image")
def _bad_colors(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return empty_or_not_a_list(draw, t, "image-label", "colors", "red")


@family("image-label.properties", "label-image")
def _bad_properties(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return empty_or_not_a_list(draw, t, "image-label", "properties", "area")


@family("image-label.label-value", "label-image")
def _non_integer_label_value(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    key = draw(st.sampled_from(["colors", "properties"]))
    entries = _ensure_colors(draw, t) if key == "colors" else _ensure_properties(draw, t)
    i = index(draw, entries)
    entries[i]["label-value"] = draw(st.sampled_from([1.5, "1", None, [1], -0.25]))
    return t.ptr("image-label", key, i, "label-value"), "a label value that is not an integer"


@family("image-label.rgba", "label-image")
def _bad_rgba(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    colors = _ensure_colors(draw, t)
    i = index(draw, colors)
    if draw(st.booleans()):
        colors[i]["rgba"] = draw(st.sampled_from([[255, 0, 0], [0, 0, 0, 0, 0], [], "red"]))
        return t.ptr("image-label", "colors", i, "rgba"), "'rgba' of the wrong length"
    rgba: list[Any] = [0, 0, 0, 255]
    channel = index(draw, 4)
    rgba[channel] = draw(st.sampled_from([256, -1, 1.5, "255", 1000]))
    colors[i]["rgba"] = rgba
    return t.ptr("image-label", "colors", i, "rgba", channel), "an 'rgba' value out of 0-255"


@family("image-label.source", "label-image")
def _bad_source(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _image_label(t)["source"] = {"image": draw(st.sampled_from(["", 0, None, ["../../"]]))}
    return t.ptr("image-label", "source", "image"), "an empty or non-string 'source.image'"


@family_per_key(
    {"colors": "image-label.unique-colors", "properties": "image-label.unique-properties"},
    lambda key: f"duplicate_{key}_label_value",
    "label-image",
)
def _duplicate_label_value(draw: st.DrawFn, t: Target, key: str) -> tuple[str, str]:
    entries = _ensure_colors(draw, t) if key == "colors" else _ensure_properties(draw, t)
    entries.append(copy.deepcopy(entries[index(draw, entries)]))
    where = t.ptr("image-label", key, len(entries) - 1, "label-value")
    return where, f"two {key} entries for one label value"


@family("image-label.recommended-fields", "label-image")
def _label_without_colors(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    keys = ["colors", "version"] if get(t.version).block_versions else ["colors"]
    _image_label(t).pop(draw(st.sampled_from(keys)), None)
    return t.ptr("image-label"), "'image-label' without a recommended field"


_INTEGER_RULES = {
    "image-label.integer-dtype": V3,
    "image-label.integer-dtype-recommended": ("0.4",),
}


def _label_float(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    label = t.pick(draw, t.all_labels())
    dtype = draw(st.sampled_from(["float32", "float64"]))
    arrays = [a for _, a in t.datasets(label)]
    for array in arrays:
        t.set_dtype(array, dtype)
    rule = (
        "image-label.integer-dtype"
        if is_wrapped(t.version)
        else "image-label.integer-dtype-recommended"
    )
    t.also |= {(rule, a) for a in arrays[1:]}
    return arrays[0], f"every level of label image {label!r} is {dtype}"


for _rule, _versions in _INTEGER_RULES.items():
    hierarchy_family(_rule, family_bases((*CONTAINERS, "labels"), ("labels",)), versions=_versions)(
        _label_float
    )


@hierarchy_family("image-label.shape-matches-image", family_bases(CONTAINERS, ("labels",)))
def _label_shape(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    label = t.pick(draw, t.label_images())
    image = t.parent_image(label)
    assert image is not None
    levels = t.datasets(label)
    base = t.shape(levels[0][1])
    other = t.shape(t.datasets(image)[0][1])
    d = draw(st.integers(0, len(base) - 1))
    base[d] = other[d] + 1 if other[d] >= 1 else 2
    for (_, array), shape in zip(levels, level_shapes(base, [ds for ds, _ in levels]), strict=True):
        t.array_doc(array)["shape"] = shape
    return label, f"the label image is {base[d]} along dimension {d}, its image {other[d]}"


@hierarchy_family("image-label.source-exists", family_bases((*CONTAINERS, "labels"), ("labels",)))
def _label_source(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    label = t.pick(draw, t.all_labels())
    ome = t.ome(label)
    assert ome is not None
    value = draw(st.sampled_from(["../", "nowhere/"]))
    ome["image-label"]["source"] = {"image": value}
    return label, f"'image-label.source.image' is {value!r}, not an image"
