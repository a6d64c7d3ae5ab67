"""Long arrays of alike items validated once per kind of item, so schema validation stays
linear with a small constant in the document's size.

jsonschema descends into every item of an array: a dataset list, a sequence of
transformations or a list of coordinate systems costs about a millisecond per item, so a
60 MB document of datasets took minutes (issue 12). Items of such lists are nearly always
alike: the same value, or the same value but for a name or a path. The `items` keyword
here remembers, for one array, the items it found valid, keyed by the item's exact value
(its marshal bytes, `_exact`: 1, 1.0 and true stay apart), and does not descend again into
an item with the same key. A property whose value the item schema only checks for its type
and length (a dataset's ``path``, a system's ``name``, found by `blind_properties` through
``$ref``s and in-place applicators) enters the key by its length alone. Only valid
verdicts are shared: an item with errors is always validated itself, so every error names
its own item and value exactly as before.

The keys of one long array are the same in every pass that validates it with the same
blind properties (a kind's MUST and SHOULD schemas, a subschema applied twice): inside
`shared_keys` (one document's schema passes) they are computed once, and equal keys are
one object, so holding them costs a pointer per item beyond the distinct ones.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import islice
from typing import Any

import attrs
from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.protocols import Validator
from referencing.exceptions import Unresolvable

from .focus import FOCUS_KEYWORDS, focusing, skipped

__all__ = ["AlikeValidator", "blind_properties", "shared_keys"]

_ITEMS = Draft202012Validator.VALIDATORS["items"]

#: Keywords that say nothing about an instance (annotations and definitions).
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "$comment",
        "$schema",
        "$id",
        "$anchor",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$defs",
        "definitions",
    }
)
#: Keywords that look at a string's content (not only its type and length).
_STRING_VALUE = frozenset(
    {"const", "enum", "pattern", "format", "contentEncoding", "contentMediaType", "contentSchema"}
)
#: Keywords applying the schema they hold to the instance itself.
_IN_PLACE = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONE = ("not", "if", "then", "else")
#: Keywords of an in-place schema that look at an object's keys, not at its values, or
#: that do not apply to an object at all.
_KEYS_ONLY = _ANNOTATIONS | {
    "type",
    "required",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "items",
    "prefixItems",
    "contains",
    "minItems",
    "maxItems",
    "minContains",
    "maxContains",
    "uniqueItems",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
}


def _alike_items(
    validator: Any, items: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not isinstance(instance, list) or not isinstance(items, Mapping):
        yield from _ITEMS(validator, items, instance, schema)
        return
    prefix = len(schema.get("prefixItems", []))
    if focusing():  # focused on the way to the errors: the items on it alone, no keys
        for index in range(prefix, len(instance)):
            if not skipped(instance[index]):
                yield from validator.descend(instance=instance[index], schema=items, path=index)
        return
    blind = blind_properties(validator, items) if len(instance) - prefix > 1 else _NONE
    valid: set[object] = set()
    keys = _keys(instance, prefix, blind)
    for index in range(prefix, len(instance)):
        item = instance[index]
        key = keys[index - prefix]
        if key in valid:
            continue
        errors = list(validator.descend(instance=item, schema=items, path=index))
        if errors:
            yield from errors
        else:
            valid.add(key)


@dataclass(frozen=True)
class Blind:
    """What an item schema does not look at in an object's string values: beyond their
    length, the values of ``names``, and when ``others`` is true of every property not in
    ``listed`` (no pattern or additional properties apply to those); an object value of a
    property in ``nested`` is seen as its own `Blind` says."""

    names: frozenset[str]
    listed: frozenset[str]
    others: bool
    nested: Mapping[str, Blind]

    def __bool__(self) -> bool:
        return bool(self.names) or self.others or bool(self.nested)

    def erased(self, name: str) -> bool:
        return name in self.names or (self.others and name not in self.listed)


_NONE = Blind(frozenset(), frozenset(), False, {})
_DEPTH = 4  # how deep into objects in objects the key erases names


def _exact(value: Any) -> object:
    """A hashable key equal only for values equal with their JSON types (1, 1.0 and true
    stay apart): the value's marshal bytes (C, about twice as fast as ``repr``; version
    2 writes no back-references, so equal values give equal bytes), or for what marshal
    cannot write (a caller's own types) a tuple holding the ``repr``, never equal to bytes.
    """
    try:
        return marshal.dumps(value, 2)
    except ValueError:
        return ("repr", repr(value))


def _key(item: object, blind: Blind) -> object:
    """The item's value, but a string ``blind`` erases counts by its length only."""
    if not blind or type(item) is not dict:
        return _exact(item)
    return _dict_key(item, blind)


def _dict_key(item: dict[str, Any], blind: Blind) -> object:
    """`_key` of an object under a non-empty ``blind`` (`Blind.erased` inlined: this runs
    once per item of a long list)."""
    names, listed, others, nested = blind.names, blind.listed, blind.others, blind.nested
    rest: dict[str, object] = {}
    parts: list[tuple[str, object]] = []
    for name, value in item.items():
        kind = type(value)
        if kind is str and (name in names or (others and name not in listed)):
            parts.append((name, len(value)))
        elif kind is dict and name in nested:
            parts.append((name, _key(value, nested[name])))
        else:
            rest[name] = value
    return _exact(rest), tuple(parts)


#: Below this many items an array's keys are not kept for other passes: not worth it.
_SHARED_FROM = 64
_Held = tuple[list[Any], int, "Blind", list[object]]
_SHARED: ContextVar[dict[int, list[_Held]] | None] = ContextVar("alike_keys", default=None)


@contextmanager
def shared_keys() -> Iterator[None]:
    """Keys computed inside share across the schema passes of one document (which must
    not change meanwhile: the keys are of the values when first seen)."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _keys(instance: list[Any], prefix: int, blind: Blind) -> list[object]:
    """The `_key` of every item of ``instance`` from ``prefix`` on, each distinct key one
    object; shared with the other passes over the same array and blind properties."""
    shared = _SHARED.get()
    large = shared is not None and len(instance) - prefix >= _SHARED_FROM
    if shared is not None and large:
        for held, start, seen, keys in shared.get(id(instance), ()):
            if held is instance and start == prefix and seen == blind:
                return keys
    keys = _make_keys(instance, prefix, blind)
    if shared is not None and large:  # the array is held too: its id stays its own
        shared.setdefault(id(instance), []).append((instance, prefix, blind, keys))
    return keys


def _make_keys(instance: list[Any], prefix: int, blind: Blind) -> list[object]:
    canonical: dict[object, object] = {}
    items = islice(instance, prefix, None)
    if blind:
        made: Iterator[object] = (
            _dict_key(i, blind) if type(i) is dict else _exact(i) for i in items
        )
    else:
        made = map(_exact, items)
    return [canonical.setdefault(key, key) for key in made]


_BLIND_CACHE: dict[tuple[int, str], tuple[object, Blind]] = {}

Placed = tuple[Any, Mapping[str, Any]]  # (resolver of its document, schema)


def blind_properties(validator: Validator, schema: object) -> Blind:
    """Which string values of an object ``schema`` checks only by JSON type and length,
    through every subschema that applies to the object in place; nothing when it cannot
    tell (an unknown keyword, ``unevaluatedProperties``, a ``const`` on the object...)."""
    resolver = getattr(validator, "_resolver", None)
    if resolver is None:
        return _NONE
    base = str(getattr(resolver, "_base_uri", ""))
    cached = _BLIND_CACHE.get((id(schema), base))
    if cached is not None and cached[0] is schema:
        return cached[1]
    in_place = _in_place([(resolver, schema)])
    found = _blind(in_place, _DEPTH) if in_place is not None else _NONE
    _BLIND_CACHE[(id(schema), base)] = (schema, found)
    return found


def _blind(in_place: list[Placed], depth: int) -> Blind:
    listed = frozenset(p for _, s in in_place for p in s.get("properties", {}))
    names: set[str] = set()
    nested: dict[str, Blind] = {}
    for name in listed:
        applied = _in_place([(r, sub) for r, s in in_place for sub in _applied(s, name)])
        if applied is None:
            continue
        if not any(_judges_value(s) for _, s in applied):
            names.add(name)
        if depth > 0:
            inner = _blind(applied, depth - 1)
            if inner:
                nested[name] = inner
    others = not any("patternProperties" in s or "additionalProperties" in s for _, s in in_place)
    return Blind(frozenset(names), listed, others, nested)


def _in_place(schemas: list[tuple[Any, object]]) -> list[Placed] | None:
    """Every schema that applies to the instance in place, each with the resolver of its
    document, or None if one is not plain."""
    found: list[Placed] = []
    stack = list(schemas)
    while stack:
        here, current = stack.pop()
        if isinstance(current, bool):
            continue
        if not isinstance(current, Mapping) or len(found) > 200:
            return None
        found.append((here, current))
        for keyword, value in current.items():
            if keyword == "$ref":
                try:
                    resolved = here.lookup(value)
                except Unresolvable:  # jsonschema itself reports it
                    return None
                stack.append((resolved.resolver, resolved.contents))
            elif keyword in _IN_PLACE and isinstance(value, list):
                stack.extend((here, v) for v in value)
            elif keyword in _IN_PLACE_ONE:
                stack.append((here, value))
            elif keyword in ("properties", "patternProperties", "additionalProperties"):
                continue
            elif keyword not in _KEYS_ONLY and not keyword.startswith("x-"):
                return None
    return found


def _applied(schema: Mapping[str, Any], name: str) -> list[object]:
    """The subschemas ``schema`` applies to the value of property ``name``."""
    applied: list[object] = []
    properties = schema.get("properties", {})
    if name in properties:
        applied.append(properties[name])
    patterns = schema.get("patternProperties", {})
    matched = [s for p, s in patterns.items() if re.search(p, name)]
    applied.extend(matched)
    if "additionalProperties" in schema and name not in properties and not matched:
        applied.append(schema["additionalProperties"])
    return applied


def _judges_value(schema: Mapping[str, Any]) -> bool:
    """Whether a schema looks at more of a string than its JSON type and length (keywords
    for objects, arrays and numbers ignore a string; `_in_place` refused unknown ones)."""
    return any(k in _STRING_VALUE for k in schema)


#: Draft 2020-12 with the `items` keyword above and the keywords that focus an
#: explanation (`focus`); everything else is jsonschema's.
AlikeValidator: Any = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {**FOCUS_KEYWORDS, "items": _alike_items}
)
_DIALECT = Draft202012Validator.META_SCHEMA["$id"]
_EVOLVE = AlikeValidator.evolve


def _evolve(self: Any, **changes: Any) -> Any:
    """jsonschema's evolve, but a schema that names our dialect (a document's root, with
    its ``$schema``) keeps this class: jsonschema would pick its registered
    Draft202012Validator there, and the rest of the document would lose `items`."""
    schema = changes.get("schema", self.schema)
    if isinstance(schema, Mapping) and schema.get("$schema", _DIALECT) != _DIALECT:
        return _EVOLVE(self, **changes)
    return attrs.evolve(self, **changes)


AlikeValidator.evolve = _evolve
