"""Microseconds of CPU per document: ours (this tree), ours before (another checkout) and
ome-zarr-models, on the same drawn documents, in fresh processes taking turns.

`bench/documents.py` times wall-clock rates; on a machine shared with other work a
1-30 ms pass moves 2x with the load. Here each pass is timed with `time.thread_time`
(the CPU time of the timing thread: no time is counted while it waits for a core), the
best of ``--passes`` passes per process, and the best of ``--rounds`` rounds, the tools
taking turns in fresh processes. For the small documents (labels, bioformats2raw) whose
few microseconds are mostly fixed cost.

    python bench/documents_cpu.py --kinds 0.5/labels,0.4/bioformats2raw \
        --ozm-python /work/bench312/bin/python --before /tmp/base/src

``--common`` keeps only the documents every tool measured accepts (valid for ours, the
model built for ome-zarr-models), as `bench/documents.py` does and as issue 15's table
was measured: a tool that rejects a document may spend more or less on it than on one it
accepts, and "at least its rate" compares the documents both validate. Without it every
drawn document counts.

Never part of the tests; the runner half (``--run``) reuses `documents._validator`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._report import emit, finish, last_json_line  # noqa: E402
from bench.documents import OZM_VERSIONS, _validator, draw  # noqa: E402


def accepted(tool: str, docs_file: Path) -> None:
    """Print {key: [accepted, ...]} for the tool on each (version, kind) of the file."""
    warnings.simplefilter("ignore")
    out = {}
    for key, docs in json.loads(docs_file.read_text()).items():
        version, kind = key.split("/")
        check = _validator(tool, version, kind)
        out[key] = [bool(check(doc)) for doc in docs]
    print(json.dumps(out))


def run(tool: str, docs_file: Path, passes: int) -> None:
    """Print {key: us per document} for the tool on each (version, kind) of the file."""
    warnings.simplefilter("ignore")
    out = {}
    for key, docs in json.loads(docs_file.read_text()).items():
        version, kind = key.split("/")
        check = _validator(tool, version, kind)
        for doc in docs:  # warm-up: validators built, caches filled
            check(doc)
        best = float("inf")
        for _ in range(passes):
            start = time.thread_time()
            for doc in docs:
                check(doc)
            best = min(best, time.thread_time() - start)
        out[key] = best / len(docs) * 1e6 if docs else 0.0
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", nargs=2, metavar=("TOOL", "DOCS"))
    parser.add_argument("--kinds", required=False, default="0.5/labels")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--passes", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ozm-python", default="")
    parser.add_argument("--before", default="")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "documents_cpu.json")
    parser.add_argument("--common", action="store_true", help="documents every tool accepts")
    parser.add_argument("--accepted", nargs=2, metavar=("TOOL", "DOCS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run(args.run[0], Path(args.run[1]), args.passes)
        return
    if args.accepted:
        accepted(args.accepted[0], Path(args.accepted[1]))
        return
    chosen = [tuple(k.split("/")) for k in args.kinds.split(",")]
    tools: dict[str, tuple[str, str, dict[str, str]]] = {
        "ours": ("ours", sys.executable, {**os.environ, "PYTHONPATH": str(ROOT / "src")})
    }
    if args.before:
        tools["before"] = ("ours", sys.executable, {**os.environ, "PYTHONPATH": args.before})
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    best: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs.json"
        drawn = {f"{v}/{k}": draw(v, k, args.count) for v, k in chosen}
        docs.write_text(json.dumps(drawn))
        ozm = Path(folder) / "ozm.json"
        ozm.write_text(
            json.dumps({k: d for k, d in drawn.items() if k.split("/")[0] in OZM_VERSIONS})
        )
        if args.ozm_python:
            tools["ozm"] = ("ozm", args.ozm_python, plain)
        if args.common:  # the documents every tool accepts, per kind
            verdicts = [
                last_json_line(
                    [python, __file__, "--accepted", tool, str(ozm if tool == "ozm" else docs)],
                    env,
                )
                for tool, python, env in tools.values()
            ]
            drawn = {
                key: [d for i, d in enumerate(found) if _kept(verdicts, key, i)]
                for key, found in drawn.items()
            }
            counts.update({key: len(found) for key, found in drawn.items()})
            docs.write_text(json.dumps(drawn))
            ozm.write_text(
                json.dumps({k: d for k, d in drawn.items() if k.split("/")[0] in OZM_VERSIONS})
            )
        for _ in range(args.rounds):
            for name, (tool, python, env) in tools.items():
                file = ozm if tool == "ozm" else docs
                command = [python, __file__, "--run", tool, str(file), "--passes", str(args.passes)]
                for key, us in last_json_line(command, env).items():
                    kept = best.setdefault(key, {})
                    kept[name] = min(kept.get(name, us), us)
    rows: list[dict[str, Any]] = []
    for key, found in best.items():
        emit(rows, {"kind": key, **({"documents": counts[key]} if key in counts else {}), **found})
    finish(rows, args.json, table)


def _kept(verdicts: list[dict[str, list[bool]]], key: str, i: int) -> bool:
    """Whether every tool that measured ``key`` accepts its ``i``-th document."""
    return all(v[key][i] for v in verdicts if key in v)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| version/kind | documents | ours (us) | before (us) | ome-zarr-models (us) |"
        " ours/ozm (rate) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        ours, before, ozm = row.get("ours"), row.get("before"), row.get("ozm")
        ratio = f"{ozm / ours:.2f}x" if ours and ozm else "-"
        lines.append(
            f"| {row['kind']} | {row.get('documents', 'all')} | {ours or 0:.2f}"
            f" | {before or 0:.2f} | {ozm or 0:.2f} | {ratio} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
