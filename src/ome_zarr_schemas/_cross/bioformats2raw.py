"""bioformats2raw collections: top of the hierarchy only, numbered or listed images,
the OME group's series, and the OME-XML file beside them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..issues import Issue
from ..store.paths import join
from . import Context, cross, objects, target


def _ancestors(path: str) -> Iterator[str]:
    while path:
        path = path.rpartition("/")[0]
        yield path


@cross("bioformats2raw.top-level")
def top_level(ctx: Context) -> Iterator[Issue]:
    for group in ctx.of_kind("bioformats2raw"):
        for above in _ancestors(group.path):
            if above in ctx.groups:
                yield ctx.issue(
                    "bioformats2raw.top-level",
                    group.path,
                    f"'bioformats2raw.layout' is below the OME-Zarr group {above or '(target)'!r}",
                    group.ptr("bioformats2raw.layout"),
                    (above,),
                )
                break


@cross("bioformats2raw.ome-xml")
def ome_xml(ctx: Context) -> Iterator[Issue]:
    for group in ctx.of_kind("bioformats2raw"):
        xml = join(group.path, "OME/METADATA.ome.xml")
        if ctx.hierarchy.files.get(xml) is False:
            yield ctx.issue(
                "bioformats2raw.ome-xml", group.path, f"{xml!r} does not exist", related=(xml,)
            )


def _plate_fields(ctx: Context, root: str) -> set[str]:
    """Field image paths of the plate at ``root``, relative to it."""
    plate = ctx.group(root, "plate")
    block = plate.ome.get("plate") if plate else None
    fields: set[str] = set()
    for _, well in objects(block.get("wells") if isinstance(block, Mapping) else None):
        path = target(root, well.get("path"))
        group = ctx.group(path, "well") if path is not None else None
        wblock = group.ome.get("well") if group else None
        for _, image in objects(wblock.get("images") if isinstance(wblock, Mapping) else None):
            field = target(path or "", image.get("path"))
            if field is not None:
                fields.add(field[len(root) + 1 :] if root else field)
    return fields


@cross(
    "bioformats2raw.images",
    "bioformats2raw.plate-series",
    "series.image-exists",
)
def images(ctx: Context) -> Iterator[Issue]:
    for group in ctx.of_kind("bioformats2raw"):
        ome_path = join(group.path, "OME")
        series_group = ctx.group(ome_path, "series")
        series = series_group.ome.get("series") if series_group else None
        if "plate" in group.kinds:
            if not isinstance(series, list):
                yield ctx.issue(
                    "bioformats2raw.plate-series",
                    group.path,
                    "the plate has no 'OME' group with 'series' listing its field images",
                    related=(ome_path,),
                )
            else:
                fields = _plate_fields(ctx, group.path)
                listed = {s for s in series if isinstance(s, str)}
                if fields and listed != fields:
                    odd = sorted(listed ^ fields)[:3]
                    yield ctx.issue(
                        "bioformats2raw.plate-series",
                        ome_path,
                        f"'series' and the plate's field images differ (e.g. {odd})",
                        series_group.ptr("series") if series_group else "",
                        (group.path,),
                    )
            continue
        if isinstance(series, list) and series_group is not None:
            for i, value in enumerate(series):
                path = target(group.path, value)
                node = ctx.node(path) if path is not None else None
                if path is None or node is None or node.exists is None:
                    continue
                if ctx.group(path, "image") is None:
                    state = "does not exist" if node.exists is False else "has no 'multiscales'"
                    yield ctx.issue(
                        "series.image-exists",
                        ome_path,
                        f"series image {value!r} {state}",
                        series_group.ptr("series", i),
                        (path,),
                    )
            continue
        yield from _numbered(ctx, group.path)


def _numbered(ctx: Context, root: str) -> Iterator[Issue]:
    names = ctx.hierarchy.listings.get(root)
    if names is not None:
        numbers = sorted(int(n) for n in names if n.isdigit())
    else:
        if ctx.node(join(root, "0")) is None:
            return  # never read (the walk hit a limit first): not checked
        numbers = []
        while (node := ctx.node(join(root, str(len(numbers))))) is not None and node.exists:
            numbers.append(len(numbers))
    if not numbers:
        yield ctx.issue(
            "bioformats2raw.images",
            root,
            "the collection has no image group '0' (and neither 'plate' nor 'OME/series')",
        )
        return
    gaps = sorted(set(range(numbers[-1] + 1)) - set(numbers))
    if gaps:
        yield ctx.issue(
            "bioformats2raw.images",
            root,
            f"the numbered images are not consecutive from 0: {gaps[:5]} missing",
        )
    for n in numbers:
        path = join(root, str(n))
        node = ctx.node(path)
        if node is not None and node.exists and ctx.group(path, "image") is None:
            yield ctx.issue(
                "bioformats2raw.images",
                path,
                f"image group {str(n)!r} of the collection has no 'multiscales'",
                related=(root,),
            )
