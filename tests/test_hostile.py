"""Hostile stores (issue 12): no escape from the target, no crash, no hang, bounded memory.

Every case builds a store an attacker could write (tests/hostile_cases.py) and runs the
command line on it in a subprocess under a memory cap (RLIMIT_AS, 1.5 GiB) and a timeout,
locally, over HTTP on 127.0.0.1 and, where it applies, S3 through the loopback moto
server. It asserts what issue 12 promises: no traceback, the exit status, the finding
(rule id and node), nothing opened outside the target root, bounded memory, no hang.

"Nothing opened outside the root" is checked three ways, none of them internal: the
outside files hold a secret that would be quoted in the report if read; under strace
(when installed) every file the subprocess opened is listed by the real path the kernel
gives its descriptor, and none may lie outside the real root in the test's folder; over
HTTP the other server's request log stays empty.

Cases that today's code gets wrong are strict xfails naming what is missing: the fix of
each flips exactly its cases, and an unexpected pass fails until the mark is removed.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas import InvalidMetadataError, v05, v06, validate_attributes, validate_store
from ome_zarr_schemas.transforms import TransformError

from .hostile_cases import (
    GIB,
    SECRET,
    STRACE,
    Outcome,
    attributes06,
    chain06,
    image04,
    image05,
    multiscale,
    plate05,
    run,
    scene06,
    validate_argv,
    write,
)
from .http_server import Faults, serve
from .test_store_s3 import BUCKET, S3, s3  # noqa: F401 - the loopback S3 server fixture

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="FIFOs, RLIMIT_AS, /dev/zero and strace are Linux's"
)


def issue12(missing: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"issue 12: {missing}")


CAP = issue12("reads are not capped while reading")
NULL = issue12("a JSON null document is not a finding on its node")

# --- helpers


def validate(
    target: str | Path,
    *options: str,
    timeout: float = 30.0,
    where: str = "local",
    trace: bool = False,
) -> Outcome:
    """The command line on ``target`` (JSON report), capped; it must end cleanly."""
    outcome = run(validate_argv(target, *options), timeout=timeout, where=where, trace=trace)
    assert outcome.code is not None, f"killed after {outcome.seconds:.0f} s (no verdict)"
    assert outcome.clean(), outcome.err[-2000:]
    return outcome


def confined(outcome: Outcome, root: Path, around: Path, also: tuple[str, ...] = ()) -> None:
    """Nothing outside ``root`` was read: no secret in the report, no open (strace)."""
    assert SECRET not in outcome.out + outcome.err
    if STRACE:
        assert outcome.outside(root, around, also) == []


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the target whose every document is the secret."""
    folder = tmp_path / "outside"
    write(folder / "secret.json", json.dumps(SECRET))
    write(folder / "level" / "zarr.json", json.dumps(SECRET))
    return folder


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Faults, Path]]:
    """A server on 127.0.0.1 of ``tmp_path/www``: (URL of the target, faults, target root)."""
    www = tmp_path / "www"
    root = image05(www / "t" / "s.zarr")
    with serve(www) as (url, faults):
        yield f"{url}/t/s.zarr", faults, root


@contextmanager
def reach(where: str, root: Path) -> Iterator[str]:
    """The target as the command line names it: the folder, or its URL while served."""
    if where == "local":
        yield str(root)
        return
    with serve(root) as (url, _):
        yield url


# --- escapes: symlinks


LINKS = {
    # case: (link inside the root, what it points to, node, exit status)
    "root-zarr.json": ("zarr.json", "secret.json", "", 2),
    "level-zarr.json": ("0/zarr.json", "secret.json", "0", 1),
    "level-folder": ("0", "level", "0", 1),
}


