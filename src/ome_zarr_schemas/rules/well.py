"""Wells: their field images in one document (unique paths), and against the store the
field groups they name, their acquisitions against the plate's and the field counts the
plate allows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from ..spec.versions import BEFORE_V06_VERSIONS
from ._context import Context, display
from ._registry import cross
from ._rule import E, Finding, Rule, W
from ._util import block_check, objects, unique_by
from .plate import listed_wells

__all__ = [
    "ACQUISITION",
    "ACQUISITION_EXISTS",
    "ACQUISITION_REQUIRED",
    "FIELD_COUNT",
    "IMAGES",
    "IMAGE_EXISTS",
    "IMAGE_PATH",
    "IN_PLATE",
    "RECOMMENDED_FIELDS",
    "STRUCTURE",
    "UNIQUE_IMAGE_PATHS",
    "VERSION",
]

STRUCTURE = Rule(
    "well.structure",
    "'well' is an object with 'images'",
    E,
    "schema",
)
VERSION = Rule(
    "well.version",
    "The per-block 'version' names this version",
    E,
    "schema",
    decision="0.5: optional; if present, a string (only 'ome.version' is authoritative).",
    versions=BEFORE_V06_VERSIONS,
)
IMAGES = Rule(
    "well.images",
    "'images' is a non-empty list",
    E,
    "schema",
)
IMAGE_PATH = Rule(
    "well.image-path",
    "A field path is non-empty and alphanumeric",
    E,
    "schema",
)
ACQUISITION = Rule(
    "well.acquisition",
    "A field's 'acquisition' is an integer",
    E,
    "schema",
)
UNIQUE_IMAGE_PATHS = Rule(
    "well.unique-image-paths",
    "Field paths are unique within a well",
    E,
    "semantic",
)
RECOMMENDED_FIELDS = Rule(
    "well.recommended-fields",
    "A well has a 'version' (0.4)",
    W,
    "schema",
    versions=("0.4",),
)
IMAGE_EXISTS = Rule(
    "well.image-exists",
    "Each field path of a well names a multiscale image group",
    E,
    "hierarchy",
)
ACQUISITION_EXISTS = Rule(
    "well.acquisition-exists",
    "A field's 'acquisition' is the id of one of the plate's acquisitions",
    E,
    "hierarchy",
    decision="Checked only when the plate lists acquisitions (a plate without them names no"
    " ids to refer to), and only when the well is reached from its plate.",
)
ACQUISITION_REQUIRED = Rule(
    "well.acquisition-required",
    "With more than one acquisition, every field names its acquisition",
    E,
    "hierarchy",
)
FIELD_COUNT = Rule(
    "well.field-count",
    "A well has no more fields than 'field_count' and 'maximumfieldcount' allow",
    W,
    "hierarchy",
    decision="H-20 is derived from both fields being maxima, not stated as a MUST: a warning.",
)
IN_PLATE = Rule(
    "well.in-plate",
    "A well group sits in a row group of a plate group (plate/row/well)",
    E,
    "hierarchy",
    decision="0.4 and 0.5 'hcs-layout' (0.6 'HCS'): the plate, row and well levels above"
    " the field images MUST exist, and the group above the row groups MUST implement the"
    " plate specification. Checked when that group is inside the target: a well that is"
    " the target, or a direct child of it (the target is then its row group), has its"
    " plate above what was asked for and is not reported.",
)


# --- one document


@block_check("well")
def unique_image_paths(well: Mapping[str, Any], version: str) -> Iterator[Finding]:
    return unique_by(
        UNIQUE_IMAGE_PATHS,
        well.get("images"),
        "path",
        ("well", "images"),
        "field path {value!r} is already used (field {first})",
    )


# --- against the store


@cross
def fields_exist(ctx: Context) -> Iterator[Finding]:
    for well in ctx.of_kind("well"):
        for link, path, state in ctx.links_to_non_images(well, "field"):
            message = f"field {path.rpartition('/')[2]!r} {state}"
            yield IMAGE_EXISTS.finding(link.pointer, message, node=well.path, related=(path,))


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@cross
def acquisitions(ctx: Context) -> Iterator[Finding]:
    for plate in ctx.of_kind("plate"):
        block = plate.ome.get("plate")
        if not isinstance(block, Mapping):
            continue
        acquired = objects(block.get("acquisitions"))
        ids = {a.get("id") for _, a in acquired if _int(a.get("id")) is not None}
        limits = {
            a.get("id"): _int(a.get("maximumfieldcount"))
            for _, a in acquired
            if _int(a.get("maximumfieldcount")) is not None
        }
        field_count = _int(block.get("field_count"))
        for _, value, path in listed_wells(ctx, plate):
            well = ctx.group(path, "well")
            if well is None:
                continue
            wblock = well.ome.get("well")
            images = objects(wblock.get("images") if isinstance(wblock, Mapping) else None)
            per_acquisition: Counter[object] = Counter()
            for k, image in images:
                if "acquisition" in image:
                    acquisition = image["acquisition"]
                    per_acquisition[acquisition] += 1
                    if ids and acquisition not in ids:
                        yield ACQUISITION_EXISTS.finding(
                            well.ptr("well", "images", k, "acquisition"),
                            f"field acquisition {acquisition!r} is not an acquisition id of the"
                            f" plate ({', '.join(map(str, sorted(ids, key=str)))})",
                            node=path,
                            related=(plate.path,),
                        )
                elif len(acquired) > 1:
                    yield ACQUISITION_REQUIRED.finding(
                        well.ptr("well", "images", k),
                        f"the plate has {len(acquired)} acquisitions, so each field names its"
                        " 'acquisition'",
                        node=path,
                        related=(plate.path,),
                    )
            over: list[str] = []
            if field_count is not None and len(images) > field_count:
                over.append(
                    f"well {value!r} has {len(images)} fields, over the plate's field_count"
                    f" {field_count}"
                )
            for acquisition, count in sorted(per_acquisition.items(), key=str):
                limit = limits.get(acquisition)
                if limit is not None and count > limit:
                    over.append(
                        f"well {value!r} has {count} fields of acquisition {acquisition!r},"
                        f" over its maximumfieldcount {limit}"
                    )
            for message in over:
                yield FIELD_COUNT.finding(
                    well.ptr("well", "images"), message, node=path, related=(plate.path,)
                )


@cross
def in_plate(ctx: Context) -> Iterator[Finding]:
    for well in ctx.of_kind("well"):
        parts = well.path.split("/") if well.path else []
        if len(parts) < 2:
            continue  # the plate is above the target: not read, not judged
        above = "/".join(parts[:-2])
        node = ctx.node(above)
        if node is None or node.exists is None or ctx.group(above, "plate") is not None:
            continue
        group = ctx.group(above)
        if group is not None and group.kinds:
            state = f"is a {' + '.join(sorted(group.kinds))} group"
        elif node.exists is False or not node.is_group:
            state = "is not a group"
        else:
            state = "has no OME-Zarr metadata"
        yield IN_PLATE.finding(
            well.ptr("well"),
            f"the group above the well's row, {display(above)}, {state}; a well belongs"
            " to a plate (plate/row/well)",
            node=well.path,
            related=(above,),
        )
