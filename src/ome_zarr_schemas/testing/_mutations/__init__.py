"""Mutation families by concept, mirroring ``rules/<concept>.py``: each concept module holds
the document families and the hierarchy families of its rules, every version side by side.

`registry` and `hierarchy_registry` hold the two registries and what a family draws;
`catalogue` imports every concept module (so their families register) and offers the
strategies. This ``__init__`` imports nothing, so no module reaches a registry through it.
"""