@pytest.mark.parametrize("case", sorted(LINKS))
def test_symlink_out_of_the_target_is_refused(tmp_path: Path, outside: Path, case: str) -> None:
    link, to, node, status = LINKS[case]
    root = image05(tmp_path / "target" / "s.zarr")
    path = root / link
    if path.is_dir():
        for f in path.iterdir():
            f.unlink()
        path.rmdir()
    else:
        path.unlink()
    path.symlink_to(outside / to)
    outcome = validate(root, trace=True)
    confined(outcome, root, tmp_path)
    assert ("store.path-escape", node) in outcome.findings()
    assert outcome.code == status


def test_v2_attributes_linked_outside_are_refused(tmp_path: Path, outside: Path) -> None:
    root = image04(tmp_path / "target" / "s.zarr", labels=["cells"])
    (root / "labels" / ".zattrs").unlink()
    (root / "labels" / ".zattrs").symlink_to(outside / "secret.json")
    outcome = validate(root, trace=True)
    confined(outcome, root, tmp_path)
    assert ("store.path-escape", "labels") in outcome.findings()
    assert outcome.code == 1


def test_plate_row_linked_to_the_parent_is_refused(tmp_path: Path) -> None:
    parent = tmp_path / "target"
    root = plate05(parent / "plate.zarr")
    write(parent / "sibling.zarr" / "zarr.json", json.dumps(SECRET))
    image05(parent / "other.zarr")
    for f in sorted((root / "A").rglob("*"), reverse=True):
        f.rmdir() if f.is_dir() else f.unlink()
    (root / "A").rmdir()
    (root / "A").symlink_to("..")
    outcome = validate(root, timeout=20, trace=True)
    confined(outcome, root, tmp_path)
    assert ("store.path-escape", "A") in outcome.findings()
    assert outcome.code == 1


def _outside_affine(folder: Path) -> None:
    import numpy as np
    import zarr

    values = np.array([[1.0, 0.0, 1000.0], [0.0, 1.0, 1000.0]])
    zarr.create_array(store=str(folder), data=values, zarr_format=3)


def test_scene_parameter_array_linked_outside_is_refused(tmp_path: Path) -> None:
    root = scene06(tmp_path / "target" / "scene.zarr")
    _outside_affine(tmp_path / "outside" / "tile_1")
    array = root / "coordinateTransformations" / "tile_1"
    (array / "zarr.json").unlink()
    array.rmdir()
    array.symlink_to(tmp_path / "outside" / "tile_1")
    outcome = validate(root, trace=True)
    confined(outcome, root, tmp_path)
    assert ("store.path-escape", "coordinateTransformations/tile_1") in outcome.findings()
    # The group classes read through the same confinement: the outside values never
    # reach map_points (today they move the point by 1000).
    with pytest.raises((InvalidMetadataError, TransformError)):
        graph = v06.Scene.from_zarr(root).transform_graph()
        graph.map_points([[1.0, 1.0]], ("intrinsic", "tile_1"), "world")


def test_symlinks_inside_the_target_stay_allowed(tmp_path: Path) -> None:
    root = image05(tmp_path / "target" / "s.zarr")
    (root / "1").rename(tmp_path / "target" / "s.zarr" / "moved")
    (root / "1").symlink_to("moved")
    (root / "0" / "zarr.json").rename(root / "level0.json")
    (root / "0" / "zarr.json").symlink_to("../level0.json")
    link = tmp_path / "link.zarr"  # the target itself may be a symlink
    link.symlink_to(root)
    for where in (root, link):
        outcome = validate(where, trace=True)
        confined(outcome, root, tmp_path)
        assert outcome.code == 0 and "store.path-escape" not in {r for r, _ in outcome.findings()}
    assert isinstance(v05.Image.from_zarr(link), v05.Image)


# --- escapes: HTTP redirects


