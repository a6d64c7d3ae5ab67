"""The expected-kind option (issue 14 item 10): `validate_attributes(kind=...)`,
`validate_store(kind=...)` and `validate --kind` say which kind the target group must
have; a target of another kind gets `document.kind-key`, other groups are unaffected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ome_zarr_schemas import validate_attributes, validate_store
from ome_zarr_schemas.cli import main

from .stores import StoreSpec

PLATE_05 = {
    "ome": {
        "version": "0.5",
        "plate": {
            "name": "p",
            "columns": [{"name": "1"}],
            "rows": [{"name": "A"}],
            "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
        },
    }
}


def _found(report: object) -> set[tuple[str, str]]:
    return {(i.rule, i.pointer) for i in report.issues}  # type: ignore[attr-defined]


def test_document_of_the_expected_kind_passes() -> None:
    assert validate_attributes(PLATE_05, kind="plate").issues == ()


def test_document_of_another_kind_fails() -> None:
    well = {"ome": {"version": "0.5", "well": {"images": [{"path": "0"}]}}}
    report = validate_attributes(well, kind="plate")
    assert _found(report) == {("document.kind-key", "/ome")}
    message = report.issues[0].message
    assert "expected a plate group (with 'plate'); the target holds well" in message
    assert validate_attributes(well).valid  # without the option: a valid well


def test_document_without_any_kind_gets_only_the_kind_finding() -> None:
    plain = {"name": "not OME metadata"}
    assert _found(validate_attributes(plain, version="0.4")) == {("document.no-ome-metadata", "")}
    assert _found(validate_attributes(plain, version="0.4", kind="plate")) == {
        ("document.kind-key", "")
    }
    bare = validate_attributes({"ome": {"version": "0.5"}}, kind="plate")
    assert _found(bare) == {("document.kind-key", "/ome")}


def test_unknown_kind_is_the_callers_error() -> None:
    with pytest.raises(ValueError, match="unknown OME-Zarr kind 'plates'"):
        validate_attributes(PLATE_05, kind="plates")


@pytest.mark.parametrize("version", ["0.4", "0.5", "0.6rc0"])
def test_store_target_must_have_the_kind(tmp_path: Path, version: str) -> None:
    spec = StoreSpec(version)
    spec.plate(acquisitions=0, rows=1, columns=1)
    root = spec.write(tmp_path / "plate.zarr")
    assert validate_store(root, kind="plate").issues == ()
    report = validate_store(root, kind="image")
    pointer = "" if spec.v2 else "/ome"
    assert {(i.rule, i.node, i.pointer) for i in report.issues} == {
        ("document.kind-key", "", pointer)
    }
    # the field images below are images: only the target is held to the kind
    assert validate_store(root / "A" / "1" / "0", kind="image").issues == ()


def test_cli_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = StoreSpec("0.5")
    spec.image()
    root = spec.write(tmp_path / "image.zarr")
    assert main(["validate", "--kind", "image", str(root)]) == 0
    capsys.readouterr()
    assert main(["validate", "--kind", "plate", "--format", "json", str(root)]) == 1
    payload = json.loads(capsys.readouterr().out)
    (issue,) = payload["targets"][0]["issues"]
    assert issue["rule"] == "document.kind-key"
    document = tmp_path / "plate.json"
    document.write_text(json.dumps(PLATE_05))
    assert main(["validate", "--kind", "plate", str(document)]) == 0
    assert main(["validate", "--kind", "well", str(document)]) == 1
