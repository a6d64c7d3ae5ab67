"""Reading one metadata document from disk (store/documents.py): bad input is a finding.

`DOCUMENT_CASES` is a table of files (or folders) and the rule each must produce (None for
a readable document); `GROUP_SCHEMA_CASES` covers the rules that only a group schema used on
its own can produce. tests/test_catalogue.py counts both as failing cases of their rules.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas import is_valid, iter_issues, validate_attributes, validate_store
from ome_zarr_schemas.schema.findings import explain, leaves
from ome_zarr_schemas.schema.registry import validator_for
from ome_zarr_schemas.store import documents

from .stores import StoreSpec

Setup = Callable[[Path], Path]  # builds the input under a temporary folder, returns its path

IMAGE_05 = {
    "ome": {
        "version": "0.5",
        "multiscales": [
            {
                "axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}],
                "datasets": [
                    {"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}
                ],
            }
        ],
    }
}


def _file(name: str, data: bytes | str) -> Setup:
    def setup(tmp: Path) -> Path:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    return setup


def _folder(*files: tuple[str, str]) -> Setup:
    def setup(tmp: Path) -> Path:
        folder = tmp / "group"
        folder.mkdir()
        for name, text in files:
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    return setup


def _missing(tmp: Path) -> Path:
    return tmp / "nowhere" / "zarr.json"


@dataclass(frozen=True)
class DocumentCase:
    id: str
    setup: Setup
    rule: str | None  # the finding expected, or None when the document is read
    attributes: Any = None  # the attributes expected when it is read
    limit: int | None = None  # a lower MAX_DOCUMENT_BYTES for this case


ZARR_JSON = json.dumps({"zarr_format": 3, "node_type": "group", "attributes": IMAGE_05})

DOCUMENT_CASES: list[DocumentCase] = [
    DocumentCase("missing file", _missing, "document.unreadable"),
    DocumentCase(
        "folder without zarr.json or .zattrs", _folder(("README", "x")), "document.unreadable"
    ),
    DocumentCase("not JSON", _file("a.json", '{"multiscales": ['), "document.not-json"),
    DocumentCase("not UTF-8", _file("a.json", b'{"labels": ["\xff"]}'), "document.not-json"),
    DocumentCase(
        "UTF-16 with a byte order mark",
        _file("a.json", '{"labels": []}'.encode("utf-16")),
        "document.not-json",
    ),
    # JSON has no comments (the spec says so too); upstream's examples with '//' lines are
    # stripped by their harness, but a real document with them is not JSON.
    DocumentCase(
        "JSON with // comments",
        _file("a.json", '{\n// a comment\n"labels": []}'),
        "document.not-json",
    ),
    DocumentCase(
        "an integer too long to convert",
        _file("a.json", '{"labels": [' + "9" * 5000 + "]}"),
        "document.not-json",
    ),
    DocumentCase(
        "a name repeated in one object",
        _file("a.json", '{"labels": ["a"], "labels": ["b"]}'),
        "document.duplicate-key",
        {"labels": ["b"]},
    ),
    DocumentCase(
        "a number beyond the double range",
        _file("a.json", '{"labels": ["a"], "n": 1e400}'),
        "document.number-out-of-range",
        {"labels": ["a"], "n": math.inf},
    ),
    DocumentCase(
        "an integer beyond the double range",
        _file("a.json", '{"n": ' + "1" + "0" * 400 + "}"),
        "document.number-out-of-range",
        {"n": 10**400},
    ),
    DocumentCase(
        "a long mantissa with a short exponent beyond the double range",
        _file("a.json", '{"n": 1' + "0" * 300 + "e10}"),
        "document.number-out-of-range",
        {"n": math.inf},
    ),
    DocumentCase(
        "nested deeper than the limit", _file("a.json", "[" * 100 + "]" * 100), "document.too-deep"
    ),
    DocumentCase(
        "nested deep enough to exhaust the parser",
        _file("a.json", "[" * 100_000 + "]" * 100_000),
        "document.too-deep",
    ),
    DocumentCase(
        "over the size limit (lowered to 100 bytes)",
        _file("a.json", '{"labels": ["' + "a" * 100 + '"]}'),
        "document.too-large",
        limit=100,
    ),
    DocumentCase(
        "a zarr.json unwraps to its attributes", _file("zarr.json", ZARR_JSON), None, IMAGE_05
    ),
    DocumentCase(
        "a zarr.json without attributes has empty attributes",
        _file("zarr.json", json.dumps({"zarr_format": 3, "node_type": "group"})),
        None,
        {},
    ),
    DocumentCase("a folder's zarr.json", _folder(("zarr.json", ZARR_JSON)), None, IMAGE_05),
    DocumentCase(
        "a folder's .zattrs",
        _folder((".zattrs", '{"labels": ["a"]}'), (".zgroup", '{"zarr_format": 2}')),
        None,
        {"labels": ["a"]},
    ),
    DocumentCase(
        "a plain attributes document", _file("attrs.json", json.dumps(IMAGE_05)), None, IMAGE_05
    ),
    DocumentCase(
        "a JSON value that is not an object is read (validation reports it)",
        _file("a.json", "[1]"),
        None,
        [1],
    ),
]


@pytest.mark.parametrize("case", DOCUMENT_CASES, ids=[c.id for c in DOCUMENT_CASES])
def test_load_document(case: DocumentCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.limit is not None:
        monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", case.limit)
    path = case.setup(tmp_path)
    loaded = documents.load_document(path)
    assert loaded.source == str(path)
    if case.rule is None:
        assert loaded.issue is None, loaded.issue
        assert loaded.attributes == case.attributes
    else:
        if loaded.issue is None:  # a finding that does not stop validation: value kept
            (finding,) = loaded.findings
            assert finding.rule == case.rule and finding.node == str(path)
            assert loaded.attributes == case.attributes
            return
        assert loaded.issue.rule == case.rule, loaded.issue
        assert loaded.issue.node == str(path)
        assert loaded.issue.message
        assert loaded.attributes is None


def test_a_read_document_validates() -> None:
    loaded = documents.parse_json_bytes("zarr.json", ZARR_JSON.encode())
    assert loaded.issue is None
    assert validate_attributes(loaded.attributes).valid


@pytest.mark.parametrize("target", ["image.zarr", Path("image.zarr"), "s3://bucket/image.zarr"])
@pytest.mark.parametrize(
    "call",
    [validate_attributes, is_valid, lambda attrs: list(iter_issues(attrs))],
    ids=["validate_attributes", "is_valid", "iter_issues"],
)
def test_a_path_is_not_attributes(call: Callable[[Any], object], target: str | Path) -> None:
    """A path would be checked as a document and called invalid, even for a valid store."""
    with pytest.raises(TypeError, match=r"not a path.*use validate_store\('"):
        call(target)


def test_the_store_reader_still_reports_attributes_that_are_a_string(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.image(axes="yx", shape=(8, 8))
    spec.docs["zarr.json"]["attributes"] = "image.zarr"
    report = validate_store(spec.write(tmp_path / "s.zarr"))
    assert ("document.structure", "") in {(i.rule, i.node) for i in report.issues}


@pytest.mark.parametrize("size", [100, 101])
def test_too_large(size: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 100)
    text = '{"labels": ["' + "a" * (size - 16) + '"]}'
    assert len(text) == size
    path = tmp_path / "a.json"
    path.write_text(text, encoding="utf-8")
    loaded = documents.load_document(path)
    if size <= 100:
        assert loaded.issue is None and loaded.attributes == json.loads(text)
    else:
        assert loaded.issue is not None and loaded.issue.rule == "document.too-large"
        assert "100" in loaded.issue.message
    from_bytes = documents.parse_json_bytes("a.json", text.encode())
    assert (from_bytes.issue.rule if from_bytes.issue else None) == (
        None if size <= 100 else "document.too-large"
    )


def test_depth_limit_is_inclusive() -> None:
    limit = documents.MAX_DEPTH
    at_limit = documents.parse_json_bytes("a.json", ("[" * limit + "]" * limit).encode())
    assert at_limit.issue is None
    over = documents.parse_json_bytes("a.json", ("[" * (limit + 1) + "]" * (limit + 1)).encode())
    assert over.issue is not None and over.issue.rule == "document.too-deep"


def _walked_depth(value: object) -> int:
    """The nesting depth by walking the value: a scalar is one level below its container."""
    if isinstance(value, dict):
        return 1 + max(map(_walked_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_walked_depth, value), default=0)
    return 1


@pytest.mark.parametrize(
    "value",
    [
        ["[[[[", "]]]]"],
        {"a\\": ['\\"[', {"]": "\\"}], "{": []},
        [[[["]]]]]"]]], "[[[["],
        [[[[1]]]],
        [[[[]]]],
        {"k": {"k": {"k": "v"}}},
        ['"', "\\", '\\"', "[\\]", []],
    ],
)
@pytest.mark.parametrize("indent", [None, 2])
def test_depth_from_bytes_ignores_brackets_in_strings(value: object, indent: int | None) -> None:
    """The depth read from the bytes is the walked depth, at every limit around it."""
    data = json.dumps(value, indent=indent).encode()
    depth = _walked_depth(value)
    for limit in range(max(depth - 2, 0), depth + 2):
        loaded = documents.parse_json_value("a.json", data, max_depth=limit)
        counted = data.count(b"[") + data.count(b"{") > limit  # the reader's cheap bound
        refused = loaded.issue is not None and loaded.issue.rule == "document.too-deep"
        assert refused == (counted and depth > limit), (data, limit)


# --- rules only a group schema used on its own produces


@dataclass(frozen=True)
class GroupSchemaCase:
    """A document checked against one group kind's schema directly (as a bundle user or the
    store reader does), not through detection, which picks kinds by their keys."""

    id: str
    version: str
    kind: str
    document: Any
    rule: str
    pointer: str


GROUP_SCHEMA_CASES: list[GroupSchemaCase] = [
    GroupSchemaCase(
        "0.4 image without multiscales",
        "0.4",
        "image",
        {"omero": {"channels": []}},
        "document.kind-key",
        "",
    ),
    GroupSchemaCase("0.4 well without well", "0.4", "well", {}, "document.kind-key", ""),
    GroupSchemaCase(
        "0.5 plate without plate",
        "0.5",
        "plate",
        {"ome": {"version": "0.5"}},
        "document.kind-key",
        "/ome",
    ),
    GroupSchemaCase(
        "0.4 attributes that are a list", "0.4", "labels", ["a"], "document.structure", ""
    ),
    GroupSchemaCase(
        "0.5 attributes that are a string", "0.5", "series", "0", "document.structure", ""
    ),
]


@pytest.mark.parametrize("case", GROUP_SCHEMA_CASES, ids=[c.id for c in GROUP_SCHEMA_CASES])
def test_group_schema_alone(case: GroupSchemaCase) -> None:
    validator = validator_for(case.version, case.kind)
    root = str(validator.schema["$ref"])  # type: ignore[index]
    found = set()
    for error in validator.iter_errors(case.document):
        for leaf in leaves(error):
            rule, message, _ = explain(leaf, root)
            assert message
            found.add((rule, "".join(f"/{t}" for t in leaf.absolute_path)))
    assert found == {(case.rule, case.pointer)}


# --- NaN and Infinity: Python's json reads them, JSON (RFC 8259, section 6) has none


@pytest.mark.parametrize(
    ("text", "token", "where"),
    [
        ('{"labels": [NaN]}', "NaN", "line 1 column 13"),
        ('{"labels": [-Infinity]}', "-Infinity", "line 1 column 13"),
        ('{"labels": ["NaN", "Infinity"],\n "x": Infinity}', "Infinity", "line 2 column 7"),
        ('{"zarr_format": 3, "node_type": "group", "attributes": {"a": NaN}}', "NaN", "col"),
    ],
)
def test_non_finite_numbers_are_not_json(text: str, token: str, where: str) -> None:
    assert json.loads(text)  # what Python's json alone would accept
    loaded = documents.parse_json_bytes("a.json", text.encode())
    assert loaded.issue is not None and loaded.issue.rule == "document.not-json"
    assert f"bare {token} is not a JSON value" in loaded.issue.message
    assert where in loaded.issue.message
    assert loaded.attributes is None


def test_non_finite_strings_are_json() -> None:
    """The strings "NaN" and "Infinity" (the zarr spelling) are ordinary JSON."""
    text = '{"fill_value": "NaN", "x": ["Infinity", "-Infinity"], "NaN": 1}'
    loaded = documents.parse_json_bytes("a.json", text.encode())
    assert loaded.issue is None and loaded.attributes == json.loads(text)


@pytest.mark.parametrize("name", ["zarr.json", ".zattrs"])
def test_non_finite_in_a_metadata_file(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text('{"multiscales": [{"version": "0.4", "x": -Infinity}]}', encoding="utf-8")
    loaded = documents.load_document(path)
    assert loaded.issue is not None and loaded.issue.rule == "document.not-json"
    assert "-Infinity" in loaded.issue.message and loaded.issue.node == str(path)


def test_non_finite_accepted_when_asked() -> None:
    """The store reader's .zarray mode: read as floats, the tokens listed for a warning."""
    text = b'{"zarr_format": 2, "fill_value": NaN, "filters": [{"x": -Infinity}]}'
    loaded = documents.parse_json_value(".zarray", text, non_finite=True)
    assert loaded.issue is None
    assert loaded.non_finite == ("NaN", "-Infinity")
    assert math.isnan(loaded.attributes["fill_value"])
    assert loaded.attributes["filters"] == [{"x": -math.inf}]
    plain = documents.parse_json_value(".zarray", b'{"fill_value": "NaN"}', non_finite=True)
    assert (
        plain.issue is None and plain.non_finite == () and plain.attributes["fill_value"] == "NaN"
    )
    refused = documents.parse_json_value(".zarray", text)
    assert refused.issue is not None and refused.issue.rule == "document.not-json"


