"""Per-document work done once: folders resolved from their parent, explanations cached
by schema path, and the compiled engine's per-call cost (bounded, not benchmarked)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ome_zarr_schemas.store.confine import Confinement, Refused


def test_folders_resolve_from_their_parents_through_links(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "a" / "b" / "c").mkdir(parents=True)
    outside.mkdir()
    (root / "a" / "b" / "c" / "x").write_text("1")
    (outside / "y").write_text("1")
    (root / "a" / "inside").symlink_to("b")  # a link inside the target, to a place inside
    (root / "a" / "b" / "c" / "out").symlink_to(outside)  # deep link out of the target
    confinement = Confinement(root)
    real = os.path.realpath(root)
    assert confinement.resolve("a/b/c/x")[0] == f"{real}/a/b/c/x"
    assert confinement.resolve("a/inside/c/x")[0] == f"{real}/a/b/c/x"
    with pytest.raises(Refused, match="outside the target"):
        confinement.resolve("a/b/c/out/y")
    with pytest.raises(Refused, match="outside the target"):
        confinement.resolve("a/b/../../../outside/y")
    with pytest.raises(FileNotFoundError):
        confinement.resolve("a/missing/x")
