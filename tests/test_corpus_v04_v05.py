"""The official ngff-0.4 and ngff-0.5 corpora: every case gets upstream's verdict.

Exceptions are the known corpus defects in tests/corpus_defects.json (cases upstream marks
valid that break a MUST of the spec, or one of our recorded decisions): those must get the
spec's verdict, and an entry that no longer applies fails, so the list cannot go stale.

The cases are read from the corpus folder at run time (see `require_corpus`); nothing of
upstream's data is copied into the project.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas import Report, validate_attributes
from ome_zarr_schemas.spec.versions import BEFORE_V06_VERSIONS
from ome_zarr_schemas.validate import validate_loaded

from ._support import ROOT, corpus_root, iter_cases, require_corpus

VERSIONS = BEFORE_V06_VERSIONS
DEFECTS_FILE = ROOT / "tests" / "corpus_defects.json"


@dataclass(frozen=True)
class CorpusCase:
    #: stable: 'tests/<suite>.json::<formerly>' ('#2' for a repeat) or 'examples/<dir>/<file>'
    id: str
    document: Any
    valid: bool  # upstream's verdict
    strict: bool


def _strip_comment_lines(text: str) -> str:
    # JSON has no comments and the spec says JSON MUST NOT contain them (our CLI reports
    # such a file as document.not-json); upstream's harness strips '//' lines from its
    # illustrative examples before parsing, and so do we, to test the metadata itself.
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def load_corpus(folder: Path, version: str) -> list[CorpusCase]:
    cases: list[CorpusCase] = []
    for suite in sorted((folder / "tests").glob("*_suite.json")):
        seen: Counter[str] = Counter()
        strict = suite.name.startswith("strict_")
        for test in json.loads(suite.read_text("utf-8"))["tests"]:
            name = test["formerly"]
            seen[name] += 1
            suffix = f"#{seen[name]}" if seen[name] > 1 else ""
            cases.append(
                CorpusCase(
                    f"tests/{suite.name}::{name}{suffix}", test["data"], test["valid"], strict
                )
            )
    for example in sorted((folder / "examples").glob("*/*.json")):
        if example.name.startswith("."):
            continue
        config = json.loads((example.parent / ".config.json").read_text("utf-8"))
        document = json.loads(_strip_comment_lines(example.read_text("utf-8")))
        if version != "0.4":  # 0.5 examples are whole zarr.json documents
            document = document["attributes"]
        strict = "strict_" in config["schema"]
        cases.append(
            CorpusCase(f"examples/{example.parent.name}/{example.name}", document, True, strict)
        )
    return cases


def load_defects() -> dict[str, dict[str, dict[str, Any]]]:
    raw = json.loads(DEFECTS_FILE.read_text("utf-8"))
    return {corpus: {entry["case"]: entry for entry in entries} for corpus, entries in raw.items()}


def _collect() -> list[Any]:
    """One parameter per corpus case; a single placeholder when the corpora are absent."""
    root = corpus_root()
    params: list[Any] = []
    for version in VERSIONS:
        folder = root / f"ngff-{version}" if root else None
        if folder is None or not folder.is_dir():
            params.append(pytest.param(version, None, id=f"ngff-{version}-absent"))
            continue
        for case in load_corpus(folder, version):
            params.append(pytest.param(version, case, id=f"ngff-{version}:{case.id}"))
    return params


def _validate(version: str, case: CorpusCase) -> Report:
    # The corpus is of one version: validate as that version, as upstream's schemas do.
    return validate_attributes(case.document, version=version, strict=case.strict)


def _blocking(report: Report) -> list[Any]:
    return list(report.errors) + (list(report.warnings) if report.strict else [])


@pytest.mark.parametrize(("version", "case"), _collect())
def test_corpus_case(version: str, case: CorpusCase | None) -> None:
    if case is None:
        require_corpus(version)
        pytest.fail("the corpus appeared during the run")
    report = _validate(version, case)
    defect = load_defects()[f"ngff-{version}"].get(case.id)
    expected = defect["spec_verdict"] if defect else case.valid
    assert report.valid is expected, [i.to_dict() for i in report.issues]
    if not expected:
        assert _blocking(report), "an invalid case must have a finding that makes it invalid"


def test_defects_file_is_well_formed() -> None:
    raw = json.loads(DEFECTS_FILE.read_text("utf-8"))
    assert set(raw) == {"ngff-0.4", "ngff-0.5", "ngff-0.6.dev4", "ngff-0.6rc0"}
    for corpus, entries in raw.items():
        ids = [e["case"] for e in entries]
        assert len(ids) == len(set(ids)), corpus
        for entry in entries:
            assert set(entry) == {"case", "spec_verdict", "section", "reason"}, entry
            assert isinstance(entry["spec_verdict"], bool)
            assert entry["section"] and entry["reason"].endswith("."), entry


@pytest.mark.parametrize("version", VERSIONS)
def test_defects_are_not_stale(version: str) -> None:
    """Every listed defect is a case of the corpus on which upstream disagrees with the spec."""
    cases = {c.id: c for c in load_corpus(require_corpus(version), version)}
    for case_id, entry in load_defects()[f"ngff-{version}"].items():
        assert case_id in cases, f"listed defect {case_id!r} is not in ngff-{version}"
        assert cases[case_id].valid is not entry["spec_verdict"], (
            f"{case_id!r}: upstream now agrees with the spec; remove it from the defects list"
        )


#: Cases whose finding must be the very rule the case is about.
SPECIFIC_RULES = {
    "0.4": {
        "tests/image_suite.json::invalid/duplicate_axes.json": "axes.unique-names",
        "tests/image_suite.json::invalid/too_many_axes.json": "axes.count",
        "tests/image_suite.json::invalid/invalid_channels_color.json": "omero.channel-color",
        "tests/image_suite.json::invalid/invalid_version.json": "multiscales.version",
        "tests/image_suite.json::valid/mismatch_axes_units.json": "transforms.length-matches-axes",
        "tests/label_suite.json::image-label/colors_duplicate": "image-label.unique-colors",
        "tests/plate_suite.json::plate/zero_field_count": "plate.field-count",
        "tests/plate_suite.json::plate/minimal_acquisitions": "plate.well-path-matches-row-column",
        "tests/well_suite.json::well/duplicate_images": "well.unique-image-paths",
        "tests/strict_well_suite.json::plate/missing_version": "well.recommended-fields",
    },
    "0.5": {
        "tests/plate_suite.json::plate/well_path_has_column_before_row": (
            "plate.well-path-matches-row-column"
        ),
        "tests/plate_suite.json::plate/duplicate_wells": "plate.unique-wells",
        "tests/image_suite.json::invalid/duplicate_scale.json": "transforms.scale-count",
        "tests/image_suite.json::invalid/invalid_channels_window.json": "omero.channel-window",
        "tests/label_suite.json::image-label/empty_properties": "image-label.properties",
        # upstream's invalid well cases lack the 'ome' wrapper, so that is what they test
        "tests/well_suite.json::well/empty_images": "ome.missing",
        "tests/strict_plate_suite.json::plate/missing_name": "plate.recommended-fields",
    },
}


@pytest.mark.parametrize(
    ("version", "case_id", "rule"),
    [(v, c, r) for v, rules in SPECIFIC_RULES.items() for c, r in rules.items()],
)
def test_case_reports_its_rule(version: str, case_id: str, rule: str) -> None:
    cases = {c.id: c for c in load_corpus(require_corpus(version), version)}
    report = _validate(version, cases[case_id])
    assert rule in {i.rule for i in _blocking(report)}, [i.to_dict() for i in report.issues]


#: (cases, listed defects) per corpus, from the spec digest's inventory (section 6).
EXPECTED_COUNTS = {"0.4": (102, 9), "0.5": (96, 3)}


@pytest.mark.parametrize("version", VERSIONS)
def test_corpus_counts(version: str) -> None:
    """cases = agree + listed defects: every disagreement is listed, and nothing else."""
    cases = load_corpus(require_corpus(version), version)
    defects = load_defects()[f"ngff-{version}"]
    agree = sum(_validate(version, c).valid is c.valid for c in cases)
    print(f"ngff-{version}: {len(cases)} cases, {agree} agree, {len(defects)} listed defects")
    assert (len(cases), len(defects)) == EXPECTED_COUNTS[version]
    assert agree + len(defects) == len(cases)


@pytest.mark.parametrize("version", VERSIONS)
def test_one_finding_per_rule_and_place(version: str) -> None:
    """A problem is reported once: no two findings share a rule and a pointer.

    Our case suites compare (rule, pointer) sets, which cannot see such repeats, so this
    runs over those documents and the corpus.
    """
    documents = [
        (c.document, c.force_version, c.strict) for c in iter_cases() if c.version == version
    ]
    documents += [
        (c.document, version, c.strict) for c in load_corpus(require_corpus(version), version)
    ]
    for document, forced, strict in documents:
        report = validate_loaded(document, version=forced, strict=strict)  # a str included
        places = Counter((i.rule, i.pointer) for i in report.issues)
        repeated = [i.to_dict() for i in report.issues if places[(i.rule, i.pointer)] > 1]
        assert not repeated, repeated
