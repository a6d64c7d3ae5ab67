"""Labels against the image they belong to: the labels group, listed label images, their
level count, integer data types, shapes, intermediate groups and source image."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..issues import Issue
from ..store.paths import join, resolve
from . import Context, Group, cross, objects, target
from .multiscales import Level, levels

INTEGER_DTYPES = frozenset(
    {"uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"}
)


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


def _first(group: Group) -> tuple[int, Mapping[str, Any]] | None:
    found = objects(group.ome.get("multiscales"))
    return found[0] if found else None


def _levels(ctx: Context, group: Group) -> list[Level]:
    first = _first(group)
    return levels(ctx, group, *first) if first else []


def listed_labels(ctx: Context) -> Iterator[tuple[Group, int, str]]:
    """(labels group, index, label image path) for each safe label path."""
    for labels in ctx.of_kind("labels"):
        values = labels.ome.get("labels")
        for i, value in enumerate(values if isinstance(values, list) else ()):
            path = target(labels.path, value)
            if path is not None:
                yield labels, i, path


@cross("labels.group-metadata")
def labels_group_has_metadata(ctx: Context) -> Iterator[Issue]:
    for image in ctx.of_kind("image"):
        if image.path.rpartition("/")[2] == "labels":
            continue
        path = join(image.path, "labels")
        node = ctx.node(path)
        if node is None or node.exists is not True or ctx.group(path, "labels") is not None:
            continue
        yield ctx.issue(
            "labels.group-metadata",
            path,
            "the image's 'labels' group has no 'labels' metadata listing its label images",
            related=(image.path,),
            version=image.version,
        )


@cross(
    "labels.label-image-exists",
    "labels.level-count",
    "labels.intermediate-no-metadata",
    "image-label.shape-matches-image",
)
def label_images(ctx: Context) -> Iterator[Issue]:
    for labels, i, path in listed_labels(ctx):
        node = ctx.node(path)
        if node is None or node.exists is None:
            continue
        label = ctx.group(path, "image")
        if label is None:
            message = (
                f"label image {path!r} does not exist"
                if node.exists is False
                else f"label image {path!r} has no 'multiscales'"
            )
            where = labels.ptr("labels", i)
            yield ctx.issue("labels.label-image-exists", labels.path, message, where, (path,))
            continue
        middle = _parent(path)
        below = f"{labels.path}/" if labels.path else ""  # the labels group may be the target
        while middle != labels.path and middle.startswith(below):
            between = ctx.node(middle)
            if (
                ctx.applies("labels.intermediate-no-metadata", labels.version)
                and between is not None
                and between.is_group
                and isinstance(between.attributes, Mapping)
                and "ome" in between.attributes
            ):
                yield ctx.issue(
                    "labels.intermediate-no-metadata",
                    middle,
                    f"the group between {labels.path!r} and label image {path!r} carries"
                    " OME-Zarr metadata",
                    "/ome",
                    (labels.path, path),
                )
            middle = _parent(middle)
        image = ctx.group(_parent(labels.path), "image")
        if image is None:
            continue
        mine, theirs = _first(label), _first(image)
        if mine is None or theirs is None:
            continue
        count = len(objects(mine[1].get("datasets")))
        expected = len(objects(theirs[1].get("datasets")))
        if count != expected:
            yield ctx.issue(
                "labels.level-count",
                path,
                f"the label image has {count} levels, its image {image.path or '(target)'!r}"
                f" has {expected}",
                label.ptr("multiscales", mine[0], "datasets"),
                (image.path,),
            )
        image_levels = {lv.index: lv for lv in _levels(ctx, image)}
        for level in _levels(ctx, label):
            other = image_levels.get(level.index)
            if other is None or level.array.shape is None or other.array.shape is None:
                continue
            a, b = level.array.shape, other.array.shape
            if len(a) != len(b) or any(x not in {y, 1} for x, y in zip(a, b, strict=True)):
                yield ctx.issue(
                    "image-label.shape-matches-image",
                    path,
                    f"label level {level.path!r} {list(a)} does not match image level"
                    f" {other.path!r} {list(b)}: each dimension is the image's or 1",
                    level.where,
                    (level.path, other.path),
                )


def _label_groups(ctx: Context) -> dict[str, Group]:
    found = {g.path: g for g in ctx.of_kind("label-image") if "image" in g.kinds}
    for _, _, path in listed_labels(ctx):
        group = ctx.group(path, "image")
        if group is not None:
            found[path] = group
    return found


@cross("image-label.integer-dtype", "image-label.integer-dtype-recommended")
def integer_dtypes(ctx: Context) -> Iterator[Issue]:
    for path, label in sorted(_label_groups(ctx).items()):
        for m, multiscale in objects(label.ome.get("multiscales")):
            for level in levels(ctx, label, m, multiscale):
                dtype = level.array.dtype
                if dtype is None or dtype in INTEGER_DTYPES:
                    continue
                rule = (
                    "image-label.integer-dtype-recommended"
                    if label.version == "0.4"
                    else "image-label.integer-dtype"
                )
                yield ctx.issue(
                    rule,
                    level.path,
                    f"label array has data type {dtype}; labels use"
                    f" {', '.join(sorted(INTEGER_DTYPES))}",
                    "/data_type" if label.version != "0.4" else "/dtype",
                    (path,),
                    version=label.version,
                )


@cross("labels.unlisted-label")
def unlisted_labels(ctx: Context) -> Iterator[Issue]:
    for labels in ctx.of_kind("labels"):
        names = ctx.hierarchy.listings.get(labels.path)
        if names is None or not ctx.applies("labels.unlisted-label", labels.version):
            continue
        value = labels.ome.get("labels")
        listed = (
            {v.split("/")[0] for v in value if isinstance(v, str)}
            if isinstance(value, list)
            else set()
        )
        for name in names:
            path = join(labels.path, name)
            if name not in listed and ctx.group(path, "image") is not None:
                yield ctx.issue(
                    "labels.unlisted-label",
                    labels.path,
                    f"label image {name!r} is under the labels group but not listed",
                    labels.ptr("labels"),
                    (path,),
                )


@cross("image-label.source-exists")
def label_source(ctx: Context) -> Iterator[Issue]:
    for label in ctx.of_kind("label-image"):
        block = label.ome.get("image-label")
        source = block.get("source") if isinstance(block, Mapping) else None
        given = isinstance(source, Mapping) and "image" in source
        relative = source["image"] if given and isinstance(source, Mapping) else "../../"
        path, _ = resolve(label.path, relative, allow_up=True)
        node = ctx.node(path) if path is not None else None
        if path is None or node is None or node.exists is None:
            continue
        if ctx.group(path, "image") is None:
            state = "does not exist" if node.exists is False else "has no 'multiscales'"
            yield ctx.issue(
                "image-label.source-exists",
                label.path,
                f"the source image {relative!r} ({path or 'the target'!r}"
                f"{'' if given else ', the default'}) {state}",
                label.ptr("image-label", "source", "image") if given else label.ptr("image-label"),
                (path,),
            )
