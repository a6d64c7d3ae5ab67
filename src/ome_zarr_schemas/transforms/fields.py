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
    "OutOfBounds",
    "RelativeLoader",
    "interpolate",
    "load_field",
]

SUPPORTED_INTERPOLATION = ("nearest", "linear")
OutOfBounds = Literal["clamp", "nan"]


@dataclass(frozen=True)
class Field:
    """A sampled vector field: ``data[..., k]`` is component k on the grid."""

    data: FloatArray
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


def interpolate(
    data: FloatArray,
    positions: FloatArray,
    method: str = "linear",
    out_of_bounds: OutOfBounds = "clamp",
) -> FloatArray:
    """Sample ``data`` (grid x components) at real grid ``positions`` (n x grid_ndim)."""
    shape = np.asarray(data.shape[:-1])
    upper = (shape - 1).astype(np.float64)
    outside = np.any((positions < 0) | (positions > upper), axis=1)
    pos = np.clip(positions, 0.0, upper)
    if method == "nearest":
        idx = np.floor(pos + 0.5).astype(np.intp)
        idx = np.minimum(idx, shape - 1)
        result: FloatArray = data[tuple(idx.T)].astype(np.float64)
    elif method == "linear":
        base = np.floor(pos).astype(np.intp)
        base = np.clip(base, 0, np.maximum(shape - 2, 0))
        frac = pos - base
        result = np.zeros((positions.shape[0], data.shape[-1]))
        for bits in itertools.product((0, 1), repeat=len(shape)):
            corner = np.minimum(base + np.asarray(bits), shape - 1)
            weight = np.prod(np.where(np.asarray(bits) == 1, frac, 1.0 - frac), axis=1)
            result += weight[:, np.newaxis] * data[tuple(corner.T)]
    else:
        raise UnsupportedInterpolationError("field", method)
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
        return interpolate(f.data, grid, self.interpolation, self.out_of_bounds)

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
