"""Everything that turns a target into bytes: the only module of the package that reads a store.

A `Source` reads keys below one prefix: `LocalSource` a local folder in place,
`ZarrSource` any zarr-python 3 store (fsspec HTTP and S3, memory, a local store given as
such; an obstore one through `objectstore`). `open_source` picks one for a
target. The walk never calls a source directly: it goes through `Reads`, which bounds
every request (concurrency, a timeout, retries after transient faults) and turns every
fault into a message. A rule on what may be read at all (a root that paths must stay
under, a cap on the bytes of one read, where a redirect may lead) is applied here, so
that it wraps every read: local reads go through `confine.Confinement`, plain HTTP
through `http.HttpSource`, an obstore store checks the object's size first, any other
store reads at most the cap through a byte range.

A refused read raises `confine.Refused`; `Reads` turns it, like any fault, into a
`ReadError` (the rule and the message of the finding) for the node.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

from ..rules import document as document_rules
from ..rules._rule import Rule
from . import documents, objectstore
from .confine import Confinement, Refused, too_large
from .failures import plain_reason
from .nodes import Limits

__all__ = ["LocalSource", "ReadError", "Reads", "Source", "ZarrSource", "open_source"]

#: Why a read gave nothing: (rule id, message) of the finding on the node.
ReadError = tuple[Rule, str]

#: Folder names that are never OME-Zarr children (zarr metadata files, hidden files).
_META_NAMES = frozenset({"zarr.json", ".zgroup", ".zattrs", ".zarray", ".zmetadata"})


class Source(Protocol):
    """Read access to one store below a prefix; keys are relative to the target."""

    can_list: bool

    async def get(self, key: str) -> bytes | None: ...

    async def exists(self, key: str) -> bool: ...

    async def list_dir(self, path: str) -> list[str]: ...


class ZarrSource:
    """A `Source` over any zarr-python 3 store (local, fsspec HTTP or S3, memory)."""

    def __init__(
        self,
        store: Any,
        prefix: str = "",
        *,
        can_list: bool | None = None,
        max_bytes: int | None = None,
    ) -> None:
        from zarr.core.buffer import default_buffer_prototype

        self.store = store
        self.max_bytes = documents.MAX_DOCUMENT_BYTES if max_bytes is None else max_bytes
        self.prefix = prefix.strip("/")
        self._prototype = default_buffer_prototype()
        self._object = objectstore.is_object_store(store)  # obstore: no byte ranges
        if can_list is None:
            can_list = objectstore.can_list(store) if self._object else store.supports_listing
        self.can_list = bool(can_list)

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    async def get(self, key: str) -> bytes | None:
        """At most the cap (a byte range of cap + 1), the real size asked for when over; an
        obstore store by the object's size (`objectstore.read_object`)."""
        from zarr.abc.store import RangeByteRequest

        cap = self.max_bytes
        if self._object:
            return await objectstore.read_object(self.store, self._key(key), cap)
        buffer = await self.store.get(
            self._key(key), prototype=self._prototype, byte_range=RangeByteRequest(0, cap + 1)
        )
        if buffer is None:
            return None
        data = bytes(buffer.to_bytes())
        if len(data) > cap:
            try:
                size: int | None = int(await self.store.getsize(self._key(key)))
            except Exception:  # a store that cannot say
                size = None
            raise too_large(size, cap)
        return data

    async def exists(self, key: str) -> bool:
        return bool(await self.store.exists(self._key(key)))

    async def list_dir(self, path: str) -> list[str]:
        names = [name async for name in self.store.list_dir(self._key(path))]
        return sorted({n.strip("/") for n in names} - {""})


class LocalSource:
    """A `Source` over a local folder, reading files directly.

    zarr's LocalStore hands every read to a worker thread; for metadata documents of a
    few hundred bytes that costs more than the read (measured: 20,000 documents in 5.1 s
    through LocalStore.get, 2.2 s read in place), so local folders are read in place.
    """

    can_list = True
    local = True

    def __init__(self, root: Path, *, max_bytes: int | None = None) -> None:
        self.root = root
        self.confinement = Confinement(root)
        self.max_bytes = documents.MAX_DOCUMENT_BYTES if max_bytes is None else max_bytes

    async def get(self, key: str) -> bytes | None:
        """The document ``key``, confined to the root, a regular file, at most the cap."""
        return self.read_now(key)

    def read_now(self, key: str) -> bytes | None:
        """`get`, synchronously: the walk's local path reads without a coroutine per read
        (a plate reads tens of thousands of small documents, issue 15)."""
        try:
            return self.confinement.read(key, self.max_bytes)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    async def exists(self, key: str) -> bool:
        try:
            self.confinement.check_file(key)
        except (OSError, Refused):
            return False
        return True

    async def list_dir(self, path: str) -> list[str]:
        """Child folders of ``path``; a folder that leads outside the root has none."""
        try:
            real, _ = self.confinement.resolve(path)
            return sorted(e.name for e in os.scandir(real) if e.is_dir())
        except (FileNotFoundError, NotADirectoryError, Refused):
            return []


