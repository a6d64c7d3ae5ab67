"""Multiscale images against their arrays: levels exist, have the axes' dimensionality,
shrink from level to level, share a data type, and (0.5) name their dimensions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..issues import Issue
from ..store.nodes import ArrayMeta, Node
from . import Context, Group, cross, objects, target


@dataclass(frozen=True)
class Level:
    index: int
    path: str  # node path of the array
    array: ArrayMeta
    dataset: Mapping[str, Any]
    group: Group
    multiscale: int

    @property
    def where(self) -> str:
        """Pointer of the dataset path in the image's attributes."""
        return self.group.ptr("multiscales", self.multiscale, "datasets", self.index, "path")


def axes_of(multiscale: Mapping[str, Any]) -> list[Any] | None:
    """The axes of the level arrays: 'axes' (0.4, 0.5) or the intrinsic coordinate
    system's axes (0.6: the system every dataset transform outputs to)."""
    axes = multiscale.get("axes")
    if axes is None and "coordinateSystems" in multiscale:
        axes = _intrinsic_axes(multiscale)
    return axes if isinstance(axes, list) else None


def axis_names(multiscale: Mapping[str, Any]) -> list[object] | None:
    axes = axes_of(multiscale)
    if axes is None:
        return None
    return [a.get("name") if isinstance(a, dict) else a for a in axes]


def _intrinsic_axes(multiscale: Mapping[str, Any]) -> object:
    datasets = objects(multiscale.get("datasets"))
    transforms = objects(datasets[0][1].get("coordinateTransformations")) if datasets else []
    output = transforms[0][1].get("output") if transforms else None
    name = output.get("name") if isinstance(output, dict) else None
    for _, system in objects(multiscale.get("coordinateSystems")):
        if name is not None and system.get("name") == name:
            return system.get("axes")
    return None


Resolved = list[tuple[int, Mapping[str, Any], str | None, Node | None]]


def resolved(ctx: Context, group: Group, m: int, multiscale: Mapping[str, Any]) -> Resolved:
    """(index, dataset, node path, node) for each dataset, resolved once per image."""
    key = ("datasets", group.path, m)
    cached: Resolved | None = ctx.cache.get(key)
    if cached is None:
        nodes = ctx.hierarchy.nodes
        cached = []
        for j, dataset in objects(multiscale.get("datasets")):
            path = target(group.path, dataset.get("path"))
            cached.append((j, dataset, path, nodes.get(path) if path is not None else None))
        ctx.cache[key] = cached
    return cached


def levels(ctx: Context, group: Group, m: int, multiscale: Mapping[str, Any]) -> list[Level]:
    """The level arrays of one multiscale that were read and are arrays with a shape."""
    key = ("levels", group.path, m)
    cached: list[Level] | None = ctx.cache.get(key)
    if cached is None:
        cached = [
            Level(j, path, node.array, dataset, group, m)
            for j, dataset, path, node in resolved(ctx, group, m, multiscale)
            if path is not None and node is not None and node.is_array and node.array is not None
        ]
        ctx.cache[key] = cached
    return cached


def images(ctx: Context) -> Iterator[tuple[Group, int, Mapping[str, Any]]]:
    key = ("images",)
    cached: list[tuple[Group, int, Mapping[str, Any]]] | None = ctx.cache.get(key)
    if cached is None:
        cached = [
            (group, m, multiscale)
            for group in ctx.of_kind("image")
            for m, multiscale in objects(group.ome.get("multiscales"))
        ]
        ctx.cache[key] = cached
    return iter(cached)


@cross("multiscales.dataset-array-exists")
def datasets_exist(ctx: Context) -> Iterator[Issue]:
    for group, m, multiscale in images(ctx):
        for j, _, path, node in resolved(ctx, group, m, multiscale):
            if path is None or node is None or node.exists is None or node.is_array:
                continue
            if node.exists is False:
                message = f"dataset {path!r} does not exist"
            else:
                message = f"dataset {path!r} is a group, not an array"
            where = group.ptr("multiscales", m, "datasets", j, "path")
            yield ctx.issue("multiscales.dataset-array-exists", group.path, message, where, (path,))


@cross("multiscales.dataset-ndim", "multiscales.dimension-names", "store.dimension-separator")
def dimensions(ctx: Context) -> Iterator[Issue]:
    for group, m, multiscale in images(ctx):
        names = axis_names(multiscale)
        for level in levels(ctx, group, m, multiscale):
            shape = level.array.shape
            if names is not None and shape is not None and len(shape) != len(names):
                yield ctx.issue(
                    "multiscales.dataset-ndim",
                    group.path,
                    f"array {level.path!r} has {len(shape)} dimensions, but the image has"
                    f" {len(names)} axes",
                    level.where,
                    (level.path,),
                )
            if ctx.applies("multiscales.dimension-names", group.version) and names is not None:
                given = level.array.dimension_names
                if given is None:
                    yield ctx.issue(
                        "multiscales.dimension-names",
                        level.path,
                        f"the array has no 'dimension_names'; expected {names!r}",
                        "",
                        (group.path,),
                    )
                elif list(given) != names:
                    yield ctx.issue(
                        "multiscales.dimension-names",
                        level.path,
                        f"'dimension_names' is {list(given)!r}, but the axes of"
                        f" {group.path or 'the image'!r} are {names!r}",
                        "/dimension_names",
                        (group.path,),
                    )
            separator = level.array.separator
            if (
                separator is not None
                and separator != "/"
                and ctx.applies("store.dimension-separator", group.version)
            ):
                yield ctx.issue(
                    "store.dimension-separator",
                    level.path,
                    f"the array uses dimension_separator {separator!r}; the 0.4 layout uses '/'",
                    "/dimension_separator",
                    (group.path,),
                )


