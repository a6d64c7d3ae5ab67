"""`ome-zarr-schemas conformance [--strict] PATH`: the contract of the official runner.

Exactly one JSON object on stdout, ``{"valid": bool, "message"?: str}``; exit status 0
whatever the verdict (non-zero only for a failure of our own); input that is not JSON is
a verdict, not a crash; PATH is an attributes file or a folder holding zarr.json.
Checked both through a real subprocess (what the runner does) and in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas.cli import _conformance
from ome_zarr_schemas.cli import _main as cli
from ome_zarr_schemas.cli import main as package_main

from ._support import require_corpus


def _image(version: str = "0.6rc0", **multiscale: Any) -> dict[str, Any]:
    axes = [{"name": "y", "type": "space", "unit": "micrometer"}, {"name": "x", "type": "space"}]
    body = {
        "name": "img",
        "type": "gaussian",
        "metadata": {},
        "coordinateSystems": [{"name": "physical", "axes": axes}],
        "datasets": [
            {
                "path": "0",
                "coordinateTransformations": [
                    {
                        "type": "scale",
                        "scale": [0.5, 0.5],
                        "input": {"path": "0"},
                        "output": {"name": "physical"},
                    }
                ],
            }
        ],
        **multiscale,
    }
    return {"ome": {"version": version, "multiscales": [body]}}


VALID = _image()
INVALID = _image(datasets=[])
WARNING_ONLY = {k: v for k, v in _image()["ome"]["multiscales"][0].items() if k != "name"}
SHOULD_ONLY = {"ome": {"version": "0.6rc0", "multiscales": [WARNING_ONLY]}}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for name, doc in (("valid", VALID), ("invalid", INVALID), ("should", SHOULD_ONLY)):
        out[name] = tmp_path / f"{name}.json"
        out[name].write_text(json.dumps(doc), encoding="utf-8")
    group = tmp_path / "image.ome.zarr"
    group.mkdir()
    (group / "zarr.json").write_text(
        json.dumps({"zarr_format": 3, "node_type": "group", "attributes": VALID}), "utf-8"
    )
    out["folder"] = group
    broken = tmp_path / "broken.ome.zarr"
    broken.mkdir()
    (broken / "zarr.json").write_text(
        '{"zarr_format": 3, "attributes": {"ome": {"version": "0.6rc0', "utf-8"
    )
    out["broken-folder"] = broken
    out["not-json"] = tmp_path / "not.json"
    out["not-json"].write_bytes(b"\xff\xfe not json at all")
    out["missing"] = tmp_path / "does-not-exist.json"
    out["unreleased"] = tmp_path / "unreleased.json"
    out["unreleased"].write_text(json.dumps(_image(version="0.6")), "utf-8")
    return out


def _run(*args: str) -> tuple[int, dict[str, Any], str]:
    done = subprocess.run(
        [sys.executable, "-m", "ome_zarr_schemas", "conformance", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout  # exactly one JSON object, nothing else
    verdict = json.loads(lines[0])
    assert isinstance(verdict, dict) and isinstance(verdict["valid"], bool)
    assert set(verdict) <= {"valid", "message"}
    return done.returncode, verdict, done.stderr


EXPECTED = [
    ("valid", [], True),
    ("invalid", [], False),
    ("folder", [], True),
    ("broken-folder", [], False),
    ("not-json", [], False),
    ("missing", [], False),
    ("should", [], True),
    ("should", ["--strict"], False),
    ("unreleased", [], True),
    ("unreleased", ["--strict"], False),
]


@pytest.mark.parametrize(("name", "flags", "valid"), EXPECTED)
def test_subprocess_verdicts(
    files: dict[str, Path], name: str, flags: list[str], valid: bool
) -> None:
    code, verdict, _ = _run(*flags, str(files[name]))
    assert code == 0
    assert verdict["valid"] is valid
    if not valid:
        assert verdict["message"]


@pytest.mark.parametrize(("name", "flags", "valid"), EXPECTED)
def test_in_process_verdicts(
    files: dict[str, Path],
    name: str,
    flags: list[str],
    valid: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["conformance", *flags, str(files[name])]) == 0
    out = capsys.readouterr().out
    verdict = json.loads(out)
    assert out.count("\n") == 1 and verdict["valid"] is valid
    assert verdict == cli.conformance_verdict(str(files[name]), strict="--strict" in flags)


def test_messages_name_the_rule(files: dict[str, Path]) -> None:
    assert (
        "[multiscales.datasets]"
        in cli.conformance_verdict(str(files["invalid"]), strict=False)["message"]
    )
    assert (
        "[document.not-json]"
        in cli.conformance_verdict(str(files["not-json"]), strict=False)["message"]
    )
    unreleased = cli.conformance_verdict(str(files["unreleased"]), strict=False)
    assert "[version.unreleased]" in unreleased["message"]
    assert "message" not in cli.conformance_verdict(str(files["valid"]), strict=True)


def test_parallel_runs_do_not_interfere(files: dict[str, Path]) -> None:
    """The runner calls the command from a thread pool."""
    names = ["valid", "invalid", "folder", "not-json"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: _run(str(files[n])), names))
    assert [r[1]["valid"] for r in results] == [n in {"valid", "folder"} for n in names]
    assert all(r[0] == 0 for r in results)


def test_our_own_failure_is_non_zero_but_still_json(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(_conformance, "validate_target", boom)
    for main in (cli.main, package_main):  # parsed, and answered without a parser
        assert main(["conformance", str(files["valid"])]) != 0
        verdict = json.loads(capsys.readouterr().out)
        assert verdict["valid"] is False and "internal error" in verdict["message"]


def test_official_corpus_folders_through_subprocess() -> None:
    """A few real corpus cases, as the runner passes them: a .ome.zarr folder and a file."""
    folder = require_corpus("0.6rc0") / "tests"
    cases = [
        (folder / "zarr/spec/valid/well/minimal_acquisitions.ome.zarr", [], True),
        (folder / "zarr/spec/invalid/plate/zero_field_count.ome.zarr", [], False),  # not JSON
        (folder / "attributes/spec/valid/scene/tile_stitching.json", [], True),
        (
            folder / "attributes/strict/invalid/plate/missing_acquisition_name.json",
            ["--strict"],
            False,
        ),
    ]
    for path, flags, valid in cases:
        code, verdict, _ = _run(*flags, str(path))
        assert (code, verdict["valid"]) == (0, valid), (path, verdict)


@pytest.mark.parametrize(
    ("path", "strict"),
    [
        ("ngff/tests/attributes/strict/invalid/plate/missing_name.json", True),
        ("ngff/tests/zarr/strict/valid/image/image.ome.zarr", True),
        ("ngff/tests/attributes/spec/invalid/plate/missing_name.json", False),
        ("strict/notes.json", False),  # a folder named strict is not enough
        ("data/strict.json", False),
    ],
)
def test_strict_from_path(path: str, strict: bool) -> None:
    assert cli.strict_from_path(path) is strict


def test_strict_from_path_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One runner pass over spec and strict cases: the flag reads strictness off the path."""
    for segment, valid in (("spec", True), ("strict", False)):
        case = tmp_path / "tests" / "attributes" / segment / "invalid" / "image" / "c.json"
        case.parent.mkdir(parents=True)
        case.write_text(json.dumps(SHOULD_ONLY), "utf-8")
        assert cli.main(["conformance", "--strict-from-path", str(case)]) == 0
        assert json.loads(capsys.readouterr().out)["valid"] is valid
