"""0.6 coordinate systems: unique names, references by name, connectivity, the axes of
the intrinsic system (the one the arrays map to, which only the datasets identify), and
the transformations of a multiscale image between its systems.

A scene's systems are checked in `scene`; what a transformation's parameters say about
dimensions in `transformation_params`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ..spec.versions import V06_VERSIONS, get
from . import axes, multiscales, transformations
from ._plain_image import label_type, misplaced_intrinsic, plain_image_systems
from ._registry import check
from ._rule import E, Finding, Rule
from ._util import distinct_strings, duplicates, mapping, objects, ptr
from .transformation_params import check_transformation

__all__ = [
    "CONNECTED",
    "REFERENCE",
    "STRUCTURE",
    "TARGET_EXISTS",
    "UNIQUE_NAMES",
    "axis_count",
    "image_systems_in_full",
    "intrinsic_name",
    "reachable",
    "reference",
    "systems_by_name",
    "unique_systems",
]

STRUCTURE = Rule(
    "coordinate-systems.structure",
    "'coordinateSystems' is a list of objects, each with a non-empty 'name' and 'axes'",
    E,
    "schema",
    decision="A multiscale image needs at least one coordinate system; a scene's list may be"
    " absent (spec-0.6 §2.5, §2.12; §7.16).",
    versions=V06_VERSIONS,
)
UNIQUE_NAMES = Rule(
    "coordinate-systems.unique-names",
    "Coordinate system names are unique within one list",
    E,
    "semantic",
    decision="Checked by name, not by whole object as the upstream schema does (§7.15).",
    versions=V06_VERSIONS,
)
REFERENCE = Rule(
    "coordinate-systems.reference",
    "A transformation's input or output without 'path' names a coordinate system of the document",
    E,
    "semantic",
    decision="Multiscales-level names resolve within their own multiscale image, scene names"
    " within 'scene.coordinateSystems'; a reference with a 'path' points into another"
    " group and is left to the hierarchy check (spec-0.6 §3 G-02). Enforcing it makes"
    " 'strict/valid/image/image_omero' invalid (it names 'intrinsic', which does not"
    " exist): a listed corpus defect.",
    versions=V06_VERSIONS,
)
CONNECTED = Rule(
    "coordinate-systems.connected",
    "The coordinate systems of a multiscale image or a scene are connected by transformations",
    E,
    "semantic",
    decision="Scope (§7.21): per multiscale image, every coordinate system is reachable from"
    " the intrinsic one through its transformations (both directions); per scene, its"
    " systems and the image systems it references form one connected graph. Arrays are"
    " not nodes: dataset transformations only define the intrinsic system.",
    versions=V06_VERSIONS,
)
TARGET_EXISTS = Rule(
    "coordinate-systems.target-exists",
    "A coordinate system named together with a 'path' is defined by that image",
    E,
    "hierarchy",
    decision="Any multiscales entry of the target image may define it (spec 0.6 does not say"
    " which entry when there are several).",
    versions=V06_VERSIONS,
)


def systems_by_name(value: object) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """name -> (index, system) for the first system of each name in a list."""
    found: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for i, system in objects(value):
        name = system.get("name")
        if isinstance(name, str) and name not in found:
            found[name] = (i, system)
    return found


def axis_count(system: Mapping[str, Any] | None) -> int | None:
    found = system.get("axes") if system is not None else None
    return len(found) if isinstance(found, list) and found else None


def intrinsic_name(multiscale: Mapping[str, Any]) -> str | None:
    """The output name of the first dataset transformation that names a system of the image."""
    return _intrinsic(multiscale, systems_by_name(multiscale.get("coordinateSystems")))


def _intrinsic(multiscale: Mapping[str, Any], systems: Mapping[str, object]) -> str | None:
    """`intrinsic_name` with the image's systems by name already found."""
    for _, dataset in objects(multiscale.get("datasets")):
        for _, transform in objects(dataset.get("coordinateTransformations")):
            output = mapping(transform.get("output"))
            name = output.get("name") if output else None
            if isinstance(name, str) and name in systems:
                return name
    return None


def reference(value: object) -> tuple[str | None, bool]:
    """(name, is external) of an input/output object."""
    if type(value) is not dict and not isinstance(value, Mapping):
        return None, False
    name = value.get("name")
    return (name if isinstance(name, str) else None), value.get("path") is not None


