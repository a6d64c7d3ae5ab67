"""The reader's promises on hostile input (issue 12), at the points that keep them.

Focused on the store side: `store.confine` (links out of the target, what is not a
regular file, the read cap), `store.http` (redirects, caps while streaming, HTML pages),
null documents, duplicate names and out-of-range numbers, the terminal output, the
confined zarr store of the group classes and the field budget of `ZarrLoader`.
tests/test_hostile.py runs the same attacks end to end through the command line.

Whatever could block or grow without bound on a reader without these checks runs in a
subprocess under a memory cap (RLIMIT_AS) and a timeout, never in the test process.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import zarr

from ome_zarr_schemas import validate_store
from ome_zarr_schemas.cli._info import _natural
from ome_zarr_schemas.cli._render import TargetResult, printable, render_text, to_json
from ome_zarr_schemas.hierarchy import target_unread
from ome_zarr_schemas.issues import Issue, Report, Severity
from ome_zarr_schemas.store import confine, documents
from ome_zarr_schemas.store.confine import REFUSALS, Confinement, Refused
from ome_zarr_schemas.store.confined_zarr import confined_group
from ome_zarr_schemas.store.nodes import Limits
from ome_zarr_schemas.store.sources import ZarrSource, open_source
from ome_zarr_schemas.store.walk import read_hierarchy
from ome_zarr_schemas.transforms import Displacements, ZarrLoader
from ome_zarr_schemas.transforms.errors import ParameterLoadError

from .stores import StoreSpec

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="FIFOs and RLIMIT_AS")

SRC = Path(confine.__file__).resolve().parents[2]
SECRET = "SECRET-OUTSIDE"


def findings(report: Report) -> set[tuple[str, str]]:
    return {(i.rule, i.node) for i in report.issues}


def image(root: Path) -> Path:
    spec = StoreSpec("0.5")
    spec.image()
    return spec.write(root)


def read(target: object, limits: Limits | None = None) -> object:
    from zarr.core.sync import sync

    source, _ = open_source(target)
    return sync(read_hierarchy(source, limits))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.json").write_text(json.dumps(SECRET))
    return folder


def capped(code: str, *args: str, timeout: float = 30) -> tuple[int | None, str, float, float]:
    """Run ``code`` in a subprocess (1.5 GiB of address space): (status, output, seconds,
    peak MiB); status None when it was killed at the timeout."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))

    env = {**os.environ, "PYTHONPATH": str(SRC)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=limit,
    )
    try:
        out, _ = process.communicate(timeout=timeout)
        status: int | None = process.returncode
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        status = None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return status, out, time.perf_counter() - started, usage.ru_maxrss / 1024


# --- confinement


def test_link_out_of_the_target_is_refused_and_counted(tmp_path: Path, outside: Path) -> None:
    root = image(tmp_path / "t" / "s.zarr")
    (root / "0" / "zarr.json").unlink()
    (root / "0" / "zarr.json").symlink_to(outside / "secret.json")
    before = REFUSALS["store.path-escape"]
    report = validate_store(root)
    assert ("store.path-escape", "0") in findings(report)
    assert SECRET not in json.dumps([i.to_dict() for i in report.issues])
    assert REFUSALS["store.path-escape"] > before


def test_root_document_linked_outside_is_not_validated(tmp_path: Path, outside: Path) -> None:
    root = image(tmp_path / "t" / "s.zarr")
    (root / "zarr.json").unlink()
    (root / "zarr.json").symlink_to(outside / "secret.json")
    hierarchy = read(root)
    assert target_unread(hierarchy)  # type: ignore[arg-type]
    assert ("store.path-escape", "") in {(i.rule, i.node) for i in hierarchy.nodes[""].issues}  # type: ignore[attr-defined]


