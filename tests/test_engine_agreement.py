"""The compiled engine (jsonschema-rs) and the reference engine (python-jsonschema) agree.

Verdict by verdict: for every schema pass (kind, MUST or SHOULD) of every document, the
compiled verdict equals the reference one, and the generated Python verdict of the
document's plan (`schema.pyverdict`, wherever it can be written) is "every pass valid and
the document plain JSON". Then the findings users see: a document
validated with the compiled engine in front (deciding, then focusing the explanation on
the places it found errors) gives exactly the issues of the reference engine alone. The
documents: every case of our suites, every document of the official corpora (skipped
with a reason when they are absent), and Hypothesis draws, valid and broken, of every
version and kind. Documents the compiled engine must not decide (non-finite numbers,
values built in Python that JSON has no name for) are checked to go to the reference
engine, and the fallback when jsonschema-rs is off is run as the real thing.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.schema import direct, engine
from ome_zarr_schemas.schema.engine import LEVELS, failing_passes, forced, plain_json
from ome_zarr_schemas.schema.findings import schema_issues
from ome_zarr_schemas.schema.pyverdict import verdict_for
from ome_zarr_schemas.schema.registry import validator_for
from ome_zarr_schemas.testing import Mutation, attributes, available, invalid_attributes
from ome_zarr_schemas.validate import validate_loaded

from .test_bundles import Doc, _docs, _sources

PAIRS = list(available())
PAIR_IDS = [f"{v}-{k}" for v, k in PAIRS]
VERSIONS = sorted({v for v, _ in PAIRS})


def _issues(document: Any, version: str | None, strict: bool, name: str, parsed: bool) -> list[str]:
    """The report's issues, in its order, every field of each."""
    with forced(name):
        report = validate_loaded(document, version=version, strict=strict, parsed=parsed)
    return [json.dumps(i.to_dict(), sort_keys=True) for i in report.issues] + [str(report.valid)]


def _passes(document: Any, version: str | None) -> tuple[str, list[tuple[str, str]]] | None:
    """The document's version and schema passes, or None when no schema runs on it."""
    if not isinstance(document, Mapping):
        return None
    detection = detect(document, version)
    if detection.version is None or detection.ome is None:
        return None
    return detection.version, [(k, lv) for k in detection.kinds for lv in LEVELS]


def disagreements(
    document: Any, version: str | None = None, strict: bool = False, parsed: bool = False
) -> list[str]:
    """Where the engines part on ``document``: pass verdicts, then reported issues
    (``parsed``: as the store reader and the CLI validate a document they parsed)."""
    problems: list[str] = []
    found = _passes(document, version)
    if found is not None:
        detected, passes = found
        with forced("compiled"):
            compiled = failing_passes(document, detected, tuple(k for k, _ in passes[::2]))
        decided = all(f.locations is not None for f in compiled)
        failing = {(f.kind, f.level) for f in compiled}
        verdicts = []
        for kind, level in passes:
            reference = validator_for(detected, kind, level).is_valid(document)
            verdicts.append(reference)
            if decided and reference != ((kind, level) not in failing):
                problems.append(f"{detected} {kind} {level}: reference valid={reference}")
        kinds = tuple(k for k, _ in passes[::2])
        generated = verdict_for(detected, kinds)  # every plan it can write, not only those used
        expected = all(verdicts)  # exact on plain JSON; elsewhere True only when valid
        said = None if generated is None else generated(document)
        if said is not None and said != expected and (said or plain_json(document)):
            problems.append(f"{detected} {kinds}: generated verdict is not {expected}")
    python = _issues(document, version, strict, "python", parsed)
    compiled_issues = _issues(document, version, strict, "compiled", parsed)
    if python != compiled_issues:
        problems.append(f"issues differ:\n  python   {python}\n  compiled {compiled_issues}")
    return problems


@pytest.mark.parametrize("source", _sources())
def test_engines_agree_on_every_case_and_corpus_document(source: str) -> None:
    docs: list[Doc] = _docs(source)
    assert docs
    problems = [
        f"{d.id}: {p}"
        for d in docs
        for p in disagreements(json.loads(json.dumps(d.document)), d.version, d.strict, True)
    ]
    assert not problems, "\n".join(problems[:10])


