"""Issue 12: a field stored in zarr is read around the points only (`ZarrGrid`), and
sampling it that way gives exactly what sampling the whole field in memory gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import zarr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas import v06
from ome_zarr_schemas.testing._fields import write_field
from ome_zarr_schemas.transforms import Coordinates, Displacements, Field, ZarrLoader
from ome_zarr_schemas.transforms.errors import ParameterLoadError

from .stores import AXES, StoreSpec

Case = tuple[npt.NDArray[np.float64], int, tuple[int, ...]]


@st.composite
def _fields(draw: st.DrawFn) -> Case:
    """Values (N grid axes of 1-6 cells, N components on the vector axis), the vector
    axis, and a chunk shape."""
    grid = draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))
    vector_axis = draw(st.integers(0, len(grid)))
    shape = list(grid)
    shape.insert(vector_axis, len(grid))
    chunks = tuple(draw(st.integers(1, n)) for n in shape)
    count = int(np.prod(shape))
    values = draw(st.lists(st.floats(-100, 100), min_size=count, max_size=count))
    return np.asarray(values, dtype=np.float64).reshape(shape), vector_axis, chunks


def _write(root: Path, values: npt.NDArray[np.float64], vector_axis: int, chunks: Any) -> None:
    """A 0.6.dev4 field array: its own system names the vector axis."""
    group = zarr.open_group(str(root), mode="w", zarr_format=3)
    array = group.create_array("f", shape=values.shape, dtype="float64", chunks=chunks)
    array[...] = values
    axes: list[dict[str, Any]] = [
        {"name": f"a{i}", "type": "space"} for i in range(values.ndim - 1)
    ]
    axes.insert(vector_axis, {"name": "v", "type": "coordinate", "discrete": True})
    array.attrs["ome"] = {
        "coordinateSystems": [{"name": "f", "axes": axes}],
        "coordinateTransformations": [{"type": "identity", "output": {"name": "f"}}],
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    case=_fields(),
    data=st.data(),
    method=st.sampled_from(["nearest", "linear"]),
    out_of_bounds=st.sampled_from(["clamp", "nan"]),
    displacements=st.booleans(),
)
def test_reading_around_the_points_equals_reading_everything(
    tmp_path_factory: pytest.TempPathFactory,
    case: Case,
    data: st.DataObject,
    method: str,
    out_of_bounds: Any,
    displacements: bool,
) -> None:
    values, vector_axis, chunks = case
    root = tmp_path_factory.mktemp("field")
    _write(root, values, vector_axis, chunks)
    ndim = values.ndim - 1
    coordinate = st.floats(-2, 8)
    points = np.asarray(
        data.draw(
            st.lists(st.lists(coordinate, min_size=ndim, max_size=ndim), min_size=1, max_size=5)
        )
    )
    kind = Displacements if displacements else Coordinates
    options: dict[str, Any] = {"interpolation": method, "out_of_bounds": out_of_bounds}
    lazy = kind("f", field=ZarrLoader(root).field("f"), **options)
    eager = kind("f", field=Field.from_array(values, vector_axis), **options)
    assert not isinstance(lazy.field.data, np.ndarray)  # read on demand
    np.testing.assert_array_equal(lazy.apply(points), eager.apply(points))


def test_only_the_chunks_around_the_points_are_read(tmp_path: Path) -> None:
    """A chunk far from the points holds bytes no codec can decode: reading it would
    fail. Points near the origin map through the chunks they need; a point in the broken
    chunk's cells fails with a typed error naming the field."""
    values = np.zeros((2, 40, 40))
    values[0] = 1.5
    _write(tmp_path / "s", np.moveaxis(values, 0, -1).copy(), 2, (10, 10, 2))
    chunk = tmp_path / "s" / "f" / "c" / "3" / "3" / "0"
    assert chunk.is_file()
    chunk.write_bytes(b"not a chunk")
    field = Displacements("f", field=ZarrLoader(tmp_path / "s").field("f"))
    np.testing.assert_allclose(field.apply([[1.0, 2.5], [12.0, 7.0]]), [[2.5, 2.5], [13.5, 7.0]])
    broken = Displacements("f", field=ZarrLoader(tmp_path / "s").field("f"))
    with pytest.raises(ParameterLoadError, match=r"'f'.*reading it failed"):
        broken.apply([[35.0, 35.0]])


def test_the_budget_is_the_readers(tmp_path: Path) -> None:
    """`max_bytes` holds every block read: the chunks around the points, not the field."""
    values = np.zeros((100, 100, 2))
    _write(tmp_path / "s", values, 2, (10, 10, 2))
    small = Displacements("f", field=ZarrLoader(tmp_path / "s", max_bytes=10_000).field("f"))
    np.testing.assert_allclose(small.apply([[5.0, 5.0]]), [[5.0, 5.0]])  # one chunk: 1,600 B
    spread = [[1.0, 1.0], [95.0, 95.0]]  # a block over every chunk: 160,000 B and more
    with pytest.raises(ParameterLoadError, match=r"'f'.*160000 bytes.*budget of 10000"):
        small.apply(spread)


@pytest.mark.parametrize("version", ["0.6.dev4", "0.6rc0"])
def test_the_group_classes_take_the_budget(tmp_path: Path, version: str) -> None:
    """`Scene.transform_graph(max_bytes=)` and `Image.transform_graph(max_bytes=)` give the
    budget to the loader of their fields (a field in each draft's layout, chunks unwritten:
    all zero)."""
    spec = StoreSpec(version)
    spec.field_scene()
    scene = v06.Scene.from_zarr(str(spec.write(tmp_path / "scene.zarr")))
    point = [[3.0, 4.0]]
    np.testing.assert_allclose(scene.transform_graph().map_points(point, "world", "warped"), point)
    with pytest.raises(ParameterLoadError, match="budget of 100 bytes"):
        scene.transform_graph(max_bytes=100).map_points(point, "world", "warped")

    spec = StoreSpec(version)
    spec.image(axes="yx", shape=(64, 64), levels=1)
    multiscale = spec.ome("")["multiscales"][0]
    multiscale["coordinateSystems"].append(
        {"name": "warped", "axes": multiscale["coordinateSystems"][0]["axes"]}
    )
    multiscale["coordinateTransformations"] = [
        {
            "type": "displacements",
            "path": "coordinateTransformations/field",
            "input": {"name": "intrinsic"},
            "output": {"name": "warped"},
        }
    ]
    spec.group("coordinateTransformations")
    write_field(spec, "coordinateTransformations/field", "displacements", [AXES["y"], AXES["x"]], 2)
    image = v06.Image.from_zarr(str(spec.write(tmp_path / "image.zarr")))
    graph = image.transform_graph()
    np.testing.assert_allclose(graph.map_points(point, "intrinsic", "warped"), point)
    with pytest.raises(ParameterLoadError, match="budget of 100 bytes"):
        image.transform_graph(max_bytes=100).map_points(point, "intrinsic", "warped")
