"""The plain-JSON proof and the plate's quiet test in one walk.

A plate document built in Python (not parsed from JSON) is read twice before its
findings are known: `schema.engine.plain_json` proves it holds only plain JSON values
(the compiled engine's verdict stands), and `_quiet.plate_quiet` tests that the plate's
checks find nothing. Both visit every row, column, well and acquisition: on the drawn
0.4 plates beside a bioformats2raw layout, 3 and 2 us of a 16 us document. Here each of
them is visited once: its keys and values tested for plain JSON types, then its name,
indices, path or id read for the quiet test.

`plain_quiet_plate` says True only when both would (``tests/test_plain_plate.py``
compares them on drawn and mutated documents); False says nothing: the caller asks each
of them as before (a plate that is not quiet, or not plain, is rare and then costs the
walk twice).

The type tests are written out in each loop, as in `plain_json`: a call per entry
cost more than the tests (the walk with a helper per list read 4.6 us against 3.8 on
those plates, and `plain_json` and `plate_quiet` 5.0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..schema.engine import plain_json

__all__ = ["plain_quiet_plate"]

_NONE = type(None)
#: The exact scalar types of plain JSON besides finite floats (`engine._PLAIN_SCALARS`).
_SCALARS = frozenset({str, int, bool, _NONE})
_IDS = frozenset({int, str})


def plain_quiet_plate(attrs: object, ome: Mapping[str, Any]) -> bool:
    """Whether ``plain_json(attrs)`` and ``plate_quiet(ome)`` both hold (``ome``: the
    OME-level mapping within ``attrs``, ``attrs`` itself for 0.4). False: not known."""
    if type(attrs) is not dict or type(ome) is not dict:
        return False  # plain JSON is made of dicts (a mapping of another class is not)
    block = ome.get("plate")
    if type(block) is not dict:
        return False
    rows, columns = block.get("rows"), block.get("columns")
    wells, acquisitions = block.get("wells"), block.get("acquisitions")
    if type(rows) is not list or type(columns) is not list or type(wells) is not list:
        return False
    if acquisitions is not None and type(acquisitions) is not list:
        return False
    scalars = _SCALARS
    stack: list[Any] = []  # containers left to the general proof
    push = stack.append
    for key, x in block.items():  # the block's own values; its four lists below
        if type(key) is not str:
            return False
        kind = type(x)
        if kind in scalars:
            continue
        if kind is list:
            if x is not rows and x is not columns and x is not wells and x is not acquisitions:
                push(x)
            continue
        if kind is dict:
            push(x)
            continue
        if kind is float and x - x == 0.0:
            continue
        return False
    named: list[list[str]] = []
    for entries in (rows, columns):  # dicts with a string name, distinct up to case
        names = []
        for entry in entries:
            if type(entry) is not dict:
                return False
            for key, x in entry.items():
                if type(key) is not str:
                    return False
                kind = type(x)
                if kind in scalars:
                    continue
                if kind is dict or kind is list:
                    push(x)
                    continue
                if kind is float and x - x == 0.0:
                    continue
                return False
            name = entry.get("name")
            if type(name) is not str:
                return False
            names.append(name)
        if len(names) > 1 and len(set(map(str.casefold, names))) != len(names):
            return False
        named.append(names)
    row_names, column_names = named
    row_count, column_count = len(row_names), len(column_names)
    paths = set()
    for well in wells:  # plain values, then `plate_quiet`'s test of a well, written out here
        if type(well) is not dict:
            return False
        for key, x in well.items():
            if type(key) is not str:
                return False
            kind = type(x)
            if kind in scalars:
                continue
            if kind is dict or kind is list:
                push(x)
                continue
            if kind is float and x - x == 0.0:
                continue
            return False
        row, column = well.get("rowIndex"), well.get("columnIndex")
        if type(row) is not int:
            if type(row) is not float or not row.is_integer():
                return False
            row = int(row)
        if type(column) is not int:
            if type(column) is not float or not column.is_integer():
                return False
            column = int(column)
        if row < 0 or column < 0 or row >= row_count or column >= column_count:
            return False
        path = well.get("path")
        if path != f"{row_names[row]}/{column_names[column]}" or path in paths:
            return False
        paths.add(path)
    if acquisitions is not None:  # plain values, distinct ids (strings or integers)
        ids = []
        for acquisition in acquisitions:
            if type(acquisition) is not dict:
                return False
            for key, x in acquisition.items():
                if type(key) is not str:
                    return False
                kind = type(x)
                if kind in scalars:
                    continue
                if kind is dict or kind is list:
                    push(x)
                    continue
                if kind is float and x - x == 0.0:
                    continue
                return False
            found = acquisition.get("id")
            if type(found) not in _IDS:
                return False
            ids.append(found)
        if len(set(ids)) != len(ids):
            return False
    for container in stack:  # rarely any: an entry's nested values
        if not plain_json(container):
            return False
    for key, x in attrs.items():  # the rest of the document, the block left out
        if type(key) is not str:
            return False
        kind = type(x)
        if kind in scalars or x is block:
            continue
        if kind is dict or kind is list:
            if not plain_json(x, skip=block):
                return False
            continue
        if kind is float and x - x == 0.0:
            continue
        return False
    return True