@pytest.mark.parametrize("to", ["other-port", "outside-prefix"])
def test_redirect_off_the_target_is_refused(
    tmp_path: Path, served: tuple[str, Faults, Path], to: str
) -> None:
    url, faults, _ = served
    www = tmp_path / "www"
    write(www / "other" / "s.zarr" / "0" / "zarr.json", json.dumps(SECRET))
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "s.zarr" / "0" / "zarr.json", json.dumps(SECRET))
    with serve(elsewhere) as (other_url, other):
        location = {
            "other-port": f"{other_url}/s.zarr/0/zarr.json",
            "outside-prefix": "/other/s.zarr/0/zarr.json",
        }[to]
        faults.redirect["t/s.zarr/0/zarr.json"] = location
        outcome = validate(url, where="http")
    assert SECRET not in outcome.out
    assert other.requests == []
    assert not any(k.startswith("other/") for k in faults.requests)
    assert ("store.path-escape", "0") in outcome.findings()
    assert outcome.code == 1


def test_redirect_within_the_target_is_followed(served: tuple[str, Faults, Path]) -> None:
    url, faults, root = served
    write(root / "moved" / "zarr.json", (root / "0" / "zarr.json").read_text())
    faults.redirect["t/s.zarr/0/zarr.json"] = "/t/s.zarr/moved/zarr.json"
    outcome = validate(url, where="http")
    assert outcome.code == 0, outcome.findings()
    assert "t/s.zarr/moved/zarr.json" in faults.requests


# --- escapes: the terminal

ESC_NAME = "\x1b[2Jevil\x07"


def _escape_store(tmp_path: Path) -> Path:
    root = image04(tmp_path / "s.zarr", labels=[ESC_NAME])
    broken = root / "labels" / ESC_NAME / "1"
    (broken / ".zarray").unlink()
    broken.rmdir()  # a finding on the label image, with the missing array as related node
    return root


def test_control_characters_are_escaped_in_text_output(tmp_path: Path) -> None:
    root = _escape_store(tmp_path)
    outcome = run(["-m", "ome_zarr_schemas", "validate", "--no-progress", "-v", str(root)])
    assert outcome.clean() and outcome.code == 1
    assert "evil" in outcome.out
    assert "\x1b" not in outcome.out and "\x07" not in outcome.out


def test_json_output_keeps_control_characters_exact(tmp_path: Path) -> None:
    root = _escape_store(tmp_path)
    outcome = validate(root)
    assert outcome.code == 1
    assert f"labels/{ESC_NAME}" in {node for _, node in outcome.findings()}
    related = {r for i in outcome.issues() for r in i["related"]}
    assert f"labels/{ESC_NAME}/1" in related


# --- crashes: numbers


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


HUGE_INT = "1" + "0" * 400
NUMBER_CASES = {
    # case: (document, old text, new text, node)
    "scale-10**400": ("zarr.json", '"scale": [1.0, 1.0]', f'"scale": [{HUGE_INT}, 1.0]', ""),
    "scale-1e400": ("zarr.json", '"scale": [1.0, 1.0]', '"scale": [1e400, 1.0]', ""),
    "shape-10**400": ("0/zarr.json", '"shape": [64, 64]', f'"shape": [{HUGE_INT}, 64]', "0"),
}


@pytest.mark.parametrize("where", ["local", "http"])
@pytest.mark.parametrize("case", sorted(NUMBER_CASES))
def test_number_beyond_double_range_is_a_finding(tmp_path: Path, case: str, where: str) -> None:
    doc, old, new, node = NUMBER_CASES[case]
    root = image05(tmp_path / "s.zarr")
    _replace(root / doc, old, new)
    with reach(where, root) as url:
        outcome = validate(url, where=where)
    assert ("document.number-out-of-range", node) in outcome.findings()
    assert outcome.code == 1


def test_number_beyond_double_range_through_the_api(tmp_path: Path) -> None:
    root = image05(tmp_path / "s.zarr")
    _replace(root / "zarr.json", '"scale": [1.0, 1.0]', f'"scale": [{HUGE_INT}, 1.0]')
    report = validate_store(root)
    assert "document.number-out-of-range" in {i.rule for i in report.issues}
    with pytest.raises(InvalidMetadataError):
        v05.Image.from_zarr(root)


