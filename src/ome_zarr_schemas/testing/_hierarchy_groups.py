"""The groups that hold images in a drawn hierarchy: plate, well, labels, bioformats2raw, scene.

Wells, fields, acquisitions, series and scene images exist and agree with the metadata
that lists them (spec digests, section 4); a bioformats2raw collection carries its
OME-XML file; a scene links its tiles with transformations of the simple types plus an
affine stored as an array.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from hypothesis import strategies as st

from . import _attributes, _axes, _plate, _values
from ._builder import StoreDocuments, copy_json, join, parent
from ._fields import VECTOR_TYPES, write_field
from ._hierarchy_images import (
    FIELD_NAMES,
    Image,
    axis_letter,
    draw_image,
    draw_image_label,
    draw_label_paths,
    simple_transform,
)


def _template(draw: st.DrawFn, version: str, needs: frozenset[str]) -> tuple[dict[str, Any], Image]:
    """An image drawn at the root of its own tree, to be grafted under fields."""
    tree = StoreDocuments(version)
    info = draw_image(draw, tree, "", needs)
    return tree.docs, info


_BF2RAW_XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"'
    ' Creator="ome-zarr-schemas.testing">'
)
_OME_TYPES = {"float32": "float", "float64": "double"}


def ome_xml(images: Sequence[tuple[str, Image]]) -> bytes:
    """A metadata-only OME-XML file with one Image per image, in series order."""
    parts = [_BF2RAW_XML_HEAD]
    for i, (name, info) in enumerate(images):
        sizes = {"X": 1, "Y": 1, "Z": 1, "C": 1, "T": 1}
        space = [n for a, n in zip(info.axes, info.base, strict=True) if axis_letter(a) == "S"]
        for letter, n in zip("XYZ", reversed(space), strict=False):
            sizes[letter] = n
        for a, n in zip(info.axes, info.base, strict=True):
            if axis_letter(a) in "CT":
                sizes[axis_letter(a)] = n
        size_attrs = " ".join(f'Size{k}="{max(1, v)}"' for k, v in sizes.items())
        parts.append(
            f'<Image ID="Image:{i}" Name={quoteattr(name)}><Pixels ID="Pixels:{i}"'
            f' DimensionOrder="XYZCT" Type="{_OME_TYPES.get(info.dtype, info.dtype)}"'
            f" {size_attrs}><MetadataOnly/></Pixels></Image>"
        )
    parts.append("</OME>")
    return "".join(parts).encode()


def _acquisition_plan(block: dict[str, Any], needs: frozenset[str]) -> list[dict[str, Any]]:
    """The plate's acquisitions, with fresh ids added when the base needs one or two."""
    acquisitions: list[dict[str, Any]] = list(block.get("acquisitions") or [])
    want = 2 if "acq2" in needs else 1 if "acq1" in needs else 0
    next_id = max((a["id"] for a in acquisitions), default=-1) + 1
    while len(acquisitions) < want:
        acquisitions.append({"id": next_id, "name": f"run {next_id}"})
        next_id += 1
    if acquisitions:
        block["acquisitions"] = acquisitions
    return acquisitions


@dataclass
class _WellPlan:
    cell: int
    float_indices: bool
    images: list[dict[str, Any]]
    picks: list[int]  # the field image each field grafts
    version: str | None
    extras: dict[str, Any]


@st.composite
def _well_plan(
    draw: st.DrawFn,
    version: str,
    cells: int,
    low: int,
    cap: int,
    acquisitions: list[dict[str, Any]],
    numbered: bool,
    templates: int,
) -> _WellPlan:
    """Everything one well draws, in one span: shrinking drops a well in one deletion."""
    cell = draw(st.integers(0, cells - 1))
    float_indices = draw(_values.D4) == 3  # an integral float is an integer to JSON Schema
    images = _field_images(draw, draw(st.integers(low, max(low, cap))), acquisitions, numbered)
    picks = [draw(st.integers(0, templates - 1)) for _ in images]
    block_version = draw(_plate._block_version(version)) if draw(_values.D4) > 0 else None
    return _WellPlan(cell, float_indices, images, picks, block_version, draw(_attributes._extras()))


