"""Properties of the validator over generated documents (ome_zarr_schemas.testing).

Bounded by the Hypothesis profile in conftest.py (OME_ZARR_SCHEMAS_HYPOTHESIS_PROFILE).
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ome_zarr_schemas import Severity, parse_attributes, validate_attributes
from ome_zarr_schemas.schema.findings import explain, leaves
from ome_zarr_schemas.schema.registry import group_schema_uri, schema_set, validator_for
from ome_zarr_schemas.testing import Mutation, attributes, available, families, invalid_attributes

PAIRS = list(available())
PAIR_IDS = [f"{v}-{k}" for v, k in PAIRS]
FAMILIES = [(v, f) for v in sorted({v for v, _ in PAIRS}) for f in families(v)]
FAMILY_IDS = [f"{v}-{f.name}" for v, f in FAMILIES]
#: Each family is a test of its own, so it gets a share of the profile's examples.
PER_FAMILY = settings(max_examples=max(3, settings().max_examples // 10))


def _plain_validator(version: str, kind: str) -> Draft202012Validator:
    """Our schemas alone, through plain jsonschema: what another tool would run."""
    return Draft202012Validator(
        {"$ref": group_schema_uri(version, kind)}, registry=schema_set().registry
    )


def _errors(report_issues: tuple[Any, ...]) -> set[tuple[str, str]]:
    return {(i.rule, i.pointer) for i in report_issues if i.severity is Severity.ERROR}


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same JSON with every object's keys in another order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=PAIR_IDS)
@given(data=st.data())
def test_generated_documents_are_valid(version: str, kind: str, data: st.DataObject) -> None:
    document = data.draw(attributes(version, kind))
    assert json.loads(json.dumps(document)) == document  # plain JSON, nothing Python-only
    report = validate_attributes(document)
    assert report.valid, report.errors
    assert report.version == version and kind in report.kinds
    for present in report.kinds:
        errors = list(_plain_validator(version, present).iter_errors(document))
        assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=PAIR_IDS)
@given(data=st.data())
def test_parse_then_to_dict_gives_the_document_back(
    version: str, kind: str, data: st.DataObject
) -> None:
    document = data.draw(attributes(version, kind))
    parsed = parse_attributes(copy.deepcopy(document))
    assert parsed.version == version
    assert parsed.to_dict() == document


@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=PAIR_IDS)
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_report_does_not_depend_on_key_order(
    version: str, kind: str, data: st.DataObject, seed: int
) -> None:
    document = data.draw(st.one_of(attributes(version, kind), _mutated(version, kind)))
    shuffled = _shuffled(document, random.Random(seed))
    assert validate_attributes(shuffled).issues == validate_attributes(document).issues


def _mutated(version: str, kind: str) -> st.SearchStrategy[Any]:
    return (
        invalid_attributes(version, kind)
        .filter(lambda m: m.version is None)
        .map(lambda m: m.document)
    )


def check_mutation(mutation: Mutation) -> None:
    """The finding the mutation targets is there, and the only errors are the expected ones."""
    expected = (mutation.rule, mutation.pointer)
    if mutation.group_schema is not None:
        validator = validator_for(mutation.base_version, mutation.group_schema)
        root = str(validator.schema["$ref"])  # type: ignore[index]
        found = {
            (explain(leaf, root)[0], "".join(f"/{t}" for t in leaf.absolute_path))
            for error in validator.iter_errors(mutation.document)
            for leaf in leaves(error)
        }
        assert found == {expected}, mutation.description
    report = validate_attributes(mutation.document, version=mutation.version, kind=mutation.kind)
    found = {(i.rule, i.pointer) for i in report.issues}
    assert expected in found, (mutation.description, report.issues)
    assert _errors(report.issues) == mutation.expected_errors, (mutation.description, report.issues)
    assert report.valid is not (mutation.severity is Severity.ERROR or bool(mutation.also))


@pytest.mark.parametrize(("version", "fam"), FAMILIES, ids=FAMILY_IDS)
@PER_FAMILY
@given(data=st.data())
def test_mutation_yields_its_rule_at_its_pointer(
    version: str, fam: Any, data: st.DataObject
) -> None:
    check_mutation(data.draw(invalid_attributes(version, rule=fam.rule)))


@given(mutation=invalid_attributes())
def test_any_mutation_of_any_kind(mutation: Mutation) -> None:
    check_mutation(mutation)
