"""Mutation families of the transformation rules (`rules/transformations.py`): 0.4/0.5
dataset transformations, every 0.6 transformation type (nested ones too), and the
hierarchy rules on transformation targets and parameter arrays."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from ...spec.versions import PROJECT_AXIS_VERSIONS
from .. import _transforms, _values
from .helpers import (
    HOSTS,
    IMAGE_KINDS,
    V06,
    Json,
    Tokens,
    fresh_name,
    index,
    non_array,
    non_object,
    pick_multiscale,
    resize,
)
from .hierarchy_registry import CONTAINERS, StoreTarget, family_bases, hierarchy_family
from .nodes import SCENE, image_links, scene_transforms
from .registry import Target, family
from .slots import intrinsic_system, new_slot


def _dataset_list(
    draw: st.DrawFn, t: Target
) -> tuple[int, dict[str, Any], int, list[dict[str, Any]]]:
    m, ms = pick_multiscale(draw, t)
    d = index(draw, ms["datasets"])
    return m, ms, d, ms["datasets"][d]["coordinateTransformations"]


def _inline_scale(transforms: list[dict[str, Any]], ndim: int) -> dict[str, Any]:
    """The list's scale, turned into the inline form if it used a path."""
    scale = transforms[0]
    if "scale" not in scale:
        scale.pop("path", None)
        scale["scale"] = [1.0] * ndim
    return scale


def _at(t: Target, m: int, d: int, *tokens: str | int) -> str:
    """The pointer into dataset ``d``'s transformations of multiscale ``m``."""
    return t.ptr("multiscales", m, "datasets", d, "coordinateTransformations", *tokens)


@family("transforms.structure", *IMAGE_KINDS)
def _transforms_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, _ = _dataset_list(draw, t)
    ms["datasets"][d]["coordinateTransformations"] = non_array(draw)
    return _at(t, m, d), "a dataset's 'coordinateTransformations' is not a list"


