"""0.6 coordinate-system rules a schema cannot state: unique names, and the axes of the
intrinsic system (the one the arrays map to), which only the datasets identify."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..spec.versions import V06_VERSIONS
from . import Finding, check
from ._util import duplicates, mapping, objects, ptr

_KNOWN = {"space", "time", "channel"}


def systems_by_name(value: object) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """name -> (index, system) for the first system of each name in a list."""
    found: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for i, system in objects(value):
        name = system.get("name")
        if isinstance(name, str) and name not in found:
            found[name] = (i, system)
    return found


def axis_count(system: Mapping[str, Any] | None) -> int | None:
    axes = system.get("axes") if system is not None else None
    return len(axes) if isinstance(axes, list) and axes else None


def intrinsic_name(multiscale: Mapping[str, Any]) -> str | None:
    """The output name of the first dataset transformation that names a system of the image."""
    systems = systems_by_name(multiscale.get("coordinateSystems"))
    for _, dataset in objects(multiscale.get("datasets")):
        for _, transform in objects(dataset.get("coordinateTransformations")):
            output = mapping(transform.get("output"))
            name = output.get("name") if output else None
            if isinstance(name, str) and name in systems:
                return name
    return None


def _unique(systems: object, base: tuple[str | int, ...]) -> Iterator[Finding]:
    for index, first, name in duplicates((i, s.get("name")) for i, s in objects(systems)):
        yield (
            "coordinate-systems.unique-names",
            ptr(*base, index, "name"),
            f"coordinate system name {name!r} is already used by system {first}",
        )
    for i, system in objects(systems):
        axes = objects(system.get("axes"))
        for index, first, name in duplicates((j, a.get("name")) for j, a in axes):
            yield (
                "axes.unique-names",
                ptr(*base, i, "axes", index, "name"),
                f"duplicate axis name {name!r} (also axis {first})",
            )


@check("image", rules=("coordinate-systems.unique-names", "axes.unique-names"))
def unique_in_multiscales(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    if version not in V06_VERSIONS:
        return
    for m, multiscale in objects(ome.get("multiscales")):
        yield from _unique(
            multiscale.get("coordinateSystems"), ("multiscales", m, "coordinateSystems")
        )


@check("scene", rules=("coordinate-systems.unique-names", "axes.unique-names"))
def unique_in_scene(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    scene = mapping(ome.get("scene"))
    if version in V06_VERSIONS and scene is not None:
        yield from _unique(scene.get("coordinateSystems"), ("scene", "coordinateSystems"))


def _kind(axis: Mapping[str, Any]) -> str:
    """'space', 'time', 'channel' or 'other' (custom, untyped, array, coordinate...)."""
    kind = axis.get("type")
    return kind if kind in _KNOWN else "other"


@check(
    "image",
    rules=(
        "multiscales.intrinsic-axes",
        "axes.count",
        "axes.space-count",
        "axes.time-count",
        "axes.channel-count",
        "axes.custom-count",
        "axes.channel-or-custom",
        "axes.order",
        "axes.zyx-order",
    ),
)
def intrinsic_axes(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    if version not in V06_VERSIONS:
        return
    for m, multiscale in objects(ome.get("multiscales")):
        name = intrinsic_name(multiscale)
        if name is None:
            continue
        index, system = systems_by_name(multiscale.get("coordinateSystems"))[name]
        where = ("multiscales", m, "coordinateSystems", index, "axes")
        axes = system.get("axes")
        if not isinstance(axes, list):
            yield (
                "multiscales.intrinsic-axes",
                ptr(*where[:-1]),
                f"the intrinsic coordinate system {name!r} has no list of axes to check",
            )
            continue
        yield from _composition([a if isinstance(a, Mapping) else {} for a in axes], where)


def _composition(
    axes: Sequence[Mapping[str, Any]], where: tuple[str | int, ...]
) -> Iterator[Finding]:
    at = ptr(*where)
    if not 2 <= len(axes) <= 5:
        yield ("axes.count", at, f"an image has 2 to 5 axes; its intrinsic system has {len(axes)}")
    if axes and all(a.get("type") == "array" for a in axes):
        return  # the array index space: no physical axes to count
    kinds = [_kind(a) for a in axes]
    space = kinds.count("space")
    if not 2 <= space <= 3:
        yield ("axes.space-count", at, f"an image has 2 or 3 axes of type 'space', not {space}")
    for kind, rule in (("time", "axes.time-count"), ("channel", "axes.channel-count")):
        if kinds.count(kind) > 1:
            yield (rule, at, f"an image has at most one axis of type '{kind}'")
    if kinds.count("other") > 1:
        yield ("axes.custom-count", at, "an image has at most one axis of a custom type or none")
    if "channel" in kinds and "other" in kinds:
        yield (
            "axes.channel-or-custom",
            at,
            "read literally, the spec allows one channel or custom axis in total, not one of each",
        )
    rank = {"time": 0, "channel": 1, "other": 1, "space": 2}
    ranks = [rank[k] for k in kinds]
    if ranks != sorted(ranks):
        yield (
            "axes.order",
            at,
            "axes are ordered time first (if any), then channel or custom axes, then space",
        )
    names = [a.get("name") for a, k in zip(axes, kinds, strict=True) if k == "space"]
    if sorted(n for n in names if isinstance(n, str)) == ["x", "y", "z"] and names != [
        "z",
        "y",
        "x",
    ]:
        yield (
            "axes.zyx-order",
            at,
            f"the space axes are ordered {', '.join(map(str, names))}; the spec recommends z, y, x",
        )
