"""Mutation families of the store rules (`rules/store.py`): unsafe or unreadable nodes, limits,
zarr metadata a reader must refuse."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import strategies as st

from ...rules import get_rule
from ...spec.versions import KIND_KEYS as _KIND_KEYS
from ...store.nodes import Limits
from .. import _values
from .._builder import StoreDocuments, join, parent
from .hierarchy_registry import EVERY_KIND, StoreTarget, family_bases, hierarchy_family
from .nodes import last_level, level_arrays, multiscale_index


def _retarget(dataset: dict[str, Any], path: str) -> None:
    """Change a dataset's path (and, in 0.6, the transformation input that repeats it)."""
    dataset["path"] = path
    for transform in dataset["coordinateTransformations"]:
        if isinstance(transform.get("input"), dict):
            transform["input"]["path"] = path


@hierarchy_family("store.no-ome-metadata", family_bases(EVERY_KIND))
def _ome_metadata_stripped(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    for path in t.groups():
        key = t.attrs_key(path)
        doc = t.docs.get(key)
        if t.v2 and isinstance(doc, dict):
            t.docs[key] = {k: v for k, v in doc.items() if k not in _KIND_KEYS and k != "omero"}
        elif isinstance(doc, dict):
            doc["attributes"].pop("ome", None)
    return "", "every group's OME-Zarr metadata removed; zarr groups and arrays remain"


_UNSAFE = st.sampled_from(
    ["../escape", "/absolute/0", "http://example.org/0", "a//b", "a/./b", "a\\b", "%2e%2e/x"]
)


@hierarchy_family("store.path-unsafe", family_bases(EVERY_KIND))
def _dataset_path_unsafe(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = multiscale_index(draw, t, image)
    dataset, _ = t.datasets(image, m)[last_level(draw, t, image, m)]
    value = draw(_UNSAFE)
    _retarget(dataset, value)
    return image, f"dataset path {value!r} leaves the image or is not a relative path"


@hierarchy_family("store.too-deep", family_bases(EVERY_KIND))
def _dataset_too_deep(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = multiscale_index(draw, t, image)
    dataset, array = t.datasets(image, m)[last_level(draw, t, image, m)]
    depth = image.count("/") + 1 if image else 0
    deep = "/".join(["d"] * (Limits().max_depth + 1 - depth))
    t.move(array, join(image, deep))
    _retarget(dataset, deep)
    return join(image, deep), f"a level moved {Limits().max_depth + 1} segments below the target"


def _first_request(t: StoreTarget) -> str:
    """The first node the walk asks for after the root (the root's metadata order)."""
    ome = t.ome("")
    assert ome is not None
    if "multiscales" in ome:
        return str(ome["multiscales"][0]["datasets"][0]["path"])
    if "plate" in ome:
        path = str(ome["plate"]["wells"][0]["path"])
        return parent(path) if "/" in path else path
    if "well" in ome:
        return str(ome["well"]["images"][0]["path"])
    if "labels" in ome:
        return str(ome["labels"][0])
    if "scene" in ome:
        first = ome["scene"]["coordinateTransformations"][0]
        return str(first["input"].get("path") or first["output"]["path"])
    series = (t.ome("OME") or {}).get("series")
    return str(series[0]) if series else "0"


@hierarchy_family("store.too-many-nodes", family_bases(EVERY_KIND))
def _node_limit(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    t.reader_kwargs["limits"] = Limits(max_nodes=1)
    return _first_request(t), "read with Limits(max_nodes=1): only the root is read"


@hierarchy_family(
    "store.partial",
    family_bases(("plate", "well", "bioformats2raw"), ("fields2",), bioformats2raw=("plate",)),
)
def _field_limit(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    t.reader_kwargs["max_fields"] = 1
    return "", "read with max_fields=1: a well has fields that are not read"


@hierarchy_family("store.zarr-metadata", family_bases(EVERY_KIND))
def _array_metadata_broken(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    path = t.pick(draw, t.arrays())
    doc = t.array_doc(path)
    if draw(_values.COIN):
        del doc["dtype" if t.v2 else "data_type"]
        return path, "the array's data type removed"
    doc["zarr_format"] = 3 if t.v2 else 2
    return path, f"the array document says zarr_format {doc['zarr_format']}"


@hierarchy_family("store.zarr-format", family_bases(EVERY_KIND))
def _array_of_other_format(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    path = t.pick(draw, t.arrays())
    shape, dtype = t.shape(path), t.dtype(path)
    names = None if t.v2 else t.array_doc(path).get("dimension_names")
    del t.docs[t.array_key(path)]
    other = StoreDocuments("0.5" if t.v2 else "0.4")
    other.array(path, shape, dtype, names=names)
    t.docs.update(other.docs)
    if get_rule("multiscales.dimension-names").applies_to(t.version) and any(
        a == path for _, _, _, a in level_arrays(t)
    ):
        t.also.add(("multiscales.dimension-names", path))  # a zarr v2 array has none
    return path, f"an array written as zarr v{2 if other.v2 else 3}"


@hierarchy_family("store.dimension-separator", family_bases(EVERY_KIND), versions=("0.4",))
def _dot_separator(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    _, _, _, path = t.pick(draw, level_arrays(t))
    doc = t.array_doc(path)
    if draw(_values.COIN):
        doc["dimension_separator"] = "."
    else:
        del doc["dimension_separator"]  # '.' is the zarr v2 default
    return path, "a level array uses '.' chunk keys"


@hierarchy_family("store.zarray-non-finite", family_bases(EVERY_KIND), versions=("0.4",))
def _bare_non_finite_fill(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    path = t.pick(draw, t.arrays())
    doc = dict(t.array_doc(path))
    doc["fill_value"] = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    t.docs[t.array_key(path)] = json.dumps(doc).encode()  # bytes: bare NaN is not JSON
    return path, f"the .zarray's fill_value is a bare {json.dumps(doc['fill_value'])}"


@hierarchy_family("store.dimension-names-count", family_bases(EVERY_KIND))
def _dimension_names_miscounted(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    path = t.pick(draw, t.arrays())
    doc = t.array_doc(path)
    ndim = len(doc["shape"])
    count = draw(st.sampled_from([n for n in (ndim - 1, ndim + 1) if n >= 0]))
    doc["dimension_names"] = [f"d{i}" for i in range(count)]
    if get_rule("multiscales.dimension-names").applies_to(t.version) and any(
        a == path for _, _, _, a in level_arrays(t)
    ):
        t.also.add(("multiscales.dimension-names", path))  # no longer the axis names
    return path, f"{count} dimension_names for an array of {ndim} dimensions"
