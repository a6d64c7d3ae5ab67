"""The whole function of a small kind (`_whole`, asked first by `_valid.usual_report`)
answers the general path's report: on drawn labels and bioformats2raw documents of every
version, changed the ways its steps could go wrong (another kind key beside, a label
listed twice, 'omero', a label that is no plain string, an unhashable one, a 'version'
that is no string, extra keys), strict or not, at a node or not, asked twice (the
second time from the kept report). Its parts are held to what they stand in for:
detection's answer from the key alone (`detected_alone`) to `_detect_plain`, each check's
quiet test (`QUIET`) to the check, the joined test of a list of label paths to
``re.search`` of each, and a check registered later is run, not skipped.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas import _valid, validate_attributes
from ome_zarr_schemas._whole import QUIET
from ome_zarr_schemas.issues import Report
from ome_zarr_schemas.rules._registry import CHECKS, Check
from ome_zarr_schemas.rules._rule import Finding
from ome_zarr_schemas.rules.labels import UNIQUE_PATHS
from ome_zarr_schemas.rules.version import _detect_plain, detected_alone
from ome_zarr_schemas.schema.engine import forced
from ome_zarr_schemas.schema.pyverdict import RELATIVE_PATH, verdict_of
from ome_zarr_schemas.testing import attributes
from ome_zarr_schemas.validate import _report

VERSIONS = ["0.4", "0.5", "0.6.dev4", "0.6rc0"]
KINDS = ["labels", "bioformats2raw"]
PAIRS = [(v, k) for v in VERSIONS for k in KINDS]
_OTHER_KEYS = ["multiscales", "image-label", "plate", "well", "series", "scene", "labels"]


class Name(str):
    """A str subclass: no plain JSON."""


def _changed(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """``document`` changed as the whole function's steps could get wrong."""
    ome = document.get("ome", document)
    labels = ome.get("labels")
    change = data.draw(
        st.sampled_from(
            ["none", "twice", "omero", "other kind", "subclass", "unhashable", "version", "x"]
        )
    )
    if change == "twice" and isinstance(labels, list) and labels:
        labels.append(labels[0])
    elif change == "omero":
        ome["omero"] = {"channels": []}
    elif change == "other kind":
        ome[data.draw(st.sampled_from(_OTHER_KEYS))] = data.draw(st.sampled_from([[], {}, 3]))
    elif change == "subclass" and isinstance(labels, list):
        labels.append(Name("a"))
    elif change == "unhashable" and isinstance(labels, list):
        labels.extend([["a"], ["a"]])
    elif change == "version" and "ome" in document:
        ome["version"] = data.draw(st.sampled_from([["0.5"], None, 0.5, "0.6", "0.4"]))
    elif change == "x":
        ome[data.draw(st.sampled_from(["x", "omero", "version"]))] = (1, float("nan"))
    return document


@pytest.mark.parametrize(("version", "kind"), PAIRS)
@given(data=st.data())
def test_the_whole_function_answers_the_general_report(
    version: str, kind: str, data: st.DataObject
) -> None:
    document = _changed(data.draw(attributes(version, kind)), data)
    strict: Any = data.draw(st.sampled_from([False, True, 1]))
    node = data.draw(st.sampled_from(["", "A/1/labels"]))
    with forced("python"):
        general = _report(document, None, strict, node, None, False)
    with forced("compiled"):
        reports = [validate_attributes(document, strict=strict, node=node) for _ in range(2)]
    assert reports[0] == general and reports[1] == general


@pytest.mark.parametrize(("version", "kind"), PAIRS)
@given(data=st.data())
def test_valid_documents_are_answered_by_the_whole_function(
    version: str, kind: str, data: st.DataObject
) -> None:
    """A drawn document holding its kind's key alone is answered by its whole function
    from the second time on (the first keeps the report), with the general report."""
    document = data.draw(attributes(version, kind))
    ome = document.get("ome", document)
    key = "labels" if kind == "labels" else "bioformats2raw.layout"
    alone = detected_alone(version if "ome" in document else None, key)
    with forced("compiled"):
        first = validate_attributes(document)
        table = _valid._WRAPPED[version] if "ome" in document else _valid._TOP
        found = table[key](document, ome, False, "")
    with forced("python"):
        general = _report(document, None, False, "", None, False)
    assert first == general
    if alone is None or detection_kinds(document) != alone[1] or version == "0.6rc0":
        return  # another kind beside, or a plan without a verdict
    assert isinstance(found, Report) and found == general


def detection_kinds(document: dict[str, Any]) -> tuple[str, ...] | None:
    found = _detect_plain(document)
    return None if found is None else found.kinds


