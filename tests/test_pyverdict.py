"""The generated Python verdict (`schema.pyverdict`) is python-jsonschema's verdict and a
plain-JSON proof in one (the plans' lean form: python-jsonschema's on plain JSON, True on
other values only where it says valid): on the JSON Schema traps (bool is no integer,
1.0 is one, const and enum are JSON equality, pattern is a search, minLength counts code
points, non-finite numbers and Python-only values are no JSON), on Hypothesis values
against each trap schema, and, through the short path (`_valid.valid_report`) and the
general sequence (`_valid.passes_hold`), in the reports of drawn labels and
bioformats2raw documents, which equal the reference engine's alone. The verdict of every
plan on every case, corpus document and draw is checked in ``test_engine_agreement.py``.
"""

from __future__ import annotations

import json
import math
import re
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ome_zarr_schemas._check_issues import check_issue
from ome_zarr_schemas._valid import USES_VERDICT, passes_hold, valid_report
from ome_zarr_schemas.rules.version import _detect_plain
from ome_zarr_schemas.schema.engine import failing_passes, forced, plain_json
from ome_zarr_schemas.schema.pyverdict import (
    RELATIVE_PATH,
    Unsupported,
    json_equal,
    verdict_for,
    verdict_of,
)
from ome_zarr_schemas.testing import attributes
from ome_zarr_schemas.validate import _report, validate_loaded


class Name(str):
    """A str subclass: no plain JSON (the compiled engine would read it as a string)."""


