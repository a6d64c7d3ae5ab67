"""Small helpers the checks share: items of the right JSON type, repeats found in linear
time (and `unique_by`, the check that a key's values in a list of objects are unique),
pointers, `block_check`, the registration of a check that reads one block, and metadata
numbers as floats that cannot overflow (`finite`)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..issues import pointer
from ..spec.versions import VERSIONS
from ._registry import check
from ._rule import Finding, Rule

__all__ = [
    "NUMBER_TYPES",
    "V05_ON",
    "block_check",
    "distinct_numbers",
    "distinct_strings",
    "duplicates",
    "finite",
    "finites",
    "is_number",
    "mapping",
    "numbers",
    "objects",
    "ptr",
    "unique_by",
]


def objects(value: object) -> list[tuple[int, Mapping[str, Any]]]:
    """(index, item) for the items of a list that are objects; nothing for a non-list."""
    if not isinstance(value, list):
        return []
    for item in value:  # the usual list, all dicts: paired at once, no test per pair
        if type(item) is not dict:
            break
    else:
        return list(enumerate(value))
    # type() first: an ABC isinstance per item cost seconds on 700k datasets.
    return [
        (i, item) for i, item in enumerate(value) if type(item) is dict or isinstance(item, Mapping)
    ]


def mapping(value: object) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def duplicates(
    items: Iterable[tuple[int, object]],
) -> Iterator[tuple[int, int, object]]:
    """(index of the repeat, index of the first occurrence, value) for each repeated value.

    Uses a dict, so it is linear: JSON Schema's uniqueItems is quadratic in practice.
    """
    seen: dict[object, int] = {}
    for index, value in items:
        key = value if type(value) is str else _hashable(value)  # the usual item, no call
        if key is None:
            continue
        if key in seen:
            yield index, seen[key], value
        else:
            seen[key] = index


def unique_by(
    rule: Rule, items: object, key: str, base: tuple[str | int, ...], message: str
) -> Iterator[Finding]:
    """``rule`` for each object of the list ``items`` (found at ``base``) whose ``key``
    repeats an earlier object's: the values of a key in a list of objects must be unique.

    ``message`` is a format string of ``value`` (the repeated value) and ``first`` (the
    index of its first occurrence).
    """
    found = objects(items)
    if len(found) < 2:
        return  # nothing can repeat
    values = [item.get(key) for _, item in found]
    if distinct_strings(values):
        return  # the usual list, at once
    for index, first, value in duplicates(zip([i for i, _ in found], values, strict=True)):
        yield rule.finding(ptr(*base, index, key), message.format(value=value, first=first))


def distinct_strings(values: list[Any], *, folded: bool = False) -> bool:
    """Whether ``values`` are all strings, none repeated (``folded``: nor repeated up to
    case): then `duplicates` finds nothing, and a set in C says so at once."""
    if set(map(type, values)) != _STRINGS:
        return False
    count = len(values)
    if len(set(values)) != count:
        return False
    return not folded or len(set(map(str.casefold, values))) == count


_STRINGS = frozenset({str})


def distinct_numbers(values: list[Any]) -> bool:
    """Whether ``values`` are all ints or floats (exact types, not bools), none equal to
    another: `duplicates` keys such a value by itself, in a dict, as the set here does
    (the label values of drawn and real documents are often written 3.0)."""
    return set(map(type, values)) <= NUMBER_TYPES and len(set(values)) == len(values)


#: The exact types of a JSON number (bool, a subclass of int, is not one).
NUMBER_TYPES = frozenset({int, float})


BlockCheckFn = Callable[[Mapping[str, Any], str], Iterator[Finding]]


def block_check(kind: str, key: str | None = None) -> Callable[[BlockCheckFn], BlockCheckFn]:
    """Register a document check of ``kind`` groups that reads one block: the function gets
    the OME mapping's ``key`` (``kind`` by default) and the version, and is not called when
    that block is not an object (the schema reports it)."""

    def register(fn: BlockCheckFn) -> BlockCheckFn:
        @functools.wraps(fn)
        def on_block(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
            block = ome.get(key or kind)
            return fn(block, version) if isinstance(block, Mapping) else iter(())

        check(kind)(on_block)
        return fn

    return register


def _hashable(value: object) -> object | None:
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, str | int | float):
        return value
    return None


def ptr(*tokens: str | int) -> str:
    return pointer(*tokens)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numbers(value: object) -> Sequence[float] | None:
    """The list if it is a list of numbers, else None."""
    if isinstance(value, list) and all(is_number(v) for v in value):
        return value
    return None


#: Integers of smaller magnitude convert to a finite float (the largest double is ~2**1024).
_EXACT_RANGE = 2**1023


def finite(value: object) -> float | None:
    """A JSON number as a finite float, or None when it is not a valid number.

    JSON numbers have no range: Python reads ``10**400`` as an int that ``float()``
    refuses (OverflowError), and products or ratios of such ints overflow too. Every
    check that computes with a metadata number goes through here, so an integer beyond
    the double range, an infinity or NaN (and a bool, or a non-number) is simply "not a
    valid number" to the check: skipped or reported, never an exception. The document
    reader reports such numbers itself (``document.number-out-of-range``).
    """
    if type(value) is float:  # the common case first: this runs per number
        return value if math.isfinite(value) else None
    if type(value) is int and -_EXACT_RANGE < value < _EXACT_RANGE:  # sizes: per dimension
        return float(value)  # below 2**1023 a float is finite (no overflow, no isinstance)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def finites(value: object) -> list[float] | None:
    """The list as finite floats (`finite`), or None if it is not a list or any item is not."""
    if not isinstance(value, list):
        return None
    for item in value:  # the usual list, finite floats (x - x is NaN for inf and NaN)
        if type(item) is not float or item - item != 0.0:
            break
    else:
        return list(value)  # what the loop below builds, without a call per item
    if type(value) is list and NUMBER_TYPES.issuperset(map(type, value)):
        # ints among floats (a rotation's 0 and 1): `finite` of each, in C. An int's
        # float is finite or an OverflowError, as in `finite`
        try:
            converted = list(map(float, value))
        except OverflowError:
            return None
        return converted if all(map(math.isfinite, converted)) else None
    out: list[float] = []
    for item in value:
        number = finite(item)
        if number is None:
            return None
        out.append(number)
    return out


#: Versions after 0.4 (zarr v3, metadata under 'ome'); grows when a version is added.
V05_ON: tuple[str, ...] = tuple(v.id for v in VERSIONS if v.wrapped)
