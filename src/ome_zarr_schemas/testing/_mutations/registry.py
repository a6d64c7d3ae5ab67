"""The registry of document mutation families, and what a family draws (`Mutation`).

A family is a function breaking a copy of a valid document (`Target`) in exactly one way;
`family` registers it for a rule and the kinds of documents it starts from. The concept
modules beside this one register theirs when `catalogue` imports them; this module
imports none of them, so registering never goes through a cycle.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from ...issues import Severity, pointer
from ...rules import get_rule
from ...spec.versions import BEFORE_V06_VERSIONS, is_wrapped

#: The versions these families were written for; a family for a later version is added
#: (or widened) when its spec says the rule still holds there.
WRITTEN_FOR = BEFORE_V06_VERSIONS


@dataclass(frozen=True)
class Mutation:
    """An invalid document and the finding it must produce."""

    document: Any
    rule: str
    pointer: str
    family: str
    description: str
    base_kind: str
    base_version: str
    version: str | None = None  # pass as validate_attributes(version=...); None: detect it
    also: frozenset[tuple[str, str]] = frozenset()  # errors the violation implies
    #: Set when only the group schema of this kind, used on its own, reports the rule:
    #: validate_attributes picks schemas by the kind keys present, so it never does.
    group_schema: str | None = None
    #: The kind the document must be validated as (validate_attributes(kind=...)): the
    #: violation is an error only for a validator told which kind to expect.
    kind: str | None = None

    @property
    def severity(self) -> Severity:
        return get_rule(self.rule).severity

    @property
    def expected_errors(self) -> frozenset[tuple[str, str]]:
        """Every error finding the document must produce, and no other."""
        mine = {(self.rule, self.pointer)} if self.severity is Severity.ERROR else set()
        return frozenset(mine) | self.also


@dataclass
class Target:
    """A copy of a valid document being broken, with pointer helpers."""

    document: Any
    version: str
    kind: str
    forced: str | None = None
    also: set[tuple[str, str]] = field(default_factory=set)
    group_schema: str | None = None
    expected_kind: str | None = None  # becomes Mutation.kind

    @property
    def wrapped(self) -> bool:
        return is_wrapped(self.version)

    @property
    def ome(self) -> dict[str, Any]:
        """The OME-level mapping: the attributes (0.4) or ``attributes["ome"]``."""
        inner = self.document["ome"] if self.wrapped else self.document
        assert isinstance(inner, dict)
        return inner

    def ptr(self, *tokens: str | int) -> str:
        return pointer(*(("ome",) if self.wrapped else ()), *tokens)


#: A family's body: break the target in place; return (pointer, description).
Apply = Callable[[st.DrawFn, Target], tuple[str, str]]


@dataclass(frozen=True)
class Family:
    name: str
    rule: str
    kinds: tuple[str, ...]  # kinds of the valid documents it starts from
    apply: Apply
    versions: tuple[str, ...] = WRITTEN_FOR


FAMILIES: list[Family] = []


def family(
    rule: str, *kinds: str, versions: tuple[str, ...] = WRITTEN_FOR
) -> Callable[[Apply], Apply]:
    """Register a mutation family for ``rule``, starting from documents of ``kinds``."""

    return named_family("", rule, *kinds, versions=versions)


def named_family(
    name: str, rule: str, *kinds: str, versions: tuple[str, ...] = WRITTEN_FOR
) -> Callable[[Apply], Apply]:
    """`family` under ``name`` ("": the function's name): the 0.6 family of a rule shares
    the name of the 0.4/0.5 one, while both live in the rule's concept module."""

    def register(fn: Apply) -> Apply:
        get_rule(rule)  # an unknown rule id is a bug here
        FAMILIES.append(Family(name or fn.__name__.strip("_"), rule, kinds, fn, versions))
        return fn

    return register


#: A family body for one key of a block (rows or columns, colors or properties).
KeyedApply = Callable[[st.DrawFn, Target, str], tuple[str, str]]


def family_per_key(
    rules: Mapping[str, str], name: Callable[[str], str], *kinds: str
) -> Callable[[KeyedApply], KeyedApply]:
    """Register ``fn`` once per key of ``rules`` (key -> rule id), as the family
    ``name(key)`` breaking that rule."""

    def register(fn: KeyedApply) -> KeyedApply:
        for key, rule in rules.items():
            named_family(name(key), rule, *kinds)(_bound(fn, key))
        return fn

    return register


def _bound(fn: KeyedApply, key: str) -> Apply:
    @functools.wraps(fn)  # the family's module and docstring are fn's
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        return fn(draw, t, key)

    return apply
