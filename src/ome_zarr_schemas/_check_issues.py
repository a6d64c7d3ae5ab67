"""A finding as an `Issue`, made once per what it says: detection's findings ("no version
is given ...") and the document checks' alike.

A 0.6 image's findings repeat from document to document: the axes of a system
(`rules._plain_image` words them once per layout), a scale that shrinks at the same
dataset; detection's are mostly the same few. An `Issue` (a frozen dataclass of eight
fields) costs several times the lookup of its fields, so the short path keeps the issues
it made, keyed by every field a finding's issue reads (rule, pointer, message, its node
and the given one, related, versions, base): the same key always gives an equal issue,
whatever the document (no key names a document). Bounded: cleared when full.
``tests/test_check_issues.py`` proves the issue is the one `Finding.issue` makes.
"""

from __future__ import annotations

from .issues import Issue
from .rules._rule import Finding

__all__ = ["check_issue"]

_ISSUES: dict[tuple[object, ...], Issue] = {}


def check_issue(finding: Finding, version: str | None, node: str, base: str = "") -> Issue:
    """``finding.issue(version, node=node, base=base)``, made once per key."""
    f = finding
    key = (f.rule.id, f.pointer, f.message, f.node, f.related, f.version, version, node, base)
    issue = _ISSUES.get(key)
    if issue is None:
        if len(_ISSUES) >= 1024:
            _ISSUES.clear()
        issue = _ISSUES[key] = f.issue(version, node=node, base=base)
    return issue
