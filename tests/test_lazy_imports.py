"""Start-up: each command imports only what it needs.

The official conformance runner starts the command line once per case, so its start-up
is most of a corpus run. ``--version``, ``--help``, ``rules``, ``schema export`` and
validating one JSON document import neither zarr, fsspec, aiohttp nor the store reader
(`store.sources`, `store.walk`, `store.metadata`); rich loads only to render text, never
for ``--format json`` or a conformance verdict; the JSON Schema explanation engine
(python-jsonschema) only when a document needs explaining. Each command runs in a fresh
interpreter, which reports the modules it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ome_zarr_schemas

#: The store reader's modules and the libraries behind it.
READER = {
    "zarr",
    "fsspec",
    "aiohttp",
    "numpy",
    "asyncio",
    "ome_zarr_schemas.store.sources",
    "ome_zarr_schemas.store.walk",
    "ome_zarr_schemas.store.metadata",
}
EXPLAINER = {"jsonschema", "referencing"}
#: What a conformance verdict on one document never needs: the target reader (the command
#: line's and the one it shares with the collection) and the hierarchy checks behind it.
VERDICT_EXTRAS = {
    "ome_zarr_schemas.cli._targets",
    "ome_zarr_schemas._read_check",
    "ome_zarr_schemas._read_hints",
    "ome_zarr_schemas.hierarchy",
}

_PROBE = """
import json, sys
from ome_zarr_schemas.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""

VALID = {"ome": {"version": "0.5", "labels": ["cells"]}}
INVALID = {"ome": {"version": "0.5", "labels": "cells"}}
_AXES = [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}]
#: Fails inside a oneOf (the transformation's type): only the reference engine words it.
BRANCHED = {
    "ome": {
        "version": "0.5",
        "multiscales": [
            {
                "name": "a",
                "axes": _AXES,
                "datasets": [{"path": "0", "coordinateTransformations": [{"type": "bogus"}]}],
            }
        ],
    }
}


#: A 0.6rc0 scale without its scale: fails the oneOf of the transformation types, worded
#: from jsonschema-rs's errors (`schema.branched`).
_SYSTEMS = [{"name": "physical", "axes": _AXES}]
_SCALE = {"type": "scale", "input": {"path": "0"}, "output": {"name": "physical"}}
ONE_OF = {
    "ome": {
        "version": "0.6rc0",
        "multiscales": [
            {
                "name": "a",
                "coordinateSystems": _SYSTEMS,
                "datasets": [{"path": "0", "coordinateTransformations": [_SCALE]}],
            }
        ],
    }
}

#: A conformance case in the runner's form builds no parser (`cli._conformance.quick`):
#: neither argparse (its help formatter's shutil, its messages' locale lookup) nor the
#: other commands' options (`cli._main`, the store reader's defaults).
PARSER = {"argparse", "shutil", "ome_zarr_schemas.cli._main", "ome_zarr_schemas.store.nodes"}


def _run(args: list[str], tmp_path: Path) -> tuple[int, set[str]]:
    _, report = _probe(_PROBE, args, tmp_path)
    return report["code"], set(report["modules"])


