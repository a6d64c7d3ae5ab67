"""Where the group classes touch zarr: opening, creating arrays, copying files.

zarr (and numpy) are imported when a group is read from or written to a store, not
when the package is imported, so validating a document stays a light import.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..issues import Report
from ..store.nodes import Hierarchy
from ._types import JsonMapping

if TYPE_CHECKING:
    import numpy.typing as npt
    import zarr
    from zarr.types import AnyArray


def join(*parts: str) -> str:
    """Store paths joined, without empty parts or doubled slashes."""
    return "/".join(p.strip("/") for p in parts if p and p.strip("/"))


@dataclass(frozen=True)
class ArraySpec:
    """What an array is without its data: enough to create it empty."""

    shape: tuple[int, ...]
    dtype: str
    chunks: tuple[int, ...] | None = None
    dimension_names: tuple[str | None, ...] | None = None

    @classmethod
    def coerce(cls, value: ArraySpec | JsonMapping) -> ArraySpec:
        if isinstance(value, ArraySpec):
            return value
        chunks = value.get("chunks")
        names = value.get("dimension_names")
        return cls(
            tuple(int(n) for n in value["shape"]),
            str(value["dtype"]),
            tuple(int(c) for c in chunks) if chunks is not None else None,
            tuple(names) if names is not None else None,
        )


def same_arrays(a: Mapping[str, ArraySpec], b: Mapping[str, ArraySpec]) -> bool:
    """Equal specs, where unset chunks (zarr chose them on writing) match any chunks."""
    if a.keys() != b.keys():
        return False
    for key, x in a.items():
        y = b[key]
        if (x.shape, x.dtype, x.dimension_names) != (y.shape, y.dtype, y.dimension_names):
            return False
        if x.chunks is not None and y.chunks is not None and x.chunks != y.chunks:
            return False
    return True


@dataclass
class Tree:
    """One validated read: the target, what was read and what the checks found."""

    target: object
    hierarchy: Hierarchy
    report: Report
    _group: zarr.Group | None = None
    _reader: zarr.Group | None = None

    def reader(self) -> zarr.Group:
        """The target opened for reading array values and files, confined to it
        (`store.confined_zarr`): a link out of the target is never followed."""
        if self._reader is None:
            from ..store.confined_zarr import confined_group

            self._reader = confined_group(self.target)
        return self._reader

    def group(self) -> zarr.Group:
        """The target as an open zarr group (for array details and extra files)."""
        if self._group is None:
            import zarr

            if isinstance(self.target, zarr.Group):
                self._group = self.target
            else:
                target = str(self.target) if isinstance(self.target, Path) else self.target
                self._group = zarr.open_group(target, mode="r")
        return self._group

    def subgroup(self, path: str) -> zarr.Group:
        """The group at ``path`` under the target (for reading: confined)."""
        import zarr

        group = self.reader()
        found = group[path] if path else group
        assert isinstance(found, zarr.Group)
        return found

    def array_spec(self, full: str) -> ArraySpec | None:
        """The spec of the array at ``full`` as read (chunks from zarr when it opens)."""
        node = self.hierarchy.nodes.get(full)
        if node is None or node.array is None or node.array.shape is None:
            return None
        chunks: tuple[int, ...] | None = None
        names = node.array.dimension_names
        try:
            import zarr

            arr = self.reader()[full] if full else None
            if isinstance(arr, zarr.Array):
                chunks = tuple(int(c) for c in arr.chunks)
        except Exception:
            chunks = None
        return ArraySpec(
            node.array.shape,
            node.array.dtype or "float64",
            chunks,
            tuple(n if isinstance(n, str) else None for n in names) if names is not None else None,
        )

    def read_bytes(self, key: str) -> bytes | None:
        """A store key's bytes (None when absent)."""
        from zarr.core.buffer import default_buffer_prototype
        from zarr.core.sync import sync

        from ..store.confine import Refused

        store = self.reader().store
        try:
            buf = sync(store.get(key, prototype=default_buffer_prototype()))
        except Refused:  # a link out of the target: the walk reported it, nothing to read
            return None
        return None if buf is None else bytes(buf.to_bytes())


