"""The official ngff-0.6.dev4 and ngff-0.6rc0 corpora, judged through the conformance
command's own code path (`cli.conformance_verdict`).

Every case gets upstream's verdict (from its path: ``<spec|strict>/<valid|invalid>/``;
strict cases with strict on), except the known corpus defects of tests/corpus_defects.json,
which get the spec's verdict. Invalid cases must also fail with the rule they are about,
not only with an accidental defect (old string input/output, a version typo, a missing
'ome' wrapper): for those, the accidental defect is repaired in memory first.

Nothing of upstream's data is copied into the project: cases are read at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas import Severity, validate_attributes
from ome_zarr_schemas.cli._main import conformance_verdict
from ome_zarr_schemas.spec.versions import V06_VERSIONS

from ._support import ROOT, corpus_root, require_corpus

VERSIONS = V06_VERSIONS
DEFECTS_FILE = ROOT / "tests" / "corpus_defects.json"


@dataclass(frozen=True)
class CorpusCase:
    id: str  # path relative to the corpus folder
    path: Path
    valid: bool  # upstream's verdict
    strict: bool

    @property
    def name(self) -> str:
        """'<category>/<case>' without extension, as in the intent table below."""
        return "/".join(Path(self.id).parts[-2:]).split(".")[0]


def load_corpus(folder: Path) -> list[CorpusCase]:
    cases: list[CorpusCase] = []
    for mode, pattern in (("attributes", "*/*/*/*.json"), ("zarr", "*/*/*/*.ome.zarr")):
        base = folder / "tests" / mode
        for path in sorted(base.glob(pattern)):
            strictness, validity = path.relative_to(base).parts[:2]
            rel = path.relative_to(folder).as_posix()
            cases.append(CorpusCase(rel, path, validity == "valid", strictness == "strict"))
    for path in sorted((folder / "examples").rglob("*.json")):
        if path.name.startswith("."):
            continue
        rel = path.relative_to(folder).as_posix()
        # Upstream says examples are valid; the two named 'Invalid' illustrate what the
        # spec forbids (a byDimension that leaves an output axis unwritten).
        strict = "_strict" in path.parent.name
        cases.append(CorpusCase(rel, path, "Invalid" not in path.name, strict))
    return cases


def _strip_comment_lines(text: str) -> str:
    # The spec's examples use '//' lines for illustration (JSON has no comments); as the
    # 0.4/0.5 corpus suite does, they are removed to test the metadata itself.
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


#: Fragments that the spec shows beside a fuller example: the coordinate systems their
#: transformation names are those of that example (the spec's 'verbose' form of it).
FRAGMENT_SYSTEMS = {
    "examples/transformations/bijection_verbose.json": "examples/transformations/bijection.json",
}


def runnable(case: CorpusCase, version: str, tmp: Path) -> Path:
    """The path to give the conformance command. Examples that are bare fragments
    ({coordinateSystems, coordinateTransformations}, or one transformation) are wrapped as
    a scene of that version, which has exactly that shape; a fragment listed in
    `FRAGMENT_SYSTEMS` gets the coordinate systems of its fuller example."""
    if not case.id.startswith("examples/"):
        return case.path
    text = _strip_comment_lines(case.path.read_text("utf-8"))
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return case.path
    fragment = isinstance(document, dict) and not {"ome", "zarr_format", "multiscales"} & set(
        document
    )
    if fragment:
        scene = (
            document
            if "coordinateTransformations" in document
            else {"coordinateTransformations": [document]}
        )
        if case.id in FRAGMENT_SYSTEMS:
            fuller = case.path.parents[len(Path(case.id).parts) - 1] / FRAGMENT_SYSTEMS[case.id]
            systems = json.loads(fuller.read_text("utf-8"))["coordinateSystems"]
            scene = {"coordinateSystems": systems, **scene}
        document = {"ome": {"version": version, "scene": scene}}
    target = tmp / case.id.replace("/", "__")
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def load_defects(version: str) -> dict[str, dict[str, Any]]:
    raw = json.loads(DEFECTS_FILE.read_text("utf-8"))
    return {entry["case"]: entry for entry in raw[f"ngff-{version}"]}


def _collect() -> list[Any]:
    root = corpus_root()
    params: list[Any] = []
    for version in VERSIONS:
        folder = root / f"ngff-{version}" if root else None
        if folder is None or not folder.is_dir():
            params.append(pytest.param(version, None, id=f"ngff-{version}-absent"))
            continue
        for case in load_corpus(folder):
            params.append(pytest.param(version, case, id=f"ngff-{version}:{case.id}"))
    return params


@pytest.mark.parametrize(("version", "case"), _collect())
def test_corpus_case(version: str, case: CorpusCase | None, tmp_path: Path) -> None:
    if case is None:
        require_corpus(version)
        pytest.fail("the corpus appeared during the run")
    verdict = conformance_verdict(str(runnable(case, version, tmp_path)), strict=case.strict)
    assert set(verdict) <= {"valid", "message"} and isinstance(verdict["valid"], bool)
    defect = load_defects(version).get(case.id)
    expected = defect["spec_verdict"] if defect else case.valid
    assert verdict["valid"] is expected, verdict
    if not expected:
        assert verdict.get("message"), "an invalid verdict names its best finding"


@pytest.mark.parametrize("version", VERSIONS)
def test_defects_are_not_stale(version: str) -> None:
    cases = {c.id: c for c in load_corpus(require_corpus(version))}
    for case_id, entry in load_defects(version).items():
        assert case_id in cases, f"listed defect {case_id!r} is not in ngff-{version}"
        assert cases[case_id].valid is not entry["spec_verdict"], case_id


#: (cases, agree, listed defects) per corpus: attributes, zarr, examples.
EXPECTED_COUNTS = {
    "0.6.dev4": {"attributes": (132, 121, 11), "zarr": (85, 68, 17), "examples": (38, 28, 10)},
    "0.6rc0": {"attributes": (143, 132, 11), "zarr": (85, 68, 17), "examples": (38, 30, 8)},
}


@pytest.mark.parametrize("version", VERSIONS)
def test_corpus_counts(version: str, tmp_path: Path) -> None:
    """cases = agree + listed defects, per part of the corpus."""
    defects = load_defects(version)
    for part, (total, agree, listed) in EXPECTED_COUNTS[version].items():
        cases = [
            c
            for c in load_corpus(require_corpus(version))
            if c.id.startswith("examples/" if part == "examples" else f"tests/{part}/")
        ]
        agreeing = sum(
            conformance_verdict(str(runnable(c, version, tmp_path)), strict=c.strict)["valid"]
            is c.valid
            for c in cases
        )
        in_list = sum(c.id in defects for c in cases)
        print(f"ngff-{version} {part}: {len(cases)} cases, {agreeing} agree, {in_list} defects")
        assert len(cases) == total
        assert agreeing + in_list == total
        if agree is not None:
            assert (agreeing, in_list) == (agree, listed)


# --- each invalid case fails with the rule it is about

STRING_IO = "string input/output"
VERSION_TYPO = "version typo"
NO_OME = "no 'ome' wrapper"

#: case name -> (rules any of which is the intended finding, accidental defect to repair)
INTENT: dict[str, tuple[set[str], str | None]] = {
    "image/duplicate_axes": ({"axes.unique-names"}, None),
    "image/duplicate_scale": ({"multiscales.dataset-transformation"}, None),
    "image/empty_transformations": ({"multiscales.dataset-transformation"}, None),
    "image/invalid_axes_count": ({"axes.count"}, None),
    "image/invalid_axis_type": ({"axes.space-count"}, None),
    "image/invalid_channels_color": ({"omero.channel-color"}, None),
    "image/invalid_channels_window": ({"omero.channel-window"}, None),
    "image/invalid_multiscale_transform_input": ({"multiscales.dataset-io"}, None),
    "image/invalid_multiscale_transform_input_output": ({"transforms.io"}, None),
    "image/invalid_multiscale_transform_output": ({"multiscales.dataset-io"}, None),
    "image/invalid_multiscales_transformations": ({"transforms.parameters"}, None),
    "image/invalid_path": ({"multiscales.dataset-path"}, None),
    "image/invalid_transformation_type": ({"transforms.parameters"}, None),
    "image/missing_axes": ({"coordinate-systems.structure", "multiscales.structure"}, None),
    "image/missing_axes_name": ({"axes.structure"}, None),
    "image/missing_coordinate_system_axes": ({"coordinate-systems.structure"}, None),
    "image/missing_coordinate_system_name": ({"coordinate-systems.structure"}, None),
    "image/missing_coordinate_systems": ({"multiscales.structure"}, None),
    "image/missing_datasets": ({"multiscales.structure"}, None),
    "image/missing_path": ({"multiscales.structure"}, None),
    "image/missing_scale": ({"multiscales.dataset-transformation"}, None),
    "image/missing_space_axes": ({"axes.space-count"}, None),
    "image/missing_transformations": ({"multiscales.structure"}, None),
    "image/no_axes": ({"multiscales.structure"}, None),
    "image/no_datasets": ({"multiscales.datasets"}, None),
    "image/no_multiscales": ({"multiscales.structure"}, None),
    "image/one_space_axes": ({"axes.space-count"}, None),
    "image/too_many_axes": ({"axes.count"}, None),
    "image/too_many_space_axes": ({"axes.space-count"}, VERSION_TYPO),
    "label/colors_duplicate": ({"image-label.unique-colors"}, None),
    "label/colors_no_label_value": ({"image-label.structure"}, None),
    "label/colors_rgba_length": ({"image-label.rgba"}, None),
    "label/colors_rgba_type": ({"image-label.rgba"}, None),
    "label/empty_colors": ({"image-label.colors"}, None),
    "label/empty_properties": ({"image-label.properties"}, None),
    "label/properties_no_label_value": ({"image-label.structure"}, None),
    "label/no_colors": ({"image-label.recommended-fields"}, None),
    "plate/acquisition_negative_starttime": ({"plate.acquisition-time"}, None),
    "plate/acquisition_noninteger_endtime": ({"plate.acquisition-time"}, None),
    "plate/acquisition_noninteger_starttime": ({"plate.acquisition-time"}, None),
    "plate/acquisition_zero_maximumfieldcount": ({"plate.field-count"}, None),
    "plate/duplicate_columns": ({"plate.unique-column-names"}, None),
    # named 'rows' but it repeats a column and a well
    "plate/duplicate_rows-2": ({"plate.unique-column-names", "plate.unique-wells"}, None),
    "plate/duplicate_rows": ({"plate.unique-row-names"}, None),
    "plate/empty_columns": ({"plate.columns"}, None),
    "plate/empty_rows": ({"plate.rows"}, None),
    "plate/empty_wells": ({"plate.wells"}, None),
    "plate/missing_acquisition_id": ({"plate.structure"}, None),
    "plate/missing_column_name": ({"plate.structure"}, None),
    "plate/missing_columns": ({"plate.structure"}, None),
    "plate/missing_row_name": ({"plate.structure"}, None),
    "plate/missing_rows": ({"plate.structure"}, None),
    "plate/missing_well_columnIndex": ({"plate.structure"}, None),
    "plate/missing_well_path": ({"plate.structure"}, None),
    "plate/missing_well_rowIndex": ({"plate.structure"}, None),
    "plate/missing_wells": ({"plate.structure"}, None),
    "plate/negative_acquisition_id": ({"plate.acquisition-id"}, None),
    "plate/negative_endtime": ({"plate.acquisition-time"}, None),
    "plate/non_alphanumeric_column": ({"plate.name-alphanumeric"}, None),
    "plate/non_integer_acquisition_id": ({"plate.acquisition-id"}, None),
    "plate/non_integer_acquisition_maximumfieldcount": ({"plate.field-count"}, None),
    "plate/well_1group": ({"plate.well-path"}, None),
    "plate/well_3groups": ({"plate.well-path"}, None),
    "plate/zero_field_count": ({"plate.field-count"}, None),
    "plate/missing_acquisition_maximumfieldcount": ({"plate.recommended-fields"}, VERSION_TYPO),
    "plate/missing_acquisition_name": ({"plate.recommended-fields"}, None),
    "plate/missing_name": ({"plate.recommended-fields"}, VERSION_TYPO),
    "scene/scene_bijection_forward_missing_params": ({"transforms.parameters"}, STRING_IO),
    "scene/scene_bijection_inverse_missing_params": ({"transforms.parameters"}, STRING_IO),
    "scene/scene_input_output_not_object": ({"transforms.io"}, None),
    "scene/scene_missing_scene": ({"document.no-ome-metadata"}, None),
    "scene/scene_missing_transformations": ({"scene.structure"}, None),
    "transforms/bad_affine_no_affine": ({"transforms.parameters"}, STRING_IO),
    "transforms/bad_affine_no_input_output": ({"multiscales.transform-io"}, STRING_IO),
    "transforms/bad_byDimension_no_input_output_axes": ({"transforms.by-dimension"}, STRING_IO),
    "transforms/bad_byDimension_wrong axes_type": ({"transforms.by-dimension"}, STRING_IO),
    "transforms/bad_mapaxis": ({"transforms.dimensions"}, STRING_IO),
    "transforms/bad_mapaxis2": ({"transforms.parameters", "transforms.map-axis"}, STRING_IO),
    "transforms/bad_mapaxis3": ({"transforms.map-axis"}, STRING_IO),
    "transforms/bad_mapaxis4": ({"transforms.map-axis"}, STRING_IO),
    "transforms/bad_mapaxis5": ({"transforms.parameters"}, STRING_IO),
    "transforms/bad_projectAxis_insert_non_unique": ({"transforms.project-axis"}, None),
    "transforms/bad_projectAxis_insert_too_high_dim": ({"transforms.dimensions"}, None),
    "transforms/bad_projectAxis_insert_too_many": ({"transforms.dimensions"}, None),
    "transforms/bad_projectAxis_missing_op": ({"transforms.project-axis"}, None),
    "transforms/bad_projectAxis_remove_non_unique": ({"transforms.project-axis"}, None),
    "transforms/bad_projectAxis_remove_too_high_dim": ({"transforms.dimensions"}, None),
    "transforms/bad_projectAxis_remove_too_many": ({"transforms.dimensions"}, None),
    "transforms/bad_rotation": ({"transforms.parameters"}, STRING_IO),
    "transforms/bad_rotation2": ({"transforms.parameters"}, STRING_IO),
    "transforms/bad_rotation3": ({"transforms.dimensions"}, STRING_IO),
    "transforms/bad_scale_path_not_allowed": ({"transforms.no-path"}, STRING_IO),
    "transforms/bad_translate_path_not_allowed": ({"transforms.no-path"}, STRING_IO),
    "transforms/multiscales_transform_forbidden": (
        {"multiscales.dataset-transformation"},
        STRING_IO,
    ),
    "transforms/multiscales_transform_forbidden2": (
        {"multiscales.dataset-transformation"},
        STRING_IO,
    ),
    "transforms/multiscales_transform_forbidden3": (
        {"multiscales.dataset-transformation"},
        STRING_IO,
    ),
    "transforms/multiscales_transform_missing_params": ({"transforms.parameters"}, STRING_IO),
    "transforms/multiscales_transform_no_input_output": ({"multiscales.dataset-io"}, None),
    "transforms/multiscales_transform_no_input_output2": (
        {"multiscales.transform-io"},
        STRING_IO,
    ),
    "well/duplicate_images": ({"well.unique-image-paths"}, NO_OME),
    "well/empty_images": ({"well.images"}, NO_OME),
    "well/forbidden_path_1": ({"well.image-path"}, None),
    "well/forbidden_path_2": ({"well.image-path"}, None),
    "well/forbidden_path_3": ({"well.image-path"}, None),
    "well/forbidden_path_4": ({"well.image-path"}, None),
    "well/non_integer_acquisition_id": ({"well.acquisition"}, NO_OME),
}

#: Invalid cases whose intent cannot be isolated (known gaps, run as strict xfails).
UNCHECKABLE: dict[str, str] = {}
INTENT["scene/scene_missing_version"] = ({"ome.version-missing"}, None)


def _objects_for_strings(node: Any, in_dataset: bool = False) -> Any:
    """Old string input/output -> objects (a dataset input names a path, others a system)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in {"input", "output"} and isinstance(value, str):
                as_path = in_dataset and key == "input"
                out[key] = {"path": value} if as_path else {"name": value}
            else:
                out[key] = _objects_for_strings(value, in_dataset or key == "datasets")
        return out
    if isinstance(node, list):
        return [_objects_for_strings(v, in_dataset) for v in node]
    return node


