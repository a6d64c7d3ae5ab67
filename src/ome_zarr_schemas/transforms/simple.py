"""The linear transformation types: identity, mapAxis, projectAxis, translation, scale,
affine and rotation. All have a homogeneous matrix; most have an inverse.
"""

from __future__ import annotations

from collections.abc import Sequence as SequenceABC
from typing import Any

import numpy as np
import numpy.typing as npt

from .base import CoordinateSystemRef, FloatArray, Transform, homogeneous
from .errors import DimensionError, NotInvertibleError, ParameterLoadError
from .loader import ArrayLoader


class StoredArray:
    """A parameter array written in JSON or stored in zarr at ``path`` (loaded once)."""

    def __init__(
        self,
        transform_type: str,
        *,
        value: npt.ArrayLike | None = None,
        path: str | None = None,
        loader: ArrayLoader | None = None,
        ndim: int,
    ) -> None:
        self.transform_type = transform_type
        self.path = path
        self.loader = loader
        self.ndim = ndim
        self._value: FloatArray | None = None
        if value is not None:
            self._value = self._checked(np.asarray(value, dtype=np.float64), "given")

    @property
    def loaded(self) -> bool:
        return self._value is not None

    def get(self) -> FloatArray:
        if self._value is None:
            if self.path is None:  # pragma: no cover - constructors prevent it
                raise ParameterLoadError(self.transform_type, "", "no value and no path")
            if self.loader is None:
                raise ParameterLoadError(
                    self.transform_type, self.path, "no loader was given for zarr parameters"
                )
            try:
                raw = self.loader(self.path)
            except ParameterLoadError:
                raise
            except Exception as exc:  # any store failure becomes one typed error
                raise ParameterLoadError(self.transform_type, self.path, str(exc)) from exc
            self._value = self._checked(np.asarray(raw, dtype=np.float64), self.path)
        return self._value

    def _checked(self, arr: FloatArray, source: str) -> FloatArray:
        if arr.ndim != self.ndim:
            raise DimensionError(
                self.transform_type,
                f"parameters ({source}) must be {self.ndim}-D, got shape {arr.shape}",
            )
        return arr

    def json(self, key: str) -> dict[str, Any]:
        if self.path is not None:
            return {"path": self.path}
        return {key: self.get().tolist()}


