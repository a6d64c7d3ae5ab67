"""The 0.6 coordinate-system and transformation checks, made faster for issue 15, find
exactly what they found before.

Two proofs:

- a replay: documents drawn from ``ome_zarr_schemas.testing`` (valid 0.6 images, label
  images and scenes, and mutations of them) with the findings every document check gave
  on main before the change (commit 0e69793), in the order it gave them, stored in
  ``tests/golden/transform_checks_v06.json.gz`` (`tests.transform_checks_record` says
  how it was recorded);
- live Hypothesis properties: the shortcut for a transformation with nothing nested in it
  gives what the general walker gives, on every transformation drawn.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.rules._transform_fit import WALK, plain_output
from ome_zarr_schemas.rules._util import objects
from ome_zarr_schemas.rules.transformation_params import check_in_full, check_transformation
from ome_zarr_schemas.spec.transformations import lists
from ome_zarr_schemas.testing import attributes, invalid_attributes
from ome_zarr_schemas.testing._transforms import transformation

from .transform_checks_record import GOLDEN, KINDS, VERSIONS, check_findings


def _cases() -> list[dict[str, Any]]:
    return list(json.loads(gzip.decompress(GOLDEN.read_bytes())))


CASES = _cases()


def test_the_recording_covers_the_checks() -> None:
    """The replay means something: many documents, findings of the rules changed."""
    rules = {f[0] for case in CASES for f in case["findings"]}
    assert len(CASES) >= 1700
    assert {
        "coordinate-systems.reference",
        "coordinate-systems.connected",
        "coordinate-systems.unique-names",
        "multiscales.intrinsic-system",
        "multiscales.transform-intrinsic",
        "transforms.dimensions",
    } <= rules


@pytest.mark.parametrize("start", range(0, len(CASES), 100))
def test_checks_find_what_they_found_before(start: int) -> None:
    for case in CASES[start : start + 100]:
        assert check_findings(case["document"]) == case["findings"], case["document"]


# --- the shortcut of check_transformation against the general walk

#: Axis counts a check may pass: the drawn ones, unknown, and others (a misfit).
_COUNTS = (None, 0, 1, 2, 3, 4, 6)
#: What a mutation puts in place of a value of a transformation.
_REPLACEMENTS: tuple[object, ...] = (
    0,
    0.0,
    -0.0,
    False,
    1,
    2.5,
    10**400,
    None,
    "scale",
    "identity",
    [],
    [0],
    {},
)


@st.composite
def _transformation(draw: st.DrawFn, version: str, n: int, m: int) -> dict[str, Any]:
    return transformation(draw, version, n, m)


def _places(value: Any) -> list[tuple[Any, Any]]:
    """(container, key or index) of every value inside ``value``."""
    found: list[tuple[Any, Any]] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, inner in items:
        found.append((value, key))
        if isinstance(inner, dict | list):
            found.extend(_places(inner))
    return found


def _compare(
    data: st.DataObject, t: dict[str, Any], counts: tuple[int | None, ...], v: str
) -> None:
    n = data.draw(st.sampled_from(counts + _COUNTS), label="n")
    m = data.draw(st.sampled_from(counts + _COUNTS), label="m")
    at = ("multiscales", 0, "coordinateTransformations", 0)
    assert check_transformation(t, n, m, at, v) == check_in_full(t, n, m, at, v)


def test_the_shortcut_is_taken_only_when_nothing_is_wrong() -> None:
    scale = {"type": "scale", "scale": [1, 0.5]}
    then = {"type": "sequence", "transformations": [scale, {"type": "mapAxis", "mapAxis": [1, 0]}]}
    affine = {"type": "affine", "affine": [[1, 0, 0], [0, 1, 0]]}
    Case = tuple[dict[str, Any], int | None, int | None]
    plain: list[Case] = [(scale, 2, 2), (then, 2, 2), (then, None, 2), (affine, 2, 2)]
    plain += [(affine, None, None), ({"type": "affine"}, 2, 2)]
    plain += [({"type": "identity"}, 3, 3), ({"type": "identity"}, None, 2)]
    plain += [({"type": "coordinates", "interpolation": "linear"}, 2, 3)]
    plain += [({"type": "rotation"}, 2, 2), ({"type": "rotation", "path": "p"}, None, 3)]
    assert all(plain_output(t, n, m) is not WALK for t, n, m in plain)
    assert plain_output(then, 2, 2) == 2 and plain_output(affine, None, None) == 2
    walked: list[Case] = [(scale, 3, 3), (scale, 2, 3), (affine, 3, 2), (affine, 2, 3)]
    walked += [({"type": "scale", "scale": [1, -0.0]}, 2, 2), ({"type": "identity"}, 2, 3)]
    walked += [({"type": "mapAxis", "mapAxis": [0, 0]}, 2, 2)]
    walked += [({"type": "displacements", "interpolation": "nearest"}, 2, 3)]
    walked += [({"type": "coordinates", "interpolation": "fast"}, 2, 2)]
    assert all(plain_output(t, n, m) is WALK for t, n, m in walked)
    assert check_in_full({"type": "scale", "scale": [1, 0]}, 2, 2, (), "0.6rc0")


def test_a_by_dimension_is_answered_with_its_version_keys() -> None:
    """byDimension (issue 15, label images): the shortcut reads the version's item keys,
    walks at any finding, and walks when it is not told the keys."""
    item = {"type": "scale", "scale": [2.0]}
    plain = {
        "type": "byDimension",
        "transformations": [
            {"transformation": item, "input_axes": [0], "output_axes": [1]},
            {"transformation": {"type": "identity"}, "input_axes": [1], "output_axes": [0]},
        ],
    }
    keys = ("input_axes", "output_axes")
    assert plain_output(plain, 2, 2, keys) == 2 and plain_output(plain, None, None, keys) is None
    assert plain_output(plain, 2, 2) is WALK  # no keys: the walk
    assert check_transformation(plain, 2, 2, (), "0.6.dev4") == []
    twice = json.loads(json.dumps(plain).replace('"output_axes": [0]', '"output_axes": [1]'))
    wide = json.loads(json.dumps(plain).replace('"input_axes": [1]', '"input_axes": [5]'))
    own = json.loads(json.dumps(plain).replace('"identity"', '"identity", "input": {}'))
    zero = json.loads(json.dumps(plain).replace("2.0", "0"))
    for t, n, m in [(plain, 2, 3), (twice, 2, 2), (wide, 2, 2), (own, 2, 2), (zero, 2, 2)]:
        assert plain_output(t, n, m, keys) is WALK
        assert check_in_full(t, n, m, (), "0.6.dev4")  # each one is a finding
    assert plain_output(plain, 2, 2, ("inputAxes", "outputAxes")) is WALK  # never written


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_the_shortcut_finds_what_the_walk_finds(version: str, data: st.DataObject) -> None:
    """Every transformation the strategies draw, from N to M dimensions, then checked with
    these counts or others, as drawn or with one value replaced (a zero, another type, a
    list shortened...)."""
    n, m = data.draw(st.integers(1, 5), label="N"), data.draw(st.integers(1, 5), label="M")
    t = data.draw(_transformation(version, n, m), label="transformation")
    places = _places(t)
    if data.draw(st.booleans(), label="mutate"):
        container, key = data.draw(st.sampled_from(places), label="place")
        container[key] = data.draw(st.sampled_from(_REPLACEMENTS), label="value")
    if data.draw(st.booleans(), label="shorten") and (
        lists := [c for c, _ in places if isinstance(c, list)]
    ):
        data.draw(st.sampled_from(lists), label="list").pop()
    _compare(data, t, (n, m), version)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_the_shortcut_on_drawn_documents(version: str, kind: str, data: st.DataObject) -> None:
    """The same on each transformation of valid and mutated 0.6 documents."""
    broken = invalid_attributes(version, kind).map(lambda m: m.document)
    document = data.draw(st.one_of(attributes(version, kind), broken), label="document")
    ome = document.get("ome") if isinstance(document, dict) else None
    if not isinstance(ome, dict):
        return
    found = [t for _, _, each in lists(ome) for _, t in objects(each)]
    for _, multiscale in objects(ome.get("multiscales")):
        for _, dataset in objects(multiscale.get("datasets")):
            found.extend(t for _, t in objects(dataset.get("coordinateTransformations")))
    for t in found:
        _compare(data, dict(t), (), version)


# --- bad input is a finding, never a traceback


def test_a_type_or_path_that_is_a_list_is_a_finding() -> None:
    """main raised TypeError on each (a list is no key of a set or a dict)."""
    scale = {"type": "scale", "scale": [1, 1], "input": {"path": "0"}, "output": {"name": "a"}}
    axes = [{"name": "y", "type": ["space"]}, {"name": "x", "type": "space"}]
    label = {"type": [1], "input": {"name": "a"}, "output": {"name": "a", "path": "labels/x"}}
    image = {
        "coordinateSystems": [{"name": "a", "axes": axes}],
        "datasets": [{"path": "0", "coordinateTransformations": [{**scale, "type": [1]}]}],
        "coordinateTransformations": [label],
    }
    at = "/ome/multiscales/0/"
    places = {
        f"{at}{p}/type" for p in ("coordinateSystems/0/axes/0", "coordinateTransformations/0")
    }
    places.add(f"{at}datasets/0/coordinateTransformations/0/type")
    ends = [{"name": "a", "path": "image"}, {"name": "a", "path": []}]
    scene = {
        "coordinateTransformations": [{"type": "identity", "input": ends[0], "output": ends[1]}]
    }
    for version in VERSIONS:
        report = validate_attributes({"ome": {"version": version, "multiscales": [image]}})
        assert places <= {i.pointer for i in report.errors}, report.issues
        report = validate_attributes({"ome": {"version": version, "scene": scene}})
        found = {i.pointer for i in report.errors}
        assert "/ome/scene/coordinateTransformations/0/output/path" in found, report.issues


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_a_container_anywhere_gives_a_report(version: str, kind: str, data: st.DataObject) -> None:
    document = data.draw(attributes(version, kind), label="document")
    container, key = data.draw(st.sampled_from(_places(document)), label="place")
    container[key] = data.draw(st.sampled_from(([], {}, [1], {"a": 1})), label="value")
    report = validate_attributes(document)
    assert json.loads(json.dumps(report.to_dict()))["valid"] is report.valid
