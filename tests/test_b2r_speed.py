"""Round 7 of issue 15 (0.4 bioformats2raw, a plate often beside the layout): the kinds of
a two-key document by one lookup (`rules.version._KINDS_OF_TWO`), a stripped plan that
lists its errors at once after a valid document (`schema.engine._compiled`, no
``is_valid`` first) and a report whose fields are filled directly (`issues._built`) give
what the general steps give: the kinds of the version's table, the full validator's
errors, the general report, whatever the plan met before, the dataclass's report.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from itertools import permutations
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.issues import Report
from ome_zarr_schemas.rules._shortcuts import general_only
from ome_zarr_schemas.rules.version import _KIND_TABLE, _kinds
from ome_zarr_schemas.schema import engine
from ome_zarr_schemas.schema.folded import unfold
from ome_zarr_schemas.schema.stripped import _Validator
from ome_zarr_schemas.testing import attributes, invalid_attributes

pytest.importorskip("jsonschema_rs")


@pytest.mark.parametrize("version", sorted(_KIND_TABLE))
def test_two_kind_keys_in_either_order_are_the_tables_kinds(version: str) -> None:
    """Every two kind keys of a version, in either order (and a kind key beside another
    key), give the kinds of the version's table in its order."""
    table = _KIND_TABLE[version]
    keys = [key for key, _ in table]
    for first, second in [*permutations(keys, 2), *((k, "omero") for k in keys)]:
        ome = {first: 1, second: 2}
        assert _kinds(ome, version) == tuple(k for key, k in table if key in ome)


def _errors(found: list[engine.Failure] | None) -> list[tuple[Any, ...]] | None:
    if found is None:
        return None
    return [
        (f.kind, f.level, [(e.absolute_keyword_location, list(e.instance_path)) for e in f.errors])
        for f in found
    ]


def _full_errors(plan: Any, document: Any) -> list[tuple[Any, ...]]:
    """The failing passes as the validator with every keyword lists them."""
    validator = plan.validators[False]
    full = validator.full if isinstance(validator, _Validator) else validator
    per: dict[int, list[Any]] = {}
    for error in map(unfold, full.iter_errors(document)):
        location = (error.absolute_keyword_location, list(error.instance_path))
        per.setdefault(error.evaluation_path[1], []).append(location)
    return [(*plan.passes[i], per[i]) for i in sorted(per)]


_PLATE_B2R = ("plate", "bioformats2raw")


@given(data=st.data())
def test_a_stripped_plan_lists_the_full_errors_after_any_document(data: st.DataObject) -> None:
    """0.4 plates beside a bioformats2raw layout, valid or breaking a SHOULD or a MUST,
    in any sequence (the plan's last verdict varies): each document's failing passes
    are the full validator's, and each report is the general one."""
    drawn = st.one_of(
        attributes("0.4", "bioformats2raw"),
        invalid_attributes("0.4", "bioformats2raw").map(lambda m: m.document),
    )
    documents = data.draw(st.lists(drawn, min_size=1, max_size=5), label="documents")
    plan = engine._plan("0.4", _PLATE_B2R, False)
    for document in documents:
        if not isinstance(document, dict) or _kinds(document, "0.4") != _PLATE_B2R:
            continue
        if not engine.plain_json(document):
            continue
        failures = engine.failing_passes(document, "0.4", _PLATE_B2R)
        for failure in failures:  # made by the tuple's constructor: the named tuple's own
            assert type(failure) is engine.Failure and failure == engine.Failure(*failure)
            assert failure._asdict()["errors"] == failure.errors
        assert _errors(failures) == _full_errors(plan, document)
        report = validate_attributes(document)
        with general_only():
            assert validate_attributes(document) == report


def test_an_invalid_plate_after_a_valid_one_is_listed_once() -> None:
    """A plate lacking its recommended name right after a valid one: its failing passes
    are the full validator's, listed by one call of the stripped validator, and the
    `is_valid` asked first was the compiled full validator's alone (``lately_valid``:
    the Python half does not run twice)."""
    plate = {
        "rows": [{"name": "A"}],
        "columns": [{"name": "1"}],
        "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
        "version": "0.4",
    }
    valid = {"bioformats2raw.layout": 3, "plate": {**plate, "name": "p"}}
    lacking = {"bioformats2raw.layout": 3, "plate": plate}
    plan = engine._plan("0.4", _PLATE_B2R, False)
    validator = plan.validators[False]
    assert isinstance(validator, _Validator)
    validator.split, validator.mixed = True, 0
    assert engine.failing_passes(valid, "0.4", _PLATE_B2R) == []
    assert plan.valid_last and validator.lately_valid
    calls = validator.calls
    found = _errors(engine.failing_passes(lacking, "0.4", _PLATE_B2R))
    assert validator.calls == calls + 1
    assert found == _full_errors(plan, lacking)
    assert found and found[0][:2] == ("plate", "should")
    assert not validator.lately_valid and not plan.valid_last


@given(data=st.data())
def test_a_report_built_directly_is_the_dataclasss(data: st.DataObject) -> None:
    """`Report.from_issues` fills a report's fields directly (`issues._built`): the
    report of any drawn document, valid or not, strict or not, equals the one the frozen
    dataclass's ``__init__`` makes (fields in order, hash, repr, validity) and stays
    frozen."""
    version = data.draw(st.sampled_from(["0.4", "0.5", "0.6.dev4"]), label="version")
    drawn = st.one_of(attributes(version), invalid_attributes(version).map(lambda m: m.document))
    document = data.draw(drawn, label="document")
    strict = data.draw(st.booleans(), label="strict")
    report = validate_attributes(document, strict=strict)
    issues = list(report.issues)
    for count in range(min(len(issues), 3) + 1):
        built = Report.from_issues(issues[:count], strict=strict, version="0.4", kinds=("x",))
        made = Report(built.issues, built.strict, built.version, built.kinds)
        assert vars(built) == vars(made) and list(vars(built)) == list(vars(made))
        assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
        assert built.valid == made.valid
        with pytest.raises(FrozenInstanceError):
            built.strict = not strict  # type: ignore[misc]
    assert report == Report(report.issues, report.strict, report.version, report.kinds)
