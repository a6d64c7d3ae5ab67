"""Mutation families of the omero rules (`rules/omero.py`)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .._builder import copy_json
from .helpers import index, non_array
from .hierarchy_registry import StoreTarget, family_bases, hierarchy_family
from .registry import Target, family


def _ensure_omero(draw: st.DrawFn, t: Target) -> dict[str, Any]:
    if "omero" not in t.ome:
        t.ome["omero"] = {"channels": []}
    omero = t.ome["omero"]
    if not omero["channels"]:
        omero["channels"].append(
            {"color": "FF00FF", "window": {"min": 0, "max": 255, "start": 0, "end": 255}}
        )
    assert isinstance(omero, dict)
    return omero


@family("omero.structure", "image")
def _bad_omero(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["not-an-object", "no-channels", "channels-not-a-list", "item"]))
    omero = _ensure_omero(draw, t)
    if how == "not-an-object":
        t.ome["omero"] = draw(st.sampled_from([[], "x", 3]))
        return t.ptr("omero"), "'omero' is not an object"
    if how == "no-channels":
        del omero["channels"]
        return t.ptr("omero"), "'omero' without 'channels'"
    if how == "channels-not-a-list":
        omero["channels"] = non_array(draw)
        return t.ptr("omero", "channels"), "'channels' is not a list"
    c = index(draw, omero["channels"])
    omero["channels"][c] = draw(st.sampled_from([[], "FF0000", 3]))
    return t.ptr("omero", "channels", c), "a channel is not an object"


@family("omero.channel-required", "image")
def _channel_without_color_or_window(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    omero = _ensure_omero(draw, t)
    c = index(draw, omero["channels"])
    del omero["channels"][c][draw(st.sampled_from(["color", "window"]))]
    return t.ptr("omero", "channels", c), "a channel without 'color' or 'window'"


@family("omero.channel-color", "image")
def _bad_color(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    omero = _ensure_omero(draw, t)
    c = index(draw, omero["channels"])
    omero["channels"][c]["color"] = draw(
        st.sampled_from(["#FF0000", "FF00", "FF0000AA", "GGGGGG", "red", "", 16711680])
    )
    return t.ptr("omero", "channels", c, "color"), "a colour that is not 6 hex digits"


@family("omero.channel-window", "image")
def _bad_window(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    omero = _ensure_omero(draw, t)
    c = index(draw, omero["channels"])
    window = omero["channels"][c]["window"]
    key = draw(st.sampled_from(["min", "max", "start", "end"]))
    if draw(st.booleans()):
        del window[key]
        return t.ptr("omero", "channels", c, "window"), f"a window without {key!r}"
    window[key] = draw(st.sampled_from(["0", None, [0]]))
    return t.ptr("omero", "channels", c, "window", key), f"a window {key!r} that is not a number"


@family("omero.image-only", "labels", "plate", "well", "bioformats2raw", "series")
def _omero_without_image(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["omero"] = {"channels": []}
    return t.ptr("omero"), "'omero' in a group without 'multiscales'"


@hierarchy_family(
    "omero.channel-count", family_bases(("image", "plate", "well", "bioformats2raw"), ("omero",))
)
def _extra_channel(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, [i for i in t.images() if "omero" in (t.ome(i) or {})])
    ome = t.ome(image)
    assert ome is not None
    channels = ome["omero"]["channels"]
    channels.append(copy_json(channels[0]))
    return image, f"'omero' lists {len(channels)} channels"
