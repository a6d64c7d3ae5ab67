"""`stripped`'s Python half as one generated function (`schema._emulated_code`, issue 15)
makes the errors of the closures it replaces (`stripped._compiled`): the same keyword
locations, evaluation paths, instance paths and lacking names, in the same order, on
valid, invalid and names-moved documents of every version and kind (and plans of two
kinds), and on values of any shape where the paths lead."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.schema import engine
from ome_zarr_schemas.schema._emulated_code import generated_run
from ome_zarr_schemas.schema.stripped import _compiled, _Validator
from ome_zarr_schemas.spec.versions import KIND_KEYS, VERSIONS
from ome_zarr_schemas.testing import attributes, invalid_attributes

from .test_stripped import names_moved

pytest.importorskip("jsonschema_rs")

IDS = [v.id for v in VERSIONS]


def _errors(runs: Any, document: Any) -> list[tuple[Any, ...]]:
    out: list[Any] = []
    for run in runs:
        run(document, (), out)
    return [
        (e.absolute_keyword_location, tuple(e.evaluation_path), tuple(e.instance_path), e.lacking)
        for e in out
    ]


def _compare(version: str, kinds: tuple[str, ...], document: Any) -> int:
    """How many errors both made; asserts they are the same, in the same order."""
    trees = _plan_trees(version, kinds)
    if trees is None:
        return 0
    generated = generated_run(trees)
    assert generated is not None
    closures = tuple(_compiled(t) for t in trees if t is not None)
    expected = _errors(closures, document)
    assert _errors((generated,), document) == expected
    return len(expected)


def _plan_trees(version: str, kinds: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The trees of the plan's validator, None when it has none (no SHOULD ``required``
    decided in Python)."""
    validator = engine._plan(version, kinds, False).validators[False]
    return validator.trees if isinstance(validator, _Validator) else None


def _detected(document: Any) -> tuple[str, tuple[str, ...]] | None:
    detection = detect(document, None) if isinstance(document, dict) else None
    if detection is None or detection.version is None or not detection.kinds:
        return None
    return detection.version, tuple(detection.kinds)


@pytest.mark.parametrize("version", IDS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_generated_run_makes_the_closures_errors(version: str, data: st.DataObject) -> None:
    valid = attributes(version)
    broken = invalid_attributes(version).map(lambda m: m.document)
    document = data.draw(st.one_of(valid, broken), label="document")
    found = _detected(document)
    if found is None:
        return
    _compare(*found, document)
    if isinstance(document, dict):
        _compare(*found, names_moved(data, document))


_ODD = st.recursive(
    st.one_of(st.none(), st.integers(), st.text(max_size=2), st.just("x")),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(
            st.sampled_from(["name", "type", "metadata", "axes", "coordinateSystems", "x"]),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_ODD, st.sampled_from(IDS))
def test_values_of_any_shape_where_the_paths_lead(value: Any, version: str) -> None:
    """The recommended names' places holding anything: tuples, scalars, lists."""
    document = (
        {"multiscales": [{"axes": value, "coordinateSystems": [{"axes": [value]}]}]}
        if version == "0.4"
        else {"ome": {"version": version, "multiscales": [value, {"coordinateSystems": value}]}}
    )
    _compare(version, ("image",), document)


def test_the_usual_image_errors_both_ways() -> None:
    axes = [{"name": "y", "type": "space"}, {"name": "x"}]
    multiscale = {"coordinateSystems": [{"name": "a", "axes": axes}], "datasets": []}
    document = {"ome": {"version": "0.6.dev4", "multiscales": [multiscale, {}]}}
    assert _compare("0.6.dev4", ("image",), document) == 3  # two multiscales, one axis
    assert _compare("0.6.dev4", ("image", "label-image"), {"ome": {"image-label": {}}}) == 1
    validator = engine._plan("0.6.dev4", ("image",), False).validators[False]
    assert isinstance(validator, _Validator)
    assert len(validator.runs) == 1  # the generated function, not the closures


def test_a_plate_lacking_names_beside_a_layout_and_every_plan_generated() -> None:
    plate = {
        "rows": [{"name": "A"}],
        "columns": [{"name": "1"}],
        "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
        "acquisitions": [{"id": 1}, {"id": 2, "name": "b", "maximumfieldcount": 1}, {"id": 3}],
    }
    document = {"bioformats2raw.layout": 3, "plate": plate}
    assert _compare("0.4", ("bioformats2raw", "plate"), document) == 3
    trees = _plan_trees("0.4", ("bioformats2raw", "plate"))
    assert trees is not None
    generated = generated_run(trees)
    assert generated is not None
    found = _errors((generated,), document)
    assert [where for _, _, where, _ in found] == [
        ("plate",),
        ("plate", "acquisitions", 0),
        ("plate", "acquisitions", 2),
    ]
    for version in IDS:  # every plan of one kind: one generated function, no closures
        for kind in sorted(set(KIND_KEYS.values())):
            made = engine._plan(version, (kind,), False).validators[False]
            if isinstance(made, _Validator):
                assert [run.__name__ for run in made.runs] == ["run"]
    nothing: list[Any] = []  # a tree of nothing: a function finding nothing
    empty = generated_run(((None, None, None, (), None, None),))
    assert empty is not None
    empty(document, (), nothing)
    assert nothing == []
