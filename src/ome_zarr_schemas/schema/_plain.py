"""`engine.plain_json`'s walk by recursion: a dict and a list each have their own
function, calling each other.

An explicit stack costs a push and a pop (two method calls) per container, and one loop
serves dicts and lists with a type test more per container; the documents are many small
containers (an image has ~80: axes, systems, transformations, their lists of numbers),
so the stack was a quarter of the proof. Python 3.11 calls a Python function without
growing the C stack, and the interpreter's recursion limit raises `RecursionError` for a
document nested deeper than it: `engine.plain_json` then walks it with its stack.

The tests of a value are ordered by what documents hold most: in an object, strings and
containers (names, types, nested objects); in a list, numbers (scales, translations,
matrix rows). ``tests/test_plain_walk.py`` holds the answer to the stack's on drawn values
of every shape, deep ones included.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plain_dict", "plain_list"]

_NONE = type(None)
#: The exact scalar types of plain JSON but float (whose finiteness is tested).
_SCALARS = frozenset({str, int, bool, _NONE})


def plain_dict(value: dict[Any, Any]) -> bool:
    """Whether an exact dict has string keys and plain JSON values, all the way down."""
    for key in value:
        if type(key) is not str:
            return False
    for x in value.values():
        kind = type(x)
        if kind is str:
            continue
        if kind is dict or kind is list:  # a container: its own walk
            if not (plain_dict(x) if kind is dict else plain_list(x)):
                return False
        elif kind not in _SCALARS and (kind is not float or x - x != 0.0):
            return False  # not plain JSON, or inf or NaN (x - x gives NaN)
    return True


def plain_list(value: list[Any]) -> bool:
    """Whether an exact list holds plain JSON values, all the way down."""
    for x in value:
        kind = type(x)
        if kind in _SCALARS:
            continue
        if kind is float:
            if x - x == 0.0:
                continue
            return False
        if kind is dict:
            if plain_dict(x):
                continue
            return False
        if kind is list:
            if plain_list(x):
                continue
            return False
        return False
    return True
