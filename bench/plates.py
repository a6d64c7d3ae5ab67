"""Benchmark plates: the identical-document plate of `bench/run.py` and a distinct one.

Real plates name each field image after its well and field, label their channels and
vary the display windows, so no two image documents are alike: a verdict cache keyed by
the document answers nothing there. ``distinct`` plates have, per field, a multiscales
``name`` of their own, an ``omero`` block (two channels whose labels and windows depend
on the well), and per label image a name of its own and colors; the wells carry two
acquisitions. The identical variant is the plate ``bench/run.py`` has always measured.
Both are metadata-only (no chunk), cached under the data folder by name.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: name -> (rows, columns, fields); every field has 5 levels and one label image.
PLATES = {
    "24x2": (4, 6, 2),
    "96x4": (8, 12, 4),
    "384x4": (16, 24, 4),
    "1536x2": (32, 48, 2),
}
VARIANTS = ("identical", "distinct")


def generate(data: Path, plate: str, version: str, variant: str = "distinct") -> Path:
    """Write the plate once (cached by name and variant); returns its folder."""
    from tests.stores import StoreSpec

    root = data / f"{plate}-{version}-{variant}.zarr"
    done = root / ".complete"
    if done.exists():
        return root
    rows, columns, fields = PLATES[plate]
    spec = StoreSpec(version)
    spec.plate(
        rows=rows,
        columns=columns,
        fields=fields,
        levels=5,
        labels=True,
        acquisitions=2 if variant == "distinct" else 0,
        image_shape=(2, 4096, 4096),
    )
    if variant == "distinct":
        _make_distinct(spec)
    spec.write(root)
    done.write_text(str(len(spec.docs)))
    return root


def count_documents(root: Path) -> int:
    return int((root / ".complete").read_text())


def _make_distinct(spec: Any) -> None:
    """Name every image and label image after its well and field; channels per well."""
    for key in list(spec.docs):
        doc = spec.docs[key]
        if not isinstance(doc, dict):
            continue
        ome = doc if spec.v2 else doc.get("attributes", {}).get("ome")
        if not isinstance(ome, dict) or "multiscales" not in ome:
            continue
        path = key.rpartition("/")[0]
        parts = path.split("/")
        well = "".join(parts[:2])
        seed = sum(map(ord, path))
        for multiscale in ome["multiscales"]:
            multiscale["name"] = path.replace("/", "_")
        if "image-label" in ome:
            ome["image-label"]["colors"] = [
                {"label-value": v, "rgba": [seed % 256, v * 40 % 256, 0, 255]} for v in (1, 2, 3)
            ]
            continue
        ome["omero"] = {
            "name": f"well {well} field {parts[2] if len(parts) > 2 else '0'}",
            "channels": [
                {
                    "label": f"{dye} {well}",
                    "color": color,
                    "active": True,
                    "window": {"min": 0, "max": 65535, "start": seed % 97, "end": 4000 + seed},
                }
                for dye, color in (("DAPI", "0000FF"), ("GFP", "00FF00"))
            ],
        }
