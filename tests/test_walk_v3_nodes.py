"""The walk's quick node of a zarr v3 store read in place (`walk._Walk._read_now`,
`metadata.v3_node`, issue 15) is the node the general rounds make: every store of the
fault suite in every version, drawn valid and broken hierarchies, and a store whose
documents are absent, refused (a pipe, a link out of the target), broken or mixed with
zarr v2 documents are read both ways (the general way under
`rules._shortcuts.general_only`) and compared node by node, field by field, with the
walk's own findings, listings and files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.hierarchy import read_store
from ome_zarr_schemas.rules._shortcuts import general_only
from ome_zarr_schemas.store import metadata
from ome_zarr_schemas.store.nodes import Hierarchy, Limits
from ome_zarr_schemas.testing import (
    GeneratedHierarchy,
    hierarchies,
    invalid_hierarchies,
    write_hierarchy,
)

from .store_cases import CASES, StoreCase, case_id

_FIELDS = (
    "path",
    "exists",
    "zarr_format",
    "node_type",
    "attributes",
    "array",
    "raw_key",
    "finite",
    "issues",
    "unread",
    "links",
)


def _shown(hierarchy: Hierarchy) -> list[Any]:
    nodes = [
        (path, [(f, getattr(node, f)) for f in _FIELDS]) for path, node in hierarchy.nodes.items()
    ]
    rest = [hierarchy.zarr_format, hierarchy.listings, hierarchy.files, hierarchy.issues]
    return [nodes, rest]


def _same_both_ways(root: Path | str, **reader: Any) -> None:
    quick = _shown(read_store(root, **reader))
    with general_only():
        general = _shown(read_store(root, **reader))
    assert quick == general


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_store_fault_reads_the_same_both_ways(tmp_path: Path, case: StoreCase) -> None:
    for version in case.versions:
        _same_both_ways(case.build(version).write(tmp_path / f"{version}.zarr"))


@settings(max_examples=max(10, settings().max_examples))
@given(
    st.one_of(
        hierarchies().map(lambda h: (h, {})),
        invalid_hierarchies().map(lambda m: (m.hierarchy, dict(m.reader_kwargs))),
    )
)
def test_drawn_hierarchies_read_the_same_both_ways(
    case: tuple[GeneratedHierarchy, dict[str, object]],
) -> None:
    drawn, reader = case
    with tempfile.TemporaryDirectory() as folder:
        write_hierarchy(drawn, folder)
        _same_both_ways(folder, **reader)


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs and symbolic links")
def test_absent_refused_broken_and_mixed_documents_read_the_same_both_ways(
    tmp_path: Path,
) -> None:
    root = tmp_path / "store"
    levels = [{"path": str(i)} for i in range(6)]
    image = (
        '{"zarr_format": 3, "node_type": "group", "attributes": {"ome": {"version": "0.5",'
        ' "multiscales": [{"axes": [{"name": "x", "type": "space"}], "datasets": '
        + str(levels).replace("'", '"')
        + "}]}}}"
    )
    array = '{"zarr_format": 3, "node_type": "array", "shape": [4], "data_type": "uint8"}'
    root.mkdir()
    (root / "zarr.json").write_text(image)
    (root / "0").mkdir()
    (root / "0" / "zarr.json").write_text(array)
    (root / "1").mkdir()  # no document: the next round (.zarray) is read
    (root / "2").mkdir()
    (root / "2" / ".zarray").write_text('{"zarr_format": 2, "shape": [4], "dtype": "|u1"}')
    (root / "3").mkdir()
    os.mkfifo(root / "3" / "zarr.json")  # refused: a failed first round settles the node
    (root / "4").mkdir()
    (root / "4" / "zarr.json").write_text('{"zarr_format": 3, "node_type": ')  # not JSON
    outside = tmp_path / "outside.json"
    outside.write_text(array)
    (root / "5").mkdir()
    (root / "5" / "zarr.json").symlink_to(outside)  # out of the target
    _same_both_ways(root)
    _same_both_ways(root, limits=Limits(max_document_bytes=64))  # every array over the cap
    hierarchy = read_store(root)
    assert hierarchy.nodes["0"].is_array and hierarchy.nodes["2"].is_array
    assert hierarchy.nodes["1"].exists is False and hierarchy.nodes["3"].exists is None


def test_a_v3_node_is_read_node_of_its_one_document() -> None:
    limits = Limits()
    for data in (
        b'{"zarr_format": 3, "node_type": "group", "attributes": {"a": 1}}',
        b'{"zarr_format": 3, "node_type": "array", "shape": [2], "data_type": "int8"}',
        b'{"zarr_format": 2, "node_type": "thing"}',
        b"null",
        b"[1, 2]",
        b'{"zarr_format": 3, "node_type": "group", "a": 1, "a": 2}',
        b"1e400",
    ):
        quick = metadata.v3_node("x/y", data, limits)
        general = metadata.read_node("x/y", {"zarr.json": data}, [], limits)
        assert [getattr(quick, f) for f in _FIELDS] == [getattr(general, f) for f in _FIELDS]
