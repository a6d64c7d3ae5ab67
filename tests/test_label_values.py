"""`image_label.unique_label_values` answers "nothing repeats" at once for a label image
listing no colors and no properties (issue 15), and otherwise finds what the entry by
entry loop finds: drawn and mutated label images of every version, and set cases."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.rules._util import duplicates, objects
from ome_zarr_schemas.rules.image_label import unique_label_values
from ome_zarr_schemas.testing import attributes, available, invalid_attributes

VERSIONS = sorted(v for v, k in available() if k == "label-image")


def _loop(ome: dict[str, Any]) -> list[tuple[str, str]]:
    """(pointer, message) of every repeated label value, entry by entry."""
    block = ome.get("image-label")
    if not isinstance(block, dict):
        return []
    found = []
    for key in ("colors", "properties"):
        values = ((i, e.get("label-value")) for i, e in objects(block.get(key)))
        for index, first, value in duplicates(values):
            where = f"/image-label/{key}/{index}/label-value"
            found.append(
                (where, f"label value {value!r} already has an entry in '{key}' (index {first})")
            )
    return found


def _same(ome: dict[str, Any], version: str) -> None:
    got = [(f.pointer, f.message) for f in unique_label_values(ome, version)]
    assert got == _loop(ome)


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_drawn_label_images(version: str, data: st.DataObject) -> None:
    broken = invalid_attributes(version, "label-image").map(lambda m: m.document)
    document = data.draw(st.one_of(attributes(version, "label-image"), broken), label="doc")
    if isinstance(document, dict):
        ome = document.get("ome", document)
        if isinstance(ome, dict):
            _same(ome, version)


@pytest.mark.parametrize(
    "block",
    [
        {},
        {"colors": None, "properties": []},
        {"colors": [{"label-value": 1}, {"label-value": 1}]},
        {"colors": [], "properties": [{"label-value": 2}, {"label-value": 2.0}]},
        {"colors": {}, "properties": [{}, {}]},
        {"colors": [{"label-value": True}, {"label-value": 1}]},
    ],
)
def test_set_cases(block: dict[str, Any]) -> None:
    _same({"image-label": block}, "0.6.dev4")


def test_a_repeat_is_found() -> None:
    """The set cases mean something: a repeated value is a finding."""
    block = {"colors": [], "properties": [{"label-value": 2}, {"label-value": 2}]}
    (finding,) = unique_label_values({"image-label": block}, "0.6.dev4")
    assert finding.pointer == "/image-label/properties/1/label-value"
