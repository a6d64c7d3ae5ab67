"""The HTTP reader's connection pool follows the walk's concurrency (issue 15).

fsspec's aiohttp session keeps at most 100 connections: a walk asked for more requests
at a time would wait for connections behind its own semaphore. Measured at the server
(127.0.0.1): the most requests it answered at once.
"""

from __future__ import annotations

from pathlib import Path

from ome_zarr_schemas import validate_store

from .http_server import Faults, serve
from .stores import StoreSpec


def _plate(tmp_path: Path) -> Path:
    """A 0.5 plate of 192 wells: after the plate document, 192 well reads are ready at once."""
    spec = StoreSpec("0.5")
    spec.plate(rows=12, columns=16, fields=1, levels=1)
    return spec.write(tmp_path / "plate.zarr")


def test_more_than_fsspecs_100_connections_when_asked(tmp_path: Path) -> None:
    root = _plate(tmp_path)
    with serve(root, Faults(latency=0.25)) as (url, faults):
        report = validate_store(url, concurrency=150)
    assert not report.issues
    assert faults.peak > 100, faults.peak


def test_concurrency_still_bounds_the_requests(tmp_path: Path) -> None:
    root = _plate(tmp_path)
    with serve(root, Faults(latency=0.1)) as (url, faults):
        report = validate_store(url, concurrency=8)
    assert not report.issues
    # a handler thread leaves after its answer is sent: the client may have sent its next
    # request by then, so the server can count one or two more than the client's bound
    assert 1 < faults.peak <= 8 + 2, faults.peak
