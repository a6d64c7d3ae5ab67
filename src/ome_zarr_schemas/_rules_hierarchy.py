"""Hierarchy rules: checks across the groups and arrays of a store (run by the reader)."""

from __future__ import annotations

from ._rule import Rule

RULES: tuple[Rule, ...] = ()
