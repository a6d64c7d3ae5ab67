"""The checks' shortcuts for big plates (issue 15, `rules._shortcuts`) give the reports of
the general code they stand in for: on drawn valid and mutated hierarchies, on every
fault of the store case suite in every version it applies to, and piece by piece (the
level arrays of an image, a dataset's scale, the ratio of sizes and scales) on drawn
values, hostile ones included.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.hierarchy import check_hierarchy, read_store
from ome_zarr_schemas.issues import Report
from ome_zarr_schemas.rules._context import Context, Group
from ome_zarr_schemas.rules._levels import _by_links, _direct
from ome_zarr_schemas.rules._scales import (
    any_scale,
    level_scale,
    products,
    quick_mismatch,
    ratio_mismatch,
)
from ome_zarr_schemas.rules._shortcuts import general_only, taken
from ome_zarr_schemas.rules._usual_documents import first_scale as _first_scale
from ome_zarr_schemas.rules._usual_documents import scale_of as _scale_of
from ome_zarr_schemas.rules._util import distinct_numbers, duplicates, finite, finites, objects
from ome_zarr_schemas.rules.image_label import _fits
from ome_zarr_schemas.store.nodes import Hierarchy, Node
from ome_zarr_schemas.testing import (
    GeneratedHierarchy,
    hierarchies,
    invalid_hierarchies,
    write_hierarchy,
)
from ome_zarr_schemas.validate import validate_loaded

from .store_cases import ALL, BASES, CASES, StoreCase, case_id
from .stores import StoreSpec

SOME = settings(max_examples=max(10, settings().max_examples))
#: Valid hierarchies, and broken ones (their metadata is what the checks see at its worst).
DRAWN = st.one_of(
    hierarchies().map(lambda h: (h, {})),
    invalid_hierarchies().map(lambda m: (m.hierarchy, dict(m.reader_kwargs))),
)


def _shown(report: Report) -> list[Any]:
    """Everything a report says, in order."""
    return [i.to_dict() for i in report.issues] + [report.valid, report.version, report.kinds]


def _both_ways(hierarchy: Hierarchy) -> list[Any]:
    """The report with the shortcuts and without, which must be the same."""
    assert taken()
    quick = _shown(check_hierarchy(hierarchy))
    with general_only():
        assert not taken()
        general = _shown(check_hierarchy(hierarchy))
    assert taken()
    assert quick == general
    return quick


@SOME
@given(DRAWN)
def test_drawn_hierarchies_report_the_same_both_ways(
    case: tuple[GeneratedHierarchy, dict[str, object]],
) -> None:
    drawn, reader = case
    with tempfile.TemporaryDirectory() as folder:
        write_hierarchy(drawn, folder)
        _both_ways(read_store(folder, **reader))  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_store_fault_reports_the_same_both_ways(tmp_path: Path, case: StoreCase) -> None:
    for version in case.versions:
        root = case.build(version).write(tmp_path / f"{version}.zarr")
        shown = _both_ways(read_store(root))
        if version == case.versions[0]:  # the fault is found (as tests/test_store_rules.py)
            assert {(i["rule"], i["node"]) for i in shown[:-3]} == set(case.expected)


@pytest.mark.parametrize("version", ALL)
@pytest.mark.parametrize("base", sorted(BASES))
def test_valid_stores_report_the_same_both_ways(tmp_path: Path, base: str, version: str) -> None:
    spec = StoreSpec(version)
    BASES[base](spec)
    assert _both_ways(read_store(spec.write(tmp_path / "store.zarr")))[-3] is True


# --- piece by piece

#: Dataset paths: plain names, and what `store.paths.resolve` refuses or reads apart.
_PATHS = st.one_of(
    st.sampled_from(["0", "s1", "é2", "½", "a/b", "..", ".", "", "x%2F", "c:d", "a\\b", "/0"]),
    st.text(max_size=4),
    st.integers(0, 3),
    st.none(),
)
_DATASET: st.SearchStrategy[Any] = st.one_of(
    st.fixed_dictionaries({"path": _PATHS}),
    st.just({}),
    st.just([]),
    st.integers(),
)


@given(
    st.lists(_DATASET, max_size=6),
    st.sampled_from(["", "img", "A/1/0", "A/1/0/labels/cells"]),
    st.sets(st.sampled_from(["0", "s1", "é2", "½", "x%2F", "img/0", "A/1/0/0", "0/0"])),
)
def test_an_images_datasets_resolve_as_their_links_do(
    datasets: list[Any], path: str, present: set[str]
) -> None:
    ome = {"multiscales": [{"datasets": datasets}]}
    nodes = {p: Node(p, node_type="array") for p in present}
    context = Context(Hierarchy(nodes=nodes), {})
    group = Group(path, "0.5", frozenset({"image"}), ome, ())
    multiscale = ome["multiscales"][0]
    assert _direct(context, group, multiscale) == _by_links(context, group, 0, multiscale)


_POSITIVE = st.floats(min_value=5e-324, max_value=1.7e308)
_NUMBERS = st.one_of(
    _POSITIVE,
    st.sampled_from([0.0, -0.0, -1.0, math.inf, math.nan, 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 10**400),
    st.booleans(),
    st.just("1"),
)
_TRANSFORM = st.one_of(
    st.fixed_dictionaries(
        {"type": st.sampled_from(["scale", "translation"]), "scale": st.lists(_NUMBERS, max_size=4)}
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("sequence"),
            "transformations": st.lists(
                st.fixed_dictionaries(
                    {"type": st.just("scale"), "scale": st.lists(_NUMBERS, max_size=3)}
                ),
                max_size=2,
            ),
        }
    ),
    st.just("scale"),
)


#: Floats, most of them a usual scale, some a scale's edge (zero, below, not finite).
_FLOATS = st.one_of(_POSITIVE, st.sampled_from([0.0, -0.0, -1.0, math.inf, math.nan]))


#: A dataset's transformations: any, or a scale of floats first.
_TRANSFORMS = st.one_of(
    st.lists(_TRANSFORM, max_size=3),
    st.tuples(
        st.lists(_FLOATS, min_size=1, max_size=4).map(lambda v: {"type": "scale", "scale": v}),
        st.lists(_TRANSFORM, max_size=2),
    ).map(lambda t: [t[0], *t[1]]),
)


@given(_TRANSFORMS.map(lambda transforms: {"coordinateTransformations": transforms}))
def test_a_datasets_scale_is_the_general_one(dataset: dict[str, Any]) -> None:
    assert level_scale(dataset) == any_scale(dataset)


_SIZES = st.one_of(st.integers(0, 2**40), st.integers(-(2**1100), 2**1100), st.floats())


@st.composite
def _levels_pair(
    draw: st.DrawFn,
) -> tuple[tuple[Any, ...], list[float], tuple[Any, ...], list[float]]:
    """Level 0's shape and scale, and another level's, of one dimension count."""
    dims = draw(st.integers(1, 4))
    sizes = st.lists(_SIZES, min_size=dims, max_size=dims).map(tuple)
    scales = st.lists(_POSITIVE, min_size=dims, max_size=dims)
    return draw(sizes), draw(scales), draw(sizes), draw(scales)


@given(_levels_pair())
@example(((-(2**40),), [1e300], (0,), [1e-300]))  # level 0's product is -inf: not compared
@example(((2**40,), [1e300], (5,), [1e-300]))  # an expected size of inf: not compared
@example(((4, 4), [1.0, 1.0], (2, 3), [2.0, 2.0]))  # the second dimension disagrees
def test_the_ratio_of_sizes_and_scales_is_the_general_one(
    case: tuple[tuple[Any, ...], list[float], tuple[Any, ...], list[float]],
) -> None:
    shape0, scale0, shape, scale = case
    level0_products = products(shape0, scale0)
    general = ratio_mismatch(shape0, scale0, shape, scale)
    if level0_products is None:
        assert any(type(n) is not int or abs(n) >= 2**1023 for n in shape0)
        return
    quick = quick_mismatch(level0_products, shape, scale)
    if all(type(n) is int and abs(n) < 2**1023 for n in shape):
        assert quick is not False
        assert quick == general, (quick, general)
    else:
        assert quick is False or quick == general, (quick, general)


# --- the loop over the groups (hierarchy._check_hierarchy)


def _group(path: str, attrs: dict[str, Any], raw: bytes = b"") -> Node:
    return Node(path, zarr_format=3, node_type="group", attributes=attrs, raw_key=raw)


def test_groups_built_in_memory_each_get_their_own_findings() -> None:
    """No bytes read is no key: a hierarchy built in memory once gave every group the
    findings of the first group validated."""
    good = {"ome": {"version": "0.5", "labels": ["a"]}}
    bad = {"ome": {"version": "0.5", "labels": [3]}}
    nodes = {"": _group("", {}), "x": _group("x", good), "y": _group("y", bad)}
    report = check_hierarchy(Hierarchy(nodes=nodes, zarr_format=3))
    assert [(i.node, i.rule) for i in report.issues] == [("y", "labels.path")]


def test_identical_documents_are_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wells of a plate written alike: one validation, each well its own findings."""
    calls: list[object] = []

    def counted(attrs: object, **options: Any) -> Report:
        calls.append(attrs)
        return validate_loaded(attrs, **options)

    monkeypatch.setattr("ome_zarr_schemas.hierarchy.validate_loaded", counted)
    bad = {"ome": {"version": "0.5", "labels": [3]}}
    nodes = {p: _group(p, bad, b"same bytes") for p in ("a", "b", "c")}
    nodes["d"] = _group("d", {"ome": {"version": "0.5", "labels": [4]}}, b"other bytes")
    report = check_hierarchy(Hierarchy(nodes=nodes, zarr_format=3))
    assert len(calls) == 2
    assert [(i.node, i.rule) for i in report.issues] == [
        (p, "labels.path") for p in ("a", "b", "c", "d")
    ]


