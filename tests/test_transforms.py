"""Transform types: known answers per type, zarr-stored parameters, and properties.

Properties (Hypothesis, bounded): every invertible type round-trips through its
inverse, a sequence equals the composition of its parts, and ``to_affine()`` agrees
with ``apply()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
import zarr
from hypothesis import given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.transforms import (
    Affine,
    Bijection,
    ByDimension,
    Coordinates,
    CoordinateSystemRef,
    DimensionError,
    DimensionMap,
    Displacements,
    Field,
    FloatArray,
    Identity,
    MapAxis,
    NoAffineError,
    NotInvertibleError,
    ParameterLoadError,
    ProjectAxis,
    Rotation,
    Scale,
    Sequence,
    Transform,
    TransformParseError,
    Translation,
    UnsupportedInterpolationError,
    ZarrLoader,
    compose,
    interpolate,
    parse_transform,
    parse_transforms,
    resolve_path,
)

close = np.testing.assert_allclose
T = TypeVar("T")


def _t(obj: dict[str, Any], **kw: Any) -> Transform:
    return parse_transform(obj, **kw)


# --------------------------------------------------------------------------- known answers
def test_identity() -> None:
    t = _t({"type": "identity", "input": {"name": "in"}, "output": {"name": "out"}})
    assert isinstance(t, Identity)
    close(t.apply([[1.0, 2.0, 3.0]]), [[1.0, 2.0, 3.0]])
    close(t.to_affine(3), np.eye(4))
    assert t.inverse().input == CoordinateSystemRef("out")
    with pytest.raises(DimensionError, match="ndim"):
        t.to_affine()


def test_map_axis_permutes_and_inverts() -> None:
    t = _t({"type": "mapAxis", "mapAxis": [2, 0, 1]})
    assert isinstance(t, MapAxis)
    close(t.apply([[10.0, 20.0, 30.0]]), [[30.0, 10.0, 20.0]])
    close(t.inverse().apply([[30.0, 10.0, 20.0]]), [[10.0, 20.0, 30.0]])
    close(t.to_affine() @ np.array([10.0, 20.0, 30.0, 1.0]), [30.0, 10.0, 20.0, 1.0])


def test_map_axis_rejects_non_permutation() -> None:
    # the dev4 "projection" example [1, 1, 0] is not a permutation (spec 0.6 §2.4, T-03)
    with pytest.raises(TransformParseError, match="permutation"):
        _t({"type": "mapAxis", "mapAxis": [1, 1, 0]})


def test_translation_and_scale() -> None:
    tr = _t({"type": "translation", "translation": [9, -1.42]})
    close(tr.apply([[1.0, 1.0]]), [[10.0, -0.42]])
    close(tr.inverse().apply([[10.0, -0.42]]), [[1.0, 1.0]])
    sc = _t({"type": "scale", "scale": [2, 3.12]})
    close(sc.apply([[1.0, 2.0]]), [[2.0, 6.24]])
    close(sc.to_affine(), [[2.0, 0.0, 0.0], [0.0, 3.12, 0.0], [0.0, 0.0, 1.0]])
    close(sc.apply([1.0, 2.0]), [2.0, 6.24])  # a single 1-D point stays 1-D


def test_scale_zero_is_not_invertible() -> None:
    t = _t({"type": "scale", "scale": [2.0, 0.0]})
    assert not t.invertible
    with pytest.raises(NotInvertibleError, match=r"scale transform is not invertible.*\[1\]"):
        t.inverse()


def test_affine_2d_to_2d() -> None:
    t = _t({"type": "affine", "affine": [[1, 2, 3], [4, 5, 6]]})
    close(t.apply([[1.0, 1.0], [0.0, 0.0]]), [[6.0, 15.0], [3.0, 6.0]])
    close(t.to_affine(), [[1, 2, 3], [4, 5, 6], [0, 0, 1]])
    close(t.inverse().apply(t.apply([[7.0, -2.0]])), [[7.0, -2.0]])


def test_affine_2d_to_3d_has_no_inverse() -> None:
    t = _t({"type": "affine", "affine": [[1, 0, 0], [2, 3, 4], [5, 6, 7]]})
    assert (t.input_ndim, t.output_ndim) == (2, 3)
    close(t.apply([[1.0, 1.0]]), [[1.0, 9.0, 18.0]])
    assert t.to_affine().shape == (4, 3)
    with pytest.raises(NotInvertibleError, match=r"affine.*maps 2 to 3"):
        t.inverse()


def test_singular_affine_is_not_invertible() -> None:
    t = _t({"type": "affine", "affine": [[1, 2, 0], [2, 4, 0]]})
    with pytest.raises(NotInvertibleError, match="singular"):
        t.inverse()


def test_rotation() -> None:
    t = _t({"type": "rotation", "rotation": [[0, -1], [1, 0]]})
    close(t.apply([[1.0, 0.0]]), [[0.0, 1.0]])
    close(t.inverse().apply([[0.0, 1.0]]), [[1.0, 0.0]])
    close(t.to_affine(), [[0, -1, 0], [1, 0, 0], [0, 0, 1]])


def test_sequence_example() -> None:
    t = _t(
        {
            "type": "sequence",
            "transformations": [
                {"type": "translation", "translation": [0.1, 0.9]},
                {"type": "scale", "scale": [2, 3]},
            ],
        }
    )
    close(t.apply([[1.0, 1.0]]), [[2.2, 5.7]])
    close(t.to_affine(), [[2.0, 0.0, 0.2], [0.0, 3.0, 2.7], [0.0, 0.0, 1.0]])
    inv = t.inverse()
    assert isinstance(inv, Sequence)
    assert [m.type for m in inv.transformations] == ["scale", "translation"]


def test_empty_sequence_is_rejected() -> None:
    with pytest.raises(TransformParseError, match="non-empty"):
        _t({"type": "sequence", "transformations": []})


def test_project_axis_up_and_down() -> None:
    up = _t({"type": "projectAxis", "createdOutputs": [0, 1]})
    close(up.apply([[3.0, 4.0]]), [[0.0, 0.0, 3.0, 4.0]])
    close(up.inverse().apply([[0.0, 0.0, 3.0, 4.0]]), [[3.0, 4.0]])
    close(up.to_affine(2) @ np.array([3.0, 4.0, 1.0]), [0.0, 0.0, 3.0, 4.0, 1.0])
    both = _t({"type": "projectAxis", "createdOutputs": [0], "droppedInputs": [0]})
    close(both.apply([[5.0, 3.0, 4.0]]), [[0.0, 3.0, 4.0]])
    with pytest.raises(NotInvertibleError, match=r"projectAxis.*\[0\] are dropped"):
        both.inverse()
    with pytest.raises(TransformParseError, match="droppedInputs or createdOutputs"):
        _t({"type": "projectAxis"})


def test_by_dimension_examples() -> None:
    one = _t(
        {
            "type": "byDimension",
            "transformations": [
                {
                    "transformation": {"type": "translation", "translation": [-1.0]},
                    "inputAxes": [1],
                    "outputAxes": [1],
                },
                {
                    "transformation": {"type": "scale", "scale": [2.0]},
                    "inputAxes": [0],
                    "outputAxes": [0],
                },
            ],
        }
    )
    close(one.apply([[1.0, 1.0]]), [[2.0, 0.0]])
    close(one.inverse().apply([[2.0, 0.0]]), [[1.0, 1.0]])
    two = _t(
        {
            "type": "byDimension",
            "transformations": [
                {
                    "transformation": {"type": "translation", "translation": [0.5, 1.5]},
                    "input_axes": [3, 2],  # the 0.6.dev4 spelling
                    "output_axes": [1, 2],
                },
                {
                    "transformation": {"type": "scale", "scale": [2]},
                    "input_axes": [1],
                    "output_axes": [0],
                },
            ],
        }
    )
    close(two.apply([[1.0, 2.0, 3.0, 4.0]]), [[4.0, 4.5, 4.5]])
    close(two.to_affine(4) @ np.array([1.0, 2.0, 3.0, 4.0, 1.0]), [4.0, 4.5, 4.5, 1.0])
    with pytest.raises(NotInvertibleError, match=r"byDimension.*input axes \[1, 2, 3\]"):
        two.inverse()


@pytest.mark.parametrize("outputs", [([2], [2]), ([1], [1])])
def test_by_dimension_must_cover_outputs_once(outputs: tuple[list[int], list[int]]) -> None:
    items = [
        {"transformation": {"type": "scale", "scale": [2.0]}, "inputAxes": [0], "outputAxes": o}
        for o in outputs
    ]
    with pytest.raises(TransformParseError, match="exactly once"):
        _t({"type": "byDimension", "transformations": items})


def test_bijection_uses_given_inverse_and_fills_io() -> None:
    fwd = {"type": "affine", "affine": [[2, 0, 1], [0, 4, 0]]}
    bwd = {"type": "affine", "affine": [[0.5, 0, -0.5], [0, 0.25, 0]]}
    t = _t(
        {
            "type": "bijection",
            "forward": fwd,
            "inverse": bwd,
            "input": {"name": "src"},
            "output": {"name": "tgt"},
        }
    )
    assert isinstance(t, Bijection)
    assert t.forward.input == CoordinateSystemRef("src")
    assert t.backward.input == CoordinateSystemRef("tgt")
    close(t.apply([[1.0, 1.0]]), [[3.0, 4.0]])
    close(t.inverse().apply([[3.0, 4.0]]), [[1.0, 1.0]])
    close(t.to_affine(), [[2, 0, 1], [0, 4, 0], [0, 0, 1]])


def test_scale_translation_lists_of_04_and_05() -> None:
    t = parse_transforms(
        [
            {"type": "scale", "scale": [1.0, 0.5, 0.5]},
            {"type": "translation", "translation": [0, 1, 2]},
        ]
    )
    assert isinstance(t, Sequence)
    close(t.apply([[2.0, 2.0, 2.0]]), [[2.0, 2.0, 3.0]])
    assert isinstance(parse_transforms([{"type": "scale", "scale": [1.0]}]), Scale)
    with pytest.raises(TransformParseError):
        parse_transforms([])


@pytest.mark.parametrize(
    ("obj", "where", "message"),
    [
        ({"type": "warp"}, "", "unknown transformation type"),
        ({"scale": [1]}, "", "'type' must be a string"),
        ({"type": "scale"}, "", "'path'"),
        ({"type": "scale", "scale": ["a"]}, "/scale", "numbers"),
        ({"type": "affine", "affine": [[1, 2, 3]], "path": "x"}, "", "both"),
        ({"type": "affine", "affine": [[1, 2, 3], [1]]}, "/affine", "differ"),
        ({"type": "rotation", "rotation": [[1, 0, 0], [0, 1, 0]]}, "", "square"),
        ({"type": "displacements"}, "", "'path'"),
        ({"type": "bijection", "forward": {"type": "identity"}}, "", "missing 'inverse'"),
        (
            {"type": "sequence", "transformations": [{"type": "scale", "scale": 1}]},
            "/transformations/0/scale",
            "numbers",
        ),
        ({"type": "identity", "input": 3}, "/input", "object"),
        (
            {"type": "byDimension", "transformations": [{"type": "scale"}]},
            "/transformations/0",
            "needs 'transformation'",
        ),
    ],
)
def test_parse_errors_are_typed_and_located(obj: Any, where: str, message: str) -> None:
    with pytest.raises(TransformParseError, match=message) as info:
        parse_transform(obj)
    assert info.value.where == where


def test_points_of_wrong_dimension() -> None:
    with pytest.raises(DimensionError, match="dimension 2, got 3"):
        _t({"type": "scale", "scale": [1, 2]}).apply([[1.0, 2.0, 3.0]])
    with pytest.raises(DimensionError, match="N x D"):
        _t({"type": "identity"}).apply(np.zeros((2, 2, 2)))


def test_then_and_compose_flatten() -> None:
    a, b, c = Scale([2.0]), Translation([1.0]), Scale([3.0])
    seq = a.then(b).then(c)
    assert [m.type for m in seq.transformations] == ["scale", "translation", "scale"]
    close(seq.apply([[1.0]]), [[9.0]])
    close(compose(a, compose(b, c)).apply([[1.0]]), [[9.0]])


# --------------------------------------------------------------------------- fields
def _linear_field(shape: tuple[int, int]) -> FloatArray:
    """Components (vector axis 0): D0 = 0.5 * i + 1, D1 = -0.25 * j (grid indices)."""
    i, j = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    return np.stack([0.5 * i + 1.0, -0.25 * j]).astype(np.float64)


def test_displacements_linear_is_exact_on_linear_fields() -> None:
    field = Field.from_array(_linear_field((5, 6)), 0, Scale([2.0, 2.0]))
    t = Displacements(field=field)
    pts = np.array([[1.0, 3.0], [4.5, 7.2], [0.0, 0.0]])
    grid = pts / 2.0
    expected = pts + np.stack([0.5 * grid[:, 0] + 1.0, -0.25 * grid[:, 1]], axis=1)
    close(t.apply(pts), expected)
    assert (t.input_ndim, t.output_ndim) == (2, 2)


def test_displacements_nearest_and_out_of_bounds() -> None:
    field = Field.from_array(_linear_field((3, 3)), 0)
    nearest = Displacements(field=field, interpolation="nearest")
    close(nearest.apply([[0.6, 1.4]]), [[0.6 + 1.5, 1.4 - 0.25]])
    clamped = Displacements(field=field)
    close(clamped.apply([[10.0, -4.0]]), [[10.0 + 2.0, -4.0]])  # border values (2, 0)
    nan = Displacements(field=field, out_of_bounds="nan")
    assert np.isnan(nan.apply([[10.0, 0.0]])).all()
    assert not np.isnan(nan.apply([[1.0, 1.0]])).any()


def test_coordinates_field() -> None:
    # output coordinates per grid point: (10 i, 100 + j, i + j): 2-D in, 3-D out
    i, j = np.meshgrid(np.arange(4), np.arange(4), indexing="ij")
    data = np.stack([10.0 * i, 100.0 + j, (i + j).astype(float)], axis=-1)
    t = Coordinates(field=Field.from_array(data, vector_axis=-1))
    close(t.apply([[1.5, 2.0]]), [[15.0, 102.0, 3.5]])
    assert t.output_ndim == 3


@pytest.mark.parametrize("cls", [Displacements, Coordinates])
def test_fields_have_no_inverse_or_matrix(cls: type[Displacements]) -> None:
    t = cls("some/field")
    assert not t.invertible
    with pytest.raises(NotInvertibleError, match=f"{cls.type} transform is not invertible"):
        t.inverse()
    with pytest.raises(NoAffineError, match=cls.type):
        t.to_affine()
    with pytest.raises(ParameterLoadError, match="no loader"):
        t.apply([[0.0, 0.0]])


def test_cubic_interpolation_is_a_typed_error() -> None:
    field = Field.from_array(_linear_field((3, 3)), 0)
    t = _t({"type": "displacements", "path": "f", "interpolation": "cubic"})
    assert isinstance(t, Displacements)
    t._field = field
    with pytest.raises(UnsupportedInterpolationError, match="'cubic'"):
        t.apply([[0.0, 0.0]])
    assert isinstance(field.data, np.ndarray)  # from an array: in memory (no Grid)
    with pytest.raises(UnsupportedInterpolationError):
        interpolate(field.data, np.zeros((1, 2)), "bspline-cubic")


# --------------------------------------------------------------------------- zarr storage
@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = zarr.open_group(str(tmp_path / "s.zarr"), mode="w")
    ct = root.create_group("coordinateTransformations")
    ct.create_array("affine", data=np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    ct.create_array("rotation", data=np.array([[0.0, -1.0], [1.0, 0.0]]))
    ct.create_array("scale", data=np.array([2.0, 4.0]))
    ct.create_array("translation", data=np.array([1.0, -1.0]))
    # 0.6rc0 field: a multiscale group, vector axis first, scale with N entries
    dfield = ct.create_group("dfield")
    dfield.create_array("s0", data=_linear_field((5, 6)))
    dfield.attrs["ome"] = {
        "version": "0.6rc0",
        "multiscales": [
            {
                "coordinateSystems": [
                    {
                        "name": "physical",
                        "axes": [
                            {"name": "c", "type": "displacement", "discrete": True},
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
                                "scale": [2.0, 2.0],
                                "input": {"path": "s0"},
                                "output": {"name": "physical"},
                            }
                        ],
                    }
                ],
            }
        ],
    }
    # 0.6.dev4 field: an array with its own metadata, vector axis last, N+1 scale entries
    coords = ct.create_array("coords", data=np.moveaxis(_linear_field((5, 6)), 0, -1).copy())
    coords.attrs["ome"] = {
        "coordinateSystems": [
            {
                "name": "f",
                "axes": [
                    {"name": "y", "type": "space"},
                    {"name": "x", "type": "space"},
                    {"name": "c", "type": "coordinate", "discrete": True},
                ],
            }
        ],
        "coordinateTransformations": [
            {
                "type": "sequence",
                "output": {"name": "f"},
                "transformations": [
                    {"type": "scale", "scale": [1.0, 1.0, 1.0]},
                    {"type": "translation", "translation": [10.0, 0.0, 0.0]},
                ],
            }
        ],
    }
    ct.create_array("raw", data=_linear_field((5, 6)))
    return tmp_path / "s.zarr"


def test_zarr_loader_matrices_and_vectors(store: Path) -> None:
    loader = ZarrLoader(store)
    aff = _t({"type": "affine", "path": "coordinateTransformations/affine"}, loader=loader)
    close(aff.apply([[1.0, 1.0]]), [[6.0, 15.0]])
    rot = _t({"type": "rotation", "path": "coordinateTransformations/rotation"}, loader=loader)
    close(rot.apply([[1.0, 0.0]]), [[0.0, 1.0]])
    close(rot.inverse().apply([[0.0, 1.0]]), [[1.0, 0.0]])
    # 0.4 allowed path-stored scale/translation
    sc = _t({"type": "scale", "path": "coordinateTransformations/scale"}, loader=loader)
    tr = _t({"type": "translation", "path": "coordinateTransformations/translation"}, loader=loader)
    close(compose(sc, tr).apply([[1.0, 1.0]]), [[3.0, 3.0]])
    assert sc.to_json() == {"type": "scale", "path": "coordinateTransformations/scale"}


def test_zarr_loader_opened_group_and_errors(store: Path) -> None:
    loader = ZarrLoader(zarr.open_group(str(store), mode="r"))
    close(loader("/coordinateTransformations/scale"), [2.0, 4.0])
    missing = _t({"type": "affine", "path": "nope"}, loader=loader)
    with pytest.raises(ParameterLoadError, match=r"'nope'.*no such"):
        missing.apply([[0.0, 0.0]])
    group = _t({"type": "affine", "path": "coordinateTransformations"}, loader=loader)
    with pytest.raises(ParameterLoadError, match="group, not an array"):
        group.apply([[0.0, 0.0]])
    wrong_rank = _t({"type": "affine", "path": "coordinateTransformations/scale"}, loader=loader)
    with pytest.raises(DimensionError, match="2-D"):
        wrong_rank.apply([[0.0, 0.0]])


def test_zarr_loader_rc0_displacement_field(store: Path) -> None:
    t = _t(
        {"type": "displacements", "path": "coordinateTransformations/dfield"},
        loader=ZarrLoader(store),
    )
    pts = np.array([[2.0, 4.0], [3.0, 5.0]])
    grid = pts / 2.0  # field spacing 2 (dataset scale without the vector axis)
    close(t.apply(pts), pts + np.stack([0.5 * grid[:, 0] + 1.0, -0.25 * grid[:, 1]], axis=1))


def test_zarr_loader_dev4_coordinate_field(store: Path) -> None:
    t = _t(
        {
            "type": "coordinates",
            "path": "coordinateTransformations/coords",
            "interpolation": "nearest",
        },
        loader=ZarrLoader(store),
    )
    # grid index = x - (10, 0): point (12, 3) is grid (2, 3)
    close(t.apply([[12.0, 3.0]]), [[0.5 * 2 + 1.0, -0.25 * 3]])


def test_plain_callable_loader_gets_default_field_layout(store: Path) -> None:
    arrays = ZarrLoader(store)

    def plain(path: str) -> FloatArray:
        return arrays(path)

    t = _t({"type": "displacements", "path": "coordinateTransformations/raw"}, loader=plain)
    close(t.apply([[2.0, 4.0]]), [[2.0 + 2.0, 4.0 - 1.0]])  # vector axis 0, unit grid


def test_resolve_path() -> None:
    assert resolve_path("scene/tile", "labels/a") == "scene/tile/labels/a"
    assert resolve_path("scene/tile", "/abs/x") == "abs/x"
    assert resolve_path("a/b", "../c") == "a/c"
    assert resolve_path("", ".") == ""


# --------------------------------------------------------------------------- properties
DIMS = st.integers(min_value=1, max_value=5)
SETTINGS = settings(max_examples=40, deadline=None)


def _vector(n: int, lo: float, hi: float) -> st.SearchStrategy[FloatArray]:
    return st.lists(st.floats(lo, hi, allow_nan=False), min_size=n, max_size=n).map(
        lambda v: np.asarray(v, dtype=np.float64)
    )


def _factors(n: int) -> st.SearchStrategy[FloatArray]:
    mags = _vector(n, 0.25, 4.0)
    signs = st.lists(st.sampled_from([-1.0, 1.0]), min_size=n, max_size=n)
    return st.tuples(mags, signs).map(lambda ms: ms[0] * np.asarray(ms[1]))


def _rotation_matrix(n: int) -> st.SearchStrategy[FloatArray]:
    def build(noise: FloatArray) -> FloatArray:
        q, _ = np.linalg.qr(3.0 * np.eye(n) + noise.reshape(n, n))
        if np.linalg.det(q) < 0:
            q[:, 0] = -q[:, 0]
        return np.asarray(q, dtype=np.float64)

    return _vector(n * n, -1.0, 1.0).map(build)


def _affine(n: int) -> st.SearchStrategy[Transform]:
    def build(args: tuple[FloatArray, FloatArray, FloatArray]) -> Transform:
        rot, fac, off = args
        return Affine(np.column_stack([rot @ np.diag(fac), off]))

    return st.tuples(_rotation_matrix(n), _factors(n), _vector(n, -100.0, 100.0)).map(build)


def _by_dimension(n: int) -> st.SearchStrategy[Transform]:
    def build(args: tuple[list[int], FloatArray, FloatArray]) -> Transform:
        perm, fac, off = args
        items = [
            DimensionMap(Sequence([Scale([fac[k]]), Translation([off[k]])]), (k,), (perm[k],))
            for k in range(n)
        ]
        return ByDimension(items, input_ndim=n)

    return st.tuples(st.permutations(list(range(n))), _factors(n), _vector(n, -100.0, 100.0)).map(
        build
    )


# Invertible transforms of input and output dimension n, one strategy per type, so
# every type gets its own examples in each property.
LEAVES: dict[str, Callable[[int], st.SearchStrategy[Transform]]] = {
    "identity": lambda n: st.just(Identity()),
    "mapAxis": lambda n: st.permutations(list(range(n))).map(MapAxis),
    "translation": lambda n: _vector(n, -100.0, 100.0).map(Translation),
    "scale": lambda n: _factors(n).map(Scale),
    "rotation": lambda n: _rotation_matrix(n).map(Rotation),
    "affine": _affine,
    "byDimension": _by_dimension,
}


def _leaf(n: int) -> st.SearchStrategy[Transform]:
    return st.one_of([make(n) for make in LEAVES.values()])


KINDS: dict[str, Callable[[int], st.SearchStrategy[Transform]]] = {
    **LEAVES,
    "sequence": lambda n: st.lists(_leaf(n), min_size=1, max_size=3).map(Sequence),
    "bijection": lambda n: _leaf(n).map(lambda t: Bijection(t, t.inverse())),
}


def _invertible(n: int) -> st.SearchStrategy[Transform]:
    return st.one_of([make(n) for make in KINDS.values()])


def _points(n: int) -> st.SearchStrategy[FloatArray]:
    return st.integers(1, 5).flatmap(
        lambda rows: _vector(rows * n, -1000.0, 1000.0).map(lambda v: v.reshape(rows, n))
    )


@st.composite
def _case(
    draw: st.DrawFn, make: Callable[[int], st.SearchStrategy[T]]
) -> tuple[T, FloatArray, int]:
    n = draw(DIMS)
    return draw(make(n)), draw(_points(n)), n


@pytest.mark.parametrize("kind", sorted(KINDS))
@SETTINGS
@given(data=st.data())
def test_inverse_undoes_apply(kind: str, data: st.DataObject) -> None:
    t, x, _ = data.draw(_case(KINDS[kind]))
    assert t.type == kind
    assert t.invertible
    close(t.inverse().apply(t.apply(x)), x, rtol=1e-7, atol=1e-6)


@SETTINGS
@given(_case(lambda n: st.lists(_invertible(n), min_size=1, max_size=4)))
def test_sequence_equals_composition(case: tuple[list[Transform], FloatArray, int]) -> None:
    parts, x, n = case
    seq = Sequence(parts)
    expected = x
    for part in parts:
        expected = part.apply(expected)
    close(seq.apply(x), expected, rtol=1e-9, atol=1e-9)
    folded = parts[0]
    for part in parts[1:]:
        folded = folded.then(part)
    close(folded.apply(x), expected, rtol=1e-9, atol=1e-9)
    product = np.eye(n + 1)
    for part in parts:
        product = part.to_affine(n) @ product
    close(seq.to_affine(n), product, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("kind", sorted(KINDS))
@SETTINGS
@given(data=st.data())
def test_to_affine_agrees_with_apply(kind: str, data: st.DataObject) -> None:
    t, x, n = data.draw(_case(KINDS[kind]))
    matrix = t.to_affine(n)
    homog = np.column_stack([x, np.ones(len(x))])
    mapped = homog @ matrix.T
    close(mapped[:, -1], 1.0)
    close(mapped[:, :-1], t.apply(x), rtol=1e-9, atol=1e-6)


@SETTINGS
@given(
    DIMS.flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.integers(0, n + 2), min_size=1, max_size=3, unique=True),
            _points(n),
        )
    )
)
def test_project_axis_created_outputs_round_trip(args: tuple[int, list[int], FloatArray]) -> None:
    n, created, x = args
    m = n + len(created)
    if max(created) >= m:
        with pytest.raises(DimensionError):
            ProjectAxis(created_outputs=created).apply(x)
        return
    t = ProjectAxis(created_outputs=created)
    y = t.apply(x)
    assert y.shape == (len(x), m)
    close(y[:, sorted(created)], 0.0)
    close(t.inverse().apply(y), x)
    close(
        np.column_stack([x, np.ones(len(x))]) @ t.to_affine(n).T,
        np.column_stack([y, np.ones(len(x))]),
    )


@SETTINGS
@given(
    st.integers(2, 6).flatmap(
        lambda size: st.tuples(
            st.just(size),
            _vector(2, -3.0, 3.0),
            _vector(2, -10.0, 10.0),
            st.lists(
                st.tuples(st.floats(0, size - 1), st.floats(0, size - 1)), min_size=1, max_size=5
            ),
        )
    )
)
def test_linear_interpolation_reproduces_affine_fields(
    args: tuple[int, FloatArray, FloatArray, list[tuple[float, float]]],
) -> None:
    size, slope, offset, where = args
    i, j = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
    data = (slope[0] * i + slope[1] * j)[..., np.newaxis] + offset
    pos = np.asarray(where, dtype=np.float64)
    got = interpolate(data.astype(np.float64), pos, "linear")
    close(got, (pos @ slope)[:, np.newaxis] + offset, atol=1e-9)


@pytest.mark.parametrize("kind", sorted(KINDS))
@SETTINGS
@given(data=st.data())
def test_to_json_reads_back_to_the_same_mapping(kind: str, data: st.DataObject) -> None:
    t, x, _ = data.draw(_case(KINDS[kind]))
    again = parse_transform(t.to_json())
    assert again.type == t.type
    close(again.apply(x), t.apply(x), rtol=1e-12, atol=1e-9)
