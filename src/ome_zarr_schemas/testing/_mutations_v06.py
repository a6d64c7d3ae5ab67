"""Mutation families of the 0.6 drafts: coordinate systems, transformations, scenes, and
the 0.4/0.5 image rules where 0.6 moved them (axes live in coordinate systems now).

Most families add what they break next to the valid document instead of editing a
generated transformation: a new system linked to one of known dimensions (a `Slot`),
then one transformation between them with exactly one defect. The generated parts stay
untouched, so the only findings are the targeted one and those it implies (``also``).
Families whose rule 0.6 keeps with the same pointer (omero, image-label, the generic
document ones) are widened to the 0.6 drafts at the end.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from ..spec.versions import V06_VERSIONS
from . import _attributes, _systems, _transforms, _values
from ._mutations import FAMILIES, Target, _axes_of, _index, _non_array, _non_object, family

Json = dict[str, Any]
Tokens = tuple[str | int, ...]

V06 = V06_VERSIONS
IMAGES = ("image", "label-image")
HOSTS = (*IMAGES, "scene")  # the kinds that hold transformations
_COIN = st.booleans()
_DIMS = st.integers(2, 5)


# --- finding things in a document


def _multiscale(draw: st.DrawFn, t: Target) -> tuple[int, Json]:
    items = t.ome["multiscales"]
    m = _index(draw, items)
    return m, items[m]


def _intrinsic(ms: Json) -> tuple[int, Json]:
    """(index, system) of the system the datasets map to."""
    name = ms["datasets"][0]["coordinateTransformations"][0]["output"]["name"]
    for i, system in enumerate(ms["coordinateSystems"]):
        if system["name"] == name:
            return i, system
    raise AssertionError(f"no intrinsic system {name!r}")


def _fresh(existing: Iterable[object], stem: str) -> str:
    """A name ``stem`` + number that is not among ``existing``."""
    taken = set(existing)
    i = 0
    while f"{stem}{i}" in taken:
        i += 1
    return f"{stem}{i}"


def _names(systems: list[Json]) -> list[str]:
    return [s["name"] for s in systems]


def _children(transform: Json) -> Iterator[tuple[Tokens, Json]]:
    kind = transform.get("type")
    if kind in ("sequence", "byDimension"):
        for i, item in enumerate(transform["transformations"]):
            if kind == "sequence":
                yield ("transformations", i), item
            else:
                yield ("transformations", i, "transformation"), item["transformation"]
    elif kind == "bijection":
        yield ("forward",), transform["forward"]
        yield ("inverse",), transform["inverse"]


def _tree(base: Tokens, transform: Json) -> Iterator[tuple[Tokens, Json]]:
    yield base, transform
    for tokens, child in _children(transform):
        yield from _tree((*base, *tokens), child)


def _all_transforms(t: Target) -> list[tuple[Tokens, Json]]:
    """Every transformation of the (valid) document, nested ones too, with its pointer."""
    out: list[tuple[Tokens, Json]] = []
    for m, ms in enumerate(t.ome.get("multiscales", [])):
        for d, dataset in enumerate(ms["datasets"]):
            base = ("multiscales", m, "datasets", d, "coordinateTransformations", 0)
            out.extend(_tree(base, dataset["coordinateTransformations"][0]))
        for k, transform in enumerate(ms.get("coordinateTransformations", [])):
            out.extend(_tree(("multiscales", m, "coordinateTransformations", k), transform))
    if "scene" in t.ome:
        for k, transform in enumerate(t.ome["scene"]["coordinateTransformations"]):
            out.extend(_tree(("scene", "coordinateTransformations", k), transform))
    return out


# --- a place to put one more transformation


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


def _new_system(draw: st.DrawFn, systems: list[Json], dims: int) -> Json:
    name = _fresh(_names(systems), "added")
    system = {"name": name, "axes": _systems.axes(draw, _systems.sequence_of_length(draw, dims))}
    systems.append(system)
    return system


def _scene_anchor(draw: st.DrawFn, t: Target) -> tuple[list[Json], Json]:
    """(scene systems, one of them that is connected), adding one if the scene has none."""
    scene = t.ome["scene"]
    systems = scene.setdefault("coordinateSystems", [])
    if systems:
        return systems, systems[_index(draw, systems)]
    anchor = _new_system(draw, systems, draw(_DIMS))
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


def _slot(draw: st.DrawFn, t: Target, dims: str = "any", multiscale: int | None = None) -> Slot:
    """A new system linked to nothing yet, and a connected one: ``dims`` "same", "differ"
    or "any" relates their axis counts; ``multiscale`` picks the image (else any)."""
    if t.kind == "scene":
        systems, anchor = _scene_anchor(draw, t)
        lists: Tokens = ("scene",)
        transforms = t.ome["scene"]["coordinateTransformations"]
        base: Tokens = ("scene", "coordinateTransformations")
    else:
        m = _multiscale(draw, t)[0] if multiscale is None else multiscale
        ms = t.ome["multiscales"][m]
        _, anchor = _intrinsic(ms)
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
        k = draw(_DIMS)
    system = _new_system(draw, systems, k)
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
    return slot.swapped() if draw(_COIN) else slot


def _host_systems(draw: st.DrawFn, t: Target) -> tuple[Tokens, list[Json]]:
    """A non-empty coordinateSystems list of the document and its pointer tokens."""
    if t.kind == "scene":
        _scene_anchor(draw, t)
        return ("scene", "coordinateSystems"), t.ome["scene"]["coordinateSystems"]
    m, ms = _multiscale(draw, t)
    return ("multiscales", m, "coordinateSystems"), ms["coordinateSystems"]


# --- coordinate systems


@family("coordinate-systems.structure", *HOSTS, versions=V06)
def _bad_system(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["not-an-object", "no-name", "name-not-a-string", "no-axes"]))
    if how == "no-axes":  # linked, so that only the missing axes are wrong
        slot = _slot(draw, t)
        slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
        del slot.system["axes"]
        return t.ptr(*slot.systems_base, slot.system_index), "a coordinate system without axes"
    base, systems = _host_systems(draw, t)
    axes = _systems.axes(draw)
    if how == "not-an-object":
        systems.append(_non_object(draw))
        return t.ptr(*base, len(systems) - 1), "a coordinate system that is not an object"
    if how == "no-name":
        systems.append({"axes": axes})
        return t.ptr(*base, len(systems) - 1), "a coordinate system without a name"
    systems.append({"name": draw(st.sampled_from([5, None, ["world"], {"a": 1}])), "axes": axes})
    return t.ptr(*base, len(systems) - 1, "name"), "a coordinate system name that is no string"


@family("coordinate-systems.unique-names", *HOSTS, versions=V06)
def _duplicate_system_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    base, systems = _host_systems(draw, t)
    systems.append(copy.deepcopy(systems[_index(draw, systems)]))
    if draw(_COIN):  # same name, other axes
        systems[-1]["axes"] = _systems.axes(draw)
    return t.ptr(*base, len(systems) - 1, "name"), "two coordinate systems share a name"


@family("coordinate-systems.reference", *HOSTS, versions=V06)
def _reference_to_nothing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if t.kind == "scene":
        scene = t.ome["scene"]
        known = _names(scene.get("coordinateSystems", []))
        existing = scene["coordinateTransformations"][0]
        anchor = dict(existing[draw(st.sampled_from(["input", "output"]))])
        transforms = scene["coordinateTransformations"]
        base: Tokens = ("scene", "coordinateTransformations")
    else:
        m, ms = _multiscale(draw, t)
        known = _names(ms["coordinateSystems"])
        anchor = {"name": _intrinsic(ms)[1]["name"]}
        transforms = ms.setdefault("coordinateTransformations", [])
        base = ("multiscales", m, "coordinateTransformations")
    missing = {"name": _fresh(known, draw(st.sampled_from(["world", "physical", "ghost"])))}
    side = draw(st.sampled_from(["input", "output"]))
    other = "output" if side == "input" else "input"
    transforms.append({"type": "identity", side: missing, other: anchor})
    where = t.ptr(*base, len(transforms) - 1, side, "name")
    return where, f"the {side} names {missing['name']!r}, which is no system here"


@family("coordinate-systems.connected", *HOSTS, versions=V06)
def _lone_system(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if t.kind == "scene":
        systems = t.ome["scene"].setdefault("coordinateSystems", [])
        _new_system(draw, systems, draw(_DIMS))
        return t.ptr("scene"), "a scene system that no transformation links"
    m, ms = _multiscale(draw, t)
    systems = ms["coordinateSystems"]
    _new_system(draw, systems, draw(_DIMS))
    where = t.ptr("multiscales", m, "coordinateSystems", len(systems) - 1)
    return where, "a coordinate system that no transformation links"


# --- transformations


@family("transforms.type", *HOSTS, versions=V06)
def _unknown_type(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    values: list[Any] = ["Scale", "rotate", "inverseOf", "translate", "", 3, None]
    kind = draw(st.sampled_from(values + (["projectAxis"] * 2 if t.version == "0.6.dev4" else [])))
    bad: Json = {"type": kind}
    if kind == "projectAxis":  # a 0.6rc0 type, with parameters that fit
        bad.update(droppedInputs=[0], createdOutputs=[0])
    if draw(_COIN):
        k = slot.append(bad)
        return t.ptr(*k, "type"), f"transformation type {kind!r}"
    k = slot.append({"type": "sequence", "transformations": [bad]})
    return t.ptr(*k, "transformations", 0, "type"), f"nested transformation type {kind!r}"


@family("transforms.io", *HOSTS, versions=V06)
def _bad_nested_io(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t)
    inner = _transforms.transformation(draw, t.version, slot.n, slot.m, depth=1)
    k = slot.append({"type": "sequence", "transformations": [inner]})
    side = draw(st.sampled_from(["input", "output"]))
    where: Tokens = (*k, "transformations", 0, side)
    how = draw(st.sampled_from(["string", "not-an-object", "empty-name", "name", "path"]))
    if how == "string":  # the form 0.6.dev4 removed
        inner[side] = draw(st.sampled_from(["physical", "world", ""]))
    elif how == "not-an-object":
        inner[side] = draw(st.sampled_from([["physical"], 3, True]))
    elif how == "empty-name":
        inner[side] = {"name": ""}
        where = (*where, "name")
    elif how == "name":
        inner[side] = {"name": draw(st.sampled_from([3, None, ["x"]]))}
        where = (*where, "name")
    else:
        inner[side] = {"name": "x", "path": draw(st.sampled_from([3, True, ["a"], {}]))}
        where = (*where, "path")
    return t.ptr(*where), f"a nested {side} that is no system reference ({how})"


@family("transforms.no-path", *HOSTS, versions=V06)
def _vector_at_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    found = [(k, x) for k, x in _all_transforms(t) if x["type"] in ("scale", "translation")]
    if not found or draw(_COIN):
        slot = _slot(draw, t, "same")
        vector = _transforms.scale if draw(_COIN) else _transforms.translation
        transform = vector(draw, slot.n)
        found = [(slot.append(transform), transform)]
    tokens, transform = found[_index(draw, found)]
    transform["path"] = draw(st.sampled_from(["transforms/scale", "s0", "params"]))
    if draw(_COIN):
        del transform[transform["type"]]
        t.also.add(("transforms.parameters", t.ptr(*tokens)))  # and then it has no values
        return t.ptr(*tokens), f"a {transform['type']} stored at a path"
    return t.ptr(*tokens), f"a {transform['type']} with values and a path"


def _by_dimension_items(draw: st.DrawFn, version: str, n: int) -> list[Json]:
    """One item per axis, output i from input i: a byDimension that is valid as it is."""
    in_key, out_key = _transforms.axes_keys(version)
    return [
        {
            "transformation": _transforms.transformation(draw, version, 1, 1, depth=0),
            in_key: [i],
            out_key: [i],
        }
        for i in range(n)
    ]


@family("transforms.dimensions", *HOSTS, versions=V06)
def _dimensions(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    ways = ["vector", "identity", "affine-width", "affine-rows", "rotation", "map-axis"]
    ways += ["displacements", "bijection", "by-dimension", "sequence"]
    ways += ["project-axis"] if _transforms.has_project_axis(t.version) else []
    ways += ["dataset"] if t.kind != "scene" else []
    how = draw(st.sampled_from(ways))
    if how == "dataset":
        return _dataset_scale_length(draw, t)
    slot = _slot(draw, t, "differ" if how in ("identity", "displacements", "bijection") else "same")
    n = slot.n
    if how == "vector":
        length = draw(st.sampled_from([n - 1, n + 1, 0]))
        key = draw(st.sampled_from(["scale", "translation"]))
        vector = (
            _transforms.scale(draw, length)
            if key == "scale"
            else _transforms.translation(draw, length)
        )
        return t.ptr(*slot.append(vector), key), f"a {key} of {length} for {n} axes"
    if how in ("identity", "displacements"):
        bad = {"type": "identity"} if how == "identity" else {"type": how, "path": "field"}
        return t.ptr(*slot.append(bad)), f"{how} from {slot.n} to {slot.m} dimensions"
    if how == "bijection":
        k = slot.append(
            {"type": "bijection", "forward": {"type": "identity"}, "inverse": {"type": "identity"}}
        )
        t.also.update(
            {("transforms.dimensions", t.ptr(*k, side)) for side in ("forward", "inverse")}
        )
        return t.ptr(*k), f"a bijection from {slot.n} to {slot.m} dimensions"
    if how in ("affine-width", "affine-rows"):
        rows, width = (n, n) if how == "affine-width" else (n + 1, n + 1)
        matrix = [_transforms.numbers(draw, width) for _ in range(rows)]
        k = slot.append({"type": "affine", "affine": matrix})
        return t.ptr(*k, "affine"), f"an affine of {rows} rows of {width} for {n} axes"
    if how == "rotation":
        k = slot.append({"type": "rotation", "rotation": _transforms.rotation_matrix(draw, n + 1)})
        return t.ptr(*k, "rotation"), f"a rotation of {n + 1} axes for {n}"
    if how == "map-axis":
        k = slot.append({"type": "mapAxis", "mapAxis": draw(st.permutations(range(n + 1)))})
        return t.ptr(*k, "mapAxis"), f"a mapAxis of {n + 1} axes for {n}"
    if how == "project-axis":
        k = slot.append({"type": "projectAxis", "droppedInputs": [_index(draw, n)]})
        return t.ptr(*k), f"dropping one of {n} axes gives {n - 1} dimensions, not {n}"
    if how == "by-dimension":
        items = _by_dimension_items(draw, t.version, n)
        i = _index(draw, items)
        in_key, _ = _transforms.axes_keys(t.version)
        items[i][in_key] = [n + draw(st.integers(0, 3))]
        k = slot.append({"type": "byDimension", "transformations": items})
        return t.ptr(*k, "transformations", i, in_key, 0), "a byDimension input axis out of range"
    steps = [_transforms.scale(draw, n), _transforms.translation(draw, n + 1)]
    k = slot.append({"type": "sequence", "transformations": steps})
    return t.ptr(*k, "transformations", 1, "translation"), "a sequence step of the wrong length"


def _dataset_scale_length(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    ndim = len(_intrinsic(ms)[1]["axes"])
    d = _index(draw, ms["datasets"])
    transform = ms["datasets"][d]["coordinateTransformations"][0]
    length = draw(st.sampled_from([ndim - 1, ndim + 1]))
    for key in ("transformations", "scale"):
        transform.pop(key, None)
    transform["type"] = "scale"
    transform["scale"] = [1.0] * length
    where = ("multiscales", m, "datasets", d, "coordinateTransformations", 0, "scale")
    return t.ptr(*where), f"a dataset scale of {length} for {ndim} axes"


@family("transforms.scale-nonzero", *HOSTS, versions=V06)
def _zero_factor(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    found = [(k, x) for k, x in _all_transforms(t) if x["type"] == "scale" and x["scale"]]
    if not found:
        slot = _slot(draw, t, "same")
        transform = _transforms.scale(draw, slot.n)
        found = [(slot.append(transform), transform)]
    tokens, transform = found[_index(draw, found)]
    i = _index(draw, transform["scale"])
    transform["scale"][i] = draw(st.sampled_from([0, 0.0, -0.0]))
    return t.ptr(*tokens, "scale", i), "a scale factor of zero"


@family("transforms.map-axis", *HOSTS, versions=V06)
def _not_a_permutation(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    values = list(draw(st.permutations(range(slot.n))))
    i = _index(draw, values)
    if draw(_COIN):
        values[i] = values[(i + 1) % len(values)]
        what = "an axis index twice"
    else:
        values[i] = slot.n + draw(st.integers(0, 3))
        what = "an axis index past the last axis"
    k = slot.append({"type": "mapAxis", "mapAxis": values})
    return t.ptr(*k, "mapAxis"), f"a mapAxis with {what}"


@family("transforms.project-axis", *HOSTS, versions=("0.6rc0",))
def _bad_project_axis(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    how = draw(st.sampled_from(["neither", "droppedInputs", "createdOutputs"]))
    if how == "neither":
        k = slot.append({"type": "projectAxis"})
        return t.ptr(*k), "a projectAxis that neither drops nor creates an axis"
    n = slot.n
    lists: Json = {
        "droppedInputs": list(draw(st.permutations(range(n))))[:2],
        "createdOutputs": list(draw(st.permutations(range(n))))[:2],
    }
    lists[how][1] = lists[how][0]
    k = slot.append({"type": "projectAxis", **lists})
    return t.ptr(*k, how, 1), f"an axis index twice in {how!r}"


@family("transforms.rotation", *HOSTS, versions=V06)
def _not_a_rotation(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    rows = _transforms.rotation_matrix(draw, slot.n)
    how = draw(st.sampled_from(["reflection", "scaling", "shear"]))
    if how == "reflection":
        rows[0] = [-x for x in rows[0]]
    elif how == "scaling":
        rows = [[2 * x for x in row] for row in rows]
    else:
        rows[0][1] += 0.5
    k = slot.append({"type": "rotation", "rotation": rows})
    return t.ptr(*k, "rotation"), f"a rotation matrix that is a {how}"


@family("transforms.sequence", *HOSTS, versions=V06)
def _empty_sequence(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    empty = {"type": "sequence", "transformations": []}
    if draw(_COIN):
        return t.ptr(*slot.append(empty), "transformations"), "an empty sequence"
    k = slot.append({"type": "bijection", "forward": empty, "inverse": {"type": "identity"}})
    return t.ptr(*k, "forward", "transformations"), "a bijection whose forward is an empty sequence"


@family("transforms.bijection", *HOSTS, versions=V06)
def _bijection_io_mismatch(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    forward = _transforms.transformation(draw, t.version, slot.n, slot.n, depth=1)
    inverse = _transforms.transformation(draw, t.version, slot.n, slot.n, depth=1)
    k = slot.append({"type": "bijection", "forward": forward, "inverse": inverse})
    key = draw(st.sampled_from(["forward", "inverse"]))
    side = draw(st.sampled_from(["input", "output"]))
    # forward repeats the bijection's input and output, inverse swaps them: give the other
    right = slot.source if (key == "forward") == (side == "input") else slot.target
    wrong = slot.target if right is slot.source else slot.source
    child = forward if key == "forward" else inverse
    child[side] = dict(wrong)
    return t.ptr(*k, key, side, "name"), f"the bijection's {key} {side} names the wrong system"


@family("transforms.by-dimension", *HOSTS, versions=V06)
def _bad_by_dimension(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    n = slot.n
    in_key, out_key = _transforms.axes_keys(t.version)
    items = _by_dimension_items(draw, t.version, n)
    k = slot.append({"type": "byDimension", "transformations": items})
    how = draw(st.sampled_from(["uncovered", "twice", "child-io", "no-transformation", "float"]))
    i = _index(draw, items)
    if how == "uncovered":
        del items[i]
        return t.ptr(*k, "transformations"), f"output axis {i} written by no item"
    if how == "twice":
        items.append(copy.deepcopy(items[i]))
        where = (*k, "transformations", len(items) - 1, out_key, 0)
        return t.ptr(*where), f"output axis {i} written twice"
    if how == "child-io":
        side = draw(st.sampled_from(["input", "output"]))
        items[i]["transformation"][side] = dict(slot.source if side == "input" else slot.target)
        where = (*k, "transformations", i, "transformation", side)
        return t.ptr(*where), f"a byDimension child with its own {side}"
    if how == "no-transformation":
        del items[i]["transformation"]
        return t.ptr(*k, "transformations", i), "a byDimension item without its transformation"
    items[i][in_key] = [i + 0.5]
    return t.ptr(*k, "transformations", i, in_key, 0), "a byDimension axis index 0.5"


@family("transforms.interpolation", *HOSTS, versions=V06)
def _unknown_interpolation(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    kind = draw(st.sampled_from(["displacements", "coordinates"]))
    value = draw(st.sampled_from(["bspline", "lanczos", "Linear", "", "nearest-neighbor"]))
    k = slot.append({"type": kind, "path": "fields/0", "interpolation": value})
    return t.ptr(*k, "interpolation"), f"interpolation {value!r}"


@family("transforms.unique-names", *HOSTS, versions=V06)
def _duplicate_transform_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if t.kind == "scene":
        transforms = t.ome["scene"]["coordinateTransformations"]
        base: Tokens = ("scene", "coordinateTransformations")
    else:
        m, ms = _multiscale(draw, t)
        if "coordinateTransformations" not in ms:
            slot = _slot(draw, t, multiscale=m)
            slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
        transforms = ms["coordinateTransformations"]
        base = ("multiscales", m, "coordinateTransformations")
    first = transforms[_index(draw, transforms)]
    if "name" not in first:
        first["name"] = _fresh([x.get("name") for x in transforms], "step")
    transforms.append(copy.deepcopy(first))
    return t.ptr(*base, len(transforms) - 1, "name"), f"two transformations named {first['name']!r}"


@family("transforms.parameters", *HOSTS, versions=V06)
def _missing_parameters(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    n = slot.n
    how = draw(
        st.sampled_from(
            [
                "no-scale",
                "string-factor",
                "affine-both",
                "rotation-neither",
                "no-inverse",
                "no-path",
                "interpolation",
                "no-items",
                "no-steps",
            ]
        )
    )
    if how == "no-scale":
        return t.ptr(*slot.append({"type": "scale"})), "a scale without factors"
    if how == "string-factor":
        transform = _transforms.scale(draw, n)
        i = _index(draw, n)
        transform["scale"][i] = draw(st.sampled_from(["1", None, [1], True]))
        return t.ptr(*slot.append(transform), "scale", i), "a scale factor that is no number"
    if how == "affine-both":
        rows = [[1 if j == i else 0 for j in range(n + 1)] for i in range(n)]
        k = slot.append({"type": "affine", "affine": rows, "path": "matrix"})
        return t.ptr(*k), "an affine with both a matrix and a path"
    if how == "rotation-neither":
        return t.ptr(*slot.append({"type": "rotation"})), "a rotation without a matrix"
    if how == "no-inverse":
        k = slot.append({"type": "bijection", "forward": {"type": "identity"}})
        return t.ptr(*k), "a bijection without inverse"
    if how == "no-path":
        kind = draw(st.sampled_from(["displacements", "coordinates"]))
        return t.ptr(*slot.append({"type": kind})), f"{kind} without a path"
    if how == "interpolation":
        k = slot.append({"type": "coordinates", "path": "f", "interpolation": 1})
        return t.ptr(*k, "interpolation"), "an interpolation that is no string"
    kind = "byDimension" if how == "no-items" else "sequence"
    return t.ptr(*slot.append({"type": kind})), f"a {kind} without transformations"


@family("transforms.structure", *HOSTS, versions=V06)
def _untyped_or_not_an_object(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t, "same")
    if draw(_COIN):
        return t.ptr(*slot.append({})), "a transformation without 'type'"
    k = slot.append({"type": "sequence", "transformations": [_non_object(draw)]})
    return t.ptr(*k, "transformations", 0), "a sequence item that is not an object"


# --- datasets and the multiscale image


def _dataset(draw: st.DrawFn, t: Target) -> tuple[Tokens, Json, Json, Json]:
    """(pointer tokens, multiscale, dataset, its transformation) of a random level."""
    m, ms = _multiscale(draw, t)
    d = _index(draw, ms["datasets"])
    dataset = ms["datasets"][d]
    tokens = ("multiscales", m, "datasets", d, "coordinateTransformations", 0)
    return tokens, ms, dataset, dataset["coordinateTransformations"][0]


def _more_levels(ms: Json) -> None:
    """Give the image a second level (a copy of the last under a new path) if it has one."""
    datasets = ms["datasets"]
    if len(datasets) == 1:
        level = copy.deepcopy(datasets[0])
        level["path"] = _fresh([d["path"] for d in datasets], "level")
        level["coordinateTransformations"][0]["input"]["path"] = level["path"]
        datasets.append(level)


@family("multiscales.dataset-transformation", *IMAGES, versions=V06)
def _bad_dataset_transformation(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, ms, dataset, transform = _dataset(draw, t)
    ndim = len(_intrinsic(ms)[1]["axes"])
    io = {"input": transform["input"], "output": transform["output"]}
    how = draw(st.sampled_from(["translation", "affine", "two", "order", "three"]))
    if how == "two":
        dataset["coordinateTransformations"].append(copy.deepcopy(transform))
        return t.ptr(*tokens[:-1]), "a dataset with two transformations"
    if how in ("translation", "affine"):
        kind = _transforms.of_type(draw, t.version, how, ndim, ndim)
        dataset["coordinateTransformations"][0] = {**kind, **io}
        return t.ptr(*tokens, "type"), f"a dataset {how}"
    steps = [_transforms.scale(draw, ndim), _transforms.translation(draw, ndim)]
    if how == "order":
        steps.reverse()
        t.also.add(
            ("multiscales.dataset-transformation", t.ptr(*tokens, "transformations", 1, "type"))
        )
        where = t.ptr(*tokens, "transformations", 0, "type")
    else:
        steps.append(_transforms.translation(draw, ndim))
        where = t.ptr(*tokens, "transformations")
    dataset["coordinateTransformations"][0] = {"type": "sequence", "transformations": steps, **io}
    return where, f"a dataset sequence ({how})"


@family("multiscales.dataset-io", *IMAGES, versions=V06)
def _bad_dataset_io(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, _, _, transform = _dataset(draw, t)
    side = draw(st.sampled_from(["input", "output"]))
    if draw(_COIN):
        del transform[side]
        return t.ptr(*tokens), f"a dataset transformation without {side}"
    transform[side] = {}
    return t.ptr(*tokens, side), f"a dataset transformation {side} without its key"


@family("multiscales.dataset-io-extra", *IMAGES, versions=V06)
def _dataset_io_extra(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, _, dataset, transform = _dataset(draw, t)
    if draw(_COIN):
        transform["input"]["name"] = transform["output"]["name"]
        return t.ptr(*tokens, "input"), "a dataset input with a name"
    transform["output"]["path"] = dataset["path"]
    return t.ptr(*tokens, "output"), "a dataset output with a path"


@family("multiscales.dataset-input-path", *IMAGES, versions=V06)
def _input_path_differs(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, ms, dataset, transform = _dataset(draw, t)
    others = [d["path"] for d in ms["datasets"] if d["path"] != dataset["path"]]
    choices = [*others, dataset["path"] + "/0", "s" + dataset["path"]]
    transform["input"]["path"] = draw(st.sampled_from(choices))
    return t.ptr(*tokens, "input", "path"), "the input path is not the dataset's"


@family("multiscales.intrinsic-system", *IMAGES, versions=V06)
def _dataset_to_other_system(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    systems = ms["coordinateSystems"]
    _, intrinsic = _intrinsic(ms)
    if draw(_COIN):
        d = _index(draw, ms["datasets"])
        name = _fresh(_names(systems), "physical")
        what = "a system that does not exist"
    else:  # another system of the same dimensions, at a later level
        _more_levels(ms)
        d = draw(st.integers(1, len(ms["datasets"]) - 1))
        twins = [
            s for s in systems if s is not intrinsic and len(s["axes"]) == len(intrinsic["axes"])
        ]
        if not twins:
            twin = {
                "name": _fresh(_names(systems), "twin"),
                "axes": copy.deepcopy(intrinsic["axes"]),
            }
            systems.append(twin)
            ms.setdefault("coordinateTransformations", []).append(
                {
                    "type": "identity",
                    "input": {"name": intrinsic["name"]},
                    "output": {"name": twin["name"]},
                }
            )
            twins = [twin]
        name = twins[_index(draw, twins)]["name"]
        what = "another system than the other levels"
    ms["datasets"][d]["coordinateTransformations"][0]["output"]["name"] = name
    where = ("multiscales", m, "datasets", d, "coordinateTransformations", 0, "output", "name")
    return t.ptr(*where), f"a level maps to {what}"


@family("multiscales.intrinsic-axes", *IMAGES, versions=V06)
def _intrinsic_axes_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    i, intrinsic = _intrinsic(ms)
    intrinsic["axes"] = _non_array(draw)
    where = ("multiscales", m, "coordinateSystems", i)
    t.also.add(("axes.structure", t.ptr(*where, "axes")))
    return t.ptr(*where), "the intrinsic system's axes are not a list"


@family("multiscales.transform-io", *IMAGES, versions=V06)
def _multiscale_transform_io(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    here = {"name": _intrinsic(ms)[1]["name"]}
    transforms = ms.setdefault("coordinateTransformations", [])
    base = ("multiscales", m, "coordinateTransformations", len(transforms))
    side = draw(st.sampled_from(["input", "output"]))
    other = "output" if side == "input" else "input"
    how = draw(st.sampled_from(["missing", "no-name", "escaping-path"]))
    transform: Json = {"type": "identity", other: here}
    transforms.append(transform)
    if how == "missing":
        return t.ptr(*base), f"a multiscale transformation without {side}"
    if how == "no-name":
        transform[side] = {}
        return t.ptr(*base, side), f"a multiscale transformation {side} without a name"
    path = draw(
        st.sampled_from(["../labels/cells", "/labels/cells", "labels/../x", "./labels", ""])
    )
    transform[side] = {"name": "cells", "path": path}
    return t.ptr(*base, side, "path"), f"a label path {path!r} that leaves the image"


@family("multiscales.transform-intrinsic", *IMAGES, versions=V06)
def _between_non_intrinsic(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = _slot(draw, t)
    slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
    # a second new system, linked only to the first new one
    first = slot.system
    second = _new_system(draw, _system_list(t, slot), draw(_DIMS))
    source, target = (first, second) if draw(_COIN) else (second, first)
    bad = _transforms.transformation(draw, t.version, len(source["axes"]), len(target["axes"]))
    bad["input"], bad["output"] = {"name": source["name"]}, {"name": target["name"]}
    slot.transforms.append(bad)
    return t.ptr(*slot.base, len(slot.transforms) - 1), "a link between two other systems"


def _system_list(t: Target, slot: Slot) -> list[Json]:
    node: Any = t.ome
    for token in slot.systems_base:
        node = node[token]
    assert isinstance(node, list)
    return node


@family("multiscales.label-transform-type", *IMAGES, versions=V06)
def _label_link_type(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    n = len(_intrinsic(ms)[1]["axes"])
    kinds = ["affine", "rotation", "mapAxis", "byDimension", "bijection", "displacements"]
    kinds += ["coordinates", "sequence"] + (
        ["projectAxis"] if _transforms.has_project_axis(t.version) else []
    )
    kind = draw(st.sampled_from(kinds))
    transform: Json
    if kind == "sequence":  # of another shape than scale then translation
        steps = [_transforms.translation(draw, n), _transforms.scale(draw, n)]
        transform = {"type": "sequence", "transformations": steps[: draw(st.integers(1, 2))]}
    else:
        transform = _transforms.of_type(draw, t.version, kind, n, n, depth=1)
    here: Json = {"name": _intrinsic(ms)[1]["name"]}
    label: Json = {"name": "cells", "path": draw(st.sampled_from(["labels/cells", "labels/0"]))}
    transform["input"], transform["output"] = (here, label) if draw(_COIN) else (label, here)
    transforms = ms.setdefault("coordinateTransformations", [])
    transforms.append(transform)
    where = ("multiscales", m, "coordinateTransformations", len(transforms) - 1, "type")
    return t.ptr(*where), f"a {kind} into a label image"


# --- scenes


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
    scene["coordinateTransformations"] = [] if how == "empty" else _non_array(draw)
    return t.ptr("scene", "coordinateTransformations"), "scene transformations empty or no list"


@family("scene.io", "scene", versions=V06)
def _scene_io_extra_key(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    transforms = t.ome["scene"]["coordinateTransformations"]
    k = _index(draw, transforms)
    side = draw(st.sampled_from(["input", "output"]))
    key = draw(st.sampled_from(["coordinateSystem", "axes", "id", "Name", "x-note"]))
    transforms[k][side][key] = draw(_values.json_value(max_leaves=2))
    where = t.ptr("scene", "coordinateTransformations", k, side)
    return where, f"a scene {side} with an extra key {key!r}"


@family("version.unreleased", *_attributes.KIND_NAMES, "scene", versions=("0.6rc0",))
def _unreleased_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["version"] = "0.6"
    return t.ptr("version"), "'ome.version' is '0.6'"


# --- 0.4/0.5 image rules, where 0.6 keeps them: the axes are a coordinate system's


def _reshape_intrinsic(draw: st.DrawFn, t: Target, sequence: str) -> tuple[Tokens, list[Json]]:
    """Give a multiscale's intrinsic system axes of ``sequence`` and keep the rest valid.

    Dataset vectors follow the new axis count; the other systems and the multiscale's
    own transformations go, since their parameters were drawn for the old count.
    """
    m, ms = _multiscale(draw, t)
    _i, intrinsic = _intrinsic(ms)
    axes = _axes_of(draw, sequence)
    intrinsic["axes"] = axes
    ms["coordinateSystems"] = [intrinsic]
    ms.pop("coordinateTransformations", None)
    for dataset in ms["datasets"]:
        transform = dataset["coordinateTransformations"][0]
        for step in [transform, *transform.get("transformations", [])]:
            for key in ("scale", "translation"):
                if key in step:
                    step[key] = (step[key] + [1.0] * len(axes))[: len(axes)]
    return ("multiscales", m, "coordinateSystems", 0, "axes"), axes


def _axes_family_06(rule: str, sequences: list[str], what: str) -> None:
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        sequence = draw(st.sampled_from(sequences))
        where, _ = _reshape_intrinsic(draw, t, sequence)
        return t.ptr(*where), f"intrinsic axis types {sequence}: {what}"

    apply.__name__ = "intrinsic_" + rule.replace(".", "_").replace("-", "_")
    family(rule, *IMAGES, versions=V06)(apply)


# Letters: S space, T time, C channel, X custom type, U no type.
_axes_family_06("axes.count", ["TCXSSS", "TCUSSS"], "six axes, otherwise well formed")
_axes_family_06(
    "axes.space-count", ["TS", "CS", "XS", "SSSS", "TSSSS", "CSSSS"], "1 or 4 space axes"
)
_axes_family_06("axes.channel-count", ["CCSS", "CCSSS", "TCCSS"], "two channel axes")
_axes_family_06("axes.custom-count", ["XXSS", "XUSS", "UUSSS", "TXUSS"], "two custom axes")
_axes_family_06("axes.channel-or-custom", ["CXSS", "XCSSS", "TUCSS"], "a channel and a custom axis")
_axes_family_06("axes.order", ["SST", "STS", "SSC", "SCS", "CTSS", "SSSU", "XSTS"], "out of order")
_axes_family_06("axes.time-count", ["TTSS", "TTSSS", "TTCSS"], "two time axes")


@family("axes.zyx-order", *IMAGES, versions=V06)
def _intrinsic_xyz(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    prefix = draw(st.sampled_from(["", "T", "C", "TC"]))
    where, axes = _reshape_intrinsic(draw, t, prefix + "SSS")
    names = draw(st.sampled_from([["x", "y", "z"], ["y", "z", "x"], ["z", "x", "y"]]))
    for axis, name in zip(axes[len(prefix) :], names, strict=True):
        axis["name"] = name
    for axis, name in zip(axes, ["t", "c"], strict=False):
        if axis["type"] != "space":
            axis["name"] = name
    return t.ptr(*where), f"space axes named {', '.join(names)}"


@family("axes.type-recommended", *IMAGES, versions=V06)
def _intrinsic_untyped(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    sequence = draw(st.sampled_from(["USS", "TUSSS", "UCSS", "CUSSS"]))
    where, _ = _reshape_intrinsic(draw, t, sequence)
    return t.ptr(*where, sequence.index("U")), "an axis without 'type'"


def _any_system(draw: st.DrawFn, t: Target) -> tuple[Tokens, Json]:
    """A system of the document, with its pointer tokens (a scene may get one)."""
    base, systems = _host_systems(draw, t)
    i = _index(draw, systems)
    return (*base, i), systems[i]


@family("axes.unique-names", *HOSTS, versions=V06)
def _duplicate_axis_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    axes = system["axes"]
    first = _index(draw, len(axes) - 1)
    second = draw(st.integers(first + 1, len(axes) - 1))
    axes[second]["name"] = axes[first]["name"]
    return t.ptr(*tokens, "axes", second, "name"), "two axes of one system share a name"


@family("axes.unit-known", *HOSTS, versions=V06)
def _unknown_unit(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    candidates = [i for i, a in enumerate(system["axes"]) if a.get("type") in {"space", "time"}]
    if not candidates:  # an index space: give a new linked system space axes
        slot = _slot(draw, t)
        slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
        slot.system["axes"] = _axes_of(draw, "S" * len(slot.system["axes"]))
        tokens, system = (*slot.systems_base, slot.system_index), slot.system
        candidates = list(range(len(system["axes"])))
    a = draw(st.sampled_from(candidates))
    system["axes"][a]["unit"] = draw(st.sampled_from(["pixel", "um", "µm", "Micrometer", "s", ""]))
    return t.ptr(*tokens, "axes", a, "unit"), "a unit outside the spec's lists"


def _intrinsic_tokens(t: Target, tokens: Tokens) -> Tokens | None:
    if tokens[0] != "multiscales":
        return None
    ms = t.ome["multiscales"][tokens[1]]
    return ("multiscales", tokens[1], "coordinateSystems", _intrinsic(ms)[0])


@family("axes.structure", *HOSTS, versions=V06)
def _axis_without_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    intrinsic = tokens == _intrinsic_tokens(t, tokens)
    if intrinsic or draw(_COIN):
        a = _index(draw, system["axes"])
        del system["axes"][a]["name"]
        return t.ptr(*tokens, "axes", a), "an axis without 'name'"
    system["axes"] = _non_array(draw)  # a system no dataset maps to may have any axes
    return t.ptr(*tokens, "axes"), "a system whose axes are not a list"


@family("axes.name", *HOSTS, versions=V06)
def _bad_axis_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    a = _index(draw, system["axes"])
    system["axes"][a]["name"] = draw(st.sampled_from(["", 0, None, ["x"], {"x": 1}]))
    return t.ptr(*tokens, "axes", a, "name"), "an empty or non-string axis name"


@family("multiscales.structure", *IMAGES, versions=V06)
def _bad_multiscales(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["empty", "not-a-list", "item", "no-datasets", "type", "metadata"]))
    if how == "empty":
        t.ome["multiscales"] = []
        return t.ptr("multiscales"), "'multiscales' is empty"
    if how == "not-a-list":
        t.ome["multiscales"] = _non_array(draw)
        return t.ptr("multiscales"), "'multiscales' is not a list"
    m, ms = _multiscale(draw, t)
    if how == "item":
        t.ome["multiscales"][m] = _non_object(draw)
        return t.ptr("multiscales", m), "a multiscale is not an object"
    if how == "no-datasets":
        del ms["datasets"]
        return t.ptr("multiscales", m), "a multiscale without 'datasets'"
    ms[how] = draw(st.sampled_from([3, ["gaussian"], None] if how == "type" else [[], "x", 3]))
    return t.ptr("multiscales", m, how), f"a multiscale {how!r} of the wrong JSON type"


@family("multiscales.dataset-path", *IMAGES, versions=V06)
def _bad_dataset_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, _, dataset, transform = _dataset(draw, t)
    dataset["path"] = draw(st.sampled_from(["", 0, None, ["0"]]))
    if dataset["path"] == "":
        transform["input"]["path"] = ""  # so that only the dataset's path is wrong
    return t.ptr(*tokens[:4], "path"), "an empty or non-string dataset path"


@family("multiscales.unique-dataset-paths", *IMAGES, versions=V06)
def _duplicate_dataset_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    datasets = ms["datasets"]
    datasets.append(copy.deepcopy(datasets[-1]))
    path = datasets[_index(draw, len(datasets) - 1)]["path"]
    datasets[-1]["path"] = path
    datasets[-1]["coordinateTransformations"][0]["input"]["path"] = path
    return t.ptr("multiscales", m, "datasets", len(datasets) - 1, "path"), "two levels share a path"


@family("multiscales.scales-ordered", *IMAGES, versions=V06)
def _shrinking_scale(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    ndim = len(_intrinsic(ms)[1]["axes"])
    datasets = ms["datasets"]
    for dataset in datasets:
        old = dataset["coordinateTransformations"][0]
        dataset["coordinateTransformations"][0] = {
            "type": "scale",
            "scale": [1.0] * ndim,
            "input": old["input"],
            "output": old["output"],
        }
    datasets.append(copy.deepcopy(datasets[-1]))
    datasets[-1]["path"] = _fresh([d["path"] for d in datasets], "smaller")
    datasets[-1]["coordinateTransformations"][0]["input"]["path"] = datasets[-1]["path"]
    datasets[-1]["coordinateTransformations"][0]["scale"][_index(draw, ndim)] = 0.5
    where = ("multiscales", m, "datasets", len(datasets) - 1, "coordinateTransformations")
    return t.ptr(*where), "the last level's scale is smaller than the one before"


# --- families of earlier versions that hold in 0.6 with the same pointer

#: Rules whose 0.4/0.5 families break only blocks 0.6 keeps unchanged (omero,
#: image-label) or nothing 0.6 moved ('datasets', the recommended fields).
_SAME_IN_06 = {
    "omero.structure",
    "omero.channel-required",
    "omero.channel-color",
    "omero.channel-window",
    "multiscales.datasets",
    "multiscales.recommended-fields",
}


def _widen() -> None:
    """Widen the earlier families whose finding is the same in 0.6, and let the generic
    ones (and the 'omero' one) start from scenes too."""
    generic = set(_attributes.KIND_NAMES)
    for i, fam in enumerate(FAMILIES):
        same = fam.rule in _SAME_IN_06 or fam.rule.startswith("image-label.")
        if same and not set(fam.versions) & set(V06):
            FAMILIES[i] = dataclasses.replace(fam, versions=fam.versions + V06)
        if set(fam.kinds) == generic or fam.rule == "omero.image-only":
            FAMILIES[i] = dataclasses.replace(FAMILIES[i], kinds=(*FAMILIES[i].kinds, "scene"))


_widen()
