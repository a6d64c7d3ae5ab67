"""Hierarchy rules on local stores: every valid store is clean, every fault gives exactly
its (rule, node) findings, and every hierarchy rule has a failing case per version."""

from __future__ import annotations

from pathlib import Path

import pytest

from ome_zarr_schemas import CATALOGUE, validate_store
from ome_zarr_schemas.issues import Report

from .store_cases import (
    ALL,
    BASES,
    CASES,
    ELSEWHERE,
    FIELD,
    StoreCase,
    _by_dimension_field,
    _image_ref_scale,
    _scene_bijection_3d,
    case_id,
)
from .stores import StoreSpec


def findings(report: Report) -> set[tuple[str, str]]:
    return {(i.rule, i.node) for i in report.issues}


@pytest.mark.parametrize("version", ALL)
@pytest.mark.parametrize("base", sorted(BASES))
def test_valid_store_is_clean(tmp_path: Path, base: str, version: str) -> None:
    spec = StoreSpec(version)
    BASES[base](spec)
    report = validate_store(spec.write(tmp_path / "store.zarr"))
    assert [i.to_dict() for i in report.issues] == []
    assert report.valid
    assert report.version == version


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_fault_gives_its_findings(tmp_path: Path, case: StoreCase) -> None:
    version = case.versions[0]
    root = case.build(version).write(tmp_path / "store.zarr")
    report = validate_store(root)
    assert findings(report) == set(case.expected), [i.to_dict() for i in report.issues]
    if any(CATALOGUE[rule].severity == "error" for rule, _ in case.expected):
        assert not report.valid


def test_every_hierarchy_rule_fails_somewhere_in_each_version() -> None:
    covered = {(rule, v) for case in CASES for rule, _ in case.expected for v in case.versions}
    missing = []
    for rule in CATALOGUE.values():
        if rule.origin != "hierarchy" or rule.id in ELSEWHERE:
            continue
        for version in ALL:
            if rule.applies_to(version) and (rule.id, version) not in covered:
                missing.append((rule.id, version))
    assert missing == [(("version.consistent", "0.4"))], (
        "version.consistent cannot fail in 0.4 (zarr v2 means 0.4; a stray per-block"
        " version is a schema finding); anything else listed here lacks a case"
    )


def test_cross_findings_name_related_nodes(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.plate()
    spec.drop("A/1/0")
    report = validate_store(spec.write(tmp_path / "p.zarr"))
    (issue,) = [i for i in report.issues if i.rule == "well.image-exists"]
    assert issue.node == "A/1"
    assert issue.pointer == "/ome/well/images/0/path"
    assert issue.related == ("A/1/0",)
    assert issue.spec_url and issue.spec_url.endswith("0.5/index.html#well-md")


@pytest.mark.parametrize("version", [v for v in ALL if StoreSpec(v).v06])
def test_field_inside_by_dimension_that_exists_passes(tmp_path: Path, version: str) -> None:
    """The passing side of "displacements field inside byDimension missing": the walker
    reaches the byDimension item's transformation and finds its field (a field in the
    draft's layout: the fields.* rules check it as one)."""
    spec = StoreSpec(version)
    BASES["scene-field"](spec)
    _by_dimension_field(FIELD)(spec)
    report = validate_store(spec.write(tmp_path / "store.zarr"))
    assert [i.to_dict() for i in report.issues] == []


@pytest.mark.parametrize("version", [v for v in ALL if StoreSpec(v).v06])
def test_dimensions_across_groups_that_agree_pass(tmp_path: Path, version: str) -> None:
    """The passing side of the cross-group dimension cases: a 3-value scale into the
    3-D label image, and a 3-D scene whose bijection's affines are 3x4."""
    spec = StoreSpec(version)
    BASES["image-ref"](spec)
    _image_ref_scale([1.0, 1.0, 1.0])(spec)
    assert validate_store(spec.write(tmp_path / "image.zarr")).issues == ()
    spec = StoreSpec(version)
    BASES["scene"](spec)
    _scene_bijection_3d(spec)
    forward = spec.ome("")["scene"]["coordinateTransformations"][0]["forward"]
    forward["affine"] = [[*row, 0.0] for row in forward["affine"]]
    report = validate_store(spec.write(tmp_path / "scene.zarr"))
    assert [i.to_dict() for i in report.issues] == []


@pytest.mark.parametrize("version", ["0.6.dev4", "0.6rc0"])
def test_a_scene_input_of_unknown_version_says_so(tmp_path: Path, version: str) -> None:
    """The image is there, with 'multiscales': the reference names the real problem."""
    spec = StoreSpec(version)
    BASES["scene"](spec)
    spec.ome("tile_0")["version"] = "0.7"
    report = validate_store(spec.write(tmp_path / "s.zarr"))
    found = {(i.rule, i.node): i.message for i in report.issues}
    assert ("version.unknown", "tile_0") in found
    message = found[("scene.image-exists", "")]
    assert "no supported OME-Zarr version" in message and "has no 'multiscales'" not in message
