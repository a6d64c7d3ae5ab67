"""Mutation families of the field rules (`rules/fields.py`), 0.6: each breaks the field a
generated scene's 'warped' system is reached by (`_fields.write_field`, need "field")."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ...spec.versions import FIELD_ARRAY_VERSIONS, get
from .. import _values
from .._fields import VECTOR_TYPES, field_parts, write_field
from .helpers import V06
from .hierarchy_registry import StoreTarget, family_bases, hierarchy_family
from .nodes import scene_transforms

FIELD_SCENE = family_bases(("scene",), ("field",))


def _field(t: StoreTarget) -> tuple[dict[str, Any], str, dict[str, Any], list[str]]:
    """(the field transformation, its path, the field's system, the field's arrays)."""
    transform = next(tr for tr in scene_transforms(t) if tr["type"] in VECTOR_TYPES)
    path = transform["path"]
    system, arrays = field_parts(t, path)
    return transform, path, system, arrays


def _vector_at(system: dict[str, Any], kind: str) -> int:
    return next(i for i, a in enumerate(system["axes"]) if a["type"] == VECTOR_TYPES[kind])


@hierarchy_family("fields.layout", FIELD_SCENE, versions=V06)
def _other_layout(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    transform, path, system, _ = _field(t)
    grid = [a for i, a in enumerate(system["axes"]) if i != _vector_at(system, transform["type"])]
    as_group = not get(t.version).field_is_group
    t.drop(path)
    write_field(t, path, transform["type"], grid, len(grid), as_group=as_group)
    return "", f"field {path!r} in the other draft's layout"


@hierarchy_family("fields.metadata", FIELD_SCENE, versions=FIELD_ARRAY_VERSIONS)
def _field_metadata(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    _, path, _, _ = _field(t)
    ome = t.array_doc(path)["attributes"]["ome"]
    key = draw(st.sampled_from(["coordinateSystems", "coordinateTransformations"]))
    if draw(_values.COIN):
        del ome[key]
    else:
        ome[key] = draw(st.sampled_from([[], {}, "field", None]))
    return "", f"field array {path!r} without a usable {key!r}"


@hierarchy_family("fields.vector-axis", FIELD_SCENE, versions=V06)
def _vector_axis(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    transform, path, system, _ = _field(t)
    axis = system["axes"][_vector_at(system, transform["type"])]
    if get(t.version).field_is_group and draw(_values.COIN):
        value = draw(st.sampled_from([None, False]))
        if value is None:
            del axis["discrete"]
        else:
            axis["discrete"] = value
        return "", f"field {path!r}: its vector axis is not discrete"
    other = next(v for k, v in VECTOR_TYPES.items() if k != transform["type"])
    axis["type"] = draw(st.sampled_from([other, "channel"]))
    return "", f"field {path!r}: its vector axis has type {axis['type']!r}"


@hierarchy_family("fields.shape", FIELD_SCENE, versions=V06)
def _vector_length(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    transform, path, system, arrays = _field(t)
    at = _vector_at(system, transform["type"])
    shape = t.array_doc(arrays[0])["shape"]
    shape[at] = draw(st.sampled_from([shape[at] - 1, shape[at] + 1]))
    return "", f"field {path!r} has {shape[at]} components"


@hierarchy_family("fields.input-axes", FIELD_SCENE, versions=V06)
def _grid_axis_renamed(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    transform, path, system, arrays = _field(t)
    at = _vector_at(system, transform["type"])
    grid = [i for i in range(len(system["axes"])) if i != at]
    i = t.pick(draw, grid)
    names = [a["name"] for a in system["axes"]]
    fresh = next(n for n in ("u", "w", "q", "axis_u") if n not in names)
    system["axes"][i]["name"] = fresh
    for array in arrays:
        dimension_names = t.array_doc(array).get("dimension_names")
        if isinstance(dimension_names, list):
            dimension_names[i] = fresh
    return "", f"field {path!r}: grid axis {i} renamed {fresh!r}"


@hierarchy_family("fields.data-type", FIELD_SCENE, versions=V06)
def _field_dtype(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    _, path, _, arrays = _field(t)
    dtype = draw(st.sampled_from(["bool", "complex64", "complex128"]))
    for array in arrays:
        t.set_dtype(array, dtype)
    return "", f"field {path!r} of {dtype}"