def test_huge_rotation_entries_are_findings(tmp_path: Path) -> None:
    attrs = attributes06({"type": "rotation", "rotation": [[10**200, 0], [0, 1]]})
    report = validate_attributes(attrs)
    assert not report.valid
    outcome = validate(write(tmp_path / "attrs.json", attrs))
    assert outcome.code == 1


INFO_PATHS = {"superscript-two": "\u00b2", "4301-digits": "1" * 4301}


@pytest.mark.parametrize("case", sorted(INFO_PATHS))
def test_info_survives_odd_dataset_paths(tmp_path: Path, case: str) -> None:
    path = INFO_PATHS[case]
    root = image05(tmp_path / "s.zarr", levels=1)
    doc = json.loads((root / "zarr.json").read_text())
    doc["attributes"]["ome"]["multiscales"][0]["datasets"][0]["path"] = path
    write(root / "zarr.json", doc)
    if len(path) < 200:
        (root / "0").rename(root / path)
    for fmt in ("text", "json"):
        argv = ["-m", "ome_zarr_schemas", "info", "--no-progress", "--format", fmt, str(root)]
        outcome = run(argv)
        assert outcome.clean() and outcome.code in (0, 1), outcome.out + outcome.err[-2000:]


# --- hangs: what is not a regular file


@pytest.mark.parametrize(("key", "node", "status"), [("zarr.json", "", 2), ("0/zarr.json", "0", 1)])
def test_fifo_is_not_opened(tmp_path: Path, key: str, node: str, status: int) -> None:
    root = image05(tmp_path / "s.zarr")
    (root / key).unlink()
    os.mkfifo(root / key)
    outcome = validate(root, timeout=10)
    assert ("store.not-a-file", node) in outcome.findings()
    assert outcome.code == status


def test_socket_is_not_opened(tmp_path: Path) -> None:
    root = image05(tmp_path / "s.zarr")
    (root / "0" / "zarr.json").unlink()
    here = Path.cwd()
    with socket.socket(socket.AF_UNIX) as sock:
        os.chdir(root / "0")  # a socket path is limited to 107 bytes: bind it relative
        try:
            sock.bind("zarr.json")
        finally:
            os.chdir(here)
        outcome = validate(root, timeout=20)
    assert ("store.not-a-file", "0") in outcome.findings()
    assert outcome.code == 1


