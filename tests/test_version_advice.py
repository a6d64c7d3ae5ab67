"""Issue 14 item 13: a group whose 'ome' has no 'version' is told exactly what to add.

In a store, the version a group above declares (ome-zarr-py 0.18 writes a 0.5
``labels/zarr.json`` without ``ome.version`` under an image that has one); alone, or in
a store where no group declares one, the versions that define the group's kind (only the
0.6 drafts for 0.6-only content).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas import validate_attributes, validate_store

from .stores import StoreSpec

HEAD = "'ome' must give the OME-Zarr version it follows: "


def _messages(report: object, rule: str) -> dict[str, str]:
    return {i.node: i.message for i in report.issues if i.rule == rule}  # type: ignore[attr-defined]


@pytest.mark.parametrize("version", ["0.5", "0.6.dev4", "0.6rc0"])
def test_labels_group_without_version_under_an_image(tmp_path: Path, version: str) -> None:
    spec = StoreSpec(version)
    spec.image(labels=["cells"])
    del spec.docs["labels/zarr.json"]["attributes"]["ome"]["version"]
    report = validate_store(spec.write(tmp_path / "image.zarr"))
    assert _messages(report, "ome.version-missing") == {
        "labels": HEAD + f'add "version": "{version}" to \'ome\', as the target\'s root declares'
    }
    consistent = _messages(report, "version.consistent")
    if version != "0.5":  # the group was validated as 0.5, the version assumed without one
        assert consistent == {
            "labels": "the group gives no version (validated as OME-Zarr 0.5), but the target"
            f" is {version}; one hierarchy has one version"
        }
    else:
        assert consistent == {}


def test_version_declared_by_a_group_below_a_bare_root(tmp_path: Path) -> None:
    """A plain root: the version comes from the top-most group that declares one."""
    spec = StoreSpec("0.5")
    spec.group("")
    spec.image("img", labels=["cells"])
    del spec.docs["img/labels/zarr.json"]["attributes"]["ome"]["version"]
    report = validate_store(spec.write(tmp_path / "bare.zarr"))
    assert _messages(report, "ome.version-missing") == {
        "img/labels": HEAD + "add \"version\": \"0.5\" to 'ome', as 'img' declares"
    }


def test_no_group_declares_a_version(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.image()
    del spec.docs["zarr.json"]["attributes"]["ome"]["version"]
    report = validate_store(spec.write(tmp_path / "image.zarr"))
    assert _messages(report, "ome.version-missing") == {
        "": HEAD + 'add "version" to \'ome\' with the one it follows, "0.5", "0.6.dev4" or'
        ' "0.6rc0" (the versions that define image groups)'
    }


@pytest.mark.parametrize(
    ("ome", "possible"),
    [
        ({"labels": ["cells"]}, '"0.5", "0.6.dev4" or "0.6rc0" (the versions that define labels'),
        (
            {"scene": {"coordinateTransformations": []}},
            '"0.6.dev4" or "0.6rc0" (the versions that define scene',
        ),
        ({"coordinateSystems": []}, '"0.6.dev4" or "0.6rc0" (the versions that define this'),
    ],
)
def test_a_document_alone_lists_the_possible_versions(ome: dict[str, Any], possible: str) -> None:
    report = validate_attributes({"ome": ome})
    (message,) = _messages(report, "ome.version-missing").values()
    assert message.startswith(HEAD + "add \"version\" to 'ome' with the one it follows, ")
    assert possible in message
