"""Sampled field transforms: displacements and coordinates (spec 0.6 §2.4, §4 H-52).

Field layout we assume (decisions, spec 0.6 §2.4 and our digest §7.10):

* The field is an (N+1)-D array: N grid axes plus one vector axis. With metadata, the
  vector axis is the axis whose ``type`` is ``displacement``/``coordinate`` in the
  field's coordinate system (0.6rc0: a multiscale group, level 0 is used; 0.6.dev4:
  the array's own attributes). Without metadata (a bare array from a plain loader)
  the vector axis is axis 0, as in the rc0 example (``c, y, x``: after time, before
  space).
* Component k of the vector belongs to output axis k.
* Grid axes, in order, are the field's remaining axes, and they are the transform's
  input axes in order. The field's dataset transform (scale, translation, identity
  or their sequence) maps grid indices to the input coordinate system; its entry for
  the vector axis is dropped when it has one (the rc0 example gives only N entries).
  A point x is looked up at grid position ``index_to_input.inverse()(x)``.
* Outside the grid, positions are clamped to the border (border extension) unless
  ``out_of_bounds="nan"``.

``displacements``: y = x + D(x) (N = M). ``coordinates``: y = C(x) (M = vector
length). Neither has a closed-form inverse; a bijection supplies one (spec 0.6 §2.4).

A transform gets its field from its loader: `FieldLoader.field` when the loader reads
the field's metadata (`zarr_loader.ZarrLoader`), else the default layout above;
`RelativeLoader` resolves the metadata's paths for both arrays and fields.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from .base import FloatArray, Transform
from .errors import (
    DimensionError,
    NoAffineError,
    NotInvertibleError,
    ParameterLoadError,
    UnsupportedInterpolationError,
)
from .loader import ArrayLoader, resolve_path
from .simple import Identity

__all__ = [
    "SUPPORTED_INTERPOLATION",
    "Coordinates",
    "Displacements",
    "Field",
    "FieldLoader",
    "Grid",
    "OutOfBounds",
    "RelativeLoader",
    "interpolate",
    "load_field",
    "window",
]

SUPPORTED_INTERPOLATION = ("nearest", "linear")
OutOfBounds = Literal["clamp", "nan"]


@runtime_checkable
class Grid(Protocol):
    """A field's values read on demand (`zarr_loader.ZarrGrid`): grid axes, then the
    components; indexing it with one slice per grid axis reads that block only."""

    @property
    def shape(self) -> tuple[int, ...]: ...

    @property
    def ndim(self) -> int: ...

    def __getitem__(self, key: tuple[slice, ...]) -> FloatArray: ...


@dataclass(frozen=True)
class Field:
    """A sampled vector field: ``data[..., k]`` is component k on the grid. ``data`` is
    an array in memory, or a `Grid` read block by block: a point then reads only the
    grid cells around it (the chunks holding them)."""

    data: FloatArray | Grid
    index_to_input: Transform = field(default_factory=Identity)

    @classmethod
    def from_array(
        cls,
        array: npt.ArrayLike,
        vector_axis: int = 0,
        index_to_input: Transform | None = None,
    ) -> Field:
        arr = np.asarray(array, dtype=np.float64)
        if arr.ndim < 2:
            raise DimensionError("field", f"a field needs >= 2 dimensions, got {arr.ndim}")
        data = np.moveaxis(arr, vector_axis, -1)
        return cls(data, index_to_input if index_to_input is not None else Identity())

    @property
    def grid_ndim(self) -> int:
        return self.data.ndim - 1

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(int(n) for n in self.data.shape[:-1])

    @property
    def components(self) -> int:
        return int(self.data.shape[-1])


@runtime_checkable
class FieldLoader(Protocol):
    """A loader that can also read a displacement/coordinate field with its metadata."""

    def __call__(self, path: str) -> FloatArray: ...

    def field(self, path: str) -> Field: ...


def load_field(loader: ArrayLoader, path: str) -> Field:
    """The field at ``path``: via ``loader.field`` when offered, else the default layout."""
    if isinstance(loader, FieldLoader):
        return loader.field(path)
    return Field.from_array(loader(path))


class RelativeLoader:
    """A loader seen from node ``base``: resolves metadata paths before loading."""

    def __init__(self, loader: ArrayLoader, base: str) -> None:
        self.loader = loader
        self.base = base

    def __call__(self, path: str) -> FloatArray:
        return self.loader(resolve_path(self.base, path))

    def field(self, path: str) -> Field:
        return load_field(self.loader, resolve_path(self.base, path))


IntArray = npt.NDArray[np.intp]


def _corners(
    shape: IntArray, positions: FloatArray, method: str
) -> list[tuple[IntArray, FloatArray]]:
    """(grid indices, weight) of every grid point sampling ``positions`` reads, each
    position clamped to the grid first (border extension)."""
    pos = np.clip(positions, 0.0, (shape - 1).astype(np.float64))
    if method == "nearest":
        idx = np.minimum(np.floor(pos + 0.5).astype(np.intp), shape - 1)
        return [(idx, np.ones(len(pos)))]
    if method != "linear":
        raise UnsupportedInterpolationError("field", method)
    base = np.clip(np.floor(pos).astype(np.intp), 0, np.maximum(shape - 2, 0))
    frac = pos - base
    found = []
    for bits in itertools.product((0, 1), repeat=len(shape)):
        step = np.asarray(bits)
        corner = np.minimum(base + step, shape - 1)
        found.append((corner, np.prod(np.where(step == 1, frac, 1.0 - frac), axis=1)))
    return found


def window(
    shape: tuple[int, ...], positions: FloatArray, method: str = "linear"
) -> tuple[IntArray, IntArray]:
    """(first, past-the-last) grid index per axis of the block that sampling
    ``positions`` on a grid of ``shape`` reads: the only part of a field it needs."""
    grid = np.asarray(shape, dtype=np.intp)
    if len(positions) == 0:
        return np.zeros(len(grid), np.intp), np.zeros(len(grid), np.intp)
    corners = [c for c, _ in _corners(grid, positions, method)]
    low = np.min([c.min(axis=0) for c in corners], axis=0)
    high = np.max([c.max(axis=0) for c in corners], axis=0) + 1
    return low, high


def interpolate(
    data: FloatArray,
    positions: FloatArray,
    method: str = "linear",
    out_of_bounds: OutOfBounds = "clamp",
    *,
    origin: npt.ArrayLike | None = None,
    grid_shape: tuple[int, ...] | None = None,
) -> FloatArray:
    """Sample ``data`` (grid x components) at real grid ``positions`` (n x grid_ndim).

    ``data`` may be a block of a larger grid (`window` says which one a sampling needs):
    ``origin`` is its first grid index and ``grid_shape`` the whole grid's, whose border
    positions are clamped to and whose outside ``out_of_bounds`` is about.
    """
    shape = np.asarray(data.shape[:-1] if grid_shape is None else grid_shape, dtype=np.intp)
    start = np.zeros(len(shape), np.intp) if origin is None else np.asarray(origin, np.intp)
    outside = np.any((positions < 0) | (positions > (shape - 1)), axis=1)
    result = np.zeros((positions.shape[0], data.shape[-1]))
    for corner, weight in _corners(shape, positions, method):
        result += weight[:, np.newaxis] * data[tuple((corner - start).T)]
    if out_of_bounds == "nan":
        result[outside] = np.nan
    return result


class _FieldTransform(Transform):
    def __init__(
        self,
        path: str | None = None,
        *,
        interpolation: str = "linear",
        loader: ArrayLoader | None = None,
        field: Field | None = None,
        out_of_bounds: OutOfBounds = "clamp",
        **io: Any,
    ) -> None:
        super().__init__(**io)
        if path is None and field is None:
            raise DimensionError(self.type, "needs a path or a field")
        self.path = path
        self.interpolation = interpolation
        self.loader = loader
        self.out_of_bounds: OutOfBounds = out_of_bounds
        self._field = field
        self._to_grid: Transform | None = None

    @property
    def field(self) -> Field:
        if self._field is None:
            assert self.path is not None
            if self.loader is None:
                raise ParameterLoadError(
                    self.type, self.path, "no loader was given for zarr parameters"
                )
            try:
                self._field = load_field(self.loader, self.path)
            except ParameterLoadError:
                raise
            except Exception as exc:  # any store failure becomes one typed error
                raise ParameterLoadError(self.type, self.path, str(exc)) from exc
        return self._field

    @property
    def _known_field(self) -> Field | None:
        """The field if it is loaded or can be: dimensions are unknown without either."""
        return None if self._field is None and self.loader is None else self.field

    @property
    def input_ndim(self) -> int | None:
        field = self._known_field
        return None if field is None else field.grid_ndim

    def _sample(self, points: FloatArray) -> FloatArray:
        if self.interpolation not in SUPPORTED_INTERPOLATION:
            raise UnsupportedInterpolationError(self.type, self.interpolation)
        f = self.field
        if self._to_grid is None:
            self._to_grid = f.index_to_input.inverse()
        grid = self._to_grid.apply(points)
        if isinstance(f.data, np.ndarray):
            return interpolate(f.data, grid, self.interpolation, self.out_of_bounds)
        low, high = window(f.grid_shape, grid, self.interpolation)
        block = f.data[tuple(slice(int(a), int(b)) for a, b in zip(low, high, strict=True))]
        return interpolate(
            block,
            grid,
            self.interpolation,
            self.out_of_bounds,
            origin=low,
            grid_shape=f.grid_shape,
        )

    def _why_not_invertible(self) -> str:
        return "a sampled field has no closed-form inverse; give one with a bijection"

    def inverse(self) -> Transform:
        raise NotInvertibleError(self.type, self._why_not_invertible())

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        raise NoAffineError(self.type, "it is a sampled, non-linear field")

    def _describe(self) -> str:
        return f"path={self.path} interpolation={self.interpolation}"

    def to_json(self) -> dict[str, Any]:
        out = self._io_json()
        if self.path is not None:
            out["path"] = self.path
        out["interpolation"] = self.interpolation
        return out


class Displacements(_FieldTransform):
    """y = x + D(x); D sampled on a grid over the input space."""

    type = "displacements"

    @property
    def output_ndim(self) -> int | None:
        return self.input_ndim

    def _apply(self, points: FloatArray) -> FloatArray:
        shift = self._sample(points)
        if shift.shape[1] != points.shape[1]:
            raise DimensionError(
                self.type,
                f"field has {shift.shape[1]} components for {points.shape[1]}-D points",
            )
        result: FloatArray = points + shift
        return result


class Coordinates(_FieldTransform):
    """y = C(x); C (output coordinates) sampled on a grid over the input space."""

    type = "coordinates"

    @property
    def output_ndim(self) -> int | None:
        field = self._known_field
        return None if field is None else field.components

    def _apply(self, points: FloatArray) -> FloatArray:
        return self._sample(points)
