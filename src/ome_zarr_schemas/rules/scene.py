"""0.6 scenes: their coordinate systems and transformations, connected into one graph
with the systems of the images they name, and the images a transformation names by
'path' (a scene's or a multiscale image's).

Decision (spec 0.6 §4, resolution base unspecified): a 'path' is resolved against the
group whose metadata holds it, as every upstream example does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..spec.versions import V06_VERSIONS
from . import coordinate_systems, transformations
from ._context import Context
from ._registry import check, cross
from ._rule import E, Finding, Rule
from ._util import mapping, objects, ptr
from .coordinate_systems import axis_count, reachable, reference, systems_by_name
from .transformation_params import check_transformation

__all__ = ["IMAGE_EXISTS", "IO", "STRUCTURE"]

STRUCTURE = Rule(
    "scene.structure",
    "'scene' is an object with a non-empty list of 'coordinateTransformations'",
    E,
    "schema",
    versions=V06_VERSIONS,
)
IO = Rule(
    "scene.io",
    "A scene transformation's input and output have a 'name' (and in 0.6rc0 at most a 'path')",
    E,
    "schema",
    decision="'path' may be null or absent for a system of the scene itself (§7.7). Other"
    " keys: 0.6rc0's schema closes the objects to 'name' and 'path'; the 0.6.dev4 text says"
    " only that they MUST contain 'name' and MAY contain 'path', and its schema leaves them"
    " open, so 0.6.dev4 allows other keys (spec-0.6 §5 row 8).",
    versions=V06_VERSIONS,
)
IMAGE_EXISTS = Rule(
    "scene.image-exists",
    "A scene transformation's input or output 'path' names a multiscale image group",
    E,
    "hierarchy",
    decision="Spec 0.6 §4 leaves the base of a 'path' unspecified; it is resolved against the"
    " group holding the metadata (the scene), as in every upstream example.",
    versions=V06_VERSIONS,
)


@check("scene")
def unique_in_scene(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    scene = mapping(ome.get("scene"))
    if version in V06_VERSIONS and scene is not None:
        yield from coordinate_systems.unique_systems(
            scene.get("coordinateSystems"), ("scene", "coordinateSystems")
        )


def _node_text(node: object) -> str:
    if isinstance(node, tuple):
        return f"{node[1]!r} at {node[0]!r}"
    return repr(node)


@check("scene")
def scene_transformations(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    scene = mapping(ome.get("scene"))
    if version not in V06_VERSIONS or scene is None:
        return
    systems = systems_by_name(scene.get("coordinateSystems"))
    transforms = scene.get("coordinateTransformations")
    yield from transformations.unique_names(transforms, ("scene", "coordinateTransformations"))
    found: list[Finding] = []
    edges: list[tuple[object, object]] = []
    nodes: list[object] = list(systems)
    for i, t in objects(transforms):
        at = ("scene", "coordinateTransformations", i)
        dims: dict[str, int | None] = {}
        ends: list[object] = []
        for side in ("input", "output"):
            dims[side] = None
            ref = mapping(t.get(side))
            name, external = reference(ref)
            if name is None or ref is None:
                continue
            if external:
                path = ref.get("path")  # a list or an object (the schema's finding) as text
                node: object = (json.dumps(path) if isinstance(path, list | dict) else path, name)
                if node not in nodes:
                    nodes.append(node)
                ends.append(node)
            elif name not in systems:
                yield coordinate_systems.REFERENCE.finding(
                    ptr(*at, side, "name"),
                    f"{name!r} is not a coordinate system of the scene (give a 'path' for a"
                    " system of an image)",
                )
            else:
                dims[side] = axis_count(systems[name][1])
                ends.append(name)
        found.extend(check_transformation(t, dims["input"], dims["output"], at, version))
        if len(ends) == 2:
            edges.append((ends[0], ends[1]))
    if nodes:
        reached = reachable(nodes[0], edges)
        apart = [n for n in nodes if n not in reached]
        if apart:
            shown = ", ".join(_node_text(n) for n in apart)
            yield coordinate_systems.CONNECTED.finding(
                ptr("scene"),
                f"the scene's coordinate systems are not all connected: {shown} cannot be reached"
                f" from {nodes[0]!r} through its transformations",
            )
    yield from found


# --- across the groups of a store


@cross
def io_targets(ctx: Context) -> Iterator[Finding]:
    for group, owner, tokens, transforms in ctx.transformation_lists(IMAGE_EXISTS):
        rule = IMAGE_EXISTS if owner == "scene" else transformations.IO_TARGET_EXISTS
        for i, transform in objects(transforms):
            for key in ("input", "output"):
                io = transform.get(key)
                if not isinstance(io, Mapping) or io.get("path") is None:
                    continue
                found = ctx.reached(group.path, io["path"])
                if found is None:
                    continue
                path, node = found
                image = ctx.group(path, "image")
                if image is None:
                    yield rule.finding(
                        group.ptr(*tokens, i, key, "path"),
                        f"{key} {io['path']!r} {ctx.not_an_image(path, node)}",
                        node=group.path,
                        related=(path,),
                    )
                    continue
                name = io.get("name")
                if isinstance(name, str) and name not in transformations.systems(image.ome):
                    yield coordinate_systems.TARGET_EXISTS.finding(
                        group.ptr(*tokens, i, key, "name"),
                        f"{key} names coordinate system {name!r}, which image"
                        f" {io['path']!r} does not define",
                        node=group.path,
                        related=(path,),
                    )
