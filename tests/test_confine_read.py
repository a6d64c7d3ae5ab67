"""`Confinement.read` written out for the usual key (issue 15: a plain name in a folder
the quick proof holds, naming a regular file, read without `check_file`, `resolve`,
`_entry` and `read_capped` called) reads and refuses exactly as through them: drawn
sequences of keys over a tree with links inside and out, a pipe, a file used as a folder
and missing names, each read by a gate taking the written-out path and by one under
`rules._shortcuts.general_only` (`check_file`, then the open), key by key; and files at,
under and over the cap."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.rules._shortcuts import general_only
from ome_zarr_schemas.store.confine import Confinement

from .test_confine_fast import _read, _tree, leading

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="FIFOs and symbolic links")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tree(tmp_path_factory.mktemp("confine-read"))


FIXTURE = [HealthCheck.function_scoped_fixture]  # the tree is read, never changed


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE)
@given(st.lists(leading, min_size=1, max_size=12))
def test_the_written_out_read_is_the_general_one(root: Path, drawn: list[str]) -> None:
    quick, general = Confinement(root), Confinement(root)
    for key in drawn:
        found = _read(quick, key)
        with general_only():
            assert _read(general, key) == found, key


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 5000])
def test_files_around_the_cap_read_the_same_both_ways(tmp_path: Path, size: int) -> None:
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "doc.json").write_bytes(b"x" * size)
    quick = _read(Confinement(tmp_path), "f/doc.json")
    with general_only():
        general = _read(Confinement(tmp_path), "f/doc.json")
    assert quick == general
    assert quick[0] == ("ok" if size <= 1 << 10 else "refused")  # `_read`'s cap: 1 KiB
