"""A pass failing only by SHOULD ``required`` keywords decided in Python (`schema.stripped`)
is worded once per key (`direct._EMULATED`, issue 15): the findings kept for a key are
those the general steps make for every other document with that key. The key is made
of the errors' places and of which names each object lacks (told by the Python half,
`RequiredError.lacking`): both are held here to what the general steps read."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.schema import direct, engine
from ome_zarr_schemas.schema.folded import RequiredError
from ome_zarr_schemas.spec.versions import VERSIONS
from ome_zarr_schemas.testing import attributes, invalid_attributes

from .test_stripped import names_moved

pytest.importorskip("jsonschema_rs")

IDS = [v.id for v in VERSIONS]


def _at(document: Any, path: Any) -> Any:
    for token in path:
        document = document[token]
    return document


def _compare(document: Any, node: str) -> int:
    """How many passes were answered by key; asserts each answer is the general one."""
    detection = detect(document, None) if isinstance(document, dict) else None
    if detection is None or detection.version is None or not detection.kinds:
        return 0
    version, kinds = detection.version, tuple(detection.kinds)
    validator = engine._plan(version, kinds, False).validators[False]
    if hasattr(validator, "split"):
        validator.split, validator.mixed = True, 0  # split, whatever it met before
    try:
        failing = engine.failing_passes(document, version, kinds)
    except RecursionError:
        return 0
    keyed = 0
    for failure in failing:
        for error in failure.errors:
            if type(error) is RequiredError and error.lacking is not None:
                place = direct._keyword_at(error.absolute_keyword_location)
                assert place is not None
                names = place[0]["required"]
                instance = _at(document, error.instance_path)
                assert error.lacking == tuple(n not in instance for n in names)
        general = direct._by_steps(document, version, failure, node)
        expected = None if general is None else general[0]
        key = direct._emulated_key(failure, version, node)
        if key is not None and key in direct._EMULATED:
            keyed += 1
        assert direct.explain(document, version, failure, node) == expected
        assert direct.explain(document, version, failure, node) == expected  # kept now
    return keyed


@pytest.mark.parametrize("version", IDS)
@settings(max_examples=60)
@given(data=st.data())
def test_kept_wording_is_the_general_steps(version: str, data: st.DataObject) -> None:
    valid = attributes(version)
    broken = invalid_attributes(version).map(lambda m: m.document)
    document = data.draw(st.one_of(valid, broken), label="document")
    node = data.draw(st.sampled_from(["", "a/b"]), label="node")
    _compare(document, node)
    if isinstance(document, dict):
        _compare(names_moved(data, document), node)


def test_a_usual_image_is_worded_by_key() -> None:
    """Taken: two 0.6.dev4 images lacking the same names at the same places, one kept
    answer; the second, with other values, gets the general steps' findings."""
    axes = [{"name": "y", "type": "space"}, {"name": "x"}]
    scale = {"type": "scale", "scale": [1, 1], "input": {"path": "0"}, "output": {"name": "a"}}
    multiscale: dict[str, Any] = {
        "coordinateSystems": [{"name": "a", "axes": axes}],
        "datasets": [{"path": "0", "coordinateTransformations": [scale]}],
    }
    first = {"ome": {"version": "0.6.dev4", "multiscales": [multiscale]}}
    other = copy.deepcopy(multiscale)
    other["coordinateSystems"][0]["axes"][0]["name"] = "z"
    second = {"ome": {"version": "0.6.dev4", "multiscales": [other]}}
    validator = engine._plan("0.6.dev4", ("image",), False).validators[False]
    validator.split, validator.mixed = True, 0  # split, whatever it met before
    direct._EMULATED.clear()
    _compare(first, "")
    assert _compare(second, "") == 1
