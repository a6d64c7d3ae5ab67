"""Many stores in one run: discovery, the process pool, timeouts, dead workers, progress.

The pool runs real worker processes; the hung store is a real server on 127.0.0.1 that
never answers, and a dead worker is a real process killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest

from ome_zarr_schemas import validate_many, validate_store
from ome_zarr_schemas.collection import ResultsFile, find_roots
from ome_zarr_schemas.collection.progress import Progress, duration, render_progress
from ome_zarr_schemas.collection.results import StoreResult

from .collection_stores import build, silent_server
from .http_server import Faults, serve
from .stores import StoreSpec


def test_find_roots_stops_at_roots_and_arrays_and_never_follows_links(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    image = StoreSpec("0.5")
    image.image(labels=["cells"])  # labels/cells is an OME group too: inside a root, not found
    image.write(archive / "2024" / "a.zarr")
    plate = StoreSpec("0.4")
    plate.plate()
    plate.write(archive / "2025" / "b.zarr")
    bare = StoreSpec("0.5")  # a plain zarr group holding an image: searched, the image found
    bare.group("")
    bare.image("inner")
    bare.write(archive / "bare.zarr")
    array = StoreSpec("0.5")  # an array is never entered, whatever lies below it
    array.array("", [4, 4])
    array.write(archive / "array")
    image.write(archive / "array" / "c" / "hidden.zarr")
    (archive / "broken.zarr").mkdir()
    (archive / "broken.zarr" / "zarr.json").write_text("{not json")
    outside = tmp_path / "outside"
    image.write(outside / "elsewhere.zarr")
    (archive / "link-out").symlink_to(outside, target_is_directory=True)
    (archive / "link-in").symlink_to(archive / "2024", target_is_directory=True)
    found = list(find_roots(str(archive)))
    assert found == [
        str(archive / "2024" / "a.zarr"),
        str(archive / "2025" / "b.zarr"),
        str(archive / "bare.zarr" / "inner"),
        str(archive / "broken.zarr"),
    ]
    assert list(find_roots(str(archive / "2024" / "a.zarr"))) == [str(archive / "2024" / "a.zarr")]
    assert list(find_roots(str(tmp_path / "nothing"))) == []


def test_find_roots_under_an_fsspec_prefix(tmp_path: Path) -> None:
    import fsspec  # type: ignore[import-untyped]

    fs = fsspec.filesystem("memory")
    image = StoreSpec("0.5")
    image.image()
    for key, value in image.docs.items():
        fs.pipe(f"/coll/x/one.zarr/{key}", json.dumps(value).encode())
        fs.pipe(f"/coll/two.zarr/{key}", json.dumps(value).encode())
    assert list(find_roots("memory://coll")) == [
        "memory:///coll/two.zarr",
        "memory:///coll/x/one.zarr",
    ]


def test_a_mixed_collection_gives_each_store_its_verdict(tmp_path: Path) -> None:
    expected = build(tmp_path)
    expected[str(tmp_path / "missing.zarr")] = "not-validated"
    results = {r.target: r for r in validate_many(list(expected), jobs=2)}
    assert {t: r.status for t, r in results.items()} == expected
    # the same findings as one validate_store call per store
    for target in ("image_05.zarr", "broken_06dev4.zarr", "plates/plate_04.zarr"):
        path = str(tmp_path / target)
        assert results[path].report.issues == validate_store(path).issues
    plate = results[str(tmp_path / "plates" / "plate_04.zarr")].record["plates"]
    assert plate[0]["rows"] == ["A", "B"] and plate[0]["columns"] == ["1", "2", "3"]
    assert {"path": "A/2", "row": 0, "column": 1} in plate[0]["wells"]
    missing = results[str(tmp_path / "missing.zarr")]
    assert missing.error == "no such file or folder"


def test_a_store_that_hangs_is_recorded_as_not_validated_after_the_store_timeout(
    tmp_path: Path,
) -> None:
    image = StoreSpec("0.5")
    image.image()
    good = str(image.write(tmp_path / "good.zarr"))
    with silent_server() as url:
        began = time.monotonic()
        results = {
            r.target: r for r in validate_many([f"{url}/hang.zarr", good], jobs=2, store_timeout=6)
        }
        took = time.monotonic() - began
    hung = results[f"{url}/hang.zarr"]
    assert hung.status == "not-validated"
    assert hung.error is not None and "--store-timeout" in hung.error
    assert hung.report.errors[0].message == hung.error
    assert results[good].status == "valid"
    assert took < 20  # the per-request timeout (30 s) was not waited for


def _workers() -> list[psutil.Process]:
    """The pool's worker processes: children of the forkserver this test process started."""
    found = []
    for child in psutil.Process().children():
        try:
            if "forkserver" in " ".join(child.cmdline()):
                found += child.children()
        except psutil.Error:
            pass
    return found


