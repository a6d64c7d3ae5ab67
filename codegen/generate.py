"""Generate typed dataclasses from the schemas (run by the build hook, or by hand).

The schemas mix structure (objects, properties, types) with constraints (counts,
orderings, conditionals) that have no place in a type. datamodel-code-generator would
turn every constraint subschema into a class, so we feed it a *structural projection*:
constraint keywords are dropped, ``required`` lists from ``allOf`` are merged into their
object, and ``$defs`` that nothing structural refers to any more are pruned. The schemas
themselves stay the single source of truth; nothing generated is committed.

Usage: python codegen/generate.py [OUTPUT_DIR]
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_OUT = ROOT / "src" / "ome_zarr_schemas" / "_generated"

VERSIONS_MODULE = ROOT / "src" / "ome_zarr_schemas" / "spec" / "versions.py"


def supported_versions() -> tuple[str, ...]:
    """The versions to generate: the package's table (spec/versions.py), loaded on its own
    because the build environment cannot import the package (its dependencies are absent)."""
    spec = importlib.util.spec_from_file_location("_ome_zarr_schemas_versions", VERSIONS_MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    versions: tuple[str, ...] = module.SUPPORTED_VERSIONS
    return versions


CONSTRAINTS = {
    "anyOf",
    "contains",
    "minContains",
    "maxContains",
    "if",
    "then",
    "else",
    "not",
    "prefixItems",
    "dependentRequired",
    "dependentSchemas",
    "uniqueItems",
}

HEADER = '''"""Generated from schemas/{version} by codegen/generate.py. Do not edit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Literal, TypeAlias, Union

'''


def project(node: Any) -> Any:
    """The structural part of a schema node."""
    if isinstance(node, list):
        return [project(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    required: list[str] = list(node.get("required", []))
    for key, value in node.items():
        if key.startswith("x-") or key in CONSTRAINTS or key == "required":
            continue
        if key == "allOf":
            rest = []
            for sub in value:
                required += [r for r in sub.get("required", []) if r not in required]
                kept = {
                    k: v
                    for k, v in sub.items()
                    if k not in {"required"} | CONSTRAINTS
                    and not k.startswith("x-")
                    and k != "description"
                }
                if "properties" in kept or "oneOf" in kept:
                    rest.append(project(kept))
            if rest:
                out["allOf"] = rest
            continue
        out[key] = (
            project(value)
            if key not in {"properties", "$defs"}
            else {k: project(v) for k, v in value.items()}
        )
    if required:
        out["required"] = required
    if "oneOf" in out and "properties" in out:
        # A discriminated union: the branches carry the structure.
        out = {k: v for k, v in out.items() if k in {"oneOf", "title", "description"}}
    return out


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref)
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def prune(documents: dict[Path, dict[str, Any]]) -> None:
    """Drop the $defs that no structural $ref reaches from a file's root."""
    reachable = _reachable(documents)
    for path, doc in documents.items():
        defs = doc.get("$defs", {})
        for name in list(defs):
            if (path, name) not in reachable:
                del defs[name]
        if "$defs" in doc and not doc["$defs"]:
            del doc["$defs"]


def _reachable(documents: dict[Path, dict[str, Any]]) -> set[tuple[Path, str]]:
    """(file, def name) pairs reachable from the roots of the group files."""
    seen: set[tuple[Path, str]] = set()
    stack: list[tuple[Path, Any]] = [
        (p, {k: v for k, v in d.items() if k != "$defs"}) for p, d in documents.items()
    ]
    while stack:
        path, node = stack.pop()
        refs: set[str] = set()
        _refs(node, refs)
        for ref in refs:
            file_part, _, frag = ref.partition("#")
            target = (path.parent / file_part).resolve() if file_part else path
            match = re.fullmatch(r"/\$defs/([^/]+)", frag)
            if match and (target, match.group(1)) not in seen:
                seen.add((target, match.group(1)))
                doc = documents.get(target)
                if doc is not None and match.group(1) in doc.get("$defs", {}):
                    stack.append((target, doc["$defs"][match.group(1)]))
    return seen


def write_projection(workdir: Path) -> None:
    documents: dict[Path, dict[str, Any]] = {}
    for source in sorted(SCHEMAS.glob("*/*.schema.json")):
        target = (workdir / source.relative_to(SCHEMAS)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        documents[target] = project(copy.deepcopy(json.loads(source.read_text("utf-8"))))
    prune(documents)
    for path, doc in documents.items():
        path.write_text(json.dumps(doc, indent=1), encoding="utf-8")


def entry_schema(version: str, folder: Path) -> Path:
    kinds = sorted(p.name[: -len(".group.schema.json")] for p in folder.glob("*.group.schema.json"))
    entry = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "AllGroupKinds",
        "type": "object",
        "properties": {kind: {"$ref": f"{kind}.group.schema.json"} for kind in kinds},
    }
    path = folder / "_entry.schema.json"
    path.write_text(json.dumps(entry, indent=1), encoding="utf-8")
    return path


def module_name(version: str) -> str:
    return "v" + re.sub(r"[^0-9a-z]+", "_", version)


def generate(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_projection(work)
        for version in supported_versions():
            entry = entry_schema(version, work / version)
            raw = work / f"{module_name(version)}.py"
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "datamodel_code_generator",
                    "--input",
                    str(entry),
                    "--input-file-type",
                    "jsonschema",
                    "--output",
                    str(raw),
                    "--output-model-type",
                    "dataclasses.dataclass",
                    "--disable-timestamp",
                    "--use-title-as-name",
                    "--target-python-version",
                    "3.11",
                    "--use-standard-collections",
                    "--use-union-operator",
                    "--collapse-root-models",
                    "--enum-field-as-literal",
                    "all",
                    "--custom-template-dir",
                    str(TEMPLATES),
                    "--formatters",
                    "builtin",
                ],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise RuntimeError(f"datamodel-codegen failed for {version}:\n{result.stderr}")
            target = out_dir / raw.name
            target.write_text(_finish(raw.read_text("utf-8"), version), encoding="utf-8")
            written.append(target)
    (out_dir / "__init__.py").write_text(
        '"""Dataclasses generated from the schemas at build time. Do not edit."""\n',
        encoding="utf-8",
    )
    return written


def _finish(code: str, version: str) -> str:
    """Replace the generator's header and imports with ours (stable, complete)."""
    lines = code.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("@dataclass", "class ")))
    while start > 0 and lines[start - 1].startswith("@"):
        start -= 1
    body = "\n".join(lines[start:]).rstrip() + "\n"
    return HEADER.format(version=version) + "\n" + body


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    for path in generate(out):
        print(path)
