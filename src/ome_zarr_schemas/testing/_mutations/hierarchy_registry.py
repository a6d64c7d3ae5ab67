"""The registry of hierarchy mutation families, and the hierarchy being broken (`StoreTarget`).

A hierarchy family breaks one hierarchy rule of the catalogue, starting from bases (root
kind plus features such as labels or two levels) that the generator then guarantees, so
no example is rejected. Rules that only a reader option can trigger (a node or field
limit) carry it in ``reader_kwargs``. The concept modules register their families when
`catalogue` imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from ...issues import Severity
from ...rules import get_rule
from ...spec.versions import KIND_KEYS as _KIND_KEYS
from ...spec.versions import SUPPORTED_VERSIONS, is_wrapped
from .._builder import (
    GeneratedHierarchy,
    StoreDocuments,
    copy_json,
    join,
    parent,
)
from .._hierarchies import BASE_KINDS, hierarchy_kinds


@dataclass(frozen=True)
class HierarchyMutation:
    """A hierarchy broken in one way: the finding (``rule`` at ``node``) it must give,
    ``also`` the findings the break necessarily implies, ``reader_kwargs`` the keyword
    arguments `validate_store` needs to see it, and whether it needs a listable store."""

    hierarchy: GeneratedHierarchy
    rule: str
    node: str
    family: str
    description: str
    valid: GeneratedHierarchy
    also: frozenset[tuple[str, str]] = frozenset()
    reader_kwargs: Mapping[str, Any] = field(default_factory=dict)
    listing: bool = False

    @property
    def severity(self) -> Severity:
        return get_rule(self.rule).severity

    @property
    def expected(self) -> frozenset[tuple[str, str]]:
        """Every (rule, node) of the hierarchy and error findings it must give."""
        return frozenset({(self.rule, self.node)}) | self.also

    @property
    def expected_errors(self) -> frozenset[tuple[str, str]]:
        return frozenset(f for f in self.expected if get_rule(f[0]).severity is Severity.ERROR)


class StoreTarget(StoreDocuments):
    """A copy of a valid hierarchy being broken, with helpers over its documents."""

    def __init__(self, hierarchy: GeneratedHierarchy) -> None:
        super().__init__(
            hierarchy.version, {k: copy_json(v) for k, v in hierarchy.documents.items()}
        )
        self.kind = hierarchy.kind
        self.also: set[tuple[str, str]] = set()
        self.reader_kwargs: dict[str, Any] = {}

    def _nodes(self, node_type: str) -> list[str]:
        """The paths of the groups or arrays, sorted."""
        if self.v2:
            suffix = ".zgroup" if node_type == "group" else ".zarray"
            return sorted(parent(k) for k in self.docs if k.rpartition("/")[2] == suffix)
        return sorted(
            parent(k)
            for k, doc in self.docs.items()
            if k.rpartition("/")[2] == "zarr.json" and doc.get("node_type") == node_type
        )

    def groups(self) -> list[str]:
        return self._nodes("group")

    def arrays(self) -> list[str]:
        return self._nodes("array")

    def ome(self, path: str) -> dict[str, Any] | None:
        """The OME-level mapping of a group (None for a plain group)."""
        doc = self.docs.get(self.attrs_key(path))
        if not isinstance(doc, dict):
            return None
        if self.v2:
            return doc if any(k in doc for k in _KIND_KEYS) else None
        ome = doc.get("attributes", {}).get("ome")
        return ome if isinstance(ome, dict) else None

    def meta(self, path: str) -> dict[str, Any]:
        """The OME-level mapping of a group known to have one."""
        ome = self.ome(path)
        assert ome is not None, path
        return ome

    def with_key(self, key: str) -> list[str]:
        return [p for p in self.groups() if key in (self.ome(p) or {})]

    def images(self) -> list[str]:
        return self.with_key("multiscales")

    def datasets(self, image: str, m: int = 0) -> list[tuple[dict[str, Any], str]]:
        ome = self.ome(image)
        assert ome is not None
        return [(d, join(image, d["path"])) for d in ome["multiscales"][m]["datasets"]]

    def shape(self, path: str) -> list[int]:
        return list(self.array_doc(path)["shape"])

    def drop_or_plain(self, draw: st.DrawFn, path: str) -> None:
        """Remove the node at ``path``, or make it a plain group: either way it is gone."""
        if draw(st.booleans()):
            self.drop(path)
        else:
            self.plain(path)

    def move(self, source: str, destination: str) -> None:
        """Move the documents of a node and what is below it."""
        prefix = f"{source}/"
        for key in [k for k in self.docs if k.startswith(prefix)]:
            self.docs[destination + "/" + key[len(prefix) :]] = self.docs.pop(key)

    def labels_group(self, image: str) -> str | None:
        path = join(image, "labels")
        return path if self.ome(path) is not None and "labels" in (self.ome(path) or {}) else None

    def labels_of(self, image: str) -> list[str]:
        """The label images listed by an image's 'labels' group."""
        group = self.labels_group(image)
        if group is None:
            return []
        ome = self.ome(group)
        assert ome is not None
        return [join(group, name) for name in ome["labels"]]

    def label_images(self) -> list[str]:
        """Label images that have a parent image (listed by a labels group beside levels)."""
        return [label for image in self.images() for label in self.labels_of(image)]

    def parent_image(self, label: str) -> str | None:
        for image in self.images():
            if label in self.labels_of(image):
                return image
        return None

    def all_labels(self) -> list[str]:
        """Every group with 'image-label' (label images with or without a parent)."""
        return [p for p in self.with_key("image-label") if "multiscales" in (self.ome(p) or {})]

    def pick(self, draw: st.DrawFn, items: Sequence[Any]) -> Any:
        assert items, "the base hierarchy lacks what the family needs"
        return items[draw(st.integers(0, len(items) - 1))]

    def names_miscounted(self, path: str) -> set[tuple[str, str]]:
        """(store.dimension-names-count, path) when the zarr v3 array at ``path`` now has
        a shape whose length its 'dimension_names' do not match (a family changed ndim)."""
        names = None if self.v2 else self.array_doc(path).get("dimension_names")
        if isinstance(names, list) and len(names) != len(self.shape(path)):
            return {("store.dimension-names-count", path)}
        return set()

    def shape_mismatches(self) -> set[tuple[str, str]]:
        """(image-label.shape-matches-image, label) for every label image with a parent
        whose level shapes are not the parent's or 1 (spec 0.4/0.5 layout comment)."""
        found = set()
        for label in self.label_images():
            image = self.parent_image(label)
            assert image is not None
            mine = dict(enumerate(self.datasets(label)))
            theirs = dict(enumerate(self.datasets(image)))
            for k, (_, path) in mine.items():
                if k not in theirs:
                    continue
                other = theirs[k][1]
                if self.array_key(path) not in self.docs or self.array_key(other) not in self.docs:
                    continue
                a, b = self.shape(path), self.shape(other)
                if len(a) != len(b) or any(x not in {y, 1} for x, y in zip(a, b, strict=True)):
                    found.add(("image-label.shape-matches-image", label))
        return found

    def bf2raw_plate_fields(self) -> set[str] | None:
        """For a bioformats2raw plate: the field paths of the wells that still exist."""
        root = self.ome("")
        if root is None or "plate" not in root or "bioformats2raw.layout" not in root:
            return None
        fields = set()
        for well in root["plate"]["wells"]:
            ome = self.ome(well["path"])
            if ome is None or "well" not in ome:
                continue
            for image in ome["well"]["images"]:
                fields.add(join(well["path"], image["path"]))
        return fields

    def series_also(self) -> None:
        """A bioformats2raw plate whose field set changed no longer matches 'series'."""
        fields = self.bf2raw_plate_fields()
        series = (self.ome("OME") or {}).get("series")
        if fields and isinstance(series, list) and set(series) != fields:
            self.also.add(("bioformats2raw.plate-series", "OME"))


