"""The checks reuse the links the walk worked out (issue 15): `spec.links.of_version`
gives exactly what reading the mapping again for the group's version gives, and a
hierarchy checked with the walk's links reports exactly what it reports without them.
"""

from __future__ import annotations

import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.hierarchy import check_hierarchy, read_store
from ome_zarr_schemas.spec.links import links, of_version
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS
from ome_zarr_schemas.store.nodes import Hierarchy
from ome_zarr_schemas.testing import (
    GeneratedHierarchy,
    hierarchies,
    invalid_hierarchies,
    write_hierarchy,
)

SOME = settings(max_examples=max(5, settings().max_examples // 2))
#: Valid hierarchies, and broken ones (their metadata is what the checks see at its worst).
CASES = st.one_of(
    hierarchies().map(lambda h: (h, {})),
    invalid_hierarchies().map(lambda m: (m.hierarchy, dict(m.reader_kwargs))),
)


def _read(case: tuple[GeneratedHierarchy, dict[str, object]]) -> Hierarchy:
    hierarchy, reader = case
    with tempfile.TemporaryDirectory() as folder:
        write_hierarchy(hierarchy, folder)
        return read_store(folder, **reader)  # type: ignore[arg-type]


@SOME
@given(CASES)
def test_of_version_is_links_of_that_version(
    case: tuple[GeneratedHierarchy, dict[str, object]],
) -> None:
    hierarchy = _read(case)
    for node in hierarchy.nodes.values():
        ome, base = node.ome()
        if ome is None:
            continue
        every = links(ome, None, base)
        if node.links is not None:  # the walk expanded it: the same links, in order
            assert node.links == every
        for version in (None, *SUPPORTED_VERSIONS):
            assert of_version(every, version) == links(ome, version, base), version


@SOME
@given(CASES)
def test_checks_with_the_walks_links_report_the_same(
    case: tuple[GeneratedHierarchy, dict[str, object]],
) -> None:
    hierarchy = _read(case)
    expanded = [node for node in hierarchy.nodes.values() if node.links is not None]
    if not case[1] and hierarchy.nodes[""].ome()[0] is not None:
        assert hierarchy.nodes[""] in expanded  # the walk kept the links it followed
    reused = check_hierarchy(hierarchy).issues
    for node in expanded:
        node.links = None  # the checks work them out again
    assert check_hierarchy(hierarchy).issues == reused


def test_of_version_drops_transformation_links_before_coordinate_systems() -> None:
    ome = {
        "multiscales": [
            {
                "datasets": [{"path": "0"}],
                "coordinateTransformations": [
                    {"type": "affine", "path": "params", "input": "a", "output": "b"}
                ],
            }
        ]
    }
    every = links(ome, None)
    assert [link.kind for link in every] == ["level", "parameters"]
    assert [link.kind for link in of_version(every, "0.5")] == ["level"]
    assert of_version(every, SUPPORTED_VERSIONS[-1]) == links(ome, SUPPORTED_VERSIONS[-1])