def reachable(start: object, edges: list[tuple[Any, Any]]) -> set[object]:
    """The nodes connected to ``start`` by ``edges`` (in either direction)."""
    graph: dict[object, set[object]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    seen, stack = {start}, [start]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def unique_systems(systems: object, base: tuple[str | int, ...]) -> Iterator[Finding]:
    """Unique system names in the list at ``base``, and unique axis names in each system."""
    named = objects(systems)
    names = [s.get("name") for _, s in named]
    indices = [i for i, _ in named]
    repeats = () if distinct_strings(names) else duplicates(zip(indices, names, strict=True))
    for index, first, name in repeats:  # the usual list: distinct strings, none
        yield UNIQUE_NAMES.finding(
            ptr(*base, index, "name"),
            f"coordinate system name {name!r} is already used by system {first}",
        )
    for i, system in objects(systems):
        yield from axes.unique_names(system.get("axes"), (*base, i, "axes"))


class _Image(NamedTuple):
    """One multiscale image of a document, with what every check of it reads: its systems
    by name and its intrinsic system (found once per document, not once per check)."""

    m: int
    multiscale: Mapping[str, Any]
    systems: dict[str, tuple[int, Mapping[str, Any]]]
    intrinsic: str | None
    #: name -> `axis_count` of the system (None when it has no axes to count).
    counts: dict[str, int | None]


def _images(ome: Mapping[str, Any]) -> list[_Image]:
    found = []
    for m, multiscale in objects(ome.get("multiscales")):
        systems = systems_by_name(multiscale.get("coordinateSystems"))
        counts = {name: axis_count(system) for name, (_, system) in systems.items()}
        intrinsic = _intrinsic(multiscale, systems)
        found.append(_Image(m, multiscale, systems, intrinsic, counts))
    return found


@check("image")
def image_systems(ome: Mapping[str, Any], version: str) -> list[Finding]:
    """The coordinate systems of each multiscale image: unique names, the axes of the
    intrinsic system and of the others, then the transformations (dataset and image).
    A list (no generator made per image): the shortcut answers one at once."""
    if version not in V06_VERSIONS:
        return []
    spec = get(version)
    plain = plain_image_systems(ome, spec.intrinsic_is_input, spec.by_dimension_axes)
    if plain is not None:  # only the axes have something to say (`_plain_image`)
        return plain
    return list(image_systems_in_full(ome, version))


def image_systems_in_full(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    """`image_systems` by the general checks, each on its own."""
    images = _images(ome)
    for image in images:
        yield from unique_systems(
            image.multiscale.get("coordinateSystems"), ("multiscales", image.m, "coordinateSystems")
        )
    for image in images:
        yield from _intrinsic_axes(image)
    for image in images:
        yield from _other_systems_axes(image)
    for image in images:
        base = ("multiscales", image.m)
        findings: list[Finding] = []
        yield from _datasets(image, base, version, findings)
        yield from _multiscale(image, base, version, findings)
        yield from findings


def _axes(found: list[Any]) -> list[Mapping[str, Any]]:
    """The axes of a system, an item that is no object as an empty one."""
    return [a if type(a) is dict or isinstance(a, Mapping) else {} for a in found]


def _intrinsic_axes(image: _Image) -> Iterator[Finding]:
    name = image.intrinsic
    if name is None:
        return
    index, system = image.systems[name]
    where = ("multiscales", image.m, "coordinateSystems", index, "axes")
    found = system.get("axes")
    if not isinstance(found, list):
        yield multiscales.INTRINSIC_AXES.finding(
            ptr(*where[:-1]),
            f"the intrinsic coordinate system {name!r} has no list of axes to check",
        )
        return
    yield from axes.image_axes(_axes(found), where)


def _other_systems_axes(image: _Image) -> Iterator[Finding]:
    """0.6 applies the axis rules (count, space count, order...) to every coordinate system
    of the multiscales metadata, not only the intrinsic one (`_intrinsic_axes`); a system
    found by no dataset output (a string output, say) is checked here too."""
    for i, system in objects(image.multiscale.get("coordinateSystems")):
        found, name = system.get("axes"), system.get("name")
        if name == image.intrinsic or not isinstance(found, list):
            continue  # the intrinsic system's own check; the schema requires a list
        yield from axes.image_axes(
            _axes(found),
            ("multiscales", image.m, "coordinateSystems", i, "axes"),
            f"its coordinate system {name!r}" if isinstance(name, str) else "a system",
        )


# --- the transformations of a multiscale image


def _datasets(
    image: _Image, base: tuple[str | int, ...], version: str, found: list[Finding]
) -> Iterator[Finding]:
    """Each dataset maps its own array to the intrinsic system (findings of the
    transformations themselves go to ``found``). Runs per dataset of long lists: the
    common case (an object input without another path, an output naming the intrinsic
    system, a transformation that fits) builds no pointer."""
    systems, intrinsic, counts = image.systems, image.intrinsic, image.counts
    for d, dataset in objects(image.multiscale.get("datasets")):
        path = dataset.get("path")
        for i, t in objects(dataset.get("coordinateTransformations")):
            at = (*base, "datasets", d, "coordinateTransformations", i)
            source = t.get("input")
            if (
                isinstance(path, str)
                and (type(source) is dict or isinstance(source, Mapping))
                and "path" in source
                and source["path"] != path
            ):
                yield multiscales.DATASET_INPUT_PATH.finding(
                    ptr(*at, "input", "path"),
                    f"the input path {source['path']!r} is not the dataset path {path!r}",
                )
            name, _ = reference(t.get("output"))
            if name is None:
                continue
            if name not in systems:
                yield multiscales.INTRINSIC_SYSTEM.finding(
                    ptr(*at, "output", "name"),
                    f"the output {name!r} is not a coordinate system of this multiscale image"
                    f" ({', '.join(map(repr, systems)) or 'none defined'})",
                )
            elif intrinsic is not None and name != intrinsic:
                yield multiscales.INTRINSIC_SYSTEM.finding(
                    ptr(*at, "output", "name"),
                    f"all datasets map to one intrinsic coordinate system: {intrinsic!r},"
                    f" not {name!r}",
                )
            level = counts.get(name)
            found.extend(check_transformation(t, level, level, at, version))


def _multiscale(
    image: _Image, base: tuple[str | int, ...], version: str, found: list[Finding]
) -> Iterator[Finding]:
    """The image's own transformations: they name its systems, one side is the intrinsic
    system, and they connect every system to it."""
    systems, intrinsic, counts = image.systems, image.intrinsic, image.counts
    edges: list[tuple[str, str]] = []
    transforms = image.multiscale.get("coordinateTransformations")
    yield from transformations.unique_names(transforms, (*base, "coordinateTransformations"))
    reads = get(version).intrinsic_is_input  # 0.6.dev4: the input; 0.6rc0: either side
    for i, t in objects(transforms):
        at = (*base, "coordinateTransformations", i)
        source, source_elsewhere = reference(t.get("input"))
        target, target_elsewhere = reference(t.get("output"))
        # a side named without 'path' (local) names a system of this image
        source_local = source is not None and not source_elsewhere
        target_local = target is not None and not target_elsewhere
        for side, name, local in (
            ("input", source, source_local),
            ("output", target, target_local),
        ):
            if local and name not in systems:
                yield REFERENCE.finding(
                    ptr(*at, side, "name"),
                    f"{name!r} is not a coordinate system of this multiscale image"
                    f" ({', '.join(map(repr, systems)) or 'none defined'})",
                )
        n = counts.get(source) if source is not None and source_local else None
        m = counts.get(target) if target is not None and target_local else None
        found.extend(check_transformation(t, n, m, at, version))
        if misplaced_intrinsic(intrinsic, source, source_local, target, target_local, reads):
            yield multiscales.TRANSFORM_INTRINSIC.finding(
                ptr(*at),
                f"{'the input' if reads else 'one side'} of a multiscale image's transformation"
                f" is its intrinsic system {intrinsic!r} (without 'path')"
                + (f" in {version}" if reads else ""),
            )
        external = (source is not None and source_elsewhere) or (
            target is not None and target_elsewhere
        )
        if external and not label_type(t):
            yield multiscales.LABEL_TRANSFORM_TYPE.finding(
                ptr(*at, "type"),
                "a transformation into a child label image is an identity, a scale, a"
                " translation or a sequence of a scale then a translation",
            )
        if source_local and target_local and source in systems and target in systems:
            edges.append((str(source), str(target)))
    if intrinsic is not None:
        reached = reachable(intrinsic, edges)
        for name, (index, _) in systems.items():
            if name not in reached:
                yield CONNECTED.finding(
                    ptr(*base, "coordinateSystems", index),
                    f"coordinate system {name!r} is not connected to the intrinsic system"
                    f" {intrinsic!r} by any transformation",
                )
