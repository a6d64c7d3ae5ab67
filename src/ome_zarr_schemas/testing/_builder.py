"""The one store builder: lay out a hierarchy's documents and write them to a store or folder.

`StoreDocuments` holds the documents of one metadata-only store keyed by store key (group
and array metadata in the zarr format of the version, the OME blocks wrapped in ``ome``
from 0.5 on, bytes for a file that is not JSON; never a chunk). The hierarchy strategies
draw into it, the hierarchy mutations break a copy of it, and the tests build their fixed
stores with it; `write_hierarchy` puts a `GeneratedHierarchy` into any zarr-python 3
store and `StoreDocuments.write` into a folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from ..spec.versions import ZARR_V2_VERSIONS, get

__all__ = [
    "V2_DTYPES",
    "V2_NAMES",
    "GeneratedHierarchy",
    "StoreDocuments",
    "copy_json",
    "join",
    "parent",
    "write_hierarchy",
]

#: zarr v2 dtype codes of each data type, the usual one first.
V2_DTYPES: dict[str, tuple[str, ...]] = {
    "uint8": ("|u1",),
    "int8": ("|i1",),
    "uint16": ("<u2", ">u2"),
    "int16": ("<i2", ">i2"),
    "uint32": ("<u4", ">u4"),
    "int32": ("<i4",),
    "uint64": ("<u8",),
    "int64": ("<i8", ">i8"),
    "float32": ("<f4", ">f4"),
    "float64": ("<f8",),
}
V2_NAMES = {code: name for name, codes in V2_DTYPES.items() for code in codes}


def copy_json(value: Any) -> Any:
    """A copy of a JSON tree (several times faster than copy.deepcopy on these)."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
    return value


def join(*parts: str) -> str:
    """Store path segments joined with '/', empty ones skipped."""
    return "/".join(p for p in parts if p)


def parent(path: str) -> str:
    return path.rpartition("/")[0]


@dataclass(frozen=True)
class GeneratedHierarchy:
    """A whole store's metadata: ``documents`` maps store keys (``"A/1/0/zarr.json"``,
    ``"labels/.zattrs"``, ``"OME/METADATA.ome.xml"``) to JSON values, or to bytes for a
    file that is not JSON. ``kind`` is the kind of the root group."""

    version: str
    kind: str
    documents: Mapping[str, Any]

    @property
    def zarr_format(self) -> Literal[2, 3]:
        return 2 if self.version in ZARR_V2_VERSIONS else 3

    def encoded(self) -> dict[str, bytes]:
        """Every document as the bytes written to the store, in ``documents`` order."""
        return encoded(self.documents)


def encoded(documents: Mapping[str, Any]) -> dict[str, bytes]:
    return {
        key: value if isinstance(value, bytes) else json.dumps(value).encode()
        for key, value in documents.items()
    }


def write_hierarchy(hierarchy: GeneratedHierarchy, store: Any, *, path: str = "") -> Any:
    """Write every document of ``hierarchy`` into ``store`` and return the store.

    ``store``: a zarr-python 3 `zarr.abc.store.Store` (LocalStore, MemoryStore, an
    fsspec store opened for writing) or a local folder path, opened as a LocalStore.
    Keys go under ``path`` inside the store, in the order of ``hierarchy.documents``;
    nothing else is written. Call it outside a running event loop (it uses zarr's sync).
    """
    from zarr.abc.store import Store
    from zarr.core.sync import sync
    from zarr.storage import LocalStore

    if isinstance(store, str | PathLike):
        store = LocalStore(Path(store))
    if not isinstance(store, Store):
        raise TypeError(f"cannot write to a {type(store).__name__}: give a zarr Store or a path")
    prefix = path.strip("/")
    items = {(f"{prefix}/{k}" if prefix else k): v for k, v in hierarchy.encoded().items()}
    sync(_write(store, items))
    return store


async def _write(store: Any, items: Mapping[str, bytes]) -> None:
    from zarr.core.buffer import default_buffer_prototype

    prototype = default_buffer_prototype()
    for key, data in items.items():  # one by one: the order of writing is the caller's
        await store.set(key, prototype.buffer.from_bytes(data))