def open_for_write(target: object, path: str, zarr_format: int) -> zarr.Group:
    """The group at ``path`` of ``target`` (a zarr group, path or store), made if needed."""
    import zarr

    if isinstance(target, zarr.Group):
        if target.metadata.zarr_format != zarr_format:
            raise ValueError(
                f"this metadata needs zarr format {zarr_format}, the group is"
                f" format {target.metadata.zarr_format}"
            )
        return target.require_group(path) if path else target
    store = str(target) if isinstance(target, Path) else target
    return zarr.open_group(store, path=path, mode="a", zarr_format=zarr_format)  # type: ignore[arg-type]


def _holder(group: zarr.Group, rel: str) -> tuple[zarr.Group, str]:
    parent, _, name = rel.rpartition("/")
    return (group.require_group(parent) if parent else group), name


def create_array(group: zarr.Group, rel: str, spec: ArraySpec, zarr_format: int) -> None:
    """An empty array (fill value 0) at ``rel`` as ``spec`` describes it."""
    holder, name = _holder(group, rel)
    v2 = zarr_format == 2
    holder.create_array(
        name,
        shape=spec.shape,
        dtype=spec.dtype,
        chunks=spec.chunks if spec.chunks is not None else "auto",
        fill_value=0,
        overwrite=True,
        chunk_key_encoding={"name": "v2", "separator": "/"} if v2 else None,
        dimension_names=None if v2 else spec.dimension_names,
    )


def write_bytes(group: zarr.Group, key: str, data: bytes) -> None:
    """Store ``data`` under ``key`` of ``group`` as a plain file."""
    from zarr.core.buffer import default_buffer_prototype
    from zarr.core.sync import sync

    buffer = default_buffer_prototype().buffer.from_bytes(data)
    sync(group.store.set(join(group.path, key), buffer))


def copy_node(node: AnyArray | zarr.Group, group: zarr.Group, rel: str) -> None:
    """Copy a parameter array, or a field group with its arrays, data included."""
    import numpy as np
    import zarr

    if isinstance(node, zarr.Array):
        holder, name = _holder(group, rel)
        data = np.asarray(node[...])
        arr = holder.create_array(
            name,
            shape=data.shape,
            dtype=data.dtype,
            chunks=node.chunks,
            attributes=dict(node.attrs),
            dimension_names=node.metadata.dimension_names
            if node.metadata.zarr_format == 3
            else None,
            overwrite=True,
        )
        arr[...] = data
        return
    sub = group.require_group(rel)
    sub.attrs.put(dict(node.attrs))
    for name, child in node.members():
        copy_node(child, group, f"{rel}/{name}")


def copy_params(source: zarr.Group, group: zarr.Group, paths: list[str]) -> None:
    """Copy the parameter arrays (or field groups) at ``paths`` that ``source`` has."""
    for rel in paths:
        key = posixpath.normpath(rel)
        try:
            node = source[key]
        except KeyError:
            continue
        copy_node(node, group, key)


def write_param(group: zarr.Group, rel: str, data: npt.ArrayLike) -> None:
    """A float64 parameter array at ``rel`` holding ``data``."""
    import numpy as np

    values = np.asarray(data, dtype=np.float64)
    holder, name = _holder(group, posixpath.normpath(rel))
    arr = holder.create_array(
        name, shape=values.shape, dtype="float64", chunks=values.shape or "auto", overwrite=True
    )
    arr[...] = values


def stored_params(transforms: object) -> list[str]:
    """The ``path`` of every transformation (nested ones too) with stored parameters."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, Mapping):
            if isinstance(value.get("path"), str) and "type" in value:
                found.append(value["path"])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(transforms)
    return found
