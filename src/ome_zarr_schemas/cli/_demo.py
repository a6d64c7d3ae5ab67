"""`make demo`: write a valid image store, a plate store with a few injected problems and a
broken attributes document, then run the command line on them.

The stores are real zarr stores written with zarr-python (arrays of a small shape, no
chunk written: the validator reads metadata only). Run as
``python -m ome_zarr_schemas.cli._demo [OUTPUT_DIR]`` (default ``demo-out``).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from ._main import main as cli_main

AXES = [
    {"name": "c", "type": "channel"},
    {"name": "y", "type": "space", "unit": "micrometer"},
    {"name": "x", "type": "space", "unit": "micrometer"},
]


def _multiscale(name: str, levels: int, axes: list[dict[str, Any]]) -> dict[str, Any]:
    space = [a["type"] == "space" for a in axes]
    return {
        "name": name,
        "type": "gaussian",
        "metadata": {"method": "demo"},
        "axes": axes,
        "datasets": [
            {
                "path": str(level),
                "coordinateTransformations": [
                    {"type": "scale", "scale": [0.5 * 2**level if s else 1.0 for s in space]}
                ],
            }
            for level in range(levels)
        ],
    }


def _image(group: Any, name: str, shape: tuple[int, ...], dtype: str = "uint16") -> None:
    """An image group of two levels, halving y and x."""
    levels = 2
    group.attrs["ome"] = {"version": "0.5", "multiscales": [_multiscale(name, levels, AXES)]}
    for level in range(levels):
        level_shape = (shape[0], *(max(1, n // 2**level) for n in shape[1:]))
        group.create_array(
            str(level),
            shape=level_shape,
            dtype=dtype,
            chunks=level_shape,
            dimension_names=[a["name"] for a in AXES],
        )


def write_valid_image(path: Path) -> Path:
    import zarr

    root: Any = zarr.open_group(path, mode="w", zarr_format=3)
    _image(root, "cells", (2, 64, 64))
    ome = dict(root.attrs["ome"])
    ome["omero"] = {
        "channels": [
            {"color": "00FF00", "label": "GFP", "window": _window()},
            {"color": "FF00FF", "label": "DAPI", "window": _window()},
        ]
    }
    root.attrs["ome"] = ome
    labels = root.create_group("labels")
    labels.attrs["ome"] = {"version": "0.5", "labels": ["nuclei"]}
    nuclei = labels.create_group("nuclei")
    _image(nuclei, "nuclei", (1, 64, 64), dtype="uint32")
    nuclei_ome = dict(nuclei.attrs["ome"])
    nuclei_ome["image-label"] = {"colors": [{"label-value": 1, "rgba": [255, 0, 0, 255]}]}
    nuclei.attrs["ome"] = nuclei_ome
    return path


def _window() -> dict[str, int]:
    return {"min": 0, "max": 65535, "start": 0, "end": 4000}


def write_broken_plate(path: Path) -> Path:
    """A 2x2 plate with four injected problems (see the list printed by `main`)."""
    import zarr

    root: Any = zarr.open_group(path, mode="w", zarr_format=3)
    wells: list[dict[str, Any]] = [
        {"path": f"{r}/{c}", "rowIndex": ri, "columnIndex": ci}
        for ri, r in enumerate("AB")
        for ci, c in enumerate("12")
    ]
    root.attrs["ome"] = {
        "version": "0.5",
        "plate": {
            "name": "demo plate",
            "rows": [{"name": "A"}, {"name": "B"}],
            "columns": [{"name": "1"}, {"name": "2"}],
            "wells": wells,
        },
    }
    for well in wells[:3]:  # problem 1: well B/2 is listed but never written
        group = root.require_group(well["path"])
        group.attrs["ome"] = {"version": "0.5", "well": {"images": [{"path": "0"}]}}
        _image(group.create_group("0"), f"{well['path']} field 0", (2, 32, 32))
    # problem 2: in A/2 the image's arrays lose the channel axis its metadata declares
    field = root["A/2/0"]
    for level in ("0", "1"):
        del field[level]
        field.create_array(level, shape=(32, 32), dtype="uint16", chunks=(32, 32))
    # problem 3: B/1 lists a second field that does not exist
    root["B/1"].attrs["ome"] = {
        "version": "0.5",
        "well": {"images": [{"path": "0"}, {"path": "1"}]},
    }
    # problem 4: a label image named in 'labels' but missing
    labels = root["A/1/0"].create_group("labels")
    labels.attrs["ome"] = {"version": "0.5", "labels": ["cells"]}
    return path


def broken_document() -> dict[str, Any]:
    """A 0.4 image's attributes with an axis twice and a scale of the wrong length."""
    multiscale = _multiscale("doc", 1, [AXES[1], AXES[1], AXES[2]])
    multiscale["version"] = "0.4"
    multiscale["datasets"][0]["coordinateTransformations"][0]["scale"] = [1.0, 1.0]
    return {"multiscales": [multiscale]}


def _run(title: str, argv: list[str]) -> int:
    print(f"\n$ ome-zarr-schemas {' '.join(argv)}    # {title}", flush=True)
    code = cli_main(argv)
    sys.stdout.flush()
    print(f"(exit status {code})", flush=True)
    return code


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "demo-out")
    out.mkdir(parents=True, exist_ok=True)
    for old in ("valid-image.zarr", "broken-plate.zarr"):  # ours from an earlier run
        shutil.rmtree(out / old, ignore_errors=True)
    valid = write_valid_image(out / "valid-image.zarr")
    broken = write_broken_plate(out / "broken-plate.zarr")
    document = out / "broken-attrs.json"
    document.write_text(json.dumps(broken_document(), indent=2) + "\n", encoding="utf-8")
    print(f"Wrote to {out}/:")
    print(f"  {valid.name}   a valid OME-Zarr 0.5 image with one label image")
    print(f"  {broken.name}  a 2x2 plate with injected problems: well B/2 missing;")
    print("                      A/2's field has 2-D arrays for 3 axes; B/1 lists a")
    print("                      missing field; A/1/0/labels names a missing label image")
    print(f"  {document.name}   a 0.4 attributes document with a repeated axis")
    codes = [
        _run("a valid store", ["validate", "--no-progress", str(valid)]),
        _run("a store with problems", ["validate", "--no-progress", str(broken)]),
        _run("a JSON document, as JSON", ["validate", "--format", "json", str(document)]),
        _run("what the broken store holds", ["info", "--no-progress", str(broken)]),
    ]
    expected = [0, 1, 1, 0]
    if codes != expected:
        print(f"demo: unexpected exit statuses {codes}, expected {expected}", file=sys.stderr)
        return 1
    print(next_steps(broken))
    return 0


def next_steps(store: Path) -> str:
    """What to type next: the command the demo ran, run by the person, from this shell.

    `make demo` installs into a virtual environment, whose ``bin`` is not on the PATH of
    the shell that ran make: without activating it, ``ome-zarr-schemas`` is "command not
    found". The text names the environment as a path relative to here when it is below.
    """
    prefix = Path(sys.prefix)
    try:
        shown = prefix.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = prefix
    lines = ["", "Now run it yourself:"]
    if sys.prefix != sys.base_prefix:  # a virtual environment, e.g. .venv
        lines += [
            f"  . {shown}/bin/activate    # once per shell (or call {shown}/bin/ome-zarr-schemas)",
        ]
    lines += [
        f"  ome-zarr-schemas validate {store}",
        "  ome-zarr-schemas validate --help",
        "Outside this folder: pip install . (or pipx install .); see README.md",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
