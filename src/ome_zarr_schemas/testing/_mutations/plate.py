"""Mutation families of the plate rules (`rules/plate.py`): the block, and rows and wells
of a hierarchy."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from ...spec.versions import get
from .. import _values
from .._builder import StoreDocuments, join, parent
from .helpers import Json, empty_or_not_a_list, fresh_name, index, names_of, wrong_block_version
from .hierarchy_registry import StoreTarget, hierarchy_family, plate_bases
from .registry import Target, family, family_per_key


def _plate_block(t: Target) -> dict[str, Any]:
    block = t.ome["plate"]
    assert isinstance(block, dict)
    return block


def _acquisitions(t: Target) -> list[dict[str, Any]]:
    plate = _plate_block(t)
    if not plate.get("acquisitions"):
        plate["acquisitions"] = [{"id": 0, "name": "run", "maximumfieldcount": 1}]
    acquisitions = plate["acquisitions"]
    assert isinstance(acquisitions, list)
    return acquisitions


@family("plate.structure", "plate", "bioformats2raw")
def _bad_plate(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if "plate" not in t.ome:
        t.ome["plate"] = {"rows": [{"name": "A"}], "columns": [{"name": "1"}]}
        return t.ptr("plate"), "a plate without 'wells' beside 'bioformats2raw.layout'"
    how = draw(st.sampled_from(["not-an-object", "rows", "columns", "wells", "item"]))
    if how == "not-an-object":
        t.ome["plate"] = draw(st.sampled_from([[], "A", 3]))
        return t.ptr("plate"), "'plate' is not an object"
    plate = _plate_block(t)
    if how == "item":
        key = draw(st.sampled_from(["rows", "columns", "wells"]))
        i = index(draw, plate[key])
        plate[key][i] = draw(st.sampled_from([[], "A", 3]))
        return t.ptr("plate", key, i), f"an entry of {key!r} is not an object"
    del plate[how]
    return t.ptr("plate"), f"a plate without {how!r}"


@family("plate.version", "plate")
def _wrong_plate_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return wrong_block_version(draw, t, "plate")


@family("plate.field-count", "plate")
def _bad_field_count(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    value = draw(st.sampled_from([0, -1, 1.5, "3", None]))
    if draw(st.booleans()):
        _plate_block(t)["field_count"] = value
        return t.ptr("plate", "field_count"), f"'field_count' is {value!r}"
    acquisitions = _acquisitions(t)
    i = index(draw, acquisitions)
    acquisitions[i]["maximumfieldcount"] = value
    return t.ptr("plate", "acquisitions", i, "maximumfieldcount"), f"'maximumfieldcount' {value!r}"


@family_per_key(
    {"rows": "plate.rows", "columns": "plate.columns", "wells": "plate.wells"},
    lambda key: f"empty_{key}",
    "plate",
)
def _empty_plate_list(draw: st.DrawFn, t: Target, key: str) -> tuple[str, str]:
    return empty_or_not_a_list(draw, t, "plate", key, "A")


@family("plate.name-alphanumeric", "plate")
def _bad_row_or_column_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    key = draw(st.sampled_from(["rows", "columns"]))
    entries = _plate_block(t)[key]
    # a new row or column, so that no well's path has to change with it
    entries.append({"name": draw(st.sampled_from(["", "A-1", "B 2", "Ä", "a_b", 1, None]))})
    return t.ptr("plate", key, len(entries) - 1, "name"), f"a {key[:-1]} name not alphanumeric"


@family("plate.well-path", "plate")
def _bad_well_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    wells = _plate_block(t)["wells"]
    w = index(draw, wells)
    path = wells[w]["path"]
    row, column = path.split("/")
    bad = draw(
        st.sampled_from(
            [
                f"{row}{column}",
                f"{row}/{column}/0",
                f"/{row}/{column}",
                f"{row}-{column}",
                f"{row}/{column}/",
                f"{row} /{column}",
                "",
            ]
        )
    )
    wells[w]["path"] = bad
    return t.ptr("plate", "wells", w, "path"), f"well path {bad!r}"


@family("plate.well-index", "plate")
def _bad_well_index(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    wells = _plate_block(t)["wells"]
    w = index(draw, wells)
    key = draw(st.sampled_from(["rowIndex", "columnIndex"]))
    wells[w][key] = draw(st.sampled_from([0.5, "0", None, [0]]))
    return t.ptr("plate", "wells", w, key), f"{key!r} is not an integer"


@family("plate.acquisition-id", "plate")
def _bad_acquisition_id(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    acquisitions = _acquisitions(t)
    i = index(draw, acquisitions)
    acquisitions[i]["id"] = draw(st.sampled_from([-1, 0.5, "0", None]))
    return t.ptr("plate", "acquisitions", i, "id"), "an acquisition id that is not >= 0"


@family("plate.acquisition-time", "plate")
def _bad_acquisition_time(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    acquisitions = _acquisitions(t)
    i = index(draw, acquisitions)
    key = draw(st.sampled_from(["starttime", "endtime"]))
    acquisitions[i][key] = draw(st.sampled_from([-1, 1.5, "2020-01-01", None]))
    return t.ptr("plate", "acquisitions", i, key), f"{key!r} is not a timestamp"


@family_per_key(
    {"rows": "plate.unique-row-names", "columns": "plate.unique-column-names"},
    lambda key: f"duplicate_{key[:-1]}_name",
    "plate",
)
def _duplicate_name(draw: st.DrawFn, t: Target, key: str) -> tuple[str, str]:
    entries = _plate_block(t)[key]
    entries.append({"name": entries[index(draw, entries)]["name"]})
    return t.ptr("plate", key, len(entries) - 1, "name"), f"a {key[:-1]} name used twice"


@family("plate.case-insensitive-names", "plate")
def _names_differing_by_case(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    key = draw(st.sampled_from(["rows", "columns"]))
    entries = _plate_block(t)[key]
    name = fresh_name(names_of(entries), "q")
    entries.append({"name": name})
    entries.append({"name": name.upper()})
    return t.ptr("plate", key, len(entries) - 1, "name"), f"{name!r} and {name.upper()!r}"


def _well_index(draw: st.DrawFn, t: Target) -> tuple[Json, list[Json], int, str, str]:
    """(plate, wells, a well's index, its row or column index key, the list it indexes)."""
    plate = _plate_block(t)
    wells = plate["wells"]
    w = index(draw, wells)
    key, noun = draw(st.sampled_from([("rowIndex", "rows"), ("columnIndex", "columns")]))
    return plate, wells, w, key, noun


@family("plate.well-path-matches-row-column", "plate")
def _well_path_mismatch(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    plate, wells, w, key, noun = _well_index(draw, t)
    entries = plate[noun]
    if len(entries) == 1:
        entries.append({"name": fresh_name(names_of(entries), "n")})
    current = wells[w][key]
    other = draw(st.sampled_from([i for i in range(len(entries)) if i != current]))
    wells[w][key] = float(other) if isinstance(current, float) else other  # keep its spelling
    return t.ptr("plate", "wells", w, "path"), f"{key!r} names another {noun[:-1]}"


@family("plate.well-index-in-range", "plate")
def _well_index_out_of_range(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    plate, wells, w, key, noun = _well_index(draw, t)
    beyond = len(plate[noun]) + draw(st.sampled_from([0, 1, 100]))
    wells[w][key] = float(beyond) if isinstance(wells[w][key], float) else beyond
    return t.ptr("plate", "wells", w, key), f"{key!r} beyond the last of the {noun}"


@family("plate.unique-wells", "plate")
def _duplicate_well(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    wells = _plate_block(t)["wells"]
    wells.append(copy.deepcopy(wells[index(draw, wells)]))
    return t.ptr("plate", "wells", len(wells) - 1, "path"), "a well listed twice"


@family("plate.unique-acquisition-ids", "plate")
def _duplicate_acquisition(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    acquisitions = _acquisitions(t)
    acquisitions.append({"id": acquisitions[index(draw, acquisitions)]["id"]})
    where = t.ptr("plate", "acquisitions", len(acquisitions) - 1, "id")
    return where, "an acquisition id used twice"


@family("plate.recommended-fields", "plate")
def _plate_without_recommended(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if draw(st.booleans()):
        keys = ["name", "version"] if get(t.version).block_versions else ["name"]
        _plate_block(t).pop(draw(st.sampled_from(keys)), None)
        return t.ptr("plate"), "a plate without a recommended field"
    acquisitions = _acquisitions(t)
    i = index(draw, acquisitions)
    acquisitions[i].pop(draw(st.sampled_from(["name", "maximumfieldcount"])), None)
    return t.ptr("plate", "acquisitions", i), "an acquisition without a recommended field"


_PLATES_BASES = plate_bases()


def _wells(t: StoreTarget) -> list[str]:
    root = t.ome("")
    assert root is not None
    return [w["path"] for w in root["plate"]["wells"]]


@hierarchy_family("plate.row-exists", _PLATES_BASES)
def _row_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    row = parent(t.pick(draw, _wells(t)))
    t.drop(row)
    t.also.add(("plate.well-exists", ""))
    t.series_also()
    return "", f"row group {row!r} removed"


@hierarchy_family("plate.well-exists", _PLATES_BASES)
def _well_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    well = t.pick(draw, _wells(t))
    t.drop_or_plain(draw, well)
    t.series_also()
    return "", f"well {well!r} removed or made a plain group"


@hierarchy_family("plate.unlisted-group", _PLATES_BASES, listing=True)
def _unlisted_group(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    tree = StoreDocuments(t.version)
    path = (
        "unlistedrow"
        if draw(_values.COIN)
        else join(parent(t.pick(draw, _wells(t))), "unlistedcol")
    )
    tree.group(path)
    t.docs.update(tree.docs)
    return path, f"plain group {path!r} in the plate, listed by no well"
