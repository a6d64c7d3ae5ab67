"""The short path of `validate_attributes` (`_quick.quick_report`) gives the general path's
report, issue for issue, and is the path the usual documents take; the checks' shortcut
(`distinct_strings`) says "nothing repeats" exactly when `duplicates` finds nothing, and
the plate check's (`_paths_match`) "every well is where its path says" only where the
well-by-well check finds nothing.

Drawn documents of every version and kind, valid and mutated, the documents the
benchmarks time (kinds with SHOULD findings among them), strict or not, placed at a node
or not, parsed or built in Python: the report of `validate_loaded` (short path first)
equals the general path's (`validate._report`), field by field and in order, under the
compiled engine and under the reference engine.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas._quick import quick_report
from ome_zarr_schemas.issues import Issue, Report, Severity
from ome_zarr_schemas.rules._util import distinct_strings, duplicates
from ome_zarr_schemas.rules.plate import (
    _each_well,
    _names,
    _paths_match,
    wells_match_rows_and_columns,
)
from ome_zarr_schemas.schema import direct
from ome_zarr_schemas.schema.engine import failing_passes, forced
from ome_zarr_schemas.testing import Mutation, attributes, available, invalid_attributes
from ome_zarr_schemas.validate import _explained_directly, _report, validate_loaded

PAIRS = list(available())
VERSIONS = sorted({v for v, _ in PAIRS})
ENGINES = ["compiled", "python"]


def _shown(report: Report) -> list[Any]:
    return [i.to_dict() for i in report.issues] + [
        report.valid,
        report.strict,
        report.version,
        list(report.kinds),
    ]


def _same(document: Any, strict: bool, node: str, parsed: bool) -> None:
    general = _report(document, None, strict, node, None, parsed)
    short = validate_loaded(document, strict=strict, node=node, parsed=parsed)
    assert _shown(short) == _shown(general)


_OPTIONS = st.tuples(st.booleans(), st.sampled_from(["", "A/1"]), st.booleans())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=[f"{v}-{k}" for v, k in PAIRS])
@given(data=st.data())
def test_drawn_documents_get_the_general_report(
    engine: str, version: str, kind: str, data: st.DataObject
) -> None:
    document = data.draw(attributes(version, kind))
    strict, node, parsed = data.draw(_OPTIONS)
    if parsed:
        document = json.loads(json.dumps(document))
    with forced(engine):
        _same(document, strict, node, parsed)
        taken = quick_report(document, strict, node, parsed, _explained_directly)
    assert taken is not None  # a valid document of a known version takes the short path


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_broken_documents_get_the_general_report(
    engine: str, version: str, data: st.DataObject
) -> None:
    mutation: Mutation = data.draw(invalid_attributes(version))
    strict, node, _ = data.draw(_OPTIONS)
    with forced(engine):
        _same(mutation.document, strict, node, False)


#: Documents that take the short path and have findings of every source: detection
#: ("version assumed"), a SHOULD pass worded from the compiled errors, a MUST pass, a
#: document check, and Python values only the reference engine reads.
DOCUMENTS: dict[str, Any] = {
    "0.4 plate, SHOULD": {
        "plate": {
            "rows": [{"name": "A"}],
            "columns": [{"name": "1"}, {"name": "1"}],
            "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
        }
    },
    "0.5 bioformats2raw with a plate": {
        "ome": {
            "version": "0.5",
            "bioformats2raw.layout": 3,
            "plate": {
                "rows": [{"name": "A"}],
                "columns": [{"name": "1"}],
                "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
                "acquisitions": [{"id": 1}, {"id": 1}],
            },
        }
    },
    "0.4 labels, repeated": {"labels": ["a", "a", 1, True, 1.0]},
    "0.5 labels, MUST": {"ome": {"version": "0.5", "labels": "cells"}},
    "0.5 well, tuple": {"ome": {"version": "0.5", "well": {"images": ({"path": "0"},)}}},
    "0.4 labels, nan": {"labels": ["a"], "x": float("nan")},
    "0.5 labels, omero": {"ome": {"version": "0.5", "labels": ["a"], "omero": {}}},
    "0.4 image and labels, block version": {"multiscales": [{"version": "0.4"}], "labels": ["a"]},
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(DOCUMENTS))
@pytest.mark.parametrize("strict", [False, True])
def test_chosen_documents_get_the_general_report(engine: str, name: str, strict: bool) -> None:
    document = DOCUMENTS[name]
    with forced(engine):
        _same(document, strict, "", False)
        report = quick_report(document, strict, "", False, _explained_directly)
    assert report is not None and report.issues  # taken, and it found something


@pytest.mark.parametrize(
    "document",
    [
        {"ome": {"labels": ["a"]}},  # no version: the general path says what to add
        {"ome": {"version": "0.6", "labels": ["a"]}},  # a draft alias
        {"ome": {"version": 0.5, "labels": ["a"]}},
        {"ome": []},
        {"x": 1},  # no OME-Zarr metadata
    ],
)
def test_what_the_short_path_leaves_to_the_general_one(document: dict[str, Any]) -> None:
    assert quick_report(document, False, "", False, _explained_directly) is None
    assert _shown(validate_attributes(document)) == _shown(
        _report(document, None, False, "", None, False)
    )


_NAMES = st.lists(
    st.sampled_from(["A", "a", "B", "ß", "SS", "ss", "\u0130", "i̇"])
    | st.text(max_size=3)
    | st.integers(-1, 1)
    | st.booleans()
    | st.none(),
    max_size=6,
)


@given(names=_NAMES)
def test_distinct_strings_is_what_duplicates_would_find(names: list[Any]) -> None:
    """The checks' shortcut: all strings and none repeated (up to case when folded) is
    exactly when `duplicates` finds nothing among strings only."""
    texts = all(type(n) is str for n in names) and bool(names)
    exact = not list(duplicates(enumerate(names)))
    folded = not list(duplicates((i, n.casefold()) for i, n in enumerate(names) if texts))
    assert distinct_strings(names) == (texts and exact)
    assert distinct_strings(names, folded=True) == (texts and exact and folded)


def _plates(version: str) -> st.SearchStrategy[Any]:
    drawn = attributes(version, "plate")
    broken = invalid_attributes(version, kind="plate").map(lambda m: m.document)
    return (drawn | broken).map(lambda d: d.get("ome", d) if isinstance(d, dict) else {})


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_wells_matched_at_once_have_no_finding(version: str, data: st.DataObject) -> None:
    """The plate check's shortcut (`_paths_match`) holds only where the well-by-well
    check finds nothing, and the check's findings are the well-by-well ones."""
    ome = data.draw(_plates(version))
    plate = ome.get("plate") if isinstance(ome, dict) else None
    if not isinstance(plate, dict):
        return
    rows, columns = _names(plate, "rows"), _names(plate, "columns")
    one_by_one = list(_each_well(plate.get("wells"), rows, columns))
    if _paths_match(plate.get("wells"), rows, columns):
        assert one_by_one == []
    assert list(wells_match_rows_and_columns(plate, version)) == one_by_one


