"""Rules added by OME-Zarr 0.6 (0.6.dev4, 0.6rc0): coordinate systems, transforms, scenes."""

from __future__ import annotations

from ._rule import Rule

RULES: tuple[Rule, ...] = ()
