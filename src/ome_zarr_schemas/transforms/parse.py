"""Metadata -> `Transform`: one function for a transformation object, one for a list.

The input is expected to have passed validation; the parser still checks what it
relies on (types, shapes) and raises `TransformParseError` with a JSON pointer, so a
bad document never turns into a numpy traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence as SequenceABC
from typing import Any

from .base import CoordinateSystemRef, Sequence, Transform
from .composite import Bijection, ByDimension, DimensionMap
from .errors import TransformError, TransformParseError
from .fields import Coordinates, Displacements
from .loader import ArrayLoader
from .simple import Affine, Identity, MapAxis, ProjectAxis, Rotation, Scale, Translation

__all__ = ["TRANSFORM_TYPES", "parse_transform", "parse_transforms"]

TRANSFORM_TYPES: dict[str, type[Transform]] = {
    cls.type: cls
    for cls in (
        Identity,
        MapAxis,
        ProjectAxis,
        Translation,
        Scale,
        Affine,
        Rotation,
        Sequence,
        Displacements,
        Coordinates,
        Bijection,
        ByDimension,
    )
}


def parse_transform(
    obj: Mapping[str, Any], loader: ArrayLoader | None = None, *, where: str = ""
) -> Transform:
    """A transform from one 0.4/0.5/0.6 transformation object.

    ``loader`` reads parameters stored at a ``path`` (relative paths should already be
    resolved by the loader; see `loader.RelativeLoader`). Loading is lazy: nothing is
    read until the transform is used.
    """
    try:
        return _parse(obj, loader, where)
    except TransformParseError:
        raise
    except TransformError as exc:  # parameter checks of the constructors
        raise TransformParseError(str(exc), where) from exc


def parse_transforms(
    objs: SequenceABC[Mapping[str, Any]],
    loader: ArrayLoader | None = None,
    *,
    where: str = "",
) -> Transform:
    """A list of transformations applied in order, as in 0.4/0.5 ``coordinateTransformations``.

    One entry gives that transform; several give their `Sequence`.
    """
    if isinstance(objs, Mapping) or not isinstance(objs, SequenceABC) or not objs:
        raise TransformParseError("expected a non-empty list of transformations", where)
    parts = [parse_transform(o, loader, where=f"{where}/{i}") for i, o in enumerate(objs)]
    return parts[0] if len(parts) == 1 else Sequence(parts)


def _parse(obj: Any, loader: ArrayLoader | None, where: str) -> Transform:
    if not isinstance(obj, Mapping):
        raise TransformParseError("a transformation must be an object", where)
    kind = obj.get("type")
    if not isinstance(kind, str):
        raise TransformParseError("'type' must be a string", where)
    if kind not in TRANSFORM_TYPES:
        raise TransformParseError(f"unknown transformation type {kind!r}", where)
    name = obj.get("name")
    if name is not None and not isinstance(name, str):
        raise TransformParseError("'name' must be a string", f"{where}/name")
    io: dict[str, Any] = {
        "name": name,
        "input": CoordinateSystemRef.parse(obj.get("input"), f"{where}/input"),
        "output": CoordinateSystemRef.parse(obj.get("output"), f"{where}/output"),
    }
    if kind == "identity":
        return Identity(**io)
    if kind == "mapAxis":
        return MapAxis(_ints(obj, "mapAxis", where, required=True), **io)
    if kind == "projectAxis":
        dropped = _ints(obj, "droppedInputs", where, required=False)
        created = _ints(obj, "createdOutputs", where, required=False)
        if not dropped and not created:
            raise TransformParseError("projectAxis needs droppedInputs or createdOutputs", where)
        return ProjectAxis(dropped, created, **io)
    if kind in ("translation", "scale"):
        cls = Translation if kind == "translation" else Scale
        if kind in obj:
            return cls(_numbers(obj[kind], f"{where}/{kind}"), **io)
        return cls(path=_path(obj, where), loader=loader, **io)
    if kind in ("affine", "rotation"):
        mcls = Affine if kind == "affine" else Rotation
        if kind in obj and "path" in obj:
            raise TransformParseError(f"{kind} has both '{kind}' and 'path'", where)
        if kind in obj:
            return mcls(_matrix(obj[kind], f"{where}/{kind}"), **io)
        return mcls(path=_path(obj, where), loader=loader, **io)
    if kind == "sequence":
        members = obj.get("transformations")
        if not isinstance(members, list) or not members:
            raise TransformParseError(
                "sequence needs a non-empty 'transformations' list", f"{where}/transformations"
            )
        return Sequence(
            [_parse(m, loader, f"{where}/transformations/{i}") for i, m in enumerate(members)],
            **io,
        )
    if kind in ("displacements", "coordinates"):
        fcls = Displacements if kind == "displacements" else Coordinates
        interpolation = obj.get("interpolation", "linear")
        if not isinstance(interpolation, str):
            raise TransformParseError("'interpolation' must be a string", where)
        return fcls(_path(obj, where), interpolation=interpolation, loader=loader, **io)
    if kind == "bijection":
        forward = _parse(_member(obj, "forward", where), loader, f"{where}/forward")
        backward = _parse(_member(obj, "inverse", where), loader, f"{where}/inverse")
        # spec 0.6 §2.4: omitted nested I/O = the bijection's (forward) / swapped (inverse)
        forward.input = forward.input or io["input"]
        forward.output = forward.output or io["output"]
        backward.input = backward.input or io["output"]
        backward.output = backward.output or io["input"]
        return Bijection(forward, backward, **io)
    # byDimension
    items_raw = obj.get("transformations")
    if not isinstance(items_raw, list) or not items_raw:
        raise TransformParseError(
            "byDimension needs a non-empty 'transformations' list", f"{where}/transformations"
        )
    items = []
    for i, item in enumerate(items_raw):
        at = f"{where}/transformations/{i}"
        if not isinstance(item, Mapping) or "transformation" not in item:
            raise TransformParseError(
                "a byDimension item needs 'transformation', 'inputAxes' and 'outputAxes'", at
            )
        # 0.6rc0 spells inputAxes/outputAxes; 0.6.dev4 input_axes/output_axes
        in_key = "inputAxes" if "inputAxes" in item else "input_axes"
        out_key = "outputAxes" if "outputAxes" in item else "output_axes"
        items.append(
            DimensionMap(
                _parse(item["transformation"], loader, f"{at}/transformation"),
                tuple(_ints(item, in_key, at, required=True)),
                tuple(_ints(item, out_key, at, required=True)),
            )
        )
    return ByDimension(items, **io)


def _member(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise TransformParseError(f"missing '{key}'", where)
    return obj[key]


def _path(obj: Mapping[str, Any], where: str) -> str:
    path = obj.get("path")
    if not isinstance(path, str) or not path:
        kind = obj.get("type")
        raise TransformParseError(f"{kind} needs its parameters or a 'path' string", where)
    return path


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(raw: Any, where: str) -> list[float]:
    if not isinstance(raw, list) or not all(_is_number(v) for v in raw):
        raise TransformParseError("expected an array of numbers", where)
    return [float(v) for v in raw]


def _matrix(raw: Any, where: str) -> list[list[float]]:
    if not isinstance(raw, list) or not raw:
        raise TransformParseError("expected a non-empty array of rows", where)
    rows = [_numbers(row, f"{where}/{i}") for i, row in enumerate(raw)]
    if len({len(r) for r in rows}) != 1:
        raise TransformParseError("matrix rows differ in length", where)
    return rows


def _ints(obj: Mapping[str, Any], key: str, where: str, *, required: bool) -> list[int]:
    if key not in obj:
        if required:
            raise TransformParseError(f"missing '{key}'", where)
        return []
    raw = obj[key]
    if not isinstance(raw, list) or not all(_is_number(v) and float(v).is_integer() for v in raw):
        raise TransformParseError(f"'{key}' must be an array of integers", f"{where}/{key}")
    return [int(v) for v in raw]
