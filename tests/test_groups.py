"""The group classes (v04, v05, v06) on real zarr stores of every version and kind.

Stores come from `tests.stores` (metadata only) or are written by the classes
themselves with zarr-python; every read goes through `from_zarr`, i.e. the same
validation engine as `validate_store`.
"""

from __future__ import annotations

import importlib.util
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr

from ome_zarr_schemas import (
    ArraySpec,
    GroupError,
    GroupNotFoundError,
    InvalidMetadataError,
    LabelGroupNotFoundError,
    TargetNotFoundError,
    VersionMismatchError,
    WellGroupNotFoundError,
    WrongGroupKindError,
    v04,
    v05,
    v06,
)
from ome_zarr_schemas.spec.versions import V06_VERSIONS

from .stores import StoreSpec

MODULES: dict[str, types.ModuleType] = {
    "0.4": v04,
    "0.5": v05,
    "0.6.dev4": v06,
    "0.6rc0": v06,
}
VERSIONS = list(MODULES)
close = np.testing.assert_allclose


def _write(spec: StoreSpec, tmp_path: Path, name: str = "store.zarr") -> Path:
    return spec.write(tmp_path / name)


def _new_image(module: types.ModuleType, version: str, **extra: Any) -> Any:
    return module.Image.new(
        array_specs=[
            {"shape": (2, 64, 64), "dtype": "uint16", "chunks": (1, 32, 32)},
            ArraySpec((2, 32, 32), "uint16", (1, 32, 32)),
        ],
        paths=["0", "1"],
        axes=[
            {"name": "c", "type": "channel"},
            {"name": "y", "type": "space", "unit": "micrometer"},
            {"name": "x", "type": "space", "unit": "micrometer"},
        ],
        scales=[[1.0, 0.5, 0.5], [1.0, 1.0, 1.0]],
        translations=[None, [0.0, 0.25, 0.25]],
        name="cells",
        multiscale_type="gaussian",
        metadata={"method": "test"},
        version=version,
        **extra,
    )


# --------------------------------------------------------------------- reading
@pytest.mark.parametrize("version", VERSIONS)
def test_image_with_labels_from_generated_store(version: str, tmp_path: Path) -> None:
    module = MODULES[version]
    spec = StoreSpec(version)
    spec.image(labels=["cells", "nuclei"], omero=True)
    image = module.Image.from_zarr(_write(spec, tmp_path))
    assert isinstance(image, module.Image)
    assert image.version == version
    assert image.report.valid and image.report.version == version
    assert [[d.path for d in level] for level in image.datasets] == [["0", "1", "2"]]
    assert type(image.attributes).__name__ == "ImageGroupAttributes"
    assert image.arrays["1"].shape == (2, 32, 32)
    assert image.arrays["0"].dtype == "uint16"
    labels = image.labels
    assert isinstance(labels, module.Labels)
    assert labels.label_paths == ("cells", "nuclei")
    assert labels.path == "labels"
    label = labels.get_image_labels_group("nuclei")
    assert isinstance(label, module.ImageLabel)
    assert label.path == "labels/nuclei"
    assert label.image_label.colors[0].label_value == 1
    assert label.arrays["0"].dtype == "uint32"
    with pytest.raises(LabelGroupNotFoundError, match="'membranes' is not listed"):
        labels.get_image_labels_group("membranes")


@pytest.mark.parametrize("version", VERSIONS)
def test_image_without_labels_has_none(version: str, tmp_path: Path) -> None:
    spec = StoreSpec(version)
    spec.image()
    assert MODULES[version].Image.from_zarr(_write(spec, tmp_path)).labels is None


@pytest.mark.parametrize("version", VERSIONS)
def test_plate_walk(version: str, tmp_path: Path) -> None:
    module = MODULES[version]
    spec = StoreSpec(version)
    spec.plate(rows=2, columns=3, fields=2, acquisitions=2)
    plate = module.HCS.from_zarr(_write(spec, tmp_path))
    assert plate.n_wells == 6
    wells = list(plate.well_groups)
    assert [w.path for w in wells] == ["A/1", "A/2", "A/3", "B/1", "B/2", "B/3"]
    assert all(isinstance(w, module.Well) for w in wells)
    well = plate.get_well_group(4)
    assert well.path == "B/2"
    fields = well.images
    assert [(f.path, f.acquisition) for f in fields] == [("0", 0), ("1", 1)]
    assert all(isinstance(f.image, module.Image) for f in fields)
    assert well.get_image(1).path == "B/2/1"
    with pytest.raises(IndexError):
        plate.get_well_group(6)