def test_plate_row_linked_to_the_parent_reads_nothing_there(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.plate(rows=1, columns=2, fields=1)
    root = spec.write(tmp_path / "t" / "plate.zarr")
    (tmp_path / "t" / "sibling.zarr").mkdir()
    (tmp_path / "t" / "sibling.zarr" / "zarr.json").write_text(json.dumps(SECRET))
    for f in sorted((root / "A").rglob("*"), reverse=True):
        f.rmdir() if f.is_dir() else f.unlink()
    (root / "A").rmdir()
    (root / "A").symlink_to("..")
    report = validate_store(root)
    assert ("store.path-escape", "A") in findings(report)
    assert not any("sibling" in node for _, node in findings(report))


def test_links_inside_the_target_and_a_linked_target_are_read(tmp_path: Path) -> None:
    root = image(tmp_path / "t" / "s.zarr")
    (root / "1").rename(root / "moved")
    (root / "1").symlink_to("moved")
    (root / "0" / "zarr.json").rename(root / "level0.json")
    (root / "0" / "zarr.json").symlink_to("../level0.json")
    link = tmp_path / "link.zarr"
    link.symlink_to(root)
    for target in (root, link):
        assert validate_store(target).valid, findings(validate_store(target))


def test_local_zarr_group_and_store_targets_are_confined(tmp_path: Path, outside: Path) -> None:
    root = image(tmp_path / "t" / "s.zarr")
    (root / "0" / "zarr.json").unlink()
    (root / "0" / "zarr.json").symlink_to(outside / "secret.json")
    group = zarr.open_group(str(root), mode="r")
    for target in (group, zarr.storage.LocalStore(str(root), read_only=True)):
        assert ("store.path-escape", "0") in findings(validate_store(target))


def test_confinement_unit(tmp_path: Path, outside: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "in.json").write_text("{}")
    (tmp_path / "r" / "link.json").symlink_to("in.json")
    (tmp_path / "r" / "out.json").symlink_to(outside / "secret.json")
    os.mkfifo(tmp_path / "r" / "pipe")
    gate = Confinement(tmp_path / "r")
    assert gate.read("link.json", 10) == b"{}"
    with pytest.raises(Refused) as escaped:
        gate.read("out.json", 10)
    assert escaped.value.rule.id == "store.path-escape"
    with pytest.raises(Refused) as pipe:
        gate.read("pipe", 10)  # refused before it is opened: never blocks
    assert pipe.value.rule.id == "store.not-a-file"
    with pytest.raises(FileNotFoundError):
        gate.read("absent.json", 10)


FIFO = """
import json, sys
from ome_zarr_schemas import validate_store
report = validate_store(sys.argv[1])
print(json.dumps(sorted([i.rule, i.node] for i in report.issues)))
"""


def test_fifo_document_is_refused_without_blocking(tmp_path: Path) -> None:
    root = image(tmp_path / "s.zarr")
    (root / "0" / "zarr.json").unlink()
    os.mkfifo(root / "0" / "zarr.json")
    status, out, _seconds, _ = capped(FIFO, str(root), timeout=30)
    assert status == 0, out
    assert ["store.not-a-file", "0"] in json.loads(out.splitlines()[-1])


def test_single_document_target_is_confined(tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "zarr.json").symlink_to(outside / "secret.json")
    loaded = documents.load_document(folder)
    assert loaded.issue is not None and loaded.issue.rule == "store.path-escape"
    os.mkfifo(tmp_path / "pipe.json")
    loaded = documents.load_document(tmp_path / "pipe.json")
    assert loaded.issue is not None and loaded.issue.rule == "store.not-a-file"


# --- caps: local and other stores


def test_local_document_over_the_cap_reports_its_real_size(tmp_path: Path) -> None:
    root = image(tmp_path / "s.zarr")
    with (root / "0" / "zarr.json").open("r+b") as f:
        f.truncate(50_000_000)  # sparse
    report = validate_store(root, limits=Limits(max_document_bytes=1000))
    (issue,) = [i for i in report.issues if i.node == "0"]
    assert issue.rule == "document.too-large" and "50000000 bytes" in issue.message


def test_zarr_store_read_is_capped_with_the_real_size() -> None:
    from zarr.core.buffer import default_buffer_prototype
    from zarr.core.sync import sync
    from zarr.storage import MemoryStore

    store = MemoryStore()
    buffer = default_buffer_prototype().buffer.from_bytes(b"x" * 5000)
    sync(store.set("zarr.json", buffer))
    with pytest.raises(Refused) as refused:
        sync(ZarrSource(store, max_bytes=100).get("zarr.json"))
    assert refused.value.rule.id == "document.too-large" and "5000 bytes" in refused.value.message


# --- HTTP

Route = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def server(routes: dict[str, Route]) -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 answering each path with its route (404 otherwise)."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            asked.append(self.path)
            route = routes.get(self.path)
            if route is None:
                send(self, 404, b"no\n")
            else:
                route(self)

        do_HEAD = do_GET

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    h.send_response(status)
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    named.setdefault("Content-Length", str(len(body)))
    for name, value in named.items():
        h.send_header(name, value)
    h.end_headers()
    if h.command != "HEAD":
        with suppress(OSError):
            h.wfile.write(body)


def files(root: Path, prefix: str) -> dict[str, Route]:
    """Routes serving every file under ``root`` at ``prefix``."""
    routes: dict[str, Route] = {}
    for file in root.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            key = f"{prefix}/{file.relative_to(root).as_posix()}"
            routes[key] = _json(data)
    return routes


def _json(data: bytes) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, data, Content_Type="application/json")

    return route


