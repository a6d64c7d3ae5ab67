"""Mutation families of the coordinate-system rules (`rules/coordinate_systems.py`), 0.6."""

from __future__ import annotations

import copy

from hypothesis import strategies as st

from ...spec.versions import get
from .. import _systems, _transforms, _values
from .helpers import (
    HOSTS,
    V06,
    Tokens,
    fresh_name,
    index,
    names_of,
    non_object,
    pick_multiscale,
)
from .hierarchy_registry import CONTAINERS, StoreTarget, family_bases, hierarchy_family
from .nodes import SCENE, image_links, scene_transforms
from .registry import Target, family
from .slots import DIMS, host_systems, intrinsic_system, new_slot, new_system


@family("coordinate-systems.structure", *HOSTS, versions=V06)
def _bad_system(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["not-an-object", "no-name", "name-not-a-string", "no-axes"]))
    if how == "no-axes":  # linked, so that only the missing axes are wrong
        slot = new_slot(draw, t)
        slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
        del slot.system["axes"]
        return t.ptr(*slot.systems_base, slot.system_index), "a coordinate system without axes"
    base, systems = host_systems(draw, t)
    axes = _systems.axes(draw)
    if how == "not-an-object":
        systems.append(non_object(draw))
        return t.ptr(*base, len(systems) - 1), "a coordinate system that is not an object"
    if how == "no-name":
        systems.append({"axes": axes})
        return t.ptr(*base, len(systems) - 1), "a coordinate system without a name"
    systems.append({"name": draw(st.sampled_from([5, None, ["world"], {"a": 1}])), "axes": axes})
    return t.ptr(*base, len(systems) - 1, "name"), "a coordinate system name that is no string"


@family("coordinate-systems.unique-names", *HOSTS, versions=V06)
def _duplicate_system_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    base, systems = host_systems(draw, t)
    systems.append(copy.deepcopy(systems[index(draw, systems)]))
    if draw(_values.COIN):  # same name, other axes
        systems[-1]["axes"] = _systems.axes(draw)
    return t.ptr(*base, len(systems) - 1, "name"), "two coordinate systems share a name"


@family("coordinate-systems.reference", *HOSTS, versions=V06)
def _reference_to_nothing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if t.kind == "scene":
        scene = t.ome["scene"]
        known = names_of(scene.get("coordinateSystems", []))
        existing = scene["coordinateTransformations"][0]
        anchor = dict(existing[draw(st.sampled_from(["input", "output"]))])
        transforms = scene["coordinateTransformations"]
        base: Tokens = ("scene", "coordinateTransformations")
    else:
        m, ms = pick_multiscale(draw, t)
        known = names_of(ms["coordinateSystems"])
        anchor = {"name": intrinsic_system(ms)[1]["name"]}
        transforms = ms.setdefault("coordinateTransformations", [])
        base = ("multiscales", m, "coordinateTransformations")
    missing = {"name": fresh_name(known, draw(st.sampled_from(["world", "physical", "ghost"])))}
    # 0.6.dev4: a multiscale image's own links read from its intrinsic system
    fixed = t.kind != "scene" and get(t.version).intrinsic_is_input
    side = "output" if fixed else draw(st.sampled_from(["input", "output"]))
    other = "output" if side == "input" else "input"
    transforms.append({"type": "identity", side: missing, other: anchor})
    where = t.ptr(*base, len(transforms) - 1, side, "name")
    return where, f"the {side} names {missing['name']!r}, which is no system here"


@family("coordinate-systems.connected", *HOSTS, versions=V06)
def _lone_system(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if t.kind == "scene":
        systems = t.ome["scene"].setdefault("coordinateSystems", [])
        new_system(draw, systems, draw(DIMS))
        return t.ptr("scene"), "a scene system that no transformation links"
    m, ms = pick_multiscale(draw, t)
    systems = ms["coordinateSystems"]
    new_system(draw, systems, draw(DIMS))
    where = t.ptr("multiscales", m, "coordinateSystems", len(systems) - 1)
    return where, "a coordinate system that no transformation links"


@hierarchy_family(
    "coordinate-systems.target-exists",
    SCENE + family_bases(CONTAINERS, ("link",)),
    versions=V06,
)
def _system_unknown(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    if (t.kind == "scene" and draw(_values.COIN)) or not image_links(t):
        transform = t.pick(draw, scene_transforms(t))
        transform["input"]["name"] = "nowhere"
        return "", "a scene transformation names a system its image does not define"
    image, transform = t.pick(draw, image_links(t))
    transform["output"]["name"] = "nowhere"
    return image, "a transformation into a label image names a system it does not define"
