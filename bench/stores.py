"""Whole plates, locally: this tree against another checkout and against the read floor,
on plates of identical documents and of distinct ones, reported apart.

Every measurement is `bench/run.py --one` in a fresh process (imports excluded from the
time, peak memory the process's own), with ``PYTHONPATH`` naming the tree measured:

- floor: walk the folder and ``json.loads`` every metadata document;
- tight floor: the same with ``os.scandir`` and ``os.open``/``os.read`` (four system calls
  a document against ``open().read()``'s nine): the lowest floor Python reaches, so that
  no ratio is flattered by a slow floor;
- after: ``validate_store`` of this tree; before: the same call of the other tree.

Plates come from `bench/plates.py` (``identical``: every field alike, as `bench/run.py`
has always measured; ``distinct``: names, channels and windows per field, as real plates).

    python bench/stores.py --before /work/main/src --plates 384x4,1536x2 --runs 3
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

from bench._report import emit, finish, last_json_line  # noqa: E402
from bench.plates import VARIANTS, count_documents, generate  # noqa: E402


def _one(mode: str, root: Path, src: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": src}
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--one", mode, str(root)]
    return last_json_line(command, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="", help="src folder of the checkout to compare")
    parser.add_argument("--plates", default="384x4,1536x2")
    parser.add_argument("--versions", default="0.5")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--data", type=Path, default=Path(os.environ.get("BENCH_DATA", "/tmp/ome-zarr-bench"))
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "stores.json")
    args = parser.parse_args()
    trees = {"after": str(ROOT / "src")}
    if args.before:
        trees["before"] = args.before
    rows: list[dict[str, Any]] = []
    for plate in args.plates.split(","):
        for version in args.versions.split(","):
            for variant in args.variants.split(","):
                root = generate(args.data, plate, version, variant)
                runs: dict[str, list[dict[str, float]]] = {
                    "floor": [],
                    "tight": [],
                    **{t: [] for t in trees},
                }
                for _ in range(args.runs):  # alternating, so load hits each alike
                    runs["floor"].append(_one("floor", root, trees["after"]))
                    runs["tight"].append(_one("floor-tight", root, trees["after"]))
                    for tree, src in trees.items():
                        runs[tree].append(_one("ours", root, src))
                row: dict[str, Any] = {
                    "plate": plate,
                    "version": version,
                    "variant": variant,
                    "documents": count_documents(root),
                }
                for name, results in runs.items():
                    row[name] = {
                        "seconds": statistics.median(r["seconds"] for r in results),
                        "cpu": statistics.median(r["cpu"] for r in results),
                        "peak_mb": max(r["peak_mb"] for r in results),
                    }
                emit(rows, row)
    finish(rows, args.json, table)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| plate | version | documents | variant | floor (s) | tight floor (s) | before (s) |"
        " after (s) | before/floor | after/floor | after/tight | after peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        floor = row["floor"]["seconds"]
        tight = row.get("tight", row["floor"])["seconds"]
        before = row.get("before", {}).get("seconds")
        after = row["after"]["seconds"]
        shown = f"{before:.2f}" if before else "-"
        ratio = f"{before / floor:.2f}x" if before else "-"
        lines.append(
            f"| {row['plate']} | {row['version']} | {row['documents']} | {row['variant']}"
            f" | {floor:.2f} | {tight:.2f} | {shown} | {after:.2f} | {ratio}"
            f" | {after / floor:.2f}x | {after / tight:.2f}x | {row['after']['peak_mb']:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
