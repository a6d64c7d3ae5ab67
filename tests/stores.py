"""Metadata-only OME-Zarr stores for tests and the benchmark, for every version and kind.

A `StoreSpec` is a plain {key: document} mapping (a document is JSON data, or bytes for a
deliberately broken file), so a test can build a valid store, inject one fault by editing
one key, and write it to disk. No chunk is ever written: the validator reads metadata only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

V2_DTYPES = {
    "uint8": "|u1",
    "int8": "|i1",
    "uint16": "<u2",
    "int16": "<i2",
    "uint32": "<u4",
    "int32": "<i4",
    "uint64": "<u8",
    "int64": "<i8",
    "float32": "<f4",
    "float64": "<f8",
}

AXES = {
    "x": {"name": "x", "type": "space", "unit": "micrometer"},
    "y": {"name": "y", "type": "space", "unit": "micrometer"},
    "z": {"name": "z", "type": "space", "unit": "micrometer"},
    "c": {"name": "c", "type": "channel"},
    "t": {"name": "t", "type": "time", "unit": "second"},
}


def _join(*parts: str) -> str:
    return "/".join(p for p in parts if p)


@dataclass
class StoreSpec:
    """The documents of one store, keyed by store key (``"A/1/.zattrs"``, ``"zarr.json"``)."""

    version: str
    docs: dict[str, Any] = field(default_factory=dict)

    @property
    def v2(self) -> bool:
        return self.version == "0.4"

    @property
    def v06(self) -> bool:
        return self.version.startswith("0.6")

    # --- nodes

    def group(self, path: str, blocks: dict[str, Any] | None = None) -> None:
        """A group holding OME blocks (``None``: a plain group without OME metadata)."""
        if self.v2:
            self.docs[_join(path, ".zgroup")] = {"zarr_format": 2}
            if blocks is not None:
                self.docs[_join(path, ".zattrs")] = blocks
            return
        attributes = {"ome": {"version": self.version, **blocks}} if blocks is not None else {}
        self.docs[_join(path, "zarr.json")] = {
            "zarr_format": 3,
            "node_type": "group",
            "attributes": attributes,
        }

    def array(
        self,
        path: str,
        shape: Sequence[int],
        dtype: str = "uint16",
        dimension_names: Sequence[str] | None = None,
    ) -> None:
        if self.v2:
            self.docs[_join(path, ".zarray")] = {
                "zarr_format": 2,
                "shape": list(shape),
                "chunks": [min(s, 256) or 1 for s in shape],
                "dtype": V2_DTYPES[dtype],
                "compressor": None,
                "fill_value": 0,
                "order": "C",
                "filters": None,
                "dimension_separator": "/",
            }
            return
        doc: dict[str, Any] = {
            "zarr_format": 3,
            "node_type": "array",
            "shape": list(shape),
            "data_type": dtype,
            "chunk_grid": {
                "name": "regular",
                "configuration": {"chunk_shape": [min(s, 256) or 1 for s in shape]},
            },
            "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
            "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
            "fill_value": 0,
            "attributes": {},
        }
        if dimension_names is not None:
            doc["dimension_names"] = list(dimension_names)
        self.docs[_join(path, "zarr.json")] = doc

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
            self.array(_join(path, str(level)), level_shape, dtype, list(axes))
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
            self.group(_join(path, "labels"), self._labels(names))
            for name in names:
                label_shape = [1 if a == "c" else n for a, n in zip(axes, shape, strict=True)]
                self.image(
                    _join(path, "labels", name),
                    axes=axes,
                    shape=label_shape,
                    levels=levels,
                    dtype="uint32",
                    label=True,
                )

    def _labels(self, names: list[str]) -> dict[str, Any]:
        return {"labels": names}

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
            self.group(_join(path, r))
            for c in column_names:
                well = _join(path, r, c)
                self.group(well, {"well": self._versioned({"images": [dict(i) for i in images]})})
                for f in range(fields):
                    self.image(
                        _join(well, str(f)),
                        levels=levels,
                        shape=image_shape,
                        labels=("cells",) if labels else (),
                    )

    def bioformats2raw(self, path: str = "", *, images: int = 2, series: bool = False) -> None:
        self.group(path, {"bioformats2raw.layout": 3})
        names = [str(i) for i in range(images)]
        self.group(_join(path, "OME"), {"series": names} if series else None)
        self.docs[_join(path, "OME", "METADATA.ome.xml")] = b'<?xml version="1.0"?><OME/>'
        for name in names:
            self.image(_join(path, name))

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
        self.group(_join(path, "coordinateTransformations"))
        self.array(_join(path, "coordinateTransformations", "tile_1"), [2, 3], "float64")
        for tile in ("tile_0", "tile_1"):
            self.image(_join(path, tile), axes="yx", shape=(64, 64))

    # --- faults and output

    def drop(self, path: str) -> None:
        """Remove every document of the node at ``path`` (and below)."""
        prefix = f"{path}/" if path else ""
        for key in [k for k in self.docs if k.startswith(prefix) or k == path]:
            del self.docs[key]

    def attrs_key(self, path: str) -> str:
        return _join(path, ".zattrs" if self.v2 else "zarr.json")

    def ome(self, path: str) -> dict[str, Any]:
        """The OME-level mapping of a group, for editing in place."""
        doc = self.docs[self.attrs_key(path)]
        ome: dict[str, Any] = doc if self.v2 else doc["attributes"]["ome"]
        return ome

    def array_doc(self, path: str) -> dict[str, Any]:
        doc: dict[str, Any] = self.docs[_join(path, ".zarray" if self.v2 else "zarr.json")]
        return doc

    def write(self, root: Path) -> Path:
        root.mkdir(parents=True, exist_ok=True)
        for key, doc in self.docs.items():
            file = root / key
            file.parent.mkdir(parents=True, exist_ok=True)
            data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
            file.write_bytes(data)
        return root
