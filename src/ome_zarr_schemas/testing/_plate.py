"""HCS blocks: 'plate' (rows, columns, wells, acquisitions) and 'well'."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from ..spec.versions import get
from . import _values


@cache
def names(max_size: int) -> st.SearchStrategy[list[str]]:
    """Row or column names: alphanumeric, distinct even ignoring case (else a warning)."""
    return st.lists(_values.alnum(), min_size=1, max_size=max_size, unique_by=str.casefold)


def _block_version(version: str) -> st.SearchStrategy[str]:
    return (
        st.just(version)
        if get(version).block_versions
        else st.sampled_from([version, "0.5", "any"])
    )


_IDS = st.lists(st.integers(0, 2**63), max_size=4, unique=True)
_ACQUISITION_OPTIONAL = st.fixed_dictionaries(
    {},
    optional={
        "name": _values.text(),
        "description": _values.text(),
        "maximumfieldcount": st.integers(1, 2**31),
        "starttime": st.integers(0, 2**53),
        "endtime": st.integers(0, 2**53),
    },
)


@cache
def _subset(cells: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, cells - 1), min_size=1, max_size=min(cells, 24), unique=True)


@st.composite
def acquisitions(draw: st.DrawFn) -> list[dict[str, Any]]:
    ids = draw(_IDS)
    out = []
    for acquisition_id in ids:
        entry: dict[str, Any] = {"id": acquisition_id}
        entry.update(draw(_ACQUISITION_OPTIONAL))
        out.append(entry)
    return out


@st.composite
def plate(
    draw: st.DrawFn, version: str, max_rows: int = 16, max_columns: int = 24
) -> dict[str, Any]:
    rows = draw(names(max_rows))
    columns = draw(names(max_columns))
    cells = [(r, c) for r in range(len(rows)) for c in range(len(columns))]
    # a few wells, or every well of the plate (a long list for free)
    chosen = cells if draw(_values.D4) == 3 else [cells[i] for i in draw(_subset(len(cells)))]
    block: dict[str, Any] = {
        "rows": [{"name": n} for n in rows],
        "columns": [{"name": n} for n in columns],
        "wells": [
            {"path": f"{rows[r]}/{columns[c]}", "rowIndex": r, "columnIndex": c} for r, c in chosen
        ],
    }
    if draw(_values.D4) == 3:  # integral floats are integers to JSON Schema: 1.0 is row 1
        for well in block["wells"]:
            well["rowIndex"], well["columnIndex"] = (
                float(well["rowIndex"]),
                float(well["columnIndex"]),
            )
    if draw(_values.D4) > 0:
        block["name"] = draw(_values.text())
    if draw(_values.D4) > 0:
        block["version"] = draw(_block_version(version))
    if draw(_values.COIN):
        block["field_count"] = draw(st.integers(1, 2**31))
    if draw(_values.COIN):
        block["acquisitions"] = draw(acquisitions())
    return block


@st.composite
def plate_blocks(draw: st.DrawFn, version: str) -> dict[str, Any]:
    return {"plate": draw(plate(version))}


_FIELD_PATHS = st.lists(_values.alnum(max_size=3), min_size=1, max_size=12, unique=True)
_ACQUISITION = _values.integer()


@st.composite
def well(draw: st.DrawFn, version: str) -> dict[str, Any]:
    paths = draw(_FIELD_PATHS)
    images = []
    for path in paths:
        image: dict[str, Any] = {"path": path}
        if draw(_values.COIN):
            image["acquisition"] = draw(_ACQUISITION)
        images.append(image)
    block: dict[str, Any] = {"images": images}
    if draw(_values.D4) > 0:
        block["version"] = draw(_block_version(version))
    return block


@st.composite
def well_blocks(draw: st.DrawFn, version: str) -> dict[str, Any]:
    return {"well": draw(well(version))}
