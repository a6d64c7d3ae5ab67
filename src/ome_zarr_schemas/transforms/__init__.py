"""Coordinate transformations of OME-Zarr 0.4-0.6 and the 0.6 transform graph.

>>> from ome_zarr_schemas.transforms import parse_transform
>>> t = parse_transform({"type": "scale", "scale": [2.0, 0.5]})
>>> t.apply([[1.0, 4.0]]).tolist()
[[2.0, 2.0]]
>>> t.inverse().apply([2.0, 2.0]).tolist()
[1.0, 4.0]

Parameters stored as zarr arrays (``path``) are read lazily through a loader (any
callable ``path -> array``; `ZarrLoader` for zarr-python 3 stores).
"""

from __future__ import annotations

from .base import CoordinateSystemRef, FloatArray, Sequence, Transform, compose
from .composite import Bijection, ByDimension, DimensionMap
from .errors import (
    DimensionError,
    GraphError,
    NoAffineError,
    NoPathError,
    NotInvertibleError,
    ParameterLoadError,
    TransformError,
    TransformParseError,
    UnknownCoordinateSystemError,
    UnsupportedInterpolationError,
)
from .fields import (
    Coordinates,
    Displacements,
    Field,
    FieldLoader,
    Grid,
    RelativeLoader,
    interpolate,
    window,
)
from .graph import CoordinateSystemNode, Edge, TransformGraph
from .loader import ArrayLoader, resolve_path
from .parse import TRANSFORM_TYPES, parse_transform, parse_transforms
from .simple import Affine, Identity, MapAxis, ProjectAxis, Rotation, Scale, Translation
from .zarr_loader import FIELD_BUDGET, ZarrGrid, ZarrLoader

__all__ = [
    "FIELD_BUDGET",
    "TRANSFORM_TYPES",
    "Affine",
    "ArrayLoader",
    "Bijection",
    "ByDimension",
    "CoordinateSystemNode",
    "CoordinateSystemRef",
    "Coordinates",
    "DimensionError",
    "DimensionMap",
    "Displacements",
    "Edge",
    "Field",
    "FieldLoader",
    "FloatArray",
    "GraphError",
    "Grid",
    "Identity",
    "MapAxis",
    "NoAffineError",
    "NoPathError",
    "NotInvertibleError",
    "ParameterLoadError",
    "ProjectAxis",
    "RelativeLoader",
    "Rotation",
    "Scale",
    "Sequence",
    "Transform",
    "TransformError",
    "TransformGraph",
    "TransformParseError",
    "Translation",
    "UnknownCoordinateSystemError",
    "UnsupportedInterpolationError",
    "ZarrGrid",
    "ZarrLoader",
    "compose",
    "interpolate",
    "parse_transform",
    "parse_transforms",
    "resolve_path",
    "window",
]