@given(
    keys=st.lists(
        st.sampled_from([*_OTHER_KEYS, "bioformats2raw.layout", "omero", "x", "version"]),
        max_size=6,
    ),
    wrapped=st.sampled_from([None, "0.5", "0.6.dev4", "0.6rc0", "0.6", "0.4", "1"]),
    key=st.sampled_from(["labels", "bioformats2raw.layout", "plate", "multiscales", "x"]),
)
def test_detection_from_the_key_alone(keys: list[str], wrapped: str | None, key: str) -> None:
    """Whenever `detected_alone` answers, `_detect_plain` answers the same for every
    document holding the key and none of the other kind keys."""
    alone = detected_alone(wrapped, key)
    if alone is None:
        return
    version, kinds, others, first = alone
    ome: dict[str, Any] = dict.fromkeys(keys, 1) | {key: 1}
    if wrapped is not None:
        ome["version"] = wrapped
    document = ome if wrapped is None else {"ome": ome}
    found = _detect_plain(document)
    if not others.isdisjoint(ome):
        assert found is None or found.kinds != kinds
        return
    assert found is not None
    assert (found.version, found.kinds, list(found.findings)) == (
        version,
        kinds,
        [] if first is None else [first],
    )


@pytest.mark.parametrize(("version", "kind"), [(v, k) for v in VERSIONS[:3] for k in KINDS])
@given(data=st.data())
def test_each_quiet_test_holds_only_when_its_check_finds_nothing(
    version: str, kind: str, data: st.DataObject
) -> None:
    document = _changed(data.draw(attributes(version, kind)), data)
    ome = document.get("ome", document)
    for fn, quiet in QUIET.items():
        try:
            holds = eval(quiet, {}, {"ome": ome})  # our own expression
        except TypeError:
            continue  # the whole function then hands the document on
        if holds:
            assert not list(fn(ome, version))


@given(
    paths=st.lists(
        st.text(alphabet="./a\n\U0001f600", max_size=6)
        | st.sampled_from(["", ".", "..", "a/b", "a//b", "./a", "a/..", "..."]),
        max_size=5,
    )
)
def test_the_joined_path_test_is_the_search_of_each(paths: list[str]) -> None:
    """A list of label paths joined by "/" has their segments: its one test answers as
    ``re.search`` of the pattern on each path."""
    expected = all(re.search(RELATIVE_PATH, p) is not None for p in paths)
    schema = {"type": "array", "items": {"type": "string", "pattern": RELATIVE_PATH}}
    assert verdict_of(schema)(paths) == expected == verdict_of(schema, lean=True)(paths)
    assert not verdict_of(schema)([*paths, Name("a")])  # exact types still


def test_a_check_registered_later_is_run() -> None:
    """Checks registered after the whole function was made (as registration goes: only
    added): one finding nothing is run by the whole function made anew, which answers
    again; one finding something has its finding reported (the function answers None)."""
    document = {"ome": {"version": "0.5", "labels": ["a", "b"]}}
    calls: list[str] = []

    def silent(ome: Any, version: str) -> list[Finding]:
        calls.append(version)
        return []

    def extra(ome: Any, version: str) -> list[Finding]:
        return [UNIQUE_PATHS.finding("/labels/0", "an extra check's finding")]

    answers: list[Any] = []
    with forced("compiled"):
        before = [validate_attributes(document) for _ in range(2)]
        assert before[0].valid and before[1] is before[0]
        try:
            for fn in (silent, extra):
                CHECKS.append(Check(fn, frozenset({"labels"})))
                found = [validate_attributes(document) for _ in range(3)]
                whole = _valid._WRAPPED["0.5"]["labels"]
                answers.append((found, whole(document, document["ome"], False, "")))
        finally:
            del CHECKS[-2:]
        after = validate_attributes(document)
    (quiet, answer), (loud, none) = answers
    assert quiet == before + before[:1] and answer is quiet[2]
    assert len(calls) >= 4  # the usual path once, the whole function three times
    assert all([i.message for i in r.issues] == ["an extra check's finding"] for r in loud)
    assert none is None and after == before[0]


_BLOCK: st.SearchStrategy[Any] = st.sampled_from(
    [None, 1, [], {}, {"version": None}, {"version": "0.4"}, {"x": 1}]
)


@given(
    blocks=st.dictionaries(
        st.sampled_from(["multiscales", "plate", "well", "image-label", "labels", "x"]),
        _BLOCK | st.lists(_BLOCK, max_size=2),
        max_size=4,
    )
)
def test_a_block_version_is_any_block_version(blocks: dict[str, Any]) -> None:
    """Detection's early answer (the first block version found) is `_block_versions`'."""
    from ome_zarr_schemas.rules.version import _a_block_version, _block_versions

    assert _a_block_version(blocks) == bool(_block_versions(blocks))
