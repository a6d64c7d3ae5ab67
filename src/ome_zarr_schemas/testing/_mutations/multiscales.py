"""Mutation families of the multiscales rules (`rules/multiscales.py`): the block of each
version, and the level arrays of a hierarchy (existence, dimensions, order, data type)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from ...spec.versions import BEFORE_V06_VERSIONS, get
from .. import _transforms, _values
from .._hierarchy_images import IMAGE_DTYPES, LABEL_DTYPES, inline_scale
from .helpers import (
    IMAGE_KINDS,
    V06,
    Json,
    Tokens,
    fresh_name,
    index,
    names_of,
    non_array,
    non_object,
    pick_multiscale,
)
from .hierarchy_registry import EVERY_KIND, StoreTarget, family_bases, hierarchy_family
from .nodes import last_level, level_arrays, multiscale_index
from .registry import Target, family, named_family
from .slots import DIMS, Slot, intrinsic_system, new_slot, new_system


@family("multiscales.structure", *IMAGE_KINDS)
def _bad_multiscales(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return _broken_structure(draw, t, ["empty", "not-a-list", "no-axes", "no-datasets", "item"])


def _broken_structure(draw: st.DrawFn, t: Target, hows: list[str]) -> tuple[str, str]:
    """'multiscales' or one of its items broken in one of the ways ``hows``."""
    how = draw(st.sampled_from(hows))
    if how == "empty":
        t.ome["multiscales"] = []
        return t.ptr("multiscales"), "'multiscales' is empty"
    if how == "not-a-list":
        t.ome["multiscales"] = non_array(draw)
        return t.ptr("multiscales"), "'multiscales' is not a list"
    m, ms = pick_multiscale(draw, t)
    if how == "item":
        t.ome["multiscales"][m] = non_object(draw)
        return t.ptr("multiscales", m), "a multiscale is not an object"
    if how in ("no-axes", "no-datasets"):
        key = "axes" if how == "no-axes" else "datasets"
        del ms[key]
        return t.ptr("multiscales", m), f"a multiscale without {key!r}"
    ms[how] = draw(st.sampled_from([3, ["gaussian"], None] if how == "type" else [[], "x", 3]))
    return t.ptr("multiscales", m, how), f"a multiscale {how!r} of the wrong JSON type"


@family("multiscales.version", *IMAGE_KINDS, versions=("0.4",))
def _wrong_multiscales_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    ms["version"] = draw(st.sampled_from(["0.5", "0.3", "", 0.4, None]))
    return t.ptr("multiscales", m, "version"), f"multiscales version {ms['version']!r}"


@family("multiscales.datasets", *IMAGE_KINDS)
def _no_datasets(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    ms["datasets"] = draw(st.sampled_from([[], {}, "0"]))
    return t.ptr("multiscales", m, "datasets"), "'datasets' is empty or not a list"


@family("multiscales.dataset-path", *IMAGE_KINDS)
def _bad_dataset_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    d = index(draw, ms["datasets"])
    ms["datasets"][d]["path"] = draw(st.sampled_from(["", 0, None, ["0"]]))
    return t.ptr("multiscales", m, "datasets", d, "path"), "an empty or non-string dataset path"


@family("multiscales.recommended-fields", *IMAGE_KINDS)
def _missing_recommended(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    keys = ["name", "type", "metadata"] + (["version"] if get(t.version).block_versions else [])
    key = draw(st.sampled_from(keys))
    ms.pop(key, None)
    return t.ptr("multiscales", m), f"a multiscale without {key!r}"


@family("multiscales.unique-dataset-paths", *IMAGE_KINDS)
def _duplicate_dataset_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    datasets = ms["datasets"]
    datasets.append(copy.deepcopy(datasets[-1]))
    first = index(draw, len(datasets) - 1)
    datasets[-1]["path"] = datasets[first]["path"]
    return t.ptr("multiscales", m, "datasets", len(datasets) - 1, "path"), "two levels share a path"


@family("multiscales.scales-ordered", *IMAGE_KINDS)
def _shrinking_scale(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    ndim = len(ms["axes"])
    datasets = ms["datasets"]
    for dataset in datasets:
        dataset["coordinateTransformations"][0] = {"type": "scale", "scale": [1.0] * ndim}
    datasets.append(copy.deepcopy(datasets[-1]))
    datasets[-1]["path"] = "".join(d["path"] for d in datasets[:-1]) + "-smaller"
    axis = index(draw, ndim)
    datasets[-1]["coordinateTransformations"][0]["scale"][axis] = 0.5
    return (
        t.ptr("multiscales", m, "datasets", len(datasets) - 1, "coordinateTransformations"),
        "the last level's scale is smaller than the one before",
    )


def _dataset(draw: st.DrawFn, t: Target) -> tuple[Tokens, Json, Json, Json]:
    """(pointer tokens, multiscale, dataset, its transformation) of a random level."""
    m, ms = pick_multiscale(draw, t)
    d = index(draw, ms["datasets"])
    dataset = ms["datasets"][d]
    tokens = ("multiscales", m, "datasets", d, "coordinateTransformations", 0)
    return tokens, ms, dataset, dataset["coordinateTransformations"][0]


def _more_levels(ms: Json) -> None:
    """Give the image a second level (a copy of the last under a new path) if it has one."""
    datasets = ms["datasets"]
    if len(datasets) == 1:
        level = copy.deepcopy(datasets[0])
        level["path"] = fresh_name([d["path"] for d in datasets], "level")
        level["coordinateTransformations"][0]["input"]["path"] = level["path"]
        datasets.append(level)


@family("multiscales.dataset-transformation", *IMAGE_KINDS, versions=V06)
def _bad_dataset_transformation(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, ms, dataset, transform = _dataset(draw, t)
    ndim = len(intrinsic_system(ms)[1]["axes"])
    io = {"input": transform["input"], "output": transform["output"]}
    how = draw(st.sampled_from(["translation", "affine", "two", "order", "three"]))
    if how == "two":
        dataset["coordinateTransformations"].append(copy.deepcopy(transform))
        return t.ptr(*tokens[:-1]), "a dataset with two transformations"
    if how in ("translation", "affine"):
        kind = _transforms.transformation(draw, t.version, ndim, ndim, kind=how)
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


@family("multiscales.dataset-io", *IMAGE_KINDS, versions=V06)
def _bad_dataset_io(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, _, _, transform = _dataset(draw, t)
    side = draw(st.sampled_from(["input", "output"]))
    if draw(_values.COIN):
        del transform[side]
        return t.ptr(*tokens), f"a dataset transformation without {side}"
    transform[side] = {}
    return t.ptr(*tokens, side), f"a dataset transformation {side} without its key"


@family("multiscales.dataset-io-extra", *IMAGE_KINDS, versions=V06)
def _dataset_io_extra(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, _, dataset, transform = _dataset(draw, t)
    if draw(_values.COIN):
        transform["input"]["name"] = transform["output"]["name"]
        return t.ptr(*tokens, "input"), "a dataset input with a name"
    transform["output"]["path"] = dataset["path"]
    return t.ptr(*tokens, "output"), "a dataset output with a path"


@family("multiscales.dataset-input-path", *IMAGE_KINDS, versions=V06)
def _input_path_differs(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, ms, dataset, transform = _dataset(draw, t)
    others = [d["path"] for d in ms["datasets"] if d["path"] != dataset["path"]]
    choices = [*others, dataset["path"] + "/0", "s" + dataset["path"]]
    transform["input"]["path"] = draw(st.sampled_from(choices))
    return t.ptr(*tokens, "input", "path"), "the input path is not the dataset's"


@family("multiscales.intrinsic-system", *IMAGE_KINDS, versions=V06)
def _dataset_to_other_system(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    systems = ms["coordinateSystems"]
    _, intrinsic = intrinsic_system(ms)
    if draw(_values.COIN):
        d = index(draw, ms["datasets"])
        name = fresh_name(names_of(systems), "physical")
        what = "a system that does not exist"
    else:  # another system of the same dimensions, at a later level
        _more_levels(ms)
        d = draw(st.integers(1, len(ms["datasets"]) - 1))
        twins = [
            s for s in systems if s is not intrinsic and len(s["axes"]) == len(intrinsic["axes"])
        ]
        if not twins:
            twin = {
                "name": fresh_name(names_of(systems), "twin"),
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
        name = twins[index(draw, twins)]["name"]
        what = "another system than the other levels"
    ms["datasets"][d]["coordinateTransformations"][0]["output"]["name"] = name
    where = ("multiscales", m, "datasets", d, "coordinateTransformations", 0, "output", "name")
    return t.ptr(*where), f"a level maps to {what}"


@family("multiscales.intrinsic-axes", *IMAGE_KINDS, versions=V06)
def _intrinsic_axes_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    i, intrinsic = intrinsic_system(ms)
    intrinsic["axes"] = non_array(draw)
    where = ("multiscales", m, "coordinateSystems", i)
    t.also.add(("axes.structure", t.ptr(*where, "axes")))
    return t.ptr(*where), "the intrinsic system's axes are not a list"


@family("multiscales.transform-io", *IMAGE_KINDS, versions=V06)
def _multiscale_transform_io(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    here = {"name": intrinsic_system(ms)[1]["name"]}
    transforms = ms.setdefault("coordinateTransformations", [])
    base = ("multiscales", m, "coordinateTransformations", len(transforms))
    # 0.6.dev4 reads a multiscale transformation from the intrinsic system: only its
    # output may be broken there, or multiscales.transform-intrinsic fires too
    sides = ["output"] if get(t.version).intrinsic_is_input else ["input", "output"]
    side = draw(st.sampled_from(sides))
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


@family("multiscales.transform-intrinsic", *IMAGE_KINDS, versions=V06)
def _between_non_intrinsic(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    slot = new_slot(draw, t)
    if get(t.version).intrinsic_is_input and draw(_values.COIN):
        # 0.6.dev4: a link towards the intrinsic system reads from the wrong side
        where = slot.append(_transforms.transformation(draw, t.version, slot.m, slot.n))
        added = slot.transforms[-1]
        added["input"], added["output"] = added["output"], added["input"]
        return t.ptr(*where), "a link towards the intrinsic system (0.6.dev4 reads from it)"
    slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
    # a second new system, linked only to the first new one
    first = slot.system
    second = new_system(draw, _system_list(t, slot), draw(DIMS))
    source, target = (first, second) if draw(_values.COIN) else (second, first)
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


@family("multiscales.label-transform-type", *IMAGE_KINDS, versions=V06)
def _label_link_type(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    n = len(intrinsic_system(ms)[1]["axes"])
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
        transform = _transforms.transformation(draw, t.version, n, n, depth=1, kind=kind)
    here: Json = {"name": intrinsic_system(ms)[1]["name"]}
    label: Json = {"name": "cells", "path": draw(st.sampled_from(["labels/cells", "labels/0"]))}
    forward = get(t.version).intrinsic_is_input or draw(_values.COIN)  # dev4: from intrinsic
    transform["input"], transform["output"] = (here, label) if forward else (label, here)
    transforms = ms.setdefault("coordinateTransformations", [])
    transforms.append(transform)
    where = ("multiscales", m, "coordinateTransformations", len(transforms) - 1, "type")
    return t.ptr(*where), f"a {kind} into a label image"


@named_family("bad_multiscales", "multiscales.structure", *IMAGE_KINDS, versions=V06)
def _bad_multiscales_v06(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    hows = ["empty", "not-a-list", "item", "no-datasets", "type", "metadata"]  # axes moved
    return _broken_structure(draw, t, hows)


@named_family("bad_dataset_path", "multiscales.dataset-path", *IMAGE_KINDS, versions=V06)
def _bad_dataset_path_v06(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, _, dataset, transform = _dataset(draw, t)
    dataset["path"] = draw(st.sampled_from(["", 0, None, ["0"]]))
    if dataset["path"] == "":
        transform["input"]["path"] = ""  # so that only the dataset's path is wrong
    return t.ptr(*tokens[:4], "path"), "an empty or non-string dataset path"


@named_family(
    "duplicate_dataset_path", "multiscales.unique-dataset-paths", *IMAGE_KINDS, versions=V06
)
def _duplicate_dataset_path_v06(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    datasets = ms["datasets"]
    datasets.append(copy.deepcopy(datasets[-1]))
    path = datasets[index(draw, len(datasets) - 1)]["path"]
    datasets[-1]["path"] = path
    datasets[-1]["coordinateTransformations"][0]["input"]["path"] = path
    return t.ptr("multiscales", m, "datasets", len(datasets) - 1, "path"), "two levels share a path"


@named_family("shrinking_scale", "multiscales.scales-ordered", *IMAGE_KINDS, versions=V06)
def _shrinking_scale_v06(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    ndim = len(intrinsic_system(ms)[1]["axes"])
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
    datasets[-1]["path"] = fresh_name([d["path"] for d in datasets], "smaller")
    datasets[-1]["coordinateTransformations"][0]["input"]["path"] = datasets[-1]["path"]
    datasets[-1]["coordinateTransformations"][0]["scale"][index(draw, ndim)] = 0.5
    where = ("multiscales", m, "datasets", len(datasets) - 1, "coordinateTransformations")
    return t.ptr(*where), "the last level's scale is smaller than the one before"


@hierarchy_family("multiscales.dataset-array-exists", family_bases(EVERY_KIND))
def _level_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = multiscale_index(draw, t, image)
    _, array = t.datasets(image, m)[last_level(draw, t, image, m)]
    if draw(_values.COIN):
        t.drop(array)
        return image, f"level array {array!r} removed"
    t.plain(array)
    return image, f"level array {array!r} replaced by a group"


@hierarchy_family("multiscales.dataset-ndim", family_bases(EVERY_KIND))
def _level_ndim(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image, m, k, array = t.pick(draw, level_arrays(t))
    shape = t.shape(array)
    shape = shape[1:] if draw(_values.COIN) else [1, *shape]
    t.array_doc(array)["shape"] = shape
    t.also |= t.shape_mismatches() | t.names_miscounted(array)
    return image, f"level {k} of multiscale {m} has {len(shape)} dimensions"


@hierarchy_family("multiscales.levels-ordered", family_bases(EVERY_KIND, ("levels2",)))
def _level_grows(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = multiscale_index(draw, t, image)
    levels = t.datasets(image, m)
    k = draw(st.integers(1, len(levels) - 1))
    before = t.shape(levels[k - 1][1])
    shape = t.shape(levels[k][1])
    d = draw(st.integers(0, len(shape) - 1))
    shape[d] = 2 * before[d] + 2
    t.array_doc(levels[k][1])["shape"] = shape
    if inline_scale(levels[0][0]) is not None and inline_scale(levels[k][0]) is not None:
        t.also.add(("multiscales.scale-matches-shape", image))  # far from the scale ratio
    t.also |= t.shape_mismatches()
    return image, f"level {k} grows to {shape[d]} along dimension {d}"


_SAME_DTYPE = {
    "multiscales.levels-same-dtype": V06,
    "multiscales.levels-same-dtype-recommended": BEFORE_V06_VERSIONS,
}


def _dtype_differs(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = multiscale_index(draw, t, image)
    levels = t.datasets(image, m)
    k = draw(st.integers(1, len(levels) - 1))
    array = levels[k][1]
    is_label = "image-label" in (t.ome(image) or {}) or image in t.label_images()
    pool = [d for d in (LABEL_DTYPES if is_label else IMAGE_DTYPES) if d != t.dtype(array)]
    dtype = draw(st.sampled_from(pool))
    t.set_dtype(array, dtype)
    return image, f"level {k} is {dtype}, the others {t.dtype(levels[0][1])}"


for _rule, _versions in _SAME_DTYPE.items():
    hierarchy_family(_rule, family_bases(EVERY_KIND, ("levels2",)), versions=_versions)(
        _dtype_differs
    )


@hierarchy_family("multiscales.dimension-names", family_bases(EVERY_KIND), versions=("0.5",))
def _dimension_names_wrong(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    _, _, _, array = t.pick(draw, level_arrays(t))
    doc = t.array_doc(array)
    choice = draw(st.integers(0, 2))
    if choice == 0:
        del doc["dimension_names"]
        return array, "the level array has no dimension_names"
    names = list(doc["dimension_names"])
    doc["dimension_names"] = names[::-1] if choice == 1 else [*names[:-1], f"{names[-1]}_other"]
    return array, f"dimension_names {doc['dimension_names']!r} differ from the axes"


@hierarchy_family(
    "multiscales.scale-matches-shape",
    family_bases(("image", "plate", "well", "bioformats2raw", "scene"), ("scale",)),
)
def _scale_off(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, [i for i in t.images() if i not in t.all_labels()])
    levels = t.datasets(image)
    shape = t.shape(levels[1][1])
    d = max(range(len(shape)), key=lambda j: shape[j])
    transforms = levels[1][0]["coordinateTransformations"]
    scale = (
        transforms[0]["transformations"][0]
        if transforms[0]["type"] == "sequence"
        else transforms[0]
    )
    scale["scale"][d] = scale["scale"][d] * 4
    return image, f"level 1's scale along dimension {d} is 4 times what its shape says"
