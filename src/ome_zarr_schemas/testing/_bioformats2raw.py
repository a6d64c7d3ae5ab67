"""bioformats2raw collections: the root's layout marker and the OME group's 'series'."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from . import _plate, _values


@st.composite
def bioformats2raw_blocks(draw: st.DrawFn, version: str) -> dict[str, Any]:
    """The root of a collection: layout 3 (3.0 is the same JSON number), maybe a plate."""
    blocks: dict[str, Any] = {"bioformats2raw.layout": draw(st.sampled_from([3, 3, 3.0]))}
    if draw(st.integers(0, 4)) == 4:
        blocks["plate"] = draw(_plate.plate(version, max_rows=4, max_columns=6))
    return blocks


@st.composite
def series_blocks(draw: st.DrawFn, version: str) -> dict[str, Any]:
    """The OME group: the image paths of the collection, in OME-XML order."""
    paths = draw(
        st.one_of(
            st.integers(0, 12).map(lambda n: [str(i) for i in range(n)]),
            st.lists(_values.relative_path(), max_size=6),
        )
    )
    return {"series": paths}
