"""Metadata-only OME-Zarr stores for tests and the benchmark, for every version and kind.

A `StoreSpec` is the package's store builder (`ome_zarr_schemas.testing._builder`, the
one `write_hierarchy` uses) plus fixed, small stores of each kind: a plain {key: document}
mapping (a document is JSON data, or bytes for a deliberately broken file), so a test can
build a valid store, inject one fault by editing one key, and write it to disk. No chunk
is ever written: the validator reads metadata only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ome_zarr_schemas.testing._builder import StoreDocuments, join
from ome_zarr_schemas.testing._fields import write_field

AXES = {
    "x": {"name": "x", "type": "space", "unit": "micrometer"},
    "y": {"name": "y", "type": "space", "unit": "micrometer"},
    "z": {"name": "z", "type": "space", "unit": "micrometer"},
    "c": {"name": "c", "type": "channel"},
    "t": {"name": "t", "type": "time", "unit": "second"},
}


class StoreSpec(StoreDocuments):
    """The documents of one store, keyed by store key (``"A/1/.zattrs"``, ``"zarr.json"``)."""

    # --- OME-Zarr kinds

    def _versioned(self, block: dict[str, Any]) -> dict[str, Any]:
        return {**block, "version": "0.4"} if self.v2 else block

    def image(
        self,
        path: str = "",
        *,
        axes: str = "cyx",
        shape: Sequence[int] = (2, 64, 64),
        levels: int = 3,
        dtype: str = "uint16",
        label: bool = False,
        labels: Iterable[str] = (),
        omero: bool = False,
    ) -> None:
        """A multiscale image with ``levels`` arrays halving the space axes."""
        datasets = []
        for level in range(levels):
            scale = [2.0**level if a in "xyz" else 1.0 for a in axes]
            level_shape = [
                max(1, n // 2**level) if a in "xyz" else n for a, n in zip(axes, shape, strict=True)
            ]
            transform: dict[str, Any] = {"type": "scale", "scale": scale}
            if self.v06:
                transform["input"] = {"path": str(level)}
                transform["output"] = {"name": "intrinsic"}
            datasets.append({"path": str(level), "coordinateTransformations": [transform]})
            self.array(join(path, str(level)), level_shape, dtype, names=list(axes))
        multiscale: dict[str, Any] = {
            "name": path.rpartition("/")[2] or "image",
            "type": "mean",
            "metadata": {"method": "metadata-only test store"},
        }
        if self.v06:
            multiscale["coordinateSystems"] = [
                {"name": "intrinsic", "axes": [AXES[a] for a in axes]}
            ]
        else:
            multiscale["axes"] = [AXES[a] for a in axes]
        multiscale["datasets"] = datasets
        blocks: dict[str, Any] = {"multiscales": [self._versioned(multiscale)]}
        if omero:
            count = shape[axes.index("c")] if "c" in axes else 1
            blocks["omero"] = {
                "channels": [
                    {
                        "color": "FF0000",
                        "window": {"min": 0, "max": 255, "start": 0, "end": 255},
                    }
                    for _ in range(count)
                ]
            }
        if label:
            blocks["image-label"] = self._versioned(
                {"colors": [{"label-value": 1, "rgba": [255, 0, 0, 255]}]}
            )
        self.group(path, blocks)
        names = list(labels)
        if names:
            self.group(join(path, "labels"), {"labels": names})
            for name in names:
                label_shape = [1 if a == "c" else n for a, n in zip(axes, shape, strict=True)]
                self.image(
                    join(path, "labels", name),
                    axes=axes,
                    shape=label_shape,
                    levels=levels,
                    dtype="uint32",
                    label=True,
                )

    def plate(
        self,
        path: str = "",
        *,
        rows: int = 2,
        columns: int = 3,
        fields: int = 2,
        levels: int = 2,
        labels: bool = False,
        acquisitions: int = 0,
        image_shape: Sequence[int] = (1, 64, 64),
    ) -> None:
        row_names = [chr(ord("A") + r) if r < 26 else f"R{r}" for r in range(rows)]
        column_names = [str(c + 1) for c in range(columns)]
        wells = [
            {"path": f"{r}/{c}", "rowIndex": ri, "columnIndex": ci}
            for ri, r in enumerate(row_names)
            for ci, c in enumerate(column_names)
        ]
        plate: dict[str, Any] = {
            "name": "plate",
            "rows": [{"name": r} for r in row_names],
            "columns": [{"name": c} for c in column_names],
            "wells": wells,
            "field_count": fields,
        }
        if acquisitions:
            plate["acquisitions"] = [
                {"id": a, "name": f"run {a}", "maximumfieldcount": fields}
                for a in range(acquisitions)
            ]
        self.group(path, {"plate": self._versioned(plate)})
        images = [
            {"path": str(f), **({"acquisition": f % acquisitions} if acquisitions else {})}
            for f in range(fields)
        ]
        for r in row_names:
            self.group(join(path, r))
            for c in column_names:
                well = join(path, r, c)
                self.group(well, {"well": self._versioned({"images": [dict(i) for i in images]})})
                for f in range(fields):
                    self.image(
                        join(well, str(f)),
                        levels=levels,
                        shape=image_shape,
                        labels=("cells",) if labels else (),
                    )

    def bioformats2raw(self, path: str = "", *, images: int = 2, series: bool = False) -> None:
        self.group(path, {"bioformats2raw.layout": 3})
        names = [str(i) for i in range(images)]
        self.group(join(path, "OME"), {"series": names} if series else None)
        self.docs[join(path, "OME", "METADATA.ome.xml")] = b'<?xml version="1.0"?><OME/>'
        for name in names:
            self.image(join(path, name))

    def scene(self, path: str = "") -> None:
        """A 0.6 scene of two 2-D tiles: a translation and an affine stored as an array."""
        world = {"name": "world", "axes": [AXES["y"], AXES["x"]]}
        transforms = [
            {
                "type": "translation",
                "translation": [0.0, 0.0],
                "input": {"path": "tile_0", "name": "intrinsic"},
                "output": {"name": "world"},
            },
            {
                "type": "affine",
                "path": "coordinateTransformations/tile_1",
                "input": {"path": "tile_1", "name": "intrinsic"},
                "output": {"name": "world"},
            },
        ]
        self.group(
            path, {"scene": {"coordinateSystems": [world], "coordinateTransformations": transforms}}
        )
        self.group(join(path, "coordinateTransformations"))
        self.array(join(path, "coordinateTransformations", "tile_1"), [2, 3], "float64")
        for tile in ("tile_0", "tile_1"):
            self.image(join(path, tile), axes="yx", shape=(64, 64))

    def field_scene(self, kind: str = "displacements") -> None:
        """The scene, plus a 'warped' system reached from 'world' by a ``kind`` field stored
        under coordinateTransformations/ in the draft's layout (issue 14 item 2)."""
        self.scene()
        scene = self.ome("")["scene"]
        axes = [AXES["y"], AXES["x"]]
        scene["coordinateSystems"].append({"name": "warped", "axes": axes})
        scene["coordinateTransformations"].append(
            {
                "type": kind,
                "path": "coordinateTransformations/field",
                "input": {"name": "world"},
                "output": {"name": "warped"},
            }
        )
        write_field(self, "coordinateTransformations/field", kind, axes, len(axes))

    # --- editing

    def ome(self, path: str) -> dict[str, Any]:
        """The OME-level mapping of a group, for editing in place."""
        doc = self.docs[self.attrs_key(path)]
        ome: dict[str, Any] = doc if self.v2 else doc["attributes"]["ome"]
        return ome
