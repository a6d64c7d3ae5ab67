"""A real HTTP server on 127.0.0.1 serving a folder, with injectable faults.

Used by the store tests (in a thread) and the benchmark (in a subprocess, so the server
does not compete with the validator for the GIL). Faults are set per path: a delay, a
status code, or a body cut short of its Content-Length; ``latency`` delays every request.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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

    def _send(self, status: int, body: bytes, head_only: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(head_only=False)

    def do_HEAD(self) -> None:
        self._answer(head_only=True)


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
