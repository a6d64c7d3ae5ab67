"""Transforms made of transforms: bijection and byDimension (`Sequence` is in `base`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import FloatArray, Transform
from .errors import DimensionError, NoAffineError, NotInvertibleError

__all__ = ["Bijection", "ByDimension", "DimensionMap"]


class Bijection(Transform):
    """A forward transform with an explicitly given inverse (spec 0.6 §2.4).

    ``apply`` runs ``forward``; ``inverse()`` swaps the two, so it is always invertible.
    Whether the two really are inverses of each other is the writer's promise.
    """

    type = "bijection"

    def __init__(self, forward: Transform, inverse: Transform, **io: Any) -> None:
        super().__init__(**io)
        self.forward = forward
        self.backward = inverse

    @property
    def input_ndim(self) -> int | None:
        return self.forward.input_ndim

    @property
    def output_ndim(self) -> int | None:
        return self.forward.output_ndim

    def output_ndim_for(self, input_ndim: int) -> int:
        return self.forward.output_ndim_for(input_ndim)

    def _apply(self, points: FloatArray) -> FloatArray:
        return self.forward.apply(points)

    @property
    def invertible(self) -> bool:
        return True

    def inverse(self) -> Bijection:
        return Bijection(self.backward, self.forward, input=self.output, output=self.input)

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        return self.forward.to_affine(ndim)

    def to_json(self) -> dict[str, Any]:
        return {
            **self._io_json(),
            "forward": _member_json(self.forward),
            "inverse": _member_json(self.backward),
        }


@dataclass(frozen=True)
class DimensionMap:
    """One item of a byDimension: a child transform on a subset of axes."""

    transformation: Transform
    input_axes: tuple[int, ...]
    output_axes: tuple[int, ...]


class ByDimension(Transform):
    """Children applied to subsets of axes (spec 0.6 §2.4).

    Output axis ``outputAxes[k]`` of an item is its child's output k, fed by input axes
    ``inputAxes``. Every output axis comes from exactly one item (checked here, since
    an output nobody writes would silently be 0). M = 1 + the largest output index
    unless ``output_ndim`` is given; N = ``input_ndim`` if given (the points decide
    otherwise). Invertible when every child is and the input axes are used exactly
    once each (then the inverse swaps inputAxes and outputAxes).
    """

    type = "byDimension"

    def __init__(
        self,
        items: Iterable[DimensionMap],
        *,
        input_ndim: int | None = None,
        output_ndim: int | None = None,
        **io: Any,
    ) -> None:
        super().__init__(**io)
        self.items = tuple(items)
        outputs = sorted(a for item in self.items for a in item.output_axes)
        m = output_ndim if output_ndim is not None else (outputs[-1] + 1 if outputs else 0)
        if outputs != list(range(m)):
            raise DimensionError(
                self.type,
                f"output axes {outputs} must cover 0..{m - 1} exactly once each",
            )
        for item in self.items:
            if any(a < 0 for a in item.input_axes):
                raise DimensionError(self.type, "inputAxes must be non-negative")
        self._input_ndim = input_ndim
        self._output_ndim = m

    @property
    def input_ndim(self) -> int | None:
        return self._input_ndim

    @property
    def output_ndim(self) -> int:
        return self._output_ndim

    def _apply(self, points: FloatArray) -> FloatArray:
        out = np.zeros((points.shape[0], self._output_ndim))
        for item in self.items:
            if item.input_axes and max(item.input_axes) >= points.shape[1]:
                raise DimensionError(
                    self.type,
                    f"inputAxes {list(item.input_axes)} out of range for {points.shape[1]} axes",
                )
            sub = item.transformation.apply(points[:, list(item.input_axes)])
            if sub.shape[1] != len(item.output_axes):
                raise DimensionError(
                    self.type,
                    f"{item.transformation.type} gives {sub.shape[1]} values for"
                    f" outputAxes {list(item.output_axes)}",
                )
            out[:, list(item.output_axes)] = sub
        return out

    def _used_inputs(self) -> list[int]:
        return sorted(a for item in self.items for a in item.input_axes)

    @property
    def invertible(self) -> bool:
        return self._why() is None

    def _why(self) -> str | None:
        used = self._used_inputs()
        n = self._input_ndim if self._input_ndim is not None else (used[-1] + 1 if used else 0)
        if used != list(range(n)):
            return f"input axes {used} are not each used exactly once out of 0..{n - 1}"
        for i, item in enumerate(self.items):
            if len(item.input_axes) != len(item.output_axes):
                return f"item {i} maps {len(item.input_axes)} axes to {len(item.output_axes)}"
            if not item.transformation.invertible:
                return f"item {i} ({item.transformation.type}) is not invertible"
        return None

    def _why_not_invertible(self) -> str:
        return self._why() or "a child is not invertible"

    def inverse(self) -> ByDimension:
        why = self._why()
        if why is not None:
            raise NotInvertibleError(self.type, why)
        try:
            items = [
                DimensionMap(item.transformation.inverse(), item.output_axes, item.input_axes)
                for item in self.items
            ]
        except NotInvertibleError as exc:
            raise NotInvertibleError(self.type, f"a child is not invertible: {exc}") from exc
        return ByDimension(
            items,
            input_ndim=self._output_ndim,
            output_ndim=len(self._used_inputs()),
            input=self.output,
            output=self.input,
        )

    def to_affine(self, ndim: int | None = None) -> FloatArray:
        used = self._used_inputs()
        n = ndim if ndim is not None else self._input_ndim
        if n is None:
            n = used[-1] + 1 if used else 0
        m = self._output_ndim
        out = np.zeros((m + 1, n + 1))
        out[m, n] = 1.0
        for i, item in enumerate(self.items):
            try:
                sub = item.transformation.to_affine(len(item.input_axes))
            except NoAffineError as exc:
                raise NoAffineError(
                    self.type, f"item {i} ({item.transformation.type}) has none: {exc.reason}"
                ) from exc
            rows, cols = list(item.output_axes), list(item.input_axes)
            out[np.ix_(rows, cols)] = sub[:-1, :-1]
            out[rows, n] = sub[:-1, -1]
        return out

    def _describe(self) -> str:
        return ", ".join(
            f"{list(i.input_axes)}->{i.transformation.type}->{list(i.output_axes)}"
            for i in self.items
        )

    def to_json(self) -> dict[str, Any]:
        return {
            **self._io_json(),
            "transformations": [
                {
                    "transformation": _member_json(i.transformation),
                    "inputAxes": list(i.input_axes),
                    "outputAxes": list(i.output_axes),
                }
                for i in self.items
            ],
        }


def _member_json(t: Transform) -> dict[str, Any]:
    return t.to_json()