@cross(
    "multiscales.levels-ordered",
    "multiscales.levels-same-dtype",
    "multiscales.levels-same-dtype-recommended",
)
def levels_ordered(ctx: Context) -> Iterator[Issue]:
    for group, m, multiscale in images(ctx):
        found = levels(ctx, group, m, multiscale)
        for previous, level in pairwise(found):
            before, now = previous.array.shape, level.array.shape
            if before is not None and now is not None and len(before) == len(now):
                grown = [k for k, (a, b) in enumerate(zip(before, now, strict=True)) if b > a]
                if grown:
                    yield ctx.issue(
                        "multiscales.levels-ordered",
                        group.path,
                        f"level {level.path!r} {list(now)} is larger than the level before it,"
                        f" {previous.path!r} {list(before)}, along dimension {grown[0]}",
                        level.where,
                        (previous.path, level.path),
                    )
        if found:
            first = found[0]
            for level in found[1:]:
                if (
                    level.array.dtype
                    and first.array.dtype
                    and level.array.dtype != first.array.dtype
                ):
                    yield ctx.issue(
                        "multiscales.levels-same-dtype"
                        if ctx.applies("multiscales.levels-same-dtype", group.version)
                        else "multiscales.levels-same-dtype-recommended",
                        group.path,
                        f"level {level.path!r} is {level.array.dtype}, level {first.path!r} is"
                        f" {first.array.dtype}",
                        level.where,
                        (first.path, level.path),
                    )


def _scale(dataset: Mapping[str, Any]) -> list[float] | None:
    transforms = objects(dataset.get("coordinateTransformations"))
    if len(transforms) == 1 and transforms[0][1].get("type") == "sequence":  # 0.6
        transforms = objects(transforms[0][1].get("transformations"))
    for _, transform in transforms:
        if transform.get("type") == "scale":
            values = transform.get("scale")
            if isinstance(values, list) and all(
                isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in values
            ):
                return [float(v) for v in values]
    return None


def _ratio_mismatch(
    shape0: Sequence[int], scale0: Sequence[float], shape: Sequence[int], scale: Sequence[float]
) -> int | None:
    for k, (n0, s0, n, s) in enumerate(zip(shape0, scale0, shape, scale, strict=True)):
        expected = n0 * s0 / s
        if abs(n - expected) > 1 + 1e-9 * expected:
            return k
    return None


@cross("multiscales.scale-matches-shape")
def scales_match_shapes(ctx: Context) -> Iterator[Issue]:
    for group, m, multiscale in images(ctx):
        found = levels(ctx, group, m, multiscale)
        if not found or found[0].array.shape is None:
            continue
        shape0 = found[0].array.shape
        scale0 = _scale(found[0].dataset)
        if scale0 is None or len(scale0) != len(shape0):
            continue
        for level in found[1:]:
            shape, scale = level.array.shape, _scale(level.dataset)
            if shape is None or scale is None or not len(shape) == len(scale) == len(shape0):
                continue
            k = _ratio_mismatch(shape0, scale0, shape, scale)
            if k is not None:
                yield ctx.issue(
                    "multiscales.scale-matches-shape",
                    group.path,
                    f"along dimension {k}, level {level.path!r} has {shape[k]} elements at scale"
                    f" {scale[k]:g}, but level {found[0].path!r} has {shape0[k]} at scale"
                    f" {scale0[k]:g}: expected about {shape0[k] * scale0[k] / scale[k]:g}",
                    group.ptr(
                        "multiscales", m, "datasets", level.index, "coordinateTransformations"
                    ),
                    (found[0].path, level.path),
                )


@cross("omero.channel-count")
def omero_channels(ctx: Context) -> Iterator[Issue]:
    for group, m, multiscale in images(ctx):
        omero = group.ome.get("omero")
        if m != 0 or not isinstance(omero, Mapping) or not isinstance(omero.get("channels"), list):
            continue
        axes = axes_of(multiscale)
        if axes is None:
            continue
        kinds = [a.get("type") if isinstance(a, Mapping) else None for a in axes]
        if kinds.count("channel") != 1:
            continue
        found = levels(ctx, group, m, multiscale)
        shape = found[0].array.shape if found else None
        c = kinds.index("channel")
        if shape is None or len(shape) != len(axes):
            continue
        count = len(omero["channels"])
        if count != shape[c]:
            yield ctx.issue(
                "omero.channel-count",
                group.path,
                f"'omero' lists {count} channels, but the channel axis of {found[0].path!r} has"
                f" {shape[c]} elements",
                group.ptr("omero", "channels"),
                (found[0].path,),
            )
