"""The rules: one module per spec concept, each holding its `Rule` constants (id,
severity, decision, versions, who enforces it in each version), then its document checks,
then its cross-group checks, for every version.

Importing this package imports the concept modules, which registers their checks; the
catalogue is filled from their `Rule` constants. Rule ids are stable dotted slugs named
after the spec's nouns; ``tests/test_catalogue.py`` proves that every rule is used and has
a failing case. Where the spec is ambiguous, a rule's ``decision`` records what we chose
and why.
"""

from __future__ import annotations

from . import (
    axes,
    bioformats2raw,
    coordinate_systems,
    document,
    fields,
    image_label,
    labels,
    multiscales,
    omero,
    plate,
    scene,
    store,
    transformations,
    version,
    well,
)
from ._registry import CATALOGUE, add_rules, get_rule, rules_for
from ._rule import SECTION, Finding, Rule

__all__ = ["CATALOGUE", "CONCEPTS", "SECTION", "Finding", "Rule", "get_rule", "rules_for"]

#: The concept modules, each the one home of its rules.
CONCEPTS = (
    document,
    version,
    axes,
    transformations,
    fields,
    multiscales,
    coordinate_systems,
    omero,
    labels,
    image_label,
    plate,
    well,
    bioformats2raw,
    scene,
    store,
)
for _module in CONCEPTS:
    add_rules(_module)
del _module