def repair(document: Any, defect: str | None, version: str) -> Any:
    if defect == STRING_IO:
        return _objects_for_strings(document)
    if defect == VERSION_TYPO:
        return {**document, "ome": {**document["ome"], "version": version}}
    if defect == NO_OME:
        kept = {k: v for k, v in document.items() if k != "_conformance"}
        return {"ome": {"version": version, **kept}}
    return document


def _invalid_attribute_cases() -> list[Any]:
    root = corpus_root()
    params: list[Any] = []
    for version in VERSIONS:
        folder = root / f"ngff-{version}" if root else None
        if folder is None or not folder.is_dir():
            continue
        for case in load_corpus(folder):
            if case.id.startswith("tests/attributes/") and not case.valid:
                gap = UNCHECKABLE.get(case.name)
                marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
                params.append(
                    pytest.param(version, case, id=f"ngff-{version}:{case.id}", marks=marks)
                )
    return params


@pytest.mark.parametrize(("version", "case"), _invalid_attribute_cases())
def test_invalid_case_reports_its_rule(version: str, case: CorpusCase) -> None:
    assert case.name in INTENT, f"no intended rule recorded for {case.id}"
    rules, accidental = INTENT[case.name]
    document = repair(json.loads(case.path.read_text("utf-8")), accidental, version)
    report = validate_attributes(document, strict=case.strict)
    blocking = {Severity.ERROR} | ({Severity.WARNING} if case.strict else set())
    found = {i.rule for i in report.issues if i.severity in blocking}
    assert rules & found, (rules, sorted(found))


def test_intent_table_covers_every_invalid_case() -> None:
    folder = require_corpus("0.6rc0")
    names = {c.name for c in load_corpus(folder) if c.id.startswith("tests/") and not c.valid}
    assert names <= set(INTENT), sorted(names - set(INTENT))
