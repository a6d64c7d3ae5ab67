"""Plates: rows, columns, wells and acquisitions in one document (unique names, well paths
that agree with their row and column indices), and against the store the row and well
groups they name."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..store.paths import join
from ._context import Context, Group, target
from ._registry import cross
from ._rule import E, Finding, Rule, W
from ._util import block_check, distinct_strings, duplicates, objects, ptr, unique_by

__all__ = [
    "ACQUISITION_ID",
    "ACQUISITION_TIME",
    "CASE_INSENSITIVE_NAMES",
    "COLUMNS",
    "FIELD_COUNT",
    "NAME_ALPHANUMERIC",
    "RECOMMENDED_FIELDS",
    "ROWS",
    "ROW_EXISTS",
    "STRUCTURE",
    "UNIQUE_ACQUISITION_IDS",
    "UNIQUE_COLUMN_NAMES",
    "UNIQUE_ROW_NAMES",
    "UNIQUE_WELLS",
    "UNLISTED_GROUP",
    "VERSION",
    "WELLS",
    "WELL_EXISTS",
    "WELL_INDEX",
    "WELL_INDEX_IN_RANGE",
    "WELL_PATH",
    "WELL_PATH_MATCHES_ROW_COLUMN",
    "listed_wells",
]

STRUCTURE = Rule(
    "plate.structure",
    "'plate' is an object with 'rows', 'columns' and 'wells'",
    E,
    "schema",
)
VERSION = Rule(
    "plate.version",
    "The per-block 'version' names this version",
    E,
    "schema",
    decision="0.5: the text still says MUST, the schema and examples omit it; only"
    " 'ome.version' is authoritative, so a plate 'version' is optional (a string if"
    " present).",
)
FIELD_COUNT = Rule(
    "plate.field-count",
    "'field_count' and 'maximumfieldcount' are positive integers",
    E,
    "schema",
)
COLUMNS = Rule(
    "plate.columns",
    "'columns' is a non-empty list",
    E,
    "schema",
)
ROWS = Rule(
    "plate.rows",
    "'rows' is a non-empty list",
    E,
    "schema",
)
WELLS = Rule(
    "plate.wells",
    "'wells' is a non-empty list",
    E,
    "schema",
)
NAME_ALPHANUMERIC = Rule(
    "plate.name-alphanumeric",
    "Row and column names are non-empty and alphanumeric",
    E,
    "schema",
)
WELL_PATH = Rule(
    "plate.well-path",
    "A well path is '<row>/<column>'",
    E,
    "schema",
)
WELL_INDEX = Rule(
    "plate.well-index",
    "'rowIndex' and 'columnIndex' are non-negative integers",
    E,
    "schema",
)
ACQUISITION_ID = Rule(
    "plate.acquisition-id",
    "An acquisition id is a non-negative integer",
    E,
    "schema",
)
ACQUISITION_TIME = Rule(
    "plate.acquisition-time",
    "'starttime' and 'endtime' are non-negative integer timestamps",
    E,
    "schema",
    decision="The unit (seconds or milliseconds) is not fixed, so no upper bound or order is"
    " checked.",
)
UNIQUE_ROW_NAMES = Rule(
    "plate.unique-row-names",
    "Row names are unique",
    E,
    "semantic",
)
UNIQUE_COLUMN_NAMES = Rule(
    "plate.unique-column-names",
    "Column names are unique",
    E,
    "semantic",
)
CASE_INSENSITIVE_NAMES = Rule(
    "plate.case-insensitive-names",
    "Row (or column) names do not differ only by case",
    W,
    "semantic",
)
WELL_PATH_MATCHES_ROW_COLUMN = Rule(
    "plate.well-path-matches-row-column",
    "A well path is its row's name, '/', its column's name",
    E,
    "semantic",
)
WELL_INDEX_IN_RANGE = Rule(
    "plate.well-index-in-range",
    "'rowIndex' and 'columnIndex' index existing rows and columns",
    E,
    "semantic",
)
UNIQUE_WELLS = Rule(
    "plate.unique-wells",
    "Each well is listed once",
    E,
    "semantic",
)
UNIQUE_ACQUISITION_IDS = Rule(
    "plate.unique-acquisition-ids",
    "Acquisition ids are unique",
    E,
    "semantic",
)
RECOMMENDED_FIELDS = Rule(
    "plate.recommended-fields",
    "A plate has a 'name' (0.4: and 'version'); an acquisition has 'name' and 'maximumfieldcount'",
    W,
    "schema",
)
ROW_EXISTS = Rule(
    "plate.row-exists",
    "Each row holding a listed well exists as a group",
    E,
    "hierarchy",
)
WELL_EXISTS = Rule(
    "plate.well-exists",
    "Each listed well path names a group with 'well' metadata",
    E,
    "hierarchy",
)
UNLISTED_GROUP = Rule(
    "plate.unlisted-group",
    "Every row and well group of a plate is listed in 'wells'",
    W,
    "hierarchy",
    decision="H-16: row and well groups SHOULD NOT exist without images, so a group on disk"
    " that no listed well accounts for is a warning. Needs a listing (not over HTTP).",
)


# --- one document


_WELL_PATH = re.compile(r"[A-Za-z0-9]+/[A-Za-z0-9]+")


def _names(plate: Mapping[str, Any], key: str) -> list[object]:
    entries = plate.get(key)
    if not isinstance(entries, list):
        return []
    return [e.get("name") if type(e) is dict or isinstance(e, Mapping) else None for e in entries]


@block_check("plate")
def unique_names(plate: Mapping[str, Any], version: str) -> Iterator[Finding]:
    for key, rule, noun in (
        ("rows", UNIQUE_ROW_NAMES, "row"),
        ("columns", UNIQUE_COLUMN_NAMES, "column"),
    ):
        names = _names(plate, key)
        if distinct_strings(names, folded=True):
            continue  # the usual names, at once: none repeats, even up to case
        exact = set()
        for index, first, name in duplicates(enumerate(names)):
            exact.add(index)
            yield rule.finding(
                ptr("plate", key, index, "name"),
                f"duplicate {noun} name {name!r} (also {noun} {first})",
            )
        folded = (
            (i, n.casefold()) for i, n in enumerate(names) if isinstance(n, str) and i not in exact
        )
        for index, first, _ in duplicates(folded):
            if names[index] != names[first]:
                yield CASE_INSENSITIVE_NAMES.finding(
                    ptr("plate", key, index, "name"),
                    f"{noun} names {names[first]!r} and {names[index]!r} differ only by case",
                )


@block_check("plate")
def unique_wells_and_acquisitions(plate: Mapping[str, Any], version: str) -> Iterator[Finding]:
    for rule, key, item_key, message in (
        (UNIQUE_WELLS, "wells", "path", "well {value!r} is already listed (well {first})"),
        (
            UNIQUE_ACQUISITION_IDS,
            "acquisitions",
            "id",
            "acquisition id {value!r} is already used (acquisition {first})",
        ),
    ):
        yield from unique_by(rule, plate.get(key), item_key, ("plate", key), message)


@block_check("plate")
def wells_match_rows_and_columns(plate: Mapping[str, Any], version: str) -> Iterator[Finding]:
    rows, columns = _names(plate, "rows"), _names(plate, "columns")
    wells = plate.get("wells")
    if _paths_match(wells, rows, columns):
        return iter(())  # the usual plate, at once
    return _each_well(wells, rows, columns)


def _paths_match(wells: object, rows: list[object], columns: list[object]) -> bool:
    """Whether every well is an object whose indices name a row and a column (integers in
    range, names that are strings) and whose path is theirs: `_each_well` then finds
    nothing, and one tight loop says so (a plate has hundreds of wells)."""
    if type(wells) is not list:
        return False
    for well in wells:
        if type(well) is not dict:
            return False
        row, column = well.get("rowIndex"), well.get("columnIndex")
        if type(row) is not int or type(column) is not int or row < 0 or column < 0:
            return False
        try:
            row_name, column_name = rows[row], columns[column]
        except IndexError:
            return False
        if type(row_name) is not str or type(column_name) is not str:
            return False
        if well.get("path") != f"{row_name}/{column_name}":
            return False
    return True


def _each_well(wells: object, rows: list[object], columns: list[object]) -> Iterator[Finding]:
    for index, well in objects(wells):
        path = well.get("path")
        row, column = well.get("rowIndex"), well.get("columnIndex")
        if type(row) is float and row.is_integer():
            row = int(row)  # 1.0 is an integer to JSON Schema, so to us too
        if type(column) is float and column.is_integer():
            column = int(column)
        if (  # the usual well, at once: indices in range naming a row and a column
            type(row) is int
            and type(column) is int
            and 0 <= row < len(rows)
            and 0 <= column < len(columns)
            and type(path) is str
            and type(rows[row]) is str
            and type(columns[column]) is str
        ):
            want = f"{rows[row]}/{columns[column]}"
            if path != want and _WELL_PATH.fullmatch(path):
                yield _path_mismatch(index, path, want)
            continue
        expected: list[str] = []
        for key, names, noun in (("rowIndex", rows, "rows"), ("columnIndex", columns, "columns")):
            value = well.get(key)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # 1.0 is an integer to JSON Schema, so to us too
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                continue  # the schema reports a non-integer or negative index
            if value >= len(names):
                if names:
                    yield WELL_INDEX_IN_RANGE.finding(
                        ptr("plate", "wells", index, key),
                        f"'{key}' is {value}, but the plate has {len(names)} {noun}",
                    )
                continue
            name = names[value]
            if isinstance(name, str):
                expected.append(name)
        # A malformed path already has its schema finding (plate.well-path).
        if len(expected) == 2 and isinstance(path, str) and _WELL_PATH.fullmatch(path):
            want = "/".join(expected)
            if path != want:
                yield _path_mismatch(index, path, want)


def _path_mismatch(index: int, path: str, want: str) -> Finding:
    return WELL_PATH_MATCHES_ROW_COLUMN.finding(
        ptr("plate", "wells", index, "path"),
        f"well path {path!r} does not match its row and column: rowIndex and"
        f" columnIndex name {want!r}",
    )


# --- against the store


def listed_wells(ctx: Context, plate: Group) -> list[tuple[str, str, str]]:
    """(pointer of the well path, well path as written, node path) of each safe well path."""
    found = []
    for link in ctx.links(plate, "well"):
        path = target(plate.path, link.path)
        if path is not None:
            found.append((link.pointer, link.path, path))
    return found


@cross
def wells_exist(ctx: Context) -> Iterator[Finding]:
    for plate in ctx.of_kind("plate"):
        missing_rows: set[str] = set()
        for where, value, path in listed_wells(ctx, plate):
            if "/" in value:
                row = path.rpartition("/")[0]
                row_node = ctx.node(row)
                if row_node is not None and row_node.exists is False and row not in missing_rows:
                    missing_rows.add(row)
                    yield ROW_EXISTS.finding(
                        where,
                        f"row group {row!r} of well {value!r} does not exist",
                        node=plate.path,
                        related=(row,),
                    )
            node = ctx.node(path)
            if node is None or node.exists is None:
                continue
            if node.exists is False:
                message = f"well {value!r} does not exist"
            elif ctx.group(path, "well") is None:
                message = f"well group {value!r} has no 'well' metadata"
            else:
                continue
            yield WELL_EXISTS.finding(where, message, node=plate.path, related=(path,))


@cross
def unlisted_groups(ctx: Context) -> Iterator[Finding]:
    listings = ctx.hierarchy.listings
    for plate in ctx.of_kind("plate"):
        names = listings.get(plate.path)
        if names is None:
            continue
        wells = {path for _, _, path in listed_wells(ctx, plate)}
        rows = {w.rpartition("/")[0] for w in wells}
        for name in names:
            row = join(plate.path, name)
            node = ctx.node(row)
            if name in {"OME", "labels"} or node is None or not node.is_group:
                continue
            if row not in rows:
                yield UNLISTED_GROUP.finding(
                    "",
                    f"group {name!r} in the plate holds no listed well",
                    node=row,
                    related=(plate.path,),
                )
                continue
            for column in listings.get(row, ()):
                well = join(row, column)
                found = ctx.node(well)
                if well not in wells and found is not None and found.is_group:
                    yield UNLISTED_GROUP.finding(
                        "",
                        f"group {name}/{column} is not a well listed by the plate",
                        node=well,
                        related=(plate.path,),
                    )
