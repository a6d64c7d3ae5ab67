"""A zarr `ObjectStore` (obstore) as the target: read without byte ranges, capped by the
object's size (store/objectstore.py).

zarr's ObjectStore asks obstore for a byte range, and obstore's HTTPStore refuses a
server that answers a range with the whole document (as the static server of these tests
does): every document failed before. Hermetic: a loopback server, or a local folder
through obstore's LocalStore.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from obstore.store import HTTPStore, LocalStore
from zarr.storage import ObjectStore

from ome_zarr_schemas import validate_store
from ome_zarr_schemas.store.nodes import Limits

from .http_server import Faults, serve
from .store_cases import CASES, StoreCase, case_id
from .stores import StoreSpec
from .test_store_http import _rules

HTTP_CASES = [c for c in CASES if not c.listing][:12]


def _http(url: str) -> object:
    store = HTTPStore.from_url(url, client_options={"allow_http": True})
    return ObjectStore(store, read_only=True)


@pytest.mark.parametrize("case", HTTP_CASES, ids=case_id)
def test_an_http_object_store_reads_as_the_url_does(tmp_path: Path, case: StoreCase) -> None:
    root = case.build(case.versions[0]).write(tmp_path / "s.zarr")
    with serve(root) as (url, faults):
        report = validate_store(_http(url))
    assert _rules(report) == set(case.expected)
    assert not any(k.endswith("/") for k in faults.requests)  # no listing asked


def test_a_local_object_store_reads_as_the_folder_does(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.listing)
    root = case.build(case.versions[0]).write(tmp_path / "s.zarr")
    store = ObjectStore(LocalStore(str(root)), read_only=True)
    assert _rules(validate_store(store)) == _rules(validate_store(root)) == set(case.expected)


def test_a_document_over_the_cap_is_refused_by_its_size(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.plate(rows=1, columns=2, fields=1)
    root = spec.write(tmp_path / "p.zarr")
    (root / "zarr.json").write_bytes(b" " * 5000 + (root / "zarr.json").read_bytes())
    with serve(root, Faults()) as (url, _):
        report = validate_store(_http(url), limits=Limits(max_document_bytes=4096))
    found = [i for i in report if i.rule == "document.too-large"]
    assert found and "over the limit of 4096" in found[0].message, [i.to_dict() for i in report]
