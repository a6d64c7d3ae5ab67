"""0.6 references between groups: transformation inputs and outputs that name another
group (scene images, label images) and parameters stored at a 'path' (affine and rotation
arrays, displacement and coordinate fields).

Decision (spec 0.6 §4, resolution base unspecified): a 'path' is resolved against the
group whose metadata holds it, as every upstream example does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..issues import Issue
from . import Context, Group, cross, objects, target

#: Transformation types whose parameters may live at a 'path', and what that path holds.
PARAMETER_TYPES = {
    "affine": "array",
    "rotation": "array",
    "displacements": "field",
    "coordinates": "field",
}


def walk(
    transforms: object, *tokens: str | int
) -> Iterator[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    """(pointer tokens, transformation) for every transformation, nested ones included."""
    for i, transform in objects(transforms):
        here = (*tokens, i)
        yield here, transform
        yield from walk(transform.get("transformations"), *here, "transformations")
        for key in ("forward", "inverse"):
            inner = transform.get(key)
            if isinstance(inner, Mapping):
                yield (*here, key), inner
                yield from walk(inner.get("transformations"), *here, key, "transformations")


def sources(group: Group) -> Iterator[tuple[str, tuple[str | int, ...], object]]:
    """(where, pointer tokens, transformation list) of the group's top-level lists."""
    scene = group.ome.get("scene")
    if isinstance(scene, Mapping):
        yield (
            "scene",
            ("scene", "coordinateTransformations"),
            scene.get("coordinateTransformations"),
        )
    for m, multiscale in objects(group.ome.get("multiscales")):
        tokens = ("multiscales", m, "coordinateTransformations")
        yield "multiscales", tokens, multiscale.get("coordinateTransformations")


def references(ome: Mapping[str, Any]) -> Iterator[tuple[str, object]]:
    """(expected kind, path) of every group or array the 0.6 transformations name; the
    reader follows these."""
    group = Group("", None, frozenset(), ome)
    for _, _, transforms in sources(group):
        for _, transform in objects(transforms):
            for key in ("input", "output"):
                io = transform.get(key)
                if isinstance(io, Mapping) and io.get("path") is not None:
                    yield "group", io["path"]
        for _, transform in walk(transforms):
            if transform.get("type") in PARAMETER_TYPES and "path" in transform:
                yield "any", transform["path"]


def _systems(ome: Mapping[str, Any]) -> dict[str, int]:
    """Coordinate system name -> number of axes, over a group's systems."""
    found: dict[str, int] = {}
    lists = [s.get("coordinateSystems") for _, s in objects(ome.get("multiscales"))]
    scene = ome.get("scene")
    if isinstance(scene, Mapping):
        lists.append(scene.get("coordinateSystems"))
    for systems in lists:
        for _, system in objects(systems):
            name, axes = system.get("name"), system.get("axes")
            if isinstance(name, str):
                found[name] = len(axes) if isinstance(axes, list) else -1
    return found


@cross(
    "scene.image-exists",
    "transforms.io-target-exists",
    "coordinate-systems.target-exists",
)
def io_targets(ctx: Context) -> Iterator[Issue]:
    for group in ctx.groups.values():
        if not ctx.applies("scene.image-exists", group.version):
            continue
        for where, tokens, transforms in sources(group):
            rule = "scene.image-exists" if where == "scene" else "transforms.io-target-exists"
            for i, transform in objects(transforms):
                for key in ("input", "output"):
                    io = transform.get(key)
                    if not isinstance(io, Mapping) or io.get("path") is None:
                        continue
                    path = target(group.path, io["path"])
                    node = ctx.node(path) if path is not None else None
                    if path is None or node is None or node.exists is None:
                        continue
                    pointer = group.ptr(*tokens, i, key, "path")
                    image = ctx.group(path, "image")
                    if image is None:
                        state = "does not exist" if node.exists is False else "has no 'multiscales'"
                        yield ctx.issue(
                            rule, group.path, f"{key} {io['path']!r} {state}", pointer, (path,)
                        )
                        continue
                    name = io.get("name")
                    if isinstance(name, str) and name not in _systems(image.ome):
                        yield ctx.issue(
                            "coordinate-systems.target-exists",
                            group.path,
                            f"{key} names coordinate system {name!r}, which image"
                            f" {io['path']!r} does not define",
                            group.ptr(*tokens, i, key, "name"),
                            (path,),
                        )


def _dims(ome: Mapping[str, Any], io: object) -> int | None:
    if isinstance(io, Mapping) and io.get("path") is None and isinstance(io.get("name"), str):
        count = _systems(ome).get(io["name"])
        return count if count is not None and count >= 0 else None
    return None


@cross("transforms.parameter-path-exists", "transforms.parameter-array-shape")
def parameter_paths(ctx: Context) -> Iterator[Issue]:
    for group in ctx.groups.values():
        if not ctx.applies("transforms.parameter-path-exists", group.version):
            continue
        for _, tokens, transforms in sources(group):
            for inner, transform in walk(transforms, *tokens):
                kind = PARAMETER_TYPES.get(str(transform.get("type")))
                if kind is None or "path" not in transform:
                    continue
                path = target(group.path, transform["path"])
                node = ctx.node(path) if path is not None else None
                if path is None or node is None or node.exists is None:
                    continue
                pointer = group.ptr(*inner, "path")
                name = transform.get("type")
                if kind == "array" and not node.is_array:
                    state = "does not exist" if node.exists is False else "is a group"
                    yield ctx.issue(
                        "transforms.parameter-path-exists",
                        group.path,
                        f"{name} parameters {transform['path']!r} {state}; they are an array",
                        pointer,
                        (path,),
                    )
                elif kind == "field" and ctx.group(path, "image") is None and not node.is_array:
                    state = "does not exist" if node.exists is False else "has no 'multiscales'"
                    yield ctx.issue(
                        "transforms.parameter-path-exists",
                        group.path,
                        f"{name} field {transform['path']!r} {state}",
                        pointer,
                        (path,),
                    )
                elif kind == "array" and node.array is not None and node.array.shape is not None:
                    shape = node.array.shape
                    n = _dims(group.ome, transform.get("input"))
                    m = _dims(group.ome, transform.get("output"))
                    want: tuple[int | None, int | None]
                    want = (m, None if n is None else n + 1) if name == "affine" else (n, n)
                    bad = len(shape) != 2 or any(
                        w is not None and w != s for w, s in zip(want, shape, strict=False)
                    )
                    if bad:
                        expected = "[M, N+1]" if name == "affine" else "[N, N]"
                        yield ctx.issue(
                            "transforms.parameter-array-shape",
                            group.path,
                            f"{name} array {transform['path']!r} has shape {list(shape)};"
                            f" expected {expected} for the input and output systems",
                            pointer,
                            (path,),
                        )
