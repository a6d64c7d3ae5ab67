"""Issue 12's 60 MB document: the fast paths give exactly what the slow ones gave.

A big document is decoded with the garbage collector paused; schema/alike keys are marshal
bytes, not ``repr``; the unique dataset path and scale order checks skip what cannot break
them. Each gives what the slow path gave.
"""

from __future__ import annotations

import gc
import json
import string
from typing import Any

import pytest
from hypothesis import strategies as st

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.schema.alike import _exact
from ome_zarr_schemas.store.documents import parse_json_value

_TEXT = st.text(alphabet=string.ascii_letters + ':"\\[]{},\u00e9\u2028 ', max_size=6)
_NUMBER = st.integers() | st.floats(allow_nan=False, allow_infinity=False)
_JSON = st.recursive(
    st.none() | st.booleans() | _NUMBER | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_big_document_is_decoded_with_the_collector_paused(enabled: bool) -> None:
    """The collector is paused while a document of 1 MB or more is decoded, and left as
    it was found; what the hooks report is the same."""
    started: list[str] = []
    datasets = [{"path": str(i), "k": [1.5, "x"]} for i in range(40_000)]
    text = json.dumps({"a": 1, "datasets": datasets, "b": {"c": 1}})
    data = (text[:-2] + ', "c": 2}, "a": 3}').encode()
    assert len(data) > 1 << 20

    def callback(phase: str, info: dict[str, int]) -> None:
        started.extend([phase] if phase == "start" else [])

    (gc.enable if enabled else gc.disable)()
    gc.callbacks.append(callback)
    try:
        json.loads(data)  # the plain decoder: the collector runs again and again
        plain, started[:] = len(started), []
        loaded = parse_json_value("big", data)
        assert gc.isenabled() is enabled
    finally:
        gc.callbacks.remove(callback)
        gc.enable()
    assert plain > 50 if enabled else plain == 0
    assert len(started) <= 1  # at most one, after the decoding (objects made meanwhile)
    assert [i.message.split(" appears")[0] for i in loaded.findings] == [
        "the name 'c'",
        "the name 'a'",
    ]
    assert isinstance(loaded.attributes, dict) and loaded.attributes["a"] == 3


def test_exact_keys_keep_json_types_apart() -> None:
    keys = [_exact(v) for v in (1, 1.0, True, "1", [1], (1,), {"a": 1}, None, 0.0, -0.0)]
    assert len(set(keys)) == len(keys)
    assert _exact({"a": [1, 2.5]}) == _exact({"a": [1, 2.5]})
    odd = _exact(object())  # what marshal cannot write: keyed by repr, never equal to bytes
    assert isinstance(odd, tuple) and odd[0] == "repr"


def _image(datasets: list[dict[str, Any]]) -> dict[str, Any]:
    axes = [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}]
    return {"ome": {"version": "0.5", "multiscales": [{"axes": axes, "datasets": datasets}]}}


def _level(path: object, scale: list[Any]) -> dict[str, Any]:
    return {"path": path, "coordinateTransformations": [{"type": "scale", "scale": scale}]}


def _found(attrs: dict[str, Any], rule: str) -> list[str]:
    return [i.pointer for i in validate_attributes(attrs).issues if i.rule == rule]


def test_unique_paths_and_scale_order_in_a_long_alike_list() -> None:
    """Equal levels are skipped, yet a repeat or a shrink anywhere is found, also after a
    path that is no string (the slow loop then runs) and after a level whose scale is
    not numbers (its equal-looking successor is compared)."""
    levels = [_level(str(i), [1.0, 1.0]) for i in range(500)]
    assert _found(_image(levels), "multiscales.unique-dataset-paths") == []
    levels[300]["path"] = "7"
    assert _found(_image(levels), "multiscales.unique-dataset-paths") == [
        "/ome/multiscales/0/datasets/300/path"
    ]
    levels[300]["path"] = 7
    assert _found(_image(levels), "multiscales.unique-dataset-paths") == []
    levels = [_level(str(i), [2.0, 2.0]) for i in range(3)] + [_level("3", [True, 2.0])]
    levels.append(_level("4", [1, 2.0]))  # equal to the previous level's scale as written
    pointers = _found(_image(levels), "multiscales.scales-ordered")
    assert pointers == ["/ome/multiscales/0/datasets/4/coordinateTransformations"]
