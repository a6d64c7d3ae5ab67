"""Documents validated per second: ours (this tree), ours before (another checkout, e.g.
main), ome-zarr-models and ngff-zarr, on the same documents, in one run.

Documents are drawn from ``ome_zarr_schemas.testing.attributes`` (derandomized: the same
documents every run) per version and kind, then each tool says which it accepts; every
tool is timed on the documents all the tools that validate that kind accept. Each tool
runs in a subprocess of its own interpreter (ome-zarr-models 1.8.1 needs Python 3.12: a
benchmark-only virtual environment, never a dependency of this project), after a warm-up
pass (validators built, caches filled), one timed pass per run, the median of ``--runs``.

    python bench/documents.py --count 300 --ozm-python /work/bench312/bin/python \
        --before /work/main/src

Never part of the tests. The runner half (``--run``) imports only the tool it times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._report import emit, finish, last_json_line  # noqa: E402

#: (version, kind) measured; ome-zarr-models and ngff-zarr validate a subset.
KINDS = [
    (version, kind)
    for version in ("0.4", "0.5", "0.6.dev4")
    for kind in ("image", "label-image", "labels", "plate", "well", "bioformats2raw")
] + [("0.6rc0", kind) for kind in ("image", "label-image", "plate", "well")]

#: ome-zarr-models classes (module, class) per kind; the package per version.
OZM = {
    "image": ("image", "ImageAttrs"),
    "label-image": ("image_label", "ImageLabelAttrs"),
    "labels": ("labels", "LabelsAttrs"),
    "plate": ("hcs", "HCSAttrs"),
    "well": ("well", "WellAttrs"),
    "bioformats2raw": ("bioformats2raw", "BioFormats2RawAttrs"),
}
OZM_VERSIONS = {"0.4": "v04", "0.5": "v05", "0.6.dev4": "v06"}
NGFF = {"image": "image", "label-image": "label", "plate": "plate", "well": "well"}
NGFF_VERSIONS = {"0.4", "0.5", "0.6rc0"}


# --- the runner half (any interpreter with the tool installed)


def _validator(tool: str, version: str, kind: str) -> Callable[[Any], bool]:
    if tool == "ours":
        from ome_zarr_schemas import validate_attributes

        return lambda doc: validate_attributes(doc).valid
    if tool == "ozm":
        import importlib

        module, name = OZM[kind]
        cls = getattr(
            importlib.import_module(f"ome_zarr_models.{OZM_VERSIONS[version]}.{module}"), name
        )
        wrapped = version != "0.4"

        def ozm(doc: Any) -> bool:
            try:
                cls.model_validate(doc["ome"] if wrapped else doc)
            except Exception:
                return False
            return True

        return ozm
    if tool == "ngff":
        import ngff_zarr

        model = NGFF[kind]

        def ngff(doc: Any) -> bool:
            try:
                ngff_zarr.validate(doc, version=version, model=model)
            except Exception:
                return False
            return True

        return ngff
    raise SystemExit(f"unknown tool {tool}")


def run(tool: str, version: str, kind: str, docs_file: Path, runs: int) -> None:
    """Print {accepted: [...], rate: docs/s} for the tool on the documents."""
    warnings.simplefilter("ignore")  # e.g. ome-zarr-models on 0.6.dev4: not what is timed
    docs = json.loads(docs_file.read_text())
    check = _validator(tool, version, kind)
    accepted = [check(doc) for doc in docs]  # the warm-up pass too
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for doc in docs:
            check(doc)
        rates.append(len(docs) / (time.perf_counter() - start) if docs else 0.0)
    print(json.dumps({"accepted": accepted, "rate": statistics.median(rates) if rates else 0}))


# --- the driver (this project's environment)


def draw(version: str, kind: str, count: int) -> list[Any]:
    from hypothesis import HealthCheck, given, settings

    from ome_zarr_schemas.testing import attributes

    found: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(attributes(version=version, kind=kind))
    def collect(doc: Any) -> None:
        found.append(doc)

    collect()
    return found


def _call(
    python: str, env: dict[str, str], tool: str, version: str, kind: str, docs: Path, runs: int
) -> dict[str, Any]:
    command = [python, __file__, "--run", tool, version, kind, str(docs), "--runs", str(runs)]
    return last_json_line(command, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", nargs=4, metavar=("TOOL", "VERSION", "KIND", "DOCS"))
    parser.add_argument("--count", type=int, default=300, help="documents drawn per kind")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ozm-python", default="", help="a python with ome-zarr-models 1.8.1")
    parser.add_argument("--ngff-python", default=sys.executable, help="a python with ngff-zarr")
    parser.add_argument("--before", default="", help="src folder of the checkout to compare")
    parser.add_argument("--kinds", default="", help="e.g. 0.5/plate,0.4/image (default: all)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "documents.json")
    args = parser.parse_args()
    if args.run:
        tool, version, kind, docs = args.run
        run(tool, version, kind, Path(docs), args.runs)
        return
    chosen = [tuple(k.split("/")) for k in args.kinds.split(",")] if args.kinds else KINDS
    ours_env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before_env = {**os.environ, "PYTHONPATH": args.before}
    plain_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for version, kind in chosen:
            docs = draw(version, kind, args.count)
            all_file = Path(folder) / "all.json"
            all_file.write_text(json.dumps(docs))
            tools: dict[str, tuple[str, dict[str, str]]] = {"ours": (sys.executable, ours_env)}
            if args.before:
                tools["before"] = (sys.executable, before_env)
            if args.ozm_python and version in OZM_VERSIONS:
                tools["ozm"] = (args.ozm_python, plain_env)
            if version in NGFF_VERSIONS and kind in NGFF:
                tools["ngff"] = (args.ngff_python, plain_env)
            accepted = {
                t: _call(py, env, "ours" if t == "before" else t, version, kind, all_file, 0)[
                    "accepted"
                ]
                for t, (py, env) in tools.items()
            }
            common = [d for i, d in enumerate(docs) if all(a[i] for a in accepted.values())]
            common_file = Path(folder) / "common.json"
            common_file.write_text(json.dumps(common))
            row: dict[str, Any] = {
                "version": version,
                "kind": kind,
                "drawn": len(docs),
                "common": len(common),
                "accepted": {t: sum(a) for t, a in accepted.items()},
            }
            for t, (py, env) in tools.items():
                tool = "ours" if t == "before" else t
                row[t] = _call(py, env, tool, version, kind, common_file, args.runs)["rate"]
            emit(rows, row)
    finish(rows, args.json, table)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| version | kind | documents (common/drawn) | ours (docs/s) | ours before |"
        " ome-zarr-models 1.8.1 | ngff-zarr | ours/ozm | ours/ngff |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def f(v: float | None) -> str:
        return f"{v:,.0f}" if v else "-"

    def r(a: float | None, b: float | None) -> str:
        return f"{a / b:.2f}x" if a and b else "-"

    for row in rows:
        ours, ozm, ngff = row.get("ours"), row.get("ozm"), row.get("ngff")
        lines.append(
            f"| {row['version']} | {row['kind']} | {row['common']}/{row['drawn']} | {f(ours)}"
            f" | {f(row.get('before'))} | {f(ozm)} | {f(ngff)} | {r(ours, ozm)}"
            f" | {r(ours, ngff)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
