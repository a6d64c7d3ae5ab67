"""A failed ``anyOf``/``oneOf`` worded from jsonschema-rs's own errors (`schema.branched`).

The reference engine explains such a failure by the branch the document meant
(`findings.leaves`); the compiled engine's error carries the same branch errors, and
dressed as the reference engine's they give the very same findings, without importing
python-jsonschema. ``tests/test_engine_agreement.py`` compares both on every suite; here
the path is shown taken: on a transformation of an unknown type, on the official 0.6rc0
corpus (every case that needed python-jsonschema, ``then`` errors included), and not
where a branch error sits under a keyword only the reference engine words.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ome_zarr_schemas.issues import Issue
from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.schema import direct
from ome_zarr_schemas.schema.branched import branch_leaves
from ome_zarr_schemas.schema.engine import Failure, failing_passes, forced
from ome_zarr_schemas.schema.findings import schema_issues
from ome_zarr_schemas.schema.registry import Level

from ._support import require_corpus
from .test_conformance_cli import _image


def _failing(document: Any) -> tuple[str, list[Failure]]:
    detection = detect(document, None)
    assert detection is not None and detection.version is not None
    with forced("compiled"):
        found = failing_passes(document, detection.version, tuple(detection.kinds))
    return detection.version, found


def _worded_as_the_reference(document: Any, level: Level, keyword: str) -> list[Issue]:
    """The findings `direct` words for the failing ``level`` pass of ``document``, an
    error of which passes through ``keyword``: the reference engine's, and not None."""
    version, failing = _failing(document)
    failure = next(f for f in failing if f.level == level)
    assert any(t == keyword for e in failure.errors for t in e.evaluation_path)
    worded = direct.explain(document, version, failure, "")
    assert worded is not None
    assert set(worded) == set(schema_issues(document, version, failure.kind, level, ""))
    return worded


def _leaves(document: Any, error: Any) -> list[Any] | None:
    return branch_leaves(document, error, direct._dress, direct._keyword_at)


def _transformation(**fields: Any) -> dict[str, Any]:
    document = _image()
    dataset = document["ome"]["multiscales"][0]["datasets"][0]
    dataset["coordinateTransformations"] = [
        {"input": {"path": "0"}, "output": {"name": "physical"}, **fields}
    ]
    return document


@pytest.mark.parametrize(
    ("fields", "found"),
    [
        ({"type": "bogus"}, ("transforms.type", "/type")),  # no branch meant
        ({"type": "scale"}, ("transforms.parameters", "")),  # the scale branch: no scale
        ({"type": "affine", "affine": "no"}, ("transforms.parameters", "/affine")),
    ],
)
def test_a_failed_one_of_is_worded_from_the_compiled_errors(
    fields: dict[str, Any], found: tuple[str, str]
) -> None:
    worded = _worded_as_the_reference(_transformation(**fields), "must", "oneOf")
    at = "/ome/multiscales/0/datasets/0/coordinateTransformations/0"
    assert (found[0], at + found[1]) in {(i.rule, i.pointer) for i in worded}, worded


def test_a_composite_under_a_deferred_keyword_goes_to_the_reference_engine() -> None:
    """A 0.5 transformation of an unknown type also fails ``minContains`` (the reference
    engine raises it from ``contains``): that pass is not worded here."""
    document = _image("0.5")
    body = document["ome"]["multiscales"][0]
    body["axes"] = body.pop("coordinateSystems")[0]["axes"]
    body["datasets"][0]["coordinateTransformations"] = [{"type": "bogus"}]
    version, failing = _failing(document)
    must = next(f for f in failing if f.level == "must")
    assert direct.explain(document, version, must, "") is None
    composite = next(e for e in must.errors if e.evaluation_path[-1] == "oneOf")
    assert _leaves(document, composite) is not None  # the composite alone is fine


def test_a_plain_error_is_no_composite() -> None:
    document = _image(datasets=[])
    _, failing = _failing(document)
    errors = [e for f in failing for e in f.errors]
    assert errors and all(_leaves(document, e) is None for e in errors)


def test_the_official_corpus_is_worded_without_the_reference_engine() -> None:
    """Of the 0.6rc0 attributes cases whose failing passes are all worded from the
    compiled errors, each equals the reference engine's; and they are nearly all."""
    root = require_corpus("0.6rc0") / "tests" / "attributes"
    cases = sorted(root.rglob("*.json"))
    explained, direct_only = 0, 0
    for case in cases:
        document = json.loads(case.read_text("utf-8"))
        detection = detect(document, None)
        if detection is None or detection.version is None:
            continue
        version, failing = _failing(document)
        if not failing:
            continue
        explained += 1
        worded = [direct.explain(document, version, f, "") for f in failing]
        if all(w is not None for w in worded):
            direct_only += 1
        for failure, found in zip(failing, worded, strict=True):
            if found is not None:
                reference = schema_issues(document, version, failure.kind, failure.level, "")
                assert set(found) == set(reference), case
    assert explained > 100
    assert direct_only >= explained - 2, (direct_only, explained)  # all, today


def test_an_error_under_then_is_worded_from_the_compiled_errors() -> None:
    """A space axis with a unit of no known kind breaks the SHOULD ``if``/``then`` of
    axis units: an error of the ``then`` subschema, which both engines report alike."""
    document = _image()
    axes = document["ome"]["multiscales"][0]["coordinateSystems"][0]["axes"]
    axes[0]["unit"] = "parsec-ish"
    assert _worded_as_the_reference(document, "should", "then")
