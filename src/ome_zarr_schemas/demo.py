"""`make demo`: write a valid and a broken example, then validate them with the CLI.

Run as ``python -m ome_zarr_schemas.demo [OUTPUT_DIR]`` (default ``demo-out``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .cli import main as cli_main


def _image(version: str = "0.5") -> dict[str, Any]:
    axes = [
        {"name": "c", "type": "channel"},
        {"name": "y", "type": "space", "unit": "micrometer"},
        {"name": "x", "type": "space", "unit": "micrometer"},
    ]
    datasets = [
        {
            "path": str(level),
            "coordinateTransformations": [
                {"type": "scale", "scale": [1.0, 0.5 * 2**level, 0.5 * 2**level]}
            ],
        }
        for level in range(3)
    ]
    multiscale = {
        "name": "demo",
        "type": "gaussian",
        "metadata": {},
        "axes": axes,
        "datasets": datasets,
    }
    omero = {
        "channels": [
            {
                "color": "00FF00",
                "label": "GFP",
                "window": {"min": 0, "max": 255, "start": 0, "end": 200},
            }
        ]
    }
    return {"ome": {"version": version, "multiscales": [multiscale], "omero": omero}}


def _broken_plate() -> dict[str, Any]:
    return {
        "ome": {
            "version": "0.5",
            "plate": {
                "name": "demo plate",
                "rows": [{"name": "A"}, {"name": "B"}, {"name": "B"}],
                "columns": [{"name": "1"}, {"name": "2"}],
                "wells": [
                    {"path": "A/1", "rowIndex": 0, "columnIndex": 0},
                    {"path": "2/B", "rowIndex": 1, "columnIndex": 1},
                    {"path": "A/3", "rowIndex": 0, "columnIndex": 2},
                ],
                "acquisitions": [{"id": 0, "name": "run"}, {"id": 0, "name": "again"}],
            },
        }
    }


def _zarr_json(attributes: dict[str, Any]) -> dict[str, Any]:
    return {"zarr_format": 3, "node_type": "group", "attributes": attributes}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "demo-out")
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "image.zarr.json": _zarr_json(_image()),
        "broken-plate.zarr.json": _zarr_json(_broken_plate()),
    }
    for name, document in files.items():
        (out / name).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {len(files)} example documents to {out}/; validating them:\n", flush=True)
    cli_main(["validate", *(str(out / name) for name in files)])
    print("\nThe same report as JSON (first issue only):", flush=True)
    from .validate import validate_attributes

    report = validate_attributes(_broken_plate())
    print(json.dumps(report.to_dict()["issues"][0], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