def test_device_is_not_read(tmp_path: Path) -> None:
    """/dev/zero's device node inside the root: an endless read, not a path escape."""
    root = image05(tmp_path / "s.zarr")
    (root / "0" / "zarr.json").unlink()
    try:
        os.mknod(root / "0" / "zarr.json", 0o444 | 0o020000, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")
    outcome = validate(root, timeout=20)
    assert ("store.not-a-file", "0") in outcome.findings()
    assert outcome.code == 1


def test_link_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    root = image05(tmp_path / "target" / "s.zarr")
    (root / "0" / "zarr.json").unlink()
    (root / "0" / "zarr.json").symlink_to("/dev/zero")
    outcome = validate(root, timeout=20, trace=True)
    confined(outcome, root, tmp_path, also=("/dev/zero",))
    rules = {rule for rule, node in outcome.findings() if node == "0"}
    assert rules & {"store.path-escape", "store.not-a-file"}
    assert outcome.code == 1


# --- memory: size caps while reading


def test_oversized_local_document_is_read_no_further_than_the_cap(tmp_path: Path) -> None:
    root = image05(tmp_path / "s.zarr")
    with (root / "0" / "zarr.json").open("r+b") as f:
        f.truncate(2 * GIB)  # sparse: no disk used
    outcome = validate(root, timeout=30)
    (issue,) = [i for i in outcome.issues() if i["node"] == "0"]
    assert issue["rule"] == "document.too-large"
    assert str(2 * GIB) in issue["message"]
    assert outcome.peak_mib < 600


HTTP_BODIES = {
    # case: (fault field, value, real size in the message)
    "declared-2GiB": ("huge", 2 * GIB, str(2 * GIB)),
    "endless": ("endless", None, None),
    "gzip-bomb-1GiB": ("gzip_bomb", 1024, None),
}


@pytest.mark.parametrize("case", sorted(HTTP_BODIES))
def test_oversized_http_body_is_read_no_further_than_the_cap(
    served: tuple[str, Faults, Path], case: str
) -> None:
    url, faults, _ = served
    kind, value, size = HTTP_BODIES[case]
    key = "t/s.zarr/0/zarr.json"
    if kind == "endless":
        faults.endless.add(key)
    else:
        getattr(faults, kind)[key] = value
    outcome = validate(url, timeout=30, where="http")
    (issue,) = [i for i in outcome.issues() if i["node"] == "0"]
    assert issue["rule"] == "document.too-large"
    if size is not None:
        assert size in issue["message"]
    assert outcome.peak_mib < 600
    assert outcome.code == 1


def test_every_probe_answered_with_html_is_not_validated(served: tuple[str, Faults, Path]) -> None:
    url, faults, _ = served
    faults.html = True
    outcome = validate(url, where="http")
    assert "document.not-json" in {rule for rule, _ in outcome.findings()}
    assert outcome.code == 2


def test_timeout_bounds_a_stuck_request(served: tuple[str, Faults, Path]) -> None:
    url, faults, _ = served
    faults.delay["t/s.zarr/0/zarr.json"] = 60.0
    timeout = 3.0
    outcome = validate(url, "--timeout", str(timeout), timeout=40, where="http")
    assert ("document.unreadable", "0") in outcome.findings()
    assert outcome.code == 1
    assert outcome.seconds < timeout + 4, outcome.seconds  # + start-up and slack


MAP_FIELD = """
import json, sys
from ome_zarr_schemas import v06
from ome_zarr_schemas.transforms import TransformError
graph = v06.Scene.from_zarr(sys.argv[1]).transform_graph()
try:
    graph.map_points([[1.0, 1.0]], ("intrinsic", "tile_0"), "world")
except TransformError as exc:
    print(json.dumps({"type": type(exc).__name__, "message": str(exc)}))
else:
    print(json.dumps({"type": None}))
"""


def test_field_beyond_the_memory_budget_is_read_around_the_point(tmp_path: Path) -> None:
    """The same 6.4 GB field in chunks of 2 x 256 x 256: mapping a point reads the one
    chunk holding its cells (1 MB), not the field."""
    root = scene06(
        tmp_path / "scene.zarr", field_shape=[2, 20000, 20000], field_chunks=[2, 256, 256]
    )
    outcome = run(["-c", MAP_FIELD, str(root)], timeout=30)
    assert outcome.clean(), outcome.err[-2000:]
    assert json.loads(outcome.out) == {"type": None}, outcome.out
    assert outcome.peak_mib < 400


def test_field_beyond_the_memory_budget_is_refused(tmp_path: Path) -> None:
    """A 2 KB scene whose displacement field declares 6.4 GB of float64 in one chunk: the
    point's cells are in it, so reading them means reading all of it."""
    root = scene06(tmp_path / "scene.zarr", field_shape=[2, 20000, 20000])
    outcome = run(["-c", MAP_FIELD, str(root)], timeout=30)
    assert outcome.clean(), outcome.err[-2000:]
    error = json.loads(outcome.out)
    assert error["type"] is not None, "map_points did not refuse"
    assert "coordinateTransformations/dfield" in error["message"]
    # Refused for its declared size, not after numpy failed to allocate it under the cap.
    assert "Unable to allocate" not in error["message"], error
    assert any(s in error["message"] for s in ("20000", "6.4", "6400000000", "5.96")), error
    assert outcome.peak_mib < 1024


# --- wrong verdicts: null documents, duplicate keys


def _null(root: Path, case: str) -> tuple[str, str, int]:
    """Make one document of a fresh store ``null``; return (rule, node, exit status)."""
    if case == "array-zarr.json":
        image05(root)
        write(root / "0" / "zarr.json", "null")
        return "store.zarr-metadata", "0", 1
    if case == ".zarray":
        image04(root)
        write(root / "0" / ".zarray", "null")
        return "store.zarr-metadata", "0", 1
    if case == ".zattrs":
        image04(root, labels=["cells"])
        write(root / "labels" / "cells" / ".zattrs", "null")
        return "document.structure", "labels/cells", 1
    image05(root)
    write(root / "zarr.json", "null")
    return "", "", 2


NULLS = ["array-zarr.json", ".zarray", ".zattrs", "root-zarr.json"]


@pytest.mark.parametrize("where", ["local", "http"])
@pytest.mark.parametrize("case", NULLS)
def test_null_document_is_a_finding(tmp_path: Path, case: str, where: str) -> None:
    rule, node, status = _null(tmp_path / "s.zarr", case)
    with reach(where, tmp_path / "s.zarr") as url:
        outcome = validate(url, where=where)
    if rule:
        assert (rule, node) in outcome.findings()
    assert outcome.code == status


def _duplicate(root: Path) -> None:
    image05(root)
    _replace(root / "0" / "zarr.json", '"fill_value": 0', '"fill_value": 0, "fill_value": 0')


@pytest.mark.parametrize("where", ["local", "http"])
def test_duplicate_key_is_a_warning(tmp_path: Path, where: str) -> None:
    _duplicate(tmp_path / "s.zarr")
    with reach(where, tmp_path / "s.zarr") as url:
        outcome = validate(url, where=where)
    (issue,) = [i for i in outcome.issues() if i["rule"] == "document.duplicate-key"]
    assert issue["severity"] == "warning" and issue["node"] == "0"
    assert "fill_value" in issue["message"]
    assert outcome.code == 0


# --- the same documents over S3 (the loopback moto server)


def _upload(server: S3, root: Path) -> str:
    prefix = f"{root.parent.name}-{root.name}"
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        key = f"{prefix}/{file.relative_to(root).as_posix()}"
        server.client.put_object(Bucket=BUCKET, Key=key, Body=file.read_bytes())
    return f"s3://{BUCKET}/{prefix}"


def _s3_number(root: Path) -> tuple[str, str, bool]:
    image05(root)
    _replace(root / "zarr.json", '"scale": [1.0, 1.0]', f'"scale": [{HUGE_INT}, 1.0]')
    return "document.number-out-of-range", "", False


def _s3_infinity(root: Path) -> tuple[str, str, bool]:
    image05(root)
    _replace(root / "zarr.json", '"scale": [1.0, 1.0]', '"scale": [1e400, 1.0]')
    return "document.number-out-of-range", "", False


def _s3_null(root: Path) -> tuple[str, str, bool]:
    rule, node, _ = _null(root, "array-zarr.json")
    return rule, node, False


def _s3_duplicate(root: Path) -> tuple[str, str, bool]:
    _duplicate(root)
    return "document.duplicate-key", "0", True


S3_CASES = {
    "scale-10**400": pytest.param(_s3_number),
    "scale-1e400": pytest.param(_s3_infinity),
    "null-array-zarr.json": pytest.param(_s3_null),
    "duplicate-key": pytest.param(_s3_duplicate),
}


@pytest.mark.parametrize("build", S3_CASES.values(), ids=S3_CASES.keys())
def test_hostile_document_over_s3(s3: S3, tmp_path: Path, build: Any) -> None:  # noqa: F811
    rule, node, valid = build(tmp_path / "s.zarr")
    report = validate_store(_upload(s3, tmp_path / "s.zarr"), storage_options=s3.options)
    assert (rule, node) in {(i.rule, i.node) for i in report.issues}
    assert report.valid == valid


# --- costs: linear in the document, bounded in the transforms


def _many_datasets(file: Path, megabytes: int) -> Path:
    """A multiscales document of ``megabytes`` MB, nearly all of it dataset entries."""
    block = multiscale(1)
    head = json.dumps({"ome": {"version": "0.5", "multiscales": [block]}})
    marker = json.dumps(block["datasets"])
    entry = '{"path": "%d", "coordinateTransformations": [{"type": "scale", "scale": [1.0, 1.0]}]}'
    count = megabytes * 1_000_000 // (len(entry) + 4)
    datasets = "[" + ", ".join(entry % i for i in range(count)) + "]"
    file.write_text(head.replace(marker, datasets))
    return file


def test_sixty_megabyte_document_validates_in_seconds(tmp_path: Path) -> None:
    """Linear, not worse: the old main took 286 s here. The 10 s target of issue 12 is a
    speed figure, measured on a quiet machine (closing note), not asserted: this bound only
    catches a return of the super-linear cost on a loaded CI machine."""
    outcome = validate(_many_datasets(tmp_path / "big.json", 60), timeout=60)
    assert outcome.code in (0, 1)


def test_huge_rotation_with_dimension_mismatch_is_fast(tmp_path: Path) -> None:
    n = 1000
    rotation = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    file = write(
        tmp_path / "rotation.json", attributes06({"type": "rotation", "rotation": rotation})
    )
    outcome = validate(file, timeout=15)
    assert "transforms.dimensions" in {rule for rule, _ in outcome.findings()}
    assert outcome.code == 1


def test_long_sequence_is_bounded(tmp_path: Path) -> None:
    step: dict[str, Any] = {"type": "scale", "scale": [1.0, 1.0]}
    attrs = attributes06({"type": "sequence", "transformations": [step] * 100_000})
    outcome = validate(write(tmp_path / "sequence.json", attrs), timeout=15)
    assert outcome.code in (0, 1)


def test_long_chain_of_coordinate_systems_is_bounded(tmp_path: Path) -> None:
    outcome = validate(write(tmp_path / "chain.json", chain06(100_000)), timeout=30)
    assert outcome.code in (0, 1)


# --- what held, and must keep holding


@pytest.mark.skipif(STRACE is None, reason="strace is not installed")
def test_the_trace_sees_what_is_read(tmp_path: Path) -> None:
    """The confinement checks are not vacuous: the trace lists the documents read."""
    root = image05(tmp_path / "s.zarr")
    outcome = validate(root, trace=True)
    assert str((root / "0" / "zarr.json").resolve()) in outcome.opened
    assert outcome.outside(root, tmp_path) == []
    assert outcome.outside(root / "1", tmp_path) != []  # "0" is outside "1"


def test_nothing_is_written_to_the_target(tmp_path: Path) -> None:
    root = plate05(tmp_path / "s.zarr")
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    validate(root)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before


@pytest.mark.parametrize("path", ["../outside", "/etc", "a/../../b", "0/../..", "%2e%2e"])
def test_metadata_paths_stay_inside_the_root(tmp_path: Path, outside: Path, path: str) -> None:
    root = image05(tmp_path / "target" / "s.zarr")
    doc = json.loads((root / "zarr.json").read_text())
    doc["attributes"]["ome"]["multiscales"][0]["datasets"][1]["path"] = path
    write(root / "zarr.json", doc)
    outcome = validate(root, trace=True)
    confined(outcome, root, tmp_path, also=("/etc",))
    assert outcome.code == 1


def test_deep_json_is_a_finding(tmp_path: Path) -> None:
    root = image05(tmp_path / "s.zarr")
    write(root / "0" / "zarr.json", "[" * 100_000 + "]" * 100_000)
    outcome = validate(root, timeout=20)
    assert outcome.code == 1 and "0" in {node for _, node in outcome.findings()}
