"""A static file server for the benchmark: aiohttp, one process, ``--latency`` per request.

The threaded test server (tests/http_server.py) tops out at a few hundred requests per
second on a busy 2-core machine, which would measure the server, not the client; this
one sleeps asynchronously, so 64 concurrent requests at 20 ms cost 20 ms, not 64 threads.
Documents are kept in memory once read (the plates are metadata only): on a loaded 2-core
machine the server's own per-request work is what caps the clients it serves.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
from pathlib import Path

from aiohttp import web


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--latency", type=float, default=0.02)
    args = parser.parse_args()
    root = args.root.resolve()
    cache: dict[str, bytes] = {}

    async def handle(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(args.latency)
        key = request.match_info["key"]
        body = cache.get(key)
        if body is None:
            file = (root / key).resolve()
            if not file.is_relative_to(root) or not file.is_file():
                raise web.HTTPNotFound()
            body = cache[key] = file.read_bytes()
        return web.Response(body=body, content_type="application/octet-stream")

    app = web.Application()
    app.router.add_route("*", "/{key:.*}", handle)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    web.run_app(app, sock=sock, print=None, access_log=None, backlog=512)


if __name__ == "__main__":
    main()
