"""Cross-group rules: pure functions of an already-read `Hierarchy`, one module per concept.

A check receives a `Context` (the hierarchy plus what each OME-Zarr group is) and yields
`Issue`s. It never reads the store: what was not read (a bound was hit, a path was
unsafe) is simply not checked, because the walk already reported why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..issues import Issue, pointer
from ..rules import get_rule
from ..store.nodes import Hierarchy, Node
from ..store.paths import resolve

__all__ = ["CROSS", "Context", "Group", "cross", "run"]


@dataclass(frozen=True)
class Group:
    """An OME-Zarr group: its version, kinds and OME-level mapping (``base`` locates it)."""

    path: str
    version: str | None
    kinds: frozenset[str]
    ome: Mapping[str, Any]
    base: tuple[str, ...] = ()

    def ptr(self, *tokens: str | int) -> str:
        return pointer(*self.base, *tokens)


_BY_KIND = ("groups-by-kind",)  # Context.cache key


@dataclass
class Context:
    hierarchy: Hierarchy
    groups: dict[str, Group]
    version: str | None = None  # the hierarchy's version
    root: str = ""  # the group the version was taken from
    cache: dict[object, Any] = field(default_factory=dict)  # shared results of the checks

    def node(self, path: str) -> Node | None:
        return self.hierarchy.nodes.get(path)

    def group(self, path: str, kind: str | None = None) -> Group | None:
        found = self.groups.get(path)
        if found is None or (kind is not None and kind not in found.kinds):
            return None
        return found

    def of_kind(self, kind: str) -> Iterator[Group]:
        """The groups of ``kind`` in path order (sorted once: checks ask per well, per field)."""
        by_kind: dict[str, list[Group]] | None = self.cache.get(_BY_KIND)
        if by_kind is None:
            by_kind = {}
            for path in sorted(self.groups):
                for each in self.groups[path].kinds:
                    by_kind.setdefault(each, []).append(self.groups[path])
            self.cache[_BY_KIND] = by_kind
        return iter(by_kind.get(kind, ()))

    def issue(
        self,
        rule_id: str,
        node: str,
        message: str,
        where: str = "",
        related: tuple[str, ...] = (),
        version: str | None = None,
    ) -> Issue:
        return get_rule(rule_id).issue(
            message, node=node, pointer=where, version=version or self.version, related=related
        )

    def applies(self, rule_id: str, version: str | None) -> bool:
        return version is not None and get_rule(rule_id).applies_to(version)


def objects(value: object) -> list[tuple[int, Mapping[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, Mapping)]


def target(base: str, value: object) -> str | None:
    """A metadata path resolved inside the tree, or None (the walk reported why)."""
    return resolve(base, value)[0]


def display(path: str) -> str:
    return repr(path) if path else "the target"


CrossFn = Callable[[Context], Iterator[Issue]]


@dataclass(frozen=True)
class CrossCheck:
    fn: CrossFn
    rules: tuple[str, ...]


CROSS: list[CrossCheck] = []


def cross(*rules: str) -> Callable[[CrossFn], CrossFn]:
    """Register a cross-group check that can emit ``rules``."""

    def register(fn: CrossFn) -> CrossFn:
        CROSS.append(CrossCheck(fn, rules))
        return fn

    return register


def run(context: Context) -> Iterator[Issue]:
    for check in CROSS:
        yield from check.fn(context)


def _load() -> None:
    from . import bioformats2raw, labels, multiscales, plate, transforms, zarr  # noqa: F401


_load()
