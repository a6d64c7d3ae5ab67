"""bioformats2raw collections: the layout key and the OME group's 'series' in one
document, and against the store: top of the hierarchy only, numbered or listed images,
the series images, and the OME-XML file beside them."""

from __future__ import annotations

from collections.abc import Iterator

from ..store.paths import join
from ._context import Context, target
from ._registry import cross
from ._rule import E, Finding, Rule, W

__all__ = [
    "IMAGES",
    "IMAGE_EXISTS",
    "LAYOUT",
    "OME_XML",
    "PATH",
    "PLATE_SERIES",
    "STRUCTURE",
    "TOP_LEVEL",
]

LAYOUT = Rule(
    "bioformats2raw.layout",
    "'bioformats2raw.layout' is 3",
    E,
    "schema",
)
TOP_LEVEL = Rule(
    "bioformats2raw.top-level",
    "'bioformats2raw.layout' appears only at the top of a hierarchy",
    E,
    "hierarchy",
    decision="Reported on a group with the key that is reached from another OME-Zarr group's"
    " metadata (a field, label or series image).",
)
IMAGES = Rule(
    "bioformats2raw.images",
    "Without 'plate' and 'series', the images are groups 0, 1, ... consecutive from 0",
    E,
    "hierarchy",
    decision="Found by listing where the store allows it (a gap is then an error); otherwise"
    " probed 0, 1, 2, ... up to the first missing one. No image at all is an error.",
)
PLATE_SERIES = Rule(
    "bioformats2raw.plate-series",
    "A bioformats2raw plate has 'OME/series' listing its field images",
    W,
    "hierarchy",
)
OME_XML = Rule(
    "bioformats2raw.ome-xml",
    "A bioformats2raw group has the file 'OME/METADATA.ome.xml'",
    W,
    "hierarchy",
    decision="Only presence is checked; the XML (MetadataOnly, one Image per image) is not"
    " read because it can be very large.",
)
STRUCTURE = Rule(
    "series.structure",
    "'series' is a list of paths",
    E,
    "schema",
)
PATH = Rule(
    "series.path",
    "A series path is relative and stays inside the collection",
    E,
    "schema",
)
IMAGE_EXISTS = Rule(
    "series.image-exists",
    "Each 'series' path names a multiscale image group beside the OME group",
    E,
    "hierarchy",
)


# --- against the store


def _ancestors(path: str) -> Iterator[str]:
    while path:
        path = path.rpartition("/")[0]
        yield path


@cross
def top_level(ctx: Context) -> Iterator[Finding]:
    for group in ctx.of_kind("bioformats2raw"):
        for above in _ancestors(group.path):
            if above in ctx.groups:
                yield TOP_LEVEL.finding(
                    group.ptr("bioformats2raw.layout"),
                    "'bioformats2raw.layout' is below the OME-Zarr group"
                    + (f" {above!r}" if above else " at the target's root"),
                    node=group.path,
                    related=(above,),
                )
                break


@cross
def ome_xml(ctx: Context) -> Iterator[Finding]:
    for group in ctx.of_kind("bioformats2raw"):
        xml = join(group.path, "OME/METADATA.ome.xml")
        if ctx.hierarchy.files.get(xml) is False:
            yield OME_XML.finding("", f"{xml!r} does not exist", node=group.path, related=(xml,))


def _plate_fields(ctx: Context, root: str) -> set[str]:
    """Field image paths of the plate at ``root``, relative to it."""
    plate = ctx.group(root, "plate")
    fields: set[str] = set()
    for well_link in ctx.links(plate, "well") if plate else ():
        path = target(root, well_link.path)
        group = ctx.group(path, "well") if path is not None else None
        for link in ctx.links(group, "field") if group else ():
            field = target(path or "", link.path)
            if field is not None:
                fields.add(field[len(root) + 1 :] if root else field)
    return fields


@cross
def images(ctx: Context) -> Iterator[Finding]:
    for group in ctx.of_kind("bioformats2raw"):
        ome_path = join(group.path, "OME")
        series_group = ctx.group(ome_path, "series")
        series = series_group.ome.get("series") if series_group else None
        if "plate" in group.kinds:
            if not isinstance(series, list):
                yield PLATE_SERIES.finding(
                    "",
                    "the plate has no 'OME' group with 'series' listing its field images",
                    node=group.path,
                    related=(ome_path,),
                )
            else:
                fields = _plate_fields(ctx, group.path)
                listed = {s for s in series if isinstance(s, str)}
                if fields and listed != fields:
                    odd = sorted(listed ^ fields)[:3]
                    yield PLATE_SERIES.finding(
                        series_group.ptr("series") if series_group else "",
                        f"'series' and the plate's field images differ (e.g. {odd})",
                        node=ome_path,
                        related=(group.path,),
                    )
            continue
        if isinstance(series, list) and series_group is not None:
            for link in ctx.links(series_group, "series"):
                found = ctx.reached(group.path, link.path)
                if found is None:
                    continue
                path, node = found
                state = ctx.not_an_image(path, node)
                if state is not None:
                    yield IMAGE_EXISTS.finding(
                        link.pointer,
                        f"series image {link.path!r} {state}",
                        node=ome_path,
                        related=(path,),
                    )
            continue
        yield from _numbered(ctx, group.path)


def _numbered(ctx: Context, root: str) -> Iterator[Finding]:
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
        yield IMAGES.finding(
            "",
            "the collection has no image group '0' (and neither 'plate' nor 'OME/series')",
            node=root,
        )
        return
    gaps = sorted(set(range(numbers[-1] + 1)) - set(numbers))
    if gaps:
        yield IMAGES.finding(
            "", f"the numbered images are not consecutive from 0: {gaps[:5]} missing", node=root
        )
    for n in numbers:
        path = join(root, str(n))
        node = ctx.node(path)
        if node is not None and node.exists and ctx.group(path, "image") is None:
            yield IMAGES.finding(
                "",
                f"image group {str(n)!r} of the collection has no 'multiscales'",
                node=path,
                related=(root,),
            )
