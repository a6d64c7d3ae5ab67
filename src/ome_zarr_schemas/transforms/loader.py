"""How transforms get parameters stored as zarr arrays (the ``path`` forms).

A loader is any callable ``path -> numpy array``; the path is the one written in the
metadata, already resolved against the node holding it (see `resolve_path`). Field
transforms (displacements, coordinates) also need the field's own metadata: see
`fields.FieldLoader`; `zarr_loader.ZarrLoader` reads a local (or any zarr-python 3)
store. The store reader of the project can plug in by being such a callable, so
transforms never open stores themselves.
"""

from __future__ import annotations

import posixpath
from typing import Protocol, runtime_checkable

from .base import FloatArray

__all__ = ["ArrayLoader", "resolve_path"]


@runtime_checkable
class ArrayLoader(Protocol):
    """Returns the array stored at ``path`` (relative to the store root) as floats."""

    def __call__(self, path: str) -> FloatArray: ...


def resolve_path(base: str, path: str) -> str:
    """``path`` written in the metadata of node ``base``, as a path from the store root.

    Decision (spec 0.6 §7.24 of our digest: the base is unspecified): relative paths
    are relative to the node holding the metadata, as every 0.6 example does
    (``coordinateTransformations/dfield`` under a scene); a leading ``/`` means the
    store root. ``..`` is allowed and normalised; the root is ``""``.
    """
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(base, path) if base else path
    norm = posixpath.normpath(joined) if joined else ""
    return "" if norm == "." else norm
