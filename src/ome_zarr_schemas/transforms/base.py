"""The `Transform` base class, its `Sequence`, coordinate-system references and points.

`Sequence` (and `compose`) live here, beside `Transform`, because `Transform.then`
builds one: the other composite types (bijection, byDimension) are in `composite`.

Points are rows: an ``N x D`` float array holds N points of dimension D, the first
axis of the coordinate system in column 0 (spec 0.6 §"coordinateTransformations":
parameter index i belongs to axis i). A single point may be given as a 1-D array and
comes back 1-D.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from .errors import DimensionError, NoAffineError, NotInvertibleError, TransformParseError

__all__ = [
    "CoordinateSystemRef",
    "FloatArray",
    "Sequence",
    "Transform",
    "as_points",
    "compose",
    "homogeneous",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CoordinateSystemRef:
    """The ``input``/``output`` object of a transformation: ``{"name", "path"}``.

    ``path`` is relative to the node holding the metadata; None means "this node".
    For dataset transforms ``input`` has only a ``path`` (the level array).
    """

    name: str | None = None
    path: str | None = None

    @classmethod
    def parse(cls, raw: Any, where: str = "") -> CoordinateSystemRef | None:
        if raw is None:
            return None
        if isinstance(raw, str):
            # 0.6.dev2 and older wrote a bare name; the validator flags it, we read it.
            return cls(name=raw)
        if not isinstance(raw, dict):
            raise TransformParseError("input/output must be an object {name, path}", where)
        name, path = raw.get("name"), raw.get("path")
        if name is not None and not isinstance(name, str):
            raise TransformParseError("input/output 'name' must be a string", where)
        if path is not None and not isinstance(path, str):
            raise TransformParseError("input/output 'path' must be a string", where)
        return cls(name=name, path=path)

    def to_json(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.path is not None:
            out["path"] = self.path
        return out


def as_points(points: npt.ArrayLike) -> tuple[FloatArray, bool]:
    """``points`` as a 2-D float array, and whether a single 1-D point was given."""
    arr = np.asarray(points, dtype=np.float64)
    if arr.ndim == 1:
        return arr[np.newaxis, :], True
    if arr.ndim != 2:
        raise DimensionError("points", f"expected an N x D array, got shape {arr.shape}")
    return arr, False


class Transform(abc.ABC):
    """One coordinate transformation: maps points of its input system to its output.

    Subclasses implement ``_apply`` on a checked ``N x D`` array, and override
    ``inverse``/``to_affine`` when they have one. Dimensions may be unknown (None) for
    types whose parameters do not fix them (identity, projectAxis); they then follow
    the points given.
    """

    type: ClassVar[str]

    def __init__(
        self,
        *,
        name: str | None = None,
        input: CoordinateSystemRef | None = None,
        output: CoordinateSystemRef | None = None,
    ) -> None:
        self.name = name
        self.input = input
        self.output = output

    # dimensions -------------------------------------------------------------------
    @property
    def input_ndim(self) -> int | None:
        """Dimension of the input points, when the parameters fix it."""
        return None

    @property
    def output_ndim(self) -> int | None:
        """Dimension of the output points, when the parameters fix it."""
        return None

    def output_ndim_for(self, input_ndim: int) -> int:
        """Output dimension for inputs of ``input_ndim`` (types with free dims override)."""
        out = self.output_ndim
        return input_ndim if out is None else out

    # mapping ----------------------------------------------------------------------
    def apply(self, points: npt.ArrayLike) -> FloatArray:
        """Map points (``N x D`` rows, or one 1-D point) from input to output."""
        arr, single = as_points(points)
        expected = self.input_ndim
        if expected is not None and arr.shape[1] != expected:
            raise DimensionError(
                self.type, f"expects points of dimension {expected}, got {arr.shape[1]}"
            )
        out = self._apply(arr)
        return out[0] if single else out

    @abc.abstractmethod
    def _apply(self, points: FloatArray) -> FloatArray: ...

    @property
    def invertible(self) -> bool:
        """Whether ``inverse()`` can succeed, judged from the type and parameters at hand.

        Parameters stored in zarr are not loaded for this; a singular stored affine is
        only found by ``inverse()`` itself.
        """
        return False

    def inverse(self) -> Transform:
        raise NotInvertibleError(self.type, self._why_not_invertible())

    def _why_not_invertible(self) -> str:
        return "no closed-form inverse"

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        """The ``(D_out+1) x (D_in+1)`` homogeneous matrix (last row ``0 ... 0 1``).

        ``ndim`` is the input dimension, needed only by types that do not fix it.
        """
        raise NoAffineError(self.type, "it is not linear")

    # composition ------------------------------------------------------------------
    def then(self, other: Transform) -> Sequence:
        """``self`` followed by ``other`` (``other.apply(self.apply(x))``)."""
        return compose(self, other)

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<{type(self).__name__}{label} {self._describe()}>"

    def _describe(self) -> str:
        return ""

    def to_json(self) -> dict[str, Any]:
        """The transformation object this transform was read from (0.6 form)."""
        return self._io_json()

    def _io_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.name is not None:
            out["name"] = self.name
        if self.input is not None:
            out["input"] = self.input.to_json()
        if self.output is not None:
            out["output"] = self.output.to_json()
        return out

    def _require_ndim(self, ndim: int | None) -> int:
        known = self.input_ndim
        if known is not None:
            if ndim is not None and ndim != known:
                raise DimensionError(self.type, f"has input dimension {known}, not {ndim}")
            return known
        if ndim is None:
            raise DimensionError(
                self.type, "input dimension is not fixed by the parameters; pass ndim="
            )
        return ndim


def homogeneous(linear: FloatArray, offset: FloatArray) -> FloatArray:
    """``[[linear, offset], [0 ... 0, 1]]``."""
    rows, cols = linear.shape
    out = np.zeros((rows + 1, cols + 1), dtype=np.float64)
    out[:rows, :cols] = linear
    out[:rows, cols] = offset
    out[rows, cols] = 1.0
    return out


class Sequence(Transform):
    """Members applied first to last: ``f_last(... f_0(x))`` (spec 0.6 §2.4).

    Invertible when every member is; the inverse is the reversed chain of inverses.
    Its matrix is the product of the members' matrices (last member leftmost).
    """

    type = "sequence"

    def __init__(self, transformations: Iterable[Transform], **io: Any) -> None:
        super().__init__(**io)
        self.transformations: tuple[Transform, ...] = tuple(transformations)
        if not self.transformations:
            # spec 0.6 §2.4 defines `transformations` as non-empty; see §7.13
            raise DimensionError(self.type, "a sequence needs at least one transformation")

    @property
    def input_ndim(self) -> int | None:
        return self.transformations[0].input_ndim

    @property
    def output_ndim(self) -> int | None:
        return self.transformations[-1].output_ndim

    def output_ndim_for(self, input_ndim: int) -> int:
        n = input_ndim
        for member in self.transformations:
            n = member.output_ndim_for(n)
        return n

    def _apply(self, points: FloatArray) -> FloatArray:
        out = points
        for member in self.transformations:
            out = member.apply(out)
        return out

    @property
    def invertible(self) -> bool:
        return all(t.invertible for t in self.transformations)

    def _why_not_invertible(self) -> str:
        for i, member in enumerate(self.transformations):
            if not member.invertible:
                return f"member {i} ({member.type}) is not invertible"
        return "a member is not invertible"  # pragma: no cover

    def inverse(self) -> Sequence:
        inverses = []
        for i, member in enumerate(self.transformations):
            try:
                inverses.append(member.inverse())
            except NotInvertibleError as exc:
                raise NotInvertibleError(
                    self.type, f"member {i} ({member.type}) is not invertible: {exc.reason}"
                ) from exc
        return Sequence(reversed(inverses), input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        n = ndim if ndim is not None else self.input_ndim
        result: FloatArray | None = None
        for i, member in enumerate(self.transformations):
            try:
                matrix = member.to_affine(n)
            except NoAffineError as exc:
                raise NoAffineError(
                    self.type, f"member {i} ({member.type}) has none: {exc.reason}"
                ) from exc
            result = matrix if result is None else matrix @ result
            n = matrix.shape[0] - 1
        assert result is not None
        return result

    def _describe(self) -> str:
        return "[" + ", ".join(t.type for t in self.transformations) + "]"

    def to_json(self) -> dict[str, Any]:
        return {
            **self._io_json(),
            "transformations": [t.to_json() for t in self.transformations],
        }


def compose(*transforms: Transform) -> Sequence:
    """One transform applying ``transforms`` first to last; nested sequences are flattened.

    The input of the result is the first member's, the output the last member's.
    """
    flat: list[Transform] = []
    for t in transforms:
        if isinstance(t, Sequence):
            flat.extend(t.transformations)
        else:
            flat.append(t)
    if not flat:
        raise DimensionError("sequence", "compose() needs at least one transform")
    return Sequence(flat, input=transforms[0].input, output=transforms[-1].output)
