"""A new image's ``multiscales`` entry, built from its levels, for any version.

0.4/0.5 give the axes and each level's scale/translation; 0.6 names the physical
coordinate system and turns each level's steps into one transformation from the level
(``input.path``) to that system.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..spec.versions import lookup
from ._types import JsonMapping, JsonObject

_AXIS_TYPES = {"x": "space", "y": "space", "z": "space", "c": "channel", "t": "time"}


def axis(value: JsonMapping | str) -> JsonObject:
    """An axis object, or a bare name as one (x/y/z/c/t get their conventional type)."""
    if isinstance(value, Mapping):
        return dict(value)
    kind = _AXIS_TYPES.get(value)
    return {"name": value, "type": kind} if kind else {"name": value}


@dataclass(frozen=True)
class Levels:
    """The levels of a new image: path, scale and optional translation of each."""

    paths: Sequence[str]
    scales: Sequence[Sequence[float]]
    translations: Sequence[Sequence[float] | None]


def _dataset(
    path: str, scale: Sequence[float], shift: Sequence[float] | None, system: str | None
) -> JsonObject:
    steps: list[JsonObject] = [{"type": "scale", "scale": [float(s) for s in scale]}]
    if shift is not None:
        steps.append({"type": "translation", "translation": [float(t) for t in shift]})
    if system is not None:  # 0.6: one transformation from the level to the system
        ref = {"input": {"path": path}, "output": {"name": system}}
        if len(steps) == 1:
            steps = [{**steps[0], **ref}]
        else:
            steps = [{"type": "sequence", "transformations": steps, **ref}]
    return {"path": path, "coordinateTransformations": steps}


def multiscale_entry(
    version: str,
    levels: Levels,
    axes: list[JsonObject],
    *,
    name: str | None,
    multiscale_type: str | None,
    metadata: JsonMapping | None,
    coordinate_system: str,
    extra_transforms: Sequence[JsonMapping],
    extra_systems: Sequence[JsonMapping],
) -> JsonObject:
    """One ``multiscales`` entry of ``version`` (keys in the order the spec lists them)."""
    known = lookup(version)  # None for a version string this package does not know
    v06 = known is not None and known.coordinate_systems
    system = coordinate_system if v06 else None
    entry: JsonObject = {}
    if known is not None and known.block_versions:
        entry["version"] = known.id
    if name is not None:
        entry["name"] = name
    if multiscale_type is not None:
        entry["type"] = multiscale_type
    if metadata is not None:
        entry["metadata"] = dict(metadata)
    if v06:
        entry["coordinateSystems"] = [
            {"name": coordinate_system, "axes": axes},
            *map(dict, extra_systems),
        ]
    else:
        entry["axes"] = axes
    entry["datasets"] = [
        _dataset(p, s, t, system)
        for p, s, t in zip(levels.paths, levels.scales, levels.translations, strict=True)
    ]
    if extra_transforms:
        entry["coordinateTransformations"] = [dict(t) for t in extra_transforms]
    return entry
