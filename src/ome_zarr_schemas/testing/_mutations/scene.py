"""Mutation families of the scene rules (`rules/scene.py`), 0.6."""

from __future__ import annotations

from hypothesis import strategies as st

from ...spec.versions import get
from .. import _values
from .helpers import V06, index, non_array
from .hierarchy_registry import StoreTarget, hierarchy_family
from .nodes import SCENE, scene_transforms
from .registry import Target, family


@family("scene.structure", "scene", versions=V06)
def _bad_scene(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    scene = t.ome["scene"]
    how = draw(st.sampled_from(["not-an-object", "no-transformations", "empty", "not-a-list"]))
    if how == "not-an-object":
        t.ome["scene"] = draw(st.sampled_from([[], "scene", 3, None]))
        return t.ptr("scene"), "'scene' is not an object"
    names = {s["name"] for s in scene.get("coordinateSystems", [])}
    if len(names) > 1:  # without transformations nothing links the scene's systems
        t.also.add(("coordinate-systems.connected", t.ptr("scene")))
    if how == "no-transformations":
        del scene["coordinateTransformations"]
        return t.ptr("scene"), "a scene without transformations"
    scene["coordinateTransformations"] = [] if how == "empty" else non_array(draw)
    return t.ptr("scene", "coordinateTransformations"), "scene transformations empty or no list"


@family("scene.io", "scene", versions=V06)
def _scene_io(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    """0.6rc0 closes a scene's input and output objects: an extra key breaks them. 0.6.dev4
    leaves them open, so there a side names an image ('path') but no system ('name')."""
    transforms = t.ome["scene"]["coordinateTransformations"]
    if not get(t.version).closed_scene_io:
        # A new transformation, so that no link of the scene's graph is lost.
        side, other = draw(st.sampled_from([("input", "output"), ("output", "input")]))
        existing = transforms[index(draw, transforms)]
        added = {"type": "identity", side: {"path": "tile_unnamed"}, other: dict(existing[side])}
        transforms.append(added)
        where = t.ptr("scene", "coordinateTransformations", len(transforms) - 1, side)
        return where, f"a scene {side} with a 'path' but no 'name'"
    k = index(draw, transforms)
    side = draw(st.sampled_from(["input", "output"]))
    key = draw(st.sampled_from(["coordinateSystem", "axes", "id", "Name", "x-note"]))
    transforms[k][side][key] = draw(_values.json_value(max_leaves=2))
    where = t.ptr("scene", "coordinateTransformations", k, side)
    return where, f"a scene {side} with an extra key {key!r}"


@hierarchy_family("scene.image-exists", SCENE, versions=V06)
def _tile_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    tile = t.pick(draw, scene_transforms(t))["input"]["path"]
    t.drop_or_plain(draw, tile)
    return "", f"scene image {tile!r} removed or made a plain group"
