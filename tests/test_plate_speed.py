"""Shortcuts for big plates (issue 15), each shown to give what the general path gives.

The store reader and the checks pause the cyclic collector: a big plate's documents are
acyclic, and each full collection walked all of them again (a fifth of a 1536-well
plate's time). A remote walk is not paused; the collector is left as found. `finite`
converts an int of ordinary size without the type tests of the general path.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ome_zarr_schemas.hierarchy import check_hierarchy, read_store, validate_store
from ome_zarr_schemas.rules._util import finite
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
    assert started == [0] * len(started) and len(started) <= 1  # once after the pause
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
