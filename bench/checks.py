"""The check half of a plate alone: `check_hierarchy` of a hierarchy already read, this
tree against another checkout, in fresh processes, the trees alternating.

`bench/stores.py` times the whole `validate_store`, read and check together; on a machine
shared with other work the read's I/O and threads make its wall time swing by more than
the checks cost. Here each process reads the plate once (not timed), then checks it
``--repeat`` times and keeps its best wall and CPU seconds (the checks make no I/O: the
process's CPU time is what the load moves least); the table gives the best and the median
over ``--runs`` processes per tree. Nothing is cached from one check to the next: each
builds its own verdicts, links and levels, as `validate_store` does.

    python bench/checks.py --before /tmp/base/src --plates 384x4,1536x2 --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._report import alternating, emit, finish  # noqa: E402
from bench.plates import generate  # noqa: E402

_CHILD = """
import json, sys, time
from ome_zarr_schemas.hierarchy import check_hierarchy, read_store
hierarchy = read_store(sys.argv[1])
wall = cpu = float("inf")
for _ in range(int(sys.argv[2])):
    w, c = time.perf_counter(), time.process_time()
    report = check_hierarchy(hierarchy)
    wall = min(wall, time.perf_counter() - w)
    cpu = min(cpu, time.process_time() - c)
print(json.dumps({"seconds": wall, "cpu": cpu, "issues": len(report.issues)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="src folder of the checkout to compare")
    parser.add_argument("--plates", default="384x4,1536x2")
    parser.add_argument("--version", default="0.5")
    parser.add_argument("--variant", default="distinct")
    parser.add_argument("--runs", type=int, default=5, help="processes per tree")
    parser.add_argument("--repeat", type=int, default=3, help="checks per process")
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("BENCH_DATA", "/tmp/ome-zarr-bench"))
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "checks.json")
    args = parser.parse_args()
    trees = {"after": str(ROOT / "src"), "before": args.before}
    rows: list[dict[str, Any]] = []
    for plate in args.plates.split(","):
        root = generate(args.data, plate, args.version, args.variant)
        command = [sys.executable, "-c", _CHILD, str(root), str(args.repeat)]
        runs = alternating(trees, args.runs, command)
        row: dict[str, Any] = {"plate": plate, "version": args.version, "variant": args.variant}
        for name, results in runs.items():
            if len({r["issues"] for r in results}) != 1:
                raise SystemExit(f"{name}: the number of findings changed between runs")
            row[name] = {
                key: {"best": min(r[key] for r in results), "median": _median(results, key)}
                for key in ("seconds", "cpu")
            } | {"issues": results[0]["issues"]}
        emit(rows, row)
    finish(rows, args.json, table)


def _median(results: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in results))


_COLUMNS = (
    "plate",
    "variant",
    "findings (before / after)",
    "before CPU best (median)",
    "after CPU best (median)",
    "after/before CPU",
    "before wall best",
    "after wall best",
)


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    for row in rows:
        before, after = row["before"], row["after"]
        cells = [
            row["plate"],
            row["variant"],
            f"{before['issues']} / {after['issues']}",
            *(f"{t['cpu']['best']:.3f} ({t['cpu']['median']:.3f})" for t in (before, after)),
            f"{after['cpu']['best'] / before['cpu']['best']:.2f}x",
            *(f"{t['seconds']['best']:.3f}" for t in (before, after)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
