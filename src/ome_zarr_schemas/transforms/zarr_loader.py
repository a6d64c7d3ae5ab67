"""Parameters and fields read from a zarr-python 3 store (the ``path`` forms).

A field's layout comes from its own metadata: its coordinate system names the vector
axis, its dataset transform maps grid indices to the input system (see `fields` for
the decisions). Reading that transform needs the parser, so this module sits above
`parse`.

A local store is read through `store.confined_zarr` (nothing outside the target). A few
bytes of metadata can declare an array of many gigabytes, so reads are held to a memory
budget (`FIELD_BUDGET`, 1 GiB; ``ZarrLoader(..., max_bytes=...)`` and the group classes'
``transform_graph(max_bytes=...)`` change it): a parameter array (affine, rotation) is
loaded whole when its declared size as float64 is within it; a field is read on demand
(`ZarrGrid`): mapping points reads only the block of grid cells around them, and only
when the chunks holding that block fit the budget.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Sequence as SequenceABC
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .base import FloatArray, Sequence, Transform
from .errors import ParameterLoadError
from .fields import Field
from .loader import resolve_path
from .parse import parse_transform
from .simple import Identity, Scale, Translation

if TYPE_CHECKING:
    import zarr

__all__ = ["FIELD_BUDGET", "ZarrGrid", "ZarrLoader", "field_from_metadata"]

#: The largest parameter array or field loaded by default, in bytes as float64.
FIELD_BUDGET = 1 << 30


def field_from_metadata(
    data: FloatArray,
    coordinate_systems: SequenceABC[Mapping[str, Any]],
    dataset_transforms: SequenceABC[Mapping[str, Any]],
    *,
    where: str = "",
) -> Field:
    """Build a `Field` from the field's own coordinate system and dataset transform."""
    vector_axis, index_to_input = _layout(data.ndim, coordinate_systems, dataset_transforms, where)
    return Field.from_array(data, vector_axis, index_to_input)


def _layout(
    ndim: int,
    coordinate_systems: SequenceABC[Mapping[str, Any]],
    dataset_transforms: SequenceABC[Mapping[str, Any]],
    where: str,
) -> tuple[int, Transform]:
    """(vector axis, grid index -> input transform) of an ``ndim``-D field's metadata."""
    raw_ct = dataset_transforms[0] if dataset_transforms else None
    wanted = None
    if raw_ct is not None and isinstance(raw_ct.get("output"), Mapping):
        wanted = raw_ct["output"].get("name")
    systems = [cs for cs in coordinate_systems if isinstance(cs, Mapping)]
    chosen = next((cs for cs in systems if cs.get("name") == wanted), None)
    if chosen is None and len(systems) == 1:
        chosen = systems[0]
    if chosen is None:
        raise ParameterLoadError("field", where, "cannot tell the field's coordinate system")
    axes = chosen.get("axes") or []
    if len(axes) != ndim:
        raise ParameterLoadError(
            "field", where, f"{len(axes)} axes in its coordinate system, array is {ndim}-D"
        )
    vector_axes = [
        i
        for i, ax in enumerate(axes)
        if isinstance(ax, Mapping) and ax.get("type") in ("displacement", "coordinate")
    ]
    if len(vector_axes) != 1:
        raise ParameterLoadError(
            "field", where, "needs exactly one axis of type 'displacement' or 'coordinate'"
        )
    vector_axis = vector_axes[0]
    index_to_input: Transform = Identity()
    if raw_ct is not None:
        index_to_input = _drop_axis(parse_transform(dict(raw_ct)), vector_axis, ndim, where)
    return vector_axis, index_to_input


