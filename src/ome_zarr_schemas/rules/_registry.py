"""The registries the concept modules fill: the catalogue of rules, the document checks
and the cross-group checks.

A module of its own, so that the concept modules import it and `rules/__init__` imports
them without a cycle. The catalogue is filled from the `Rule` constants of each concept
module (`add_rules`); a check is registered by a decorator and emits through its rules'
constants, so the rules it can emit need not be listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._rule import Finding, Rule

if TYPE_CHECKING:
    from ..issues import Issue
    from ._context import Context

__all__ = [
    "CATALOGUE",
    "CHECKS",
    "CROSS",
    "Check",
    "add_rules",
    "check",
    "checks_for",
    "cross",
    "get_rule",
    "rules_for",
    "run_cross",
]

#: Every rule id this project can emit -> its `Rule`.
CATALOGUE: dict[str, Rule] = {}


def add_rules(module: ModuleType) -> None:
    """Catalogue the `Rule` constants of a concept module (an id may appear once)."""
    for value in vars(module).values():
        if isinstance(value, Rule) and CATALOGUE.setdefault(value.id, value) is not value:
            raise RuntimeError(f"rule {value.id!r} is defined twice ({module.__name__})")


def get_rule(rule_id: str) -> Rule:
    """The catalogue entry for ``rule_id``; an unknown id is a bug of ours."""
    try:
        return CATALOGUE[rule_id]
    except KeyError:
        raise KeyError(f"rule {rule_id!r} is not in the catalogue") from None


def rules_for(version: str | None = None) -> list[Rule]:
    """The rules that apply to ``version`` (all rules when None), sorted by id."""
    return sorted(
        (r for r in CATALOGUE.values() if version is None or r.applies_to(version)),
        key=lambda r: r.id,
    )


# --- document checks: what a JSON Schema cannot say about one attributes document

#: A document check receives the OME-level mapping (the attributes in 0.4,
#: ``attributes["ome"]`` in 0.5+) and the version, and yields findings with pointers
#: relative to that mapping. It must tolerate schema-invalid input: it looks only at parts
#: of the right type, because the schema findings already describe the rest. A generator,
#: or (cheaper for the checks of small documents, which mostly find nothing: no generator
#: made per document) a function returning a list, empty when all is well.
CheckFn = Callable[[Mapping[str, Any], str], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    fn: CheckFn
    kinds: frozenset[str]


CHECKS: list[Check] = []


def check(*kinds: str) -> Callable[[CheckFn], CheckFn]:
    """Register a document check for the group ``kinds``."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(fn, frozenset(kinds)))
        return fn

    return register


_CHECKS_FOR: dict[tuple[int, frozenset[str] | tuple[str, ...]], tuple[Check, ...]] = {}


def checks_for(kinds: set[str] | frozenset[str] | tuple[str, ...]) -> tuple[Check, ...]:
    """The document checks of any of ``kinds``, in registration order (chosen once per
    set of kinds: every document of a store asks again; a detection's tuple of kinds is
    a key as it is, with no set built per document)."""
    key = (len(CHECKS), kinds if isinstance(kinds, tuple) else frozenset(kinds))
    found = _CHECKS_FOR.get(key)  # a check registered later makes a new key
    if found is None:
        found = _CHECKS_FOR[key] = tuple(c for c in CHECKS if not c.kinds.isdisjoint(kinds))
    return found


# --- cross-group checks: pure functions of an already-read hierarchy

CrossFn = Callable[["Context"], Iterator[Finding]]

CROSS: list[CrossFn] = []


def cross(fn: CrossFn) -> CrossFn:
    """Register a cross-group check."""
    CROSS.append(fn)
    return fn


def run_cross(context: Context) -> Iterator[Issue]:
    """The issues of every cross-group check (a finding without a version gets the
    hierarchy's)."""
    for fn in CROSS:
        for finding in fn(context):
            yield finding.issue(context.version)
