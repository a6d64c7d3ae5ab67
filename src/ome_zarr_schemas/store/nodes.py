"""What a walk of a store produces: nodes as read, and the bounds of one walk.

Plain data, no I/O, so the checks (and the rules that import this module) never depend
on how a store is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..issues import Issue
from ..spec.metadata import ome_group
from ..spec.versions import of_zarr_format
from .caps import MAX_DEPTH, MAX_DOCUMENT_BYTES

if TYPE_CHECKING:
    from ..spec.links import Link

__all__ = ["DEFAULT_CONCURRENCY", "ArrayMeta", "Hierarchy", "Limits", "Node"]

DEFAULT_CONCURRENCY = 64


@dataclass(frozen=True)
class Limits:
    """Bounds on one walk; exceeding one is a finding, never a hang or a crash."""

    concurrency: int = DEFAULT_CONCURRENCY
    max_nodes: int = 250_000
    max_depth: int = 32  # path segments below the target
    timeout: float = 30.0  # seconds per request
    retries: int = 2  # extra attempts after a transient failure (not after "absent")
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    max_json_depth: int = MAX_DEPTH
    #: Read only the first N field images of each well (None: all). A quick look at a big
    #: plate, which users ask for; a finding says what was left out, never a silent skip.
    max_fields: int | None = None


@dataclass(frozen=True, slots=True)
class ArrayMeta:
    """The parts of an array's metadata the hierarchy rules use."""

    shape: tuple[int, ...] | None
    dtype: str | None  # numpy-style name: "uint16", "float32"; None when unknown
    dimension_names: tuple[object, ...] | None = None
    separator: str | None = None  # zarr v2 dimension_separator ("." when absent)
    #: The zarr v3 array's own attributes (a 0.6.dev4 field keeps its metadata there).
    attributes: object = None


@dataclass(slots=True)
class Node:
    """One zarr node as read: a group (with attributes), an array, absent, or unreadable.

    ``exists`` is True (found), False (no metadata document at all) or None (a read
    failed, so nobody knows); checks report "missing" only for False.
    """

    path: str
    exists: bool | None = True
    zarr_format: int | None = None
    node_type: Literal["group", "array"] | None = None
    attributes: Any = None
    array: ArrayMeta | None = None
    raw_key: bytes = b""  # the validation cache key: a digest of the attributes document
    #: The attributes' document was read by the quick read (`documents.plain_value`):
    #: JSON without a bare NaN or Infinity or a number beyond the double range, so every
    #: number in it is finite (`schema.engine.FINITE`: no typed guard to decide it).
    finite: bool = False
    issues: list[Issue] = field(default_factory=list)
    #: Nothing usable was read: a read failed or was refused, or the document is JSON
    #: null. At the target this means nothing could be validated.
    unread: bool = False
    #: Every link of the group's OME metadata (`spec.links.links` with version None), as
    #: the walk worked them out to follow them; None when the walk did not expand it.
    #: The checks reuse them (`spec.links.of_version`) rather than reading them again.
    links: list[Link] | None = field(default=None, compare=False, repr=False)

    @property
    def is_group(self) -> bool:
        return self.exists is True and self.node_type == "group"

    @property
    def is_array(self) -> bool:
        return self.exists is True and self.node_type == "array"

    def ome(self) -> tuple[Mapping[str, Any] | None, tuple[str, ...]]:
        """The group's OME metadata and its pointer tokens (`spec.metadata.ome_group`;
        zarr v2 means OME-Zarr 0.4): None for arrays and plain zarr groups."""
        if not self.is_group:
            return None, ()
        return ome_group(self.attributes, of_zarr_format(self.zarr_format))


@dataclass
class Hierarchy:
    """The flat result of a walk: nodes by path relative to the target ("" is the target).

    ``listings`` holds the child names of the folders that were listed, ``files`` the
    plain files whose presence was checked, ``issues`` the findings of the walk itself
    (bounds, unsafe paths) that belong to no single document.
    """

    nodes: dict[str, Node] = field(default_factory=dict)
    zarr_format: int | None = None
    listings: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, bool] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    can_list: bool = False

    def get(self, path: str) -> Node | None:
        return self.nodes.get(path)
