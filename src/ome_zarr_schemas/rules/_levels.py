"""The level arrays of the multiscale images of a store, worked out once per image for
the cross-group checks that compare them (`multiscales`, `image_label`, `omero`).

A 384-well plate with labels has 3,072 images of five levels each: every step per level
counts. `resolved` reads an image's datasets directly (the level links of `spec.links`
are its datasets' string paths, in order) and joins a path that is a plain name to the
image's path, where the general code resolved each link (`store.paths.resolve`). A
`Level` is a dataclass with slots, not frozen (a frozen one cost half a microsecond more
per level). `rules._shortcuts.general_only` makes `resolved` work from the links, as it did, for the
tests that compare both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._context import Context, Group, target
from ._shortcuts import taken
from ._util import objects

if TYPE_CHECKING:
    from ..store.nodes import ArrayMeta, Node

__all__ = [
    "Level",
    "Resolved",
    "axes_of",
    "axis_names",
    "first_levels",
    "first_multiscale",
    "images",
    "keep_levels",
    "levels",
    "resolved",
]


@dataclass(slots=True)
class Level:
    """A level array that was read: its dataset, array metadata and image. Not frozen:
    a frozen dataclass costs four times as much to build (each field set through
    ``object.__setattr__``), and nothing changes a level once built."""

    index: int
    path: str  # node path of the array
    array: ArrayMeta
    dataset: Mapping[str, Any]
    group: Group
    multiscale: int

    @property
    def where(self) -> str:
        """Pointer of the dataset path in the image's attributes."""
        return self.group.ptr("multiscales", self.multiscale, "datasets", self.index, "path")


Resolved = list[tuple[int, Mapping[str, Any], str | None, "Node | None"]]


def resolved(
    ctx: Context, group: Group, m: int, multiscale: Mapping[str, Any], *, keep: bool = True
) -> Resolved:
    """(index, dataset, node path, node) for each dataset path of the multiscale ``m``
    (`spec.links` levels; the node path is None when unsafe), resolved once per image;
    ``keep=False``: not kept for later callers (`_usual_images` reads them once, and
    thousands of images' lists would stay in memory for nothing)."""
    key = ("datasets", group.path, m)
    cached: Resolved | None = ctx.cache.get(key)
    if cached is None:
        if taken():
            cached = _direct(ctx, group, multiscale)
        else:
            cached = _by_links(ctx, group, m, multiscale)
        if keep:
            ctx.cache[key] = cached
    return cached


def _by_links(ctx: Context, group: Group, m: int, multiscale: Mapping[str, Any]) -> Resolved:
    """`resolved` from the group's level links, each resolved in general."""
    nodes = ctx.hierarchy.nodes
    datasets = multiscale["datasets"]
    found: Resolved = []
    for link in ctx.links(group, "level"):
        _, owner, _, j, _ = link.tokens[len(group.base) :]  # multiscales/m/datasets/j/path
        if owner == m and isinstance(j, int):
            path = target(group.path, link.path)
            node = nodes.get(path) if path is not None else None
            found.append((j, datasets[j], path, node))
    return found


def _direct(ctx: Context, group: Group, multiscale: Mapping[str, Any]) -> Resolved:
    """`resolved` from the datasets themselves: the level links of a multiscale are its
    datasets that are objects with a string path (`spec.links._levels`), in order. A path
    of letters and digits only is a safe path of one segment (no separator, dot, percent
    sign or colon for `resolve` to refuse), so its node is the image's path joined to it;
    any other path is resolved in general."""
    datasets = multiscale.get("datasets")
    if not isinstance(datasets, list):
        return []
    nodes = ctx.hierarchy.nodes
    base = group.path
    prefix = "/".join(p for p in base.split("/") if p)
    prefix = prefix + "/" if prefix else ""
    found: Resolved = []
    for j, dataset in enumerate(datasets):
        if type(dataset) is not dict and not isinstance(dataset, Mapping):
            continue
        written = dataset.get("path")
        if type(written) is not str and not isinstance(written, str):
            continue
        path = prefix + written if written.isalnum() else target(base, written)
        found.append((j, dataset, path, nodes.get(path) if path is not None else None))
    return found


def axes_of(multiscale: Mapping[str, Any]) -> list[Any] | None:
    """The axes of the level arrays: 'axes' (0.4, 0.5) or the intrinsic coordinate
    system's axes (0.6: the system every dataset transform outputs to)."""
    axes = multiscale.get("axes")
    if axes is None and "coordinateSystems" in multiscale:
        axes = _intrinsic_axes(multiscale)
    return axes if isinstance(axes, list) else None


def axis_names(multiscale: Mapping[str, Any]) -> list[object] | None:
    axes = axes_of(multiscale)
    if axes is None:
        return None
    return [a.get("name") if isinstance(a, dict) else a for a in axes]


def _intrinsic_axes(multiscale: Mapping[str, Any]) -> object:
    datasets = objects(multiscale.get("datasets"))
    transforms = objects(datasets[0][1].get("coordinateTransformations")) if datasets else []
    output = transforms[0][1].get("output") if transforms else None
    name = output.get("name") if isinstance(output, dict) else None
    for _, system in objects(multiscale.get("coordinateSystems")):
        if name is not None and system.get("name") == name:
            return system.get("axes")
    return None


def levels(ctx: Context, group: Group, m: int, multiscale: Mapping[str, Any]) -> list[Level]:
    """The level arrays of one multiscale that were read and are arrays with a shape."""
    key = ("levels", group.path, m)
    cached: list[Level] | None = ctx.cache.get(key)  # or kept by `keep_levels`
    if cached is None:
        cached = [
            Level(j, path, node.array, dataset, group, m)
            for j, dataset, path, node in resolved(ctx, group, m, multiscale)
            if path is not None
            and node is not None
            and node.array is not None
            and node.exists is True
            and node.node_type == "array"
        ]
        ctx.cache[key] = cached
    return cached


def keep_levels(ctx: Context, group: Group, m: int, found: list[Level]) -> None:
    """Keep ``found`` as `levels` of the multiscale ``m``: a caller that read every
    dataset of it as an existing array (what `levels` would keep) built them."""
    ctx.cache.setdefault(("levels", group.path, m), found)


def images(ctx: Context) -> Iterator[tuple[Group, int, Mapping[str, Any]]]:
    """(group, index, multiscale) of every multiscale of every image group, in path order."""
    key = ("images",)
    cached: list[tuple[Group, int, Mapping[str, Any]]] | None = ctx.cache.get(key)
    if cached is None:
        cached = [
            (group, m, multiscale)
            for group in ctx.of_kind("image")
            for m, multiscale in objects(group.ome.get("multiscales"))
        ]
        ctx.cache[key] = cached
    return iter(cached)


def first_multiscale(group: Group) -> tuple[int, Mapping[str, Any]] | None:
    """(index, multiscale) of the group's first multiscale image (labels compare these)."""
    found = objects(group.ome.get("multiscales"))
    return found[0] if found else None


def first_levels(ctx: Context, group: Group) -> list[Level]:
    """The level arrays of the group's first multiscale image."""
    first = first_multiscale(group)
    return levels(ctx, group, *first) if first else []
