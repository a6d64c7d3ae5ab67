"""The labels group: its 'labels' list of label images, and against the store the group
itself, the listed label images, their level count and the groups between.

What a label image says about itself ('image-label') is in `image_label`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..store.paths import join
from ._context import Context, Group, applies, target
from ._registry import check, cross
from ._rule import E, Finding, Rule, W
from ._util import V05_ON, duplicates, objects, ptr
from .multiscales import first_multiscale

__all__ = [
    "GROUP_METADATA",
    "INTERMEDIATE_NO_METADATA",
    "LABEL_IMAGE_EXISTS",
    "LEVEL_COUNT",
    "PATH",
    "STRUCTURE",
    "UNIQUE_PATHS",
    "UNLISTED_LABEL",
    "listed_labels",
    "parent",
]

STRUCTURE = Rule(
    "labels.structure",
    "'labels' is a list of paths",
    E,
    "schema",
)
PATH = Rule(
    "labels.path",
    "A label path is relative and stays inside the labels group",
    E,
    "schema",
    decision="Label images live under the labels group; '..', '.', empty segments and absolute"
    " paths are rejected so a path can never leave it.",
)
UNIQUE_PATHS = Rule(
    "labels.unique-paths",
    "Each label image is listed once",
    W,
    "semantic",
)
GROUP_METADATA = Rule(
    "labels.group-metadata",
    "An image's 'labels' child group carries 'labels' metadata",
    E,
    "hierarchy",
    decision="0.5 says MUST; 0.4 describes the labels group by its 'labels' key. An existing"
    " 'labels' group without it is an error in both.",
)
LABEL_IMAGE_EXISTS = Rule(
    "labels.label-image-exists",
    "Each listed label path names a multiscale image group",
    E,
    "hierarchy",
)
LEVEL_COUNT = Rule(
    "labels.level-count",
    "A label image has as many levels as its parent image",
    E,
    "hierarchy",
    decision="Compared multiscale by multiscale when both have exactly one; with several on"
    " either side the first of each is compared.",
)
INTERMEDIATE_NO_METADATA = Rule(
    "labels.intermediate-no-metadata",
    "Groups between 'labels' and a label image carry no OME-Zarr metadata",
    E,
    "hierarchy",
    versions=V05_ON,
)
UNLISTED_LABEL = Rule(
    "labels.unlisted-label",
    "Every label image under 'labels' is listed",
    W,
    "hierarchy",
    decision="H-13 needs a folder listing: checked for the direct children of 'labels' where"
    " the store can list (local, S3), not over plain HTTP.",
    versions=V05_ON,
)


# --- one document


@check("labels")
def unique_label_paths(ome: Mapping[str, Any], version: str) -> Sequence[Finding]:
    """A list, not a generator: asked of every labels document, which mostly lists
    distinct paths (a generator made per document cost as much as the test). A set as
    long as the list says so at once: its equality is coarser than `duplicates`' (True
    is 1 there, not here), so distinct in the set is distinct for `duplicates` too."""
    paths = ome.get("labels")
    if not isinstance(paths, list) or len(paths) < 2:
        return ()
    try:
        if len(set(paths)) == len(paths):
            return ()
    except TypeError:  # an object or a list among the paths: `duplicates` skips them
        pass
    return [
        UNIQUE_PATHS.finding(
            ptr("labels", index), f"label path {path!r} is already listed at index {first}"
        )
        for index, first, path in duplicates(enumerate(paths))
    ]


# --- against the store


def parent(path: str) -> str:
    return path.rpartition("/")[0]


def listed_labels(ctx: Context) -> Iterator[tuple[Group, str, str]]:
    """(labels group, pointer of the label path, label image path) for each safe label path
    (worked out once per store: three checks ask)."""
    found: list[tuple[Group, str, str]] | None = ctx.cache.get(_LISTED)
    if found is None:
        found = ctx.cache[_LISTED] = [
            (labels, link.pointer, path)
            for labels in ctx.of_kind("labels")
            for link in ctx.links(labels, "label")
            if (path := target(labels.path, link.path)) is not None
        ]
    return iter(found)


_LISTED = ("listed-labels",)  # Context.cache key


@cross
def labels_group_has_metadata(ctx: Context) -> Iterator[Finding]:
    for image in ctx.of_kind("image"):
        if image.path.rpartition("/")[2] == "labels":
            continue
        path = join(image.path, "labels")
        node = ctx.node(path)
        if node is None or node.exists is not True or ctx.group(path, "labels") is not None:
            continue
        yield GROUP_METADATA.finding(
            "",
            "the image's 'labels' group has no 'labels' metadata listing its label images",
            node=path,
            related=(image.path,),
            version=image.version,
        )


@cross
def label_images(ctx: Context) -> Iterator[Finding]:
    for labels, where, path in listed_labels(ctx):
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
            yield LABEL_IMAGE_EXISTS.finding(where, message, node=labels.path, related=(path,))
            continue
        middle = parent(path)
        below = f"{labels.path}/" if labels.path else ""  # the labels group may be the target
        while middle != labels.path and middle.startswith(below):
            between = ctx.node(middle)
            if (
                applies(INTERMEDIATE_NO_METADATA, labels.version)
                and between is not None
                and between.is_group
                and isinstance(between.attributes, Mapping)
                and "ome" in between.attributes
            ):
                yield INTERMEDIATE_NO_METADATA.finding(
                    "/ome",
                    f"the group between {labels.path!r} and label image {path!r} carries"
                    " OME-Zarr metadata",
                    node=middle,
                    related=(labels.path, path),
                )
            middle = parent(middle)
        image = ctx.group(parent(labels.path), "image")
        if image is None:
            continue
        mine, theirs = first_multiscale(label), first_multiscale(image)
        if mine is None or theirs is None:
            continue
        count = len(objects(mine[1].get("datasets")))
        expected = len(objects(theirs[1].get("datasets")))
        if count != expected:
            yield LEVEL_COUNT.finding(
                label.ptr("multiscales", mine[0], "datasets"),
                f"the label image has {count} levels, its image"
                + (f" {image.path!r}" if image.path else " (the target's root)")
                + f" has {expected}",
                node=path,
                related=(image.path,),
            )


@cross
def unlisted_labels(ctx: Context) -> Iterator[Finding]:
    for labels in ctx.of_kind("labels"):
        names = ctx.hierarchy.listings.get(labels.path)
        if names is None or not applies(UNLISTED_LABEL, labels.version):
            continue
        listed = {link.path.split("/")[0] for link in ctx.links(labels, "label")}
        for name in names:
            path = join(labels.path, name)
            if name not in listed and ctx.group(path, "image") is not None:
                yield UNLISTED_LABEL.finding(
                    labels.ptr("labels"),
                    f"label image {name!r} is under the labels group but not listed",
                    node=labels.path,
                    related=(path,),
                )
