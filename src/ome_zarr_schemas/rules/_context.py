"""What a cross-group check receives: the read `Hierarchy` and what each OME-Zarr group
in it is (`Group`), with the lookups the checks share.

A cross-group check never reads the store: what was not read (a bound was hit, a path
was unsafe) is simply not checked, because the walk already reported why.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..issues import pointer
from ..spec.links import Link, LinkKind, links, of_version
from ..spec.transformations import Tokens, lists
from ..store.paths import resolve
from ._rule import Rule

if TYPE_CHECKING:
    from ..store.nodes import Hierarchy, Node

__all__ = ["Context", "Group", "applies", "display", "target"]


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


_BY_KIND = ("groups-by-kind",)  # Context.cache keys
_VERSIONS = ("group-versions",)


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

    def reached(
        self, base: str, value: object, *, allow_up: bool = False
    ) -> tuple[str, Node] | None:
        """(node path, node) for a metadata path found in the group at ``base``, when the
        path is safe and the walk looked for the node; None when the walk said why not."""
        path = resolve(base, value, allow_up=allow_up)[0]
        node = self.hierarchy.nodes.get(path) if path is not None else None
        if path is None or node is None or node.exists is None:
            return None
        return path, node

    def not_an_image(self, path: str, node: Node) -> str | None:
        """Why the node at ``path`` is no multiscale image group, or None when it is one."""
        if self.group(path, "image") is not None:
            return None
        if node.exists is False:
            return "does not exist"
        ome = node.ome()[0]
        if ome is not None and "multiscales" in ome:  # an image, but of no known version
            return "has a 'multiscales' but no supported OME-Zarr version (see its findings)"
        return "has no 'multiscales'"

    def links_to_non_images(
        self, group: Group, kind: LinkKind, base: str | None = None
    ) -> Iterator[tuple[Link, str, str]]:
        """(link, node path, why: `not_an_image`) for each link of ``kind`` in ``group``,
        resolved against ``base`` (the group's path by default), that the walk looked for
        and found to be no multiscale image group."""
        for link in self.links(group, kind):
            found = self.reached(
                group.path if base is None else base, link.path, allow_up=link.allow_up
            )
            state = None if found is None else self.not_an_image(*found)
            if found is not None and state is not None:
                yield link, found[0], state

    def links(self, group: Group, kind: LinkKind) -> list[Link]:
        """The links of ``kind`` the group's metadata makes (`spec.links`, read once per
        group); their pointers already lead from the group's attributes."""
        key = ("links", group.path)
        by_kind: dict[str, list[Link]] | None = self.cache.get(key)
        if by_kind is None:
            by_kind = {}
            node = self.hierarchy.nodes.get(group.path)
            every = node.links if node is not None else None
            if every is None:
                every = links(group.ome, None, group.base)
            for link in of_version(every, group.version):
                by_kind.setdefault(link.kind, []).append(link)
            self.cache[key] = by_kind
        return by_kind.get(kind, [])

    def transformation_lists(self, rule: Rule) -> Iterator[tuple[Group, str, Tokens, object]]:
        """(group, owner, pointer tokens, list) for each top-level transformation list
        (`spec.transformations.lists`) of the groups ``rule`` applies to (none at all
        when it applies to none of the versions the groups have: a 0.5 plate's
        thousands of groups are not looked at for each 0.6 rule)."""
        if not any(applies(rule, version) for version in self.versions()):
            return
        for group in self.groups.values():
            if applies(rule, group.version):
                for owner, tokens, transforms in lists(group.ome):
                    yield group, owner, tokens, transforms

    def versions(self) -> frozenset[str | None]:
        """The versions of the groups (found once per store)."""
        found: frozenset[str | None] | None = self.cache.get(_VERSIONS)
        if found is None:
            found = self.cache[_VERSIONS] = frozenset(g.version for g in self.groups.values())
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


def target(base: str, value: object) -> str | None:
    """A metadata path resolved inside the tree, or None (the walk reported why)."""
    return resolve(base, value)[0]


def display(path: str) -> str:
    return repr(path) if path else "the target"


def applies(rule: Rule, version: str | None) -> bool:
    """Whether ``rule`` applies to a group of ``version`` (never to an unknown version)."""
    return version is not None and rule.applies_to(version)