def test_wells_matched_at_once() -> None:
    rows: list[object] = ["A", "B"]
    columns: list[object] = ["1"]
    wells = [{"path": "B/1", "rowIndex": 1, "columnIndex": 0}]
    assert _paths_match(wells, rows, columns)
    for other in ({"rowIndex": 1.0}, {"rowIndex": True}, {"rowIndex": 2}, {"path": "A/1"}):
        assert not _paths_match([{**wells[0], **other}], rows, columns)
    assert not _paths_match(wells, ["A", 1], columns)


_ISSUE = st.builds(
    Issue,
    rule=st.sampled_from(["a.x", "b.y"]),
    severity=st.sampled_from(list(Severity)),
    message=st.sampled_from(["m", "n"]),
    node=st.sampled_from(["", "A"]),
    pointer=st.sampled_from(["", "/a"]),
    spec_url=st.sampled_from([None, "u"]),
)


@given(issues=st.lists(_ISSUE, min_size=2, max_size=2))
def test_a_pair_of_issues_is_merged_and_sorted_as_any_list(issues: list[Issue]) -> None:
    """`Report.from_issues` of two issues (at once) is the general merge and sort."""
    unique = {(i.node, i.pointer, i.rule, i.message): i for i in issues}
    assert Report.from_issues(issues).issues == tuple(sorted(unique.values(), key=Issue.sort_key))
    assert Report.from_issues(tuple(issues)).issues == Report.from_issues(iter(issues)).issues


@pytest.mark.parametrize("parsed", [False, True])
@pytest.mark.parametrize("number", [math.inf, -math.inf, math.nan])
def test_a_non_finite_number_goes_to_the_reference_either_way(number: float, parsed: bool) -> None:
    """Parsed, the typed guard of the compiled schema finds it; built in Python, the
    compiled schema has no guard and `plain_json` finds it: no verdict either way."""
    document = {"ome": {"version": "0.5", "well": {"images": [{"path": "0", "acquisition": 1}]}}}
    document["ome"]["well"]["images"][0]["acquisition"] = number  # type: ignore[index]
    with forced("compiled"):
        found = failing_passes(document, "0.5", ("well",), parsed=parsed)
    assert found and all(f.locations is None for f in found)


def test_remembered_wording_is_the_reference_one() -> None:
    """Findings of passes failing by ``required`` alone are worded once per key
    (`direct._REQUIRED`): documents lacking other names, at other nodes or places, still
    get the reference engine's own findings, remembered or not."""
    plates: list[dict[str, Any]] = [
        {"plate": {"rows": [], "columns": [], "wells": [], **extra}}
        for extra in ({}, {"name": "p"}, {"version": "0.4"}, {"name": "p", "version": "0.4"})
    ]
    plates.append({"plate": {**plates[0]["plate"], "acquisitions": [{"id": 1}, {"id": 2}]}})
    for _ in range(2):  # the second round from the remembered findings
        for document in plates:
            for node in ("", "A/1"):
                with forced("python"):
                    reference = _shown(validate_attributes(document, node=node))
                with forced("compiled"):
                    assert _shown(validate_attributes(document, node=node)) == reference
        assert direct._REQUIRED
