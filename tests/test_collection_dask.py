"""Many stores on a real Dask cluster: a scheduler and two workers started here on 127.0.0.1.

The cluster is three processes run with ``python -m dask`` (no nanny: a worker killed
here stays dead). The mixed collection holds valid and invalid 0.4/0.5/0.6 stores, one
that cannot be read, one over HTTP and one whose server never answers; the Dask run must
give the records of the local run, timings aside.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ome_zarr_schemas import validate_many
from ome_zarr_schemas.cli import main
from ome_zarr_schemas.collection.results import StoreResult

from .collection_stores import broken_plate, build, silent_server
from .http_server import Faults, serve
from .stores import StoreSpec

distributed = pytest.importorskip("distributed")


@contextmanager
def cluster(
    tmp_path: Path, *, allowed_failures: int | None = None
) -> Iterator[tuple[str, dict[str, subprocess.Popen[bytes]]]]:
    """A scheduler and two single-thread workers on 127.0.0.1: (address, workers by name).

    ``allowed_failures``: how many worker deaths the scheduler lets a task survive
    (Dask's default is 3)."""
    env = dict(os.environ)
    if allowed_failures is not None:
        env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(allowed_failures)
    info = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    scheduler = subprocess.Popen(
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(info)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )  # fmt: skip
    workers: dict[str, subprocess.Popen[bytes]] = {}
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written whole, but give it a moment
        address = json.loads(info.read_text())["address"]
        for name in ("w1", "w2"):
            workers[name] = subprocess.Popen(
                [*dask, "worker", address, "--name", name, "--nthreads", "1", "--no-nanny",
                 "--host", "127.0.0.1", "--no-dashboard"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address, workers
    finally:
        for process in [*workers.values(), scheduler]:
            process.kill()
            process.wait(10)


def _records(results: list[StoreResult]) -> dict[str, dict[str, object]]:
    return {r.target: r.without_timings() for r in results}


def test_a_dask_run_gives_the_local_results(tmp_path: Path) -> None:
    expected = build(tmp_path / "coll")
    plate = StoreSpec("0.5")
    plate.plate(rows=2, columns=3)
    plate.write(tmp_path / "served" / "plate.zarr")
    with serve(tmp_path / "served") as (url, _), silent_server() as silent:
        targets = [*expected, f"{url}/plate.zarr", f"{silent}/hangs.zarr"]
        local = list(validate_many(targets, jobs=2, store_timeout=6.0, timeout=10.0))
        with cluster(tmp_path) as (address, _), distributed.Client(address) as client:
            remote = list(validate_many(targets, client=client, store_timeout=6.0, timeout=10.0))
            code = main(
                ["validate", "--dask", address, "--store-timeout", "6", "--timeout", "10",
                 "--format", "json", "--results", str(tmp_path / "r.jsonl"), *targets]
            )  # fmt: skip
    assert _records(remote) == _records(local)
    statuses = {r.target: r.status for r in remote}
    assert statuses == {
        **expected,
        f"{url}/plate.zarr": "valid",
        f"{silent}/hangs.zarr": "not-validated",
    }
    hung = next(r for r in remote if r.target.endswith("hangs.zarr"))
    assert hung.error is not None and "--store-timeout" in hung.error
    assert code == 2
    lines = (tmp_path / "r.jsonl").read_text().splitlines()
    from_cli = {json.loads(line)["target"]: json.loads(line) for line in lines}
    assert {t: {k: v for k, v in r.items() if k != "seconds"} for t, r in from_cli.items()} == (
        _records(local)
    )


@pytest.mark.parametrize("allowed_failures", [None, 0])
def test_a_dask_worker_killed_mid_store_loses_nothing(
    tmp_path: Path, allowed_failures: int | None
) -> None:
    """The store is validated again on the other worker; a scheduler that allows no
    failure gives it up, and the store is recorded as not validated, saying why."""
    slow = broken_plate("0.4")
    slow.write(tmp_path / "slow.zarr")
    others = []
    for n in range(4):
        spec = StoreSpec("0.5")
        spec.image()
        others.append(str(spec.write(tmp_path / f"s{n}.zarr")))
    faults = Faults(delay={".zattrs": 2.0})
    with (
        serve(tmp_path / "slow.zarr", faults) as (url, seen),
        cluster(tmp_path, allowed_failures=allowed_failures) as (address, workers),
        distributed.Client(address) as client,
    ):
        out: list[StoreResult] = []
        run = threading.Thread(
            target=lambda: out.extend(validate_many([url, *others], client=client))
        )
        run.start()
        deadline = time.monotonic() + 60
        while ".zattrs" not in seen.requests and time.monotonic() < deadline:
            time.sleep(0.02)
        # the worker running the slow store (the first task submitted)
        info = client.scheduler_info()["workers"]
        busy = [
            info[where]["name"]
            for where, keys in client.processing().items()
            if any(str(k).endswith("-0") for k in keys)
        ]
        assert len(busy) == 1
        os.kill(workers[busy[0]].pid, signal.SIGKILL)
        run.join(120)
    statuses = {r.target: r.status for r in out}
    slow_record = next(r for r in out if r.target == url)
    if allowed_failures is None:
        assert statuses == {url: "invalid", **dict.fromkeys(others, "valid")}
        assert seen.requests.count(".zattrs") >= 2  # the store was read again elsewhere
        assert [i.node for i in slow_record.report.errors] == ["A/2/0"]
    else:
        assert set(statuses) == {url, *others}
        assert statuses[url] == "not-validated"
        # the killed worker may have held other stores' tasks, queued: given up too
        for record in out:
            if record.status == "not-validated":
                assert record.error is not None
                assert record.error.startswith("the Dask workers validating it died")
            else:
                assert record.status == "valid" and record.target in others
