"""The quiet tests of document checks (`rules._quiet`): when one holds, the checks it
answers for find nothing; on drawn plates (valid, with the plate checks' traps put in:
repeated and case-folded names, repeated wells and ids, float, bool and out-of-range
indices, paths naming another row, entries that are no dicts) and on mutated documents.
The reports with the tests taken equal those without (`general_only`), and the usual
drawn plate is answered by its test.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.rules._quiet import QUIET_GROUPS, plate_quiet, quiet_checks
from ome_zarr_schemas.rules._registry import checks_for
from ome_zarr_schemas.rules._shortcuts import general_only
from ome_zarr_schemas.testing import Mutation, attributes, invalid_attributes

PLATES = [(v, k) for v in ("0.4", "0.5", "0.6.dev4") for k in ("plate", "bioformats2raw")]

_TRAPS = [
    "none",
    "row twice",
    "row case",
    "well twice",
    "id twice",
    "id 1.0",
    "index float",
    "index 1.5",
    "index bool",
    "index out",
    "path other",
    "entry list",
    "name int",
    "acquisitions dict",
]


def _trapped(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    block = document.get("ome", document).get("plate")
    if not isinstance(block, dict):
        return document
    trap = data.draw(st.sampled_from(_TRAPS))
    rows, wells = block.get("rows") or [], block.get("wells") or []
    acquisitions = block.get("acquisitions") or []
    if trap == "row twice" and rows:
        rows.append(dict(rows[0]))
    elif trap == "row case" and rows and isinstance(rows[0].get("name"), str):
        rows.append({"name": rows[0]["name"].swapcase()})
    elif trap == "well twice" and wells:
        wells.append(dict(wells[0]))
    elif trap == "id twice" and acquisitions:
        acquisitions.append(dict(acquisitions[0]))
    elif trap == "id 1.0":
        block["acquisitions"] = [{"id": 1}, {"id": 1.0}]
    elif trap.startswith("index") and wells:
        key = data.draw(st.sampled_from(["rowIndex", "columnIndex"]))
        value = wells[0].get(key)
        wells[0][key] = {
            "index float": float(value) if isinstance(value, int) else value,
            "index 1.5": 1.5,
            "index bool": True,
            "index out": 99,
        }[trap]
    elif trap == "path other" and wells:
        wells[-1]["path"] = data.draw(st.sampled_from(["A/1", "a/b", "x"]))
    elif trap == "entry list" and rows:
        rows.append(["A"])
    elif trap == "name int" and rows:
        rows[0]["name"] = 1
    elif trap == "acquisitions dict":
        block["acquisitions"] = {"id": 1}
    return document


def _findings(ome: Any, version: str, kinds: tuple[str, ...]) -> list[Any]:
    """The findings of the checks of ``kinds`` that a quiet test answers for."""
    group = frozenset().union(*(checks for _, checks in QUIET_GROUPS))
    return [
        f
        for c in checks_for(kinds)
        if getattr(c.fn, "__wrapped__", c.fn) in group
        for f in c.fn(ome, version)
    ]


@given(data=st.data(), pair=st.sampled_from(PLATES))
def test_a_quiet_plate_has_no_finding_of_its_checks(
    data: st.DataObject, pair: tuple[str, str]
) -> None:
    version, kind = pair
    document = _trapped(data.draw(attributes(version, kind)), data)
    ome = document.get("ome", document)
    kinds = ("plate",)
    if plate_quiet(ome):
        assert _findings(ome, version, kinds) == []
    with general_only():
        assert quiet_checks(kinds) is None
        general = validate_attributes(document)
    assert validate_attributes(document) == general


@pytest.mark.parametrize("version", ["0.4", "0.5", "0.6.dev4"])
@given(data=st.data())
def test_mutated_documents_get_the_same_report_with_the_tests(
    version: str, data: st.DataObject
) -> None:
    mutation: Mutation = data.draw(invalid_attributes(version))
    document = mutation.document
    with general_only():
        general = validate_attributes(document)
    assert validate_attributes(document) == general
    ome = document.get("ome", document) if isinstance(document, dict) else None
    if isinstance(ome, dict):
        for test, _ in QUIET_GROUPS:
            if test(ome):
                assert _findings(ome, version, ("plate",)) == []


def test_the_usual_plate_is_answered_by_its_test() -> None:
    plate = {
        "rows": [{"name": "A"}, {"name": "B"}],
        "columns": [{"name": "1"}],
        "wells": [
            {"path": "A/1", "rowIndex": 0, "columnIndex": 0},
            {"path": "B/1", "rowIndex": 1.0, "columnIndex": 0},
        ],
        "acquisitions": [{"id": 1}, {"id": "2"}],
    }
    assert plate_quiet({"plate": plate})
    steps = quiet_checks(("plate", "bioformats2raw"))
    assert steps is not None and sum(test is plate_quiet for _, test in steps) == 3
    assert quiet_checks(("labels",)) is None
    for broken in (
        {**plate, "rows": [{"name": "A"}, {"name": "a"}]},
        {**plate, "acquisitions": [{"id": 1}, {"id": 1}]},
        {**plate, "wells": [{"path": "B/1", "rowIndex": 0, "columnIndex": 0}]},
    ):
        assert not plate_quiet({"plate": broken})
        assert _findings({"plate": broken}, "0.4", ("plate",))


def test_the_quiet_kinds_are_those_of_the_groups_checks() -> None:
    """A document of another kind asks no quiet test (`QUIET_KINDS`)."""
    from ome_zarr_schemas.rules._quiet import QUIET_KINDS

    assert {"plate"} == QUIET_KINDS
    for kind in ("labels", "well", "image", "bioformats2raw"):
        assert quiet_checks((kind,)) is None
