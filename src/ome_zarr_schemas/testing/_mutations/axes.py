"""Mutation families of the axes rules (`rules/axes.py`), 0.4/0.5 (axes of a multiscale)
and 0.6 (axes of a coordinate system), side by side."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .. import _axes, _transforms, _values
from .helpers import (
    HOSTS,
    IMAGE_KINDS,
    V06,
    Json,
    Tokens,
    index,
    non_array,
    pick_multiscale,
    resize,
    transform_lists,
)
from .registry import Target, family, named_family
from .slots import host_systems, intrinsic_system, new_slot


def _set_axes(ms: dict[str, Any], axes: list[dict[str, Any]]) -> None:
    """Replace a multiscale's axes and resize every vector, so only the axes rules fail."""
    ms["axes"] = axes
    for transforms in transform_lists(ms):
        for transform in transforms:
            for key in ("scale", "translation"):
                if key in transform:
                    transform[key] = resize(transform[key], len(axes))


def _axes_of(draw: st.DrawFn, sequence: str) -> list[dict[str, Any]]:
    """Axes of a type sequence (U: a custom axis without 'type'), distinct names."""
    names = _values.distinct(draw, _values.name(), len(sequence))
    out = []
    for letter, name in zip(sequence, names, strict=True):
        if letter == "U":
            out.append({"name": name})
        elif letter == "X":
            out.append({"name": name, "type": draw(_axes.custom_type)})
        else:
            out.append(_axes.axis_of(draw, letter, name))
    return out


@family("axes.structure", *IMAGE_KINDS)
def _axes_not_a_list_or_axis_without_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    if draw(st.booleans()):
        ms["axes"] = non_array(draw)
        return t.ptr("multiscales", m, "axes"), "'axes' is not a list"
    a = index(draw, ms["axes"])
    del ms["axes"][a]["name"]
    return t.ptr("multiscales", m, "axes", a), "an axis without 'name'"


@family("axes.name", *IMAGE_KINDS)
def _bad_axis_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    a = index(draw, ms["axes"])
    ms["axes"][a]["name"] = draw(st.sampled_from(["", 0, None, ["x"], {"x": 1}]))
    return t.ptr("multiscales", m, "axes", a, "name"), "an empty or non-string axis name"


#: Axis type sequences that break one rule each, in every version (letters: S space,
#: T time, C channel, X custom type, U no type).
AXIS_TYPE_BREAKS: dict[str, tuple[list[str], str]] = {
    "axes.count": (["TCXSSS", "TCUSSS"], "six axes, otherwise well formed"),
    "axes.space-count": (["TS", "CS", "XS", "SSSS", "TSSSS", "CSSSS"], "1 or 4 space axes"),
    "axes.channel-count": (["CCSS", "CCSSS", "TCCSS"], "two channel axes"),
    "axes.custom-count": (["XXSS", "XUSS", "UUSSS", "TXUSS"], "two custom axes"),
    "axes.channel-or-custom": (["CXSS", "XCSSS", "TUCSS"], "a channel and a custom axis"),
    "axes.order": (["SST", "STS", "SSC", "SCS", "CTSS", "SSSU", "XSTS"], "out of order"),
}


def _axes_family(rule: str, sequences: list[str], what: str) -> None:
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        m, ms = pick_multiscale(draw, t)
        sequence = draw(st.sampled_from(sequences))
        _set_axes(ms, _axes_of(draw, sequence))
        return t.ptr("multiscales", m, "axes"), f"axis types {sequence}: {what}"

    named_family(rule.replace(".", "_").replace("-", "_"), rule, *IMAGE_KINDS)(apply)


for _rule, (_sequences, _what) in AXIS_TYPE_BREAKS.items():
    _axes_family(_rule, _sequences, _what)


