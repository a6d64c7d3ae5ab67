"""The plain-JSON proof and the plate's quiet test in one walk (`rules._plain_plate`):
it says what `schema.engine.plain_json` and `rules._quiet.plate_quiet` say together, on
drawn plates (0.4, 0.5, 0.6.dev4; alone and beside a bioformats2raw layout) with the
quiet test's traps (`test_quiet._trapped`) and values that are no plain JSON put
anywhere in them (a tuple, a set, a subclass of str, dict or float, a key that is no
string or a str subclass, inf and NaN, the block named twice); and the report with the
walk taken equals the one without it (`general_only`), on those and on mutated
documents.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas._valid import USES_VERDICT, passes_hold
from ome_zarr_schemas.rules._plain_plate import plain_quiet_plate
from ome_zarr_schemas.rules._quiet import QUIET_KINDS, plate_quiet
from ome_zarr_schemas.rules._shortcuts import general_only
from ome_zarr_schemas.rules.version import _a_block_version, _block_versions
from ome_zarr_schemas.schema.engine import plain_json
from ome_zarr_schemas.testing import Mutation, attributes, invalid_attributes

from .test_quiet import PLATES, _trapped


class _Str(str):
    pass


class _Float(float):
    pass


class _Dict(dict):  # type: ignore[type-arg]
    pass


#: Values that are no plain JSON (or are, for "list" and "dict": containers to enter).
_ODD: dict[str, Any] = {
    "tuple": (1, 2),
    "set": {1},
    "str subclass": _Str("A"),
    "float subclass": _Float(1.0),
    "dict subclass": _Dict(a=1),
    "ordered dict": OrderedDict(a=1),
    "inf": math.inf,
    "nan": math.nan,
    "bytes": b"x",
    "nested tuple": {"a": [{"b": (1,)}]},
    "nested inf": [[{"c": -math.inf}]],
    "list": [1, "x", None, True, 2.5, {"d": []}],
    "dict": {"e": {"f": [0.5]}},
}
_KEYS: dict[str, Any] = {"int key": 1, "str subclass key": _Str("k"), "bool key": True}
_PLACES = ["top", "ome", "block", "row", "column", "well", "acquisition", "well deep"]


def _oddity(document: dict[str, Any], data: st.DataObject) -> None:
    """A value or key that is no plain JSON (or a plain container) put in one place."""
    ome = document.get("ome", document)
    block = ome.get("plate") if isinstance(ome, dict) else None
    if not isinstance(block, dict):
        return
    place = data.draw(st.sampled_from(_PLACES))
    lists = {
        "row": block.get("rows"),
        "column": block.get("columns"),
        "well": block.get("wells"),
        "acquisition": block.get("acquisitions"),
    }
    if place in lists:
        entries = lists[place]
        if not isinstance(entries, list) or not entries or not isinstance(entries[0], dict):
            return
        target = entries[0]
    elif place == "well deep":
        wells = block.get("wells")
        if not isinstance(wells, list) or not wells or not isinstance(wells[0], dict):
            return
        target = wells[0].setdefault("x-deep", {"g": [{}]})["g"][0]
    else:
        target = {"top": document, "ome": ome, "block": block}[place]
    what = data.draw(st.sampled_from([*_ODD, *_KEYS, "block twice", "name subclass"]))
    if what in _KEYS:
        target[_KEYS[what]] = 1
    elif what == "block twice":
        target["x-again"] = block
    elif what == "name subclass" and place in ("row", "column") and "name" in target:
        target["name"] = _Str(target["name"])
    elif what in _ODD:
        target["x-odd"] = _ODD[what]


@given(data=st.data(), pair=st.sampled_from(PLATES))
def test_one_walk_says_what_both_say(data: st.DataObject, pair: tuple[str, str]) -> None:
    version, kind = pair
    document = _trapped(data.draw(attributes(version, kind)), data)
    if data.draw(st.booleans()):
        _oddity(document, data)
    ome = document.get("ome", document)
    assert plain_quiet_plate(document, ome) == (plain_json(document) and plate_quiet(ome))
    with general_only():
        general = validate_attributes(document)
    assert validate_attributes(document) == general
    assert validate_attributes(document, strict=True) == validate_attributes(document, strict=True)


@pytest.mark.parametrize("version", ["0.4", "0.5", "0.6.dev4"])
@given(data=st.data())
def test_mutated_documents_get_the_same_report(version: str, data: st.DataObject) -> None:
    mutation: Mutation = data.draw(invalid_attributes(version))
    document = mutation.document
    ome = document.get("ome", document) if isinstance(document, dict) else None
    if isinstance(ome, dict):
        expected = plain_json(document) and plate_quiet(ome)
        assert plain_quiet_plate(document, ome) == expected
    with general_only():
        general = validate_attributes(document)
    assert validate_attributes(document) == general


def test_the_usual_plate_is_proved_and_the_odd_ones_are_not() -> None:
    plate: dict[str, Any] = {
        "rows": [{"name": "A"}, {"name": "B"}],
        "columns": [{"name": "1"}],
        "wells": [
            {"path": "A/1", "rowIndex": 0, "columnIndex": 0},
            {"path": "B/1", "rowIndex": 1.0, "columnIndex": 0},
        ],
        "acquisitions": [{"id": 1, "name": "x"}, {"id": "2"}],
        "name": "p",
    }
    document = {"bioformats2raw.layout": 3, "plate": plate}
    assert plain_quiet_plate(document, document)
    assert plain_quiet_plate({"ome": document}, document)
    for odd in (
        {**document, "x": (1,)},
        {**document, "plate": {**plate, "field_count": math.nan}},
        {**document, "plate": {**plate, "wells": [*plate["wells"], {1: 2}]}},
        {**document, "plate": {**plate, "rows": [{"name": "A"}, {"name": "a"}]}},
        {**document, "plate": {**plate, "acquisitions": [{"id": 1, "x": {"y": {2}}}]}},
        {**document, "plate": None},
    ):
        assert not plain_quiet_plate(odd, odd)
    assert not plain_quiet_plate(OrderedDict(document), document)


def test_a_proved_plate_has_no_generated_verdict() -> None:
    """`_quick.document_issues` asks no generated verdict of a proved document: the kinds
    a quiet test answers for are none of those the verdict decides."""
    assert QUIET_KINDS.isdisjoint(USES_VERDICT)
    assert not passes_hold({"plate": {}}, "0.4", ("plate",))


_BLOCK: st.SearchStrategy[Any] = st.sampled_from(
    [
        *(None, 1, [], {}, {"version": None}, {"version": "0.4"}, {"x": 1}, (1,)),
        *(MappingProxyType({"version": "0.4"}), OrderedDict(version=1), MappingProxyType({})),
    ]
)


@given(
    blocks=st.dictionaries(
        st.sampled_from(["multiscales", "plate", "well", "image-label", "labels", "x"]),
        _BLOCK | st.lists(_BLOCK, max_size=2),
        max_size=4,
    )
)
def test_a_plate_naming_no_version_is_answered_at_once(blocks: dict[str, Any]) -> None:
    """`rules.version._a_block_version` answers False without `_block_versions` when no
    block is a mapping of another class and there are no multiscales: still its answer,
    blocks of every class."""
    assert _a_block_version(blocks) == bool(_block_versions(blocks))
