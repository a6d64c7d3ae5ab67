"""Benchmark: validate big metadata-only plates locally and over a slow loopback server.

Run with ``make bench`` (or ``python bench/run.py --help``); never part of the tests.

For every plate and version it measures, each in a fresh subprocess so peak memory is
the run's own:

- floor: walk the folder and parse every metadata document, nothing else;
- ours: ``validate_store`` (every well, field, label and array, every rule);
- the same two over HTTP on 127.0.0.1 with ``--latency`` added to every request (the
  server runs in its own process); the HTTP floor fetches every document with the same
  concurrency and parses it, and the ideal is documents x latency / concurrency;
- ome-zarr-models, if ``--ozm-python`` names an interpreter where it is installed.

Times are medians of ``--runs`` runs. Results go to stdout as a Markdown table and to
``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.plates import PLATES, count_documents  # noqa: E402  (after the path)
from bench.plates import generate as generate_plate  # noqa: E402

META = ("zarr.json", ".zgroup", ".zattrs", ".zarray")


def generate(data: Path, plate: str, version: str) -> Path:
    """Write the plate once (cached by name); returns its folder (`bench/plates.py`, whose
    ``distinct`` variant gives every field image documents of its own)."""
    return generate_plate(data, plate, version, "identical")


# --- one measurement (runs in a child process)


def _floor_local(root: Path) -> int:
    n = 0
    for folder, _, files in os.walk(root):
        for name in files:
            if name in META:
                with open(os.path.join(folder, name), "rb") as handle:  # noqa: PTH118, PTH123
                    json.loads(handle.read())
                n += 1
    return n


def _floor_tight(root: Path) -> int:
    """The floor with the fewest system calls Python allows: folders listed by
    ``os.scandir``, each document read by ``os.open``/``os.read``/``os.close`` (Python's
    ``open().read()`` makes about nine calls a document, this four). Reported beside the
    plain floor so that a ratio is never flattered by a slow floor."""
    n = 0
    stack = [str(root)]
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name in META:
                    fd = os.open(entry.path, flags)
                    try:
                        size = os.fstat(fd).st_size
                        json.loads(os.read(fd, size + 1))
                    finally:
                        os.close(fd)
                    n += 1
    return n


def _floor_http(root: Path, url: str, concurrency: int) -> int:
    import asyncio

    import aiohttp

    keys = [
        str(Path(folder, name).relative_to(root))
        for folder, _, files in os.walk(root)
        for name in files
        if name in META
    ]

    async def main() -> int:
        semaphore = asyncio.Semaphore(concurrency)
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def one(key: str) -> None:
                async with semaphore, session.get(f"{url}/{key}") as response:
                    json.loads(await response.read())

            await asyncio.gather(*(one(k) for k in keys))
        return len(keys)

    return asyncio.run(main())


def _ours(target: str, concurrency: int) -> int:
    from ome_zarr_schemas import validate_store

    report = validate_store(target, concurrency=concurrency)
    if report.issues:
        raise SystemExit(f"unexpected findings: {[i.to_dict() for i in report.issues[:3]]}")
    return 0


def one(mode: str, root: Path, url: str | None, concurrency: int) -> None:
    # imports are not what is measured (the package imports the reader lazily)
    import aiohttp  # noqa: F401
    import zarr.core.sync  # noqa: F401

    import ome_zarr_schemas.hierarchy
    import ome_zarr_schemas.store.sources
    import ome_zarr_schemas.store.walk  # noqa: F401

    start, cpu = time.perf_counter(), time.process_time()
    if mode == "floor":
        _floor_local(root)
    elif mode == "floor-tight":
        _floor_tight(root)
    elif mode == "floor-http":
        assert url
        _floor_http(root, url, concurrency)
    elif mode == "ours":
        _ours(str(root), concurrency)
    elif mode == "ours-http":
        assert url
        _ours(url, concurrency)
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak}))


# --- the driver


def measure(
    mode: str, root: Path, url: str | None, concurrency: int, runs: int, python: str = ""
) -> dict[str, float]:
    results = []
    for _ in range(runs):
        command = [python or sys.executable]
        if mode == "ozm":
            command += [str(ROOT / "bench" / "ozm_walk.py"), str(root)]
        else:
            command += [__file__, "--one", mode, str(root), "--concurrency", str(concurrency)]
            if url:
                command += ["--url", url]
        out = subprocess.run(command, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"{mode} failed: {out.stderr[-2000:]}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "cpu": statistics.median(r.get("cpu", r["seconds"]) for r in results),
        "peak_mb": max(r["peak_mb"] for r in results),
        "runs": float(len(results)),
    }


class Server:
    """bench/server.py in its own process, so it does not share our GIL."""

    def __init__(self, root: Path, latency: float) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "server.py"),
                str(root),
                "--latency",
                str(latency),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--plates", default="384x4,1536x2", help="from " + ", ".join(PLATES))
    parser.add_argument("--versions", default="0.4,0.5")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--http-runs", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--ozm-python", default="", help="a python with ome-zarr-models 1.7")
    parser.add_argument("--ozm-plates", default="96x4,384x4", help="plates to run it on (slow)")
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("BENCH_DATA", "/tmp/ome-zarr-bench"))
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    if args.one:
        one(args.one[0], Path(args.one[1]), args.url, args.concurrency)
        return
    rows = []
    for plate in args.plates.split(","):
        for version in args.versions.split(","):
            root = generate(args.data, plate, version)
            docs = count_documents(root)
            row: dict[str, object] = {"plate": plate, "version": version, "documents": docs}
            row["floor"] = measure("floor", root, None, args.concurrency, args.runs)
            row["ours"] = measure("ours", root, None, args.concurrency, args.runs)
            if args.ozm_python and plate in args.ozm_plates.split(","):
                row["ozm"] = measure("ozm", root, None, 1, 1, args.ozm_python)
            if not args.no_http:
                server = Server(root, args.latency)
                try:
                    url = server.url
                    row["ideal_http"] = docs * args.latency / args.concurrency
                    row["floor_http"] = measure(
                        "floor-http", root, url, args.concurrency, args.http_runs
                    )
                    row["ours_http"] = measure(
                        "ours-http", root, url, args.concurrency, args.http_runs
                    )
                finally:
                    server.close()
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.json.write_text(json.dumps(rows, indent=1) + "\n")
    print(table(rows))


def _s(row: dict[str, object], key: str, field: str = "seconds") -> float | None:
    value = row.get(key)
    if isinstance(value, dict):
        return float(value.get(field, value["seconds"]))
    return float(value) if isinstance(value, int | float) else None


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| plate | version | documents | floor (s) | ours (s) | ours/floor | ours/floor CPU |"
        " peak MB | ozm (s) | ozm/ours | HTTP ideal (s) | HTTP floor (s) | HTTP ours (s) |"
        " ours/ideal | ours/HTTP floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        floor, ours, ozm = _s(row, "floor"), _s(row, "ours"), _s(row, "ozm")
        ideal, hfloor, hours = _s(row, "ideal_http"), _s(row, "floor_http"), _s(row, "ours_http")
        peak = row["ours"]["peak_mb"] if isinstance(row["ours"], dict) else None  # type: ignore[index]

        def f(v: float | None) -> str:
            return f"{v:.2f}" if v is not None else "-"

        def r(a: float | None, b: float | None) -> str:
            return f"{a / b:.2f}x" if a and b else "-"

        lines.append(
            f"| {row['plate']} | {row['version']} | {row['documents']} | {f(floor)} | {f(ours)}"
            f" | {r(ours, floor)} | {r(_s(row, 'ours', 'cpu'), _s(row, 'floor', 'cpu'))}"
            f" | {f(peak)} | {f(ozm)} | {r(ozm, ours)} | {f(ideal)}"
            f" | {f(hfloor)} | {f(hours)} | {r(hours, ideal)} | {r(hours, hfloor)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