def test_redirect_off_the_target_is_refused(tmp_path: Path) -> None:
    root = image(tmp_path / "s.zarr")
    routes = files(root, "/t/s.zarr")
    secret = json.dumps(SECRET).encode()
    routes["/other/zarr.json"] = lambda h: send(h, 200, secret)
    routes["/t/s.zarr/0/zarr.json"] = lambda h: send(h, 302, b"", Location="/other/zarr.json")
    with server(routes) as (url, asked):
        report = validate_store(f"{url}/t/s.zarr")
    assert ("store.path-escape", "0") in findings(report)
    assert "/other/zarr.json" not in asked
    (issue,) = [i for i in report.issues if i.rule == "store.path-escape"]
    assert "/other/zarr.json" in issue.message


def test_redirect_under_the_target_is_followed(tmp_path: Path) -> None:
    root = image(tmp_path / "s.zarr")
    routes = files(root, "/t/s.zarr")
    routes["/t/s.zarr/moved.json"] = routes["/t/s.zarr/0/zarr.json"]
    routes["/t/s.zarr/0/zarr.json"] = lambda h: send(h, 307, b"", Location="/t/s.zarr/moved.json")
    with server(routes) as (url, asked):
        report = validate_store(f"{url}/t/s.zarr")
    assert report.valid, findings(report)
    assert "/t/s.zarr/moved.json" in asked


