"""The compiled engine's folded ``required``: one error per object, the same findings."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.schema import engine
from ome_zarr_schemas.schema.folded import fold
from ome_zarr_schemas.schema.registry import group_schema_uri, reachable_documents

from ._support import CASES

pytest.importorskip("jsonschema_rs")

RECOMMENDED = {"name": "n", "type": "gaussian", "metadata": {}}
MULTISCALES = "https://ome-zarr-schemas.org/schemas/0.6.dev4/multiscales.schema.json"


def _image(multiscales: int) -> dict[str, Any]:
    """The case suite's first valid 0.6.dev4 image, its multiscale repeated, without the
    three recommended names (the tests put back the ones they want)."""
    suite = json.loads((CASES / "0.6.dev4" / "multiscales.json").read_text())
    one = suite["cases"][0]["document"]["ome"]["multiscales"][0]
    bare = {k: v for k, v in one.items() if k not in RECOMMENDED}
    return {
        "ome": {
            "version": "0.6.dev4",
            "multiscales": [copy.deepcopy(bare) for _ in range(multiscales)],
        }
    }


def test_fold_changes_only_recommended_required_and_never_the_packaged_document() -> None:
    documents = reachable_documents(frozenset({MULTISCALES}))
    before = json.dumps(documents[MULTISCALES], sort_keys=True)
    folded = fold(MULTISCALES, documents[MULTISCALES])
    assert json.dumps(documents[MULTISCALES], sort_keys=True) == before
    site = folded["$defs"]["Recommended"]["items"]["allOf"][0]
    assert "required" not in site
    assert site["not"] == {"not": {"required": ["name", "type", "metadata"]}}
    # the MUST definitions are the packaged ones, object for object
    for name, definition in documents[MULTISCALES]["$defs"].items():
        if name != "Recommended":
            assert folded["$defs"][name] is definition


def test_a_multiscale_lacking_three_names_is_one_compiled_error() -> None:
    doc = _image(2)
    failures = engine.failing_passes(doc, "0.6.dev4", ("image",))
    assert [(f.kind, f.level) for f in failures] == [("image", "should")]
    errors = failures[0].errors
    assert len(errors) == 2  # one per multiscale, not one per missing name
    for index, error in enumerate(errors):
        assert error.absolute_keyword_location == (
            f"{MULTISCALES}#/$defs/Recommended/items/allOf/0/required"
        )
        assert error.evaluation_path[-1] == "required"
        assert list(error.instance_path) == ["ome", "multiscales", index]


@pytest.mark.parametrize("lacking", [(), ("name",), ("name", "type"), ("name", "type", "metadata")])
def test_folded_findings_are_the_reference_engines(lacking: tuple[str, ...]) -> None:
    doc = _image(2)
    for multiscale in doc["ome"]["multiscales"]:
        multiscale.update({k: v for k, v in RECOMMENDED.items() if k not in lacking})
    compiled = validate_attributes(doc)
    with engine.forced("python"):
        reference = validate_attributes(doc)
    assert compiled.warnings == reference.warnings
    assert compiled.errors == reference.errors
    assert len(compiled.warnings) == (2 if lacking else 0)


def test_folded_registry_keeps_every_group_schemas_verdict() -> None:
    rs = pytest.importorskip("jsonschema_rs")
    uri = group_schema_uri("0.6.dev4", "image")
    documents = reachable_documents(frozenset({uri}))
    plain = rs.Registry(list(documents.items()))
    folded = rs.Registry([(u, fold(u, d)) for u, d in documents.items()])
    schema = {"$ref": f"{uri}#/$defs/Recommended"}
    one = rs.Draft202012Validator(schema, registry=plain, offline=True)
    two = rs.Draft202012Validator(schema, registry=folded, offline=True)
    for lacking in range(4):
        doc = _image(1)
        multiscale = doc["ome"]["multiscales"][0]
        multiscale.update(dict(list(RECOMMENDED.items())[lacking:]))
        assert one.is_valid(doc) == two.is_valid(doc) == (lacking == 0)
