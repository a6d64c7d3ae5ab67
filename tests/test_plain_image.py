"""The one-loop answer of the 0.6 image checks (`rules._plain_image`, issue 15) is the
general checks' own, finding for finding and in their order, whenever it answers: on
valid and mutated 0.6.dev4 and 0.6rc0 images and label images, on documents mutated
toward each rule of the areas it covers, and on the same with one value anywhere
replaced by another (a repeated name, a string, a list, a number...)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.rules._plain_image import plain_image_systems
from ome_zarr_schemas.rules.coordinate_systems import image_systems, image_systems_in_full
from ome_zarr_schemas.spec.versions import get
from ome_zarr_schemas.testing import attributes, families, invalid_attributes

from .test_transform_checks import _places

VERSIONS = ("0.6.dev4", "0.6rc0")
KINDS = ("image", "label-image")
AREAS = ("axes", "coordinate-systems", "multiscales", "transforms")

#: What a mutation puts in place of a value.
_REPLACEMENTS: tuple[object, ...] = (
    None,
    0,
    1.5,
    "a",
    "x",
    "space",
    "channel",
    [],
    [{}],
    {},
    {"name": "a"},
    {"name": "a", "path": "labels/0"},
    {"path": "0"},
    {"type": "identity"},
    {"type": "rotation", "rotation": [[0, -1], [1, 0]]},
)


def _documents(version: str) -> st.SearchStrategy[Any]:
    drawn = [attributes(version, kind) for kind in KINDS]
    drawn += [invalid_attributes(version, kind).map(lambda m: m.document) for kind in KINDS]
    rules = sorted({f.rule for f in families(version) if f.rule.split(".")[0] in AREAS})
    drawn += [invalid_attributes(version, rule=rule).map(lambda m: m.document) for rule in rules]
    return st.one_of(drawn)


def _same(ome: Any, version: str) -> bool:
    """Whether the shortcut answered; asserts that its answer is the general one."""
    spec = get(version)
    plain = plain_image_systems(ome, spec.intrinsic_is_input, spec.by_dimension_axes)
    general = [(f.rule.id, f.pointer, f.message) for f in image_systems_in_full(ome, version)]
    assert [(f.rule.id, f.pointer, f.message) for f in image_systems(ome, version)] == general
    if plain is None:
        return False
    assert [(f.rule.id, f.pointer, f.message) for f in plain] == general
    return True


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_the_shortcut_finds_what_the_checks_find(version: str, data: st.DataObject) -> None:
    document = data.draw(_documents(version), label="document")
    ome = document.get("ome") if isinstance(document, dict) else None
    if not isinstance(ome, dict):
        return
    _same(ome, version)
    mutated = copy.deepcopy(ome)
    places = [p for p in _places(mutated) if p[0] is not mutated]
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        if not places:
            break
        container, key = data.draw(st.sampled_from(places), label="place")
        if isinstance(container, list) and data.draw(st.booleans(), label="repeat"):
            container.append(copy.deepcopy(container[key]))  # a repeated item
        else:
            container[key] = copy.deepcopy(data.draw(st.sampled_from(_REPLACEMENTS)))
        places = [p for p in _places(mutated) if p[0] is not mutated]
    _same(mutated, version)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_shortcut_answers_the_usual_image(version: str) -> None:
    """It is taken: a valid image with findings of its axes only, and none at all."""
    axes = [{"name": "t"}, {"name": "c", "type": "channel"}]  # custom and channel: a finding
    axes += [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}]
    scale = {"type": "scale", "scale": [1, 1, 1, 1], "input": {"path": "0"}}
    multiscale = {
        "coordinateSystems": [{"name": "a", "axes": axes}, {"name": "b", "axes": axes}],
        "datasets": [
            {"path": "0", "coordinateTransformations": [{**scale, "output": {"name": "a"}}]}
        ],
        "coordinateTransformations": [
            {"type": "identity", "input": {"name": "a"}, "output": {"name": "b"}}
        ],
    }
    ome = {"version": version, "multiscales": [multiscale]}
    assert _same(ome, version)
    assert len(list(image_systems(ome, version))) == 2  # one per system
    assert _same({**ome, "multiscales": []}, version)
    multiscale["coordinateTransformations"] = []  # "b" unconnected: the general checks say so
    assert not _same(ome, version)
    loop = {"type": "identity", "input": {"name": "a"}, "output": {"name": "a"}}
    multiscale["coordinateTransformations"] = [loop]  # an edge, but not to "b"
    assert not _same(ome, version)
