"""What a group's OME metadata points at: where that metadata is, and the paths it names.

Two questions about one group, answered from its attributes alone and in document
order: `ome_block` finds the OME metadata (``attributes.ome`` in zarr v3, the attributes
themselves in v2), `links` lists every path it names (dataset arrays, the labels group,
label images, an image-label's source image, wells, field images, bioformats2raw series,
the groups and parameter arrays of 0.6 transformations). The walk decides how to follow
each kind; this module knows nothing of reading. A shared definition of both questions
for the whole package is meant to replace it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, NamedTuple

from ..spec.transformations import references
from ..spec.versions import KIND_KEYS
from .nodes import Node

__all__ = ["Link", "LinkKind", "links", "ome_block"]

LinkKind = Literal[
    "dataset",  # a multiscale level array
    "labels",  # the labels group an image may hold
    "label",  # a label image listed by a labels group
    "source-image",  # the image a label image labels ('..' allowed)
    "well",  # a well of a plate
    "field",  # a field image of a well
    "series",  # a bioformats2raw series, relative to the OME group's parent
    "transform-group",  # a group a 0.6 transformation's input or output names
    "parameter",  # an array or field holding a 0.6 transformation's parameters
]


class Link(NamedTuple):
    """A path named by a group's metadata, as written (maybe unsafe, maybe no string)."""

    kind: LinkKind
    path: object
    where: tuple[str | int, ...]  # pointer tokens inside the OME metadata; () if implied


def ome_block(node: Node) -> tuple[Mapping[str, Any] | None, tuple[str, ...]]:
    """The OME-level mapping of a group (attributes for v2, ``attributes.ome`` for v3)
    and the pointer tokens that lead to it."""
    attrs = node.attributes
    if not node.is_group or not isinstance(attrs, Mapping):
        return None, ()
    ome = attrs.get("ome")
    if isinstance(ome, Mapping):
        return ome, ("ome",)
    if any(k in attrs for k in KIND_KEYS):
        return attrs, ()
    return None, ()


def links(ome: Mapping[str, Any]) -> Iterator[Link]:
    """Every path the OME metadata ``ome`` names, in document order within each kind."""
    for i, multiscale in _objects(ome.get("multiscales")):
        for j, dataset in _objects(multiscale.get("datasets")):
            yield Link("dataset", dataset.get("path"), ("multiscales", i, "datasets", j, "path"))
    if "multiscales" in ome and "image-label" not in ome:
        yield Link("labels", "labels", ())
    if isinstance(ome.get("labels"), list):
        for i, label in enumerate(ome["labels"]):
            yield Link("label", label, ("labels", i))
    if "image-label" in ome:
        source = ome["image-label"]
        image = source.get("source") if isinstance(source, Mapping) else None
        relative = image.get("image", "../../") if isinstance(image, Mapping) else "../../"
        yield Link("source-image", relative, ("image-label", "source", "image"))
    if isinstance(ome.get("plate"), Mapping):
        for i, well in _objects(ome["plate"].get("wells")):
            yield Link("well", well.get("path"), ("plate", "wells", i, "path"))
    if isinstance(ome.get("well"), Mapping):
        for i, image in _objects(ome["well"].get("images")):
            yield Link("field", image.get("path"), ("well", "images", i, "path"))
    if isinstance(ome.get("series"), list):
        for i, series in enumerate(ome["series"]):
            yield Link("series", series, ("series", i))
    for expect, value in references(ome):
        yield Link("transform-group" if expect == "group" else "parameter", value, ())


def _objects(value: object) -> list[tuple[int, Mapping[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, Mapping)]
