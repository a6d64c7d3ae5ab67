"""The layout of every plate in a store, for the report's plate maps.

Drawn from the metadata as read, which may be broken: anything that is not the shape the
spec gives (rows and columns with string names, wells with a string path) is left out
rather than trusted, and a well is placed by its indices when they fit, else by the row
and column names its path starts with. Validity is the validator's business, not this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..store.nodes import Hierarchy

__all__ = ["plate_layouts"]


def plate_layouts(hierarchy: Hierarchy) -> list[dict[str, Any]]:
    """``[{"node", "name", "rows", "columns", "wells": [{"path", "row", "column"}]}]``,
    one per plate group of ``hierarchy``, by node path."""
    layouts = []
    for path in sorted(hierarchy.nodes):
        ome, _ = hierarchy.nodes[path].ome()
        plate = ome.get("plate") if ome is not None else None
        if isinstance(plate, Mapping):
            layouts.append(_layout(path, plate))
    return layouts


def _names(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v["name"]) for v in value if isinstance(v, Mapping) and "name" in v]


def _index(value: object, size: int) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size:
        return value
    return None


def _layout(node: str, plate: Mapping[str, Any]) -> dict[str, Any]:
    rows, columns = _names(plate.get("rows")), _names(plate.get("columns"))
    wells = []
    raw = plate.get("wells")
    for well in raw if isinstance(raw, list) else []:
        if not isinstance(well, Mapping) or not isinstance(well.get("path"), str):
            continue
        path = well["path"]
        row = _index(well.get("rowIndex"), len(rows))
        column = _index(well.get("columnIndex"), len(columns))
        first, _, second = path.partition("/")
        if row is None and first in rows:
            row = rows.index(first)
        if column is None and second in columns:
            column = columns.index(second)
        wells.append({"path": path, "row": row, "column": column})
    name = plate.get("name")
    return {
        "node": node,
        "name": name if isinstance(name, str) else None,
        "rows": rows,
        "columns": columns,
        "wells": wells,
    }
