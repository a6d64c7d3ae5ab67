"""Versions as values: what each supported version says about itself, and the lookup."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from ome_zarr_schemas import KINDS, SUPPORTED_VERSIONS
from ome_zarr_schemas.spec import versions
from ome_zarr_schemas.spec.versions import V04, V05, V06_DEV4, V06_RC0, VERSIONS, Version


def test_the_table_is_oldest_first_and_matches_the_public_names() -> None:
    assert VERSIONS == (V04, V05, V06_DEV4, V06_RC0)
    assert SUPPORTED_VERSIONS == ("0.4", "0.5", "0.6.dev4", "0.6rc0")
    assert [v.rank for v in VERSIONS] == list(range(len(VERSIONS)))
    assert sorted([V06_RC0, V04, V06_DEV4, V05]) == list(VERSIONS)
    assert V04 < V05 < V06_DEV4 < V06_RC0


@pytest.mark.parametrize(
    ("version", "zarr_format", "wrapped", "systems", "draft"),
    [
        (V04, 2, False, False, False),
        (V05, 3, True, False, False),
        (V06_DEV4, 3, True, True, True),
        (V06_RC0, 3, True, True, True),
    ],
)
def test_what_a_version_says(
    version: Version, zarr_format: int, wrapped: bool, systems: bool, draft: bool
) -> None:
    assert version.zarr_format == zarr_format
    assert version.wrapped is wrapped
    assert version.coordinate_systems is systems
    assert version.draft is draft
    assert str(version) == version.id


def test_kinds_and_their_keys() -> None:
    base = ("image", "label-image", "labels", "plate", "well", "bioformats2raw", "series")
    assert V04.kinds == V05.kinds == base
    assert V06_DEV4.kinds == V06_RC0.kinds == (*base, "scene") == KINDS
    assert "scene" not in V05.kind_keys and V06_RC0.kind_keys["scene"] == "scene"
    assert V05.kind_of("scene") is None and V06_RC0.kind_of("scene") == "scene"
    assert V04.kind_keys["multiscales"] == "image"
    assert V04.kind_keys["bioformats2raw.layout"] == "bioformats2raw"
    assert V05.kinds_in({"well": {}, "multiscales": [], "scene": {}, "x": 1}) == ("image", "well")
    assert V06_RC0.kinds_in({"scene": {}, "omero": {}}) == ("scene",)
    assert versions.kinds_for("0.5") == V05.kinds


def test_order_is_a_method_not_a_string_compare() -> None:
    assert V05.at_least("0.5") and V06_DEV4.at_least(V05) and not V04.at_least(V05)
    assert V04.before("0.5") and not V06_RC0.before(V06_DEV4)
    with pytest.raises(KeyError, match=r"supported: 0\.4, 0\.5"):
        V05.at_least("0.7")


def test_draft_details() -> None:
    assert V04.by_dimension_axes is None and V05.by_dimension_axes is None
    assert V06_DEV4.by_dimension_axes == ("input_axes", "output_axes")
    assert V06_RC0.by_dimension_axes == ("inputAxes", "outputAxes")
    assert not V06_DEV4.project_axis and V06_RC0.project_axis
    assert not V06_DEV4.closed_scene_io and V06_RC0.closed_scene_io
    assert V06_DEV4.intrinsic_is_input and not V06_RC0.intrinsic_is_input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.4", V04),
        ("0.5", V05),
        ("0.6.dev4", V06_DEV4),
        ("0.6rc0", V06_RC0),
        ("0.6", V06_RC0),  # unreleased: validated with the newest 0.6 draft
        (V05, V05),
        ("0.3", None),
        ("0.6.dev3", None),
        (0.4, None),
        (None, None),
        (["0.5"], None),
    ],
)
def test_lookup(text: object, expected: Version | None) -> None:
    assert versions.lookup(text) is expected


def test_get_is_exact() -> None:
    assert versions.get("0.6rc0") is V06_RC0
    assert versions.get(V04) is V04
    with pytest.raises(KeyError):
        versions.get("0.6")  # an alias, not a version


def test_derived_tables() -> None:
    assert versions.UNRELEASED_VERSIONS == {"0.6": "0.6rc0"}
    assert {"0.5", "0.6.dev4", "0.6rc0"} == versions.WRAPPED_VERSIONS
    assert versions.V06_VERSIONS == ("0.6.dev4", "0.6rc0")
    assert versions.is_wrapped("0.5") and not versions.is_wrapped("0.4")
    assert versions.is_wrapped(V06_RC0) and not versions.is_wrapped("0.7")
    assert versions.BEFORE_V06_VERSIONS == ("0.4", "0.5")
    assert versions.PROJECT_AXIS_VERSIONS == ("0.6rc0",)
    assert versions.ZARR_V2_VERSIONS == ("0.4",)


def test_block_versions_belong_to_unwrapped_metadata() -> None:
    assert V04.block_versions
    assert not any(v.block_versions for v in (V05, V06_DEV4, V06_RC0))


def test_a_zarr_format_implies_a_version_only_when_one_uses_it() -> None:
    assert versions.of_zarr_format(2) == "0.4"
    assert versions.of_zarr_format(3) is None  # 0.5 and the 0.6 drafts
    assert versions.of_zarr_format(None) is None


def test_wrap_writes_attributes_as_the_version_does() -> None:
    assert V04.wrap({"labels": ["a"]}) == {"labels": ["a"]}
    assert V05.wrap({"labels": ["a"]}) == {"ome": {"version": "0.5", "labels": ["a"]}}


def test_values_are_frozen() -> None:
    with pytest.raises(AttributeError):
        V04.id = "0.5"  # type: ignore[misc]


# --- no version string is compared outside this table

_VERSION_STRINGS = frozenset({"0.4", "0.5", "0.6", "0.6.dev4", "0.6rc0"})
_PACKAGE = Path(versions.__file__).resolve().parents[1]


def _names_a_version(node: ast.expr) -> bool:
    """A version string literal, or a tuple/list/set holding one (``in ("0.4", ...)``)."""
    if isinstance(node, ast.Constant):
        return node.value in _VERSION_STRINGS
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_a_version(e) for e in node.elts)
    return False


def _version_string_tests(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            if any(_names_a_version(e) for e in (node.left, *node.comparators)):
                yield node.lineno, ast.unparse(node)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("startswith", "endswith")
            and any(_names_a_version(a) for a in node.args)
        ):
            yield node.lineno, ast.unparse(node)


def test_the_scan_sees_each_form_of_version_test() -> None:
    code = """
a = v == "0.4"; b = "0.5" != v; c = v in ("0.5", "0.6rc0"); d = v.startswith("0.6")
e = v not in {"0.6.dev4"}; f = v.startswith(("0.6", "1")); ok = v == V04.id; g = "0.4"
"""
    found = [text for _, text in _version_string_tests(ast.parse(code))]
    assert len(found) == 6 and not any("V04" in t for t in found)


def test_no_version_string_is_compared_in_the_package() -> None:
    """Code asks a `Version` what it means (wrapped, zarr format, coordinate systems...)
    instead of comparing version strings; only spec/versions.py spells the versions."""
    offenders = [
        f"{path.relative_to(_PACKAGE)}:{line}: {text}"
        for path in sorted(_PACKAGE.rglob("*.py"))
        if "_generated" not in path.parts and path != _PACKAGE / "spec" / "versions.py"
        for line, text in _version_string_tests(ast.parse(path.read_text("utf-8")))
    ]
    assert not offenders, "\n".join(offenders)
