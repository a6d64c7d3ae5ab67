"""The transform graph on the 0.6 spec examples (scenes, images, transformations).

Examples are read from the official corpus (never copied); the small image documents
and zarr fields the examples refer to but do not ship are built here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr

from ome_zarr_schemas.transforms import (
    CoordinateSystemNode,
    Displacements,
    GraphError,
    NoPathError,
    ParameterLoadError,
    Sequence,
    TransformGraph,
    TransformParseError,
    Translation,
    UnknownCoordinateSystemError,
    ZarrLoader,
    parse_transform,
)

from ._support import corpus_root, require_corpus

VERSIONS = ["0.6rc0", "0.6.dev4"]
close = np.testing.assert_allclose


def _example(version: str, relative: str) -> Any:
    path = require_corpus(version) / "examples" / relative
    if not path.is_file():
        pytest.fail(f"example {relative} missing from the ngff-{version} corpus")
    # some spec examples carry // comments (spec: for clarity only)
    text = re.sub(r"^\s*//.*$", "", path.read_text("utf-8"), flags=re.MULTILINE)
    return json.loads(text)


def _image(name: str = "physical", scale: tuple[float, float] = (0.5, 0.5)) -> dict[str, Any]:
    """A minimal 0.6 image: level s0 scaled into one 2-D system."""
    return {
        "ome": {
            "version": "0.6rc0",
            "multiscales": [
                {
                    "coordinateSystems": [
                        {
                            "name": name,
                            "axes": [
                                {"name": "y", "type": "space"},
                                {"name": "x", "type": "space"},
                            ],
                        }
                    ],
                    "datasets": [
                        {
                            "path": "s0",
                            "coordinateTransformations": [
                                {
                                    "type": "scale",
                                    "scale": list(scale),
                                    "input": {"path": "s0"},
                                    "output": {"name": name},
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    }


# --------------------------------------------------------------------------- scenes
@pytest.mark.parametrize("version", VERSIONS)
def test_scene_stitching_maps_tiles_to_world(version: str) -> None:
    scene = _example(version, "scene/scene_stitching.json")
    images = {f"tile_{i}": _image() for i in range(4)}
    graph = TransformGraph.from_scene(scene, images)
    world = CoordinateSystemNode("world", "")
    tile1 = ("physical", "tile_1")
    assert [e.transform.type for e in graph.path(tile1, "world")] == ["translation"]
    close(graph.map_points([[1.0, 2.0]], tile1, world), [[1.0, 350.0]])
    # pixel of tile_1 level s0 -> world: scale 0.5 then the tile offset
    close(graph.map_points([[10.0, 10.0]], {"path": "tile_1/s0"}, "world"), [[5.0, 353.0]])
    # tile to tile goes through world and back (inverse translation)
    steps = graph.path(("physical", "tile_3"), ("physical", "tile_0"))
    assert [(e.transform.type, e.inverted) for e in steps] == [
        ("translation", False),
        ("translation", True),
    ]
    close(
        graph.map_points([[0.0, 0.0]], ("physical", "tile_3"), ("physical", "tile_0")),
        [[276.0, 348.0]],
    )
    composed = graph.transform(("physical", "tile_3"), ("physical", "tile_0"))
    assert isinstance(composed, Sequence)
    assert composed.input is not None and composed.input.path == "tile_3"


@pytest.mark.parametrize("version", VERSIONS)
def test_scene_stitching_without_images_still_has_paths(version: str) -> None:
    graph = TransformGraph.from_scene(_example(version, "scene/scene_stitching.json"))
    names = sorted((n.name, n.path) for n in graph.nodes)
    assert names == [("physical", f"tile_{i}") for i in range(4)] + [("world", "")]
    node = graph.node(("physical", "tile_2"))
    assert node.axes is None  # referenced, not defined: the image was not given
    close(graph.map_points([[1.0, 1.0]], node, "world"), [[277.0, 1.0]])
    with pytest.raises(UnknownCoordinateSystemError, match=r"ambiguous.*give \(name, path\)"):
        graph.node("physical")
    with pytest.raises(UnknownCoordinateSystemError, match="no coordinate system 'nowhere'"):
        graph.node("nowhere")


def _write_field(group: Any, name: str, values: np.ndarray) -> None:
    """A 0.6rc0 displacement field group (vector axis first, unit spacing)."""
    field = group.create_group(name)
    field.create_array("s0", data=values)
    field.attrs["ome"] = {
        "version": "0.6rc0",
        "multiscales": [
            {
                "coordinateSystems": [
                    {
                        "name": "physical",
                        "axes": [
                            {"name": "d", "type": "displacement", "discrete": True},
                            {"name": "z", "type": "space"},
                            {"name": "y", "type": "space"},
                            {"name": "x", "type": "space"},
                        ],
                    }
                ],
                "datasets": [
                    {
                        "path": "s0",
                        "coordinateTransformations": [
                            {
                                "type": "scale",
                                "scale": [1.0, 1.0, 1.0],
                                "input": {"path": "s0"},
                                "output": {"name": "physical"},
                            }
                        ],
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_scene_registration_bijection_with_zarr_fields(version: str, tmp_path: Path) -> None:
    scene = _example(version, "scene/scene_registration.json")
    root = zarr.open_group(str(tmp_path / "scene.zarr"), mode="w")
    ct = root.create_group("coordinateTransformations")
    shift = np.zeros((3, 4, 4, 4))
    shift[0] = 1.5  # constant displacement along z
    _write_field(ct, "dfield", shift)
    _write_field(ct, "invdfield", -shift)
    graph = TransformGraph.from_scene(scene, loader=ZarrLoader(tmp_path / "scene.zarr"))
    src, dst = ("physical", "JRC2018F"), ("physical", "FCWB")
    forward = graph.transform(src, dst)
    assert forward.type == "bijection"
    backward_path = graph.path(dst, src)
    assert [(e.transform.type, e.inverted) for e in backward_path] == [("bijection", True)]
    x = np.array([[1.0, 2.0, 3.0], [2.5, 0.5, 1.0]])
    matrix = np.array(
        scene["attributes"]["ome"]["scene"]["coordinateTransformations"][0]["forward"][
            "transformations"
        ][1]["affine"]
    )
    expected = (x + np.array([1.5, 0.0, 0.0])) @ matrix[:, :3].T + matrix[:, 3]
    close(graph.map_points(x, src, dst), expected)
    # the written inverse affine inverts the forward one to ~6 digits
    close(graph.map_points(graph.map_points(x, src, dst), dst, src), x, atol=1e-4)


@pytest.mark.parametrize("version", VERSIONS)
def test_scene_registration_without_loader_names_the_path(version: str) -> None:
    graph = TransformGraph.from_scene(_example(version, "scene/scene_registration.json"))
    t = graph.transform(("physical", "JRC2018F"), ("physical", "FCWB"))
    with pytest.raises(ParameterLoadError, match="coordinateTransformations/dfield"):
        t.apply([[0.0, 0.0, 0.0]])


# --------------------------------------------------------------------------- images
@pytest.mark.parametrize("version", VERSIONS)
def test_multiscales_example_levels_to_intrinsic(version: str) -> None:
    graph = TransformGraph.from_image(
        _example(version, "multiscales_strict/multiscales_example.json")
    )
    close(
        graph.map_points([[1.0, 1.0, 1.0, 1.0, 1.0]], {"path": "s1"}, "intrinsic"),
        [[0.1, 1.0, 1.25, 1.25, 1.25]],
    )
    # level to level through the intrinsic system
    close(
        graph.map_points([[0.0, 0.0, 2.0, 2.0, 2.0]], {"path": "s0"}, {"path": "s2"}),
        [[0.0, 0.0, 0.125, 0.125, 0.125]],
    )
    assert graph.node("intrinsic").axes == ("t", "c", "z", "y", "x")


def test_multiscales_relative_example_world() -> None:
    # rc0 only: the dev4 copy still uses the old axes-as-object syntax
    graph = TransformGraph.from_image(
        _example("0.6rc0", "multiscales_strict/multiscales_example_relative.json")
    )
    close(
        graph.map_points([[0.0, 0.0, 0.0, 0.0, 0.0]], {"path": "s0"}, "world"),
        [[0.0, 0.0, 10.0, 20.0, 30.0]],
    )
    close(
        graph.map_points([[0.0, 0.0, 1.0, 1.0, 1.0]], {"path": "s2"}, "world"),
        [[0.0, 0.0, 15.5, 25.5, 35.5]],
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_multiscales_transformations_and_label_reference(version: str) -> None:
    graph = TransformGraph.from_image(
        _example(version, "multiscales_strict/multiscales_transformations.json")
    )
    close(graph.map_points([[2.0, 3.0]], {"path": "s0"}, "physical"), [[20.0, 30.0]])
    labels = TransformGraph.from_image(
        _example(version, "multiscales_strict/multiscales_reference_to_label.json")
    )
    label_cs = ("physical", "labels/cell_segmentation")
    assert [e.inverted for e in labels.path(label_cs, ("physical", ""))] == [False]
    close(labels.map_points([[1.0, 2.0, 3.0]], {"path": "s0"}, label_cs), [[0.5, 1.0, 3.0]])


@pytest.mark.parametrize("version", VERSIONS)
def test_subspace_permute(version: str) -> None:
    graph = TransformGraph.from_image(_example(version, "subspace/subspacePermute.json"))
    close(graph.map_points([[3.0, 5.0]], {"path": "array"}, "physical"), [[5.0, 3.0]])
    close(graph.map_points([[5.0, 3.0]], "physical", {"path": "array"}), [[3.0, 5.0]])


def test_displacement_image_example_is_one_way() -> None:
    doc = _example("0.6rc0", "transformations/displacements/multiscales.json")
    graph = TransformGraph.from_image(doc)
    steps = graph.path("physical", "output")
    assert isinstance(steps[0].transform, Displacements)
    with pytest.raises(
        NoPathError,
        match=r"displacements transform 'physical' at / -> 'output' at /"
        r".*not invertible",
    ):
        graph.path("output", "physical")
    field = TransformGraph.from_image(
        _example("0.6rc0", "transformations/displacements/displacement_field.json")
    )
    assert field.path({"path": "s0"}, "physical")


# ------------------------------------------------------------------ transformation examples
# What each example of examples/transformations must give: "ok" (every transform is an
# edge whose path maps like the transform itself) or a parse error for the examples our
# digest lists as broken (spec 0.6 §7.28) or invalid by name.
EXPECTED_PARSE_ERROR: dict[str, set[str]] = {
    "byDimensionInvalid1.json": set(VERSIONS),  # an output axis nobody writes
    "byDimensionInvalid2.json": set(VERSIONS),  # an output axis written twice
    "byDimensionXarray.json": set(VERSIONS),  # old byDimension syntax (items are transforms)
    "xarrayLike.json": {"0.6.dev4"},  # old syntax there; rc0 rewrote it
    "mapAxis2.json": {"0.6.dev4"},  # a non-permutation mapAxis
}
KNOWN_ANSWERS: dict[str, tuple[list[float], list[float]]] = {
    "affine2d2d.json": ([1.0, 1.0], [6.0, 15.0]),
    "affine2d3d.json": ([1.0, 1.0], [1.0, 9.0, 18.0]),
    "affine2d2d_with_channel.json": ([1.0, 1.0, 1.0], [1.0, 6.0, 15.0]),
    "rotation.json": ([1.0, 0.0], [0.0, 1.0]),
    "scale.json": ([1.0, 1.0], [2.0, 3.12]),
    "translation.json": ([0.0, 0.0], [9.0, -1.42]),
    "sequence.json": ([1.0, 1.0], [2.2, 5.7]),
    "byDimension1.json": ([1.0, 1.0], [2.0, 0.0]),
    "byDimension2.json": ([1.0, 2.0, 3.0, 4.0], [4.0, 4.5, 4.5]),
    "identity.json": ([4.0, 5.0], [4.0, 5.0]),
    "projectAxis.json": ([3.0, 4.0], [0.0, 0.0, 3.0, 4.0]),
    "projectAxis2.json": ([5.0, 3.0, 4.0], [0.0, 3.0, 4.0]),
    "scale_with_discrete.json": ([1.0, 1.0, 1.0], [1.0, 3.12, 2.0]),
}


def _transformation_examples() -> list[tuple[str, str]]:
    """(version, file) of every transformation example; read at collection time, so
    an absent corpus gives one placeholder that skips (or fails in CI) in the test."""
    root = corpus_root()
    out = []
    for version in VERSIONS:
        folder = root / f"ngff-{version}" / "examples" / "transformations" if root else None
        if folder is None or not folder.is_dir():
            out.append((version, "corpus-missing.json"))
            continue
        out += [(version, p.name) for p in sorted(folder.glob("[!.]*.json"))]
    return out


def _graph_of_document(doc: dict[str, Any]) -> TransformGraph:
    graph = TransformGraph()
    for cs in doc.get("coordinateSystems", []):
        graph.add_coordinate_system(cs)
    for raw in doc.get("coordinateTransformations", [doc] if "type" in doc else []):
        graph.add_transform(raw)
    return graph


@pytest.mark.parametrize(("version", "name"), _transformation_examples())
def test_transformation_examples(version: str, name: str) -> None:
    doc = _example(version, f"transformations/{name}")
    if version in EXPECTED_PARSE_ERROR.get(name, set()):
        with pytest.raises(TransformParseError):
            _graph_of_document(doc)
        return
    graph = _graph_of_document(doc)
    assert graph.edges
    for edge in graph.edges:
        steps = graph.path(edge.source, edge.target)
        assert len(steps) == 1 and not steps[0].inverted
    if name in KNOWN_ANSWERS:
        edge = graph.edges[-1]
        point, expected = KNOWN_ANSWERS[name]
        mapped = graph.map_points([point], edge.source, edge.target)
        close(mapped, [expected])
        direct = parse_transform(doc["coordinateTransformations"][-1]).apply([point])
        close(mapped, direct)


def test_every_answered_example_exists() -> None:
    for version in VERSIONS:
        require_corpus(version)
    names = {n for _, n in _transformation_examples()}
    assert set(KNOWN_ANSWERS) <= names
    assert set(EXPECTED_PARSE_ERROR) <= names


def test_bijection_example_without_fields_is_walkable_both_ways() -> None:
    graph = _graph_of_document(_example("0.6rc0", "transformations/bijection.json"))
    assert graph.path("tgt", "src")[0].inverted
    with pytest.raises(ParameterLoadError, match="inverse_coordinates"):
        graph.map_points([[0.0, 0.0]], "tgt", "src")


# --------------------------------------------------------------------------- errors and dot
def test_disconnected_systems_name_the_components() -> None:
    graph = TransformGraph.from_scene(_example("0.6rc0", "scene/scene_stitching.json"))
    graph.add_coordinate_system({"name": "atlas", "axes": [{"name": "x"}, {"name": "y"}]}, "ref")
    with pytest.raises(
        NoPathError,
        match=r"no path from 'world' at / to 'atlas' at /ref: no transform"
        r" links them; 'world' at / is linked only to \[",
    ):
        graph.path("world", "atlas")


def test_to_dot() -> None:
    graph = TransformGraph.from_scene(
        _example("0.6rc0", "scene/scene_stitching.json"), {"tile_0": _image()}
    )
    dot = graph.to_dot()
    assert dot.startswith('digraph "transforms" {')
    assert dot.count("->") == len(graph.edges) == 5
    assert dot.count("dir=both") == 5  # scale and translations are invertible
    assert "\"translation 'tile_0_mm to world'\"" in dot
    assert "shape=box" in dot  # the level array
    assert '"world\\n/"' in dot


def test_graph_accepts_transform_objects() -> None:
    graph = TransformGraph()
    t = Translation([1.0, 2.0])
    t.input, t.output = None, None
    with pytest.raises(GraphError, match="translation transform at / has no input"):
        graph.add_transform(t)
    edge = graph.add_transform(
        {
            "type": "scale",
            "scale": [2.0],
            "input": {"name": "a"},
            "output": {"name": "b", "path": "sub"},
        }
    )
    assert edge.target == CoordinateSystemNode("b", "sub")
    close(graph.map_points([[3.0]], "b", "a"), [[1.5]])
