"""The command line: golden text reports, JSON validated against its schema, exit codes,
and hostile inputs that must give a clear message, never a traceback."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ome_zarr_schemas.cli import main
from ome_zarr_schemas.cli._grouped import MAX_LINES

from ._support import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
REPORT_SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8"))

IMAGE = {
    "ome": {
        "version": "0.5",
        "multiscales": [
            {
                "name": "img",
                "type": "gaussian",
                "metadata": {},
                "axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}],
                "datasets": [
                    {"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}
                ],
            }
        ],
    }
}
BROKEN_WELL = {
    "ome": {
        "version": "0.5",
        "well": {"images": [{"path": "0"}, {"path": "0", "acquisition": 1}, {"path": "a-b"}]},
    }
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp: Path, name: str, content: Any) -> Path:
    path = tmp / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def normalise(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "<tmp>")
    return re.sub(r" in \d+\.\d+s", " in <t>s", text)


@pytest.mark.parametrize(
    ("name", "files", "flags"),
    [
        ("valid_and_invalid", {"image.json": IMAGE, "well.json": BROKEN_WELL}, []),
        ("verbose", {"well.json": BROKEN_WELL}, ["-v"]),
        ("quiet", {"image.json": IMAGE, "well.json": BROKEN_WELL}, ["-q"]),
    ],
)
def test_golden_text(
    name: str,
    files: dict[str, Any],
    flags: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    targets = [str(write(tmp_path, n, c)) for n, c in files.items()]
    code, out, _ = run(["validate", *flags, *targets], capsys)
    assert code == 1
    text = normalise(out, tmp_path)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text("utf-8")


def test_many_distinct_issues_are_cut_at_the_line_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Distinct findings (each row named) print up to the budget, then how many are left;
    ``--all`` lists every one. (Before issue 16 the cut was 10 lines per node.)"""
    rows = [{"name": "A"}] * (MAX_LINES + 15)
    doc = {
        "ome": {
            "version": "0.5",
            "plate": {
                "name": "p",
                "rows": rows,
                "columns": [{"name": "1"}],
                "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
            },
        }
    }
    target = write(tmp_path, "plate.json", doc)
    _, out, _ = run(["validate", str(target)], capsys)
    assert out.count("plate.unique-row-names]") == MAX_LINES
    assert "... and 14 more finding(s) (use --all to list every one)" in out
    assert "findings by rule:" in out and "plate.unique-row-names  64 on 1 node(s)" in out
    _, out, _ = run(["validate", "--all", str(target)], capsys)
    assert "more finding(s)" not in out
    assert out.count("plate.unique-row-names]") == MAX_LINES + 14


def test_json_output_matches_its_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    targets = [
        str(write(tmp_path, "image.json", IMAGE)),
        str(write(tmp_path, "w.json", BROKEN_WELL)),
    ]
    code, out, _ = run(["validate", "--format", "json", *targets], capsys)
    payload = json.loads(out)
    Draft202012Validator(REPORT_SCHEMA).validate(payload)
    assert code == 1 and payload["valid"] is False
    assert [t["valid"] for t in payload["targets"]] == [True, False]
    assert [t["status"] for t in payload["targets"]] == ["valid", "invalid"]
    assert payload["status"] == "invalid"
    rules = {i["rule"] for i in payload["targets"][1]["issues"]}
    assert {"well.unique-image-paths", "well.image-path"} <= rules


