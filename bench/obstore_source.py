"""A `Source` over obstore's HTTPStore, for the benchmark only (bench/http_bench.py).

It measures what adopting obstore for HTTP would buy the walk, with the checks obstore
lets a reader keep: a declared size over the cap refused before the body is read
(obstore requires Content-Length on a GET, and the body stops at it), an HTML page with
status 200 refused, absence as None. It is NOT the package's HTTP reader: obstore's
client follows every redirect, to any host and port, with no option to refuse one
(bench/README.md, "HTTP: fsspec/aiohttp vs obstore"), so it cannot read untrusted HTTP
under the package's confinement rule.
"""

from __future__ import annotations

from typing import Any

from ome_zarr_schemas.rules import document as document_rules
from ome_zarr_schemas.store.confine import Refused, too_large

__all__ = ["ObstoreSource"]


class ObstoreSource:
    """Reads ``url``/key with obstore (Rust: reqwest + hyper), one GET per document."""

    can_list = False

    def __init__(self, url: str, *, max_bytes: int, timeout: float = 30.0) -> None:
        from obstore.store import HTTPStore

        self.max_bytes = max_bytes
        self.store = HTTPStore.from_url(
            url.rstrip("/"),
            client_options={
                "allow_http": True,
                "timeout": f"{max(1, round(timeout * 1000))}ms",
                "pool_max_idle_per_host": "256",
            },
            retry_config={"max_retries": 0},  # Reads retries, as for every source
        )

    async def get(self, key: str) -> bytes | None:
        import obstore
        from obstore.exceptions import NotFoundError

        try:
            result: Any = await obstore.get_async(self.store, key)
        except (NotFoundError, FileNotFoundError):
            return None
        size = int(result.meta["size"])
        if size > self.max_bytes:  # declared: refused before any of the body is read
            raise too_large(size, self.max_bytes)
        body = bytes(await result.bytes_async())
        content_type = str(result.attributes.get("Content-Type", ""))
        if "html" in content_type.lower() or body[:64].lstrip().lower().startswith(
            (b"<!doctype html", b"<html")
        ):
            raise Refused(
                document_rules.NOT_JSON,
                f"{key.rpartition('/')[2]}: the server answered with an HTML page",
            )
        return body

    async def exists(self, key: str) -> bool:
        import obstore
        from obstore.exceptions import NotFoundError

        try:
            await obstore.head_async(self.store, key)
        except (NotFoundError, FileNotFoundError):
            return False
        return True

    async def list_dir(self, path: str) -> list[str]:
        return []
