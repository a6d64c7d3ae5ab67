"""Axes: names, types, units, how many of each type an image has and in which order.

In 0.4 and 0.5 the schemas check an image's axes; 0.6 moved the axes into coordinate
systems, and only the datasets say which system holds the arrays' axes (the intrinsic
one), so there Python checks the composition (`image_axes`, called by
`coordinate_systems`). Unique names and the z, y, x convention are Python in every version.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..spec.versions import V06_VERSIONS
from ._registry import check
from ._rule import E, Finding, Rule, W
from ._shortcuts import taken
from ._usual_documents import plain_axes
from ._util import objects, ptr, unique_by

__all__ = [
    "CHANNEL_COUNT",
    "CHANNEL_OR_CUSTOM",
    "COUNT",
    "CUSTOM_COUNT",
    "NAME",
    "ORDER",
    "SPACE_COUNT",
    "STRUCTURE",
    "TIME_COUNT",
    "TYPE_RECOMMENDED",
    "UNIQUE_NAMES",
    "UNIT_KNOWN",
    "ZYX_ORDER",
    "image_axes",
    "unique_names",
]

#: Versions where the axis composition of an image is Python's, not the schema's.
_PYTHON = V06_VERSIONS

STRUCTURE = Rule(
    "axes.structure", "'axes' is a list of axis objects, each with a 'name'", E, "schema"
)
NAME = Rule(
    "axes.name",
    "An axis name is a non-empty string",
    E,
    "schema",
    decision="0.4/0.5 only say 'name' MUST be a string; an empty name cannot be unique"
    " or matched against 'dimension_names', and 0.6 makes non-empty a MUST, so we require"
    " it in every version.",
)
COUNT = Rule("axes.count", "An image has 2 to 5 axes", E, "schema", semantic_in=_PYTHON)
SPACE_COUNT = Rule(
    "axes.space-count",
    "An image has 2 or 3 axes of type 'space'",
    E,
    "schema",
    decision="Only axes with an explicit type 'space' count (the upstream schema also counts"
    " untyped axes).",
    semantic_in=_PYTHON,
)
TIME_COUNT = Rule(
    "axes.time-count", "An image has at most one 'time' axis", E, "schema", semantic_in=_PYTHON
)
CHANNEL_COUNT = Rule(
    "axes.channel-count",
    "An image has at most one 'channel' axis",
    E,
    "schema",
    semantic_in=_PYTHON,
)
CUSTOM_COUNT = Rule(
    "axes.custom-count",
    "An image has at most one axis of a custom type or without a type",
    E,
    "schema",
    decision="Lenient reading of 'one channel or custom axis': one channel axis and one"
    " custom axis may both be present (as the upstream schema and ome-zarr-models allow);"
    " axes.channel-or-custom warns when both are.",
    semantic_in=_PYTHON,
)
CHANNEL_OR_CUSTOM = Rule(
    "axes.channel-or-custom",
    "Read literally, at most one axis is of type channel or custom",
    W,
    "schema",
    semantic_in=_PYTHON,
)
ORDER = Rule(
    "axes.order",
    "Axes are ordered: time, then channel or custom, then space",
    E,
    "schema",
    decision="Channel and custom axes may come in either order between time and space.",
    semantic_in=_PYTHON,
)
UNIQUE_NAMES = Rule(
    "axes.unique-names", "Axis names are unique within one list of axes", E, "semantic"
)
TYPE_RECOMMENDED = Rule("axes.type-recommended", "An axis has a 'type'", W, "schema")
UNIT_KNOWN = Rule(
    "axes.unit-known", "Space and time units come from the spec's UDUNITS-2 lists", W, "schema"
)
ZYX_ORDER = Rule(
    "axes.zyx-order",
    "Three space axes named x, y and z are ordered z, y, x",
    W,
    "semantic",
    decision="The SHOULD applies when a stack axis exists; we check it only by name, when"
    " the three space axes are exactly x, y and z.",
)

_KNOWN = {"space", "time", "channel"}


def unique_names(axes: object, base: tuple[str | int, ...]) -> Iterator[Finding]:
    """axes.unique-names for the list of axes found at ``base``."""
    return unique_by(
        UNIQUE_NAMES, axes, "name", base, "duplicate axis name {value!r} (also axis {first})"
    )


def _zyx_order(
    axes: Sequence[Mapping[str, Any]], at: str | tuple[str | int, ...]
) -> Iterator[Finding]:
    """axes.zyx-order for ``axes`` found at ``at`` (a pointer, or its tokens: the
    pointer is then written only for a finding)."""
    names = [a.get("name") for a in axes if a.get("type") == "space"]
    if (
        len(names) >= 3  # fewer names cannot sort to x, y, z
        and sorted(n for n in names if isinstance(n, str)) == ["x", "y", "z"]
        and names != ["z", "y", "x"]
    ):
        yield ZYX_ORDER.finding(
            at if isinstance(at, str) else ptr(*at),
            f"the space axes are ordered {', '.join(map(str, names))}; the spec recommends z, y, x",
        )


@check("image")
def axes_of_multiscales(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    if version in V06_VERSIONS:
        # 0.6 moved the axes into coordinate systems (coordinate_systems.py checks them);
        # a multiscale's 'axes' key is then an unknown key, which carries no rules
        return
    for m, multiscale in objects(ome.get("multiscales")):
        if taken() and plain_axes(multiscale.get("axes")):
            continue  # the usual axes, nothing to find (`_usual_documents`)
        yield from unique_names(multiscale.get("axes"), ("multiscales", m, "axes"))
        axes = [a for _, a in objects(multiscale.get("axes"))]
        yield from _zyx_order(axes, ("multiscales", m, "axes"))


#: The rank of each kind of axis in the order an image gives them.
_RANK = {"time": 0, "channel": 1, "other": 1, "space": 2}


def image_axes(
    axes: Sequence[Mapping[str, Any]],
    where: tuple[str | int, ...],
    system: str = "its intrinsic system",
) -> list[Finding]:
    """The axes of an image (0.6: of a coordinate system of its multiscales metadata, the
    intrinsic one or another, found at ``where``; ``system`` names it in the messages):
    how many of each type, in which order, z, y, x. Every system of every 0.6 image is
    checked: the usual system, with nothing to find, costs one pass over its axes and no
    pointer."""
    found: list[tuple[Rule, str]] = []
    if not 2 <= len(axes) <= 5:
        found.append((COUNT, f"an image has 2 to 5 axes; {system} has {len(axes)}"))
    types = [a.get("type") for a in axes]
    if types and types.count("array") == len(types):
        return _placed(found, where)  # the array index space: no physical axes to count
    # any other value (a custom type, none, a list...) is 'other'
    kinds = [t if isinstance(t, str) and t in _KNOWN else "other" for t in types]
    space = kinds.count("space")
    if not 2 <= space <= 3:
        found.append((SPACE_COUNT, f"an image has 2 or 3 axes of type 'space', not {space}"))
    for kind, rule in (("time", TIME_COUNT), ("channel", CHANNEL_COUNT)):
        if kinds.count(kind) > 1:
            found.append((rule, f"an image has at most one axis of type '{kind}'"))
    if kinds.count("other") > 1:
        found.append((CUSTOM_COUNT, "an image has at most one axis of a custom type or none"))
    if "channel" in kinds and "other" in kinds:
        found.append(
            (
                CHANNEL_OR_CUSTOM,
                "read literally, the spec allows one channel or custom axis in total, not"
                " one of each",
            )
        )
    ranks = [_RANK[k] for k in kinds]
    if ranks != sorted(ranks):
        found.append(
            (ORDER, "axes are ordered time first (if any), then channel or custom axes, then space")
        )
    if space >= 3:  # z, y, x needs three space axes
        found.extend((f.rule, f.message) for f in _zyx_order(axes, ""))
    return _placed(found, where)


def _placed(found: list[tuple[Rule, str]], where: tuple[str | int, ...]) -> list[Finding]:
    """The findings at ``where``, its pointer written only when there is one."""
    if not found:
        return []
    at = ptr(*where)
    return [rule.finding(at, message) for rule, message in found]
