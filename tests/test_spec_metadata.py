"""`ome_block` finds a group's OME metadata exactly where version detection reads it."""

from __future__ import annotations

from typing import Any

import pytest

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.spec.metadata import ome_block
from ome_zarr_schemas.spec.versions import V04, V05

IMAGE = {"multiscales": [{"axes": [], "datasets": [{"path": "0"}]}]}

CASES: list[tuple[str, object, str | None, Any, tuple[str, ...]]] = [
    ("0.5 wrapped", {"ome": {"version": "0.5", **IMAGE}}, None, "ome", ("ome",)),
    ("0.4 top level", IMAGE, None, "attrs", ()),
    ("0.4 without kinds", {"foo": 1}, None, "attrs", ()),
    ("'ome' not an object, kinds beside it", {"ome": "x", **IMAGE}, None, None, ("ome",)),
    ("'ome' null", {"ome": None}, None, None, ("ome",)),
    ("'ome' a list", {"ome": [IMAGE]}, None, None, ("ome",)),
    (
        "both: 'ome' wins",
        {"ome": {"version": "0.5", "labels": ["a"]}, **IMAGE},
        None,
        "ome",
        ("ome",),
    ),
    ("not a mapping", ["multiscales"], None, None, ()),
    ("null", None, None, None, ()),
    ("0.4 known, 'ome' present", {"ome": {"version": "0.5", **IMAGE}}, "0.4", None, ("ome",)),
    ("0.5 known, no 'ome'", IMAGE, "0.5", None, ()),
    ("0.5 known, wrapped", {"ome": {"version": "0.5", **IMAGE}}, "0.5", "ome", ("ome",)),
    ("0.4 known, top level", IMAGE, "0.4", "attrs", ()),
]


@pytest.mark.parametrize(
    ("attrs", "version", "expected", "base"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_ome_block(attrs: Any, version: str | None, expected: Any, base: tuple[str, ...]) -> None:
    ome, tokens = ome_block(attrs, version)
    if expected is None:
        assert ome is None
    else:
        assert ome is (attrs["ome"] if expected == "ome" else attrs)
    assert tokens == base


@pytest.mark.parametrize(
    ("attrs", "version"),
    [c[1:3] for c in CASES if isinstance(c[1], dict)],
    ids=[c[0] for c in CASES if isinstance(c[1], dict)],
)
def test_agrees_with_detection(attrs: dict[str, Any], version: str | None) -> None:
    """Detection's OME mapping is ours, and where it finds none we find none."""
    detection = detect(attrs, version)
    ome, tokens = ome_block(attrs, version)
    if detection.version is None:
        assert ome is None
    else:
        assert ome is detection.ome
        assert "".join(f"/{t}" for t in tokens) == detection.base


def test_the_disagreement_of_issue_13() -> None:
    """The walk used to follow these datasets while the checks saw no OME-Zarr group."""
    attrs = {"ome": "x", **IMAGE}
    assert ome_block(attrs) == (None, ("ome",))
    assert not validate_attributes(attrs).valid
    assert validate_attributes(attrs).kinds == ()


def test_version_values_are_accepted() -> None:
    assert ome_block(IMAGE, V04)[0] is IMAGE
    assert ome_block(IMAGE, V05) == (None, ())
