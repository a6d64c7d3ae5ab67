"""Typed views of valid metadata, built on the dataclasses generated from the schemas.

`parse_attributes` validates first and only then converts, so the conversion can trust
the document's shape. Unknown keys are kept in each object's ``extra_fields`` so that
``to_dict()`` gives back exactly the document that was parsed.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .issues import InvalidMetadataError
from .validate import validate_loaded

__all__ = ["ParsedAttributes", "models_module", "parse_attributes", "to_json", "typed_view"]


def models_module(version: str) -> types.ModuleType:
    """The generated dataclass module of ``version`` (built by the package build)."""
    name = "v" + re.sub(r"[^0-9a-z]+", "_", version)
    try:
        return importlib.import_module(f"ome_zarr_schemas._generated.{name}")
    except ModuleNotFoundError as exc:  # pragma: no cover - a broken install
        raise RuntimeError(
            "the generated models are missing: reinstall ome-zarr-schemas"
            " (or run 'python codegen/generate.py' in a source checkout)"
        ) from exc


def _class_name(kind: str) -> str:
    return (
        "".join(part.capitalize() for part in kind.split("-")).replace(
            "Bioformats2raw", "BioFormats2Raw"
        )
        + "GroupAttributes"
    )


@dataclass(frozen=True)
class ParsedAttributes:
    """A validated document as typed objects: one per group kind it holds.

    Each object covers the whole document (keys of other kinds are in its
    ``extra_fields``), so any of them converts back to the full document.
    """

    version: str
    groups: Mapping[str, Any]  # kind -> generated dataclass instance

    def __getitem__(self, kind: str) -> Any:
        return self.groups[kind]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.groups)

    def to_dict(self) -> dict[str, Any]:
        first = next(iter(self.groups.values()))
        result = to_json(first)
        assert isinstance(result, dict)
        return result


def parse_attributes(
    attrs: Mapping[str, Any], *, version: str | None = None, strict: bool = False
) -> ParsedAttributes:
    """Validate ``attrs`` and return it as typed dataclasses.

    Raises `InvalidMetadataError` (carrying the full report) when the document is invalid.
    """
    # any loaded value: a document that is a string is invalid metadata, as before
    report = validate_loaded(attrs, version=version, strict=strict)
    if not report.valid or report.version is None:
        raise InvalidMetadataError(report)
    groups = {kind: typed_view(attrs, report.version, kind) for kind in report.kinds}
    return ParsedAttributes(version=report.version, groups=groups)


def typed_view(attrs: Mapping[str, Any], version: str, kind: str) -> Any:
    """Valid group attributes as the generated dataclass of ``version`` and ``kind``."""
    module = models_module(version)
    return from_json(getattr(module, _class_name(kind)), attrs, module)


@cache
def _hints(cls: type) -> dict[str, Any]:
    module = importlib.import_module(cls.__module__)
    return typing.get_type_hints(cls, globalns=vars(module))


def _keys(cls: type) -> dict[str, str]:
    keys: dict[str, str] = cls.__json_keys__  # type: ignore[attr-defined]
    return keys


def from_json(tp: Any, value: Any, module: types.ModuleType | None = None) -> Any:
    """Convert JSON ``value`` to the generated type ``tp`` (``value`` is already valid)."""
    origin = typing.get_origin(tp)
    if tp is Any or tp is typing.Any:
        return value
    if origin in (types.UnionType, typing.Union):
        arms = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None and len(arms) < len(typing.get_args(tp)):
            return None
        for arm in arms:
            if _fits(arm, value):
                return from_json(arm, value)
        return value
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        return [from_json(item, v) for v in value]
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        return value
    if dataclasses.is_dataclass(tp) and isinstance(tp, type) and isinstance(value, Mapping):
        hints = _hints(tp)
        by_json = {json_key: name for name, json_key in _keys(tp).items()}
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, item in value.items():
            name = by_json.get(key)
            if name is None:
                extra[key] = item
            else:
                kwargs[name] = from_json(hints[name], item)
        return tp(**kwargs, extra_fields=extra)  # type: ignore[call-arg]
    return value


def _fits(tp: Any, value: Any) -> bool:
    """Whether ``value`` is of the generated type ``tp``; Literal fields discriminate."""
    origin = typing.get_origin(tp)
    if tp is Any:
        return True
    if origin is typing.Literal:
        return value in typing.get_args(tp)
    if origin is list:
        return isinstance(value, list)
    if origin in (dict, Mapping):
        return isinstance(value, Mapping)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, Mapping):
            return False
        hints = _hints(tp)
        required = {
            f.name
            for f in dataclasses.fields(tp)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        for name, json_key in _keys(tp).items():
            if name in required and json_key not in value:
                return False
            # an optional discriminator (`Literal[...] | None`) still discriminates when set
            hint = hints[name]
            union = typing.get_origin(hint) in (types.UnionType, typing.Union)
            arms = typing.get_args(hint) if union else (hint,)
            literals = [
                v for a in arms if typing.get_origin(a) is typing.Literal for v in a.__args__
            ]
            if literals and json_key in value and value[json_key] not in literals:
                return False
        return True
    if origin in (types.UnionType, typing.Union):
        return any(_fits(a, value) for a in typing.get_args(tp))
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(tp, type):
        return isinstance(value, tp)
    return True


def to_json(obj: Any) -> Any:
    """The JSON form of a generated dataclass (or of plain JSON values)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for name, json_key in _keys(type(obj)).items():
            value = getattr(obj, name)
            if value is not None:
                out[json_key] = to_json(value)
        out.update(obj.extra_fields)  # type: ignore[attr-defined]
        return out
    if isinstance(obj, list):
        return [to_json(v) for v in obj]
    return obj
