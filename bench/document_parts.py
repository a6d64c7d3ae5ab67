"""Where one document's validation goes, part by part, and the per-document time of
this tree, another checkout and ome-zarr-models, on the same drawn documents.

Robust to a loaded machine: each document is validated ``--passes`` times and its best
time kept (per part too), then the bests are averaged; each tool runs in a fresh
process of its own, the trees alternating ``--rounds`` times. The documents are those
`bench/documents.py` draws (every tool sees the same ones), kept when every tool
accepts them.

    python bench/document_parts.py --kinds 0.6.dev4/image,0.6.dev4/label-image \\
        --ozm-python /work/bench312/bin/python --before /tmp/base/src

Never part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best(check: Callable[[Any], object], docs: list[Any], passes: int) -> float:
    """The mean over ``docs`` of each document's best time (us)."""
    best = [1e9] * len(docs)
    clock = time.perf_counter
    for _ in range(passes):
        for i, doc in enumerate(docs):
            start = clock()
            check(doc)
            spent = clock() - start
            if spent < best[i]:
                best[i] = spent
    return sum(best) / len(docs) * 1e6 if docs else 0.0


def _parts(docs: list[Any], passes: int) -> dict[str, float]:
    """Best time per document and part (us), this process's tree: the compiled call
    (with `plain_json`), the wording of failing passes, each document check."""
    import ome_zarr_schemas._quick as quick
    import ome_zarr_schemas.schema.engine as engine
    import ome_zarr_schemas.validate as validate
    from ome_zarr_schemas import validate_attributes
    from ome_zarr_schemas.rules import _registry

    clock = time.perf_counter
    spent: dict[str, float] = defaultdict(float)

    def timed(module: Any, name: str, label: str) -> None:
        fn = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            out = fn(*args, **kwargs)
            spent[label] += clock() - start
            return out

        setattr(module, name, wrapper)

    timed(quick, "failing_passes", "schema: compiled call (with plain_json)")
    timed(engine, "plain_json", "  of which plain_json")
    timed(validate, "_explained_directly", "schema: wording of failing passes")
    for registered in list(_registry.CHECKS):
        fn = registered.fn
        label = f"check {fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"

        def listed(ome: Any, version: str, fn: Any = fn, label: str = label) -> Any:
            start = clock()
            found = list(fn(ome, version))
            spent[label] += clock() - start
            return iter(found)

        object.__setattr__(registered, "fn", listed)
    _registry._CHECKS_FOR.clear()
    for doc in docs:
        validate_attributes(doc)
    best: list[dict[str, float]] = [defaultdict(lambda: 1e9) for _ in docs]
    for _ in range(passes):
        for i, doc in enumerate(docs):
            spent.clear()
            start = clock()
            validate_attributes(doc)
            spent["total (wrapped)"] = clock() - start
            for key, value in spent.items():
                best[i][key] = min(best[i][key], value)
    total: dict[str, float] = defaultdict(float)
    for one in best:
        for key, value in one.items():
            total[key] += value / len(docs) * 1e6
    return dict(sorted(total.items(), key=lambda kv: -kv[1]))


def _run(tool: str, kind: str, docs_file: Path, passes: int, parts: bool) -> None:
    import warnings

    warnings.simplefilter("ignore")
    docs = json.loads(docs_file.read_text())
    if tool == "ozm":
        import importlib

        from bench.documents import OZM, OZM_VERSIONS

        module, name = OZM[kind]
        cls = getattr(
            importlib.import_module(f"ome_zarr_models.{OZM_VERSIONS['0.6.dev4']}.{module}"), name
        )

        def check(doc: Any) -> bool:
            try:
                cls.model_validate(doc["ome"])
            except Exception:
                return False
            return True
    else:
        from ome_zarr_schemas import validate_attributes

        def check(doc: Any) -> bool:
            return validate_attributes(doc).valid

    accepted = [check(doc) for doc in docs]
    out: dict[str, Any] = {"accepted": accepted, "us": _best(check, docs, passes)}
    if parts:
        out["parts"] = _parts(docs, passes)
    print(json.dumps(out))


def _call(python: str, src: str, args: list[str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if src:
        env["PYTHONPATH"] = src
    command = [python, __file__, *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", nargs=3, metavar=("TOOL", "KIND", "DOCS"))
    parser.add_argument("--parts", action="store_true")
    parser.add_argument("--kinds", default="0.6.dev4/image,0.6.dev4/label-image")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--passes", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ozm-python", default="")
    parser.add_argument("--before", default="", help="src folder of the checkout to compare")
    args = parser.parse_args()
    if args.run:
        tool, kind, docs = args.run
        _run(tool, kind, Path(docs), args.passes, args.parts)
        return
    from bench.documents import draw

    here = str(ROOT / "src")
    for version, kind in (tuple(k.split("/")) for k in args.kinds.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            every = Path(folder) / "all.json"
            docs = draw(version, kind, args.count)
            every.write_text(json.dumps(docs))
            tools = [("ours", sys.executable, here)]
            if args.before:
                tools.append(("before", sys.executable, args.before))
            if args.ozm_python:
                tools.append(("ozm", args.ozm_python, ""))
            accepted = [
                _call(
                    py,
                    src,
                    ["--run", t if t == "ozm" else "ours", kind, str(every), "--passes", "1"],
                )["accepted"]
                for t, py, src in tools
            ]
            common = [d for i, d in enumerate(docs) if all(a[i] for a in accepted)]
            kept = Path(folder) / "common.json"
            kept.write_text(json.dumps(common))
            print(f"== {version} {kind}: {len(common)} of {len(docs)} documents")
            times: dict[str, list[float]] = defaultdict(list)
            for _ in range(args.rounds):
                for name, py, src in tools:
                    tool = "ozm" if name == "ozm" else "ours"
                    run = ["--run", tool, kind, str(kept), "--passes", str(args.passes)]
                    times[name].append(_call(py, src, run)["us"])
            for name, found in times.items():
                print(f"  {name:7s} best of rounds {min(found):6.1f} us/doc  (rounds: {found})")
            for name, _, src in tools[: 2 if args.before else 1]:
                run = ["--run", "ours", kind, str(kept), "--passes", str(args.passes), "--parts"]
                parts = _call(sys.executable, src, run)["parts"]
                print(f"  parts, {name}:")
                for label, value in parts.items():
                    if value >= 0.3:
                        print(f"    {value:6.1f}  {label}")


if __name__ == "__main__":
    main()
