"""Exceptions of the transform package.

Metadata findings are `Issue`s elsewhere; these exceptions are for *using* transforms:
asking for something a transform cannot give (an inverse, a matrix) or handing it
points of the wrong shape. Every class names the transform type so a caller several
levels up a composed transform can still tell which member failed.

    TransformError
    ├── TransformParseError (ValueError)      metadata that cannot become a transform
    ├── NotInvertibleError                    inverse() of a type or value without one
    ├── NoAffineError                         to_affine() of a non-linear transform
    ├── DimensionError (ValueError)           points / parameters of the wrong length
    ├── UnsupportedInterpolationError         an interpolation we do not implement
    ├── ParameterLoadError                    a zarr-stored parameter could not be read
    └── GraphError
        ├── UnknownCoordinateSystemError (KeyError)
        └── NoPathError (LookupError)
"""

from __future__ import annotations

__all__ = [
    "DimensionError",
    "GraphError",
    "NoAffineError",
    "NoPathError",
    "NotInvertibleError",
    "ParameterLoadError",
    "TransformError",
    "TransformParseError",
    "UnknownCoordinateSystemError",
    "UnsupportedInterpolationError",
]


class TransformError(Exception):
    """Base class of every error raised by `ome_zarr_schemas.transforms`."""


class TransformParseError(TransformError, ValueError):
    """A transformation object that cannot be turned into a transform.

    ``where`` is a JSON pointer into the transformation object handed to the parser,
    so nested members of a sequence or byDimension can be located; ``node`` is the
    zarr node holding the metadata when the graph parsed it.
    """

    def __init__(self, message: str, where: str = "", node: str | None = None) -> None:
        self.message = message
        self.where = where
        self.node = node
        in_node = "" if node is None else f" of the metadata at node /{node}"
        super().__init__(f"{message} (at {where or '/'}{in_node})")


class _UnavailableError(TransformError):
    """An operation a transform of this type cannot do: the type, what it lacks, and why."""

    lacks: str

    def __init__(self, transform_type: str, reason: str) -> None:
        self.transform_type = transform_type
        self.reason = reason
        super().__init__(f"{transform_type} transform {self.lacks}: {reason}")


class NotInvertibleError(_UnavailableError):
    """``inverse()`` asked of a transform that has none; says which type and why."""

    lacks = "is not invertible"


class NoAffineError(_UnavailableError):
    """``to_affine()`` asked of a transform with no matrix form."""

    lacks = "has no affine matrix"


class DimensionError(TransformError, ValueError):
    """Points or parameters whose length does not fit the transform."""

    def __init__(self, transform_type: str, message: str) -> None:
        self.transform_type = transform_type
        super().__init__(f"{transform_type}: {message}")


class UnsupportedInterpolationError(TransformError):
    """A field transform names an interpolation we do not implement (e.g. cubic)."""

    def __init__(self, transform_type: str, interpolation: str) -> None:
        self.transform_type = transform_type
        self.interpolation = interpolation
        super().__init__(
            f"{transform_type}: interpolation {interpolation!r} is not supported"
            " (supported: 'nearest', 'linear')"
        )


class ParameterLoadError(TransformError):
    """A parameter stored as a zarr array (``path``) could not be loaded."""

    def __init__(self, transform_type: str, path: str, reason: str) -> None:
        self.transform_type = transform_type
        self.path = path
        self.reason = reason
        super().__init__(f"{transform_type}: cannot load parameters at {path!r}: {reason}")


class GraphError(TransformError):
    """Base class of the errors of `TransformGraph`."""


class UnknownCoordinateSystemError(GraphError, KeyError):
    """A coordinate system that is not a node of the graph (or is ambiguous)."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class NoPathError(GraphError, LookupError):
    """Two coordinate systems with no chain of (invertible) transforms between them."""