def _v2_image(root: Path, fill: object) -> Path:
    spec = StoreSpec("0.4")
    spec.image(axes="yx", shape=(8, 8), levels=2, dtype="float32")
    spec.array_doc("0")["fill_value"] = fill  # json.dumps writes a float NaN bare
    return spec.write(root)


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("NaN", set()),  # the zarr v2 spelling: a JSON string
        (math.nan, {("store.zarray-non-finite", "warning", "0", "/fill_value")}),
        (-math.inf, {("store.zarray-non-finite", "warning", "0", "/fill_value")}),
    ],
    ids=["string", "bare NaN", "bare -Infinity"],
)
def test_zarray_bare_nan_fill_value_is_a_warning(
    tmp_path: Path, fill: object, expected: set[tuple[str, str, str, str]]
) -> None:
    """Old zarr v2 writers put a bare NaN in .zarray; the v2 spec says the string "NaN"."""
    from ome_zarr_schemas.hierarchy import read_store, validate_store

    root = _v2_image(tmp_path / "image.zarr", fill)
    assert (b"NaN" in (root / "0" / ".zarray").read_bytes()) == (fill != -math.inf)
    report = validate_store(root)
    found = {(i.rule, str(i.severity), i.node, i.pointer) for i in report.issues}
    assert found == expected
    assert report.valid  # a warning: the array is still read and checked
    if expected:
        assert json.dumps(fill) in report.issues[0].message  # names the token
        assert not validate_store(root, strict=True).valid
        array = read_store(root).nodes["0"]
        assert array.exists is True and array.array is not None
        assert array.array.dtype == "float32" and array.array.shape == (8, 8)