# --- helpers every check calls, each with its usual case answered at once


def _finites_by_item(value: object) -> list[float] | None:
    """`finites` as defined: each item through `finite`."""
    if not isinstance(value, list):
        return None
    out = [finite(v) for v in value]
    return [v for v in out if v is not None] if None not in out else None


_ITEMS: st.SearchStrategy[Any] = st.one_of(_NUMBERS, st.just({}), st.just([]), st.none())


@given(
    st.one_of(
        st.lists(_FLOATS, max_size=5),
        st.lists(st.integers(-(2**1100), 2**1100), max_size=3),
        st.lists(_ITEMS, max_size=5),
        _ITEMS,
    )
)
def test_finites_are_each_item_finite(value: object) -> None:
    found = _finites_by_item(value)
    given_back = finites(value)
    assert given_back == found
    if given_back is not None and all(type(v) is float for v in value):  # type: ignore[attr-defined]
        assert isinstance(value, list)  # floats as they are, in a new list
        assert given_back is not value
        assert all(a is b for a, b in zip(given_back, value, strict=True))


@given(
    st.one_of(
        st.lists(st.one_of(st.just({}), st.just({"a": 1})), max_size=5),
        st.lists(_ITEMS, max_size=5),
        _ITEMS,
    )
)
def test_objects_are_the_items_that_are_mappings(value: object) -> None:
    expected = (
        [(i, v) for i, v in enumerate(value) if isinstance(v, Mapping)]
        if isinstance(value, list)
        else []
    )
    assert objects(value) == expected


