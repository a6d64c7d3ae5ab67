"""How transforms get parameters stored as zarr arrays (the ``path`` forms).

A loader is any callable ``path -> numpy array``; the path is the one written in the
metadata, already resolved against the node holding it (see `resolve_path`). Field
transforms (displacements, coordinates) also need the field's own metadata; a loader
that knows the store offers ``field(path) -> Field``, a bare callable gets the default
layout of `fields.Field.from_array`.

`ZarrLoader` reads a local (or any zarr-python 3) store. The store reader of the
project can plug in by being such a callable, so transforms never open stores
themselves.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from .base import FloatArray
from .errors import ParameterLoadError

if TYPE_CHECKING:
    import zarr

    from .fields import Field


@runtime_checkable
class ArrayLoader(Protocol):
    """Returns the array stored at ``path`` (relative to the store root) as floats."""

    def __call__(self, path: str) -> FloatArray: ...


@runtime_checkable
class FieldLoader(Protocol):
    """A loader that can also read a displacement/coordinate field with its metadata."""

    def __call__(self, path: str) -> FloatArray: ...

    def field(self, path: str) -> Field: ...


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


class RelativeLoader:
    """A loader seen from node ``base``: resolves metadata paths before loading."""

    def __init__(self, loader: ArrayLoader, base: str) -> None:
        self.loader = loader
        self.base = base

    def __call__(self, path: str) -> FloatArray:
        return self.loader(resolve_path(self.base, path))

    def field(self, path: str) -> Field:
        return load_field(self.loader, resolve_path(self.base, path))


def load_field(loader: ArrayLoader, path: str) -> Field:
    """The field at ``path``: via ``loader.field`` when offered, else the default layout."""
    from .fields import Field

    if isinstance(loader, FieldLoader):
        return loader.field(path)
    return Field.from_array(loader(path))


class ZarrLoader:
    """Loads parameters from a zarr-python 3 store (a local path or an open group).

    ``field(path)`` understands both field layouts: the 0.6rc0 multiscale group (level
    0 is used; its intrinsic system gives the vector axis and the grid spacing) and the
    0.6.dev4 array carrying its own ``coordinateSystems``/``coordinateTransformations``.
    """

    def __init__(self, root: str | Path | zarr.Group) -> None:
        import zarr

        if isinstance(root, zarr.Group):
            self.group = root
        else:
            self.group = zarr.open_group(str(root), mode="r")

    def _node(self, path: str) -> Any:
        key = resolve_path("", path)
        try:
            return self.group[key] if key else self.group
        except (KeyError, FileNotFoundError) as exc:
            raise ParameterLoadError("zarr", path, "no such array or group") from exc

    def __call__(self, path: str) -> FloatArray:
        import zarr

        node = self._node(path)
        if not isinstance(node, zarr.Array):
            raise ParameterLoadError("zarr", path, "it is a group, not an array")
        return np.asarray(node[...], dtype=np.float64)

    def field(self, path: str) -> Field:
        import zarr

        from .fields import Field, field_from_metadata

        node = self._node(path)
        attrs = dict(node.attrs)
        ome = attrs.get("ome", attrs)
        if isinstance(node, zarr.Group):
            multiscales = ome.get("multiscales") if isinstance(ome, dict) else None
            if not multiscales:
                raise ParameterLoadError("field", path, "group without multiscales metadata")
            entry = multiscales[0]
            datasets = entry.get("datasets") or []
            if not datasets:
                raise ParameterLoadError("field", path, "multiscales without datasets")
            level = datasets[0]
            array_path = resolve_path(path, str(level.get("path", "")))
            data = self(array_path)
            return field_from_metadata(
                data,
                entry.get("coordinateSystems") or [],
                level.get("coordinateTransformations") or [],
                where=path,
            )
        data = np.asarray(node[...], dtype=np.float64)
        if isinstance(ome, dict) and "coordinateSystems" in ome:
            return field_from_metadata(
                data,
                ome.get("coordinateSystems") or [],
                ome.get("coordinateTransformations") or [],
                where=path,
            )
        return Field.from_array(data)
