"""Benchmark: a collection of stores validated three ways, in one run, on the same inputs.

Run with ``python bench/collection.py`` (or ``make bench-collection``); never part of the
tests. It writes (once, cached under ``$BENCH_DATA/collection``, default
``/tmp/ome-zarr-bench/collection``) 500 small stores (0.4 and 0.5 images with a label
image) and 20 plates (0.5, 8 x 12 wells x 2 fields, 3 levels, a label image per field),
then times:

- **loop**: a plain loop calling `validate_store` on each, in this process (after one
  warm-up call, so schema compilation is not counted);
- **pool**: `validate_many(targets)`, the local process pool on every core (the workers'
  start-up and warm-up are counted: that is what a run costs);
- **dask**: `validate_many(targets, client=...)` on a scheduler and two single-thread
  workers started here on 127.0.0.1 (their start-up is reported apart, not counted).

For each it prints wall seconds, stores/s and nodes/s (a node is a group or an array; on
zarr v3 one node is one metadata document), and from the Dask run the rate of one
worker (nodes per busy second), which is what a cluster of N workers multiplies.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: 5,000 plates of ~20,000 metadata documents (a 384-well plate, 4 fields, labels).
ARCHIVE_PLATES, DOCUMENTS_PER_PLATE = 5_000, 20_000


def generate(data: Path, stores: int, plates: int) -> list[str]:
    """Write the collection once (cached); the targets, small stores first."""
    from tests.stores import StoreSpec

    done = data / f".complete-{stores}-{plates}"
    targets = [str(data / "small" / f"s{n:04d}.zarr") for n in range(stores)]
    targets += [str(data / "plates" / f"p{n:02d}.zarr") for n in range(plates)]
    if done.exists():
        return targets
    for n in range(stores):
        spec = StoreSpec("0.5" if n % 2 else "0.4")
        spec.image(labels=["cells"])
        spec.write(Path(targets[n]))
    for n in range(plates):
        spec = StoreSpec("0.5")
        spec.plate(rows=8, columns=12, fields=2, levels=3, labels=True)
        spec.write(Path(targets[stores + n]))
    done.touch()
    return targets


def loop(targets: list[str]) -> tuple[float, int]:
    from ome_zarr_schemas import validate_store
    from ome_zarr_schemas.hierarchy import read_store

    validate_store(targets[0])  # warm-up: schemas compiled once per process
    started = time.perf_counter()
    for target in targets:
        if not validate_store(target).valid:
            raise SystemExit(f"{target} is not valid: the benchmark stores must be")
    seconds = time.perf_counter() - started
    nodes = sum(sum(1 for n in read_store(t).nodes.values() if n.exists is True) for t in targets)
    return seconds, nodes


def many(targets: list[str], **how: object) -> tuple[float, list[dict[str, object]]]:
    from ome_zarr_schemas import validate_many

    started = time.perf_counter()
    records = [dict(r.record) for r in validate_many(targets, **how)]  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    bad = [r["target"] for r in records if r["status"] != "valid"]
    if bad:
        raise SystemExit(f"not valid: {bad[:3]}")
    return seconds, records


def start_cluster(folder: Path, *, profile: bool) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A scheduler and two single-thread workers; ``profile``: Dask's statistical profiler
    on in the workers (its default; it samples every thread's stack every 10 ms)."""
    info = folder / "scheduler.json"
    info.unlink(missing_ok=True)
    dask = [sys.executable, "-m", "dask"]
    quiet = subprocess.DEVNULL
    scheduler = subprocess.Popen(
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(info)],
        stdout=quiet, stderr=quiet,
    )  # fmt: skip
    while not info.exists():
        time.sleep(0.1)
    time.sleep(0.2)
    address = str(json.loads(info.read_text())["address"])
    worker = [*dask, "worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1"]
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": str(profile)}
    workers = [
        subprocess.Popen([*worker, "--no-dashboard"], stdout=quiet, stderr=quiet, env=env)
        for _ in range(2)
    ]
    return address, [scheduler, *workers]


def dask_run(
    targets: list[str], folder: Path, *, profile: bool
) -> tuple[float, float, list[dict[str, object]]]:
    """(cluster start-up seconds, run seconds, records) on a fresh two-worker cluster."""
    from distributed import Client

    began = time.perf_counter()
    address, processes = start_cluster(folder, profile=profile)
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            startup = time.perf_counter() - began
            seconds, records = many(targets, client=client)
    finally:
        for process in processes:
            process.kill()
            process.wait(10)
    return startup, seconds, records


def busy_rate(nodes: int, records: list[dict[str, object]]) -> float:
    """Nodes per second of one worker's busy time (the seconds each store took in it)."""
    return nodes / sum(float(str(r["seconds"])) for r in records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stores", type=int, default=500)
    parser.add_argument("--plates", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write the numbers here too")
    args = parser.parse_args()
    data = Path(os.environ.get("BENCH_DATA", "/tmp/ome-zarr-bench")) / "collection"
    data.mkdir(parents=True, exist_ok=True)
    targets = generate(data, args.stores, args.plates)
    rows: list[tuple[str, float]] = []
    rates: dict[str, float] = {}
    seconds, nodes = loop(targets)
    rows.append(("loop (validate_store, 1 process)", seconds))
    name = f"pool (validate_many, {os.cpu_count()} processes)"
    seconds, records = many(targets)
    rows.append((name, seconds))
    rates[name] = busy_rate(nodes, records)
    startup: dict[str, float] = {}
    for profile in (True, False):
        name = f"dask (2 workers x 1 thread, profiler {'on' if profile else 'off'})"
        startup[name], seconds, records = dask_run(targets, data, profile=profile)
        rows.append((name, seconds))
        rates[name] = busy_rate(nodes, records)
    plates = [r for r in records if "plates" in str(r["target"])]
    plate_seconds = sum(float(str(r["seconds"])) for r in plates) / len(plates)
    plate_nodes = sum(int(str(r["nodes"])) for r in plates) / len(plates)
    print(f"{len(targets)} stores ({args.stores} small, {args.plates} plates), {nodes} nodes")
    print("| run | seconds | stores/s | nodes/s | one worker, nodes per busy s |")
    print("|---|---|---|---|---|")
    for name, took in rows:
        rate = f"{rates[name]:.0f}" if name in rates else "-"
        print(f"| {name} | {took:.1f} | {len(targets) / took:.1f} | {nodes / took:.0f} | {rate} |")
    print(
        f"dask cluster start-up (not counted): {', '.join(f'{v:.1f}' for v in startup.values())} s"
    )
    print(f"a plate of {plate_nodes:.0f} nodes: {plate_seconds:.2f} s on one Dask worker")
    per_worker = max(rates.values())
    archive = ARCHIVE_PLATES * DOCUMENTS_PER_PLATE / per_worker
    print(f"{ARCHIVE_PLATES} plates x {DOCUMENTS_PER_PLATE} documents at {per_worker:.0f}/s:")
    for workers in (1, 2, 8, 32, 128):
        print(f"  {workers:>3} worker(s): {archive / workers / 3600:.1f} h")
    if args.json:
        numbers = {
            "stores": len(targets),
            "nodes": nodes,
            "runs": dict(rows),
            "dask_startup": startup,
            "worker_nodes_per_busy_second": rates,
            "plate_seconds": plate_seconds,
            "plate_nodes": plate_nodes,
        }
        args.json.write_text(json.dumps(numbers, indent=2) + "\n")


if __name__ == "__main__":
    main()
