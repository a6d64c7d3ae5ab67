"""A document the store reader proved finite (`Node.finite`, `schema.engine.FINITE`) is
decided by the compiled validator without the typed guard, and gets the verdict, failing
passes and report of a parsed document with the guard (issue 15).

The guard exists for non-finite numbers (inf, NaN), which jsonschema-rs reads as no JSON
value; the quick read (`documents.plain_value`) answers only for JSON with none: no bare
NaN or Infinity and no number beyond the double range. Drawn valid and broken documents
of every version and kind, written as JSON and read back by the quick read, are asked
both ways; the reader marks exactly the documents it read quickly; and a store with a
number beyond the double range keeps the guard and reports as before.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ome_zarr_schemas.hierarchy import check_hierarchy, read_store, validate_store
from ome_zarr_schemas.rules._shortcuts import general_only
from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.schema.engine import FINITE, engine_name, failing_passes
from ome_zarr_schemas.store.documents import GENERAL, plain_value
from ome_zarr_schemas.testing import Mutation, attributes, available, invalid_attributes
from ome_zarr_schemas.validate import validate_loaded

PAIRS = list(available())
VERSIONS = sorted({v for v, _ in PAIRS})

pytestmark = pytest.mark.skipif(engine_name() != "compiled", reason="jsonschema-rs is off")


def _read_back(document: Any) -> Any:
    """``document`` as a JSON parser gives it back, every number finite (what the quick
    read proves of what it reads: `test_the_quick_read_gives_only_finite_numbers`)."""
    try:
        text = json.dumps(document, allow_nan=False)
    except ValueError:  # a non-finite number: the reader never marks such a document
        assume(False)
    return json.loads(text)


def _shown(value: Any, parsed: int) -> list[Any]:
    report = validate_loaded(value, parsed=parsed)
    return [i.to_dict() for i in report.issues] + [report.valid, report.version, report.kinds]


def _failures(found: list[Any]) -> list[Any]:
    """Each failing pass and its error locations, a location as a tuple (the Python half
    of a `stripped` validator gives tuples where jsonschema-rs gives lists: which one
    answers depends on the documents asked before, not on this one)."""
    return [
        (f.kind, f.level, None if f.locations is None else [tuple(loc) for loc in f.locations])
        for f in found
    ]


def _same_both_ways(document: Any, version: str | None = None) -> None:
    value = _read_back(document)
    detection = detect(value, version) if isinstance(value, dict) else None
    if detection is not None and detection.version is not None and detection.ome is not None:
        kinds = tuple(detection.kinds)
        guarded = failing_passes(value, detection.version, kinds, parsed=True)
        proven = failing_passes(value, detection.version, kinds, parsed=FINITE)
        assert _failures(proven) == _failures(guarded)
    assert _shown(value, FINITE) == _shown(value, True)


@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=[f"{v}-{k}" for v, k in PAIRS])
@given(data=st.data())
def test_valid_documents_read_quickly_get_the_guarded_verdict(
    version: str, kind: str, data: st.DataObject
) -> None:
    _same_both_ways(data.draw(attributes(version, kind)))


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_broken_documents_read_quickly_get_the_guarded_verdict(
    version: str, data: st.DataObject
) -> None:
    mutation: Mutation = data.draw(invalid_attributes(version))
    _same_both_ways(mutation.document, mutation.version)


NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["1e400", "-1E+999", "1e-400", "9" * 400, "1" + "0" * 308, "2e308"]),
    st.sampled_from(["NaN", "Infinity", "-Infinity"]),
    st.builds(lambda m, e: f"{m}e{e}", st.integers(-(10**5), 10**5), st.integers(-999, 999)),
)


def _floats(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return [value] if isinstance(value, float) else []


@given(st.lists(NUMBERS, max_size=6), st.sampled_from(["[{}]", '{{"a": [{}], "b": 1}}']))
def test_the_quick_read_gives_only_finite_numbers(numbers: list[str], shape: str) -> None:
    """What `Node.finite` rests on: a value the quick read gives holds no inf or NaN."""
    value = plain_value(shape.format(", ".join(numbers)).encode(), 1 << 26, 64)
    if value is not GENERAL:
        assert all(math.isfinite(f) for f in _floats(value))


def _image_store(root: Path, scale: str) -> Path:
    """A 0.5 image of one level whose scale is written as ``scale`` (raw JSON text)."""
    image = (
        '{"zarr_format": 3, "node_type": "group", "attributes": {"ome": {"version": "0.5",'
        ' "multiscales": [{"name": "m", "axes": [{"name": "y", "type": "space"},'
        ' {"name": "x", "type": "space"}], "datasets": [{"path": "0",'
        ' "coordinateTransformations": [{"type": "scale", "scale": [1.0, ' + scale + "]}]}]}]}}}"
    )
    array = {
        "zarr_format": 3,
        "node_type": "array",
        "shape": [4, 4],
        "data_type": "uint8",
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [4, 4]}},
        "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
        "fill_value": 0,
        "codecs": [{"name": "bytes", "configuration": {}}],
        "dimension_names": ["y", "x"],
    }
    (root / "0").mkdir(parents=True)
    (root / "zarr.json").write_text(image)
    (root / "0" / "zarr.json").write_text(json.dumps(array))
    return root


def test_the_reader_marks_only_what_it_read_quickly(tmp_path: Path) -> None:
    plain = read_store(_image_store(tmp_path / "plain", "2.0"))
    huge = read_store(_image_store(tmp_path / "huge", "1e400"))
    assert plain.nodes[""].finite is True
    assert huge.nodes[""].finite is False  # its scale is inf: the guard decides
    with general_only():
        assert check_hierarchy(huge).issues == validate_store(tmp_path / "huge").issues
    assert validate_store(tmp_path / "plain").valid
    assert not validate_store(tmp_path / "huge").valid  # inf is no valid scale