def open_source(
    target: object,
    *,
    anonymous: bool = False,
    storage_options: Mapping[str, Any] | None = None,
    max_bytes: int | None = None,
) -> tuple[Source, str]:
    """A read-only `Source` for ``target`` and a display name for it.

    ``target``: a local path, a ``file://``, ``http(s)://`` or ``s3://`` URL, an open zarr
    group or a zarr store. Folder listing is on for local, S3 and in-memory stores and
    off over plain HTTP, where a server's index pages are not a listing one can trust.
    A local zarr group or store is read as its folder, through the same confinement as
    a path. ``max_bytes`` caps one document read (default: `documents.MAX_DOCUMENT_BYTES`).
    """
    import zarr
    from zarr.abc.store import Store
    from zarr.storage import FsspecStore, LocalStore

    if isinstance(target, zarr.Group):
        if isinstance(target.store, LocalStore):
            folder = Path(target.store.root) / target.path if target.path else target.store.root
            return LocalSource(Path(folder), max_bytes=max_bytes), str(target.store)
        return ZarrSource(target.store, target.path, max_bytes=max_bytes), str(target.store)
    if isinstance(target, LocalStore):
        return LocalSource(Path(target.root), max_bytes=max_bytes), str(target)
    if isinstance(target, Store):
        return ZarrSource(target, max_bytes=max_bytes), str(target)
    if isinstance(target, Path) or (isinstance(target, str) and "://" not in target):
        return LocalSource(Path(target), max_bytes=max_bytes), str(target)
    if isinstance(target, str):
        url = urlparse(target)
        if url.scheme == "file":
            return LocalSource(Path(unquote(url.path)), max_bytes=max_bytes), target
        options = dict(storage_options or {})
        cap = documents.MAX_DOCUMENT_BYTES if max_bytes is None else max_bytes
        if url.scheme in {"http", "https"}:
            from .http import HttpSource

            return HttpSource(target, options, max_bytes=cap), target
        if url.scheme == "s3" and anonymous:
            options.setdefault("anon", True)
        store = FsspecStore.from_url(target.rstrip("/"), storage_options=options, read_only=True)
        return ZarrSource(store, max_bytes=cap), target
    raise TypeError(f"cannot validate a {type(target).__name__}: give a path, URL or zarr group")


class Reads:
    """The walk's one door to a `Source`: every request bounded, every fault a finding.

    At most ``Limits.concurrency`` requests at a time; ``Limits.timeout`` bounds one
    request in total, its retries and their back-off included. A failed document read is
    retried ``Limits.retries`` times (absence is an answer, not a fault; a refusal and
    running out of memory are not retried). A local folder (``local`` on the source) is
    read by one worker with plain file reads, so its document reads skip the semaphore
    and the timer. A source with a connection pool (``pool``) is told the concurrency, so
    its pool is never narrower than the semaphore.
    """

    def __init__(self, source: Source, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.semaphore = asyncio.Semaphore(limits.concurrency)
        self.local = bool(getattr(source, "local", False))
        #: A local source's synchronous read (`LocalSource.read_now`), None for any other.
        self.read_now: Callable[[str], bytes | None] | None = (
            getattr(source, "read_now", None) if self.local else None
        )
        pool = getattr(source, "pool", None)
        if pool is not None:
            pool(limits.concurrency)

    def get_now(self, key: str) -> tuple[bytes | None, ReadError | None]:
        """`get` through `read_now` (only when it is not None), synchronously."""
        assert self.read_now is not None
        try:
            return self.read_now(key), None
        except Exception as exc:
            return None, _read_error(key, exc)

    async def get(self, key: str) -> tuple[bytes | None, ReadError | None]:
        """(bytes or None when absent, why the read failed) for one document."""
        if self.local:  # one worker, plain file reads: no semaphore, no timer
            try:
                return await self.source.get(key), None
            except Exception as exc:
                return None, _read_error(key, exc)
        try:
            async with asyncio.timeout(self.limits.timeout):
                return await self._get_with_retries(key)
        except TimeoutError:
            message = f"reading {key!r} timed out after {self.limits.timeout:g} s"
            return None, (document_rules.UNREADABLE, message)

    async def _get_with_retries(self, key: str) -> tuple[bytes | None, ReadError | None]:
        attempt = 0
        while True:
            try:
                async with self.semaphore:
                    return await self.source.get(key), None
            except (Refused, FileNotFoundError, PermissionError, MemoryError) as exc:
                return None, _read_error(key, exc)
            except Exception as exc:  # a store raises anything: HTTP, socket, parse
                error = _read_error(key, exc)
            if attempt >= self.limits.retries:
                return None, error
            attempt += 1
            await asyncio.sleep(0.05 * 2**attempt)

    async def exists(self, key: str) -> bool | None:
        """Whether the file ``key`` is there; None when asking failed."""
        try:
            async with self.semaphore:
                async with asyncio.timeout(self.limits.timeout):
                    return await self.source.exists(key)
        except Exception:
            return None

    async def list_dir(self, path: str) -> list[str] | None:
        """The child folders of ``path`` that may be nodes; None when listing failed.

        A local folder is listed as its documents are read (`get`): by the one worker,
        without the semaphore and the timer (a plate lists each labels group, 3,072 on a
        1536-well plate, and the timer cost more than the listing, issue 15)."""
        try:
            if self.local:
                names = await self.source.list_dir(path)
            else:
                async with self.semaphore:
                    async with asyncio.timeout(self.limits.timeout):
                        names = await self.source.list_dir(path)
        except Exception:
            return None
        return [n for n in names if n not in _META_NAMES and not n.startswith(".")]


def _read_error(key: str, exc: BaseException) -> ReadError | None:
    """The finding for a failed read of ``key`` (None: the document is simply absent)."""
    if isinstance(exc, Refused):
        return exc.rule, exc.message
    if isinstance(exc, FileNotFoundError):
        return None
    if isinstance(exc, PermissionError):
        return document_rules.UNREADABLE, f"permission denied reading {key!r}: {exc}"
    if isinstance(exc, MemoryError):
        return document_rules.UNREADABLE, f"reading {key!r} ran out of memory"
    return document_rules.UNREADABLE, f"reading {key!r} failed: {plain_reason(exc)}"[:300]
