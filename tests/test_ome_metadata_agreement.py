"""Issue 13: the walk, version detection, the store check and the group classes give one
answer on where a group's OME metadata is (`spec.metadata.ome_block`).

Two groups that look like images but hold no usable OME metadata: a zarr v3 group whose
'ome' is not an object although 'multiscales' sits beside it, and a zarr v2 group (so
OME-Zarr 0.4, whose metadata is never under 'ome') whose attributes hold an 'ome' object.
Everywhere the answer is "no OME-Zarr image": detection names no version, the walk does
not follow the datasets, the report has no kind, the group classes refuse the group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from zarr.core.sync import sync
from zarr.storage import LocalStore

from ome_zarr_schemas import InvalidMetadataError, v04, v05, validate_attributes
from ome_zarr_schemas.hierarchy import check_hierarchy
from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.spec.metadata import ome_block
from ome_zarr_schemas.store.nodes import Hierarchy
from ome_zarr_schemas.store.sources import ZarrSource
from ome_zarr_schemas.store.walk import read_hierarchy

from .stores import StoreSpec


def _walk(root: Path) -> Hierarchy:
    """The walk without folder listings: it reads only what metadata names."""
    return sync(read_hierarchy(ZarrSource(LocalStore(root), can_list=False)))


def _not_an_image(version: str, tmp_path: Path) -> tuple[Path, dict[str, Any], str | None]:
    """A store whose root group's multiscales block is out of reach of OME-Zarr readers."""
    spec = StoreSpec(version)
    spec.image()
    key = spec.attrs_key("")
    if spec.v2:
        attrs: dict[str, Any] = {"ome": {"version": "0.5", **spec.docs[key]}}
        spec.docs[key] = attrs
        forced: str | None = "0.4"
    else:
        attrs = {"ome": "x", "multiscales": spec.docs[key]["attributes"]["ome"]["multiscales"]}
        spec.docs[key]["attributes"] = attrs
        forced = None
    return spec.write(tmp_path / "s.zarr"), attrs, forced


@pytest.mark.parametrize(
    ("version", "rule", "store"),
    [
        ("0.5", "ome.structure", set()),
        ("0.4", "version.unknown", {"store.zarr-format"}),  # 'ome' in a .zattrs
    ],
    ids=["v3 'ome' not an object", "v2 holding 'ome'"],
)
def test_one_answer_everywhere(tmp_path: Path, version: str, rule: str, store: set[str]) -> None:
    root, attrs, forced = _not_an_image(version, tmp_path)
    # where the metadata is: nowhere
    assert ome_block(attrs, forced)[0] is None
    # detection: no version, no kind
    detection = detect(attrs, forced)
    assert detection.version is None and detection.kinds == ()
    assert rule in {f.rule.id for f in detection.findings}
    # the walk: the datasets are not followed (a real image's are, and its labels probed)
    image_spec = StoreSpec(version)
    image_spec.image()
    image_root = image_spec.write(tmp_path / "image.zarr")
    assert sorted(_walk(image_root).nodes) == ["", "0", "1", "2", "labels"]
    hierarchy = _walk(root)
    assert hierarchy.nodes[""].ome() == (None, ("ome",))
    assert sorted(hierarchy.nodes) == [""]
    # the store check: no OME-Zarr group, for the same reason as the document check
    report = check_hierarchy(hierarchy)
    assert report.kinds == () and not report.valid
    assert {i.rule for i in report.issues} == {rule, "store.no-ome-metadata", *store}
    assert rule in {i.rule for i in validate_attributes(attrs, version=forced).issues}
    # the group classes: no image there
    image = v04.Image if version == "0.4" else v05.Image
    with pytest.raises(InvalidMetadataError):
        image.from_zarr(root)
    with pytest.raises(InvalidMetadataError):
        image.from_json(attrs)
