"""Plates and wells against the groups they name: rows, wells and fields exist, field
acquisitions refer to the plate's acquisitions, field counts stay within the maxima."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from ..issues import Issue
from ..store.paths import join
from . import Context, Group, cross, objects, target


def _wells(ctx: Context, plate: Group) -> list[tuple[int, str, str]]:
    """(index, well path as written, node path) of each safe well path."""
    block = plate.ome.get("plate")
    found = []
    for i, well in objects(block.get("wells") if isinstance(block, Mapping) else None):
        value = well.get("path")
        path = target(plate.path, value)
        if path is not None and isinstance(value, str):
            found.append((i, value, path))
    return found


@cross("plate.row-exists", "plate.well-exists")
def wells_exist(ctx: Context) -> Iterator[Issue]:
    for plate in ctx.of_kind("plate"):
        missing_rows: set[str] = set()
        for i, value, path in _wells(ctx, plate):
            where = plate.ptr("plate", "wells", i, "path")
            if "/" in value:
                row = path.rpartition("/")[0]
                row_node = ctx.node(row)
                if row_node is not None and row_node.exists is False and row not in missing_rows:
                    missing_rows.add(row)
                    yield ctx.issue(
                        "plate.row-exists",
                        plate.path,
                        f"row group {row!r} of well {value!r} does not exist",
                        where,
                        (row,),
                    )
            node = ctx.node(path)
            if node is None or node.exists is None:
                continue
            if node.exists is False:
                message = f"well {value!r} does not exist"
            elif ctx.group(path, "well") is None:
                message = f"well group {value!r} has no 'well' metadata"
            else:
                continue
            yield ctx.issue("plate.well-exists", plate.path, message, where, (path,))


@cross("plate.unlisted-group")
def unlisted_groups(ctx: Context) -> Iterator[Issue]:
    listings = ctx.hierarchy.listings
    for plate in ctx.of_kind("plate"):
        names = listings.get(plate.path)
        if names is None:
            continue
        wells = {path for _, _, path in _wells(ctx, plate)}
        rows = {w.rpartition("/")[0] for w in wells}
        for name in names:
            row = join(plate.path, name)
            node = ctx.node(row)
            if name in {"OME", "labels"} or node is None or not node.is_group:
                continue
            if row not in rows:
                yield ctx.issue(
                    "plate.unlisted-group",
                    row,
                    f"group {name!r} in the plate holds no listed well",
                    related=(plate.path,),
                )
                continue
            for column in listings.get(row, ()):
                well = join(row, column)
                found = ctx.node(well)
                if well not in wells and found is not None and found.is_group:
                    yield ctx.issue(
                        "plate.unlisted-group",
                        well,
                        f"group {name}/{column} is not a well listed by the plate",
                        related=(plate.path,),
                    )


@cross("well.image-exists")
def fields_exist(ctx: Context) -> Iterator[Issue]:
    for well in ctx.of_kind("well"):
        block = well.ome.get("well")
        for i, image in objects(block.get("images") if isinstance(block, Mapping) else None):
            path = target(well.path, image.get("path"))
            node = ctx.node(path) if path is not None else None
            if path is None or node is None or node.exists is None:
                continue
            if node.exists is False:
                message = f"field {path.rpartition('/')[2]!r} does not exist"
            elif ctx.group(path, "image") is None:
                message = f"field {path.rpartition('/')[2]!r} has no 'multiscales'"
            else:
                continue
            yield ctx.issue(
                "well.image-exists",
                well.path,
                message,
                well.ptr("well", "images", i, "path"),
                (path,),
            )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@cross(
    "well.acquisition-exists",
    "well.acquisition-required",
    "well.field-count",
)
def acquisitions(ctx: Context) -> Iterator[Issue]:
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
        for _, value, path in _wells(ctx, plate):
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
                        yield ctx.issue(
                            "well.acquisition-exists",
                            path,
                            f"field acquisition {acquisition!r} is not an acquisition id of the"
                            f" plate ({', '.join(map(str, sorted(ids, key=str)))})",
                            well.ptr("well", "images", k, "acquisition"),
                            (plate.path,),
                        )
                elif len(acquired) > 1:
                    yield ctx.issue(
                        "well.acquisition-required",
                        path,
                        f"the plate has {len(acquired)} acquisitions, so each field names its"
                        " 'acquisition'",
                        well.ptr("well", "images", k),
                        (plate.path,),
                    )
            if field_count is not None and len(images) > field_count:
                yield ctx.issue(
                    "well.field-count",
                    path,
                    f"well {value!r} has {len(images)} fields, over the plate's field_count"
                    f" {field_count}",
                    well.ptr("well", "images"),
                    (plate.path,),
                )
            for acquisition, count in sorted(per_acquisition.items(), key=str):
                limit = limits.get(acquisition)
                if limit is not None and count > limit:
                    yield ctx.issue(
                        "well.field-count",
                        path,
                        f"well {value!r} has {count} fields of acquisition {acquisition!r},"
                        f" over its maximumfieldcount {limit}",
                        well.ptr("well", "images"),
                        (plate.path,),
                    )