@family("transforms.allowed-types", *IMAGE_KINDS)
def _extra_transform_type(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, _, d, transforms = _dataset_list(draw, t)
    kind = draw(st.sampled_from(["identity", "affine", "rotation", "Scale", "sequence"]))
    transforms.append({"type": kind})
    k = len(transforms) - 1
    return _at(t, m, d, k, "type"), f"a {kind!r} transformation in multiscales"


@family("transforms.parameters", *IMAGE_KINDS)
def _bad_parameters(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    k = index(draw, transforms)
    transform = transforms[k]
    key = transform["type"]
    where = ("multiscales", m, "datasets", d, "coordinateTransformations", k)
    how = draw(st.sampled_from(["neither", "both", "empty-path", "not-numbers"]))
    if how == "neither":
        transform.pop(key, None)
        transform.pop("path", None)
        return t.ptr(*where), f"a {key} with neither '{key}' nor 'path'"
    if how == "both":
        transform[key] = [1.0] * len(ms["axes"])
        transform["path"] = "params"
        return t.ptr(*where), f"a {key} with both '{key}' and 'path'"
    if how == "empty-path":
        transform.pop(key, None)
        transform["path"] = ""
        return t.ptr(*where, "path"), "an empty 'path'"
    transform.pop("path", None)
    transform[key] = [1.0] * len(ms["axes"])
    i = index(draw, transform[key])
    transform[key][i] = draw(st.sampled_from(["1", None, [1], True]))
    return t.ptr(*where, key, i), f"a {key} vector holding a non-number"


@family("transforms.scale-count", *IMAGE_KINDS)
def _scale_count(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    if draw(st.booleans()):
        transforms.append(copy.deepcopy(transforms[0]))
        what = "two scales"
    else:
        transforms[:] = [{"type": "translation", "translation": [0.0] * len(ms["axes"])}]
        what = "no scale"
    return _at(t, m, d), what


@family("transforms.translation-count", *IMAGE_KINDS)
def _two_translations(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    translation = {"type": "translation", "translation": [0.5] * len(ms["axes"])}
    transforms[1:] = [translation, copy.deepcopy(translation)]
    return _at(t, m, d), "two translations"


@family("transforms.order", *IMAGE_KINDS)
def _translation_first(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    translation = {"type": "translation", "translation": [0.5] * len(ms["axes"])}
    transforms[:] = [translation, transforms[0]]
    return _at(t, m, d, 0, "type"), "the translation comes before the scale"


@family("transforms.length-matches-axes", *IMAGE_KINDS)
def _wrong_vector_length(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    ndim = len(ms["axes"])
    scale = _inline_scale(transforms, ndim)
    length = draw(st.sampled_from([n for n in (0, 1, ndim - 1, ndim + 1, 9) if n != ndim]))
    scale["scale"] = resize(scale["scale"], length)
    return _at(t, m, d, 0, "scale"), f"a scale of {length} entries for {ndim} axes"


@family("transforms.path-form", *IMAGE_KINDS)
def _path_form(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, _, d, transforms = _dataset_list(draw, t)
    k = index(draw, transforms)
    transform = transforms[k]
    transform.pop(transform["type"], None)
    transform["path"] = draw(_values.text(min_size=1))
    return _at(t, m, d, k), "parameters stored at a path"


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


@family("transforms.type", *HOSTS, versions=V06)
def _unknown_type(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = new_slot(draw, t, "same")
    values: list[Any] = ["Scale", "rotate", "inverseOf", "translate", "", 3, None]
    kind = draw(
        st.sampled_from(
            values + (["projectAxis"] * 2 if not _transforms.has_project_axis(t.version) else [])
        )
    )
    bad: Json = {"type": kind}
    if kind == "projectAxis":  # a 0.6rc0 type, with parameters that fit
        bad.update(droppedInputs=[0], createdOutputs=[0])
    if draw(_values.COIN):
        k = slot.append(bad)
        return t.ptr(*k, "type"), f"transformation type {kind!r}"
    k = slot.append({"type": "sequence", "transformations": [bad]})
    return t.ptr(*k, "transformations", 0, "type"), f"nested transformation type {kind!r}"


@family("transforms.io", *HOSTS, versions=V06)
def _bad_nested_io(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = new_slot(draw, t)
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
    if not found or draw(_values.COIN):
        slot = new_slot(draw, t, "same")
        vector = _transforms.scale if draw(_values.COIN) else _transforms.translation
        transform = vector(draw, slot.n)
        found = [(slot.append(transform), transform)]
    tokens, transform = found[index(draw, found)]
    transform["path"] = draw(st.sampled_from(["transforms/scale", "s0", "params"]))
    if draw(_values.COIN):
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
    slot = new_slot(
        draw, t, "differ" if how in ("identity", "displacements", "bijection") else "same"
    )
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
        k = slot.append({"type": "projectAxis", "droppedInputs": [index(draw, n)]})
        return t.ptr(*k), f"dropping one of {n} axes gives {n - 1} dimensions, not {n}"
    if how == "by-dimension":
        items = _by_dimension_items(draw, t.version, n)
        i = index(draw, items)
        in_key, _ = _transforms.axes_keys(t.version)
        items[i][in_key] = [n + draw(st.integers(0, 3))]
        k = slot.append({"type": "byDimension", "transformations": items})
        return t.ptr(*k, "transformations", i, in_key, 0), "a byDimension input axis out of range"
    steps = [_transforms.scale(draw, n), _transforms.translation(draw, n + 1)]
    k = slot.append({"type": "sequence", "transformations": steps})
    return t.ptr(*k, "transformations", 1, "translation"), "a sequence step of the wrong length"


def _dataset_scale_length(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    ndim = len(intrinsic_system(ms)[1]["axes"])
    d = index(draw, ms["datasets"])
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
        slot = new_slot(draw, t, "same")
        transform = _transforms.scale(draw, slot.n)
        found = [(slot.append(transform), transform)]
    tokens, transform = found[index(draw, found)]
    i = index(draw, transform["scale"])
    transform["scale"][i] = draw(st.sampled_from([0, 0.0, -0.0]))
    return t.ptr(*tokens, "scale", i), "a scale factor of zero"


@family("transforms.map-axis", *HOSTS, versions=V06)
def _not_a_permutation(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = new_slot(draw, t, "same")
    values = list(draw(st.permutations(range(slot.n))))
    i = index(draw, values)
    if draw(_values.COIN):
        values[i] = values[(i + 1) % len(values)]
        what = "an axis index twice"
    else:
        values[i] = slot.n + draw(st.integers(0, 3))
        what = "an axis index past the last axis"
    k = slot.append({"type": "mapAxis", "mapAxis": values})
    return t.ptr(*k, "mapAxis"), f"a mapAxis with {what}"


@family("transforms.project-axis", *HOSTS, versions=PROJECT_AXIS_VERSIONS)
def _bad_project_axis(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = new_slot(draw, t, "same")
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
    slot = new_slot(draw, t, "same")
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
    slot = new_slot(draw, t, "same")
    empty = {"type": "sequence", "transformations": []}
    if draw(_values.COIN):
        return t.ptr(*slot.append(empty), "transformations"), "an empty sequence"
    k = slot.append({"type": "bijection", "forward": empty, "inverse": {"type": "identity"}})
    return t.ptr(*k, "forward", "transformations"), "a bijection whose forward is an empty sequence"


@family("transforms.bijection", *HOSTS, versions=V06)
def _bijection_io_mismatch(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = new_slot(draw, t, "same")
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
    slot = new_slot(draw, t, "same")
    n = slot.n
    in_key, out_key = _transforms.axes_keys(t.version)
    items = _by_dimension_items(draw, t.version, n)
    k = slot.append({"type": "byDimension", "transformations": items})
    how = draw(st.sampled_from(["uncovered", "twice", "child-io", "no-transformation", "float"]))
    i = index(draw, items)
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
    slot = new_slot(draw, t, "same")
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
        m, ms = pick_multiscale(draw, t)
        if "coordinateTransformations" not in ms:
            slot = new_slot(draw, t, multiscale=m)
            slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
        transforms = ms["coordinateTransformations"]
        base = ("multiscales", m, "coordinateTransformations")
    first = transforms[index(draw, transforms)]
    if "name" not in first:
        first["name"] = fresh_name([x.get("name") for x in transforms], "step")
    transforms.append(copy.deepcopy(first))
    return t.ptr(*base, len(transforms) - 1, "name"), f"two transformations named {first['name']!r}"


@family("transforms.parameters", *HOSTS, versions=V06)
def _missing_parameters(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = new_slot(draw, t, "same")
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
        i = index(draw, n)
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
    slot = new_slot(draw, t, "same")
    if draw(_values.COIN):
        return t.ptr(*slot.append({})), "a transformation without 'type'"
    k = slot.append({"type": "sequence", "transformations": [non_object(draw)]})
    return t.ptr(*k, "transformations", 0), "a sequence item that is not an object"


@hierarchy_family("transforms.io-target-exists", family_bases(CONTAINERS, ("link",)), versions=V06)
def _link_target_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image, transform = t.pick(draw, image_links(t))
    value = draw(st.sampled_from(["labels/missing", "labels"]))
    transform["output"]["path"] = value
    return image, f"a transformation's output path {value!r} is not an image"


def _parameter_arrays(t: StoreTarget) -> list[str]:
    return [tr["path"] for tr in scene_transforms(t) if "path" in tr]


@hierarchy_family(
    "transforms.parameter-path-exists", family_bases(("scene",), ("affine-path",)), versions=V06
)
def _affine_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    path = t.pick(draw, _parameter_arrays(t))
    t.drop_or_plain(draw, path)
    return "", f"affine parameters {path!r} removed or made a group"


@hierarchy_family(
    "transforms.parameter-array-shape", family_bases(("scene",), ("affine-path",)), versions=V06
)
def _affine_shape(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    path = t.pick(draw, _parameter_arrays(t))
    rows, columns = t.shape(path)
    shape = [rows + 1, columns] if draw(_values.COIN) else [rows, columns, 1]
    t.array_doc(path)["shape"] = shape
    t.also |= t.names_miscounted(path)
    return "", f"affine array {path!r} has shape {shape}"


@hierarchy_family("transforms.dimensions-across-groups", SCENE, versions=V06)
def _translation_sized_wrong_elsewhere(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    """A translation from a scene image's system to itself whose length is not that
    system's axis count: only the image's group says how many axes it has."""
    transforms = scene_transforms(t)
    source = copy.deepcopy(t.pick(draw, transforms)["input"])
    image = t.ome(source["path"])
    assert image is not None
    axes = next(
        s["axes"]
        for s in image["multiscales"][0]["coordinateSystems"]
        if s["name"] == source["name"]
    )
    size = draw(st.sampled_from([len(axes) - 1, len(axes) + 1]))
    transforms.append(
        {
            "type": "translation",
            "translation": [0.0] * size,
            "input": source,
            "output": copy.deepcopy(source),
        }
    )
    return "", f"a {size}-value translation on {source['path']!r}'s {len(axes)}-D system"
