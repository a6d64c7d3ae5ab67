"""The one place the store turns a fault or a refusal into a finding.

Every finding the walk and the metadata parser emit goes through `finding`, so how a
rule is named (today its id, looked up in the catalogue) is decided here only.
"""

from __future__ import annotations

from ..issues import Issue
from ..rules import get_rule

__all__ = ["finding"]


def finding(rule: str, node: str, message: str, where: str = "") -> Issue:
    """The finding of ``rule`` on ``node``; ``where`` is a JSON pointer into its document."""
    return get_rule(rule).issue(message, node=node, pointer=where)
