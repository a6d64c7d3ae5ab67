"""The one place the store turns a fault or a refusal into a finding.

Every finding the walk and the metadata parser emit goes through `finding`, so how a
rule is named (its `Rule` object, from the concept's module) is decided here only.
"""

from __future__ import annotations

from ..issues import Issue
from ..rules._rule import Rule

__all__ = ["finding"]


def finding(rule: Rule, node: str, message: str, where: str = "") -> Issue:
    """The finding of ``rule`` on ``node``; ``where`` is a JSON pointer into its document."""
    return rule.issue(message, node=node, pointer=where)
