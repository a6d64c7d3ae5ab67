"""What to do next when a target could not be validated: one plain line, and a hint.

The reader probes several documents at a target (``zarr.json``, ``.zattrs``, ``.zgroup``,
``.zarray``) and reports each failed read on its own, which is right for a store whose
root answers some and not others. When every probe failed for one reason (the host is
not answering, credentials are missing), a person wants that reason once, not four
times: `explain` folds them into one finding on the target and adds a hint for the
common mistakes (an s3:// bucket read without credentials that needs ``--anonymous``; the
path of an array given where a group belongs). It changes only the findings of a target
that was not validated (or has no OME-Zarr group), so the JSON report of a validated
store is never touched.

Applied in one place, `_read_check.check_target`, so one ``validate TARGET`` and each
store of a collection run (``validate_many``, ``--from``, ``--find``) say the same words.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

from .issues import Issue, Report
from .rules import document as document_rules
from .rules import store as store_rules
from .store.nodes import Hierarchy

__all__ = ["explain"]

_FAILED = re.compile(r"reading '[^']*' failed: (?P<reason>.*)", re.DOTALL)


def _reason(issue: Issue) -> str | None:
    if issue.rule != document_rules.UNREADABLE.id or issue.node:
        return None
    match = _FAILED.fullmatch(issue.message)
    return match["reason"] if match else None


def _hint(target: str, reason: str) -> str:
    if target.startswith("s3://") and "credentials" in reason:
        return "; a public bucket is read without them: add --anonymous"
    return ""


def _parent(target: str) -> str:
    """The folder (or URL) holding ``target``: where its group may be."""
    stripped = target.rstrip("/")
    if "://" in stripped:
        return posixpath.dirname(stripped)
    return str(Path(stripped).parent)


def _fold(target: str, issues: list[Issue]) -> list[Issue]:
    """Failed reads at the target that share one reason: said once, with a hint."""
    reasons = [_reason(i) for i in issues]
    distinct = {r for r in reasons if r is not None}
    if len(distinct) != 1:
        return issues
    reason = distinct.pop()
    first = issues[reasons.index(reason)]
    hint = _hint(target, reason)
    if reasons.count(reason) == 1:
        folded = dataclasses.replace(first, message=first.message + hint)
    else:
        folded = dataclasses.replace(first, message=f"cannot read the target: {reason}{hint}")
    rest = [i for i, r in zip(issues, reasons, strict=True) if r is None]
    return [folded, *rest]


def _array_hint(target: str, issues: list[Issue]) -> list[Issue]:
    """The target is an array: the group that holds it is what to validate."""
    message = (
        "the target is a zarr array, not a group: validate the group that holds it"
        f" ({_parent(target)})"
    )
    key = (store_rules.NO_OME_METADATA.id, "")
    return [
        dataclasses.replace(i, message=message) if (i.rule, i.node) == key else i for i in issues
    ]


def explain(target: str, report: Report, hierarchy: Hierarchy | None) -> Report:
    """``report`` with repeated read failures at the target said once, and hints added."""
    issues = _fold(target, list(report.issues))
    root = hierarchy.nodes.get("") if hierarchy is not None else None
    if root is not None and root.is_array:
        issues = _array_hint(target, issues)
    if issues == list(report.issues):
        return report
    return Report.from_issues(
        issues, strict=report.strict, version=report.version, kinds=report.kinds
    )
