"""`rules._usual_documents`: a multiscale the shortcuts call usual gets no finding from
the general loop of its check (`scales_ordered`, `axes_of_multiscales` under
`general_only`), on drawn values, hostile ones included; and the usual image is called
usual, so the shortcut is taken.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.rules._shortcuts import general_only
from ome_zarr_schemas.rules._usual_documents import ordered_scales, plain_axes
from ome_zarr_schemas.rules.axes import axes_of_multiscales
from ome_zarr_schemas.rules.multiscales import scales_ordered
from ome_zarr_schemas.validate import validate_attributes

_NUMBERS = st.one_of(
    st.sampled_from([1.0, 2.0, 0.5, 4.0, -1.0, 0.0, math.nan, math.inf, -math.inf, 1, 2, True]),
    st.floats(),
    st.integers(-3, 5),
    st.sampled_from([2**53, 2**53 + 1, -(2**53) - 1, 2**1023, 2**1024, -(10**400)]),
    st.integers(),
)
_SCALE = st.lists(_NUMBERS, max_size=4)
_TRANSFORM: st.SearchStrategy[Any] = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["scale", "translation"]), "scale": _SCALE}),
    st.fixed_dictionaries({"type": st.just("scale"), "scale": st.sampled_from([None, "1", {}])}),
    st.just({"type": "scale"}),
    st.just("scale"),
    st.just({"type": "identity"}),
    st.fixed_dictionaries(  # a 0.6 dataset's sequence: its first object step gives the scale
        {
            "type": st.just("sequence"),
            "transformations": st.lists(
                st.one_of(
                    st.fixed_dictionaries(
                        {"type": st.sampled_from(["scale", "translation"]), "scale": _SCALE}
                    ),
                    st.just("scale"),
                ),
                max_size=2,
            ),
        }
    ),
)
_DATASET = st.one_of(
    st.fixed_dictionaries(
        {"path": st.just("0"), "coordinateTransformations": st.lists(_TRANSFORM, max_size=2)}
    ),
    st.just({"path": "0"}),
    st.just({"path": "0", "coordinateTransformations": "scale"}),
    st.just([]),
)
_AXIS = st.one_of(
    st.fixed_dictionaries(
        {
            "name": st.one_of(st.sampled_from(["x", "y", "z", "c", "t"]), st.none(), st.just(1)),
            "type": st.sampled_from(["space", "channel", "time", None]),
        }
    ),
    st.just({"type": "space"}),
    st.just("x"),
)


def _general(check: Any, multiscale: dict[str, Any]) -> list[Any]:
    with general_only():
        return list(check({"multiscales": [multiscale]}, "0.5"))


@given(st.one_of(st.lists(_DATASET, max_size=5), st.none(), st.just("datasets")))
def test_usual_scales_get_no_finding_from_the_general_loop(datasets: Any) -> None:
    if ordered_scales(datasets):
        assert _general(scales_ordered, {"datasets": datasets}) == []


@given(st.one_of(st.lists(_AXIS, max_size=5), st.none(), st.just("axes")))
def test_usual_axes_get_no_finding_from_the_general_loop(axes: Any) -> None:
    if plain_axes(axes):
        assert _general(axes_of_multiscales, {"axes": axes}) == []


@given(st.lists(_DATASET.filter(lambda d: type(d) is dict), max_size=5))
def test_scales_of_objects_are_usual_exactly_when_the_general_loop_finds_nothing(
    datasets: list[Any],
) -> None:
    """Datasets that are all objects: the shortcut reads each scale as the general loop
    does (ints, a sequence's first step, none for an identity), so it answers both ways."""
    assert ordered_scales(datasets) is (_general(scales_ordered, {"datasets": datasets}) == [])


def _scaled(*scales: list[float]) -> list[dict[str, Any]]:
    return [
        {"path": str(i), "coordinateTransformations": [{"type": "scale", "scale": s}]}
        for i, s in enumerate(scales)
    ]


def test_the_usual_image_is_usual_and_a_shrinking_one_is_not() -> None:
    assert ordered_scales(_scaled([1.0, 1.0, 1.0], [1.0, 2.0, 2.0], [1.0, 4.0, 4.0]))
    shrinking = _scaled([1.0, 2.0, 2.0], [1.0, 1.0, 2.0])
    assert not ordered_scales(shrinking)
    assert len(_general(scales_ordered, {"datasets": shrinking})) == 1
    axes = [{"name": "c", "type": "channel"}, {"name": "y", "type": "space"}]
    assert plain_axes([*axes, {"name": "x", "type": "space"}])
    unordered = [{"name": n, "type": "space"} for n in ("x", "y", "z")]
    assert not plain_axes(unordered)
    assert len(_general(axes_of_multiscales, {"axes": unordered})) == 1
    assert not plain_axes([{"name": "x"}, {"name": "x"}])


@given(st.lists(_DATASET, max_size=4), st.lists(_AXIS, max_size=4))
def test_a_document_reports_the_same_with_and_without_the_shortcuts(
    datasets: list[Any], axes: list[Any]
) -> None:
    attrs = {"ome": {"version": "0.5", "multiscales": [{"axes": axes, "datasets": datasets}]}}
    taken = validate_attributes(attrs)
    with general_only():
        general = validate_attributes(attrs)
    assert taken.issues == general.issues
