"""The shapes the group classes trade in, named once.

Group metadata is JSON (kept as the document, so it round-trips exactly); the typed
views are the dataclasses generated from the schemas, one module per version, which
type checkers see only through the few members named here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeAlias

JsonObject: TypeAlias = dict[str, Any]
"""A JSON object as parsed (values of any JSON type)."""

JsonMapping: TypeAlias = Mapping[str, Any]
"""A JSON object given by the caller (any mapping)."""


class DatasetView(Protocol):
    """A multiscales dataset (one level) of any version's generated models."""

    @property
    def path(self) -> str: ...

    @property
    def coordinateTransformations(self) -> Sequence[object]: ...
