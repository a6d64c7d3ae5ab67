"""Shortcuts for big plates (issue 15), each shown to give what the general path gives.

The store reader and the checks pause the cyclic collector: a big plate's documents are
acyclic, and each full collection walked all of them again (a fifth of a 1536-well
plate's time). A remote walk is not paused; the collector is left as found. `finite`
converts an int of ordinary size without the type tests of the general path.
"""

from __future__ import annotations

import copy
import gc
import json
import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas import CATALOGUE, Severity
from ome_zarr_schemas.hierarchy import check_hierarchy, read_store, validate_store
from ome_zarr_schemas.issues import Report
from ome_zarr_schemas.rules._util import finite
from ome_zarr_schemas.store import documents
from ome_zarr_schemas.testing._builder import encoded
from tests.stores import StoreSpec


@contextmanager
def _collections(enabled: bool) -> Iterator[list[int]]:
    """Count the collections started inside, with a threshold low enough that any
    unpaused stretch of work starts some; the collector's state is restored after."""
    started: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        started.extend([info["generation"]] if phase == "start" else [])

    thresholds = gc.get_threshold()
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.set_threshold(10, 2, 2)
    gc.callbacks.append(callback)
    try:
        yield started
    finally:
        gc.callbacks.remove(callback)
        gc.set_threshold(*thresholds)
        (gc.enable if was else gc.disable)()


def _plate() -> StoreSpec:
    spec = StoreSpec("0.5")
    spec.plate(rows=2, columns=2, fields=2, labels=True)
    return spec


@pytest.mark.parametrize("enabled", [True, False])
def test_a_local_store_is_read_and_checked_with_the_collector_paused(
    tmp_path: Path, enabled: bool
) -> None:
    root = _plate().write(tmp_path / "p.zarr")
    validate_store(root)  # the first call imports what it needs: imports collect
    with _collections(enabled) as started:
        report = validate_store(root)
        assert gc.isenabled() is enabled  # left as found
    # a few before and after the walk and the checks (opening the store, the collection
    # the paused allocations start once resumed); the unpaused walk starts hundreds
    assert len(started) <= 5, started
    assert report.issues == ()
    assert "plate" in report.kinds


def test_a_remote_walk_is_not_paused_but_its_checks_are() -> None:
    from zarr.core.buffer import Buffer, cpu
    from zarr.storage import MemoryStore

    written = encoded(_plate().docs)
    docs: dict[str, Buffer] = {k: cpu.Buffer.from_bytes(v) for k, v in written.items()}
    check_hierarchy(read_store(MemoryStore(docs)))  # imports first: imports collect
    with _collections(True) as started:
        hierarchy = read_store(MemoryStore(docs))
    assert len(started) > 50  # the memory store is no local folder: the collector ran
    with _collections(True) as started:
        report = check_hierarchy(hierarchy)
        assert gc.isenabled()
    assert len(started) <= 1  # at most once, after the pause (what it made meanwhile)
    assert report.issues == ()


