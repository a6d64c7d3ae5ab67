"""0.6 mutation helpers: a place to put one more transformation (`Slot`).

Most 0.6 families add what they break next to the valid document instead of editing a
generated transformation: a new system linked to one of known dimensions, then one
transformation between them with exactly one defect. The generated parts stay untouched,
so the only findings are the targeted one and those it implies (``also``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from hypothesis import strategies as st

from ...spec.versions import get
from .. import _systems, _values
from .helpers import Json, Tokens, fresh_name, index, names_of, pick_multiscale
from .registry import Target

DIMS = st.integers(2, 5)


def intrinsic_system(ms: Json) -> tuple[int, Json]:
    """(index, system) of the system the datasets map to."""
    name = ms["datasets"][0]["coordinateTransformations"][0]["output"]["name"]
    for i, system in enumerate(ms["coordinateSystems"]):
        if system["name"] == name:
            return i, system
    raise AssertionError(f"no intrinsic system {name!r}")


@dataclass
class Slot:
    """A transformation list and two systems of known dimensions it may link.

    One of ``source`` and ``target`` is connected already, the other is new (``system``),
    so whatever transformation the family appends is the new system's only link.
    """

    transforms: list[Json]
    base: Tokens  # of the transformation list
    source: Json  # input reference
    target: Json  # output reference
    n: int
    m: int
    system: Json  # the new system
    systems_base: Tokens  # of the coordinateSystems list holding it
    system_index: int

    def append(self, transform: Json) -> Tokens:
        """Add ``transform`` from source to target; return its pointer tokens."""
        transform["input"] = dict(self.source)
        transform["output"] = dict(self.target)
        self.transforms.append(transform)
        return (*self.base, len(self.transforms) - 1)

    def swapped(self) -> Slot:
        return dataclasses.replace(self, source=self.target, target=self.source, n=self.m, m=self.n)


def new_system(draw: st.DrawFn, systems: list[Json], dims: int) -> Json:
    name = fresh_name(names_of(systems), "added")
    system = {"name": name, "axes": _systems.axes(draw, _systems.sequence_of_length(draw, dims))}
    systems.append(system)
    return system


def scene_anchor(draw: st.DrawFn, t: Target) -> tuple[list[Json], Json]:
    """(scene systems, one of them that is connected), adding one if the scene has none."""
    scene = t.ome["scene"]
    systems = scene.setdefault("coordinateSystems", [])
    if systems:
        return systems, systems[index(draw, systems)]
    anchor = new_system(draw, systems, draw(DIMS))
    image = next(
        dict(side)
        for transform in scene["coordinateTransformations"]
        for side in (transform["input"], transform["output"])
        if side.get("path") is not None
    )
    # an image's dimensions are not in the scene: a matrix at a path fits any
    scene["coordinateTransformations"].append(
        {
            "type": "affine",
            "path": "coordinateTransformations/anchor",
            "input": image,
            "output": {"name": anchor["name"]},
        }
    )
    return systems, anchor


def new_slot(draw: st.DrawFn, t: Target, dims: str = "any", multiscale: int | None = None) -> Slot:
    """A new system linked to nothing yet, and a connected one: ``dims`` "same", "differ"
    or "any" relates their axis counts; ``multiscale`` picks the image (else any)."""
    if t.kind == "scene":
        systems, anchor = scene_anchor(draw, t)
        lists: Tokens = ("scene",)
        transforms = t.ome["scene"]["coordinateTransformations"]
        base: Tokens = ("scene", "coordinateTransformations")
    else:
        m = pick_multiscale(draw, t)[0] if multiscale is None else multiscale
        ms = t.ome["multiscales"][m]
        _, anchor = intrinsic_system(ms)
        systems = ms["coordinateSystems"]
        lists = ("multiscales", m)
        transforms = ms.setdefault("coordinateTransformations", [])
        base = ("multiscales", m, "coordinateTransformations")
    n = len(anchor["axes"])
    if dims == "same":
        k = n
    elif dims == "differ":
        k = draw(st.sampled_from([d for d in range(2, 6) if d != n]))
    else:
        k = draw(DIMS)
    system = new_system(draw, systems, k)
    slot = Slot(
        transforms,
        base,
        {"name": anchor["name"]},
        {"name": system["name"]},
        n,
        k,
        system,
        (*lists, "coordinateSystems"),
        len(systems) - 1,
    )
    # a multiscale image's own links read from its intrinsic system in 0.6.dev4
    fixed = t.kind != "scene" and get(t.version).intrinsic_is_input
    return slot.swapped() if not fixed and draw(_values.COIN) else slot


def host_systems(draw: st.DrawFn, t: Target) -> tuple[Tokens, list[Json]]:
    """A non-empty coordinateSystems list of the document and its pointer tokens."""
    if t.kind == "scene":
        scene_anchor(draw, t)
        return ("scene", "coordinateSystems"), t.ome["scene"]["coordinateSystems"]
    m, ms = pick_multiscale(draw, t)
    return ("multiscales", m, "coordinateSystems"), ms["coordinateSystems"]
