"""`spec.links.links` of a decoded document (`_plain`, issue 15: only the readers whose
keys the document has, a usual multiscale list read in one loop) gives the links of every
reader asked in turn (`_every`, the general path), field by field and type by type: on
the groups of drawn valid and broken hierarchies of every version, and on drawn OME
mappings mixing every key the readers look for with odd values (no list, a list of
non-objects, a subclass of list or str, a multiscale with its own transformations, a
scene).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.spec import links as spec_links
from ome_zarr_schemas.spec.links import Link, links
from ome_zarr_schemas.spec.metadata import ome_block
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS, VERSIONS, get
from ome_zarr_schemas.testing import hierarchies, invalid_hierarchies

from .test_links_made import _attributes

_FIELDS = ("kind", "path", "tokens", "expect", "from_parent", "allow_up", "written")


class _Path(str):
    """A str subclass: keeps its own link object."""


class _List(list):  # type: ignore[type-arg]
    """A list subclass: read by the general readers."""


def _values(found: list[Link]) -> list[tuple[Any, ...]]:
    return [tuple((type(getattr(link, f)), getattr(link, f)) for f in _FIELDS) for link in found]


def _general(ome: Any, version: str | None, base: tuple[str, ...]) -> list[Link]:
    return spec_links._every(ome, get(version) if version is not None else VERSIONS[-1], base)


VERSION = st.sampled_from((None, *SUPPORTED_VERSIONS))
PATHS = st.one_of(
    st.sampled_from(["0", "1", "s0", "a/b", "../x", "", "A"]),
    st.just(_Path("0")),
    st.integers(0, 3),
    st.none(),
)
TRANSFORM = st.fixed_dictionaries(
    {"type": st.sampled_from(["scale", "affine", "displacements", "sequence"])},
    optional={
        "path": PATHS,
        "input": st.one_of(st.just({"path": "x"}), st.just("x")),
        "output": st.just({"path": "../y"}),
        "transformations": st.just([{"type": "scale", "path": "p"}]),
    },
)
DATASET: st.SearchStrategy[Any] = st.one_of(
    st.fixed_dictionaries({}, optional={"path": PATHS, "coordinateTransformations": st.just([])}),
    st.integers(),
)
DATASETS = st.one_of(st.lists(DATASET, max_size=4), st.lists(DATASET, max_size=2).map(_List))
MULTISCALE = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "datasets": st.one_of(DATASETS, st.none(), st.just({"path": "0"}), st.just("0")),
            "coordinateTransformations": st.one_of(st.lists(TRANSFORM, max_size=2), st.none()),
            "name": st.just("m"),
        },
    ),
    st.just("multiscale"),
)
OME = st.fixed_dictionaries(
    {},
    optional={
        "multiscales": st.one_of(
            st.lists(MULTISCALE, max_size=3),
            st.lists(MULTISCALE, max_size=2).map(_List),
            st.none(),
            st.just({"datasets": []}),
        ),
        "labels": st.one_of(st.lists(PATHS, max_size=3), st.none(), st.just("x")),
        "image-label": st.one_of(st.just({}), st.just({"source": {"image": "../../"}}), st.none()),
        "plate": st.one_of(st.just({"wells": [{"path": "A/1"}, {"path": 3}]}), st.none()),
        "well": st.one_of(st.just({"images": [{"path": "0"}, "x"]}), st.just([])),
        "bioformats2raw.layout": st.just(3),
        "series": st.one_of(st.lists(PATHS, max_size=3), st.none()),
        "scene": st.one_of(st.just({"coordinateTransformations": [{"type": "scale"}]}), st.none()),
        "version": st.sampled_from(["0.4", "0.5", "0.6.dev4"]),
    },
)


@settings(max_examples=300)  # cheap: many draws reach every reader
@given(OME, VERSION, st.sampled_from([(), ("ome",)]))
def test_links_of_a_drawn_mapping_are_the_general_ones(
    ome: dict[str, Any], version: str | None, base: tuple[str, ...]
) -> None:
    assert _values(links(ome, version, base)) == _values(_general(ome, version, base))
    assert _values(links(ome, version, base)) == _values(_general(ome, version, base))  # looked up


@given(st.one_of(hierarchies(), invalid_hierarchies().map(lambda m: m.hierarchy)), VERSION)
def test_links_of_drawn_groups_are_the_general_ones(hierarchy: Any, version: str | None) -> None:
    for attrs in _attributes(hierarchy.documents):
        ome, base = ome_block(attrs) if isinstance(attrs, dict) else (None, ())
        if ome is not None:
            assert _values(links(ome, version, base)) == _values(_general(ome, version, base))


def test_the_usual_image_reads_no_transformations() -> None:
    """What the quick path rests on: a 0.5 image's multiscale has no list of its own."""
    ome = {"multiscales": [{"datasets": [{"path": "0"}, {"path": "1"}]}], "version": "0.5"}
    assert spec_links._untransformed(ome["multiscales"])
    assert [link.path for link in links(ome, None, ("ome",))] == ["0", "1"]
    assert not spec_links._untransformed([{"coordinateTransformations": []}])
    assert not spec_links._untransformed(_List([]))
