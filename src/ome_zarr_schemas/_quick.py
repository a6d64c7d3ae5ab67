"""The short path of `validate_attributes` for the usual document: a plain dict whose
version is found at once (`rules.version._detect_plain`), nothing forced.

A labels, bioformats2raw or well document is validated in a few microseconds, and then
each layer of the general path (detection in general form, generators of generators,
version advice, a merged and sorted report) costs as much as the validation. Here the
same steps run in one function: the detection's findings (only "version assumed" can
come from `_detect_plain`), the compiled engine's failing passes worded by the caller's
explainer, the kinds' document checks, the report. The findings are the general path's,
in its order: ``tests/test_quick.py`` compares both paths on drawn and mutated
documents, and ``tests/test_engine_agreement.py`` runs this path under each engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from ._check_issues import check_issue
from ._valid import passes_hold, valid_report
from .issues import Issue, Report
from .rules._plain_plate import plain_quiet_plate
from .rules._quiet import QUIET_KINDS, plate_quiet, quiet_checks
from .rules._registry import checks_for
from .rules.version import VERSION_MISSING, Detection, _detect_plain, version_advice
from .schema.engine import Failure, failing_passes

#: How the failing passes of a document become findings (`validate._explained_directly`:
#: passed in, so that this module needs no import of `validate`).
Explainer = Callable[[object, str, list[Failure], str], list[Issue]]


def quick_report(
    attrs: dict[str, Any],
    strict: bool,
    node: str,
    parsed: int,
    explain: Explainer,
    tried: Detection | None = None,
) -> Report | None:
    """`validate_loaded`'s report of a plain dict with no version forced and no kind
    expected, or None when the general path must answer (`_detect_plain` cannot).
    ``tried``: `_valid.usual_report`'s detection (the valid report was looked for)."""
    detection = tried
    if detection is None:
        detection = _detect_plain(attrs)
        if detection is None:
            return None
        valid = valid_report(attrs, detection, strict, node, check_issue)
        if valid is not None:  # the usual valid document, decided by the generated verdict
            return valid
    version, kinds, ome, base, findings = detection
    assert version is not None and ome is not None  # `_detect_plain` answers with both
    issues = []  # a loop, not a comprehension's frame: mostly none or one
    for finding in findings:
        issues.append(check_issue(finding, version, node))
    issues += document_issues(attrs, version, kinds, ome, base, node, parsed, explain)
    return Report.from_issues(issues, strict=strict, version=version, kinds=kinds)


def document_issues(
    attrs: object,
    version: str,
    kinds: tuple[str, ...],
    ome: Mapping[str, Any],
    base: str,
    node: str,
    parsed: int,
    explain: Explainer,
) -> list[Issue]:
    """The findings of a detected document after detection's own: its failing schema
    passes worded by ``explain`` (with the version advice), then the document checks of
    its kinds. The one sequence both paths run."""
    issues: list[Issue] = []
    quiet = None if QUIET_KINDS.isdisjoint(kinds) else quiet_checks(kinds)
    # a plate built in Python: plain JSON and quiet proved in one walk (else each asked)
    proven = quiet is not None and not parsed and plain_quiet_plate(attrs, ome)
    if not proven and passes_hold(attrs, version, kinds):  # the generated verdict, where
        failing: list[Failure] = []  # it is faster (not a plate's: `QUIET_KINDS`)
    else:
        failing = failing_passes(attrs, version, kinds, parsed=parsed, proven=proven)
    if failing:
        issues += advised(explain(attrs, version, failing, node), kinds, ome)
    if quiet is None:
        for registered in checks_for(kinds):
            for finding in registered.fn(ome, version):
                issues.append(check_issue(finding, version, node, base))
        return issues
    # each quiet test asked once, before its first check
    held: dict[object, bool] = {plate_quiet: True} if proven else {}
    for fn, test in quiet:
        if test is not None:
            holds = held.get(test)
            if holds is None:
                holds = held[test] = test(ome)
            if holds:
                continue  # the check finds nothing
        for finding in fn(ome, version):
            issues.append(check_issue(finding, version, node, base))
    return issues


def advised(found: list[Issue], kinds: tuple[str, ...], ome: Mapping[str, Any]) -> list[Issue]:
    """The schema findings ``found``, an ome.version-missing one saying what to add (the
    versions that define ``kinds``), not only what is missing; the advice is worded only
    when there is such a finding."""
    if "version" in ome:
        return found
    missing = VERSION_MISSING.id
    for issue in found:  # a loop, no generator: asked of every failing document
        if issue.rule == missing:
            break
    else:
        return found
    advice = version_advice(kinds, ome)
    return [replace(i, message=advice) if i.rule == VERSION_MISSING.id else i for i in found]
