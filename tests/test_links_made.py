"""`spec.links` hands out one object per link value (`_link`, issue 15): a plate's
images name the same dataset paths at the same places, and a link is frozen. What it
hands out is equal, field by field, to the link built anew (the general path), and the
table of links made stays bounded.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.spec import links as spec_links
from ome_zarr_schemas.spec.links import Link, links
from ome_zarr_schemas.spec.metadata import ome_block
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS
from ome_zarr_schemas.testing import hierarchies, invalid_hierarchies

_FIELDS = ("kind", "path", "tokens", "expect", "from_parent", "allow_up", "written")


def _values(found: list[Link]) -> list[tuple[Any, ...]]:
    """Every field of every link, with the type of each (a str subclass stays one)."""
    return [tuple((type(getattr(link, f)), getattr(link, f)) for f in _FIELDS) for link in found]


def _attributes(documents: Any) -> list[Any]:
    """The group attributes of a drawn store's documents (zarr v3 and v2)."""
    found = []
    for key, value in documents.items():
        if key.endswith("zarr.json") and isinstance(value, dict):
            found.append(value.get("attributes"))
        elif key.endswith(".zattrs"):
            found.append(value)
    return found


CASES = st.one_of(hierarchies(), invalid_hierarchies().map(lambda m: m.hierarchy))


@given(CASES, st.sampled_from((None, *SUPPORTED_VERSIONS)))
def test_links_made_before_are_the_links_built_anew(hierarchy: Any, version: str | None) -> None:
    for attrs in _attributes(hierarchy.documents):
        ome, base = ome_block(attrs) if isinstance(attrs, dict) else (None, ())
        if ome is None:
            continue
        spec_links._MADE.clear()
        anew = links(ome, version, base)  # every link built: nothing made before
        again = links(ome, version, base)  # every link looked up
        assert _values(again) == _values(anew)
        assert again == anew


class _Name(str):
    """A path that is a str subclass: its link keeps it, not an equal plain str."""


def test_a_str_subclass_path_keeps_its_own_link() -> None:
    plain = links({"multiscales": [{"datasets": [{"path": "0"}]}]}, "0.5")
    sub = links({"multiscales": [{"datasets": [{"path": _Name("0")}]}]}, "0.5")
    assert type(plain[0].path) is str
    assert type(sub[0].path) is _Name
    assert sub == plain  # equal values all the same


def test_the_links_of_a_plate_of_images_are_shared() -> None:
    image = {"multiscales": [{"datasets": [{"path": str(i)} for i in range(5)]}]}
    first = links(image, "0.5", ("ome",))
    second = links({**image}, "0.5", ("ome",))
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert [link.pointer for link in first] == [
        f"/ome/multiscales/0/datasets/{i}/path" for i in range(5)
    ]


def test_the_links_made_stay_bounded() -> None:
    for i in range(spec_links._MOST + 10):
        found = links({"labels": [f"label{i}"]}, "0.5")
        assert found == [Link("label", f"label{i}", ("labels", 0), "group")]
    assert 0 < len(spec_links._MADE) <= spec_links._MOST
