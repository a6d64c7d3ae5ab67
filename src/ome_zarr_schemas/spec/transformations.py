"""Where transformations nest, written once: a sequence's items, a bijection's forward and
inverse, a byDimension item's transformation.

`walk` visits every transformation of a list, nested ones included; the document checks
(parameters of each transformation), the cross-group checks (parameter paths) and
`spec.links` (what a group's transformations point at, which the store walk follows)
all use it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["PARAMETER_TYPES", "Tokens", "lists", "nested", "tree", "walk"]

#: Pointer tokens of a transformation, from the OME-level mapping.
Tokens = tuple[str | int, ...]

#: Transformation types whose parameters may live at a 'path', and what that path holds.
PARAMETER_TYPES = {
    "affine": "array",
    "rotation": "array",
    "displacements": "field",
    "coordinates": "field",
}


def _objects(value: object) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                yield i, item


def nested(transform: Mapping[str, Any]) -> Iterator[tuple[Tokens, Mapping[str, Any]]]:
    """(pointer tokens relative to ``transform``, child) for the transformations directly
    inside ``transform``, as its type defines them."""
    kind = transform.get("type")
    if kind == "sequence":
        for i, item in _objects(transform.get("transformations")):
            yield ("transformations", i), item
    elif kind == "bijection":
        for key in ("forward", "inverse"):
            inner = transform.get(key)
            if isinstance(inner, Mapping):
                yield (key,), inner
    elif kind == "byDimension":
        for i, item in _objects(transform.get("transformations")):
            inner = item.get("transformation")
            if isinstance(inner, Mapping):
                yield ("transformations", i, "transformation"), inner


def walk(transforms: object, *tokens: str | int) -> Iterator[tuple[Tokens, Mapping[str, Any]]]:
    """(pointer tokens, transformation) for every transformation of the list
    ``transforms`` (found at ``tokens``), each before the ones nested in it."""
    for i, transform in _objects(transforms):
        yield from tree(transform, *tokens, i)


def tree(
    transform: Mapping[str, Any], *tokens: str | int
) -> Iterator[tuple[Tokens, Mapping[str, Any]]]:
    """(pointer tokens, transformation) for ``transform`` (found at ``tokens``) and every
    transformation nested in it, each before its children."""
    yield tokens, transform
    for inner, child in nested(transform):
        yield from tree(child, *tokens, *inner)


def lists(ome: Mapping[str, Any]) -> Iterator[tuple[str, Tokens, object]]:
    """(owner, pointer tokens, list) of a group's top-level transformation lists: the
    scene's and each multiscale image's (owner "scene" or "multiscales")."""
    scene = ome.get("scene")
    if isinstance(scene, Mapping):
        yield (
            "scene",
            ("scene", "coordinateTransformations"),
            scene.get("coordinateTransformations"),
        )
    for m, multiscale in _objects(ome.get("multiscales")):
        tokens = ("multiscales", m, "coordinateTransformations")
        yield "multiscales", tokens, multiscale.get("coordinateTransformations")
