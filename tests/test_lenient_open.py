"""The lenient open of the group classes (issue 14 item 13): real data with MUST
violations opens with `from_zarr(..., lenient=True)` and carries its findings in
`.report`; without the option it raises, and a target that is not of the class's kind
raises in either mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from ome_zarr_schemas import v04, v05
from ome_zarr_schemas.errors import WrongGroupKindError
from ome_zarr_schemas.issues import InvalidMetadataError

from .stores import StoreSpec


def _labels_without_version(tmp_path: Path) -> Path:
    """What ome-zarr-py 0.18 writes: a 0.5 labels/zarr.json without 'ome.version'."""
    spec = StoreSpec("0.5")
    spec.image(labels=["cells"])
    del spec.docs["labels/zarr.json"]["attributes"]["ome"]["version"]
    return spec.write(tmp_path / "image.zarr")


def test_strict_open_raises(tmp_path: Path) -> None:
    with pytest.raises(InvalidMetadataError) as caught:
        v05.Image.from_zarr(_labels_without_version(tmp_path))
    assert ("ome.version-missing", "labels") in {
        (i.rule, i.node) for i in caught.value.report.issues
    }


def test_lenient_open_returns_the_object_and_its_report(tmp_path: Path) -> None:
    image = v05.Image.from_zarr(_labels_without_version(tmp_path), lenient=True)
    assert not image.report.valid
    assert ("ome.version-missing", "labels") in {(i.rule, i.node) for i in image.report.errors}
    assert image.labels is not None  # the children are read from the same walk
    assert image.labels.report is image.report


def test_lenient_open_of_a_valid_store_is_the_strict_one(tmp_path: Path) -> None:
    spec = StoreSpec("0.4")
    spec.image()
    image = v04.Image.from_zarr(spec.write(tmp_path / "image.zarr"), lenient=True)
    assert image.report.valid and image.report.issues == ()


def test_lenient_open_still_needs_a_group_of_the_kind(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.plate(acquisitions=0, rows=1, columns=1)
    root = spec.write(tmp_path / "plate.zarr")
    with pytest.raises(WrongGroupKindError):
        v05.Image.from_zarr(root, lenient=True)  # valid, but a plate
    spec.drop("A/1/0/0")  # now invalid and still a plate
    root = spec.write(tmp_path / "broken.zarr")
    with pytest.raises(InvalidMetadataError) as caught:
        v05.Image.from_zarr(root, lenient=True)
    assert isinstance(caught.value.__cause__, WrongGroupKindError)
    plate = v05.HCS.from_zarr(root, lenient=True)
    assert not plate.report.valid