def _probe(script: str, args: list[str], tmp_path: Path) -> tuple[str, Any]:
    """Run ``script`` with ``args`` in a fresh interpreter: its stdout, and the JSON value
    it printed last on stderr."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env=_env(),
    )
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])


def _env() -> dict[str, str]:
    """This tree's package first (a relative PYTHONPATH would not survive the cwd)."""
    env = {k: v for k, v in os.environ.items() if k != "OME_ZARR_SCHEMAS_ENGINE"}
    here = str(Path(ome_zarr_schemas.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([here, *filter(None, [env.get("PYTHONPATH")])])
    return env


def _documents(tmp_path: Path) -> None:
    (tmp_path / "valid.json").write_text(json.dumps(VALID))
    (tmp_path / "invalid.json").write_text(json.dumps(INVALID))
    (tmp_path / "branched.json").write_text(json.dumps(BRANCHED))
    (tmp_path / "one-of.json").write_text(json.dumps(ONE_OF))


COMMANDS = {
    "--version": (["--version"], READER | EXPLAINER | PARSER | {"rich", "jsonschema_rs"}),
    "--help": (["--help"], READER | EXPLAINER | {"rich", "jsonschema_rs"}),
    "rules": (["rules", "--format", "json"], READER | EXPLAINER | {"rich", "jsonschema_rs"}),
    "schema export": (
        ["schema", "export", "--version", "0.5", "--kind", "image", "-o", "out"],
        READER | {"rich", "jsonschema_rs"},
    ),
    "validate json": (
        ["validate", "--format", "json", "valid.json"],
        READER | EXPLAINER | {"rich"},
    ),
    "validate text": (["validate", "valid.json"], READER | EXPLAINER),
    "conformance valid": (
        ["conformance", "valid.json"],
        # importlib.resources: the schemas are files of the package (python-jsonschema
        # loads it for its own metaschemas, so only a valid document can show it)
        READER | EXPLAINER | VERDICT_EXTRAS | PARSER | {"rich", "importlib.resources"},
    ),
    # worded from the compiled engine's errors: neither python-jsonschema nor referencing
    "conformance invalid": (
        ["conformance", "invalid.json"],
        READER | EXPLAINER | VERDICT_EXTRAS | PARSER | {"rich"},
    ),
    "conformance one-of": (
        ["conformance", "one-of.json"],
        READER | EXPLAINER | VERDICT_EXTRAS | PARSER | {"rich"},
    ),
    "conformance branched": (
        ["conformance", "--strict-from-path", "branched.json"],
        READER | VERDICT_EXTRAS | (PARSER - {"shutil"}) | {"rich"},  # python-jsonschema's own
    ),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_command_imports_only_what_it_needs(command: str, tmp_path: Path) -> None:
    args, forbidden = COMMANDS[command]
    _documents(tmp_path)
    code, modules = _run(args, tmp_path)
    assert code in {0, 1}
    loaded = {m for m in modules if m in forbidden or m.split(".")[0] in forbidden}
    assert not loaded, f"{command} imported {sorted(loaded)}"


def test_the_probe_sees_what_a_store_loads(tmp_path: Path) -> None:
    """The same probe on a store target: the reader does load (so the test can fail)."""
    store = tmp_path / "image.zarr"
    store.mkdir()
    (store / "zarr.json").write_text(
        json.dumps({"zarr_format": 3, "node_type": "group", "attributes": VALID})
    )
    code, modules = _run(["validate", "--format", "json", str(store)], tmp_path)
    assert code == 1  # its label image is missing
    assert {"ome_zarr_schemas.store.walk", "asyncio"} <= modules


def test_an_invalid_document_is_explained_by_the_reference_engine(tmp_path: Path) -> None:
    _documents(tmp_path)
    code, modules = _run(["validate", "--format", "json", "branched.json"], tmp_path)
    assert code == 1
    assert "jsonschema" in modules and "rich" not in modules


def _cache_probe(module: str, function: str) -> str:
    """A script running the CLI, then telling on stderr how many entries
    ``schema.<module>.<function>``'s cache holds (what the run read or built)."""
    return f"""
import json, sys
from ome_zarr_schemas.cli import main
from ome_zarr_schemas.schema import {module}
main(sys.argv[1:])
print(json.dumps({module}.{function}.cache_info().currsize), file=sys.stderr)
"""


_SCHEMA_FILES = _cache_probe("registry", "_document")


@pytest.mark.parametrize("name", ["valid", "invalid"])
def test_a_verdict_reads_only_the_schema_files_its_document_reaches(
    name: str, tmp_path: Path
) -> None:
    """A conformance run on a 0.5 labels document reads the labels group schema and the
    files it refers to, not all 78 packaged files of the four versions: to decide (the
    compiled engine) and to explain (python-jsonschema, for the invalid one)."""
    _documents(tmp_path)
    out, read = _probe(_SCHEMA_FILES, ["conformance", f"{name}.json"], tmp_path)
    assert json.loads(out)["valid"] is (name == "valid")
    assert 1 <= read <= 4, read


def test_a_simply_invalid_document_is_worded_without_the_reference_engine(
    tmp_path: Path,
) -> None:
    """A wrong type is worded from the compiled engine's own error (`schema.direct`):
    python-jsonschema never loads."""
    _documents(tmp_path)
    code, modules = _run(["validate", "--format", "json", "invalid.json"], tmp_path)
    assert code == 1
    assert "jsonschema" not in modules and "jsonschema_rs" in modules
    assert "referencing" not in modules  # its $refs are resolved in the plain documents


_BUILT = _cache_probe("engine", "_validator")


@pytest.mark.parametrize("name", ["valid", "invalid"])
def test_a_valid_labels_document_is_decided_without_a_compiled_validator(
    name: str, tmp_path: Path
) -> None:
    """The generated verdict (`schema.pyverdict`) decides a valid labels document: a
    conformance case builds no jsonschema-rs validator; an invalid one
    still has one built, to locate its errors."""
    _documents(tmp_path)
    out, built = _probe(_BUILT, ["conformance", f"{name}.json"], tmp_path)
    assert json.loads(out)["valid"] is (name == "valid")
    assert built == (0 if name == "valid" else 1)