@given(st.one_of(_TRANSFORMS, _ITEMS))
def test_a_datasets_first_scale_is_the_general_loops(transforms: object) -> None:
    assert _scale_of({"coordinateTransformations": transforms}) == _first_scale(transforms)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=5))
def test_a_label_level_fits_its_image_level_as_the_set_test_says(pairs: list[Any]) -> None:
    label, image = tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
    assert _fits(label, image) == all(x in {y, 1} for x, y in pairs)


@pytest.mark.parametrize("version", ALL)
def test_a_larger_level_whose_scale_fits_reports_the_same_both_ways(
    tmp_path: Path, version: str
) -> None:
    """Level 1 twice level 0's size at half its scale: the scales fit the shapes, so
    only the order of the levels tells this image from a usual one."""
    spec = StoreSpec(version)
    spec.image()
    transform = spec.ome("")["multiscales"][0]["datasets"][1]["coordinateTransformations"][0]
    if transform.get("type") == "sequence":
        transform = transform["transformations"][0]
    transform["scale"] = [1.0, 0.5, 0.5]
    spec.array_doc("1")["shape"] = [2, 128, 128]
    shown = _both_ways(read_store(spec.write(tmp_path / "store.zarr")))
    assert "multiscales.levels-ordered" in {i["rule"] for i in shown[:-3]}


@given(
    st.lists(
        st.one_of(
            st.integers(-2, 3),
            st.booleans(),
            st.floats(0, 2),
            st.sampled_from([0.0, 1.0, -0.0, 2.0, float("nan")]),
            st.text(max_size=1),
        )
    )
)
def test_distinct_numbers_are_what_duplicates_finds_nothing_in(values: list[Any]) -> None:
    if distinct_numbers(values):
        assert list(duplicates(enumerate(values))) == []
        assert all(type(v) is int or type(v) is float for v in values)
    elif all(type(v) is int or type(v) is float for v in values):
        assert list(duplicates(enumerate(values)))  # a repeat, found