#: A family's body: break the target in place; return (node of the finding, description).
HierarchyApply = Callable[[st.DrawFn, StoreTarget], tuple[str, str]]
Base = tuple[str, frozenset[str]]


@dataclass(frozen=True)
class HierarchyFamily:
    """How to break one hierarchy rule, starting from hierarchies of the ``bases``
    (root kind, features the base hierarchy must have)."""

    name: str
    rule: str
    bases: tuple[Base, ...]
    apply: HierarchyApply
    versions: tuple[str, ...]
    listing: bool = False

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for k, _ in self.bases))

    def bases_for(self, version: str, kind: str | None = None) -> list[Base]:
        if version not in self.versions:
            return []
        return [
            (k, needs)
            for k, needs in self.bases
            if k in hierarchy_kinds(version) and (kind is None or k == kind)
        ]


HIERARCHY_FAMILIES: list[HierarchyFamily] = []
_ALL = SUPPORTED_VERSIONS
V3 = tuple(v for v in _ALL if is_wrapped(v))
EVERY_KIND = (*BASE_KINDS, "scene")
CONTAINERS = ("image", "plate", "well", "bioformats2raw", "scene")  # images with labels


def family_bases(
    kinds: Sequence[str], needs: Sequence[str] = (), **extra: Sequence[str]
) -> tuple[Base, ...]:
    """(kind, needs) for each kind; ``extra`` adds kind-specific needs (bioformats2raw=...)."""
    out = []
    for kind in kinds:
        out.append((kind, frozenset(needs) | frozenset(extra.get(kind, ()))))
    return tuple(out)


def plate_bases(*needs: str) -> tuple[Base, ...]:
    """A plate store, plain or under bioformats2raw (with its plate), built with ``needs``."""
    return family_bases(("plate", "bioformats2raw"), needs, bioformats2raw=("plate",))


def hierarchy_family(
    rule: str,
    bases: tuple[Base, ...],
    *,
    versions: tuple[str, ...] = _ALL,
    listing: bool = False,
) -> Callable[[HierarchyApply], HierarchyApply]:
    """Register a family breaking ``rule``, starting from hierarchies of ``bases``."""

    def register(fn: HierarchyApply) -> HierarchyApply:
        known = get_rule(rule)
        assert known.origin == "hierarchy", rule
        usable = tuple(v for v in versions if known.applies_to(v))
        HIERARCHY_FAMILIES.append(
            HierarchyFamily(fn.__name__.strip("_"), rule, bases, fn, usable, listing)
        )
        return fn

    return register
