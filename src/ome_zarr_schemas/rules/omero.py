"""'omero': the rendering settings of an image's channels, one channel per element of the
channel axis; elsewhere than beside 'multiscales' only a warning (no MUST forbids it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ._context import Context
from ._registry import check, cross
from ._rule import E, Finding, Rule, W
from ._util import ptr
from .multiscales import axes_of, images, levels

__all__ = [
    "CHANNEL_COLOR",
    "CHANNEL_COUNT",
    "CHANNEL_REQUIRED",
    "CHANNEL_WINDOW",
    "IMAGE_ONLY",
    "STRUCTURE",
]

STRUCTURE = Rule(
    "omero.structure",
    "'omero' is an object with a list of 'channels'",
    E,
    "schema",
)
CHANNEL_REQUIRED = Rule(
    "omero.channel-required",
    "Each channel has a 'color' and a 'window'",
    E,
    "schema",
    decision="The 0.5 schema dropped this, but the 0.5 text still says MUST; we follow the"
    " text in both versions.",
)
CHANNEL_COLOR = Rule(
    "omero.channel-color",
    "A channel colour is 6 hexadecimal digits",
    E,
    "schema",
)
CHANNEL_WINDOW = Rule(
    "omero.channel-window",
    "A channel window has numbers min, max, start and end",
    E,
    "schema",
)
IMAGE_ONLY = Rule(
    "omero.image-only",
    "'omero' appears only beside 'multiscales'",
    W,
    "semantic",
    decision="The omero section (0.4 to 0.6) describes 'omero' as an image's rendering"
    " settings, but its only MUST is that 'omero', if present, contains 'channels'; the"
    " upstream schemas accept it beside a plate or a well. Elsewhere than beside"
    " 'multiscales' it describes nothing: a warning.",
)
CHANNEL_COUNT = Rule(
    "omero.channel-count",
    "'omero.channels' has one entry per element of the channel axis",
    W,
    "hierarchy",
    decision="H-27 is informative; the first level's size along the axis of type 'channel' is"
    " compared with the number of channels.",
)


# --- one document


@check(
    "labels",
    "label-image",
    "plate",
    "well",
    "bioformats2raw",
    "series",
    "scene",
)
def omero_only_in_images(ome: Mapping[str, Any], version: str) -> Sequence[Finding]:
    """A list, not a generator: asked of every document but an image's, mostly to find
    nothing."""
    if "omero" in ome and "multiscales" not in ome:
        return [
            IMAGE_ONLY.finding(
                ptr("omero"),
                "'omero' describes the channels of an image, but this group has no 'multiscales'",
            )
        ]
    return ()


# --- against the store


@cross
def omero_channels(ctx: Context) -> Iterator[Finding]:
    for group, m, multiscale in images(ctx):
        omero = group.ome.get("omero")
        if m != 0 or not isinstance(omero, Mapping) or not isinstance(omero.get("channels"), list):
            continue
        axes = axes_of(multiscale)
        if axes is None:
            continue
        kinds = [a.get("type") if isinstance(a, Mapping) else None for a in axes]
        if kinds.count("channel") != 1:
            continue
        found = levels(ctx, group, m, multiscale)
        shape = found[0].array.shape if found else None
        c = kinds.index("channel")
        if shape is None or len(shape) != len(axes):
            continue
        count = len(omero["channels"])
        if count != shape[c]:
            yield CHANNEL_COUNT.finding(
                group.ptr("omero", "channels"),
                f"'omero' lists {count} channels, but the channel axis of {found[0].path!r} has"
                f" {shape[c]} elements",
                node=group.path,
                related=(found[0].path,),
            )
