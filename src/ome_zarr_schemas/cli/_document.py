"""A report with the reader's findings on a document added: shared by the conformance
verdict and `_targets`, in a module of its own so that a verdict on one document never
imports the store reader (`_targets` brings in the hierarchy checks)."""

from __future__ import annotations

from ..issues import Issue, Report

__all__ = ["with_findings"]


def with_findings(report: Report, findings: tuple[Issue, ...]) -> Report:
    """``report`` with the reader's findings on the document (duplicate names, numbers)."""
    if not findings:
        return report
    return Report.from_issues(
        (*findings, *report.issues),
        strict=report.strict,
        version=report.version,
        kinds=report.kinds,
    )
