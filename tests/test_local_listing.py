"""A local folder is listed without the semaphore and the timer (`Reads.list_dir`, issue
15), as its documents are read: the names are those of the timed listing, folder by
folder, links and missing folders included; a listing that fails is None both ways."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from ome_zarr_schemas.store.nodes import Limits
from ome_zarr_schemas.store.sources import LocalSource, Reads

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="symbolic links")


def _tree(base: Path) -> Path:
    root = base / "root"
    for folder in ("a/0", "a/1", "a/labels/cells", "b", ".hidden"):
        (root / folder).mkdir(parents=True)
    (root / "a" / "zarr.json").write_text("{}")
    (root / "a" / "in").symlink_to("../b")
    (base / "outside").mkdir()
    (root / "a" / "out").symlink_to(base / "outside")
    return root


class _Failing(LocalSource):
    async def list_dir(self, path: str) -> list[str]:
        raise OSError("the folder went away")


def test_a_local_listing_names_what_the_timed_listing_names(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    quick = Reads(LocalSource(root), Limits())
    timed = Reads(LocalSource(root), Limits())
    timed.local = False  # the semaphore and the timer, as for a remote store
    paths = ["", "a", "a/labels", "a/in", "a/out", "a/zarr.json", "gone", "a/0"]
    for path in paths:
        assert asyncio.run(quick.list_dir(path)) == asyncio.run(timed.list_dir(path)), path
    # a folder link is listed either way (the confinement refuses it when it is read)
    assert asyncio.run(quick.list_dir("a")) == ["0", "1", "in", "labels", "out"]
    assert asyncio.run(quick.list_dir("")) == ["a", "b"]  # no hidden folder


def test_a_failing_local_listing_is_none_both_ways(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    quick = Reads(_Failing(root), Limits())
    timed = Reads(_Failing(root), Limits())
    timed.local = False
    assert asyncio.run(quick.list_dir("a")) is None
    assert asyncio.run(timed.list_dir("a")) is None
