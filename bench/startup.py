"""Start-up of the command line, this tree against another checkout (e.g. main), in one run.

The official conformance runner starts the command once per case, so start-up is most
of a corpus run. Measured, alternating the two trees so load hits both alike:

- ``--version`` (median of ``--runs`` starts);
- ``conformance`` on one valid document (median of ``--runs``), and on one invalid
  document (python-jsonschema explains it: most corpus cases are such);
- the runner's loop over a whole attributes corpus (``--corpus``, e.g. the 0.6rc0 one):
  one ``conformance --strict-from-path FILE`` process per case file, run one after the
  other as the runner does, total seconds.

Each is reported as wall time and as CPU time (user + system of the process), which a
loaded machine moves less.

Bytecode is written once (to a temporary ``PYTHONPYCACHEPREFIX``) before timing, as an
installed package has it, whatever ``PYTHONDONTWRITEBYTECODE`` says.

    python bench/startup.py --before /work/main/src \
        --corpus /work/shared/conformance/ngff-0.6rc0/tests/attributes

``--other LABEL=SRC`` (repeatable) times more trees in the same run (e.g. an older
commit of main checked out with ``git worktree add``), each a column of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Row suffixes: wall time, then CPU time (user + system: less moved by other jobs).
CLOCKS = ("", ", CPU")


def _start(src: str, args: list[str], cache: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one start of the command."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=src, PYTHONPYCACHEPREFIX=cache)  # bytecode as installed, not here
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ome_zarr_schemas", *args],
        env=env,
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="src folder of the other checkout")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "startup.json")
    parser.add_argument("--other", action="append", default=[], metavar="LABEL=SRC")
    args = parser.parse_args()
    trees = {"after": str(ROOT / "src"), "before": args.before}
    trees.update(dict(other.split("=", 1) for other in args.other))
    with tempfile.TemporaryDirectory() as folder:
        cache = str(Path(folder) / "pycache")
        document = Path(folder) / "image.json"
        document.write_text(json.dumps(_valid_image()))
        invalid = Path(folder) / "invalid.json"  # most corpus cases: explained too
        invalid.write_text(json.dumps(_valid_image()).replace('"axes"', '"axis"'))
        commands = {
            "--version": ["--version"],
            "conformance": ["conformance", str(document)],
            "conformance, invalid": ["conformance", str(invalid)],
        }
        for src in trees.values():  # writes the bytecode, as an installation has it
            _start(src, ["validate", "--format", "json", str(document)], cache)
        results: dict[str, dict[str, float]] = {}
        for name, command in commands.items():
            times: dict[str, list[tuple[float, float]]] = {tree: [] for tree in trees}
            for _ in range(args.runs):
                for tree, src in trees.items():
                    times[tree].append(_start(src, command, cache))
            for i, clock in enumerate(CLOCKS):
                results[f"{name}{clock}"] = {
                    tree: statistics.median(t[i] for t in runs) for tree, runs in times.items()
                }
        if args.corpus is not None:
            cases = sorted(args.corpus.rglob("*.json"))
            totals = {tree: [0.0, 0.0] for tree in trees}
            for case in cases:
                for tree, src in trees.items():
                    command = ["conformance", "--strict-from-path", str(case)]
                    for i, seconds in enumerate(_start(src, command, cache)):
                        totals[tree][i] += seconds
            for i, clock in enumerate(CLOCKS):
                name = f"corpus ({len(cases)} cases){clock}"
                results[name] = {tree: total[i] for tree, total in totals.items()}
    args.json.write_text(json.dumps(results, indent=1) + "\n")
    others = [tree for tree in trees if tree not in {"after", "before"}]
    head = "".join(f" {o} (s) | after/{o} |" for o in others)
    print(f"| command | before (s) | after (s) | after/before |{head}")
    print("|---|---|---|---|" + "---|---|" * len(others))
    for name, row in results.items():
        extra = "".join(f" {row[o]:.3f} | {row['after'] / row[o]:.2f}x |" for o in others)
        print(f"| {name} | {row['before']:.3f} | {row['after']:.3f} |"
              f" {row['after'] / row['before']:.2f}x |{extra}")  # fmt: skip


def _valid_image() -> dict[str, object]:
    axis = {"type": "space", "unit": "micrometer"}
    datasets = [
        {"path": str(i), "coordinateTransformations": [{"type": "scale", "scale": [2.0**i] * 2}]}
        for i in range(3)
    ]
    image = {
        "name": "image",
        "type": "mean",
        "metadata": {},
        "axes": [{"name": "y", **axis}, {"name": "x", **axis}],
        "datasets": datasets,
    }
    return {"ome": {"version": "0.5", "multiscales": [image]}}


if __name__ == "__main__":
    main()
