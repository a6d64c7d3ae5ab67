"""Label blocks: the labels container's 'labels' list and a label image's 'image-label'."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..spec.versions import get
from . import _multiscales, _values

#: The 'labels' list: relative paths, distinct (a repeat only warns).
LABEL_PATHS = st.lists(_values.relative_path(), max_size=8, unique=True)

#: An integer pixel value; sometimes written as an integral float (3.0 is an integer).
_LABEL_VALUE = st.one_of(
    st.integers(0, 255),
    st.integers(-(2**63), 2**64 - 1),
    st.integers(-(2**52), 2**52).map(float),
)
_LABEL_VALUES = st.lists(_LABEL_VALUE, min_size=1, max_size=8, unique=True)
_RGBA = st.tuples(*[st.integers(0, 255)] * 4).map(list)
_PROPERTIES = st.dictionaries(
    st.sampled_from(["area", "class", "ñame"]), _values.json_value(), max_size=2
)
_SOURCE_IMAGE = st.one_of(st.just("../../"), _values.text(min_size=1))


@st.composite
def labels_blocks(draw: st.DrawFn, version: str) -> dict[str, Any]:
    return {"labels": draw(LABEL_PATHS)}


@st.composite
def image_label(draw: st.DrawFn, version: str) -> dict[str, Any]:
    block: dict[str, Any] = {}
    if draw(_values.D4) > 0:
        block["version"] = (
            version if get(version).block_versions else draw(st.sampled_from([version, "0.5"]))
        )
    if draw(_values.D4) > 0:
        colors = []
        for value in draw(_LABEL_VALUES):
            entry: dict[str, Any] = {"label-value": value}
            if draw(_values.D4) > 0:
                entry["rgba"] = draw(_RGBA)
            colors.append(entry)
        block["colors"] = colors
    if draw(_values.COIN):
        block["properties"] = [
            {"label-value": value, **draw(_PROPERTIES)} for value in draw(_LABEL_VALUES)
        ]
    if draw(_values.COIN):
        block["source"] = {"image": draw(_SOURCE_IMAGE)} if draw(_values.D4) > 0 else {}
    return block


@st.composite
def label_image_blocks(draw: st.DrawFn, version: str) -> dict[str, Any]:
    """A label image: 'image-label' beside its 'multiscales' (and maybe 'omero')."""
    blocks = draw(_multiscales.image_blocks(version))
    blocks["image-label"] = draw(image_label(version))
    return blocks
