"""Quiet tests: one cheap test that holds only when a group of document checks finds
nothing, asked before them (`_quick.document_issues`); when it holds they are not run.

A plate's three checks (unique row and column names, unique wells and acquisition ids,
wells matching their rows and columns) cost 6 us on a two-well plate: three generators
behind the block wrapper, each reading the rows' names again, sets made per list. The
usual plate, whose names are distinct strings, whose wells name their row and column
and whose ids are distinct, is said so in one loop per list (2 us). Anything else (a
repeat, a float that is no integer, an object that is no dict) runs the checks, which
find and word it. `rules._shortcuts.general_only` turns the tests off
(``tests/test_quiet.py`` holds each test to its checks on drawn and mutated plates).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import plate
from ._registry import CHECKS, CheckFn, checks_for
from ._shortcuts import taken

__all__ = ["QUIET_GROUPS", "QUIET_KINDS", "plate_quiet", "quiet_checks"]

#: A quiet test of the OME-level mapping.
Quiet = Callable[[Mapping[str, Any]], bool]


def _string_names(entries: object) -> list[str] | None:
    """The names of a list of objects, when every one is a dict with a string name."""
    if type(entries) is not list:
        return None
    names = []
    for entry in entries:
        if type(entry) is not dict:
            return None
        name = entry.get("name")
        if type(name) is not str:
            return None
        names.append(name)
    return names


def plate_quiet(ome: Mapping[str, Any]) -> bool:
    """Whether the plate block is a dict whose row and column names are distinct strings
    (also up to case), whose wells are dicts with integer indices in range and the path
    their row and column name, distinct, and whose acquisition ids are distinct strings
    or ints: then none of the plate's checks finds anything."""
    block = ome.get("plate")
    if type(block) is not dict:
        return False
    rows, columns = _string_names(block.get("rows")), _string_names(block.get("columns"))
    if rows is None or columns is None:
        return False
    for names in (rows, columns):  # distinct up to case: distinct (one set, not two)
        if len(names) > 1 and len({name.casefold() for name in names}) != len(names):
            return False
    wells = block.get("wells")
    if type(wells) is not list:
        return False
    row_count, column_count = len(rows), len(columns)
    paths = set()
    for well in wells:  # one loop, no call per well: a plate has hundreds
        if type(well) is not dict:
            return False
        row, column = well.get("rowIndex"), well.get("columnIndex")
        if type(row) is not int:  # 1.0 is an integer to the checks, as to JSON Schema
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
        if path != f"{rows[row]}/{columns[column]}" or path in paths:
            return False
        paths.add(path)
    acquisitions = block.get("acquisitions")
    if acquisitions is None:
        return True
    if type(acquisitions) is not list:
        return False
    ids = [a.get("id") if type(a) is dict else None for a in acquisitions]
    return set(map(type, ids)) <= _IDS and len(set(ids)) == len(ids)


_IDS = frozenset({int, str})


#: Each quiet test and the checks (as written, before the block wrapper) it answers for.
QUIET_GROUPS: tuple[tuple[Quiet, frozenset[Callable[..., Any]]], ...] = (
    (
        plate_quiet,
        frozenset(
            {
                plate.unique_names,
                plate.unique_wells_and_acquisitions,
                plate.wells_match_rows_and_columns,
            }
        ),
    ),
)

#: The kinds whose checks a quiet test answers for (registered at import, as the
#: groups' checks): the documents of other kinds ask nothing more.
QUIET_KINDS = frozenset(
    kind
    for registered in CHECKS
    if any(getattr(registered.fn, "__wrapped__", registered.fn) in g for _, g in QUIET_GROUPS)
    for kind in registered.kinds
)

#: The checks of a plan with their quiet tests.
Steps = tuple[tuple[CheckFn, Quiet | None], ...]

_QUIET_CHECKS: dict[tuple[str, ...], tuple[int, Steps | None]] = {}


def quiet_checks(kinds: tuple[str, ...]) -> Steps | None:
    """The document checks of ``kinds`` in their order, each with the quiet test that
    answers for it (or None); None when no test answers for any (or under
    `general_only`): the checks as `checks_for` lists them. (Asked of every document:
    one lookup, made again when a check is registered.)"""
    found = _QUIET_CHECKS.get(kinds)
    if found is None or found[0] != len(CHECKS):
        pairs = []
        for registered in checks_for(kinds):
            written = getattr(registered.fn, "__wrapped__", registered.fn)
            test = next((t for t, group in QUIET_GROUPS if written in group), None)
            pairs.append((registered.fn, test))
        steps = tuple(pairs) if any(t is not None for _, t in pairs) else None
        found = _QUIET_CHECKS[kinds] = (len(CHECKS), steps)
    return found[1] if taken() else None