def plate_tree(
    draw: st.DrawFn, tree: StoreDocuments, needs: frozenset[str], blocks: dict[str, Any]
) -> list[tuple[str, Image]]:
    """A plate of up to 3 x 3 wells at the root, with rows, wells and fields; returns the
    fields in plate order.

    The structure is drawn first (rows, columns, field_count, acquisitions, then the
    wells as one list, each well a single span), the names and the images after, so
    shrinking removes wells cleanly. The values are the plate strategy's: names,
    block versions, acquisitions. A bioformats2raw plate has no row named 'OME'.
    """
    version = tree.version
    bf2raw = "bioformats2raw" in blocks
    n_rows, n_columns = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    templates = draw(st.integers(1, 2))  # one or two field images, shared by the fields
    block: dict[str, Any] = {}
    if draw(_values.COIN):
        block["field_count"] = draw(st.integers(1, 2**31))
    if "fields2" in needs and block.get("field_count", 2) < 2:
        block["field_count"] = 2
    if draw(_values.COIN):
        block["acquisitions"] = draw(_plate.acquisitions())
    acquisitions = _acquisition_plan(block, needs)
    cap = min(3, block.get("field_count", 3))
    low = 2 if "fields2" in needs else 1
    plan = _well_plan(
        version, n_rows * n_columns, low, cap, acquisitions, "numbered-fields" in needs, templates
    )
    wells = draw(st.lists(plan, min_size=1, max_size=n_rows * n_columns, unique_by=_cell))
    rows = draw((_NAMES_NO_OME if bf2raw else _NAMES)[n_rows])
    columns = draw(_NAMES[n_columns])
    block["rows"] = [{"name": n} for n in rows]
    block["columns"] = [{"name": n} for n in columns]
    block["wells"] = []
    for well in wells:
        r, c = divmod(well.cell, n_columns)
        entry: dict[str, Any] = {"path": f"{rows[r]}/{columns[c]}", "rowIndex": r, "columnIndex": c}
        if well.float_indices:
            entry["rowIndex"], entry["columnIndex"] = float(r), float(c)
        block["wells"].append(entry)
    if draw(_values.D4) > 0:
        block["name"] = draw(_values.TEXT)
    if draw(_values.D4) > 0:
        block["version"] = draw(_plate._block_version(version))
    images = [_template(draw, version, needs) for _ in range(templates)]
    tree.group("", {**blocks, "plate": block}, draw(_attributes._extras()))
    fields: list[tuple[str, Image]] = []
    for row in sorted({parent(w["path"]) for w in block["wells"]}):
        tree.group(row)
    for well, entry in zip(wells, block["wells"], strict=True):
        well_block: dict[str, Any] = {"images": well.images}
        if well.version is not None:
            well_block["version"] = well.version
        tree.group(entry["path"], {"well": well_block}, well.extras)
        for image, pick in zip(well.images, well.picks, strict=True):
            docs, info = images[pick]
            field_path = join(entry["path"], image["path"])
            tree.graft(field_path, docs)
            fields.append((field_path, info))
    return fields


def _cell(well: _WellPlan) -> int:
    return well.cell


def _field_images(
    draw: st.DrawFn, count: int, acquisitions: list[dict[str, Any]], numbered: bool
) -> list[dict[str, Any]]:
    """A well's field entries; each names an acquisition with room for it (required when
    the plate has several), so no well exceeds a 'maximumfieldcount'."""
    paths = (
        [str(i) for i in range(count)]
        if numbered or draw(_values.D4) > 0
        else draw(FIELD_NAMES[count])
    )
    used: dict[int, int] = {}
    images: list[dict[str, Any]] = []
    for path in paths:
        image: dict[str, Any] = {"path": path}
        room = [
            a["id"]
            for a in acquisitions
            if used.get(a["id"], 0) < a.get("maximumfieldcount", math.inf)
        ]
        if acquisitions and (len(acquisitions) > 1 or (bool(room) and draw(_values.COIN))):
            if not room:
                break
            chosen = room[draw(st.integers(0, len(room) - 1))]
            used[chosen] = used.get(chosen, 0) + 1
            image["acquisition"] = chosen
        elif not acquisitions and draw(_values.D4) == 3:
            image["acquisition"] = draw(_values.integer())
        images.append(image)
    return images


_NAMES = {
    n: st.lists(_values.alnum(), min_size=n, max_size=n, unique_by=str.casefold)
    for n in range(1, 4)
}  # row and column names, distinct even ignoring case (as the plate strategy draws them)
_NAMES_NO_OME = {n: names.filter(lambda r: "OME" not in r) for n, names in _NAMES.items()}


def well_tree(draw: st.DrawFn, tree: StoreDocuments, needs: frozenset[str]) -> None:
    count = draw(st.integers(2 if "fields2" in needs else 1, 3))
    images = _field_images(draw, count, [], "numbered-fields" in needs)
    block: dict[str, Any] = {"images": images}
    if draw(_values.D4) > 0:
        block["version"] = draw(_plate._block_version(tree.version))
    tree.group("", {"well": block}, draw(_attributes._extras()))
    docs, _ = _template(draw, tree.version, needs)
    for image in images:
        tree.graft(image["path"], docs)


