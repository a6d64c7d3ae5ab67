"""`_check_issues.check_issue` (issue 15: a document check's issue made once per what
it says) gives the issue `Finding.issue` makes, field by field, made or looked up, on
the findings of drawn and mutated documents of every version and kind."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas._check_issues import _ISSUES, check_issue
from ome_zarr_schemas.rules._registry import checks_for
from ome_zarr_schemas.rules._rule import Finding
from ome_zarr_schemas.rules.axes import image_axes
from ome_zarr_schemas.testing import attributes, available, invalid_attributes

PAIRS = sorted(available())


def _findings(document: Any, version: str, kind: str) -> list[Finding]:
    ome = document.get("ome", document) if isinstance(document, dict) else None
    if not isinstance(ome, dict):
        return []
    return [f for registered in checks_for((kind,)) for f in registered.fn(ome, version)]


@pytest.mark.parametrize(("version", "kind"), PAIRS)
@given(data=st.data())
def test_the_issue_is_the_one_the_finding_makes(version: str, kind: str, data: Any) -> None:
    broken = invalid_attributes(version, kind).map(lambda m: m.document)
    document = data.draw(st.one_of(attributes(version, kind), broken), label="document")
    node = data.draw(st.sampled_from(["", "a/b"]), label="node")
    base = data.draw(st.sampled_from(["", "/ome"]), label="base")
    for finding in _findings(document, version, kind):
        made = finding.issue(version, node=node, base=base)
        assert check_issue(finding, version, node, base) == made  # made or looked up
        assert check_issue(finding, version, node, base) == made  # looked up


def test_each_field_of_the_key_tells_issues_apart() -> None:
    """Findings that differ in one field, or placed otherwise, never share an issue."""
    _ISSUES.clear()
    axes = image_axes([{"name": "x", "type": "space"}], ("a",), "its system")[0]
    others = [
        axes,
        Finding(axes.rule, "/b", axes.message),
        Finding(axes.rule, axes.pointer, axes.message + "!"),
        Finding(axes.rule, axes.pointer, axes.message, related=("c",)),
        Finding(axes.rule, axes.pointer, axes.message, version="0.5"),
    ]
    placed = [(f, v, n) for f in others for v in ("0.6.dev4", "0.6rc0") for n in ("", "n")]
    cases = [(f, v, n, b) for f, v, n in placed for b in ("", "/ome")]
    issues = [check_issue(*case) for case in cases]
    assert issues == [f.issue(v, node=n, base=b) for f, v, n, b in cases]
    # the finding naming 0.5 gives one issue for both versions asked: 8 cases, 4 issues
    assert len(set(issues)) == len(cases) - 4
