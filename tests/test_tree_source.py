"""A `stripped` tree written as one generated function (`schema._tree_source`) makes the
very errors of its closures (`stripped._compiled`): keyword location, evaluation path,
instance location and the names lacking, in order, on drawn and mutated documents of
every version and kind, recommended names removed or put back anywhere
(`test_stripped.names_moved`); and every tree of the packaged schemas is written."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.schema import engine
from ome_zarr_schemas.schema._tree_source import tree_function
from ome_zarr_schemas.schema.stripped import _compiled, _Validator
from ome_zarr_schemas.spec.versions import KIND_KEYS
from ome_zarr_schemas.testing import attributes, invalid_attributes

from .test_stripped import IDS, names_moved

pytest.importorskip("jsonschema_rs")


def _made(runs: Any, document: object) -> list[tuple[object, ...]]:
    out: list[Any] = []
    for run in runs:
        run(document, (), out)
    return [
        (
            e.absolute_keyword_location,
            tuple(e.evaluation_path),
            tuple(e.instance_path),
            e.lacking,
        )
        for e in out
    ]


def _validators(document: object) -> list[_Validator]:
    detection = detect(document, None) if isinstance(document, dict) else None
    if detection is None or detection.version is None or not detection.kinds:
        return []
    found = []
    for parsed in (False, True):
        validator = engine._plan(detection.version, tuple(detection.kinds), parsed).validators[
            parsed
        ]
        if isinstance(validator, _Validator):
            found.append(validator)
    return found


def _compare(document: object) -> None:
    for validator in _validators(document):
        closures = [_compiled(tree) for tree in validator.trees]
        assert _made(validator.runs, document) == _made(closures, document)


@given(data=st.data(), version=st.sampled_from(IDS))
def test_the_written_tree_makes_the_closures_errors(data: st.DataObject, version: str) -> None:
    document = data.draw(
        st.one_of(attributes(version), invalid_attributes(version).map(lambda m: m.document))
    )
    _compare(document)
    if isinstance(document, dict):  # recommended names removed or put back anywhere
        _compare(names_moved(data, document))


def test_every_tree_is_written_and_a_plate_lacking_names_is_found() -> None:
    plate = {
        "rows": [{"name": "A"}],
        "columns": [{"name": "1"}],
        "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
        "acquisitions": [{"id": 1}, {"id": 2, "name": "b", "maximumfieldcount": 1}, {"id": 3}],
    }
    document = {"bioformats2raw.layout": 3, "plate": plate}
    (validator,) = _validators(document)[:1]
    found = _made(validator.runs, document)
    assert [where for _, _, where, _ in found] == [
        ("plate",),
        ("plate", "acquisitions", 0),
        ("plate", "acquisitions", 2),
    ]
    assert found[1][3] == (True, True)
    assert found == _made([_compiled(t) for t in validator.trees], document)
    for version in IDS:  # every plan of one kind: no tree keeps its closures
        for kind in sorted(set(KIND_KEYS.values())):
            plan = engine._plan(version, (kind,), False)
            made = plan.validators[False]
            if isinstance(made, _Validator):
                assert all(run.__name__ == "run" for run in made.runs)
    nothing: list[Any] = []  # a tree of nothing: a function finding nothing
    tree_function((None, None, None, (), None, None))(document, (), nothing)
    assert nothing == []
