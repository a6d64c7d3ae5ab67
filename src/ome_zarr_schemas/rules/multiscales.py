"""Multiscale images: the 'multiscales' list, its datasets (one array per resolution
level) in every version, and against the store the level arrays themselves: they exist,
have the axes' dimensionality, shrink from level to level, share a data type, and (0.5)
name their dimensions.

The 0.6 transformations of a multiscale image are checked in `coordinate_systems`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from operator import gt, lt
from typing import Any

from ..spec.versions import BEFORE_V06_VERSIONS, V06_VERSIONS
from . import store
from ._context import Context, applies
from ._levels import (
    Level,
    axes_of,
    axis_names,
    first_levels,
    first_multiscale,
    images,
    levels,
    resolved,
)
from ._registry import check, cross
from ._rule import E, Finding, Rule, W
from ._scales import level_scale, products, quick_mismatch, ratio_mismatch
from ._shortcuts import taken
from ._usual_documents import ordered_scales, scale_of
from ._usual_images import checked_images
from ._util import duplicates, objects, ptr

__all__ = [
    "DATASETS",
    "DATASET_ARRAY_EXISTS",
    "DATASET_INPUT_PATH",
    "DATASET_IO",
    "DATASET_IO_EXTRA",
    "DATASET_NDIM",
    "DATASET_PATH",
    "DATASET_TRANSFORMATION",
    "DIMENSION_NAMES",
    "INTRINSIC_AXES",
    "INTRINSIC_SYSTEM",
    "LABEL_TRANSFORM_TYPE",
    "LEVELS_ORDERED",
    "LEVELS_SAME_DTYPE",
    "LEVELS_SAME_DTYPE_RECOMMENDED",
    "RECOMMENDED_FIELDS",
    "SCALES_ORDERED",
    "SCALE_MATCHES_SHAPE",
    "STRUCTURE",
    "TRANSFORM_INTRINSIC",
    "TRANSFORM_IO",
    "UNIQUE_DATASET_PATHS",
    "VERSION",
    "Level",
    "axes_of",
    "first_levels",
    "first_multiscale",
    "images",
    "levels",
]

STRUCTURE = Rule(
    "multiscales.structure",
    "'multiscales' is a non-empty list of objects with 'axes' and 'datasets'",
    E,
    "schema",
)
VERSION = Rule(
    "multiscales.version",
    "The per-multiscale 'version' names this version",
    E,
    "schema",
    versions=("0.4",),
)
DATASETS = Rule(
    "multiscales.datasets",
    "A multiscale image lists at least one dataset",
    E,
    "schema",
)
DATASET_PATH = Rule(
    "multiscales.dataset-path",
    "A dataset 'path' is a non-empty string",
    E,
    "schema",
)
RECOMMENDED_FIELDS = Rule(
    "multiscales.recommended-fields",
    "A multiscale image has 'name', 'type' and 'metadata' (0.4: and 'version')",
    W,
    "schema",
)
UNIQUE_DATASET_PATHS = Rule(
    "multiscales.unique-dataset-paths",
    "Datasets of one multiscale image have distinct paths",
    E,
    "semantic",
    decision="Implied by 'one array per resolution level'; two levels cannot share an array.",
)
SCALES_ORDERED = Rule(
    "multiscales.scales-ordered",
    "Scale factors do not decrease from one level to the next",
    W,
    "semantic",
    decision="Levels MUST be ordered largest first; from metadata alone a decreasing scale"
    " factor is only a hint (scales may be absolute sizes), so this is a warning. The"
    " store reader checks the real shapes.",
)
DATASET_TRANSFORMATION = Rule(
    "multiscales.dataset-transformation",
    "A dataset has one transformation: scale, identity, or sequence of scale then translation",
    E,
    "schema",
    decision="The order scale then translation is enforced and inner items need an explicit"
    " 'type' (the upstream schema accepts any order and untyped items, §7.4).",
    versions=V06_VERSIONS,
)
DATASET_IO = Rule(
    "multiscales.dataset-io",
    "A dataset transformation's input has a 'path', its output a 'name'",
    E,
    "schema",
    versions=V06_VERSIONS,
)
DATASET_IO_EXTRA = Rule(
    "multiscales.dataset-io-extra",
    "A dataset transformation's input has no 'name' and its output no 'path'",
    W,
    "schema",
    decision="The constraints section says MUST omit, the multiscales section SHOULD, the"
    " upstream schema allows both: a warning (§7.3).",
    versions=V06_VERSIONS,
)
DATASET_INPUT_PATH = Rule(
    "multiscales.dataset-input-path",
    "A dataset transformation's input path is the dataset's path",
    E,
    "semantic",
    decision="Enforcing it makes 'strict/valid/image/multiscales_example' (path '1', input"
    " path 's1') invalid: a listed corpus defect.",
    versions=V06_VERSIONS,
)
INTRINSIC_SYSTEM = Rule(
    "multiscales.intrinsic-system",
    "All datasets map to one coordinate system of the multiscale image (the intrinsic one)",
    E,
    "semantic",
    versions=V06_VERSIONS,
)
INTRINSIC_AXES = Rule(
    "multiscales.intrinsic-axes",
    "The intrinsic coordinate system has the axes of an image",
    E,
    "semantic",
    decision="The axis-count, type-count and order rules (axes.count, axes.space-count,"
    " axes.order ...) apply to every coordinate system of the multiscales metadata, as"
    " the 0.6 'coordinateSystems' text says (issue 14): the intrinsic one and the others,"
    " including systems no dataset output names. Only the intrinsic system must match the"
    " arrays' dimensions; other systems may have other dimensions (valid"
    " 'transforms/projectAxis' has a 4-axis system beside 2-D arrays, §7.6). A system"
    " of only 'array' axes (the array index space, which the upstream schema allows)"
    " needs no space axes. This id reports an intrinsic system that could not be"
    " checked because its axes are not a list.",
    versions=V06_VERSIONS,
)
TRANSFORM_IO = Rule(
    "multiscales.transform-io",
    "A multiscale image's transformation has an input and an output with a 'name'",
    E,
    "schema",
    decision="A 'path' on either side points into a child label image: a relative path without"
    " '.' or '..' segments (0.6.dev4 schema; also applied to 0.6rc0).",
    versions=V06_VERSIONS,
)
TRANSFORM_INTRINSIC = Rule(
    "multiscales.transform-intrinsic",
    "One side of a multiscale image's transformation (in 0.6.dev4 its input) is its intrinsic"
    " system",
    E,
    "semantic",
    decision="Per draft (spec-0.6 §5 row 6): 0.6.dev4 says the input MUST be the intrinsic"
    " system and the output another system of the image or of a child label image;"
    " 0.6rc0 says one side, either one, is the intrinsic system. The one dev4 corpus case"
    " with the intrinsic system as output ('strict/valid/image/multiscales_example') is"
    " already invalid for its dataset path (M-02).",
    versions=V06_VERSIONS,
)
LABEL_TRANSFORM_TYPE = Rule(
    "multiscales.label-transform-type",
    "A transformation into a child label image is identity, scale, translation or a"
    " sequence of scale then translation",
    E,
    "semantic",
    decision="The multiscales section allows identity, scale and translation; the labels"
    " section also a sequence of scale then translation. The wider list is accepted"
    " (§7.5).",
    versions=V06_VERSIONS,
)
DATASET_ARRAY_EXISTS = Rule(
    "multiscales.dataset-array-exists",
    "Each dataset path names an existing array",
    E,
    "hierarchy",
)
DATASET_NDIM = Rule(
    "multiscales.dataset-ndim",
    "Each level array has one dimension per axis",
    E,
    "hierarchy",
)
LEVELS_ORDERED = Rule(
    "multiscales.levels-ordered",
    "Levels go from largest to smallest: no dimension grows from one level to the next",
    E,
    "hierarchy",
    decision="H-5: checked on the array shapes (scales may be absolute sizes, so they prove"
    " nothing); equal shapes are accepted.",
)
LEVELS_SAME_DTYPE = Rule(
    "multiscales.levels-same-dtype",
    "All levels of a multiscale image share one data type",
    E,
    "hierarchy",
    versions=V06_VERSIONS,
)
LEVELS_SAME_DTYPE_RECOMMENDED = Rule(
    "multiscales.levels-same-dtype-recommended",
    "All levels of a multiscale image share one data type (0.4, 0.5)",
    W,
    "hierarchy",
    decision="0.4 and 0.5 do not state it (0.6 makes it a MUST); mixed data types break"
    " readers, so 0.4 and 0.5 get a warning (multiscales.levels-same-dtype from 0.6"
    " on).",
    versions=BEFORE_V06_VERSIONS,
)
DIMENSION_NAMES = Rule(
    "multiscales.dimension-names",
    "Level arrays carry 'dimension_names' equal to the axis names, in order",
    E,
    "hierarchy",
    versions=("0.5",),
)
SCALE_MATCHES_SHAPE = Rule(
    "multiscales.scale-matches-shape",
    "Scale ratios between levels match the shape ratios",
    W,
    "hierarchy",
    decision="H-29: for every axis, level k's size times scale_k / scale_0 should be level 0's"
    " size, within rounding (one element either way, as downsampling floors or ceils)."
    " Scales given by 'path' are not checked.",
)


# --- one document


@check("image")
def unique_dataset_paths(ome: Mapping[str, Any], version: str) -> list[Finding]:
    """A list (no generator made per image: most find nothing)."""
    multiscales = ome.get("multiscales")
    if type(multiscales) is list:  # the usual images: objects whose paths are distinct
        for multiscale in multiscales:
            if type(multiscale) is not dict or not _distinct_paths(multiscale.get("datasets")):
                break
        else:
            return []
    found: list[Finding] = []
    for m, multiscale in objects(multiscales):
        listed = multiscale.get("datasets")
        if _distinct_paths(listed):
            continue
        datasets = objects(listed)
        for index, first, path in duplicates((i, d.get("path")) for i, d in datasets):
            found.append(
                UNIQUE_DATASET_PATHS.finding(
                    ptr("multiscales", m, "datasets", index, "path"),
                    f"dataset path {path!r} is already used by dataset {first}",
                )
            )
    return found


#: The exact type of a path (`_distinct_paths` tests them all at once, in C).
_STRINGS = frozenset({str})


def _distinct_paths(datasets: object) -> bool:
    """Whether every dataset is an object with a string path and no two paths are equal:
    one set of the paths (in C), instead of the finding loop on 700k datasets."""
    if not isinstance(datasets, list):
        return True
    try:
        paths = [d["path"] for d in datasets]
    except (KeyError, TypeError):
        return False  # some dataset is no object or has no path: the loop tells
    return _STRINGS.issuperset(map(type, paths)) and len(set(paths)) == len(paths)


_NOTHING = object()


@check("image")
def scales_ordered(ome: Mapping[str, Any], version: str) -> list[Finding]:
    """A list (no generator made per image: most find nothing, `ordered_scales`)."""
    multiscales = ome.get("multiscales")
    if taken() and type(multiscales) is list:
        for multiscale in multiscales:
            if type(multiscale) is not dict or not ordered_scales(multiscale.get("datasets")):
                break
        else:
            return []  # the usual datasets, nothing to find (`_usual_documents`)
    return list(_scales_ordered(multiscales))


def _scales_ordered(multiscales: object) -> Iterator[Finding]:
    for m, multiscale in objects(multiscales):
        if taken() and ordered_scales(multiscale.get("datasets")):
            continue  # the usual datasets, nothing to find (`_usual_documents`)
        previous: list[float] | None = None
        # The previous dataset's transformations as written, when they gave its scale: a
        # dataset written the same (most of a long list) has that scale, so it cannot shrink.
        last: object = _NOTHING
        for d, dataset in objects(multiscale.get("datasets")):
            written = dataset.get("coordinateTransformations")
            if written == last:
                continue
            scale = scale_of(dataset)
            last = written if scale is not None else _NOTHING
            if (
                scale is not None
                and previous is not None
                and scale != previous  # equal scales (most levels of a long list) never shrink
                and len(scale) == len(previous)
                and any(map(lt, scale, previous))  # b < a per axis in C; listed when one is
            ):
                shrunk = [i for i, (a, b) in enumerate(zip(previous, scale, strict=True)) if b < a]
                if shrunk:
                    yield SCALES_ORDERED.finding(
                        ptr("multiscales", m, "datasets", d, "coordinateTransformations"),
                        f"the scale of dataset {d} is smaller than that of dataset {d - 1} on"
                        f" axis {', '.join(map(str, shrunk))}: levels go from the highest"
                        " resolution to the lowest",
                    )
            previous = scale if scale is not None else previous


# --- against the store: the images `_usual_images` cannot answer for at once


@cross
def datasets_exist(ctx: Context) -> Iterator[Finding]:
    for group, m, multiscale in checked_images(ctx, DIMENSION_NAMES):
        for j, _, path, node in resolved(ctx, group, m, multiscale):
            if path is None or node is None or node.exists is None or node.is_array:
                continue
            if node.exists is False:
                message = f"dataset {path!r} does not exist"
            else:
                message = f"dataset {path!r} is a group, not an array"
            where = group.ptr("multiscales", m, "datasets", j, "path")
            yield DATASET_ARRAY_EXISTS.finding(where, message, node=group.path, related=(path,))


@cross
def dimensions(ctx: Context) -> Iterator[Finding]:
    for group, m, multiscale in checked_images(ctx, DIMENSION_NAMES):
        found = levels(ctx, group, m, multiscale)
        if not found:
            continue
        names = axis_names(multiscale)
        named = names is not None and applies(DIMENSION_NAMES, group.version)
        expected = tuple(names) if names is not None else ()  # a tuple equals no list
        for level in found:
            array = level.array
            shape = array.shape
            if names is not None and shape is not None and len(shape) != len(names):
                yield DATASET_NDIM.finding(
                    level.where,
                    f"array {level.path!r} has {len(shape)} dimensions, but the image has"
                    f" {len(names)} axes",
                    node=group.path,
                    related=(level.path,),
                )
            if named:
                given = array.dimension_names
                if given is None:
                    yield DIMENSION_NAMES.finding(
                        "",
                        f"the array has no 'dimension_names'; expected {names!r}",
                        node=level.path,
                        related=(group.path,),
                    )
                elif (given != expected) if type(given) is tuple else (list(given) != names):
                    yield DIMENSION_NAMES.finding(
                        "/dimension_names",
                        f"'dimension_names' is {list(given)!r}, but the axes of"
                        f" {group.path or 'the image'!r} are {names!r}",
                        node=level.path,
                        related=(group.path,),
                    )
            separator = array.separator
            if (
                separator is not None
                and separator != "/"
                and applies(store.DIMENSION_SEPARATOR, group.version)
            ):
                yield store.DIMENSION_SEPARATOR.finding(
                    "/dimension_separator",
                    f"the array uses dimension_separator {separator!r}; the 0.4 layout uses '/'",
                    node=level.path,
                    related=(group.path,),
                )


@cross
def levels_ordered(ctx: Context) -> Iterator[Finding]:
    for group, m, multiscale in checked_images(ctx, DIMENSION_NAMES):
        found = levels(ctx, group, m, multiscale)
        if not found:
            continue
        first = previous = found[0]
        for index in range(1, len(found)):
            level = found[index]
            before, now = previous.array.shape, level.array.shape
            # any(map(gt, ...)): b > a per dimension in C, the list made only when one grew
            if (
                before is not None
                and now is not None
                and len(before) == len(now)
                and any(map(gt, now, before))
            ):
                grown = [k for k, (a, b) in enumerate(zip(before, now, strict=True)) if b > a]
                yield LEVELS_ORDERED.finding(
                    level.where,
                    f"level {level.path!r} {list(now)} is larger than the level before it,"
                    f" {previous.path!r} {list(before)}, along dimension {grown[0]}",
                    node=group.path,
                    related=(previous.path, level.path),
                )
            dtype = level.array.dtype
            if dtype and first.array.dtype and dtype != first.array.dtype:
                yield (
                    LEVELS_SAME_DTYPE
                    if applies(LEVELS_SAME_DTYPE, group.version)
                    else LEVELS_SAME_DTYPE_RECOMMENDED
                ).finding(
                    level.where,
                    f"level {level.path!r} is {dtype}, level {first.path!r} is {first.array.dtype}",
                    node=group.path,
                    related=(first.path, level.path),
                )
            previous = level


@cross
def scales_match_shapes(ctx: Context) -> Iterator[Finding]:
    quick = taken()
    for group, m, multiscale in checked_images(ctx, DIMENSION_NAMES):
        found = levels(ctx, group, m, multiscale)
        if not found or found[0].array.shape is None:
            continue
        shape0 = found[0].array.shape
        scale0 = level_scale(found[0].dataset)
        if scale0 is None or len(scale0) != len(shape0):
            continue
        level0_products = products(shape0, scale0) if quick else None
        for level in found[1:]:
            shape, scale = level.array.shape, level_scale(level.dataset)
            if shape is None or scale is None or not len(shape) == len(scale) == len(shape0):
                continue
            k = False if level0_products is None else quick_mismatch(level0_products, shape, scale)
            if k is False:
                k = ratio_mismatch(shape0, scale0, shape, scale)
            if k is not None:
                yield SCALE_MATCHES_SHAPE.finding(
                    group.ptr(
                        "multiscales", m, "datasets", level.index, "coordinateTransformations"
                    ),
                    f"along dimension {k}, level {level.path!r} has {shape[k]} elements at scale"
                    f" {scale[k]:g}, but level {found[0].path!r} has {shape0[k]} at scale"
                    f" {scale0[k]:g}: expected about {float(shape0[k]) * scale0[k] / scale[k]:g}",
                    node=group.path,
                    related=(found[0].path, level.path),
                )
