"""Plate rules a schema cannot state: unique names, wells and acquisitions, and well paths
that agree with their row and column indices."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from . import Finding, check
from ._util import duplicates, mapping, objects, ptr

_WELL_PATH = re.compile(r"[A-Za-z0-9]+/[A-Za-z0-9]+")


def _names(plate: Mapping[str, Any], key: str) -> list[object]:
    entries = plate.get(key)
    if not isinstance(entries, list):
        return []
    return [e.get("name") if isinstance(e, Mapping) else None for e in entries]


@check(
    "plate",
    rules=("plate.unique-row-names", "plate.unique-column-names", "plate.case-insensitive-names"),
)
def unique_names(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    plate = mapping(ome.get("plate"))
    if plate is None:
        return
    for key, rule, noun in (
        ("rows", "plate.unique-row-names", "row"),
        ("columns", "plate.unique-column-names", "column"),
    ):
        names = _names(plate, key)
        exact = set()
        for index, first, name in duplicates(enumerate(names)):
            exact.add(index)
            yield (
                rule,
                ptr("plate", key, index, "name"),
                f"duplicate {noun} name {name!r} (also {noun} {first})",
            )
        folded = (
            (i, n.casefold()) for i, n in enumerate(names) if isinstance(n, str) and i not in exact
        )
        for index, first, _ in duplicates(folded):
            if names[index] != names[first]:
                yield (
                    "plate.case-insensitive-names",
                    ptr("plate", key, index, "name"),
                    f"{noun} names {names[first]!r} and {names[index]!r} differ only by case",
                )


@check(
    "plate",
    rules=(
        "plate.well-path-matches-row-column",
        "plate.well-index-in-range",
        "plate.unique-wells",
    ),
)
def wells_match_rows_and_columns(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    plate = mapping(ome.get("plate"))
    if plate is None:
        return
    rows, columns = _names(plate, "rows"), _names(plate, "columns")
    wells = list(objects(plate.get("wells")))
    for index, first, path in duplicates((i, w.get("path")) for i, w in wells):
        yield (
            "plate.unique-wells",
            ptr("plate", "wells", index, "path"),
            f"well {path!r} is already listed (well {first})",
        )
    for index, well in wells:
        path = well.get("path")
        expected: list[str] = []
        for key, names, noun in (("rowIndex", rows, "rows"), ("columnIndex", columns, "columns")):
            value = well.get(key)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # 1.0 is an integer to JSON Schema, so to us too
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                continue  # the schema reports a non-integer or negative index
            if value >= len(names):
                if names:
                    yield (
                        "plate.well-index-in-range",
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
                yield (
                    "plate.well-path-matches-row-column",
                    ptr("plate", "wells", index, "path"),
                    f"well path {path!r} does not match its row and column: rowIndex and"
                    f" columnIndex name {want!r}",
                )


@check("plate", rules=("plate.unique-acquisition-ids",))
def unique_acquisitions(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    plate = mapping(ome.get("plate"))
    if plate is None:
        return
    ids = ((i, a.get("id")) for i, a in objects(plate.get("acquisitions")))
    for index, first, value in duplicates(ids):
        yield (
            "plate.unique-acquisition-ids",
            ptr("plate", "acquisitions", index, "id"),
            f"acquisition id {value!r} is already used (acquisition {first})",
        )