@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=PAIR_IDS)
@given(data=st.data())
def test_engines_agree_on_generated_documents(version: str, kind: str, data: st.DataObject) -> None:
    document = data.draw(attributes(version, kind))
    assert not disagreements(document)


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_engines_agree_on_broken_documents(version: str, data: st.DataObject) -> None:
    mutation: Mutation = data.draw(invalid_attributes(version))
    assert not disagreements(mutation.document, mutation.version)


def _image(scale: Any) -> dict[str, Any]:
    axis = {"type": "space", "unit": "micrometer"}
    scales = [{"type": "scale", "scale": scale}]
    image = {
        "name": "a",
        "type": "gaussian",
        "metadata": {},
        "axes": [{"name": "y", **axis}, {"name": "x", **axis}],
        "datasets": [{"path": "0", "coordinateTransformations": scales}],
    }
    return {"ome": {"version": "0.5", "multiscales": [image]}}


def _with(document: dict[Any, Any], key: object, value: object) -> dict[Any, Any]:
    document[key] = value
    return document


NON_JSON = {
    "inf": _image([math.inf, 1.0]),
    "-inf": _image([-math.inf, 1.0]),
    "nan": _image([math.nan, 1.0]),
    "huge int": _image([10**400, 1]),
    "tuple": _image((1.0, 1.0)),
    "tuple axes": {"ome": {**_image([1.0, 1.0])["ome"], "multiscales": ({"name": "a"},)}},
    "int key": _with(_image([1.0, 1.0]), 1, "x"),
    "set": {"ome": {**_image([1.0, 1.0])["ome"], "extra": {1, 2}}},
}


@pytest.mark.parametrize("name", list(NON_JSON))
def test_documents_json_has_no_name_for_agree(name: str) -> None:
    """Non-finite numbers (exclusiveMinimum and friends read them apart), huge integers,
    tuples and other Python values: the compiled engine leaves what it would read
    differently to the reference engine, and the findings are the reference ones."""
    assert not disagreements(NON_JSON[name])


@pytest.mark.parametrize("name", ["inf", "-inf", "nan", "tuple", "tuple axes", "int key", "set"])
def test_the_compiled_engine_does_not_decide_what_it_would_read_apart(name: str) -> None:
    with forced("compiled"):
        found = failing_passes(NON_JSON[name], "0.5", ("image",))
    assert found and all(f.locations is None for f in found)


def test_the_guards_matter() -> None:
    """What the guards are for: unguarded, jsonschema-rs reads a tuple as an array and
    lets -inf pass a minimum, where python-jsonschema does neither."""
    import jsonschema_rs
    from jsonschema import Draft202012Validator

    with forced("compiled"):
        assert failing_passes(NON_JSON["tuple"], "0.5", ("image",), parsed=True) == []
    assert not validator_for("0.5", "image").is_valid(NON_JSON["tuple"])
    bounded = {"exclusiveMinimum": 0}
    assert jsonschema_rs.Draft202012Validator(bounded).is_valid(-math.inf)
    assert not Draft202012Validator(bounded).is_valid(-math.inf)


def test_the_compiled_engine_decides_and_locates() -> None:
    valid = _image([0.5, 0.5])
    with forced("compiled"):
        assert failing_passes(valid, "0.5", ("image",)) == []
        broken = _image([0.5, 0.5])
        del broken["ome"]["multiscales"][0]["name"]
        broken["ome"]["multiscales"][0]["axes"][0]["type"] = 3
        found = failing_passes(broken, "0.5", ("image",))
    assert [(f.kind, f.level) for f in found] == [("image", "must"), ("image", "should")]
    must, should = found
    assert must.locations is not None and should.locations is not None
    assert ["ome", "multiscales", 0, "axes", 0, "type"] in [list(p) for p in must.locations]
    assert ["ome", "multiscales", 0] in [list(p) for p in should.locations]