def test_html_pages_are_not_documents(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html><body>index</body></html>"
    html: Route = lambda h: send(h, 200, page, Content_Type="text/html")  # noqa: E731
    root = image(tmp_path / "s.zarr")
    routes = files(root, "/s.zarr")
    routes["/s.zarr/0/zarr.json"] = html
    with server(routes) as (url, _):
        report = validate_store(f"{url}/s.zarr")
    assert ("document.not-json", "0") in findings(report)
    every = {f"/s.zarr/{n}": html for n in ("zarr.json", ".zgroup", ".zattrs", ".zarray")}
    with server(every) as (url, _):
        hierarchy = read(f"{url}/s.zarr")
    assert target_unread(hierarchy)  # type: ignore[arg-type]


def _level(tmp_path: Path, route: Route) -> Report:
    root = image(tmp_path / "s.zarr")
    routes = files(root, "/s.zarr")
    routes["/s.zarr/0/zarr.json"] = route
    with server(routes) as (url, _):
        return validate_store(f"{url}/s.zarr", limits=Limits(max_document_bytes=100_000))


def test_declared_size_over_the_cap_is_refused_unread(tmp_path: Path) -> None:
    def huge(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, b"", Content_Length=str(2 << 30))  # nothing sent: never read

    (issue,) = [i for i in _level(tmp_path, huge).issues if i.node == "0"]
    assert issue.rule == "document.too-large" and str(2 << 30) in issue.message


def test_endless_body_stops_at_the_cap(tmp_path: Path) -> None:
    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"[" + b"0," * 8000
        try:
            for _ in range(10_000):  # 160 MB at most, the reader hangs up long before
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass

    (issue,) = [i for i in _level(tmp_path, endless).issues if i.node == "0"]
    assert issue.rule == "document.too-large"


def test_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as f:
        for _ in range(64):
            f.write(b" " * (1 << 20))  # 64 MiB of spaces, ~64 KB compressed
    bomb = buffer.getvalue()

    def route(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, bomb, Content_Encoding="gzip", Content_Type="application/json")

    (issue,) = [i for i in _level(tmp_path, route).issues if i.node == "0"]
    assert issue.rule == "document.too-large"


def test_gzip_body_within_the_cap_is_read(tmp_path: Path) -> None:
    root = image(tmp_path / "s.zarr")
    routes = files(root, "/s.zarr")
    packed = gzip.compress((root / "0" / "zarr.json").read_bytes())
    routes["/s.zarr/0/zarr.json"] = lambda h: send(h, 200, packed, Content_Encoding="gzip")
    with server(routes) as (url, _):
        assert validate_store(f"{url}/s.zarr").valid


def test_timeout_bounds_the_request_with_its_retries(tmp_path: Path) -> None:
    def stuck(h: BaseHTTPRequestHandler) -> None:
        time.sleep(5)
        send(h, 500, b"late")

    root = image(tmp_path / "s.zarr")
    routes = files(root, "/s.zarr")
    routes["/s.zarr/0/zarr.json"] = stuck
    with server(routes) as (url, _):
        started = time.perf_counter()
        report = validate_store(f"{url}/s.zarr", limits=Limits(timeout=1.0, retries=2))
        seconds = time.perf_counter() - started
    assert ("document.unreadable", "0") in findings(report)
    assert seconds < 3, seconds  # one second in total, not three plus back-off


# --- documents: null, duplicate names, numbers


def test_null_documents_are_findings(tmp_path: Path) -> None:
    root = image(tmp_path / "s.zarr")
    (root / "0" / "zarr.json").write_text("null")
    assert ("store.zarr-metadata", "0") in findings(validate_store(root))
    (root / "zarr.json").write_text("null")
    assert target_unread(read(root))  # type: ignore[arg-type]

    spec = StoreSpec("0.4")
    spec.image(labels=["cells"])
    v2 = spec.write(tmp_path / "v2.zarr")
    (v2 / "labels" / "cells" / ".zattrs").write_text("null")
    (v2 / "0" / ".zarray").write_text("null")
    found = findings(validate_store(v2))
    assert {("document.structure", "labels/cells"), ("store.zarr-metadata", "0")} <= found


def test_duplicate_names_and_huge_numbers_are_findings_on_the_node(tmp_path: Path) -> None:
    root = image(tmp_path / "s.zarr")
    level = root / "0" / "zarr.json"
    level.write_text(
        level.read_text().replace('"fill_value": 0', '"fill_value": 0, "fill_value": 0')
    )
    report = validate_store(root)
    (issue,) = [i for i in report.issues if i.rule == "document.duplicate-key"]
    assert issue.node == "0" and "fill_value" in issue.message and report.valid
    text = level.read_text().replace('"fill_value": 0', '"fill_value": 1e400', 1)
    level.write_text(text)
    report = validate_store(root)
    (issue,) = [i for i in report.issues if i.rule == "document.number-out-of-range"]
    assert issue.node == "0" and "1e400 at line 1 column" in issue.message


# --- terminal output


def test_text_output_escapes_controls_and_json_stays_exact() -> None:
    node = "labels/\x1b[2Jevil\x07\u202e"
    issue = Issue("store.zarr-metadata", Severity.ERROR, "bad \x1b[31m", node=node, related=(node,))
    result = TargetResult("t\x1b]0;x\x07", Report.from_issues([issue]))
    out = io.StringIO()
    render_text([result], out, verbose=True, color=False)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "\u202e" not in out.getvalue() and "\\x1b[2Jevil\\x07\\u202e" in out.getvalue()
    assert to_json([result], strict=False)["targets"][0]["issues"][0]["node"] == node
    assert printable("plain ünïcode") == "plain ünïcode"


def test_info_orders_any_dataset_path_without_converting_it() -> None:
    keys = ["10", "2", "\u00b2", "1" * 4301, "a", "02"]
    assert [k[:3] for k in sorted(keys, key=_natural)] == ["2", "02", "10", "111", "a", "²"]


# --- zarr reads of the group classes and the transformation loader


def test_confined_group_refuses_an_array_linked_outside(tmp_path: Path) -> None:
    zarr.create_array(store=str(tmp_path / "outside" / "a"), data=np.ones(3), zarr_format=3)
    root = tmp_path / "t"
    zarr.open_group(str(root), mode="w", zarr_format=3)
    (root / "a").symlink_to(tmp_path / "outside" / "a")
    with pytest.raises((Refused, KeyError)):
        confined_group(root)["a"]
    with pytest.raises(ParameterLoadError, match="outside the target"):
        ZarrLoader(root)("a")
    with pytest.raises(ParameterLoadError):
        ZarrLoader(zarr.open_group(str(root), mode="r"))("a")


def test_field_beyond_the_budget_is_read_only_around_the_points(tmp_path: Path) -> None:
    """Issue 12: a field declaring 6.4 GB of float64 opens at once and maps a point by
    reading the chunks around it only; a block whose chunks exceed the budget is refused,
    naming the field and the bytes, before anything is read (whole-array parameters keep
    the declared-size check)."""
    root = tmp_path / "t"
    group = zarr.open_group(str(root), mode="w", zarr_format=3)
    group.create_array("dfield", shape=(2, 20000, 20000), dtype="float64", chunks=(1, 1000, 1000))
    group.create_array("whole", shape=(2, 20000, 20000), dtype="float64", chunks=(2, 20000, 20000))
    group.create_array("small", shape=(2, 4, 4), dtype="float64", fill_value=0.5)
    started = time.perf_counter()
    field = ZarrLoader(root).field("dfield")
    shifted = Displacements("dfield", field=field).apply([[1.0, 1.0]])
    assert shifted.tolist() == [[1.0, 1.0]]  # no chunk written: the fill value 0
    assert time.perf_counter() - started < 5
    whole = Displacements("whole", field=ZarrLoader(root).field("whole"))
    with pytest.raises(ParameterLoadError, match=r"whole.*6400000000 bytes.*\[2, 20000, 20000\]"):
        whole.apply([[1.0, 1.0]])
    assert ZarrLoader(root)("small").shape == (2, 4, 4)
    with pytest.raises(ParameterLoadError, match="budget"):
        ZarrLoader(root, max_bytes=100)("small")
