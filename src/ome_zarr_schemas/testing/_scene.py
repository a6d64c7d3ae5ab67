"""0.6 scene blocks: systems shared by several images, and the transformations that place
the images' systems in them.

A scene's nodes are its own systems (referenced by ``name``, ``path`` absent or null)
and systems of its child images (``{path, name}``). The transformations are drawn as a
spanning tree over all nodes, plus some extra edges, because the spec asks for one
connected graph (spec-0.6 §2.12, §3 G-01). An image's dimensions are not in the scene
document, so each image system is given some and its transformations respect them: a
reader that opens the images would find them consistent.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from . import _multiscales_v06, _systems, _transforms, _values

Json = dict[str, Any]

_D8 = st.integers(0, 7)
_FLAGS = st.integers(0, 31)
_IMAGES = st.sampled_from([1, 1, 2, 2, 3, 4])
_SCENE_SYSTEMS = st.sampled_from([0, 1, 1, 1, 2, 3])
_SYSTEMS_PER_IMAGE = st.sampled_from([1, 1, 1, 2])
_EXTRA_EDGES = st.sampled_from([0, 0, 0, 1, 2])
_IMAGE_DIMS = st.sampled_from([2, 2, 3, 3, 4, 5])
_IMAGE_PATH = st.one_of(
    st.sampled_from(["tile_0", "tile_1", "images/0", "left", "right"]), _values.relative_path()
)


def _reference(node: tuple[str | None, str], null_path: bool) -> Json:
    path, name = node
    if path is None:
        return _multiscales_v06.ref(name, null_path)
    return {"path": path, "name": name}


@st.composite
def scene_blocks(draw: st.DrawFn, version: str) -> Json:
    """The OME-level keys of a scene group."""
    usual = draw(_IMAGE_DIMS)  # most systems of a scene have the same dimensions

    def some_dims() -> int:
        return usual if draw(_values.D4) > 0 else draw(_IMAGE_DIMS)

    systems = [
        _systems.system(draw, name, _systems.sequence_of_length(draw, some_dims()))
        for name in _systems.system_names(draw, draw(_SCENE_SYSTEMS))
    ]
    nodes: list[tuple[str | None, str]] = [(None, s["name"]) for s in systems]
    dims = [len(s["axes"]) for s in systems]
    for path in _values.distinct(draw, _IMAGE_PATH, draw(_IMAGES)):
        for name in _systems.system_names(draw, draw(_SYSTEMS_PER_IMAGE)):
            nodes.append((path, name))
            dims.append(some_dims())
    if len(nodes) < 2:  # a scene has at least one transformation, between two systems
        nodes.append(("tile_extra", "physical"))
        dims.append(some_dims())
    order = draw(st.permutations(range(len(nodes))))
    edges = [(order[k], order[draw(st.integers(0, k - 1))]) for k in range(1, len(order))]
    for _ in range(draw(_EXTRA_EDGES)):
        a = draw(st.integers(0, len(nodes) - 1))
        b = draw(st.integers(0, len(nodes) - 2))
        edges.append((a, b if b < a else b + 1))
    transforms = []
    for a, b in edges:
        flags = draw(_FLAGS)  # direction, and a null 'path' on either side now and then
        if flags & 1:
            a, b = b, a
        source, target = (
            _reference(nodes[a], flags & 6 == 6),
            _reference(nodes[b], flags & 24 == 24),
        )
        transform = _transforms.transformation(draw, version, dims[a], dims[b], io=(source, target))
        transform["input"], transform["output"] = source, target
        transforms.append(transform)
    shuffled = draw(st.permutations(range(len(transforms))))
    transforms = [transforms[i] for i in shuffled]
    _multiscales_v06.name_some(draw, transforms)
    scene: Json = {"coordinateTransformations": transforms}
    if systems or draw(_D8) == 7:
        scene["coordinateSystems"] = systems
    return {"scene": scene}