@pytest.mark.parametrize("retries", [1, 0])
def test_a_worker_that_dies_mid_store_costs_a_retry_or_a_reason_never_the_run(
    tmp_path: Path, retries: int
) -> None:
    slow = StoreSpec("0.5")
    slow.image()
    slow.write(tmp_path / "slow.zarr")
    others = []
    for name in ("a", "b"):
        spec = StoreSpec("0.4")
        spec.image()
        others.append(str(spec.write(tmp_path / f"{name}.zarr")))
    faults = Faults(delay={"zarr.json": 1.5})
    with serve(tmp_path / "slow.zarr", faults) as (url, seen):
        out: list[StoreResult] = []
        run = threading.Thread(
            target=lambda: out.extend(validate_many([url, *others], jobs=1, retries=retries))
        )
        run.start()
        deadline = time.monotonic() + 30
        while "zarr.json" not in seen.requests and time.monotonic() < deadline:
            time.sleep(0.02)
        victims = _workers()
        assert victims, "no pool worker found"
        for victim in victims:
            os.kill(victim.pid, signal.SIGKILL)
        run.join(60)
    statuses = {r.target: r.status for r in out}
    assert statuses[others[0]] == statuses[others[1]] == "valid"
    if retries:
        assert statuses[url] == "valid"
        assert seen.requests.count("zarr.json") >= 2  # tried again on a fresh worker
    else:
        dead = next(r for r in out if r.target == url)
        assert dead.status == "not-validated"
        assert dead.error is not None and "died (exit status -9)" in dead.error


def test_results_file_recovers_a_line_cut_by_a_kill(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_text(
        '{"target": "a", "status": "valid"}\n'
        '{"target": "b", "status": "not-validated"}\n'
        '{"target": "c", "status": "inva'
    )
    with ResultsFile(path) as results:
        assert results.done == {"a"}
        assert list(results.pending(["a", "b", "c"])) == ["b", "c"]
        results.append(StoreResult({"target": "b", "status": "invalid"}))
    lines = path.read_text().splitlines()
    assert lines[-1] == '{"target":"b","status":"invalid"}' and len(lines) == 3
    assert ResultsFile(path).done == {"a", "b"}


def test_progress_line_counts_rate_and_eta() -> None:
    line = render_progress(120, 500, 3, 1, 30.0)
    assert line == "120/500 stores (24%) · 3 invalid · 1 not validated · 4.0/s · ETA 1m35s"
    assert render_progress(500, 500, 0, 0, 3725.0).endswith("done in 1h02m")
    assert render_progress(0, 10, 0, 0, 1.0).endswith("ETA ?")
    assert render_progress(2, None, 0, 0, 60.0) == (
        "2 stores · 0 invalid · 0 not validated · 2.0/min"
    )
    assert duration(3 * 86400 + 4 * 3600) == "3d04h"


def test_progress_redraws_one_line_and_only_when_shown() -> None:
    import io

    shown, hidden = io.StringIO(), io.StringIO()
    for stream, show in ((shown, True), (hidden, False)):
        progress = Progress(stream, 3, show=show)
        for status in ("valid", "invalid", "not-validated"):
            progress.update(status)
        progress.clear()
    assert hidden.getvalue() == ""
    text = shown.getvalue()
    assert "\n" not in text and text.count("\r") == 5  # three draws; a clear: back, blank, back
    assert "3/3 stores (100%) · 1 invalid · 1 not validated" in text
    assert text.endswith("\r")


def test_a_worker_that_dies_while_idle_is_replaced(tmp_path: Path) -> None:
    stores = []
    for n in range(3):
        spec = StoreSpec("0.5")
        spec.image()
        stores.append(str(spec.write(tmp_path / f"s{n}.zarr")))
    run = validate_many([Path(s) for s in stores], jobs=1)  # paths are named as strings
    first = next(run)  # the one worker is idle now, waiting for the next store
    victims = _workers()
    assert len(victims) == 1
    victims[0].kill()
    victims[0].wait(10)
    rest = list(run)
    assert [r.status for r in [first, *rest]] == ["valid"] * 3
    assert {r.target for r in [first, *rest]} == set(stores)
