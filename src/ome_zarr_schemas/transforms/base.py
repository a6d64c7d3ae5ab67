"""The `Transform` base class, coordinate-system references and point handling.

Points are rows: an ``N x D`` float array holds N points of dimension D, the first
axis of the coordinate system in column 0 (spec 0.6 §"coordinateTransformations":
parameter index i belongs to axis i). A single point may be given as a 1-D array and
comes back 1-D.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import numpy.typing as npt

from .errors import DimensionError, NoAffineError, NotInvertibleError, TransformParseError

if TYPE_CHECKING:
    from .composite import Sequence

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
        from .composite import compose

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
