"""Our own case suites (tests/cases/<version>/*.json): exact rule ids and pointers."""

from __future__ import annotations

import pytest

from ome_zarr_schemas import Severity
from ome_zarr_schemas.validate import validate_loaded

from ._support import Case, iter_cases

CASES = list(iter_cases())


def _found(report_issues: tuple[object, ...], severity: Severity) -> set[tuple[str, str]]:
    return {(i.rule, i.pointer) for i in report_issues if i.severity is severity}  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    # a case is a JSON document as read from a file, a string included (the public
    # validate_attributes refuses a str as a mistaken path: tests/test_documents.py)
    report = validate_loaded(case.document, version=case.force_version, strict=case.strict)
    assert _found(report.issues, Severity.ERROR) == set(case.errors), report.issues
    if case.warnings is not None:
        assert _found(report.issues, Severity.WARNING) == set(case.warnings), report.issues
    if case.infos is not None:
        assert _found(report.issues, Severity.INFO) == set(case.infos), report.issues
    assert report.valid is case.valid, report.issues


def test_suites_are_not_empty() -> None:
    assert len(CASES) > 0
    assert any(c.valid for c in CASES) and any(not c.valid for c in CASES)
