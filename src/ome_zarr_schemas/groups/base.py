"""What every OME-Zarr group object has: version, document, place in a store, report.

Objects keep their metadata as the JSON document (what is written and compared) and
offer the typed view (`attributes`, the generated dataclasses) on demand, so a document
round-trips exactly, unknown keys included. `from_zarr` reads and validates the whole
hierarchy once (`read_store` + `check_hierarchy`, the engine of `validate_store`); the
children (labels, wells, images) are then built from that read without further
validation. Objects built with `new`/`from_json` keep their children in memory.

A group finds its children's classes in class attributes that each version module
sets (`v05.Image.labels_class` is `v05.Labels`), so a v05 image's labels are v05 Labels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from ..errors import (
    GroupNotFoundError,
    TargetNotFoundError,
    VersionMismatchError,
    WrongGroupKindError,
)
from ..hierarchy import check_hierarchy, read_store, target_unread
from ..issues import InvalidMetadataError, Report
from ..models import typed_view
from ..rules.version import detect
from ..spec.links import LinkKind, links
from ..spec.metadata import ome_block
from ..spec.versions import get, lookup, of_zarr_format
from ..validate import validate_attributes
from ._types import JsonMapping, JsonObject
from ._zarr import ArraySpec, Tree, create_array, join, open_for_write, same_arrays

if TYPE_CHECKING:
    import zarr
    from zarr.abc.store import Store

__all__ = ["ArraySpec", "BaseGroup", "wrap"]

_G = TypeVar("_G", bound="BaseGroup")


def wrap(ome: JsonObject, version: str) -> JsonObject:
    """Group attributes from an OME-level mapping: bare in 0.4, under ``ome`` after."""
    known = lookup(version)  # a version string as given: unknown ones are wrapped
    return ome if known is not None and not known.wrapped else {"ome": {"version": version, **ome}}


class BaseGroup:
    """An OME-Zarr group of one kind, of one of the versions its class reads."""

    kind: ClassVar[str]
    versions: ClassVar[tuple[str, ...]]

    def __init__(
        self,
        attrs: JsonMapping,
        version: str,
        *,
        tree: Tree | None = None,
        path: str = "",
        report: Report | None = None,
        children: Mapping[str, BaseGroup] | None = None,
        arrays: Mapping[str, ArraySpec] | None = None,
    ) -> None:
        self._attrs: JsonObject = json.loads(json.dumps(attrs))
        self.version = version
        self._tree = tree
        self._path = path
        self.report = report if report is not None else (tree.report if tree else Report())
        self._children = dict(children or {})
        self._arrays = dict(arrays or {})

    # --- construction ------------------------------------------------------------
    @classmethod
    def from_zarr(cls, group: object, *, strict: bool = False, lenient: bool = False) -> Self:
        """Read and validate the group at ``group`` (path, URL, zarr group or store) and
        everything under it; `InvalidMetadataError` (with the report) on any error, and
        `TargetNotFoundError` when nothing at ``group`` could be read.

        ``lenient=True`` opens real data that breaks MUSTs anyway: the object comes back
        with its findings in ``.report`` whenever the target is a group of this class's
        kind and version; only when it is not does `InvalidMetadataError` say why."""
        hierarchy = read_store(group)
        report = check_hierarchy(hierarchy, strict=strict)
        if target_unread(hierarchy):
            found = "; ".join(i.message for i in report.errors) or "nothing found"
            raise TargetNotFoundError(f"no OME-Zarr group at {group!r}: {found}", report)
        if not report.valid and not lenient:
            raise InvalidMetadataError(report)
        try:
            return cls._from_tree(Tree(group, hierarchy, report), "")
        except (GroupNotFoundError, WrongGroupKindError, VersionMismatchError) as error:
            if report.valid:
                raise
            raise InvalidMetadataError(report) from error

    @classmethod
    def _from_tree(cls, tree: Tree, path: str) -> Self:
        node = tree.hierarchy.nodes.get(path)
        if node is None or not node.is_group or not isinstance(node.attributes, Mapping):
            raise GroupNotFoundError(f"no group with OME-Zarr metadata at /{path}")
        attrs = node.attributes
        found = detect(attrs, of_zarr_format(node.zarr_format))
        cls._check(found.version, found.kinds, path)
        assert found.version is not None
        return cls(attrs, found.version, tree=tree, path=path)

    @classmethod
    def _check(cls, version: str | None, kinds: Sequence[str], path: str) -> None:
        if cls.kind not in kinds:
            held = ", ".join(kinds) or "no OME-Zarr kind"
            raise WrongGroupKindError(
                f"{cls.__name__} needs {_article(cls.kind)} {cls.kind} group; /{path} holds {held}"
            )
        if version not in cls.versions:
            raise VersionMismatchError(
                f"{cls.__module__}.{cls.__name__} reads OME-Zarr {', '.join(cls.versions)};"
                f" /{path} is {version}"
            )

    @classmethod
    def from_json(
        cls,
        attrs: JsonMapping,
        *,
        children: Mapping[str, BaseGroup] | None = None,
        arrays: Mapping[str, ArraySpec | JsonMapping] | None = None,
        strict: bool = False,
    ) -> Self:
        """An object not yet in a store, from its group attributes (validated here)."""
        version = cls.versions[0] if len(cls.versions) == 1 else None
        specs = {p: ArraySpec.coerce(a) for p, a in (arrays or {}).items()}
        return cls._validated(attrs, version, children or {}, specs, strict=strict)

    @classmethod
    def _validated(
        cls,
        attrs: JsonMapping,
        version: str | None,
        children: Mapping[str, BaseGroup],
        arrays: Mapping[str, ArraySpec],
        *,
        strict: bool = False,
    ) -> Self:
        """A new object in memory once ``attrs`` is valid and of this class's kind."""
        report = validate_attributes(attrs, version=version, strict=strict)
        if not report.valid:
            raise InvalidMetadataError(report)
        found = detect(attrs, version)
        cls._check(found.version, found.kinds, "")
        assert found.version is not None
        return cls(attrs, found.version, report=report, children=children, arrays=arrays)

    # --- views -------------------------------------------------------------------
    @property
    def path(self) -> str:
        """The group's path in its store ("" for the root or for an unwritten object)."""
        if self._tree is None:
            return self._path
        base = getattr(self._tree.target, "path", "") or ""
        return join(str(base), self._path)

    @property
    def store(self) -> Store | None:
        """The zarr store the object was read from (None when built in memory)."""
        return self._tree.group().store if self._tree else None

    @property
    def zarr_format(self) -> int:
        return get(self.version).zarr_format

    @property
    def ome(self) -> JsonObject:
        """The OME-level mapping (the attributes in 0.4, their ``ome`` member after)."""
        ome, _ = ome_block(self._attrs, self.version)
        if not isinstance(ome, dict):  # the document was validated: never the case
            raise TypeError(f"no OME-Zarr {self.version} metadata in {self._attrs!r:.60}")
        return ome

    @property
    def attributes(self) -> Any:
        """The group attributes as the generated dataclass of this version and kind
        (a class of ``ome_zarr_schemas._generated.<version>``, typed per version)."""
        return typed_view(self._attrs, self.version, self.kind)

    def to_json(self) -> JsonObject:
        copy: JsonObject = json.loads(json.dumps(self._attrs))
        return copy

    # --- children ------------------------------------------------------------------
    def _link_paths(self, kind: LinkKind) -> tuple[str, ...]:
        """The paths of ``kind`` this group's metadata names (`spec.links`), in order."""
        return tuple(link.path for link in links(self.ome, self.version) if link.kind == kind)

    def _child(self, cls: type[_G], rel: str) -> _G | None:
        if self._tree is None:
            child = self._children.get(rel)
            return child if isinstance(child, cls) else None
        full = join(self._path, rel)
        node = self._tree.hierarchy.nodes.get(full)
        if node is None or not node.is_group or node.attributes is None:
            return None
        try:
            return cls._from_tree(self._tree, full)
        except (GroupNotFoundError, WrongGroupKindError):
            return None

    def _children_of(self, cls: type[_G], paths: Sequence[str]) -> dict[str, _G]:
        """The groups of class ``cls`` at ``paths`` (relative) that exist."""
        out: dict[str, _G] = {}
        for rel in paths:
            found = self._child(cls, rel)
            if found is not None:
                out[rel] = found
        return out

    def children(self) -> dict[str, BaseGroup]:
        """The OME-Zarr groups under this one that its metadata names and that exist."""
        return {}

    def _extra_groups(self) -> dict[str, JsonObject | None]:
        """Plain groups to write besides the children ({path: attributes or None})."""
        return {}

    def _zarr_group(self) -> zarr.Group:
        """This group as read (only for objects read from a store)."""
        assert self._tree is not None
        return self._tree.subgroup(self._path)

    # --- writing -------------------------------------------------------------------
    def to_zarr(self, store_or_group: object, path: str = "") -> Any:
        """Write this group, its arrays (empty) and its children; return the zarr group.

        Typed loosely on purpose: callers index the group (``g["0"][...] = data``),
        which zarr types as "array or group".
        """
        group = open_for_write(store_or_group, path, self.zarr_format)
        group.attrs.put(self.to_json())
        for rel, attrs in self._extra_groups().items():
            sub = group.require_group(rel)
            if attrs:
                sub.attrs.put(attrs)
        for rel, spec in self.arrays.items():
            create_array(group, rel, spec, self.zarr_format)
        self._copy_files(group)
        for rel, child in self.children().items():
            child.to_zarr(group, rel)
        return group

    @property
    def arrays(self) -> dict[str, ArraySpec]:
        """The arrays this group writes itself (image levels, stored parameters)."""
        return dict(self._arrays)

    def _copy_files(self, group: zarr.Group) -> None:
        return None

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, BaseGroup)
        return (
            self.version == other.version
            and self._attrs == other._attrs
            and same_arrays(self.arrays, other.arrays)
            and self._extra_groups() == other._extra_groups()
            and self.children() == other.children()
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        where = f" at /{self.path}" if self._tree else ""
        return f"<{type(self).__module__}.{type(self).__name__} {self.version}{where}>"


def _article(word: str) -> str:
    """'an' before a vowel ('an image group', 'a plate group')."""
    return "an" if word[:1] in "aeiou" else "a"