class ZarrGrid:
    """A field's zarr array read block by block (a `fields.Grid`): its grid axes, then
    the components (the vector axis moved last). A block is read only when the chunks
    holding it, and the block as float64, fit ``max_bytes``; else `ParameterLoadError`
    names the field, the block and the bytes."""

    def __init__(self, array: Any, vector_axis: int, max_bytes: int, path: str) -> None:
        if array.ndim < 2:
            raise ParameterLoadError(
                "field", path, f"a field needs >= 2 dimensions, got {array.ndim}"
            )
        self.array = array
        self.vector_axis = vector_axis
        self.max_bytes = max_bytes
        self.path = path
        dims = [int(n) for n in array.shape]
        components = dims.pop(vector_axis)
        self.shape: tuple[int, ...] = (*dims, components)
        self.ndim = len(self.shape)

    def _chunks(self) -> tuple[int, ...]:
        try:
            return tuple(int(c) for c in self.array.chunks)
        except (AttributeError, NotImplementedError, TypeError, ValueError):
            return tuple(int(n) for n in self.array.shape)  # unknown: as if one chunk

    def __getitem__(self, key: tuple[slice, ...]) -> FloatArray:
        from ..store.confine import Refused

        selection = list(key)
        selection.insert(self.vector_axis, slice(None))
        spans = []
        for axis, (wanted, size, chunk) in enumerate(
            zip(selection, self.array.shape, self._chunks(), strict=True)
        ):
            start, stop, _ = wanted.indices(int(size))
            if axis == self.vector_axis:
                spans.append((stop - start, stop - start))
                continue
            first = (start // chunk) * chunk
            last = min(-(-stop // chunk) * chunk, int(size))
            spans.append((stop - start, last - first))
        block = math.prod(n for n, _ in spans)
        read = math.prod(n for _, n in spans) * int(self.array.dtype.itemsize)
        if read + 8 * block > self.max_bytes:
            raise ParameterLoadError(
                "field",
                self.path,
                f"the points need a block of {[n for n, _ in spans]} cells held in chunks of"
                f" {read} bytes ({read / 1e9:.1f} GB; chunk shape {list(self._chunks())},"
                f" array shape {[int(n) for n in self.array.shape]}), over the memory budget"
                f" of {self.max_bytes} bytes (raise it with max_bytes=...)",
            )
        try:
            values = np.asarray(self.array[tuple(selection)], dtype=np.float64)
        except Refused as exc:
            raise ParameterLoadError("field", self.path, exc.message) from exc
        except Exception as exc:  # a chunk that cannot be read or decoded: one typed error
            raise ParameterLoadError("field", self.path, f"reading it failed: {exc}") from exc
        return np.moveaxis(values, self.vector_axis, -1)


def _drop_axis(t: Transform, axis: int, ndim: int, where: str) -> Transform:
    """The dataset transform restricted to the grid axes (vector axis entry removed)."""
    if isinstance(t, Identity):
        return Identity()
    if isinstance(t, Scale | Translation):
        values = t.values
        if len(values) == ndim:
            values = np.delete(values, axis)
        elif len(values) != ndim - 1:
            raise ParameterLoadError(
                "field", where, f"{t.type} has {len(values)} entries for a {ndim}-D field"
            )
        return type(t)(values)
    if isinstance(t, Sequence):
        return Sequence([_drop_axis(m, axis, ndim, where) for m in t.transformations])
    raise ParameterLoadError("field", where, f"unsupported field dataset transform {t.type}")


class ZarrLoader:
    """Loads parameters from a zarr-python 3 store (a local path or an open group).

    ``field(path)`` understands both field layouts: the 0.6rc0 multiscale group (level
    0 is used; its intrinsic system gives the vector axis and the grid spacing) and the
    0.6.dev4 array carrying its own ``coordinateSystems``/``coordinateTransformations``;
    the field it returns reads its array on demand (`ZarrGrid`), within ``max_bytes``.
    """

    def __init__(self, root: str | Path | zarr.Group, *, max_bytes: int = FIELD_BUDGET) -> None:
        from ..store.confined_zarr import confined_group

        self.group = confined_group(root)
        self.max_bytes = max_bytes

    def _node(self, path: str) -> Any:
        from ..store.confine import Refused

        key = resolve_path("", path)
        try:
            return self.group[key] if key else self.group
        except (KeyError, FileNotFoundError) as exc:
            raise ParameterLoadError("zarr", path, "no such array or group") from exc
        except Refused as exc:
            raise ParameterLoadError("zarr", path, exc.message) from exc

    def _values(self, node: Any, path: str, kind: str) -> FloatArray:
        """The array's values as float64, refused before reading beyond the budget."""
        from ..store.confine import Refused

        shape = tuple(int(n) for n in node.shape)
        size = 8 * math.prod(shape)
        if size > self.max_bytes:
            raise ParameterLoadError(
                kind,
                path,
                f"its declared shape {list(shape)} is {size} bytes ({size / 1e9:.1f} GB) as"
                f" float64, over the memory budget of {self.max_bytes} bytes (raise it with"
                " ZarrLoader(..., max_bytes=...))",
            )
        try:
            return np.asarray(node[...], dtype=np.float64)
        except Refused as exc:
            raise ParameterLoadError(kind, path, exc.message) from exc

    def __call__(self, path: str) -> FloatArray:
        import zarr

        node = self._node(path)
        if not isinstance(node, zarr.Array):
            raise ParameterLoadError("zarr", path, "it is a group, not an array")
        return self._values(node, path, "zarr")

    def field(self, path: str) -> Field:
        import zarr

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
            node = self._node(array_path)
            if not isinstance(node, zarr.Array):
                raise ParameterLoadError("field", array_path, "it is a group, not an array")
            systems, transforms = (
                entry.get("coordinateSystems"),
                level.get("coordinateTransformations"),
            )
        elif isinstance(ome, dict) and "coordinateSystems" in ome:
            array_path = path
            systems, transforms = ome.get("coordinateSystems"), ome.get("coordinateTransformations")
        else:  # a bare array: the vector axis first (`fields`)
            return Field(ZarrGrid(node, 0, self.max_bytes, path))
        vector_axis, index_to_input = _layout(node.ndim, systems or [], transforms or [], path)
        return Field(ZarrGrid(node, vector_axis, self.max_bytes, array_path), index_to_input)
