"""Semantic rules: what a JSON Schema cannot say about one attributes document.

Each module holds the checks of one spec concept. A check is a generator registered for
the group kinds it applies to; it receives the OME-level mapping (the attributes in 0.4,
``attributes["ome"]`` in 0.5+) and yields `Finding`s with pointers relative to it.
Checks must tolerate schema-invalid input: they look only at parts of the right type,
because the schema findings already describe the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Finding = tuple[str, str, str]  # (rule id, pointer relative to the OME-level mapping, message)
CheckFn = Callable[[Mapping[str, Any], str], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    fn: CheckFn
    kinds: frozenset[str]
    rules: tuple[str, ...]


CHECKS: list[Check] = []


def check(*kinds: str, rules: tuple[str, ...]) -> Callable[[CheckFn], CheckFn]:
    """Register a check for group ``kinds``; ``rules`` lists the ids it can emit."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(fn, frozenset(kinds), rules))
        return fn

    return register


def checks_for(kinds: set[str] | frozenset[str]) -> list[Check]:
    return [c for c in CHECKS if c.kinds & kinds]


def _load() -> None:
    # Importing the modules registers their checks.
    from . import (  # noqa: F401
        axes,
        coordinate_systems,
        labels,
        multiscales,
        plate,
        transformations,
        well,
    )


_load()