@pytest.mark.parametrize("version", VERSIONS)
def test_sparse_plate_in_memory_raises_well_not_found(version: str, tmp_path: Path) -> None:
    """A store with a missing well is invalid (plate.well-exists); in memory it is allowed."""
    module = MODULES[version]
    well = module.Well.new({"0": _new_image(module, version)}, version=version)
    plate = module.HCS.new(
        {
            "rows": [{"name": "A"}],
            "columns": [{"name": "1"}, {"name": "2"}],
            "wells": [
                {"path": "A/1", "rowIndex": 0, "columnIndex": 0},
                {"path": "A/2", "rowIndex": 0, "columnIndex": 1},
            ],
        },
        {"A/1": well},
        version=version,
    )
    assert [w.to_json() for w in plate.well_groups] == [well.to_json()]
    with pytest.raises(WellGroupNotFoundError, match="'A/2'"):
        plate.get_well_group(1)
    spec = StoreSpec(version)
    spec.plate()
    spec.drop("A/2")
    with pytest.raises(InvalidMetadataError) as caught:
        module.HCS.from_zarr(_write(spec, tmp_path))
    assert "plate.well-exists" in {i.rule for i in caught.value.report.issues}


@pytest.mark.parametrize("where", ["nope.zarr", "empty"])
def test_from_zarr_on_nothing_is_not_found(where: str, tmp_path: Path) -> None:
    """No metadata at the target: nothing was validated, so not InvalidMetadataError."""
    target = tmp_path / where
    if where == "empty":
        target.mkdir()
    with pytest.raises(TargetNotFoundError, match="no OME-Zarr group at") as caught:
        v05.Image.from_zarr(str(target))
    assert isinstance(caught.value, GroupNotFoundError) and isinstance(caught.value, LookupError)
    assert not isinstance(caught.value, InvalidMetadataError)
    assert [i.rule for i in caught.value.report.issues] == ["store.no-ome-metadata"]


