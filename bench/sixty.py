"""The 60 MB document of issue 12, stage by stage: parse, schema passes, document checks,
and the whole CLI run, in one process per source tree; CPU seconds of the process (on a
machine shared with other jobs, wall time mostly measures the others), and the CLI's wall
time too.

Usage: ``python bench/sixty.py [--megabytes 60] [--runs 2] [SRC ...]`` runs each stage
in a fresh subprocess per source tree (``src`` by default; give another checkout's
``src`` to compare, e.g. the main branch's), alternating the trees run after run so that
a loaded machine weighs on both alike; prints one table of the fastest run of each.
The document is `tests.test_hostile._many_datasets` (nearly all dataset entries).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stages(file: str) -> dict[str, float]:
    """Time each stage in this process (the tree on ``sys.path`` is the one measured)."""
    import contextlib
    import io

    from ome_zarr_schemas.cli._main import main
    from ome_zarr_schemas.rules import multiscales
    from ome_zarr_schemas.rules._registry import checks_for
    from ome_zarr_schemas.rules.version import detect
    from ome_zarr_schemas.schema.alike import shared_keys
    from ome_zarr_schemas.schema.findings import schema_issues
    from ome_zarr_schemas.store.documents import parse_json_value

    data = Path(file).read_bytes()
    out: dict[str, float] = {}
    start = time.process_time()
    loaded = parse_json_value(file, data)
    out["parse"] = time.process_time() - start
    attrs = loaded.attributes
    assert isinstance(attrs, dict)
    detection = detect(attrs)
    assert detection.version is not None and detection.ome is not None
    start = time.process_time()
    with shared_keys():
        for kind in detection.kinds:
            for level in ("must", "should"):
                list(schema_issues(attrs, detection.version, kind, level, ""))
    out["schema passes"] = time.process_time() - start
    start = time.process_time()
    list(multiscales.unique_dataset_paths(detection.ome, detection.version))
    out["unique_dataset_paths"] = time.process_time() - start
    start = time.process_time()
    for registered in checks_for(set(detection.kinds)):
        list(registered.fn(detection.ome, detection.version))
    out["document checks (all)"] = time.process_time() - start
    del loaded, attrs, detection
    start = time.process_time()
    wall = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        main(["validate", file])
    out["CLI validate, in-process (CPU)"] = time.process_time() - start
    out["CLI validate, in-process (wall)"] = time.perf_counter() - wall
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=60)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--file", default="/tmp/ome-zarr-sixty.json")
    parser.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("trees", nargs="*", default=[str(ROOT / "src")])
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(_stages(args.file)))
        return
    if not Path(args.file).exists():
        sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
        from tests.test_hostile import _many_datasets

        _many_datasets(Path(args.file), args.megabytes)
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.runs):
        for tree in args.trees:
            env = {**os.environ, "PYTHONPATH": tree}
            command = [sys.executable, __file__, "--stages", "--file", args.file]
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            times = json.loads(result.stdout.strip().splitlines()[-1])
            mine = best.setdefault(tree, {})
            for stage, seconds in times.items():
                mine[stage] = min(seconds, mine.get(stage, seconds))
    stages = list(next(iter(best.values())))
    print("| stage | " + " | ".join(args.trees) + " |")
    print("|---|" + "---|" * len(args.trees))
    for stage in stages:
        print(f"| {stage} | " + " | ".join(f"{best[t][stage]:.2f} s" for t in args.trees) + " |")


if __name__ == "__main__":
    main()