def test_json_status_tells_not_validated_from_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit status 2 (nothing could be read) is 'not-validated' in the JSON report."""
    targets = [
        str(write(tmp_path, "w.json", BROKEN_WELL)),
        str(tmp_path / "nope.zarr"),
        str(tmp_path / "missing.json"),
    ]
    code, out, _ = run(["validate", "--format", "json", *targets], capsys)
    payload = json.loads(out)
    Draft202012Validator(REPORT_SCHEMA).validate(payload)
    assert code == 2 and payload["status"] == "not-validated" and payload["valid"] is False
    assert [t["status"] for t in payload["targets"]] == [
        "invalid",
        "not-validated",
        "not-validated",
    ]
    assert [t["valid"] for t in payload["targets"]] == [False, False, False]
    bad = {**payload, "status": "unknown"}
    assert not Draft202012Validator(REPORT_SCHEMA).is_valid(bad)


def test_strict_makes_warnings_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(json.dumps(IMAGE))
    del doc["ome"]["multiscales"][0]["name"]
    target = str(write(tmp_path, "image.json", doc))
    assert run(["validate", target], capsys)[0] == 0
    assert run(["validate", "--strict", target], capsys)[0] == 1


def test_rules_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "--format", "json", "--spec-version", "0.4"], capsys)
    rules = json.loads(out)
    assert code == 0
    ids = {r["id"] for r in rules}
    assert "multiscales.version" in ids and "ome.version" not in ids
    code, out, _ = run(["rules"], capsys)
    assert "plate.well-path-matches-row-column" in out


def _symlink_loop(tmp: Path) -> Path:
    loop = tmp / "loop"
    loop.symlink_to(loop)
    return loop


HOSTILE: list[tuple[str, Any, int, str]] = [
    ("empty file", b"", 1, "document.not-json"),
    ("binary file", bytes(range(256)), 1, "document.not-json"),
    ("not UTF-8", b'{"a": "\xff"}', 1, "document.not-json"),
    (
        "huge number",
        b'{"ome": {"version": "0.5", "labels": [], "x": 1' + b"0" * 5000 + b"}}",
        1,
        "document.not-json",
    ),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, 1, "document.too-deep"),
    ("a JSON list", b"[1, 2]", 1, "document.structure"),
    # a document holding a string is still a document (the API refuses a str as a path)
    ("a JSON string", b'"image.zarr"', 1, "document.structure"),
    ("missing file", None, 2, "document.unreadable"),
    # a folder is a store: without zarr metadata there is nothing to validate
    ("folder without metadata", "dir", 2, "store.no-ome-metadata"),
    ("symlink loop", "loop", 2, "document.unreadable"),
]


@pytest.mark.parametrize(("name", "content", "code", "rule"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_inputs(
    name: str,
    content: Any,
    code: int,
    rule: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if content is None:
        target = tmp_path / "missing.json"
    elif content == "dir":
        target = tmp_path / "empty"
        target.mkdir()
    elif content == "loop":
        target = _symlink_loop(tmp_path)
    else:
        target = write(tmp_path, "input.json", content)
    got, out, err = run(["validate", "--format", "json", str(target)], capsys)
    assert got == code
    assert "Traceback" not in out + err
    issues = json.loads(out)["targets"][0]["issues"]
    assert [i["rule"] for i in issues] == [rule]
    assert issues[0]["message"]


def test_python_dash_m_works(tmp_path: Path) -> None:
    target = write(tmp_path, "image.json", IMAGE)
    done = subprocess.run(
        [sys.executable, "-m", "ome_zarr_schemas", "validate", "-q", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2


def test_text_has_no_colour_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["validate", str(write(tmp_path, "w.json", BROKEN_WELL))], capsys)
    assert "\x1b[" not in out


def test_text_has_colour_when_forced() -> None:
    from ome_zarr_schemas.cli._render import TargetResult, render_text
    from ome_zarr_schemas.validate import validate_attributes

    buffer = io.StringIO()
    render_text([TargetResult("w", validate_attributes(BROKEN_WELL))], buffer, color=True)
    assert "\x1b[" in buffer.getvalue()


def test_messages_of_issue_14(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A lone zarr v3 array's zarr.json is not called OME-Zarr 0.4; a JSON error does not
    say 'at at'; an unknown version links the list of versions, not the 0.5 page."""
    array = {
        "zarr_format": 3,
        "node_type": "array",
        "shape": [4],
        "data_type": "uint8",
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [4]}},
        "chunk_key_encoding": {"name": "default"},
        "fill_value": 0,
        "codecs": [{"name": "bytes"}],
    }
    _, out, _ = run(["validate", str(write(tmp_path, "zarr.json", array))], capsys)
    assert "OME-Zarr 0.4" not in out.splitlines()[0]
    _, out, _ = run(["validate", str(write(tmp_path, "c.json", b'{"a": "\x01"}'))], capsys)
    assert "Invalid control character at line 1" in out and "at at" not in out
    doc = {"ome": {"version": "0.7", "labels": ["a"]}}
    _, out, _ = run(["validate", "-v", str(write(tmp_path, "v.json", doc))], capsys)
    assert "spec: https://ngff.openmicroscopy.org/\n" in out


def test_related_root_is_shown_as_dot() -> None:
    from ome_zarr_schemas import Issue, Report, Severity
    from ome_zarr_schemas.cli._render import TargetResult, render_text

    issue = Issue("labels.level-count", Severity.ERROR, "m", node="labels/a", related=("",))
    out = io.StringIO()
    render_text([TargetResult("t", Report.from_issues([issue]))], out, verbose=True, color=False)
    assert "related: .\n" in out.getvalue()
