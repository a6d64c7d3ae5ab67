"""Reading a store over plain HTTP(S), on the reader's terms rather than the client's.

fsspec's HTTP filesystem (behind zarr's FsspecStore) follows every redirect, reads a
whole body into memory before anyone can look at its size, and inflates a gzip body
in one piece. On a hostile server each of those is an escape or a memory bomb, so the
walk reads HTTP targets through `HttpSource`, which keeps fsspec's session and request
options (``storage_options`` mean what they meant) and does the rest itself:

- a redirect is followed only when it stays on the same scheme, host and port and under
  the target's path prefix; any other is refused (``store.path-escape``, naming where
  it led);
- a body is streamed and stops at the cap, its declared size (Content-Length) refused
  before any of it is read; a compressed body is inflated in bounded steps, and both
  the bytes received and the bytes inflated count against the cap;
- an HTML page answered with status 200 (a server's error or index page) is refused as
  ``document.not-json``: it was never a document of the store.

The session's connection pool is sized to the walk's concurrency (`HttpSource.pool`):
fsspec's session keeps at most 100 connections, so a walk asked for 256 requests at a
time would queue for connections behind its own semaphore (measured in bench/README.md,
"HTTP: fsspec/aiohttp vs obstore"). Host names are resolved once per walk (aiohttp
re-resolves every 10 s by default): a walk gains nothing from asking again.
"""

from __future__ import annotations

import asyncio
import weakref
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..rules import document as document_rules
from ..rules import store as store_rules
from .confine import Refused, too_large

__all__ = ["MAX_REDIRECTS", "HttpSource"]

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_STEP = 64 * 1024  # bytes read (and inflated) per step


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def _looks_like_html(content_type: str, head: bytes) -> bool:
    if "html" in content_type.lower():
        return True
    start = head[:64].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _fsspec_get_client() -> Any:
    from fsspec.implementations.http import get_client  # type: ignore[import-untyped]

    return get_client


class HttpSource:
    """A `Source` over ``http(s)://``: bounded bodies, redirects kept under the target."""

    can_list = False

    def __init__(
        self, url: str, storage_options: Mapping[str, Any] | None = None, *, max_bytes: int
    ) -> None:
        from fsspec.implementations.http import HTTPFileSystem

        self.base = url.rstrip("/")
        self.max_bytes = max_bytes
        self._origin = _origin(self.base)
        self._prefix = urlsplit(self.base).path.rstrip("/") + "/"
        options = dict(storage_options or {})
        self.fs = HTTPFileSystem(asynchronous=True, skip_instance_cache=True, **options)
        self._session: Any = None
        self._connections = 0  # 0: fsspec's own pool

    def pool(self, connections: int) -> None:
        """Keep up to ``connections`` connections open (the walk's concurrency), unless
        ``storage_options`` chose the client or its connector themselves."""
        self._connections = connections

    async def _new_session(self) -> Any:
        kwargs = self.fs.client_kwargs
        custom = "connector" in kwargs or self.fs.get_client is not _fsspec_get_client()
        if self._connections and not custom:
            import aiohttp

            connector = aiohttp.TCPConnector(limit=self._connections, ttl_dns_cache=None)
            # `sources.Reads` bounds every request (retries included): aiohttp's own
            # 5-minute timer per request would only cost a timer each
            timeout = kwargs.get("timeout", aiohttp.ClientTimeout())
            self.fs.client_kwargs = {**kwargs, "connector": connector, "timeout": timeout}
        return await self.fs.set_session()

    def _url(self, key: str) -> str:
        return f"{self.base}/{key}"

    def _allowed(self, url: str) -> bool:
        return _origin(url) == self._origin and urlsplit(url).path.startswith(self._prefix)

    async def _open(self, key: str, method: str) -> Any:
        """The response to ``method`` on ``key`` after the redirects allowed (a context)."""
        session = self._session
        if session is None:
            session = self._session = await self._new_session()
            # fsspec closes an asynchronous filesystem's session only when told to
            loop = asyncio.get_running_loop()
            weakref.finalize(self, type(self.fs).close_session, loop, session)
        url = self._url(key)
        for _ in range(MAX_REDIRECTS + 1):
            response = await session.request(
                method, url, allow_redirects=False, auto_decompress=False, **self.fs.kwargs
            )
            if response.status not in _REDIRECTS:
                return response
            location = response.headers.get("Location", "")
            response.release()
            target = urljoin(url, location)
            if not self._allowed(target):
                raise Refused(
                    store_rules.PATH_ESCAPE,
                    f"reading {key!r}: the server redirected to {target}, outside the target"
                    f" {self.base}; not followed",
                )
            url = target
        raise Refused(
            store_rules.PATH_ESCAPE, f"reading {key!r}: more than {MAX_REDIRECTS} redirects"
        )

    async def get(self, key: str) -> bytes | None:
        response = await self._open(key, "GET")
        try:
            if response.status in (404, 410):
                return None
            response.raise_for_status()
            return await self._body(key, response)
        finally:
            response.release()

    async def _body(self, key: str, response: Any) -> bytes:
        """The body, streamed and stopped at the cap (received and inflated bytes both)."""
        cap = self.max_bytes
        declared = response.headers.get("Content-Length", "")
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        inflate = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            inflate = zlib.decompressobj(47 if "gzip" in encoding else zlib.MAX_WBITS)
        if declared.isdigit() and int(declared) > cap:  # refused before reading any of it
            raise too_large(int(declared) if inflate is None else None, cap)
        if inflate is None and declared.isdigit():  # aiohttp ends the body at its length:
            # one read, no chunk list (most documents are a few hundred bytes)
            return self._not_html(key, response, await response.content.readexactly(int(declared)))
        parts: list[bytes] = []
        received = total = 0
        while chunk := await response.content.read(_STEP):
            received += len(chunk)
            if received > cap:
                raise too_large(None, cap)
            while chunk:
                out = chunk if inflate is None else inflate.decompress(chunk, cap + 1 - total)
                chunk = b"" if inflate is None else inflate.unconsumed_tail
                parts.append(out)
                total += len(out)
                if total > cap:  # a bomb stops here, at cap + 1 bytes inflated
                    raise too_large(None, cap)
        if inflate is not None:
            parts.append(inflate.flush(cap + 1 - total))
            if total + len(parts[-1]) > cap:
                raise too_large(None, cap)
        return self._not_html(key, response, b"".join(parts))

    def _not_html(self, key: str, response: Any, body: bytes) -> bytes:
        """``body``, unless it is a server's HTML page (an error or index page)."""
        if _looks_like_html(response.headers.get("Content-Type", ""), body):
            raise Refused(
                document_rules.NOT_JSON,
                f"{key.rpartition('/')[2]}: the server answered with an HTML page (status"
                f" {response.status}), not a JSON document",
            )
        return body

    async def exists(self, key: str) -> bool:
        response = await self._open(key, "HEAD")
        try:
            return bool(200 <= response.status < 300)
        finally:
            response.release()

    async def list_dir(self, path: str) -> list[str]:
        return []
