"""The zarr layer and versions: one zarr format and one OME-Zarr version per hierarchy."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..issues import Issue
from ..spec.versions import KIND_KEYS
from . import Context, cross, display


@cross("store.zarr-format")
def one_format(ctx: Context) -> Iterator[Issue]:
    expected = ctx.hierarchy.zarr_format
    for path, node in sorted(ctx.hierarchy.nodes.items()):
        if node.exists is not True or node.zarr_format is None:
            continue
        if expected is not None and node.zarr_format != expected:
            yield ctx.issue(
                "store.zarr-format",
                path,
                f"the node is zarr v{node.zarr_format} in a zarr v{expected} hierarchy",
                related=("",),
            )
        attrs = node.attributes
        if not node.is_group or not isinstance(attrs, Mapping):
            continue
        top = sorted(k for k in attrs if k in KIND_KEYS)
        if node.zarr_format == 3 and top and "ome" not in attrs:
            yield ctx.issue(
                "store.zarr-format",
                path,
                f"zarr.json holds OME-Zarr 0.4 keys ({', '.join(map(repr, top))}) at the top"
                " level; OME-Zarr 0.4 is stored as zarr v2, later versions under 'ome'",
            )
        if node.zarr_format == 2 and "ome" in attrs:
            yield ctx.issue(
                "store.zarr-format",
                path,
                ".zattrs holds an 'ome' object: OME-Zarr 0.5 and later are stored as zarr v3",
                "/ome",
            )


@cross("version.consistent")
def one_version(ctx: Context) -> Iterator[Issue]:
    if ctx.version is None:
        return
    for group in ctx.groups.values():
        if group.version is not None and group.version != ctx.version:
            yield ctx.issue(
                "version.consistent",
                group.path,
                f"the group is OME-Zarr {group.version}, but {display(ctx.root)} is"
                f" {ctx.version}; one hierarchy has one version",
                group.ptr("version") if group.base else "",
                related=(ctx.root,),
                version=group.version,
            )
