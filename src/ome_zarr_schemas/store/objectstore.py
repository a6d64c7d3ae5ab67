"""Reading a zarr `ObjectStore` (obstore) given as the target: the cap from the object's
size, no byte-range request.

`sources.ZarrSource` bounds a read by asking a byte range of cap + 1. obstore's HTTPStore
insists on a 206 answer to a range, so against a plain static server (no Range support)
every document of an ``ObjectStore(HTTPStore(...))`` failed as "Range request not
supported". obstore reports an object's size (Content-Length, an S3/GCS/Azure object's
size, a file's size) before its body is read, so the cap is checked there and the body,
which ends at that size, is read whole. A user handing over an ObjectStore chose that
client: it follows redirects to any host (bench/README.md, "HTTP: fsspec/aiohttp vs
obstore"), which is why a plain ``http(s)://`` URL is read by `http.HttpSource`.
"""

from __future__ import annotations

from typing import Any

from .confine import too_large

__all__ = ["can_list", "is_object_store", "read_object"]


def is_object_store(store: object) -> bool:
    from zarr.storage import ObjectStore

    return isinstance(store, ObjectStore)


def can_list(store: Any) -> bool:
    """HTTPStore lists by WebDAV, which a static server does not answer: no listing
    there, as for a plain HTTP URL."""
    return type(store.store).__name__ != "HTTPStore"


async def read_object(store: Any, key: str, cap: int) -> bytes | None:
    """The object ``key`` of the zarr ObjectStore ``store``; None when absent; refused
    from its size, before its body is read, when over ``cap``."""
    import obstore
    from obstore.exceptions import NotFoundError

    try:
        result: Any = await obstore.get_async(store.store, key)
    except (NotFoundError, FileNotFoundError):
        return None
    size = int(result.meta["size"])
    if size > cap:
        raise too_large(size, cap)
    data = bytes(await result.bytes_async())
    if len(data) > cap:  # a body longer than its size said (a file still growing)
        raise too_large(None, cap)
    return data
