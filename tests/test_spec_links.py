"""`links`: every node a group's metadata points at, with the pointer of the path."""

from __future__ import annotations

from typing import Any

from ome_zarr_schemas.spec.links import Link, links
from ome_zarr_schemas.spec.metadata import ome_block


def _short(found: list[Link]) -> list[tuple[str, str, str]]:
    return [(link.kind, link.path, link.pointer) for link in found]


def test_image_levels_under_ome() -> None:
    attrs = {
        "ome": {
            "version": "0.5",
            "multiscales": [
                {"datasets": [{"path": "0"}, {"path": 1}, "x", {"path": "../up"}]},
                "not an object",
                {"datasets": [{"path": "s/0"}]},
            ],
        }
    }
    ome, base = ome_block(attrs)
    assert ome is not None
    found = links(ome, "0.5", base)
    assert _short(found) == [
        ("level", "0", "/ome/multiscales/0/datasets/0/path"),
        ("level", "../up", "/ome/multiscales/0/datasets/3/path"),  # unsafe: kept, to report
        ("level", "s/0", "/ome/multiscales/2/datasets/0/path"),
    ]
    assert {link.expect for link in found} == {"array"}


def test_labels_and_label_images() -> None:
    assert _short(links({"labels": ["a", 3, "b/c"]}, "0.4")) == [
        ("label", "a", "/labels/0"),
        ("label", "b/c", "/labels/2"),
    ]
    written = links({"image-label": {"source": {"image": "../../../img"}}}, "0.4")
    assert _short(written) == [("label-source", "../../../img", "/image-label/source/image")]
    assert written[0].allow_up and written[0].written
    blocks: list[object] = [{}, {"source": {}}, {"source": "x"}, "x"]
    for block in blocks:
        (implied,) = links({"image-label": block}, "0.4")
        assert (implied.path, implied.pointer, implied.written) == ("../../", "/image-label", False)
    assert links({"image-label": {"source": {"image": None}}}, "0.4") == []


def test_plate_and_well() -> None:
    ome: dict[str, Any] = {
        "plate": {"wells": [{"path": "A/1"}, {"path": None}, {"rowIndex": 0}]},
        "well": {"images": [{"path": "0"}, {"path": ["0"]}, {"path": "1"}]},
    }
    assert _short(links(ome, "0.4")) == [
        ("well", "A/1", "/plate/wells/0/path"),
        ("field", "0", "/well/images/0/path"),
        ("field", "1", "/well/images/2/path"),
    ]
    assert links({"plate": [], "well": "x"}, "0.4") == []


def test_bioformats2raw_and_series() -> None:
    (ome_group,) = links({"bioformats2raw.layout": 3}, "0.5", ("ome",))
    assert (ome_group.kind, ome_group.path, ome_group.written) == ("ome-group", "OME", False)
    assert ome_group.pointer == "/ome/bioformats2raw.layout"
    series = links({"series": ["0", 1, "2"]}, "0.5", ("ome",))
    assert _short(series) == [("series", "0", "/ome/series/0"), ("series", "2", "/ome/series/2")]
    assert all(s.from_parent for s in series)


SCENE: dict[str, Any] = {
    "scene": {
        "coordinateTransformations": [
            {
                "type": "sequence",
                "input": {"path": "img"},
                "output": {"name": "world"},
                "transformations": [
                    {"type": "affine", "path": "params/affine"},
                    {"type": "scale", "path": "ignored"},
                    {
                        "type": "bijection",
                        "forward": {"type": "displacements", "path": "fields/d"},
                        "inverse": {
                            "type": "sequence",
                            "transformations": [{"type": "coordinates", "path": "fields/c"}],
                        },
                    },
                ],
            },
            {"type": "identity", "input": {"path": 5}, "output": {"path": "other"}},
        ]
    },
    "multiscales": [
        {
            "datasets": [{"path": "0"}],
            "coordinateTransformations": [{"type": "rotation", "path": "r"}],
        }
    ],
}


def test_06_transformations() -> None:
    found = links(SCENE, "0.6rc0", ("ome",))
    base = "/ome/scene/coordinateTransformations"
    assert _short(found) == [
        ("level", "0", "/ome/multiscales/0/datasets/0/path"),
        ("transform-group", "img", f"{base}/0/input/path"),
        ("transform-group", "other", f"{base}/1/output/path"),
        ("parameters", "params/affine", f"{base}/0/transformations/0/path"),
        ("parameters", "fields/d", f"{base}/0/transformations/2/forward/path"),
        ("parameters", "fields/c", f"{base}/0/transformations/2/inverse/transformations/0/path"),
        ("parameters", "r", "/ome/multiscales/0/coordinateTransformations/0/path"),
    ]
    assert {link.expect for link in found if link.kind == "parameters"} == {"any"}


def test_the_version_decides_what_is_read() -> None:
    # before 0.6 a scene means nothing and transformations name no paths
    assert [link.kind for link in links(SCENE, "0.5")] == ["level"]
    # the walk, which knows no version yet, reads everything
    assert len(links(SCENE, None)) == len(links(SCENE, "0.6rc0"))
    assert [link.kind for link in links(SCENE, "0.6.dev4")] == [
        link.kind for link in links(SCENE, "0.6rc0")
    ]


def test_pointer_escapes_tokens() -> None:
    link = Link("level", "0", ("a/b", "c~d", 0), "array")
    assert link.pointer == "/a~1b/c~0d/0"


def test_schema_invalid_input_is_tolerated() -> None:
    junk: dict[str, Any] = {
        "multiscales": {"datasets": []},
        "labels": "a",
        "plate": {"wells": {"path": "A/1"}},
        "well": {"images": None},
        "series": {"0": "0"},
        "scene": [],
    }
    assert links(junk, "0.6rc0") == []
