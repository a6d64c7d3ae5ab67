"""Typed models give back what they were given: parse, then to_dict, is the identity.

Every valid document of our 0.4/0.5 suites and of the official corpora must round-trip
exactly (compared as canonical JSON too, so 3.0 never becomes 3 nor true becomes 1), and
every invalid one must raise `InvalidMetadataError` carrying the full report.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ome_zarr_schemas import InvalidMetadataError, parse_attributes
from ome_zarr_schemas.models import to_json

from ._support import corpus_root, iter_cases, require_corpus
from .test_corpus_v04_v05 import VERSIONS, load_corpus, load_defects

SUITE_CASES = [c for c in iter_cases() if c.version in VERSIONS]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _assert_round_trip(document: Any, version: str | None, strict: bool) -> None:
    parsed = parse_attributes(document, version=version, strict=strict)
    assert parsed.kinds
    assert parsed.to_dict() == document
    assert _canonical(parsed.to_dict()) == _canonical(document)
    for kind in parsed.kinds:  # each kind's object covers the whole document
        assert _canonical(to_json(parsed[kind])) == _canonical(document), kind


def _assert_raises(document: Any, version: str | None, strict: bool) -> None:
    with pytest.raises(InvalidMetadataError) as raised:
        parse_attributes(document, version=version, strict=strict)
    report = raised.value.report
    assert not report.valid and report.issues
    assert report.best() is not None and report.best().rule in str(raised.value)  # type: ignore[union-attr]


@pytest.mark.parametrize("case", SUITE_CASES, ids=[c.id for c in SUITE_CASES])
def test_suite_case(case: Any) -> None:
    if case.valid:
        _assert_round_trip(case.document, case.force_version, case.strict)
    else:
        _assert_raises(case.document, case.force_version, case.strict)


def _corpus_params() -> list[Any]:
    root = corpus_root()
    params = []
    for version in VERSIONS:
        folder = root / f"ngff-{version}" if root else None
        if folder is None or not folder.is_dir():
            params.append(pytest.param(version, None, False, id=f"ngff-{version}-absent"))
            continue
        defects = load_defects()[f"ngff-{version}"]
        for case in load_corpus(folder, version):
            valid = defects[case.id]["spec_verdict"] if case.id in defects else case.valid
            params.append(pytest.param(version, case, valid, id=f"ngff-{version}:{case.id}"))
    return params


@pytest.mark.parametrize(("version", "case", "valid"), _corpus_params())
def test_corpus_document(version: str, case: Any, valid: bool) -> None:
    if case is None:
        require_corpus(version)
        pytest.fail("the corpus appeared during the run")
    if valid:
        _assert_round_trip(case.document, version, case.strict)
    else:
        _assert_raises(case.document, version, case.strict)


def test_unknown_keys_survive() -> None:
    document = {
        "ome": {
            "version": "0.5",
            "labels": ["a"],
            "x-vendor": {"nested": [1, 2.5, True, None]},
        },
        "_creator": {"name": "tool", "version": 3.0},
    }
    _assert_round_trip(document, None, True)
