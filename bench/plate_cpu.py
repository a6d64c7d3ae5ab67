"""A plate's `validate_store` against the plain read+parse floor, in CPU seconds, both
measured in the same fresh process: this tree against another checkout, the trees
alternating, best of ``--runs`` processes per tree.

On a machine shared with other work, wall seconds swing by more than a change costs and
two processes a few seconds apart see different loads; the process's CPU time is what the
load moves least, and a floor measured in the same process as the validation shares its
moment (caches, frequency, neighbours). Each child process imports the package (not
timed), reads the plate once with the floor of `bench/run.py` (walk the folder,
``json.loads`` every metadata document), then validates it once (`validate_store`, a
first call as a user makes it: nothing cached from an earlier one), and prints both CPU
times. The table gives, per tree, the best of each and the ratio of the bests, and the
median of the per-process ratios.

    python bench/plate_cpu.py --before /tmp/base18/src --plates 1536x2,384x4 --runs 7
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._report import alternating, emit, finish  # noqa: E402
from bench.plates import generate  # noqa: E402

_CHILD = """
import json, os, resource, sys, time
import zarr.core.sync
import ome_zarr_schemas.hierarchy, ome_zarr_schemas.store.sources, ome_zarr_schemas.store.walk
from ome_zarr_schemas import validate_store
META = ("zarr.json", ".zgroup", ".zattrs", ".zarray")
def floor(root):
    for folder, _, files in os.walk(root):
        for name in files:
            if name in META:
                with open(os.path.join(folder, name), "rb") as handle:
                    json.loads(handle.read())
root = sys.argv[1]
c = time.process_time(); floor(root); floor_cpu = time.process_time() - c
c = time.process_time(); report = validate_store(root); ours = time.process_time() - c
if report.issues:
    raise SystemExit(f"unexpected findings: {report.issues[:3]}")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"floor": floor_cpu, "ours": ours, "peak_mb": peak}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="src folder of the checkout to compare")
    parser.add_argument("--plates", default="1536x2,384x4")
    parser.add_argument("--variant", default="distinct")
    parser.add_argument("--runs", type=int, default=7, help="processes per tree")
    parser.add_argument("--data", type=Path, default=Path("/tmp/ome-zarr-bench"))
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "plate_cpu.json")
    args = parser.parse_args()
    trees = {"after": str(ROOT / "src"), "before": args.before}
    rows: list[dict[str, Any]] = []
    for plate in args.plates.split(","):
        root = generate(args.data, plate, "0.5", args.variant)
        runs = alternating(trees, args.runs, [sys.executable, "-c", _CHILD, str(root)])
        row: dict[str, Any] = {"plate": plate, "version": "0.5", "variant": args.variant}
        for name, results in runs.items():
            floor = min(r["floor"] for r in results)
            ours = min(r["ours"] for r in results)
            row[name] = {
                "floor_best": floor,
                "ours_best": ours,
                "ratio_of_bests": ours / floor,
                "ratio_median": statistics.median(r["ours"] / r["floor"] for r in results),
                "ours_median": statistics.median(r["ours"] for r in results),
                "peak_mb": max(r["peak_mb"] for r in results),
            }
        emit(rows, row)
    finish(rows, args.json, table)


def _line(plate: str, tree: str, r: dict[str, float]) -> str:
    cells = (
        plate,
        tree,
        f"{r['floor_best']:.3f}",
        f"{r['ours_best']:.3f} ({r['ours_median']:.3f})",
        f"{r['ratio_of_bests']:.2f}x",
        f"{r['ratio_median']:.2f}x",
        f"{r['peak_mb']:.0f}",
    )
    return "| " + " | ".join(cells) + " |"


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| plate | tree | floor CPU best | validate_store CPU best (median) | best/best |"
        " median of ratios | peak MB |\n|---|---|---|---|---|---|---|"
    )
    body = [
        _line(f"{row['plate']} {row['variant']}", tree, row[tree])
        for row in rows
        for tree in ("before", "after")
    ]
    return "\n".join([head, *body])


if __name__ == "__main__":
    main()