def labels_tree(draw: st.DrawFn, tree: StoreDocuments, needs: frozenset[str]) -> None:
    """A 'labels' group at the root: label images without a parent image (their default
    source is above the target, so it is not checked)."""
    names = draw_label_paths(draw, "nested-label" in needs)
    tree.group("", {"labels": names}, draw(_attributes._extras()))
    for middle in sorted({parent(n) for n in names} - {""}):
        tree.group(middle)
    for name in names:
        block = draw_image_label(draw, tree.version, name.count("/") + 1)
        draw_image(draw, tree, name, needs, label_block=block)


_BF2RAW_VARIANTS = ("numbered", "series", "plate")


def bf2raw_tree(draw: st.DrawFn, tree: StoreDocuments, needs: frozenset[str]) -> None:
    forced = [v for v in _BF2RAW_VARIANTS if v in needs]
    variant = forced[0] if forced else draw(st.sampled_from(_BF2RAW_VARIANTS))
    blocks: dict[str, Any] = {"bioformats2raw.layout": draw(st.sampled_from([3, 3, 3.0]))}
    images: list[tuple[str, Image]]
    if variant == "plate":
        images = plate_tree(draw, tree, needs, blocks)
        tree.group("OME", {"series": [p for p, _ in images]})
    else:
        count = draw(st.integers(1, 3))
        if variant == "numbered" or draw(_values.COIN):
            names = [str(i) for i in range(count)]
        else:
            names = _values.distinct(draw, _values.alnum(4).filter(lambda n: n != "OME"), count)
        tree.group("", blocks, draw(_attributes._extras()))
        images = [(name, draw_image(draw, tree, name, needs)) for name in names]
        if variant == "series":
            tree.group("OME", {"series": names})
        elif draw(_values.D4) > 0:
            tree.group("OME")
    tree.docs["OME/METADATA.ome.xml"] = ome_xml(images)


_TILE_TYPES = ("translation", "scale", "identity", "sequence", "affine", "affine-path")


def scene_tree(draw: st.DrawFn, tree: StoreDocuments, needs: frozenset[str]) -> None:
    """0.6: a scene of 1-3 image tiles placed in a 'world' system, each by a transformation
    of its own type (an affine possibly stored as an array under coordinateTransformations/)."""
    axes = _axes.axes_of(draw, draw(st.sampled_from(["SS", "SSS"])))
    ndim = len(axes)
    count = draw(st.integers(1, 3))
    tiles = _values.distinct(draw, st.sampled_from(["tile_0", "tile_1", "tile_2", "ñ"]), count)
    world = "world"
    transforms = []
    for i, tile in enumerate(tiles):
        info = draw_image(draw, tree, tile, needs, axes=copy_json(axes))
        kind = (
            "affine-path"
            if ("affine-path" in needs and i == 0)
            else draw(st.sampled_from(_TILE_TYPES))
        )
        transform = simple_transform(draw, kind, ndim)
        if kind == "affine":
            offsets = [draw(_values.NUMBER) for _ in range(ndim)]
            transform["affine"] = [
                [1.0 if r == c else 0.0 for c in range(ndim)] + [offsets[r]] for r in range(ndim)
            ]
        elif kind == "affine-path":
            transform["type"] = "affine"
            transform["path"] = f"coordinateTransformations/{tile}"
            tree.group("coordinateTransformations")
            tree.array(transform["path"], [ndim, ndim + 1], "float64")
        transform["input"] = {"path": tile, "name": info.cs}
        transform["output"] = {"name": world}
        transforms.append(transform)
    systems = [{"name": world, "axes": copy_json(axes)}]
    if "field" in needs:  # a 'warped' system reached from the world by a field
        kind = draw(st.sampled_from(sorted(VECTOR_TYPES)))
        systems.append({"name": "warped", "axes": copy_json(axes)})
        path = "coordinateTransformations/field"
        tree.group("coordinateTransformations")
        write_field(tree, path, kind, axes, ndim, size=draw(st.integers(1, 4)))
        transforms.append(
            {"type": kind, "path": path, "input": {"name": world}, "output": {"name": "warped"}}
        )
    scene = {"coordinateSystems": systems, "coordinateTransformations": transforms}
    tree.group("", {"scene": scene}, draw(_attributes._extras()))