def test_from_zarr_on_invalid_metadata_is_still_invalid(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.image(axes="yx", shape=(8, 8))
    spec.ome("")["multiscales"][0]["axes"] = []
    with pytest.raises(InvalidMetadataError):
        v05.Image.from_zarr(_write(spec, tmp_path))


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("series", [True, False])
def test_bioformats2raw(version: str, series: bool, tmp_path: Path) -> None:
    module = MODULES[version]
    spec = StoreSpec(version)
    spec.bioformats2raw(images=3, series=series)
    layout = module.BioFormats2Raw.from_zarr(_write(spec, tmp_path))
    assert layout.image_paths == ("0", "1", "2")
    assert sorted(layout.images) == ["0", "1", "2"]
    assert all(isinstance(i, module.Image) for i in layout.images.values())
    assert layout.ome_xml_text == '<?xml version="1.0"?><OME/>'
    if importlib.util.find_spec("ome_types") is None:
        with pytest.warns(UserWarning, match=r"ome-zarr-schemas\[omexml\]"):
            assert layout.ome_xml is None
    else:  # pragma: no cover - depends on the optional extra
        assert type(layout.ome_xml).__name__ == "OME"


@pytest.mark.parametrize("version", VERSIONS)
def test_bioformats2raw_without_xml(version: str, tmp_path: Path) -> None:
    spec = StoreSpec(version)
    spec.bioformats2raw()
    del spec.docs["OME/METADATA.ome.xml"]
    layout = MODULES[version].BioFormats2Raw.from_zarr(_write(spec, tmp_path))
    assert layout.ome_xml_text is None
    assert layout.ome_xml is None


def test_from_open_zarr_group_keeps_its_path(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.plate(rows=1, columns=1, fields=1)
    root = zarr.open_group(str(_write(spec, tmp_path)), mode="r")
    well = v05.Well.from_zarr(root["A/1"])
    assert well.path == "A/1"
    assert well.images[0].image is not None and well.images[0].image.path == "A/1/0"
    assert well.store is not None


# ------------------------------------------------------------------- failures
@pytest.mark.parametrize("version", VERSIONS)
def test_invalid_store_raises_with_the_full_report(version: str, tmp_path: Path) -> None:
    spec = StoreSpec(version)
    spec.image(labels=["cells"])
    spec.drop("labels/cells/1")
    with pytest.raises(InvalidMetadataError) as caught:
        MODULES[version].Image.from_zarr(_write(spec, tmp_path))
    report = caught.value.report
    assert not report.valid
    found = {(i.rule, i.node) for i in report.issues}
    assert ("multiscales.dataset-array-exists", "labels/cells") in found


@pytest.mark.parametrize("version", VERSIONS)
def test_warnings_stay_in_the_report(version: str, tmp_path: Path) -> None:
    spec = StoreSpec(version)
    spec.image(axes="yx", shape=(64, 64))
    entry = spec.ome("")["multiscales"][0]
    axes = entry["axes"] if "axes" in entry else entry["coordinateSystems"][0]["axes"]
    axes[0] = {**axes[0], "unit": "furlong"}  # a copy: stores.py shares its AXES objects
    image = MODULES[version].Image.from_zarr(_write(spec, tmp_path))
    assert image.report.valid
    assert "axes.unit-known" in {i.rule for i in image.report.warnings}


@pytest.mark.parametrize("version", VERSIONS)
def test_wrong_kind_and_version(version: str, tmp_path: Path) -> None:
    spec = StoreSpec(version)
    spec.plate(rows=1, columns=1, fields=1)
    path = _write(spec, tmp_path)
    with pytest.raises(WrongGroupKindError, match="needs an image group; / holds plate"):
        MODULES[version].Image.from_zarr(path)
    other = v05 if MODULES[version] is not v05 else v04
    with pytest.raises(VersionMismatchError, match=f"is {version}"):
        other.HCS.from_zarr(path)


def test_new_rejects_invalid_metadata() -> None:
    with pytest.raises(InvalidMetadataError) as caught:
        v05.Image.new(
            array_specs=[{"shape": (4, 4), "dtype": "uint8"}],
            paths=["0"],
            axes=["y", "y"],
            scales=[[1.0, 1.0]],
        )
    assert not caught.value.report.valid
    with pytest.raises(ValueError, match="one entry per level"):
        v05.Image.new(array_specs=[], paths=["0"], axes=["y", "x"], scales=[[1.0, 1.0]])


# ------------------------------------------------------------------ round trips
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", ["image", "labels", "plate", "well", "bioformats2raw"])
def test_read_write_read_is_equal(version: str, kind: str, tmp_path: Path) -> None:
    module = MODULES[version]
    spec = StoreSpec(version)
    cls: Any
    if kind in ("image", "labels"):
        spec.image(labels=["cells"], omero=True)
        cls, at = (module.Image, "") if kind == "image" else (module.Labels, "labels")
    elif kind in ("plate", "well"):
        spec.plate(rows=1, columns=2, fields=2, acquisitions=1)
        cls, at = (module.HCS, "") if kind == "plate" else (module.Well, "A/2")
    else:
        spec.bioformats2raw(series=True)
        cls, at = module.BioFormats2Raw, ""
    source = _write(spec, tmp_path, "in.zarr")
    first = cls.from_zarr(source / at if at else source)
    first.to_zarr(str(tmp_path / "out.zarr"), "nested/copy")
    second = cls.from_zarr(tmp_path / "out.zarr" / "nested" / "copy")
    assert second == first
    assert second.report.valid
    assert second.to_json() == first.to_json()


@pytest.mark.parametrize("version", VERSIONS)
def test_new_to_zarr_from_zarr(version: str, tmp_path: Path) -> None:
    module = MODULES[version]
    label = module.ImageLabel.new(
        array_specs=[
            {"shape": (1, 64, 64), "dtype": "uint32"},
            {"shape": (1, 32, 32), "dtype": "uint32"},
        ],
        paths=["0", "1"],
        axes=["c", "y", "x"],
        scales=[[1.0, 0.5, 0.5], [1.0, 1.0, 1.0]],
        image_label={"colors": [{"label-value": 1, "rgba": [0, 255, 0, 255]}]},
        version=version,
    )
    labels = module.Labels.new({"seg": label}, version=version)
    image = _new_image(module, version, labels=labels)
    group = image.to_zarr(str(tmp_path / "new.zarr"))
    assert group.metadata.zarr_format == (2 if version == "0.4" else 3)
    back = module.Image.from_zarr(tmp_path / "new.zarr")
    assert back == image
    assert back.report.valid
    assert back.arrays["0"] == ArraySpec(
        (2, 64, 64), "uint16", (1, 32, 32), None if version == "0.4" else ("c", "y", "x")
    )
    assert back.labels is not None
    seg = back.labels.get_image_labels_group("seg")
    assert seg.arrays["1"].shape == (1, 32, 32)
    assert seg.image_label.colors[0].rgba == [0, 255, 0, 255]
    entry = back.multiscales[0]
    assert (entry["name"], entry["type"], entry["metadata"]) == (
        "cells",
        "gaussian",
        {"method": "test"},
    )
    array = zarr.open_array(str(tmp_path / "new.zarr" / "1"), mode="r")
    assert array.shape == (2, 32, 32)
    assert not np.asarray(array[...]).any()  # empty: only the fill value


@pytest.mark.parametrize("version", VERSIONS)
def test_new_plate_and_layout_round_trip(version: str, tmp_path: Path) -> None:
    module = MODULES[version]
    image = _new_image(module, version)
    well = module.Well.new({"0": image, "1": image}, acquisitions={"1": 0}, version=version)
    plate = module.HCS.new(
        {
            "rows": [{"name": "A"}],
            "columns": [{"name": "1"}],
            "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
            "acquisitions": [{"id": 0}],
        },
        {"A/1": well},
        version=version,
    )
    plate.to_zarr(str(tmp_path / "plate.zarr"))
    back = module.HCS.from_zarr(tmp_path / "plate.zarr")
    assert back == plate
    assert [(f.path, f.acquisition) for f in back.get_well_group(0).images] == [
        ("0", None),
        ("1", 0),
    ]
    layout = module.BioFormats2Raw.new({"0": image, "1": image}, series=True, version=version)
    layout.to_zarr(str(tmp_path / "bf.zarr"))
    read = module.BioFormats2Raw.from_zarr(tmp_path / "bf.zarr")
    assert read == layout
    assert read.image_paths == ("0", "1")


# ------------------------------------------------------------------------- 0.6
@pytest.mark.parametrize("version", V06_VERSIONS)
def test_v06_image_transform_graph(version: str, tmp_path: Path) -> None:
    image = _new_image(v06, version, coordinate_system="physical")
    image.to_zarr(str(tmp_path / "img.zarr"))
    back = v06.Image.from_zarr(tmp_path / "img.zarr")
    graph = back.transform_graph()
    close(graph.map_points([[0.0, 10.0, 10.0]], {"path": "1"}, "physical"), [[0, 10.25, 10.25]])
    close(graph.map_points([[1.0, 10.0, 10.0]], {"path": "0"}, "physical"), [[1, 5, 5]])
    assert [e.transform.type for e in graph.path({"path": "1"}, {"path": "0"})] == [
        "sequence",
        "scale",
    ]


def test_transform_graph_needs_06() -> None:
    with pytest.raises(GroupError, match=r"the transform graph is 0\.6"):
        _new_image(v05, "0.5").transform_graph()


@pytest.mark.parametrize("version", V06_VERSIONS)
def test_scene_from_generated_store(version: str, tmp_path: Path) -> None:
    spec = StoreSpec(version)
    spec.scene()
    scene = v06.Scene.from_zarr(_write(spec, tmp_path))
    assert sorted(scene.images) == ["tile_0", "tile_1"]
    assert all(isinstance(i, v06.Image) for i in scene.images.values())
    graph = scene.transform_graph()
    steps = graph.path(("intrinsic", "tile_0"), ("intrinsic", "tile_1"))
    assert [(e.transform.type, e.inverted) for e in steps] == [
        ("translation", False),
        ("affine", True),
    ]
    scene.to_zarr(str(tmp_path / "copy.zarr"))
    copy = v06.Scene.from_zarr(tmp_path / "copy.zarr")
    assert copy == scene
    assert zarr.open_array(str(tmp_path / "copy.zarr/coordinateTransformations/tile_1")).shape == (
        2,
        3,
    )


def _tile(version: str, system: str = "intrinsic") -> Any:
    return v06.Image.new(
        array_specs=[{"shape": (64, 64), "dtype": "uint8"}],
        paths=["0"],
        axes=["y", "x"],
        scales=[[0.5, 0.5]],
        coordinate_system=system,
        version=version,
    )


@pytest.mark.parametrize("version", V06_VERSIONS)
def test_scene_new_maps_a_point(version: str, tmp_path: Path) -> None:
    world = {
        "name": "world",
        "axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}],
    }
    scene = v06.Scene.new(
        images={"tile_0": _tile(version), "tile_1": _tile(version)},
        coord_systems=[world],
        coord_transforms=[
            {
                "type": "translation",
                "translation": [0.0, 0.0],
                "input": {"path": "tile_0", "name": "intrinsic"},
                "output": {"name": "world"},
            },
            {
                "type": "affine",
                "path": "coordinateTransformations/tile_1",
                "input": {"path": "tile_1", "name": "intrinsic"},
                "output": {"name": "world"},
            },
        ],
        parameters={"coordinateTransformations/tile_1": [[1.0, 0.0, 0.0], [0.0, 1.0, 32.0]]},
        version=version,
    )
    in_memory = scene.transform_graph().map_points([[1.0, 2.0]], ("intrinsic", "tile_1"), "world")
    close(in_memory, [[1.0, 34.0]])
    scene.to_zarr(str(tmp_path / "scene.zarr"))
    back = v06.Scene.from_zarr(tmp_path / "scene.zarr")
    assert back == scene
    graph = back.transform_graph()
    close(graph.map_points([[1.0, 2.0]], ("intrinsic", "tile_1"), "world"), [[1.0, 34.0]])
    # pixel (10, 10) of tile_1's level 0 -> tile_0's level 0, through world
    close(graph.map_points([[10.0, 10.0]], {"path": "tile_1/0"}, {"path": "tile_0/0"}), [[10, 74]])


def test_to_zarr_into_an_open_group(tmp_path: Path) -> None:
    image = _new_image(v05, "0.5")
    root = zarr.open_group(str(tmp_path / "root.zarr"), mode="w", zarr_format=3)
    image.to_zarr(root, "images/a")
    assert v05.Image.from_zarr(root["images/a"]) == image
    assert v05.Image.from_zarr(root["images/a"]).path == "images/a"
    v2 = zarr.open_group(str(tmp_path / "v2.zarr"), mode="w", zarr_format=2)
    with pytest.raises(ValueError, match="needs zarr format 3"):
        image.to_zarr(v2, "a")
    _new_image(v04, "0.4").to_zarr(v2, "a")
    assert v04.Image.from_zarr(tmp_path / "v2.zarr" / "a").version == "0.4"


@pytest.mark.parametrize("version", V06_VERSIONS)
def test_v06_image_extra_systems_and_transforms(version: str, tmp_path: Path) -> None:
    axes = [{"name": a, "type": "space", "unit": "micrometer"} for a in ("y", "x")]
    image = v06.Image.new(
        array_specs=[{"shape": (32, 32), "dtype": "uint8"}],
        paths=["0"],
        axes=["y", "x"],
        scales=[[2.0, 2.0]],
        coordinate_system="physical",
        extra_systems=[{"name": "stage", "axes": axes}],
        extra_transforms=[
            {
                "type": "translation",
                "translation": [100.0, -5.0],
                "input": {"name": "physical"},
                "output": {"name": "stage"},
            }
        ],
        version=version,
    )
    image.to_zarr(str(tmp_path / "img.zarr"))
    back = v06.Image.from_zarr(tmp_path / "img.zarr")
    assert back == image
    graph = back.transform_graph()
    close(graph.map_points([[1.0, 1.0]], {"path": "0"}, "stage"), [[102.0, -3.0]])
    assert [e.transform.type for e in graph.path("stage", {"path": "0"})] == [
        "translation",
        "scale",
    ]


def test_v06_image_copies_stored_parameters(tmp_path: Path) -> None:
    axes = [{"name": a, "type": "space"} for a in ("y", "x")]
    image = v06.Image.new(
        array_specs=[{"shape": (32, 32), "dtype": "uint8"}],
        paths=["0"],
        axes=["y", "x"],
        scales=[[1.0, 1.0]],
        extra_systems=[{"name": "stage", "axes": axes}],
        extra_transforms=[
            {
                "type": "affine",
                "path": "coordinateTransformations/stage",
                "input": {"name": "physical"},
                "output": {"name": "stage"},
            }
        ],
        version="0.6rc0",
    )
    group = image.to_zarr(str(tmp_path / "img.zarr"))
    with pytest.raises(InvalidMetadataError) as caught:  # the parameters are not written yet
        v06.Image.from_zarr(tmp_path / "img.zarr")
    assert "transforms.parameter-path-exists" in {i.rule for i in caught.value.report.issues}
    params = group.require_group("coordinateTransformations")
    params.create_array("stage", shape=(2, 3), dtype="float64")[...] = [[0, 1, 0], [1, 0, 7]]
    read = v06.Image.from_zarr(tmp_path / "img.zarr")
    read.to_zarr(str(tmp_path / "copy.zarr"))
    copy = v06.Image.from_zarr(tmp_path / "copy.zarr")
    assert copy == read
    close(copy.transform_graph().map_points([[1.0, 2.0]], {"path": "0"}, "stage"), [[2, 8]])
