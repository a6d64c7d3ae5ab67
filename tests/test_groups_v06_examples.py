"""The 0.6 spec examples (scenes, transformations) through the v06 group classes.

Examples are read from the official corpus at test time (never copied). A scene example
becomes a real store: its ``zarr.json`` plus the images (and displacement fields) it
refers to, written with `Image.new(...).to_zarr`; a transformation example becomes a
scene over its coordinate systems. Examples the project judges invalid (the corpus
defects list, and the upstream ``*Invalid*`` examples) must raise
`InvalidMetadataError`; every other one must load and give a graph path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ome_zarr_schemas import InvalidMetadataError, v06
from ome_zarr_schemas.spec.versions import get

from ._support import require_corpus
from .test_corpus_v06 import FRAGMENT_SYSTEMS

VERSIONS = v06.VERSIONS
DEFECTS = json.loads((Path(__file__).parent / "corpus_defects.json").read_text("utf-8"))
close = np.testing.assert_allclose


def _load(path: Path) -> Any:
    # some spec examples carry // comments (spec: for clarity only)
    return json.loads(re.sub(r"^\s*//.*$", "", path.read_text("utf-8"), flags=re.MULTILINE))


def _invalid(version: str, case: str) -> bool:
    known = {d["case"] for d in DEFECTS[f"ngff-{version}"] if not d.get("spec_verdict", True)}
    return case in known or "Invalid" in case


def _image(version: str, ndim: int) -> Any:
    return v06.Image.new(
        array_specs=[{"shape": (8,) * ndim, "dtype": "uint8"}],
        paths=["s0"],
        axes=["z", "y", "x"][-ndim:],
        scales=[[1.0] * ndim],
        coordinate_system="physical",
        version=version,
    )


def _field(version: str, values: np.ndarray, at: Path, grid: list[Any]) -> None:
    """A displacement field (``values``: vector axis first) over a system of ``grid`` axes
    in the draft's layout: a 0.6rc0 multiscale image; a 0.6.dev4 array carrying its own
    coordinate system (vector axis last, as that draft recommends) and transformation."""
    if not get(version).field_is_group:
        import zarr

        axes = [*grid, {"name": "d", "type": "displacement", "discrete": True}]
        ome: dict[str, Any] = {
            "coordinateSystems": [{"name": "field", "axes": axes}],
            "coordinateTransformations": [{"type": "identity", "output": {"name": "field"}}],
        }
        data = np.moveaxis(values, 0, -1)
        array = zarr.create_array(
            str(at), shape=data.shape, dtype="float64", attributes={"ome": ome}
        )
        array[...] = data
        return
    field = v06.Image.new(
        array_specs=[{"shape": values.shape, "dtype": "float64"}],
        paths=["s0"],
        axes=[{"name": "d", "type": "displacement", "discrete": True}, "z", "y", "x"],
        scales=[[1.0] * values.ndim],
        coordinate_system="physical",
        name="field",
        version=version,
    )
    group = field.to_zarr(str(at.parent), at.name)
    group["s0"][...] = values


def _refs(scene: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for t in scene["coordinateTransformations"]:
        for side in ("input", "output"):
            ref = t.get(side)
            if isinstance(ref, dict) and ref.get("path") and ref["path"] not in found:
                found.append(ref["path"])
    return found


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("example", ["scene_stitching", "scene_registration"])
def test_scene_example_as_a_store(version: str, example: str, tmp_path: Path) -> None:
    case = f"examples/scene/{example}.json"
    doc = _load(require_corpus(version) / case)
    root = tmp_path / "scene.zarr"
    root.mkdir()
    (root / "zarr.json").write_text(json.dumps(doc), "utf-8")
    tiles = _refs(doc["attributes"]["ome"]["scene"])
    ndim = 3 if example == "scene_registration" else 2
    for tile in tiles:
        _image(version, ndim).to_zarr(str(root), tile)
    if example == "scene_registration":
        shift = np.zeros((3, 4, 4, 4))
        shift[0] = 1.5
        tile = json.loads((root / tiles[0] / "zarr.json").read_text("utf-8"))
        grid = tile["attributes"]["ome"]["multiscales"][0]["coordinateSystems"][0]["axes"]
        _field(version, shift, root / "coordinateTransformations" / "dfield", grid)
        _field(version, -shift, root / "coordinateTransformations" / "invdfield", grid)
    if _invalid(version, case):
        with pytest.raises(InvalidMetadataError) as caught:
            v06.Scene.from_zarr(root)
        assert not caught.value.report.valid
        return
    scene = v06.Scene.from_zarr(root)
    assert sorted(scene.images) == sorted(tiles)
    graph = scene.transform_graph()
    src, dst = ("physical", tiles[-1]), ("physical", tiles[0])
    steps = graph.path(src, dst)
    assert steps, "tiles of one scene are connected"
    if example == "scene_stitching":
        assert [(e.transform.type, e.inverted) for e in steps] == [
            ("translation", False),
            ("translation", True),
        ]
        close(graph.map_points([[0.0, 0.0]], src, dst), [[276.0, 348.0]])
        # a pixel of the last tile's level s0 lands in the first tile's system
        close(graph.map_points([[1.0, 1.0]], {"path": f"{tiles[-1]}/s0"}, dst), [[277, 349]])
    else:
        assert [(e.transform.type, e.inverted) for e in steps] == [("bijection", True)]
        x = np.array([[1.0, 2.0, 3.0]])
        there = graph.map_points(x, dst, src)
        close(graph.map_points(there, src, dst), x, atol=1e-4)
        # the fields are copied with their data: the copy maps points the same way
        scene.to_zarr(str(tmp_path / "copy.zarr"))
        copy = v06.Scene.from_zarr(tmp_path / "copy.zarr")
        assert copy == scene
        close(copy.transform_graph().map_points(x, dst, src), there)


def _transformation_cases(version: str) -> list[str]:
    folder = require_corpus(version) / "examples" / "transformations"
    return sorted(p.name for p in folder.glob("*.json") if not p.name.startswith("."))


@pytest.mark.parametrize("version", VERSIONS)
def test_transformation_examples_as_scenes(version: str, tmp_path: Path) -> None:
    folder = require_corpus(version) / "examples" / "transformations"
    loaded, rejected = [], []
    for name in _transformation_cases(version):
        doc = _load(folder / name)
        case = f"examples/transformations/{name}"
        if case in FRAGMENT_SYSTEMS:  # shown beside a fuller example: its systems
            fuller = _load(require_corpus(version) / FRAGMENT_SYSTEMS[case])
            doc = {
                "coordinateSystems": fuller["coordinateSystems"],
                "coordinateTransformations": [doc],
            }
        if "coordinateSystems" not in doc:  # a lone transformation, not a document
            assert _invalid(version, case), f"{case} has no coordinate systems"
            continue
        build = {
            "images": {},
            "coord_systems": doc["coordinateSystems"],
            "coord_transforms": doc["coordinateTransformations"],
            "version": version,
        }
        if _invalid(version, case):
            with pytest.raises(InvalidMetadataError):
                v06.Scene.new(**build)
            rejected.append(name)
            continue
        scene = v06.Scene.new(**build)
        first = doc["coordinateTransformations"][0]
        stored = "path" in json.dumps(doc["coordinateTransformations"])
        if not stored:  # parameters in the metadata: the store round trip is exact
            scene.to_zarr(str(tmp_path / name))
            back = v06.Scene.from_zarr(tmp_path / name)
            assert back == scene, case
            scene = back
        steps = scene.transform_graph().path(first["input"], first["output"])
        assert [e.transform.type for e in steps] == [first["type"]], case
        loaded.append(name)
    assert len(loaded) >= 12, loaded
    assert {"byDimensionInvalid1.json", "byDimensionInvalid2.json"} <= set(rejected)
