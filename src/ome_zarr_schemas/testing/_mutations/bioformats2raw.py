"""Mutation families of the bioformats2raw rules (`rules/bioformats2raw.py`), series included."""

from __future__ import annotations

from hypothesis import strategies as st

from .. import _values
from .._builder import join
from .._hierarchy_groups import ome_xml
from .helpers import escaping_path, not_a_list
from .hierarchy_registry import StoreTarget, family_bases, hierarchy_family, plate_bases
from .registry import Target, family


@family("bioformats2raw.layout", "bioformats2raw")
def _bad_layout(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["bioformats2raw.layout"] = draw(st.sampled_from([2, 4, "3", 3.5, None, [3], True]))
    return t.ptr("bioformats2raw.layout"), f"layout {t.ome['bioformats2raw.layout']!r}"


@family("series.structure", "series")
def _series_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return not_a_list(draw, t, "series")


@family("series.path", "series")
def _bad_series_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return escaping_path(draw, t, "series", "series path")


@hierarchy_family("bioformats2raw.top-level", plate_bases("numbered-fields"))
def _nested_layout(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    well = t.pick(draw, t.with_key("well"))
    ome = t.ome(well)
    assert ome is not None
    ome["bioformats2raw.layout"] = 3
    t.docs[join(well, "OME", "METADATA.ome.xml")] = (
        t.docs["OME/METADATA.ome.xml"] if "OME/METADATA.ome.xml" in t.docs else ome_xml([])
    )
    return well, "a well also says 'bioformats2raw.layout'"


@hierarchy_family("bioformats2raw.images", family_bases(("bioformats2raw",), ("numbered",)))
def _numbered_gap(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    names = [p for p in t.images() if p.isdigit()]
    if draw(_values.COIN):
        t.drop("0")
        return "", "image group '0' removed"
    name = t.pick(draw, names)
    t.plain(name)
    return name, f"numbered group {name!r} has no 'multiscales'"


@hierarchy_family("bioformats2raw.plate-series", family_bases(("bioformats2raw",), ("plate",)))
def _series_differs(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    if draw(_values.COIN):
        t.plain("OME")
        t.docs["OME/METADATA.ome.xml"] = ome_xml([])
        return "", "the OME group has no 'series'"
    ome = t.ome("OME")
    assert ome is not None
    series = ome["series"]
    if draw(_values.COIN):
        series.pop(draw(st.integers(0, len(series) - 1)))
    else:
        series.append("A/1/not-a-field")
    return "OME", "'series' and the plate's fields differ"


@hierarchy_family("series.image-exists", family_bases(("bioformats2raw",), ("series",)))
def _series_image_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    ome = t.ome("OME")
    assert ome is not None
    if draw(_values.COIN):
        ome["series"].append("missing-image")
        return "OME", "'series' names an image that does not exist"
    name = t.pick(draw, ome["series"])
    t.plain(name)
    return "OME", f"series image {name!r} made a plain group"


@hierarchy_family("bioformats2raw.ome-xml", family_bases(("bioformats2raw",)))
def _xml_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    del t.docs["OME/METADATA.ome.xml"]
    return "", "OME/METADATA.ome.xml removed"
