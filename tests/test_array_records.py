"""The reader hands out one array record per value (`store.metadata._array_meta`, issue
15): a plate's level arrays come in a few shapes, and a record is frozen. What it hands
out is equal, field by field and type by type, to the record built anew; names that are
not all strings, and a 0.6.dev4 array's own attributes, keep records of their own; the
table stays bounded.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.store import metadata
from ome_zarr_schemas.store.nodes import ArrayMeta, Limits
from ome_zarr_schemas.testing import hierarchies, invalid_hierarchies

_FIELDS = ("shape", "dtype", "dimension_names", "separator", "attributes")
CASES = st.one_of(hierarchies(), invalid_hierarchies().map(lambda m: m.hierarchy))


def _typed(array: ArrayMeta | None) -> object:
    if array is None:
        return None
    return tuple((type(getattr(array, f)), repr(getattr(array, f))) for f in _FIELDS)


def _read(key: str, data: bytes) -> ArrayMeta | None:
    path, _, name = key.rpartition("/")
    return metadata.read_node(path, {name: data}, [], Limits()).array


@given(CASES)
def test_records_made_before_are_the_records_built_anew(hierarchy: Any) -> None:
    for key, data in hierarchy.encoded().items():
        if not key.endswith(("zarr.json", ".zarray")):
            continue
        metadata._ARRAYS.clear()
        anew = _read(key, data)  # built: nothing made before
        again = _read(key, data)  # looked up
        assert _typed(again) == _typed(anew)
        assert again == anew


def _array(**fields: Any) -> bytes:
    import json

    doc = {"zarr_format": 3, "node_type": "array", "shape": [2, 3], "data_type": "uint8"}
    return json.dumps({**doc, **fields}).encode()


def test_names_of_other_types_keep_their_own_record() -> None:
    ones = _read("a/zarr.json", _array(dimension_names=["y", 1]))
    trues = _read("b/zarr.json", _array(dimension_names=["y", True]))
    assert ones is not None and trues is not None
    assert trues.dimension_names == ("y", True)
    assert [type(n) for n in trues.dimension_names or ()] == [str, bool]  # not ("y", 1)'s
    assert [type(n) for n in ones.dimension_names or ()] == [str, int]


def test_alike_arrays_share_a_record_and_attributes_keep_their_own() -> None:
    first = _read("0/zarr.json", _array(dimension_names=["y", "x"]))
    second = _read("1/zarr.json", _array(dimension_names=["y", "x"]))
    assert first is second
    own = _read("2/zarr.json", _array(attributes={"ome": {"version": "0.6.dev4"}}))
    assert own is not None and own.attributes == {"ome": {"version": "0.6.dev4"}}
    assert own is not _read("3/zarr.json", _array(attributes={"ome": {"version": "0.6.dev4"}}))


def test_the_records_stay_bounded() -> None:
    for size in range(metadata._MOST_ARRAYS + 10):
        array = _read("a/zarr.json", _array(shape=[size + 1]))
        assert array == ArrayMeta((size + 1,), "uint8", None, None)
    assert 0 < len(metadata._ARRAYS) <= metadata._MOST_ARRAYS