def _general(value: int) -> float | None:
    """`finite` of an int without its shortcut: convert, refuse overflow and infinity."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


_EDGES = [2**e + d for e in (53, 1022, 1023, 1024, 1100) for d in (-1, 0, 1)]


@given(
    st.one_of(
        st.integers(),
        st.integers(min_value=2**1000, max_value=2**1100),
        st.sampled_from(_EDGES + [-v for v in _EDGES]),
    )
)
def test_finite_of_an_int_is_the_general_conversion(value: int) -> None:
    assert finite(value) == _general(value)
    assert finite(value) is None or type(finite(value)) is float


def _pairs_text(pairs: list[tuple[str, object]]) -> str:
    """An object written from ``pairs`` as given: a name may repeat, a value may be a bare
    NaN (written as the token)."""
    parts = []
    for name, value in pairs:
        text = "NaN" if isinstance(value, float) and math.isnan(value) else json.dumps(value)
        parts.append(f"{json.dumps(name)}: {text}")
    return "{" + ", ".join(parts) + "}"


_VALUES = st.one_of(
    st.integers(-5, 5),
    st.just(float("nan")),
    st.just(1e300),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.sampled_from("ab"), st.integers(0, 2), max_size=2),
)


@contextmanager
def _general_decoding() -> Iterator[None]:
    """Every document through the general decoding (the one of big documents)."""
    before = documents._PAUSE_FROM
    documents._PAUSE_FROM = 0
    try:
        yield
    finally:
        documents._PAUSE_FROM = before


def _outcome(loaded: documents.LoadedDocument) -> tuple[object, ...]:
    issue = loaded.issue.to_dict() if loaded.issue else None
    return (
        json.dumps(loaded.attributes, sort_keys=True),
        issue,
        loaded.non_finite,
        [i.to_dict() for i in loaded.findings],
    )


@given(
    st.lists(st.tuples(st.sampled_from(["x", "y", "z"]), _VALUES), max_size=6),
    st.booleans(),
    st.sampled_from(["", " 1e400", " 123" + "4" * 320]),
)
def test_a_small_document_decodes_as_the_general_path_does(
    pairs: list[tuple[str, object]], non_finite: bool, extra: str
) -> None:
    """The per-thread decoder of small documents: same value, findings and refusals."""
    text = _pairs_text(pairs + ([("n", None)] if not extra else []))
    if extra:
        text = text[:-1] + (", " if pairs else "") + f'"n":{extra}}}'
    data = text.encode()
    fast = documents.parse_json_value("d", data, non_finite=non_finite)
    with _general_decoding():
        general = documents.parse_json_value("d", data, non_finite=non_finite)
    assert _outcome(fast) == _outcome(general)


def test_threads_decoding_at_once_keep_their_own_findings() -> None:
    texts = [f'{{"k{i}": 1, "k{i}": 2, "other": [{i}]}}'.encode() for i in range(400)]
    with ThreadPoolExecutor(4) as pool:
        loaded = list(pool.map(lambda d: documents.parse_json_value("d", d), texts))
    for i, one in enumerate(loaded):
        assert [f.message.split(" appears")[0] for f in one.findings] == [f"the name 'k{i}'"]
        assert one.attributes == {f"k{i}": 2, "other": [i]}


def test_documents_equal_but_written_apart_each_get_their_findings(tmp_path: Path) -> None:
    """The validation cache keys a document by its content (not its bytes): two field
    images with one wrong value, written with other whitespace and key order, get the
    document findings each gets validated alone."""
    spec = StoreSpec("0.5")
    spec.plate(rows=1, columns=3, fields=1)
    for well, indent in (("A/1", 3), ("A/2", None), ("A/3", 0)):
        doc = copy.deepcopy(spec.docs[f"{well}/0/zarr.json"])  # shares the AXES constants
        doc["attributes"]["ome"]["multiscales"][0]["axes"][0]["type"] = 5
        if indent is None:  # the other key order
            doc = dict(reversed(list(doc.items())))
        spec.docs[f"{well}/0/zarr.json"] = json.dumps(doc, indent=indent).encode()
    root = spec.write(tmp_path / "p.zarr")
    report = validate_store(root)

    def own(report: Report, node: str) -> set[tuple[str, str, str]]:
        return {
            (i.rule, i.pointer, i.message)
            for i in report.issues
            if i.node == node and CATALOGUE[i.rule].origin != "hierarchy"
        }

    alone = own(validate_store(root / "A" / "1" / "0"), "")
    assert alone and any(i.severity is Severity.ERROR for i in report.issues)
    assert own(report, "A/1/0") == own(report, "A/2/0") == own(report, "A/3/0") == alone


def test_a_group_keeps_a_digest_of_its_document_not_its_bytes(tmp_path: Path) -> None:
    """The validation cache key a group node keeps is a 16-byte digest of its document
    (a 1536-well plate kept 7 MB of documents for it): fields written alike share a key,
    a field with one value changed has its own and gets its own findings."""
    spec = StoreSpec("0.5")
    spec.plate(rows=1, columns=3, fields=1)
    doc = copy.deepcopy(spec.docs["A/3/0/zarr.json"])
    doc["attributes"]["ome"]["multiscales"][0]["axes"][0]["type"] = 5
    spec.docs["A/3/0/zarr.json"] = json.dumps(doc).encode()
    root = spec.write(tmp_path / "p.zarr")
    nodes = read_store(root).nodes
    keys = {path: nodes[path].raw_key for path in ("A/1/0", "A/2/0", "A/3/0")}
    assert {len(key) for key in keys.values()} == {16}
    assert keys["A/1/0"] == keys["A/2/0"] != keys["A/3/0"]
    report = validate_store(root)
    assert not [i for i in report.issues if i.node in ("A/1/0", "A/2/0") and i.pointer]
    assert any(i.node == "A/3/0" and "axes" in i.pointer for i in report.issues)
