"""Which stores a collection run validates: a list file, or every OME-Zarr root below a place.

An archive is a folder (or an object-store prefix) holding thousands of stores beside
plain folders; nobody types their names. `find_roots` walks it and yields each OME-Zarr
root once: a folder whose zarr metadata holds OME-Zarr metadata is a root and the walk
does not go into it (its wells and fields are the validator's business), an array is
never entered (its chunks can be millions of files), and a plain folder or plain zarr
group is searched further. A folder whose metadata cannot be read or parsed is yielded
too: a broken root is exactly what the run must report.

Links: the walk never follows a symbolic link (to a folder or to a document). A link
out of the folder searched would validate someone else's data, and a link inside it
would find a store twice; the store a link points to inside the folder is found at its
real place anyway.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from ..spec.metadata import ome_group
from ..store.confine import Confinement, Refused
from ..store.documents import MAX_DOCUMENT_BYTES, parse_json_value

__all__ = ["MAX_FIND_DEPTH", "find_roots", "read_target_list", "unique"]

#: Folders below the place searched that the walk goes down at most.
MAX_FIND_DEPTH = 64

_V3, _V2_ATTRS, _V2_ARRAY = "zarr.json", ".zattrs", ".zarray"


def read_target_list(stream: TextIO) -> list[str]:
    """The targets of a list file: one path or URL per line; blank lines and lines
    starting with '#' are skipped, surrounding spaces dropped, repeats kept once."""
    seen: dict[str, None] = {}
    for line in stream:
        text = line.strip()
        if text and not text.startswith("#"):
            seen.setdefault(text, None)
    return list(seen)


def find_roots(where: str, *, storage_options: Mapping[str, Any] | None = None) -> Iterator[str]:
    """Every OME-Zarr root at or below ``where``, in sorted order.

    ``where``: a local folder, or a URL of an fsspec file system that can list (s3://,
    memory://, file://); a listing-less one (plain HTTP) finds nothing but ``where`` itself
    when that is a root. Roots are yielded as found, so a run can start on the first.
    """
    if "://" in where and not where.startswith("file://"):
        yield from _find_remote(where, storage_options or {})
        return
    top = Path(where.removeprefix("file://"))
    yield from (str(p) for p in _find_local(top))


def _verdict(documents: Mapping[str, bytes | None]) -> str:
    """'root', 'stop' (an array: never entered) or 'search' for one folder's documents
    (None: the file is there but could not be read)."""
    if _V2_ARRAY in documents:
        return "stop"
    if _V3 in documents:
        data = documents[_V3]
        whole = None if data is None else parse_json_value(_V3, data, MAX_DOCUMENT_BYTES)
        if whole is None or whole.issue is not None or not isinstance(whole.attributes, dict):
            return "root"  # unreadable metadata: a broken store to report
        if whole.attributes.get("node_type") == "array":
            return "stop"
        ome, base = ome_group(whole.attributes.get("attributes"))
        return "root" if ome is not None or base else "search"
    if _V2_ATTRS in documents:
        data = documents[_V2_ATTRS]
        attrs = None if data is None else parse_json_value(_V2_ATTRS, data, MAX_DOCUMENT_BYTES)
        if attrs is None or attrs.issue is not None:
            return "root"
        return "root" if ome_group(attrs.attributes, "0.4")[0] is not None else "search"
    return "search"


def _find_local(top: Path) -> Iterator[Path]:
    try:
        info = top.lstat()
    except OSError:
        return  # nothing there: the run gets no target from it (the CLI says so)
    if not stat.S_ISDIR(info.st_mode):
        return
    stack: list[tuple[Path, int]] = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue  # unreadable folder: nothing below it can be found
        names = {e.name: e for e in entries}
        confined = Confinement(folder)
        documents: dict[str, bytes | None] = {}
        for name in (_V3, _V2_ATTRS, _V2_ARRAY):
            if name in names:
                documents[name] = _read(confined, name) if name != _V2_ARRAY else b""
        verdict = _verdict(documents)
        if verdict == "root":
            yield folder
            continue
        if verdict == "stop" or depth >= MAX_FIND_DEPTH:
            continue
        below = [e for e in entries if e.is_dir(follow_symlinks=False)]
        stack.extend((Path(e.path), depth + 1) for e in reversed(below))


def _read(confined: Confinement, name: str) -> bytes | None:
    try:
        return confined.read(name, MAX_DOCUMENT_BYTES)
    except (Refused, OSError):
        return None


def _find_remote(where: str, options: Mapping[str, Any]) -> Iterator[str]:
    import fsspec  # type: ignore[import-untyped]

    fs, path = fsspec.core.url_to_fs(where, **options)
    protocol = where.split("://", 1)[0]
    stack: list[tuple[str, int]] = [(path.rstrip("/"), 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            listing = fs.ls(folder, detail=True)
        except (OSError, ValueError, NotImplementedError):
            continue
        entries = sorted(listing, key=lambda e: str(e["name"]))
        names = {str(e["name"]).rstrip("/").rpartition("/")[2]: e for e in entries}
        documents: dict[str, bytes | None] = {}
        for name in (_V3, _V2_ATTRS, _V2_ARRAY):
            if name in names:
                documents[name] = _cat(fs, f"{folder}/{name}") if name != _V2_ARRAY else b""
        verdict = _verdict(documents)
        if verdict == "root":
            yield f"{protocol}://{folder}"
            continue
        if verdict == "stop" or depth >= MAX_FIND_DEPTH:
            continue
        below = [str(e["name"]).rstrip("/") for e in entries if e.get("type") == "directory"]
        stack.extend((name, depth + 1) for name in reversed(below))


def _cat(fs: Any, key: str) -> bytes | None:
    try:
        size = fs.size(key)
        if size is not None and size > MAX_DOCUMENT_BYTES:
            return None
        data = fs.cat_file(key)
    except (OSError, ValueError):
        return None
    return bytes(data)


def unique(targets: Iterable[str]) -> list[str]:
    """``targets`` in order, each once."""
    return list(dict.fromkeys(targets))
