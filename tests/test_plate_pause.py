"""`validate_store` reads and checks a local store in one pause of the cyclic collector
and drops what it read before the pause ends (issue 15): the collector never walks the
nodes and documents of a walk that only live until the report is made (0.3 s of a
1536-well plate's 2.2 s of CPU, when the pause ended between the read and the checks).
"""

from __future__ import annotations

import gc
from pathlib import Path

from ome_zarr_schemas.hierarchy import check_hierarchy, read_store, validate_store
from tests.stores import StoreSpec


def _plate(tmp_path: Path) -> Path:
    spec = StoreSpec("0.5")
    spec.plate(rows=3, columns=4, fields=2, labels=True)
    return spec.write(tmp_path / "p.zarr")


def _collections(run: object) -> list[int]:
    """The young objects waiting at each collection started while ``run`` runs."""
    waiting: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            waiting.append(gc.get_count()[0])

    was = gc.isenabled()
    gc.enable()
    gc.collect()
    gc.callbacks.append(callback)
    try:
        run()  # type: ignore[operator]
    finally:
        gc.callbacks.remove(callback)
        (gc.enable if was else gc.disable)()
    return waiting


def test_what_a_local_walk_read_is_never_walked_by_the_collector(tmp_path: Path) -> None:
    root = _plate(tmp_path)
    validate_store(root)  # the first call imports what it needs: imports collect
    # the same store read and checked apart, its hierarchy kept, leaves what the walk
    # made for the collector: hundreds of objects and more on this small plate
    kept = max(_collections(lambda: check_hierarchy(read_store(root))), default=0)
    assert kept > 300
    waiting = _collections(lambda: validate_store(root))
    # read, checked and dropped in the pause: at most a collection of the few objects
    # the report and the call left
    assert all(count * 4 < kept for count in waiting), (waiting, kept)


def test_the_report_is_the_one_of_the_read_and_the_checks_apart(tmp_path: Path) -> None:
    root = _plate(tmp_path)
    report = validate_store(root)
    assert report == check_hierarchy(read_store(root))
    assert "plate" in report.kinds
    assert report.issues == ()
