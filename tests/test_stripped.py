"""The SHOULD ``required`` keywords decided in Python (`schema.stripped`, issue 15) give
the compiled errors of the validator with every keyword: the same keyword locations,
evaluation paths and instance locations, in the same order, and the same verdict, on
valid and mutated documents of every version and kind, with recommended names removed
or put back anywhere."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.schema import engine
from ome_zarr_schemas.schema.folded import unfold
from ome_zarr_schemas.schema.stripped import _Validator
from ome_zarr_schemas.spec.versions import VERSIONS
from ome_zarr_schemas.testing import attributes, invalid_attributes

pytest.importorskip("jsonschema_rs")

IDS = [v.id for v in VERSIONS]
#: Names a recommended ``required`` asks for, put into objects by the mutations.
_NAMES = ("name", "type", "metadata", "version", "unit", "colors", "properties", "source")


def _places(value: Any) -> list[Any]:
    """Every dict inside ``value`` (itself included)."""
    found = [value] if isinstance(value, dict) else []
    for inner in value.values() if isinstance(value, dict) else value:
        if isinstance(inner, dict | list):
            found.extend(_places(inner))
    return found


def _errors(validator: Any, document: Any) -> list[tuple[Any, ...]]:
    return [
        (e.absolute_keyword_location, list(e.evaluation_path), list(e.instance_path))
        for e in map(unfold, validator.iter_errors(document))
    ]


def _compare(document: Any) -> bool:
    """Whether a stripped validator decided ``document``; asserts it agrees."""
    detection = detect(document, None) if isinstance(document, dict) else None
    if detection is None or detection.version is None or not detection.kinds:
        return False
    used = False
    for parsed in (False, True):
        plan = engine._plan(detection.version, tuple(detection.kinds), parsed)
        validator = plan.validators[parsed]
        if not isinstance(validator, _Validator):
            continue
        validator.split, validator.mixed = True, 0  # split, whatever it met before
        used = True
        try:
            expected = _errors(validator.full, document)
        except ValueError:  # not a value jsonschema-rs reads: neither reads it
            with pytest.raises(ValueError):
                _errors(validator, document)
            continue
        assert _errors(validator, document) == expected
        for lately in (False, True):  # either way of asking (`_Validator.lately_valid`)
            validator.lately_valid = lately
            verdict = validator.is_valid(document)
            assert verdict == validator.full.is_valid(document) == (not expected)
            assert validator.lately_valid == verdict  # the next one asked as this one went
    return used


@pytest.mark.parametrize("version", IDS)
@given(data=st.data())
def test_the_errors_are_the_full_validators(version: str, data: st.DataObject) -> None:
    valid = attributes(version)
    broken = invalid_attributes(version).map(lambda m: m.document)
    document = data.draw(st.one_of(valid, broken), label="document")
    _compare(document)
    if isinstance(document, dict):
        _compare(names_moved(data, document))


def names_moved(data: st.DataObject, document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with one to four keys removed, or recommended names put
    in, anywhere."""
    mutated = copy.deepcopy(document)
    objects = _places(mutated)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        target = data.draw(st.sampled_from(objects), label="object")
        if target and data.draw(st.booleans(), label="remove"):
            del target[data.draw(st.sampled_from(sorted(target)), label="key")]
        else:
            target[data.draw(st.sampled_from(_NAMES), label="name")] = "x"
    return mutated


def test_the_usual_image_is_decided_in_python() -> None:
    """Taken: a 0.6.dev4 image lacking its recommended names and an axis type."""
    axes = [{"name": "y", "type": "space"}, {"name": "x"}]
    scale = {"type": "scale", "scale": [1, 1], "input": {"path": "0"}, "output": {"name": "a"}}
    multiscale = {
        "coordinateSystems": [{"name": "a", "axes": axes}],
        "datasets": [{"path": "0", "coordinateTransformations": [scale]}],
    }
    document = {"ome": {"version": "0.6.dev4", "multiscales": [multiscale, multiscale]}}
    assert _compare(document)
    plan = engine._plan("0.6.dev4", ("image",), False)
    validator = plan.validators[False]
    assert isinstance(validator, _Validator)
    assert len(validator.emulated(document)) == 4  # a multiscale and an axis, twice
    assert validator.without.is_valid(document)


def test_splitting_stops_where_both_kinds_of_errors_are_common() -> None:
    """An axis type missing (Python's) and a channel axis too many (compiled) in one
    0.5 image: listed by the full validator, and after a few such documents the full
    validator answers alone; the errors are the same all along."""
    axes = [{"name": "c", "type": "channel"}, {"name": "d", "type": "channel"}]
    axes += [{"name": "y", "type": "space"}, {"name": "x"}]
    scale = [{"type": "scale", "scale": [1, 1, 1, 1]}]
    multiscale = {"axes": axes, "datasets": [{"path": "0", "coordinateTransformations": scale}]}
    document = {"ome": {"version": "0.5", "multiscales": [multiscale]}}
    validator = engine._plan("0.5", ("image",), False).validators[False]
    assert isinstance(validator, _Validator)
    validator.split, validator.mixed, validator.calls = True, 0, 0
    assert validator.emulated(document) and list(validator.without.iter_errors(document))
    expected = _errors(validator.full, document)
    for _ in range(4):
        assert _errors(validator, document) == expected
    assert not validator.split
    assert _errors(validator, document) == expected


def test_valid_documents_are_asked_of_the_full_validator() -> None:
    """After a valid document, the next is decided by the full validator alone (the
    Python half not run: a valid document gains nothing from it); after an invalid one,
    the Python half first again; the verdicts are the full validator's all along."""
    axes = [{"name": "y", "type": "space", "unit": "micrometer"}]
    axes += [{"name": "x", "type": "space", "unit": "micrometer"}]
    scale = [{"type": "scale", "scale": [1, 1]}]
    multiscale: dict[str, Any] = {
        "name": "m",
        "type": "mean",
        "metadata": {"method": "a test"},
        "axes": axes,
        "datasets": [{"path": "0", "coordinateTransformations": scale}],
    }
    valid: dict[str, Any] = {"ome": {"version": "0.5", "multiscales": [multiscale]}}
    lacking = copy.deepcopy(valid)
    del lacking["ome"]["multiscales"][0]["axes"][1]["type"]
    validator = engine._plan("0.5", ("image",), False).validators[False]
    assert isinstance(validator, _Validator)
    validator.split, validator.lately_valid = True, False
    runs = validator.runs
    assert validator.full.is_valid(valid) and not validator.full.is_valid(lacking)
    assert validator.is_valid(valid) and validator.lately_valid
    try:
        validator.runs = ()  # the Python half gone: only the full validator can decide
        assert not validator.is_valid(lacking)  # decided without it
    finally:
        validator.runs = runs
    assert not validator.lately_valid
    assert not validator.is_valid(lacking) and validator.is_valid(valid)