def test_fallback_without_the_compiled_engine_is_the_reference() -> None:
    """OME_ZARR_SCHEMAS_ENGINE=python (as where jsonschema-rs cannot load) gives the
    same reports, in a process of its own."""
    script = (
        "import json, sys\n"
        "from ome_zarr_schemas import validate_attributes\n"
        "from ome_zarr_schemas.schema.engine import engine_name\n"
        "doc = json.loads(sys.argv[1])\n"
        "r = validate_attributes(doc)\n"
        "print(json.dumps([engine_name(), r.valid, sorted(i.rule for i in r.issues),"
        " 'jsonschema_rs' in sys.modules]))\n"
    )
    broken = _image([0.5, 0.5])
    broken["ome"]["multiscales"][0]["axes"][0]["type"] = 3
    runs = {}
    for name in ("python", "compiled"):
        done = subprocess.run(
            [sys.executable, "-c", script, json.dumps(broken)],
            env={**_env(), engine.ENGINE_ENV: name},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        runs[name] = json.loads(done.stdout)
    assert runs["python"][0] == "python" and runs["compiled"][0] == "compiled"
    assert runs["python"][1:3] == runs["compiled"][1:3]
    assert runs["python"][1] is False and "axes.structure" in runs["python"][2]
    assert runs["python"][3] is False  # the fallback never loads jsonschema-rs


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"), forced("rust"):
        pass


PLAIN = [
    ({"a": [1.0, 2.0]}, True),
    ({"a": [1e308, 1e308]}, True),  # finite, though their sum is not
    ({"a": [10**400, 1.0]}, True),  # a huge int: both engines compare it exactly
    ({"a": {"b": [{"c": 1.5, "d": None, "e": True}]}}, True),
    ({}, True),
    ({"a": [1.0, math.inf]}, False),
    ({"a": [math.inf, -math.inf]}, False),
    ({"a": [1e308, "x", math.nan]}, False),
    ({"a": {"b": [{"c": math.nan}]}}, False),
    ({"a": (1,)}, False),
    ({1: 2}, False),
    ({"a": {1, 2}}, False),
]


@pytest.mark.parametrize(("value", "plain"), PLAIN, ids=[repr(v) for v, _ in PLAIN])
def test_plain_json(value: Any, plain: bool) -> None:
    assert engine.plain_json(value) is plain


def _worded(document: Any, version: str | None) -> tuple[int, list[str]]:
    """How many failing passes of ``document`` `schema.direct` words from the compiled
    errors, and where its findings differ from the reference engine's for that pass."""
    found = _passes(document, version)
    if found is None:
        return 0, []
    detected, passes = found
    with forced("compiled"):
        failing = failing_passes(document, detected, tuple(k for k, _ in passes[::2]))
    count, problems = 0, []
    for failure in failing:
        worded = direct.explain(document, detected, failure, "")
        if worded is None:
            continue
        count += 1
        reference = schema_issues(document, detected, failure.kind, failure.level, "")
        if set(worded) != set(reference):
            problems.append(f"{failure.kind} {failure.level}: {worded} != {list(reference)}")
    return count, problems


@pytest.mark.parametrize("source", _sources())
def test_passes_worded_from_compiled_errors_equal_the_reference(source: str) -> None:
    """Pass by pass (before the report merges equal findings): what `schema.direct`
    words from jsonschema-rs's errors is what python-jsonschema finds, and it does word
    many of the failing passes (the path is taken, not only allowed)."""
    worded = 0
    problems: list[str] = []
    for doc in _docs(source):
        count, found = _worded(json.loads(json.dumps(doc.document)), doc.version)
        worded += count
        problems.extend(f"{doc.id}: {p}" for p in found)
    assert not problems, "\n".join(problems[:10])
    assert worded >= (100 if source == "cases" else 1)


@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=PAIR_IDS)
@given(data=st.data())
def test_passes_worded_from_compiled_errors_on_drawn_documents(
    version: str, kind: str, data: st.DataObject
) -> None:
    document = data.draw(attributes(version, kind))
    assert not _worded(document, None)[1]
    mutation: Mutation = data.draw(invalid_attributes(version))
    assert not _worded(mutation.document, mutation.version)[1]


def test_what_only_the_reference_engine_words_goes_to_it() -> None:
    """A failure of ``minContains`` (the reference engine raises it from ``contains``)
    is not worded from the compiled errors; a missing SHOULD field is."""
    broken = _image([0.5, 0.5])
    del broken["ome"]["multiscales"][0]["name"]
    broken["ome"]["multiscales"][0]["datasets"][0]["coordinateTransformations"] = [
        {"type": "bogus"}
    ]
    with forced("compiled"):
        must, should = failing_passes(broken, "0.5", ("image",))
    assert direct.explain(broken, "0.5", must, "") is None
    worded = direct.explain(broken, "0.5", should, "")
    assert worded is not None
    assert [(i.rule, i.pointer) for i in worded] == [
        ("multiscales.recommended-fields", "/ome/multiscales/0")
    ]
    assert set(worded) == set(schema_issues(broken, "0.5", "image", "should", ""))
