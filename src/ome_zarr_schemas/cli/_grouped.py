"""Findings folded for reading: one line per distinct finding, a budget, a rule summary.

A big plate repeats one finding on every field (1,536 identical warnings on a 384-well
plate of 4 fields), and a screen of them hides the one error that matters. The text
report therefore prints findings that agree in everything but their node (rule,
severity, pointer, message) as one `Line` with the count and the first nodes, errors
first; it prints at most `MAX_LINES` lines in a run and says how many findings are left;
and it ends with a count per rule. ``--all`` prints every finding on its own line,
uncut. This is presentation only: the report and its JSON form keep every finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..issues import Issue, Severity

__all__ = ["MAX_LINES", "SHOWN_NODES", "Line", "RuleCount", "lines_of", "rule_counts"]

#: Finding lines printed in one run before "... N more (use --all)".
MAX_LINES = 50

#: Nodes named on a folded line before "...".
SHOWN_NODES = 3


@dataclass(frozen=True)
class Line:
    """One printed finding line: every issue on it differs only in its node."""

    issues: tuple[Issue, ...]

    @property
    def first(self) -> Issue:
        return self.issues[0]

    @property
    def folded(self) -> bool:
        return len(self.issues) > 1

    def nodes_text(self) -> str:
        """``x1,536 nodes: A/1/0, A/1/1, A/1/2, ...`` (``.`` is the target itself)."""
        names = [i.node or "." for i in self.issues[:SHOWN_NODES]]
        more = ", ..." if len(self.issues) > SHOWN_NODES else ""
        return f"x{len(self.issues):,} nodes: {', '.join(names)}{more}"


def _key(issue: Issue) -> tuple[Severity, str, str, str]:
    return (issue.severity, issue.rule, issue.pointer, issue.message)


def lines_of(issues: Sequence[Issue], *, grouped: bool = True) -> list[Line]:
    """The lines for a report's issues: folded and errors first, or one per issue as given."""
    if not grouped:
        return [Line((issue,)) for issue in issues]
    groups: dict[tuple[Severity, str, str, str], list[Issue]] = {}
    for issue in issues:
        groups.setdefault(_key(issue), []).append(issue)
    ordered = sorted(enumerate(groups.values()), key=lambda e: (e[1][0].severity.rank, e[0]))
    return [Line(tuple(found)) for _, found in ordered]


@dataclass(frozen=True)
class RuleCount:
    """How often one rule was found in a run, and on how many distinct nodes."""

    rule: str
    severity: Severity
    findings: int
    nodes: int


def rule_counts(reports: Iterable[Sequence[Issue]]) -> list[RuleCount]:
    """One count per (rule, severity) over the issues of every target, errors first, then
    the most frequent; a node counts once per target."""
    counts: Counter[tuple[str, Severity]] = Counter()
    nodes: dict[tuple[str, Severity], set[tuple[int, str]]] = {}
    for index, issues in enumerate(reports):
        for issue in issues:
            key = (issue.rule, issue.severity)
            counts[key] += 1
            nodes.setdefault(key, set()).add((index, issue.node))
    ordered = sorted(counts, key=lambda k: (k[1].rank, -counts[k], k[0]))
    return [RuleCount(rule, sev, counts[rule, sev], len(nodes[rule, sev])) for rule, sev in ordered]