class Identity(Transform):
    """Output axis i = input axis i; any dimension."""

    type = "identity"

    def _apply(self, points: FloatArray) -> FloatArray:
        return points.copy()

    @property
    def invertible(self) -> bool:
        return True

    def inverse(self) -> Identity:
        return Identity(input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        return np.eye(self._require_ndim(ndim) + 1)


class MapAxis(Transform):
    """Axis permutation: output axis i takes input axis ``map_axis[i]``."""

    type = "mapAxis"

    def __init__(self, map_axis: SequenceABC[int], **io: Any) -> None:
        super().__init__(**io)
        self.map_axis = tuple(int(i) for i in map_axis)
        n = len(self.map_axis)
        if sorted(self.map_axis) != list(range(n)):
            raise DimensionError(
                self.type, f"mapAxis {list(self.map_axis)} is not a permutation of 0..{n - 1}"
            )

    @property
    def input_ndim(self) -> int:
        return len(self.map_axis)

    @property
    def output_ndim(self) -> int:
        return len(self.map_axis)

    def _apply(self, points: FloatArray) -> FloatArray:
        return points[:, list(self.map_axis)].copy()

    @property
    def invertible(self) -> bool:
        return True

    def inverse(self) -> MapAxis:
        inv = [0] * len(self.map_axis)
        for out_axis, in_axis in enumerate(self.map_axis):
            inv[in_axis] = out_axis
        return MapAxis(inv, input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        n = self._require_ndim(ndim)
        linear = np.zeros((n, n))
        linear[np.arange(n), list(self.map_axis)] = 1.0
        return homogeneous(linear, np.zeros(n))

    def _describe(self) -> str:
        return str(list(self.map_axis))

    def to_json(self) -> dict[str, Any]:
        return {**self._io_json(), "mapAxis": list(self.map_axis)}


class ProjectAxis(Transform):
    """Drop input axes and create zero-valued output axes (0.6rc0).

    Decision (spec 0.6 §2.4, dimensions only implied): the input axes that are kept
    fill, in order, the output positions not listed in ``createdOutputs``, so
    M = N - len(droppedInputs) + len(createdOutputs). Invertible exactly when nothing
    is dropped; the inverse drops the created axes (a left inverse on the image).
    """

    type = "projectAxis"

    def __init__(
        self,
        dropped_inputs: SequenceABC[int] = (),
        created_outputs: SequenceABC[int] = (),
        **io: Any,
    ) -> None:
        super().__init__(**io)
        self.dropped_inputs = tuple(sorted(int(i) for i in dropped_inputs))
        self.created_outputs = tuple(sorted(int(i) for i in created_outputs))
        for label, values in (
            ("droppedInputs", self.dropped_inputs),
            ("createdOutputs", self.created_outputs),
        ):
            if len(set(values)) != len(values) or any(v < 0 for v in values):
                raise DimensionError(self.type, f"{label} must be distinct non-negative indices")

    def output_ndim_for(self, input_ndim: int) -> int:
        return input_ndim - len(self.dropped_inputs) + len(self.created_outputs)

    def _layout(self, n: int) -> tuple[list[int], list[int], int]:
        if self.dropped_inputs and self.dropped_inputs[-1] >= n:
            raise DimensionError(
                self.type, f"droppedInputs {list(self.dropped_inputs)} out of range for {n} axes"
            )
        m = self.output_ndim_for(n)
        if self.created_outputs and self.created_outputs[-1] >= m:
            raise DimensionError(
                self.type,
                f"createdOutputs {list(self.created_outputs)} out of range for {m} output axes",
            )
        kept = [i for i in range(n) if i not in self.dropped_inputs]
        slots = [j for j in range(m) if j not in self.created_outputs]
        return kept, slots, m

    def _apply(self, points: FloatArray) -> FloatArray:
        kept, slots, m = self._layout(points.shape[1])
        out = np.zeros((points.shape[0], m))
        out[:, slots] = points[:, kept]
        return out

    @property
    def invertible(self) -> bool:
        return not self.dropped_inputs

    def _why_not_invertible(self) -> str:
        return f"input axes {list(self.dropped_inputs)} are dropped"

    def inverse(self) -> ProjectAxis:
        if self.dropped_inputs:
            raise NotInvertibleError(self.type, self._why_not_invertible())
        return ProjectAxis(
            dropped_inputs=self.created_outputs, input=self.output, output=self.input
        )

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        n = self._require_ndim(ndim)
        kept, slots, m = self._layout(n)
        linear = np.zeros((m, n))
        linear[slots, kept] = 1.0
        return homogeneous(linear, np.zeros(m))

    def _describe(self) -> str:
        return f"dropped={list(self.dropped_inputs)} created={list(self.created_outputs)}"

    def to_json(self) -> dict[str, Any]:
        out = self._io_json()
        if self.dropped_inputs:
            out["droppedInputs"] = list(self.dropped_inputs)
        if self.created_outputs:
            out["createdOutputs"] = list(self.created_outputs)
        return out


class _Stored(Transform):
    """A transform whose numbers (a vector or a matrix) are in JSON or at a zarr ``path``.

    Subclasses keep their own constructor for its public keyword (``values``, ``matrix``)
    and hand it here; the JSON key of the numbers is the transform type.
    """

    params_ndim: int  # 1: one number per axis; 2: a matrix

    def __init__(
        self, value: npt.ArrayLike | None, path: str | None, loader: ArrayLoader | None, io: Any
    ) -> None:
        super().__init__(**io)
        self.params = StoredArray(
            self.type, value=value, path=path, loader=loader, ndim=self.params_ndim
        )
        if self.params.loaded:
            self._check_params()

    def _check_params(self) -> None:
        """Reject given numbers of a shape the type forbids (beyond their dimensionality)."""

    @property
    def _sized(self) -> bool:
        """Whether the numbers, hence the dimensions, are known or can be loaded."""
        return bool(self.params.loaded or self.params.loader)

    def _require_invertible(self) -> None:
        self.params.get()  # stored numbers are judged once loaded
        if not self.invertible:
            raise NotInvertibleError(self.type, self._why_not_invertible())

    def _describe(self) -> str:
        return str(self.params.get().tolist()) if self.params.loaded else f"path={self.params.path}"

    def to_json(self) -> dict[str, Any]:
        return {**self._io_json(), **self.params.json(self.type)}


class _Vector(_Stored):
    """translation and scale: one number per axis, in JSON or (0.4/0.5) at ``path``."""

    params_ndim = 1

    def __init__(
        self,
        values: npt.ArrayLike | None = None,
        *,
        path: str | None = None,
        loader: ArrayLoader | None = None,
        **io: Any,
    ) -> None:
        super().__init__(values, path, loader, io)

    @property
    def values(self) -> FloatArray:
        return self.params.get()

    @property
    def input_ndim(self) -> int | None:
        return len(self.values) if self._sized else None

    @property
    def output_ndim(self) -> int | None:
        return self.input_ndim


class _Matrix(_Stored):
    """affine and rotation: a matrix of rows, in JSON or as a 2-D zarr array at ``path``."""

    params_ndim = 2

    def __init__(
        self,
        matrix: npt.ArrayLike | None = None,
        *,
        path: str | None = None,
        loader: ArrayLoader | None = None,
        **io: Any,
    ) -> None:
        super().__init__(matrix, path, loader, io)


class Translation(_Vector):
    """x + t."""

    type = "translation"

    def _apply(self, points: FloatArray) -> FloatArray:
        return points + self.values

    @property
    def invertible(self) -> bool:
        return True

    def inverse(self) -> Translation:
        return Translation(-self.values, input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        n = self._require_ndim(ndim)
        return homogeneous(np.eye(n), self.values)


class Scale(_Vector):
    """x * s, per axis. Invertible when no factor is 0 (spec: factors SHOULD be non-zero)."""

    type = "scale"

    def _apply(self, points: FloatArray) -> FloatArray:
        return points * self.values

    @property
    def invertible(self) -> bool:
        return not self.params.loaded or bool(np.all(self.values != 0))

    def _why_not_invertible(self) -> str:
        zeros = np.flatnonzero(self.values == 0).tolist()
        return f"scale factor is 0 on axes {zeros}"

    def inverse(self) -> Scale:
        self._require_invertible()
        return Scale(1.0 / self.values, input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        n = self._require_ndim(ndim)
        return homogeneous(np.diag(self.values), np.zeros(n))


class Affine(_Matrix):
    """``y = A x + b`` from an M x (N+1) matrix (rows; offset in the last column).

    Spec 0.6 §2.4: JSON is an array of M rows of N+1 numbers; at ``path`` a 2-D zarr
    array of shape [M, N+1] (dim 0 = rows). Invertible only when square and regular.
    """

    type = "affine"

    @classmethod
    def from_homogeneous(cls, matrix: npt.ArrayLike, **io: Any) -> Affine:
        arr = np.asarray(matrix, dtype=np.float64)
        return cls(arr[:-1, :], **io)

    @property
    def matrix(self) -> FloatArray:
        """The M x (N+1) matrix as written."""
        return self.params.get()

    @property
    def input_ndim(self) -> int | None:
        return int(self.matrix.shape[1]) - 1 if self._sized else None

    @property
    def output_ndim(self) -> int | None:
        return int(self.matrix.shape[0]) if self._sized else None

    def _apply(self, points: FloatArray) -> FloatArray:
        m = self.matrix
        result: FloatArray = points @ m[:, :-1].T + m[:, -1]
        return result

    @property
    def invertible(self) -> bool:
        if not self.params.loaded:
            return True  # decided on load, by inverse()
        m = self.matrix
        n = m.shape[0]
        return n + 1 == m.shape[1] and bool(np.linalg.matrix_rank(m[:, :-1]) == n)

    def _why_not_invertible(self) -> str:
        m = self.matrix
        if m.shape[0] + 1 != m.shape[1]:
            return f"it maps {m.shape[1] - 1} to {m.shape[0]} dimensions"
        return "its linear part is singular"

    def inverse(self) -> Affine:
        self._require_invertible()
        inv = np.linalg.inv(self.to_affine())
        return Affine.from_homogeneous(inv, input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        m = self.matrix
        self._require_ndim(ndim)
        return homogeneous(m[:, :-1], m[:, -1])


class Rotation(_Matrix):
    """``y = R x`` with R an N x N rotation (JSON rows or a [N, N] zarr array).

    The orthonormality/determinant rule is the validator's job; here the inverse is
    the matrix inverse (R^T for a true rotation), so a slightly off matrix still
    round-trips.
    """

    type = "rotation"

    def _check_params(self) -> None:
        shape = self.params.get().shape
        if shape[0] != shape[1]:
            raise DimensionError(self.type, f"matrix must be square, got shape {shape}")

    @property
    def matrix(self) -> FloatArray:
        self._check_params()
        return self.params.get()

    @property
    def input_ndim(self) -> int | None:
        return int(self.matrix.shape[0]) if self._sized else None

    @property
    def output_ndim(self) -> int | None:
        return self.input_ndim

    def _apply(self, points: FloatArray) -> FloatArray:
        result: FloatArray = points @ self.matrix.T
        return result

    @property
    def invertible(self) -> bool:
        if not self.params.loaded:
            return True
        return bool(np.linalg.matrix_rank(self.matrix) == self.matrix.shape[0])

    def _why_not_invertible(self) -> str:
        return "its matrix is singular"

    def inverse(self) -> Rotation:
        self._require_invertible()
        return Rotation(np.linalg.inv(self.matrix), input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        r = self.matrix
        self._require_ndim(ndim)
        return homogeneous(r, np.zeros(r.shape[0]))


__all__ = [
    "Affine",
    "CoordinateSystemRef",
    "Identity",
    "MapAxis",
    "ProjectAxis",
    "Rotation",
    "Scale",
    "StoredArray",
    "Translation",
]
