"""The compiled verdict: which schema passes of a document fail, decided by jsonschema-rs.

python-jsonschema (with `alike` and `findings`) is the reference engine: it explains an
invalid document with the rule ids, pointers and messages users see. Explaining costs
milliseconds per document; deciding that a document is valid costs microseconds in
jsonschema-rs, built here from the same packaged schemas and an offline registry of
them (nothing is ever retrieved: a ``$ref`` outside the registry fails to build, and
the reference engine runs instead). So a document goes through the compiled engine
first, and only the (kind, level) passes it finds failing go through the reference
engine, which then produces the findings exactly as before.

Where the two could part, the compiled engine gives no verdict (`None`: every pass goes
to the reference engine):

- a non-finite float (inf, NaN: from Python, or a JSON number beyond the double range)
  is no JSON value to jsonschema-rs (no ``type`` matches it, ``minimum`` ignores it)
  but a number to python-jsonschema; a guard in the compiled schema (every value has a
  JSON type) makes such a document fail, and failing documents are re-checked for it;
- a value jsonschema-rs cannot convert (a non-string key, a set, a numpy scalar) raises;
- a tuple is an array to jsonschema-rs but not to python-jsonschema: documents built in
  Python (not parsed from JSON) are checked for plain JSON types first (`plain_json`).

``tests/test_engine_agreement.py`` runs both engines, verdict by verdict, on every case
suite, corpus and strategy draw. ``OME_ZARR_SCHEMAS_ENGINE=python`` (or `forced`) turns
the compiled engine off; without jsonschema-rs installed it is off too.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, NamedTuple

from .registry import Level, group_schema_uri, reachable_documents

__all__ = [
    "ENGINE_ENV",
    "LEVELS",
    "Failure",
    "Pass",
    "engine_name",
    "failing_passes",
    "forced",
    "plain_json",
]

#: The environment variable choosing the engine: ``compiled`` (the default) or ``python``.
ENGINE_ENV = "OME_ZARR_SCHEMAS_ENGINE"
LEVELS: tuple[Level, Level] = ("must", "should")
Pass = tuple[str, Level]  # (kind, level): one schema pass over a document

#: Every value has a JSON type, all the way down (inf and NaN have none in jsonschema-rs).
_TYPED = {"$ref": "#/$defs/typed"}
_TYPED_DEFS = {
    "typed": {
        "type": ["null", "boolean", "object", "array", "number", "string"],
        "items": {"$ref": "#/$defs/typed"},
        "additionalProperties": {"$ref": "#/$defs/typed"},
    }
}


class _Choice:
    """The engine in use: from the environment at first use, or `forced`."""

    name: str | None = None


def engine_name() -> str:
    """``compiled`` when jsonschema-rs decides verdicts, else ``python``."""
    if _Choice.name is None:
        wanted = os.environ.get(ENGINE_ENV, "compiled").strip().lower()
        _Choice.name = "python" if wanted == "python" or _module() is None else "compiled"
    return _Choice.name


@contextmanager
def forced(name: str) -> Iterator[None]:
    """Use engine ``name`` (``python`` or ``compiled``) inside: the agreement test and
    the fallback tests run the same documents through each."""
    if name not in {"python", "compiled"}:
        raise ValueError(f"unknown engine {name!r}")
    if name == "compiled" and _module() is None:
        raise RuntimeError("jsonschema-rs is not installed")
    before = _Choice.name
    _Choice.name = name
    try:
        yield
    finally:
        _Choice.name = before


@cache
def _module() -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # a platform without wheels: the reference engine alone
        return None
    return jsonschema_rs


@cache
def _registry(uris: frozenset[str]) -> Any:
    """A registry of the group schemas at ``uris`` and the files they refer to, only: a
    conformance case (one process, one document) reads and compiles no other file."""
    rs = _module()
    return rs.Registry(list(reachable_documents(uris).items()))


def _ref(version: str, kind: str, level: Level) -> str:
    uri = group_schema_uri(version, kind)
    return uri if level == "must" else f"{uri}#/$defs/Recommended"


@cache
def _validator(version: str, passes: tuple[Pass, ...], typed: bool) -> Any:
    """One compiled validator applying every pass in ``passes`` (and the typed guard),
    or None when it cannot be built (the reference engine then answers)."""
    rs = _module()
    schema: dict[str, Any] = {"allOf": [{"$ref": _ref(version, k, lv)} for k, lv in passes]}
    if typed:
        schema["allOf"].append(_TYPED)
        schema["$defs"] = _TYPED_DEFS
    try:
        groups = frozenset(group_schema_uri(version, kind) for kind, _ in passes)
        return rs.Draft202012Validator(schema, registry=_registry(groups), offline=True)
    except Exception:  # e.g. a $ref the registry lacks: the reference engine says why
        return None


class Failure(NamedTuple):
    """A schema pass that fails, and where (the instance locations of its errors, as the
    compiled engine found them; None when every pass goes to the reference engine)."""

    kind: str
    level: Level
    locations: tuple[list[str | int], ...] | None


def failing_passes(
    attrs: object, version: str, kinds: tuple[str, ...], *, parsed: bool = False
) -> list[Failure]:
    """The schema passes (kind, level) of ``attrs`` that fail, in the order the reference
    engine runs them. Every pass fails, with no locations, when the compiled engine gives
    no verdict (off, not installed, a value it cannot read or may read differently): the
    reference engine then decides them all. ``parsed``: ``attrs`` came from a JSON parser
    (no tuples, no subclasses: `plain_json` need not look)."""
    passes = tuple((kind, level) for kind in kinds for level in LEVELS)
    found = _compiled(attrs, version, passes, parsed)
    if found is None:
        return [Failure(kind, level, None) for kind, level in passes]
    return found


def _compiled(
    attrs: object, version: str, passes: tuple[Pass, ...], parsed: bool
) -> list[Failure] | None:
    if engine_name() != "compiled":
        return None
    combined = _validator(version, passes, True)
    if combined is None:
        return None
    try:
        if combined.is_valid(attrs):
            return [] if parsed or plain_json(attrs) else None
        if not _validator(version, (), True).is_valid(attrs) or not plain_json(attrs):
            return None  # a non-finite number or a tuple: the reference engine reads it
        failing: list[Failure] = []
        for kind, level in passes:
            single = _validator(version, ((kind, level),), False)
            if single is None:
                return None
            locations = tuple(e.instance_path for e in single.iter_errors(attrs))
            if locations:
                failing.append(Failure(kind, level, locations))
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None  # not a JSON value jsonschema-rs can read
    return failing


_SCALARS = frozenset({str, int, bool, type(None)})
_VALUES = _SCALARS | {float, dict, list}


def plain_json(value: object) -> bool:
    """Whether ``value`` holds only dicts with string keys, lists, strings, ints, bools,
    None and finite floats, their exact types (a subclass, an OrderedDict or an enum,
    goes to the reference engine: its conversion is not worth proving equal).

    Each container's values are looked at together (their set of types, the sum of
    their numbers): a per-value Python loop cost a third of a small document's time."""
    if type(value) not in (dict, list):
        return type(value) in _SCALARS or (type(value) is float and math.isfinite(value))
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            if item and set(map(type, item)) != {str}:
                return False
            values = list(item.values())
        else:
            values = item
        kinds = set(map(type, values))
        if kinds <= _SCALARS:
            continue
        if not kinds <= _VALUES or (float in kinds and not _finite(values)):
            return False
        if dict in kinds or list in kinds:
            stack.extend([v for v in values if type(v) is dict or type(v) is list])
    return True


def _finite(values: list[Any]) -> bool:
    """Whether every float among ``values`` is finite."""
    floats = [v for v in values if type(v) is float]
    try:
        return math.isfinite(math.fsum(floats))  # one C pass in the common case
    except (ValueError, OverflowError):  # inf - inf, or finite floats summing past the range
        return all(map(math.isfinite, floats))
