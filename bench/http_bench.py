"""HTTP at a set latency: the GET floor and validate_store, over fsspec/aiohttp and obstore.

One plate (`bench/plates.py`, default the distinct 384x4 0.5 plate) served on 127.0.0.1
by `bench/server.py` (aiohttp, its own process) adding ``--latency`` to every request;
every measurement in a fresh process (imports excluded from the time), alternating modes
run after run so load hits each alike, all against the same server and documents:

- floor-aiohttp: GET + ``json.loads`` every metadata document, aiohttp directly, a
  semaphore of ``--concurrency`` over one task per document (bench/run.py's floor);
- floor-aiohttp-pool: the same with ``--concurrency`` workers pulling from one list,
  a connector of that size, no decompression (the fastest aiohttp way found);
- floor-obstore: the same workers, each GET through obstore's HTTPStore;
- ours-fsspec: ``validate_store(url)``, the package's reader (store/http.py: fsspec's
  aiohttp session, redirects confined, bodies capped while streaming);
- ours-obstore: ``validate_store(ObjectStore(HTTPStore(url)))``, zarr's obstore store as
  the target (store/objectstore.py: the same walk and checks, obstore's transport);
- ours-fsspec@before: ``validate_store(url)`` of the checkout named by ``--before``.

The ideal is documents x latency / concurrency.

    python bench/http_bench.py --plate 384x4 --version 0.5 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._report import emit, finish, last_json_line  # noqa: E402
from bench.plates import count_documents, generate  # noqa: E402
from bench.run import META, Server, _floor_http  # noqa: E402

MODES = ("floor-aiohttp", "floor-aiohttp-pool", "floor-obstore", "ours-fsspec", "ours-obstore")


def _keys(root: Path) -> list[str]:
    return sorted(
        str(Path(folder, name).relative_to(root))
        for folder, _, files in os.walk(root)
        for name in files
        if name in META
    )


async def _pool(keys: list[str], workers: int, fetch: Callable[[str], Awaitable[bytes]]) -> None:
    """``workers`` coroutines pulling keys from one list: no task per document."""
    pending = iter(keys)

    async def worker() -> None:
        for key in pending:
            json.loads(await fetch(key))

    await asyncio.gather(*(worker() for _ in range(workers)))


async def _floor_aiohttp_pool(url: str, keys: list[str], concurrency: int) -> None:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency, ttl_dns_cache=None)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:

        async def fetch(key: str) -> bytes:
            async with session.get(f"{url}/{key}") as response:
                return await response.read()

        await _pool(keys, concurrency, fetch)


async def _floor_obstore(url: str, keys: list[str], concurrency: int) -> None:
    import obstore
    from obstore.store import HTTPStore

    store = HTTPStore.from_url(
        url, client_options={"allow_http": True, "pool_max_idle_per_host": str(concurrency)}
    )

    async def fetch(key: str) -> bytes:
        result: Any = await obstore.get_async(store, key)
        return bytes(await result.bytes_async())

    await _pool(keys, concurrency, fetch)


def _ours(url: str, concurrency: int, reader: str) -> None:
    from ome_zarr_schemas import validate_store

    target: object = url
    if reader == "obstore":  # zarr's ObjectStore as the target: store/objectstore.py
        from obstore.store import HTTPStore
        from zarr.storage import ObjectStore

        store = HTTPStore.from_url(
            url, client_options={"allow_http": True, "pool_max_idle_per_host": str(concurrency)}
        )
        target = ObjectStore(store, read_only=True)
    report = validate_store(target, concurrency=concurrency)
    if report.issues:
        raise SystemExit(f"unexpected findings: {[i.to_dict() for i in report.issues[:3]]}")


def one(mode: str, root: Path, url: str, concurrency: int) -> None:
    # imports are not what is measured (the package imports the reader lazily)
    import aiohttp  # noqa: F401
    import obstore  # noqa: F401
    import zarr.core.sync  # noqa: F401

    import ome_zarr_schemas.hierarchy
    import ome_zarr_schemas.store.http
    import ome_zarr_schemas.store.walk  # noqa: F401

    keys = _keys(root)
    floors = {
        "floor-aiohttp-pool": _floor_aiohttp_pool,
        "floor-obstore": _floor_obstore,
    }
    start, cpu = time.perf_counter(), time.process_time()
    if mode == "floor-aiohttp":
        _floor_http(root, url, concurrency)
    elif mode in floors:
        asyncio.run(floors[mode](url, keys, concurrency))
    elif mode.startswith("ours-"):
        _ours(url, concurrency, mode.removeprefix("ours-"))
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "gets": len(keys)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=3, metavar=("MODE", "ROOT", "URL"), help=argparse.SUPPRESS)
    parser.add_argument("--plate", default="384x4")
    parser.add_argument("--version", default="0.5")
    parser.add_argument("--variant", default="distinct")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("BENCH_DATA", "/tmp/ome-zarr-bench"))
    )
    parser.add_argument("--before", default="", help="src folder of a checkout to compare")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "http_bench.json")
    args = parser.parse_args()
    if args.one:
        one(args.one[0], Path(args.one[1]), args.one[2], args.concurrency)
        return
    root = generate(args.data, args.plate, args.version, args.variant)
    modes = args.modes.split(",") + (["ours-fsspec@before"] if args.before else [])
    server = Server(root, args.latency)
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    failures: dict[str, int] = {}
    try:
        for _ in range(args.runs):  # alternating, so load hits each alike
            for mode in modes:
                measured, _, tree = mode.partition("@")
                src = args.before if tree else str(ROOT / "src")
                env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, str(ROOT)])}
                command = [sys.executable, __file__, "--one", measured, str(root), server.url]
                command += ["--concurrency", str(args.concurrency)]
                try:
                    runs[mode].append(last_json_line(command, env))
                except SystemExit as failed:  # one run lost (said, counted), not the bench
                    print(failed, file=sys.stderr, flush=True)
                    failures[mode] = failures.get(mode, 0) + 1
    finally:
        server.close()
    documents = count_documents(root)
    row: dict[str, Any] = {
        "plate": args.plate,
        "version": args.version,
        "variant": args.variant,
        "documents": documents,
        "latency": args.latency,
        "concurrency": args.concurrency,
        "ideal": documents * args.latency / args.concurrency,
        "load": os.getloadavg(),
    }
    for mode, results in runs.items():
        if not results:
            continue
        row[mode] = {
            "failed": failures.get(mode, 0),
            "seconds": statistics.median(r["seconds"] for r in results),
            "cpu": statistics.median(r["cpu"] for r in results),
            "peak_mb": max(r["peak_mb"] for r in results),
            "all": [round(r["seconds"], 2) for r in results],
        }
    rows: list[dict[str, Any]] = []
    emit(rows, row)
    finish(rows, args.json, table)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| mode | seconds (median) | CPU s | runs | / ideal | / fastest floor |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        floors = [row[m]["seconds"] for m in row if m.startswith("floor-")]
        fastest = min(floors) if floors else None
        for mode in (*MODES, "ours-fsspec@before"):
            if mode not in row:
                continue
            m = row[mode]
            versus = f"{m['seconds'] / fastest:.2f}x" if fastest else "-"
            lost = f" ({m['failed']} failed)" if m.get("failed") else ""
            lines.append(
                f"| {mode} | {m['seconds']:.2f} | {m['cpu']:.2f} | {m['all']}{lost}"
                f" | {m['seconds'] / row['ideal']:.2f}x | {versus} |"
            )
        lines.append(
            f"| ideal ({row['documents']} x latency / concurrency) | {row['ideal']:.2f}"
            " | - | - | 1.00x | - |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