@family("axes.type-recommended", *IMAGE_KINDS)
def _untyped_axis(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    sequence = draw(st.sampled_from(["USS", "TUSSS", "UCSS", "CUSSS"]))
    _set_axes(ms, _axes_of(draw, sequence))
    return t.ptr("multiscales", m, "axes", sequence.index("U")), "a custom axis without 'type'"


@family("axes.time-count", *IMAGE_KINDS)
def _two_time_axes(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    sequence = draw(st.sampled_from(["TTSS", "TTSSS", "TTCSS"]))
    _set_axes(ms, _axes_of(draw, sequence))
    where = t.ptr("multiscales", m, "axes")
    t.also.add(("axes.order", where))  # only the first axis may be the time axis
    return where, f"axis types {sequence}: two time axes"


@family("axes.unique-names", *IMAGE_KINDS)
def _duplicate_axis_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    second = _name_twice(draw, ms["axes"])
    return t.ptr("multiscales", m, "axes", second, "name"), "two axes share a name"


def _name_twice(draw: st.DrawFn, axes: list[dict[str, Any]]) -> int:
    """Give a later axis the name of an earlier one; return the later one's index."""
    first = index(draw, len(axes) - 1)
    second = draw(st.integers(first + 1, len(axes) - 1))
    axes[second]["name"] = axes[first]["name"]
    return second


@family("axes.unit-known", *IMAGE_KINDS)
def _unknown_unit(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    candidates = [i for i, a in enumerate(ms["axes"]) if a.get("type") in {"space", "time"}]
    a = draw(st.sampled_from(candidates))
    known = _axes.SPACE_UNITS + _axes.TIME_UNITS
    ms["axes"][a]["unit"] = draw(
        st.one_of(
            st.sampled_from(["pixel", "um", "µm", "Micrometer", "s", ""]), _values.text()
        ).filter(lambda u: u not in known)
    )
    return t.ptr("multiscales", m, "axes", a, "unit"), "a unit outside the spec's lists"


@family("axes.zyx-order", *IMAGE_KINDS)
def _xyz_order(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = pick_multiscale(draw, t)
    prefix = draw(st.sampled_from(["", "T", "C", "TC"]))
    names = draw(st.sampled_from([["x", "y", "z"], ["y", "z", "x"], ["z", "x", "y"]]))
    axes = _axes_of(draw, prefix + "SSS")
    for axis, name in zip(axes[len(prefix) :], names, strict=True):
        axis["name"] = name
    for axis, name in zip(axes, ["t", "c"], strict=False):
        if axis["type"] != "space":
            axis["name"] = name
    _set_axes(ms, axes)
    return t.ptr("multiscales", m, "axes"), f"space axes named {', '.join(names)}"


def _reshape_intrinsic(draw: st.DrawFn, t: Target, sequence: str) -> tuple[Tokens, list[Json]]:
    """Give a multiscale's intrinsic system axes of ``sequence`` and keep the rest valid.

    Dataset vectors follow the new axis count; the other systems and the multiscale's
    own transformations go, since their parameters were drawn for the old count.
    """
    m, ms = pick_multiscale(draw, t)
    _i, intrinsic = intrinsic_system(ms)
    axes = _axes_of(draw, sequence)
    intrinsic["axes"] = axes
    ms["coordinateSystems"] = [intrinsic]
    ms.pop("coordinateTransformations", None)
    for dataset in ms["datasets"]:
        transform = dataset["coordinateTransformations"][0]
        for step in [transform, *transform.get("transformations", [])]:
            for key in ("scale", "translation"):
                if key in step:
                    step[key] = (step[key] + [1.0] * len(axes))[: len(axes)]
    return ("multiscales", m, "coordinateSystems", 0, "axes"), axes


def _axes_family_06(rule: str, sequences: list[str], what: str) -> None:
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        sequence = draw(st.sampled_from(sequences))
        where, _ = _reshape_intrinsic(draw, t, sequence)
        return t.ptr(*where), f"intrinsic axis types {sequence}: {what}"

    name = "intrinsic_" + rule.replace(".", "_").replace("-", "_")
    named_family(name, rule, *IMAGE_KINDS, versions=V06)(apply)


for _rule, (_sequences, _what) in AXIS_TYPE_BREAKS.items():
    _axes_family_06(_rule, _sequences, _what)
_axes_family_06("axes.time-count", ["TTSS", "TTSSS", "TTCSS"], "two time axes")


def _axes_family_06_other(rule: str, sequences: list[str], what: str) -> None:
    """0.6 applies the axis rules to every system of the multiscales metadata: a second
    system with breaking axes, linked to the intrinsic one by an affine stored at a
    'path' (whose size a document cannot check), breaks only ``rule``."""

    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        m, ms = pick_multiscale(draw, t)
        _i, intrinsic = intrinsic_system(ms)
        systems = ms["coordinateSystems"]
        taken = {s.get("name") for s in systems}
        name = next(f"other{k}" for k in range(len(systems) + 1) if f"other{k}" not in taken)
        sequence = draw(st.sampled_from(sequences))
        systems.append({"name": name, "axes": _axes_of(draw, sequence)})
        ms.setdefault("coordinateTransformations", []).append(
            {
                "type": "affine",
                "path": "other_affine",
                "input": {"name": intrinsic["name"]},
                "output": {"name": name},
            }
        )
        where = t.ptr("multiscales", m, "coordinateSystems", len(systems) - 1, "axes")
        return where, f"a second system of axis types {sequence}: {what}"

    name = "other_system_" + rule.replace(".", "_").replace("-", "_")
    named_family(name, rule, *IMAGE_KINDS, versions=V06)(apply)


for _rule, (_sequences, _what) in AXIS_TYPE_BREAKS.items():
    _axes_family_06_other(_rule, _sequences, _what)


@family("axes.zyx-order", *IMAGE_KINDS, versions=V06)
def _intrinsic_xyz(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    prefix = draw(st.sampled_from(["", "T", "C", "TC"]))
    where, axes = _reshape_intrinsic(draw, t, prefix + "SSS")
    names = draw(st.sampled_from([["x", "y", "z"], ["y", "z", "x"], ["z", "x", "y"]]))
    for axis, name in zip(axes[len(prefix) :], names, strict=True):
        axis["name"] = name
    for axis, name in zip(axes, ["t", "c"], strict=False):
        if axis["type"] != "space":
            axis["name"] = name
    return t.ptr(*where), f"space axes named {', '.join(names)}"


@family("axes.type-recommended", *IMAGE_KINDS, versions=V06)
def _intrinsic_untyped(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    sequence = draw(st.sampled_from(["USS", "TUSSS", "UCSS", "CUSSS"]))
    where, _ = _reshape_intrinsic(draw, t, sequence)
    return t.ptr(*where, sequence.index("U")), "an axis without 'type'"


#: A valid axis type sequence of each length a new system may have, with units to break.
_PHYSICAL = {2: "SS", 3: "SSS", 4: "TSSS", 5: "TCSSS"}


def _any_system(draw: st.DrawFn, t: Target) -> tuple[Tokens, Json]:
    """A system of the document, with its pointer tokens (a scene may get one)."""
    base, systems = host_systems(draw, t)
    i = index(draw, systems)
    return (*base, i), systems[i]


@named_family("duplicate_axis_name", "axes.unique-names", *HOSTS, versions=V06)
def _duplicate_axis_name_v06(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    second = _name_twice(draw, system["axes"])
    return t.ptr(*tokens, "axes", second, "name"), "two axes of one system share a name"


@named_family("unknown_unit", "axes.unit-known", *HOSTS, versions=V06)
def _unknown_unit_v06(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    candidates = [i for i, a in enumerate(system["axes"]) if a.get("type") in {"space", "time"}]
    if not candidates:  # an index space: give a new linked system space axes
        slot = new_slot(draw, t)
        slot.append(_transforms.transformation(draw, t.version, slot.n, slot.m))
        # axes every system of a multiscales may have (0.6 checks them all)
        slot.system["axes"] = _axes_of(draw, _PHYSICAL[len(slot.system["axes"])])
        tokens, system = (*slot.systems_base, slot.system_index), slot.system
        candidates = [i for i, a in enumerate(system["axes"]) if a.get("type") in {"space", "time"}]
    a = draw(st.sampled_from(candidates))
    system["axes"][a]["unit"] = draw(st.sampled_from(["pixel", "um", "µm", "Micrometer", "s", ""]))
    return t.ptr(*tokens, "axes", a, "unit"), "a unit outside the spec's lists"


def _intrinsic_tokens(t: Target, tokens: Tokens) -> Tokens | None:
    if tokens[0] != "multiscales":
        return None
    ms = t.ome["multiscales"][tokens[1]]
    return ("multiscales", tokens[1], "coordinateSystems", intrinsic_system(ms)[0])


@family("axes.structure", *HOSTS, versions=V06)
def _axis_without_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    intrinsic = tokens == _intrinsic_tokens(t, tokens)
    if intrinsic or draw(_values.COIN):
        a = index(draw, system["axes"])
        del system["axes"][a]["name"]
        return t.ptr(*tokens, "axes", a), "an axis without 'name'"
    system["axes"] = non_array(draw)  # a system no dataset maps to may have any axes
    return t.ptr(*tokens, "axes"), "a system whose axes are not a list"


@named_family("bad_axis_name", "axes.name", *HOSTS, versions=V06)
def _bad_axis_name_v06(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tokens, system = _any_system(draw, t)
    a = index(draw, system["axes"])
    system["axes"][a]["name"] = draw(st.sampled_from(["", 0, None, ["x"], {"x": 1}]))
    return t.ptr(*tokens, "axes", a, "name"), "an empty or non-string axis name"
