"""The coordinate-system checks of a 0.6 image whose systems and transformations have
nothing to find, told in one loop: the shortcut of `coordinate_systems.image_systems`.

The usual image names its systems and their axes once each, maps every dataset to one
intrinsic system by a transformation that fits it, and connects its other systems to
it. The general checks find nothing in it but what the axes of each system say (how
many of each type, in which order: half the drawn images have such a finding), and
cost a third of the document's validation: generators in generators, a pointer tuple
per transformation, each list read again by each check. Here one pass per image
answers `image_systems`'s findings when they are only those of the axes (in its order:
the intrinsic system's of every image, then the other systems'), and None at the first
doubt (a name repeated or missing, an output that is not the intrinsic system, a
transformation to walk, a system left unconnected, anything but a dict or a list where
the checks read one): the general checks then say what they find.
``tests/test_plain_image.py`` proves on drawn and mutated 0.6 documents that the answer
is always the general checks' own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import Any, TypeGuard

from . import axes
from ._rule import Finding, Rule
from ._transform_fit import WALK, plain_output
from ._util import distinct_strings

__all__ = ["LABEL_TYPES", "label_type", "misplaced_intrinsic", "plain_image_systems"]

LABEL_TYPES = frozenset({"identity", "scale", "translation"})

_DICTS = frozenset({dict})

#: ``map(_GET, found, _NAME)``: ``a.get("name")`` of each axis (exact dicts), in C.
_GET = dict.get
_NAME = repeat("name")
_TYPE = repeat("type")


def label_type(t: Mapping[str, Any]) -> bool:
    """Whether ``t`` may map an image into a child label image (or the schema words it)."""
    kind = t.get("type")
    if not isinstance(kind, str):
        return True  # an untyped transform (or a list, ...) is reported by the schema
    if kind in LABEL_TYPES:
        return True
    items = t.get("transformations")
    if kind == "sequence" and isinstance(items, list) and len(items) == 2:
        types = [i.get("type") if isinstance(i, Mapping) else None for i in items]
        return types == ["scale", "translation"]
    return False


def misplaced_intrinsic(
    intrinsic: str | None,
    source: str | None,
    source_local: bool,
    target: str | None,
    target_local: bool,
    reads_input: bool,
) -> bool:
    """Whether a multiscale image's transformation between two named sides lacks its
    intrinsic system (named without 'path') where the version wants it: the input
    (``reads_input``, 0.6.dev4) or either side (0.6rc0)."""
    return (
        intrinsic is not None
        and source is not None
        and target is not None
        and not (source_local and source == intrinsic)
        and (reads_input or not (target_local and target == intrinsic))
    )


def _dicts(value: object) -> TypeGuard[list[dict[str, Any]]]:
    """An exact list of exact dicts (the empty list too)."""
    return type(value) is list and _DICTS.issuperset(map(type, value))


class _Doubt(Exception):
    """Something the general checks must look at."""


def plain_image_systems(
    ome: Mapping[str, Any], reads_input: bool, axes: tuple[str, str] | None = None
) -> list[Finding] | None:
    """`image_systems`'s findings when they are only those of the systems' axes, else
    None. ``reads_input``: the version's `intrinsic_is_input`; ``axes``: its
    `by_dimension_axes` (`plain_output`)."""
    multiscales = ome.get("multiscales")
    if multiscales is None:
        return []
    if not _dicts(multiscales):
        return None
    intrinsic_found: list[Finding] = []
    others_found: list[Finding] = []
    try:
        for m, multiscale in enumerate(multiscales):
            _image(m, multiscale, reads_input, axes, intrinsic_found, others_found)
    except _Doubt:
        return None
    return intrinsic_found + others_found


def _image(
    m: int,
    multiscale: dict[str, Any],
    reads_input: bool,
    axes: tuple[str, str] | None,
    intrinsic_found: list[Finding],
    others_found: list[Finding],
) -> None:
    listed = multiscale.get("coordinateSystems")
    if listed is None:
        listed = []
    elif type(listed) is not list or not _DICTS.issuperset(map(type, listed)):
        raise _Doubt
    counts: dict[str, int | None] = {}  # name -> axis count (None: no axes)
    layouts: list[tuple[int, str, list[dict[str, Any]], list[object]]] = []
    for i, system in enumerate(listed):
        name = system.get("name")
        found = system.get("axes")
        if (
            type(name) is not str
            or name in counts
            or type(found) is not list
            or not _DICTS.issuperset(map(type, found))
        ):
            raise _Doubt  # a name repeated or no string, axes not a list of objects
        names = list(map(_GET, found, _NAME))  # each axis's "name", in C
        if len(names) == 2:  # the usual pair (y, x): `distinct_strings` without its sets
            first, second = names
            if type(first) is not str or type(second) is not str or first == second:
                raise _Doubt
        elif len(names) > 2 and not distinct_strings(names):
            raise _Doubt  # an axis name repeated (or not a string)
        counts[name] = len(found) or None
        layouts.append((i, name, found, names))
    intrinsic = _datasets(multiscale.get("datasets"), counts, axes)
    transforms = multiscale.get("coordinateTransformations")
    _transforms(transforms, counts, intrinsic, reads_input, axes)
    for i, name, found, names in layouts:
        if name == intrinsic:
            intrinsic_found.extend(_image_axes(found, names, m, i, None))
        else:
            others_found.extend(_image_axes(found, names, m, i, name))


#: `axes.image_axes`'s (rule, message) pairs by what they read: the axis types, the
#: names when three axes are space axes (z, y, x), the system's wording when the count
#: is out of range; with them, the findings they make at each place (multiscale, system:
#: a `Finding` is immutable, and costs a microsecond to make). Images share a few
#: layouts (a store's, the drawn ones): each is worked out once. Bounded: cleared when
#: full.
_Entry = tuple[tuple[tuple[Rule, str], ...], dict[tuple[int, int], tuple[Finding, ...]]]
_AXES: dict[tuple[object, ...], _Entry] = {}
#: The same of the usual layout (fewer than three space axes, two to five axes: neither
#: names nor the system's wording read), keyed by the axis types alone.
_USUAL_AXES: dict[tuple[object, ...], _Entry] = {}


def _image_axes(
    found: list[dict[str, Any]], names: list[object], m: int, i: int, name: str | None
) -> list[Finding]:
    """`axes.image_axes` of the axes (dicts) of system ``i`` of multiscale ``m``, named
    ``name`` (None: the intrinsic system), worked out once per layout; the system's
    wording and the pointer are made only where read (the pointer's tokens are a
    multiscale's keys and indices: nothing to escape). ``names``: the axes' names."""
    types = tuple(map(_GET, found, _TYPE))
    spaces = tuple(names) if types.count("space") >= 3 else None
    usual = spaces is None and 2 <= len(found) <= 5  # the usual layout: keyed by its types
    try:
        entry = _USUAL_AXES.get(types) if usual else _AXES.get(key := (types, spaces, _label(name)))
    except TypeError:  # a type that is a list or an object: no key
        return axes.image_axes(found, _where(m, i), _label(name))
    if entry is None:
        kept = _USUAL_AXES if usual else _AXES
        if len(kept) >= 1024:
            kept.clear()
        made = axes.image_axes(found, (), _label(name))
        entry = kept[types if usual else key] = (tuple((f.rule, f.message) for f in made), {})
    pairs, placed = entry
    if not pairs:
        return []
    findings = placed.get((m, i))  # the same findings at the same place: made once
    if findings is None:
        if len(placed) >= 256:
            placed.clear()
        at = f"/multiscales/{m}/coordinateSystems/{i}/axes"
        findings = placed[m, i] = tuple([rule.finding(at, message) for rule, message in pairs])
    return list(findings)


def _where(m: int, i: int) -> tuple[str | int, ...]:
    return ("multiscales", m, "coordinateSystems", i, "axes")


def _label(name: str | None) -> str:
    """How `image_systems` names a system in its messages."""
    return "its intrinsic system" if name is None else f"its coordinate system {name!r}"


def _datasets(
    datasets: object, counts: dict[str, int | None], axes: tuple[str, str] | None
) -> str | None:
    """The intrinsic system, when every dataset maps its own array to it by a fitting
    transformation; `_Doubt` otherwise (``counts``: the axis count of each system by
    name). The usual transformation (a scale of as many
    values as the system has axes, none of them 0) is told inline: `plain_output` has
    nothing else to say of it."""
    if datasets is None:
        return None
    if type(datasets) is not list:
        raise _Doubt
    intrinsic: str | None = None
    level: int | None = None
    for dataset in datasets:
        if type(dataset) is not dict:
            raise _Doubt
        transforms = dataset.get("coordinateTransformations")
        if transforms is None:
            continue
        if type(transforms) is not list:
            raise _Doubt
        path = dataset.get("path")
        for t in transforms:
            if type(t) is not dict:
                raise _Doubt
            source = t.get("input")
            if type(source) is dict:
                if "path" in source and isinstance(path, str) and source["path"] != path:
                    raise _Doubt  # an input path that is not the dataset's
            elif source is not None and isinstance(source, Mapping):
                raise _Doubt
            output = t.get("output")
            if type(output) is not dict:
                if output is not None and isinstance(output, Mapping):
                    raise _Doubt
                continue  # no system named: nothing checked
            name = output.get("name")
            if type(name) is not str:
                if isinstance(name, str):
                    raise _Doubt
                continue
            if name != intrinsic:
                if intrinsic is not None or name not in counts:
                    raise _Doubt
                intrinsic = name
                level = counts[name]
            kind = t.get("type")
            if kind == "scale":
                if _usual_scale(t.get("scale"), level):
                    continue  # the usual scale: what `plain_output` accepts
            elif kind == "sequence" and _usual_sequence(t.get("transformations"), level):
                continue
            if plain_output(t, level, level, axes) is WALK:
                raise _Doubt
    return intrinsic


def _usual_scale(values: object, level: int | None) -> bool:
    """A dataset's scale that `plain_output` accepts between systems of ``level`` axes:
    a list of as many values, none of them 0 (``in`` matches 0, 0.0, -0.0, False)."""
    return type(values) is list and (level is None or len(values) == level) and 0 not in values


def _usual_sequence(items: object, level: int | None) -> bool:
    """A dataset's sequence of a scale then a translation that `plain_output` accepts
    between systems of ``level`` axes: the scale as `_usual_scale`, the translation a
    list of as many values."""
    if type(items) is not list or len(items) != 2:
        return False
    scale, translation = items
    if type(scale) is not dict or type(translation) is not dict:
        return False
    if scale.get("type") != "scale" or translation.get("type") != "translation":
        return False
    values, offsets = scale.get("scale"), translation.get("translation")
    return (
        _usual_scale(values, level) and type(offsets) is list and len(offsets) == len(values)  # type: ignore[arg-type]
    )


def _side(value: object) -> tuple[str | None, bool]:
    """(name, is external) of an input/output, as `coordinate_systems.reference`."""
    if type(value) is not dict:
        if value is not None and isinstance(value, Mapping):
            raise _Doubt
        return None, False
    name = value.get("name")
    if type(name) is not str:
        if isinstance(name, str):
            raise _Doubt
        name = None
    return name, value.get("path") is not None


def _transforms(
    transforms: object,
    counts: dict[str, int | None],
    intrinsic: str | None,
    reads_input: bool,
    axes: tuple[str, str] | None,
) -> None:
    """The image's own transformations: distinct names, sides naming its systems, the
    intrinsic system on the side the version wants, label types, every system
    connected to the intrinsic one; `_Doubt` at anything to report."""
    if transforms is None:
        return _connected(counts, intrinsic, ())
    if type(transforms) is not list:
        raise _Doubt
    named: set[str] = set()
    edges: list[tuple[str, str]] = []
    for t in transforms:
        if type(t) is not dict:
            raise _Doubt
        own = t.get("name")
        if own is not None:
            if type(own) is not str or own in named:
                raise _Doubt  # a name that is no string, or repeated
            named.add(own)
        source, source_elsewhere = _side(t.get("input"))
        target, target_elsewhere = _side(t.get("output"))
        source_local = source is not None and not source_elsewhere
        target_local = target is not None and not target_elsewhere
        if source_local:
            if source not in counts:
                raise _Doubt
            n = counts[source]
        else:
            n = None
        if target_local:
            if target not in counts:
                raise _Doubt
            m = counts[target]
        else:
            m = None
        if plain_output(t, n, m, axes) is WALK:
            raise _Doubt
        if (
            intrinsic is not None
            and source is not None
            and target is not None
            and misplaced_intrinsic(
                intrinsic, source, source_local, target, target_local, reads_input
            )
        ):
            raise _Doubt
        external = (source_elsewhere and source is not None) or (
            target_elsewhere and target is not None
        )
        if external and not label_type(t):
            raise _Doubt
        if source_local and target_local:
            edges.append((source, target))  # type: ignore[arg-type]
    _connected(counts, intrinsic, edges)


def _connected(
    systems: dict[str, int | None], intrinsic: str | None, edges: Iterable[tuple[str, str]]
) -> None:
    """`_Doubt` when a system is left unconnected to the intrinsic one (when known)."""
    if intrinsic is None or len(systems) <= 1:
        return
    if len(systems) == 2:  # the usual pair: joined by any edge between two systems
        for a, b in edges:  # (every edge names two of the image's systems)
            if a != b:
                return
        raise _Doubt
    reached: set[str | None] = {intrinsic}
    _connect(reached, edges)
    if len(reached) < len(systems):
        raise _Doubt  # a system left unconnected


def _connect(reached: set[str | None], edges: Iterable[tuple[str, str]]) -> None:
    """Add to ``reached`` every system connected to it by ``edges`` (either direction)."""
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, []).append(a)
    stack = [name for name in reached if name is not None]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                stack.append(nxt)
