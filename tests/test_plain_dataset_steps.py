"""The dataset transformations `rules._plain_image` accepts inline (issue 15, round 6b):
a scale, or a sequence of a scale then a translation, of the system's axis count. Each
one accepted is one `plain_output` accepts too (it would find nothing in it), on drawn
steps of every shape near the usual one: other lengths, 0 in any spelling, other types,
a third step, no list. The image-level proof is `tests/test_plain_image.py`."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.rules._plain_image import _usual_scale, _usual_sequence
from ome_zarr_schemas.rules._transform_fit import WALK, plain_output

_NUMBERS = st.sampled_from([0, 0.0, -0.0, False, 1, 2.5, -3, 1e-300, True])
_VECTORS = st.lists(_NUMBERS, max_size=4) | st.none() | st.just("1") | st.just((1, 2))
_STEP = st.fixed_dictionaries(
    {"type": st.sampled_from(["scale", "translation", "identity"])},
    optional={"scale": _VECTORS, "translation": _VECTORS},
)
_LEVELS = st.none() | st.integers(0, 4)
_AXES = ("input_axes", "output_axes")


@given(_VECTORS, _LEVELS)
def test_a_usual_scale_is_one_plain_output_accepts(values: Any, level: int | None) -> None:
    t = {"type": "scale", "scale": values}
    if _usual_scale(values, level):
        assert plain_output(t, level, level, _AXES) is not WALK


@given(st.lists(_STEP, max_size=3) | st.none() | st.just({}), _LEVELS)
def test_a_usual_sequence_is_one_plain_output_accepts(items: Any, level: int | None) -> None:
    t = {"type": "sequence", "transformations": items}
    if _usual_sequence(items, level):
        assert plain_output(t, level, level, _AXES) is not WALK


def test_the_usual_steps_are_told_inline() -> None:
    scale = {"type": "scale", "scale": [1, 2.0, 0.5]}
    translation = {"type": "translation", "translation": [0, 1, 2]}
    assert _usual_scale(scale["scale"], 3)
    assert _usual_sequence([scale, translation], 3)
    assert not _usual_sequence([scale, translation], 2)
    assert not _usual_scale([1, -0.0, 2], 3)
