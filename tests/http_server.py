"""A real HTTP server on 127.0.0.1 serving a folder, with injectable faults.

Used by the store tests (in a thread) and the benchmark (in a subprocess, so the server
does not compete with the validator for the GIL). Faults are set per path: a delay, a
status code, or a body cut short of its Content-Length; ``latency`` delays every request.
The hostile suite adds answers an attacker would give: a redirect, an HTML page with
status 200, a huge, endless or gzip-bomb body.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse


@dataclass
class Faults:
    latency: float = 0.0  # seconds added to every request
    delay: dict[str, float] = field(default_factory=dict)  # key -> extra seconds
    status: dict[str, int] = field(default_factory=dict)  # key -> HTTP status to answer
    truncate: set[str] = field(default_factory=set)  # keys whose body is cut in half
    requests: list[str] = field(default_factory=list)  # every key asked for, in order
    redirect: dict[str, str] = field(default_factory=dict)  # key -> Location of a 302
    html: bool = False  # every key answers 200 with an HTML page
    huge: dict[str, int] = field(default_factory=dict)  # key -> Content-Length of spaces
    endless: set[str] = field(default_factory=set)  # keys answered forever, no length
    gzip_bomb: dict[str, int] = field(default_factory=dict)  # key -> inflated size (MiB)
    peak: int = 0  # the most requests being answered at once
    _active: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def enter(self) -> None:
        with self._lock:
            self._active += 1
            self.peak = max(self.peak, self._active)

    def leave(self) -> None:
        with self._lock:
            self._active -= 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, root: Path, faults: Faults) -> None:
        self.root = root.resolve()
        self.faults = faults
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a timeout test, a cancelled read) is expected here.

        socketserver prints its traceback to stderr from the handler thread, where it
        can land in whichever later test is capturing stderr and fail it.
        """
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, head_only: bool) -> None:
        faults = self.server.faults
        key = unquote(urlparse(self.path).path).lstrip("/")
        faults.requests.append(key)
        wait = faults.latency + faults.delay.get(key, 0.0)
        if wait:
            time.sleep(wait)
        status = faults.status.get(key)
        if status is not None:
            self._send(status, b"error\n", head_only)
            return
        if self._hostile(key, head_only):
            return
        file = (self.server.root / key).resolve()
        if not file.is_relative_to(self.server.root) or not file.is_file():
            self._send(404, b"not found\n", head_only)
            return
        body = file.read_bytes()
        if key in faults.truncate:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(200, body, head_only)

    def _hostile(self, key: str, head_only: bool) -> bool:
        """Answer ``key`` as the hostile faults say; False when none applies."""
        faults = self.server.faults
        if key in faults.redirect:
            self.send_response(302)
            self.send_header("Location", faults.redirect[key])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        if faults.html:
            self._send(200, _HTML, head_only, "text/html; charset=utf-8")
            return True
        if key in faults.huge:
            self.send_response(200)
            self.send_header("Content-Length", str(faults.huge[key]))
            self.end_headers()
            self._stream(faults.huge[key], head_only)
            return True
        if key in faults.endless:
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            self._stream(None, head_only)
            return True
        if key in faults.gzip_bomb:
            body = _gzip_bomb(faults.gzip_bomb[key])
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head_only:
                self.wfile.write(body)
            return True
        return False

    def _stream(self, size: int | None, head_only: bool) -> None:
        """Write ``size`` spaces (forever when None, for at most a minute)."""
        if head_only:
            return
        block = b" " * (1 << 20)
        sent, until = 0, time.monotonic() + 60
        while (size is None or sent < size) and time.monotonic() < until:
            n = len(block) if size is None else min(len(block), size - sent)
            self.wfile.write(block[:n])
            sent += n
        self.close_connection = True

    def _send(
        self, status: int, body: bytes, head_only: bool, kind: str = "application/octet-stream"
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.faults.enter()
        try:
            self._answer(head_only=False)
        finally:
            self.server.faults.leave()

    def do_HEAD(self) -> None:
        self.server.faults.enter()
        try:
            self._answer(head_only=True)
        finally:
            self.server.faults.leave()


_HTML = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Welcome</body></html>\n"


@lru_cache(maxsize=4)
def _gzip_bomb(mib: int) -> bytes:
    """A gzip body of ``mib`` MiB of spaces: about 1 KB per MiB, built without the MiBs.

    Each MiB is deflated after a full flush, so its compressed block is the same bytes
    every time and is repeated; only the CRC needs the inflated data, one block at a time.
    """
    block = b" " * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressed = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = crc.to_bytes(4, "little") + ((mib << 20) & 0xFFFFFFFF).to_bytes(4, "little")
    return header + compressed * mib + end + trailer


@contextmanager
def serve(root: Path, faults: Faults | None = None) -> Iterator[tuple[str, Faults]]:
    """Serve ``root`` on 127.0.0.1 in a thread; yields (base URL, faults)."""
    faults = faults or Faults()
    server = _Server(root, faults)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}", faults
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main() -> None:
    """Serve a folder until killed; print the base URL on the first line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    server = _Server(args.root, Faults(latency=args.latency))
    host, port = server.server_address[:2]
    print(f"http://{host!s}:{port}", flush=True)
    server.serve_forever()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    main()
