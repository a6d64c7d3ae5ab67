"""Issue 12's numbers and costs, below the command line: the one conversion of a metadata
number to a float (`finite`), the rotation check after a dimension error, and the schema
validator that validates alike array items once (same errors as jsonschema's own)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.rules._util import finite, finites
from ome_zarr_schemas.schema.alike import blind_properties
from ome_zarr_schemas.schema.registry import validator_for

from .hostile_cases import attributes06


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, 2.0),
        (-1.5, -1.5),
        (1e308, 1e308),
        (10**300, 1e300),
        (10**400, None),
        (-(10**400), None),
        (math.inf, None),
        (-math.inf, None),
        (math.nan, None),
        (True, None),
        ("1", None),
        (None, None),
    ],
)
def test_finite_is_a_float_or_none_never_an_exception(value: object, expected: object) -> None:
    assert finite(value) == expected


def test_finites_refuses_the_whole_list_for_one_bad_number() -> None:
    assert finites([1, 2.5]) == [1.0, 2.5]
    assert finites([1, 10**400]) is None
    assert finites([1, "2"]) is None
    assert finites("12") is None


def _rules(attrs: dict[str, Any]) -> set[str]:
    return {i.rule for i in validate_attributes(attrs).issues}


def test_rotation_of_the_wrong_size_is_a_dimension_error_only() -> None:
    """The orthonormality check is O(n^3): it does not run on a matrix that does not fit."""
    bad = [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]]
    rules = _rules(attributes06({"type": "rotation", "rotation": bad}))
    assert "transforms.dimensions" in rules
    assert "transforms.rotation" not in rules


@pytest.mark.parametrize(
    "matrix",
    [
        [[10**200, 0], [0, 1]],  # within the double range, but its square is not
        [[10**400, 0], [0, 1]],  # beyond it
        [[math.inf, 0], [0, 1]],
        [[math.nan, 0], [0, 1]],
        [[0, 1], [1, 0]],  # orthonormal, determinant -1
    ],
)
def test_rotation_check_is_a_finding_for_any_number(matrix: list[list[object]]) -> None:
    assert "transforms.rotation" in _rules(attributes06({"type": "rotation", "rotation": matrix}))


def test_a_rotation_that_fits_is_still_checked() -> None:
    assert "transforms.rotation" not in _rules(
        attributes06({"type": "rotation", "rotation": [[0, -1], [1, 0]]})
    )


# --- the alike-items validator reports exactly what jsonschema reports


def test_blind_properties_of_a_dataset() -> None:
    validator = validator_for("0.5", "image")
    blind = blind_properties(
        validator,
        {"$ref": "https://ome-zarr-schemas.org/schemas/0.4/multiscales.schema.json#/$defs/Dataset"},
    )
    assert "path" in blind.names  # checked by type and length only
    assert "coordinateTransformations" in blind.nested or not blind.erased(
        "coordinateTransformations"
    )
