"""The same stores served by a real HTTP server on 127.0.0.1 and validated by URL:
identical findings to the local walk, one request per document, and server faults
(404, 500, truncated bodies, slow responses) as findings on the right node."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ome_zarr_schemas import validate_store
from ome_zarr_schemas.store.nodes import Limits

from .http_server import Faults, serve
from .store_cases import ALL, BASES, CASES, StoreCase, case_id
from .stores import StoreSpec

HTTP_CASES = [c for c in CASES if not c.listing]


def _rules(report: object) -> set[tuple[str, str]]:
    return {(i.rule, i.node) for i in report}  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", HTTP_CASES, ids=case_id)
def test_fault_over_http_matches_local(tmp_path: Path, case: StoreCase) -> None:
    root = case.build(case.versions[0]).write(tmp_path / "s.zarr")
    with serve(root) as (url, _):
        report = validate_store(url)
    assert _rules(report) == set(case.expected)


# Before 0.6 the "scene" base is a plain group holding images: found only by listing.
LISTABLE_ONLY = {(b, v) for b in ("scene", "scene-field") for v in ALL if not v.startswith("0.6")}


@pytest.mark.parametrize(
    ("base", "version"),
    [(b, v) for b in sorted(BASES) for v in ALL if (b, v) not in LISTABLE_ONLY],
)
def test_each_document_is_requested_once(tmp_path: Path, base: str, version: str) -> None:
    spec = StoreSpec(version)
    BASES[base](spec)
    root = spec.write(tmp_path / "s.zarr")
    with serve(root) as (url, faults):
        report = validate_store(url + "/")
    assert report.issues == ()
    twice = [key for key, n in Counter(faults.requests).items() if n > 1]
    assert twice == []
    # Every document is read, except the plain group above the scene's parameter arrays,
    # which no metadata names (the arrays inside it are read).
    unread = {k for k in spec.docs if k.endswith(".xml") or k.startswith("coordinateTrans")}
    assert set(spec.docs) - unread <= set(faults.requests)
    assert ("coordinateTransformations/tile_1/zarr.json" in faults.requests) == base.startswith(
        "scene"
    )


def _plate(tmp_path: Path, version: str) -> tuple[StoreSpec, Path]:
    spec = StoreSpec(version)
    spec.plate(rows=2, columns=2, fields=2)
    return spec, spec.write(tmp_path / "p.zarr")


@pytest.mark.parametrize("version", ALL)
def test_404_on_a_field(tmp_path: Path, version: str) -> None:
    spec, root = _plate(tmp_path, version)
    faults = Faults(status={spec.attrs_key("B/2/1"): 404})
    if spec.v2:
        faults.status["B/2/1/.zgroup"] = 404
    with serve(root, faults) as (url, _):
        report = validate_store(url)
    assert _rules(report) == {("well.image-exists", "B/2")}


@pytest.mark.parametrize("version", ALL)
def test_500_is_an_issue_and_the_walk_goes_on(tmp_path: Path, version: str) -> None:
    spec, _ = _plate(tmp_path, version)
    spec.drop("B/1/0/1")  # a second, independent fault further on
    spec.write(tmp_path / "p2.zarr")
    faults = Faults(status={spec.attrs_key("A/2"): 500})
    with serve(tmp_path / "p2.zarr", faults) as (url, seen):
        report = validate_store(url, limits=Limits(retries=1))
    assert _rules(report) == {
        ("document.unreadable", "A/2"),
        ("multiscales.dataset-array-exists", "B/1/0"),
    }
    assert seen.requests.count(spec.attrs_key("A/2")) == 2  # one retry
    assert not report.valid


@pytest.mark.parametrize("version", ALL)
def test_truncated_body(tmp_path: Path, version: str) -> None:
    spec, root = _plate(tmp_path, version)
    faults = Faults(truncate={spec.attrs_key("A/1")})
    with serve(root, faults) as (url, _):
        report = validate_store(url, limits=Limits(retries=0))
    assert _rules(report) == {("document.unreadable", "A/1")}


def test_slow_response_times_out(tmp_path: Path) -> None:
    _, root = _plate(tmp_path, "0.5")
    faults = Faults(delay={"A/1/0/zarr.json": 3.0})
    with serve(root, faults) as (url, _):
        report = validate_store(url, limits=Limits(timeout=0.5, retries=0))
    assert _rules(report) == {("document.unreadable", "A/1/0")}
    assert "timed out" in report.issues[0].message


def test_slow_server_is_read_concurrently(tmp_path: Path) -> None:
    import time

    _, root = _plate(tmp_path, "0.5")  # 39 documents
    with serve(root, Faults(latency=0.05)) as (url, faults):
        start = time.perf_counter()
        report = validate_store(url, concurrency=16)
        elapsed = time.perf_counter() - start
    assert report.issues == ()
    sequential = 0.05 * len(faults.requests)
    assert elapsed < sequential / 2, (elapsed, sequential)


def test_bioformats2raw_probing_without_listing(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.bioformats2raw(images=11)
    spec.drop("10/0")
    with serve(spec.write(tmp_path / "b.zarr")) as (url, _):
        report = validate_store(url)
    assert _rules(report) == {("multiscales.dataset-array-exists", "10")}


def test_plain_group_over_http_says_why(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    BASES["scene"](spec)  # a plain group holding an image
    with serve(spec.write(tmp_path / "s.zarr")) as (url, _):
        report = validate_store(url)
    assert _rules(report) == {("store.no-ome-metadata", "")}
    assert "cannot be listed" in report.issues[0].message