TRAPS: list[Any] = [
    {"type": "integer"},
    {"type": "number", "minimum": 0, "maximum": 2},
    {"type": ["string", "null"]},
    {"type": "boolean"},
    {"const": 1},
    {"const": True},
    {"const": None},
    {"const": "0.5"},
    {"const": [1, {"a": True}]},
    {"enum": [False, "x", None, 2.5, {"k": [1]}]},
    {"pattern": "b"},
    {"pattern": "^a+$"},
    {"minLength": 2, "maxLength": 3},
    {"minItems": 1, "maxItems": 2},
    {"contains": {"type": "string"}},
    {"contains": {"type": "string"}, "minContains": 2, "maxContains": 3},
    {"contains": {"type": "string"}, "minContains": 0},
    {"prefixItems": [{"type": "string"}, {"const": 1}], "items": {"type": "integer"}},
    {"items": {"type": "number"}},
    {"not": {"type": "null"}},
    {"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"type": "integer"}},
    {"if": {"required": ["a"]}, "then": {"required": ["b"]}},
    {"oneOf": [{"type": "integer"}, {"minimum": 2}]},
    {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    {"allOf": [{"minimum": 1}, {"maximum": 3}]},
    {"propertyNames": {"pattern": "^a"}},
    {"properties": {"a": {"type": "integer"}}, "additionalProperties": False},
    {"properties": {"a": {}}, "additionalProperties": {"type": "string"}},
    {"type": "object", "required": ["a"], "properties": {"a": {"type": "array"}}},
    {"title": "annotations only", "x-rule": "r", "description": "d"},
    True,
    False,
]

VALUES: list[Any] = [
    True,
    False,
    0,
    1,
    1.0,
    1.5,
    -0.0,
    2,
    2.5,
    3,
    10**400,
    "",
    "a",
    "ab",
    "abc",
    "ba",
    "x",
    "0.5",
    "\U0001f600",
    "\U0001f600\U0001f600",
    None,
    [],
    [1],
    [1.0, {"a": True}],
    [True, {"a": True}],
    [1, {"a": 1}],
    ["a", 1],
    ["a", 1, 2],
    ["a", "b"],
    ["a", "b", "c", "d"],
    {},
    {"a": 1},
    {"a": 1.0},
    {"a": []},
    {"a": 1, "b": 2},
    {"b": 1},
    {"a": "x", "c": "y"},
    {"k": [1.0]},
    {"k": [True]},
    # no plain JSON: the verdict must say no
    math.inf,
    -math.inf,
    math.nan,
    [math.nan],
    {"a": math.inf},
    (1,),
    ["a", (1,)],
    {1: 2},
    {"a": {1, 2}},
    Name("ab"),
    {Name("a"): 1},
    OrderedDict(a=1),
]


def _expected(schema: Any, value: Any) -> bool:
    return bool(Draft202012Validator(schema).is_valid(value) and plain_json(value))


def _held(schema: Any, value: Any, said: bool) -> bool:
    """The plans' (lean) form: python-jsonschema's verdict on plain JSON, and on any
    other value True only when python-jsonschema says valid (a Python-only value where
    no schema looks is not read)."""
    valid = bool(Draft202012Validator(schema).is_valid(value))
    return said == valid if plain_json(value) else (valid or not said)


@pytest.mark.parametrize("schema", TRAPS, ids=[json.dumps(s) for s in TRAPS])
def test_the_traps(schema: object) -> None:
    verdict = verdict_of(schema)
    wrong = [v for v in VALUES if verdict(v) != _expected(schema, v)]
    assert not wrong, wrong
    unproved = verdict_of(schema, lean=True)
    wrong = [v for v in VALUES if not _held(schema, v, unproved(v))]
    assert not wrong, wrong


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.sampled_from([1.0, 2.5, -0.0, 0.5])
    | st.text(alphabet="ab\U0001f600", max_size=4),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet="abk", max_size=2), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(schema=st.sampled_from(TRAPS), value=_JSON)
def test_drawn_values_against_the_traps(schema: object, value: Any) -> None:
    assert verdict_of(schema)(value) == _expected(schema, value)
    assert _held(schema, value, verdict_of(schema, lean=True)(value))


_ODD = [math.nan, math.inf, (1,), {1: 2}, {1, 2}, Name("a"), OrderedDict(a=1), object()]


@pytest.mark.parametrize(
    ("version", "kind"),
    [
        ("0.4", "labels"),
        ("0.5", "labels"),
        ("0.4", "bioformats2raw"),
        ("0.6.dev4", "bioformats2raw"),
    ],
)
@given(data=st.data())
def test_values_no_schema_reads_need_no_proof(version: str, kind: str, data: st.DataObject) -> None:
    """A Python-only value under a key no schema constrains: the verdict answers valid
    without reading it, as python-jsonschema does, and the report is the reference's."""
    document = data.draw(attributes(version, kind))
    odd = data.draw(st.sampled_from(_ODD))
    data.draw(st.sampled_from([document, document.get("ome", document)]))["x-odd"] = odd
    with forced("python"):
        reference = _report(document, None, False, "", None, False)
    with forced("compiled"):
        assert validate_loaded(document) == reference


_PATHS = [
    "",
    ".",
    "..",
    "...",
    "/",
    "a",
    "a/",
    "/a",
    "a//b",
    "a/./b",
    "a/../b",
    "a/...",
    ".a/b.",
    "a\n",
    "\n",
    "./",
    "../a",
    "a/.",
    "a/..",
    "ab/cd/ef",
    "\U0001f600/.\n",
]


@given(path=st.text(alphabet="./a\n\U0001f600", max_size=8) | st.sampled_from(_PATHS))
def test_the_relative_path_pattern_by_string_operations(path: str) -> None:
    """The pattern of label and well paths is answered without `re` (`_PATTERN_TESTS`),
    as ``re.search`` answers it, lean or not."""
    expected = re.search(RELATIVE_PATH, path) is not None
    schema = {"pattern": RELATIVE_PATH}
    assert verdict_of(schema)(path) == expected == verdict_of(schema, lean=True)(path)
    assert verdict_of({"items": schema})([path, "a"]) == expected


def test_json_equality() -> None:
    assert json_equal(1, 1.0) and json_equal([1, {"a": 2}], [1.0, {"a": 2.0}])
    assert not json_equal(True, 1) and not json_equal(1, True) and not json_equal(0, False)
    assert not json_equal([1], {"a": 1}) and not json_equal({"a": 1}, {"a": 1, "b": 2})
    assert not json_equal("1", 1) and json_equal(None, None) and not json_equal(None, 0)


@pytest.mark.parametrize(
    "schema",
    [{"uniqueItems": True}, {"patternProperties": {"a": {}}}, {"items": [{}]}, {"type": "x"}],
)
def test_what_it_does_not_translate_is_no_verdict(schema: object) -> None:
    with pytest.raises(Unsupported):
        verdict_of(schema)


def test_a_ref_cycle_is_no_verdict() -> None:
    """0.6rc0 transformations nest: that plan keeps the compiled path."""
    assert verdict_for("0.6rc0", ("image",)) is None
    assert verdict_for("0.5", ("labels",)) is not None


_SHORT_KINDS = [(v, k) for v in ("0.4", "0.5", "0.6.dev4") for k in sorted(USES_VERDICT)]


@pytest.mark.parametrize(("version", "kind"), _SHORT_KINDS)
@given(data=st.data())
def test_valid_documents_take_the_verdict_and_get_the_general_report(
    version: str, kind: str, data: st.DataObject
) -> None:
    document = data.draw(attributes(version, kind))
    strict = data.draw(st.booleans())
    node = data.draw(st.sampled_from(["", "A/1"]))
    if data.draw(st.booleans()):  # a label listed twice: the check's finding, no cache
        labels = document.get("ome", document).get("labels")
        if isinstance(labels, list) and labels:
            labels.append(labels[0])
    with forced("compiled"):
        detection = _detect_plain(document)
        assert detection is not None
        version_, kinds = detection.version, detection.kinds
        assert version_ is not None
        short = valid_report(document, detection, strict, node, check_issue)
        again = validate_loaded(document, strict=strict, node=node)
        forced_version = validate_loaded(document, version=version_, strict=strict, node=node)
        failing = failing_passes(document, version_, kinds)
    with forced("python"):  # the switch turns the verdict off with the compiled engine
        assert valid_report(document, detection, strict, node, check_issue) is None
        assert not passes_hold(document, version_, kinds)
        general = _report(document, None, strict, node, None, False)  # the reference alone
        reference = _report(document, version_, strict, node, None, False)
    assert forced_version == reference  # the general sequence decided by the verdict
    # the verdict answers exactly when no schema pass fails (a plate beside the layout
    # may break a SHOULD: the general sequence then words it)
    assert (short is None) == (bool(failing) or not USES_VERDICT.issuperset(kinds))
    assert again == general and short in (None, general)
    assert again.valid == general.valid


_KEYS = ["multiscales", "image-label", "labels", "plate", "well", "bioformats2raw.layout"]


@given(
    keys=st.lists(
        st.sampled_from([*_KEYS, "series", "scene", "omero", "x", "version"]), max_size=9
    ),
    version=st.sampled_from(["0.4", "0.5", "0.6.dev4", "0.6rc0"]),
)
def test_kinds_by_the_document_keys_are_the_tables(keys: list[str], version: str) -> None:
    """`_kinds` looks a small document's own keys up: the kinds of the version's table,
    in its order, as the test per kind finds them."""
    from ome_zarr_schemas.rules.version import _KIND_TABLE, _kinds

    ome = dict.fromkeys(keys, 1)
    assert _kinds(ome, version) == tuple(k for key, k in _KIND_TABLE[version] if key in ome)


def test_kept_reports_are_per_strict_and_node_and_only_for_bools() -> None:
    """The kept valid report is the general path's for each (strict, node); a strict that
    is no bool gets a report of its own, as before the short path kept any."""
    from ome_zarr_schemas import validate_attributes

    document = {"ome": {"version": "0.5", "labels": ["a", "b"]}}
    with forced("compiled"):
        strict: Any
        for strict in (False, True, 1, "yes"):
            for node in ("", "x/labels"):
                report = validate_attributes(document, strict=strict, node=node)
                assert report.strict is strict and report == _report(
                    document, None, strict, node, None, False
                )
        first = validate_attributes({"ome": {"version": "0.5", "labels": ["c"]}})
        assert validate_attributes(document) is first  # kept, never keyed by the document


@pytest.mark.parametrize(("version", "kind"), _SHORT_KINDS)
@given(data=st.data())
def test_the_usual_report_is_the_general_one(version: str, kind: str, data: st.DataObject) -> None:
    """`usual_report` (detection and the plan's fused call in one frame, what
    `validate_attributes` asks first) answers the general path's report, or detection's
    answer for `quick_report` to go on with: asked twice, the second time from the kept
    reports."""
    from ome_zarr_schemas._valid import usual_report
    from ome_zarr_schemas.issues import Report

    document = data.draw(attributes(version, kind))
    strict: Any = data.draw(st.sampled_from([False, True, 1]))  # 1: a non-bool strict
    node = data.draw(st.sampled_from(["", "A/1"]))
    if data.draw(st.booleans()):  # a label listed twice: the check's finding
        labels = document.get("ome", document).get("labels")
        if isinstance(labels, list) and labels:
            labels.append(labels[0])
    with forced("python"):
        general = _report(document, None, strict, node, None, False)
    with forced("compiled"):
        answers = [usual_report(document, strict, node, check_issue) for _ in range(2)]
    for found in answers:
        if isinstance(found, Report):
            assert found == general
        else:
            assert found == _detect_plain(document)
