"""Hypothesis strategies for OME-Zarr metadata, for testing validators and readers.

Install with ``pip install ome-zarr-schemas[testing]``.

- `attributes` draws valid attributes documents of a version and group kind (0.4, 0.5,
  and every kind of the 0.6 drafts, scenes included, see `available`): every axis
  type sequence the spec allows, optional fields, path-form and inline transformations
  (in 0.6 every transformation type, nested, sized to the systems it links), unicode
  names, long lists and extreme numbers.
- `invalid_attributes` draws a `Mutation`: a valid document broken in exactly one
  targeted way, with the rule id and JSON pointer of the finding it must produce.
- `hierarchies` draws a whole metadata-only store (every group and array document,
  valid across groups), `write_hierarchy` puts it into any zarr-python 3 store, and
  `invalid_hierarchies` breaks one in exactly one way for one hierarchy rule, with the
  rule id and node of the finding it must produce.

>>> from hypothesis import given
>>> from ome_zarr_schemas.testing import attributes
>>> @given(attributes(version="0.5", kind="image"))
... def test_my_reader(document): ...

The strategies are written by hand from the spec's rules (a generic JSON Schema
generator is slow on these schemas and gives up on the image schema). A new version or
kind is one `register_kind` call, and a new rule one `mutation_family` function.
"""

from __future__ import annotations

from ._attributes import attributes, available, register_kind
from ._axes import AXIS_TYPE_SEQUENCES
from ._builder import GeneratedHierarchy, write_hierarchy
from ._hierarchies import hierarchies, hierarchy_kinds
from ._mutations.catalogue import (
    families,
    hierarchy_families,
    invalid_attributes,
    invalid_hierarchies,
)
from ._mutations.hierarchy_registry import HierarchyFamily, HierarchyMutation, hierarchy_family
from ._mutations.registry import Family, Mutation
from ._mutations.registry import family as mutation_family

__all__ = [
    "AXIS_TYPE_SEQUENCES",
    "Family",
    "GeneratedHierarchy",
    "HierarchyFamily",
    "HierarchyMutation",
    "Mutation",
    "attributes",
    "available",
    "families",
    "hierarchies",
    "hierarchy_families",
    "hierarchy_family",
    "hierarchy_kinds",
    "invalid_attributes",
    "invalid_hierarchies",
    "mutation_family",
    "register_kind",
    "write_hierarchy",
]
