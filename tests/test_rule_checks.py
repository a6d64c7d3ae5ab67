"""The rule checks' shared machinery: the one walker of nested transformations, and
checks that never raise on schema-invalid input."""

from __future__ import annotations

from typing import Any

import pytest

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.spec.links import links
from ome_zarr_schemas.spec.transformations import walk


def _scale(path: str | None = None) -> dict[str, Any]:
    return {"type": "affine", "path": path} if path else {"type": "scale", "scale": [1, 1]}


def test_walk_reaches_every_nested_transformation() -> None:
    transforms = [
        {"type": "sequence", "transformations": [_scale(), _scale("seq")]},
        {"type": "bijection", "forward": _scale("fwd"), "inverse": _scale()},
        {
            "type": "byDimension",
            "transformations": [
                {"inputAxes": [0], "outputAxes": [0], "transformation": _scale("bydim")}
            ],
        },
    ]
    found = {tokens: t.get("type") for tokens, t in walk(transforms, "t")}
    assert found == {
        ("t", 0): "sequence",
        ("t", 0, "transformations", 0): "scale",
        ("t", 0, "transformations", 1): "affine",
        ("t", 1): "bijection",
        ("t", 1, "forward"): "affine",
        ("t", 1, "inverse"): "scale",
        ("t", 2): "byDimension",
        ("t", 2, "transformations", 0, "transformation"): "affine",
    }
    ome = {"multiscales": [{"coordinateTransformations": transforms}]}
    assert sorted(link.path for link in links(ome, None)) == ["bydim", "fwd", "seq"]


@pytest.mark.parametrize("kind", ["vector", "interpolation", "bijection_io", "walk", "add"])
def test_unknown_transformation_types_do_not_break_the_checks(kind: str) -> None:
    """A type named like a method of the checker is just an unknown type."""
    system = {"axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}]}
    doc = {
        "ome": {
            "version": "0.6rc0",
            "multiscales": [
                {
                    "coordinateSystems": [{"name": "a", **system}, {"name": "b", **system}],
                    "datasets": [
                        {
                            "path": "0",
                            "coordinateTransformations": [
                                {
                                    "type": "scale",
                                    "scale": [1, 1],
                                    "input": {"path": "0"},
                                    "output": {"name": "a"},
                                }
                            ],
                        }
                    ],
                    "coordinateTransformations": [
                        {"type": kind, "input": {"name": "a"}, "output": {"name": "b"}}
                    ],
                }
            ],
        }
    }
    rules = {i.rule for i in validate_attributes(doc).issues}
    assert "transforms.type" in rules