class StoreDocuments:
    """The documents of one store keyed by store key, laid out for ``version``."""

    def __init__(self, version: str, docs: dict[str, Any] | None = None) -> None:
        self.version = version
        self.docs: dict[str, Any] = {} if docs is None else docs

    @property
    def v2(self) -> bool:
        return self.version in ZARR_V2_VERSIONS

    @property
    def v06(self) -> bool:
        return get(self.version).coordinate_systems

    def attrs_key(self, path: str) -> str:
        """The key of the document holding a group's attributes."""
        return join(path, ".zattrs" if self.v2 else "zarr.json")

    def array_key(self, path: str) -> str:
        return join(path, ".zarray" if self.v2 else "zarr.json")

    def array_doc(self, path: str) -> dict[str, Any]:
        """The metadata document of the array at ``path``, for reading or editing."""
        doc: dict[str, Any] = self.docs[self.array_key(path)]
        return doc

    def dtype(self, path: str) -> str:
        """The data type of the array at ``path`` (a zarr v3 name for either format)."""
        doc = self.array_doc(path)
        return V2_NAMES[doc["dtype"]] if self.v2 else str(doc["data_type"])

    def set_dtype(self, path: str, dtype: str) -> None:
        """Give the array at ``path`` another data type (and a fill value of that type)."""
        doc = self.array_doc(path)
        if self.v2:
            doc["dtype"] = V2_DTYPES[dtype][0]
        else:
            doc["data_type"] = dtype
        doc["fill_value"] = 0.0 if dtype.startswith("float") else 0

    def group(
        self,
        path: str,
        blocks: Mapping[str, Any] | None = None,
        extras: Mapping[str, Any] | None = None,
    ) -> None:
        """A group with OME blocks, or a plain group (``blocks`` None)."""
        extras = extras or {}
        if self.v2:
            self.docs[join(path, ".zgroup")] = {"zarr_format": 2}
            if blocks is not None or extras:
                self.docs[join(path, ".zattrs")] = {**(blocks or {}), **extras}
            return
        attributes: dict[str, Any] = dict(extras)
        if blocks is not None:
            attributes = {"ome": {"version": self.version, **blocks}, **extras}
        self.docs[join(path, "zarr.json")] = {
            "zarr_format": 3,
            "node_type": "group",
            "attributes": attributes,
        }

    def array(
        self,
        path: str,
        shape: Sequence[int],
        dtype: str = "uint16",
        *,
        names: Sequence[str] | None = None,
        v2_code: str | None = None,
        codec: str = "plain",
    ) -> None:
        """An array's metadata: chunks of at most 256, fill value 0, ``names`` as the
        zarr v3 dimension names, ``v2_code`` a dtype code other than the usual one."""
        chunks = [max(1, min(n, 256)) for n in shape]
        zero: int | float = 0.0 if dtype.startswith("float") else 0
        if self.v2:
            compressor = None if codec == "plain" else {"id": codec, "level": 1}
            self.docs[join(path, ".zarray")] = {
                "zarr_format": 2,
                "shape": list(shape),
                "chunks": chunks,
                "dtype": v2_code or V2_DTYPES[dtype][0],
                "compressor": compressor,
                "fill_value": zero,
                "order": "C",
                "filters": None,
                "dimension_separator": "/",
            }
            return
        codecs: list[dict[str, Any]] = [{"name": "bytes", "configuration": {"endian": "little"}}]
        if codec != "plain":
            codecs.append({"name": codec, "configuration": {"level": 1}})
        doc: dict[str, Any] = {
            "zarr_format": 3,
            "node_type": "array",
            "shape": list(shape),
            "data_type": dtype,
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": chunks}},
            "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
            "fill_value": zero,
            "codecs": codecs,
            "attributes": {},
        }
        if names is not None:
            doc["dimension_names"] = list(names)
        self.docs[join(path, "zarr.json")] = doc

    def graft(self, prefix: str, docs: Mapping[str, Any]) -> None:
        """Copy a subtree drawn at the root to ``prefix`` (each document its own copy)."""
        for key, value in docs.items():
            self.docs[join(prefix, key)] = copy_json(value)

    def drop(self, path: str) -> None:
        """Remove every document of the node at ``path`` and below (or the file ``path``)."""
        prefix = f"{path}/" if path else ""
        for key in [k for k in self.docs if k.startswith(prefix) or k == path]:
            del self.docs[key]

    def plain(self, path: str) -> None:
        """Replace the node at ``path`` (and what is below) by a plain group."""
        self.drop(path)
        self.group(path)

    def write(self, root: Path) -> Path:
        """Write every document into the folder ``root`` (created); return ``root``."""
        root.mkdir(parents=True, exist_ok=True)
        for key, data in encoded(self.docs).items():
            file = root / key
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
        return root
