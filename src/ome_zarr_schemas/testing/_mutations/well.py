"""Mutation families of the well rules (`rules/well.py`): the block, and fields and
acquisitions of a hierarchy."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .._builder import join
from .helpers import empty_or_not_a_list, index, wrong_block_version
from .hierarchy_registry import StoreTarget, family_bases, hierarchy_family, plate_bases
from .registry import Target, family


def _well(t: Target) -> dict[str, Any]:
    block = t.ome["well"]
    assert isinstance(block, dict)
    return block


@family("well.structure", "well")
def _bad_well(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["not-an-object", "no-images", "item", "no-path"]))
    if how == "not-an-object":
        t.ome["well"] = draw(st.sampled_from([[], "A1", 3]))
        return t.ptr("well"), "'well' is not an object"
    well = _well(t)
    if how == "no-images":
        del well["images"]
        return t.ptr("well"), "a well without 'images'"
    i = index(draw, well["images"])
    if how == "item":
        well["images"][i] = draw(st.sampled_from([[], "0", 3]))
        return t.ptr("well", "images", i), "a field is not an object"
    del well["images"][i]["path"]
    return t.ptr("well", "images", i), "a field without 'path'"


@family("well.version", "well")
def _wrong_well_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return wrong_block_version(draw, t, "well")


@family("well.images", "well")
def _bad_images(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return empty_or_not_a_list(draw, t, "well", "images", "0")


@family("well.image-path", "well")
def _bad_image_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    images = _well(t)["images"]
    i = index(draw, images)
    images[i]["path"] = draw(st.sampled_from(["", "0/1", "a b", "../0", "é", 0, None]))
    return t.ptr("well", "images", i, "path"), "a field path that is not alphanumeric"


@family("well.acquisition", "well")
def _bad_image_acquisition(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    images = _well(t)["images"]
    i = index(draw, images)
    images[i]["acquisition"] = draw(st.sampled_from([0.5, "0", None, [0]]))
    return t.ptr("well", "images", i, "acquisition"), "an acquisition that is not an integer"


@family("well.unique-image-paths", "well")
def _duplicate_image_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    images = _well(t)["images"]
    images.append({"path": images[index(draw, images)]["path"]})
    return t.ptr("well", "images", len(images) - 1, "path"), "a field path used twice"


@family("well.recommended-fields", "well", versions=("0.4",))
def _well_without_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _well(t).pop("version", None)
    return t.ptr("well"), "a well without 'version'"


_WELL_BASES = family_bases(("plate", "well", "bioformats2raw"), bioformats2raw=("plate",))


@hierarchy_family("well.image-exists", _WELL_BASES)
def _field_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    well = t.pick(draw, t.with_key("well"))
    ome = t.ome(well)
    assert ome is not None
    field_path = join(well, t.pick(draw, ome["well"]["images"])["path"])
    t.drop_or_plain(draw, field_path)
    return well, f"field {field_path!r} removed or made a plain group"


def _fields_of(t: StoreTarget) -> list[tuple[str, dict[str, Any]]]:
    return [(w, image) for w in t.with_key("well") for image in t.meta(w)["well"]["images"]]


@hierarchy_family("well.acquisition-exists", plate_bases("acq1"))
def _acquisition_unknown(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    root = t.ome("")
    assert root is not None
    ids = [a["id"] for a in root["plate"]["acquisitions"]]
    well, image = t.pick(draw, _fields_of(t))
    image["acquisition"] = max(ids) + 1
    return well, f"a field names acquisition {image['acquisition']}, not one of {ids}"


@hierarchy_family("well.acquisition-required", plate_bases("acq2"))
def _acquisition_dropped(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    well, image = t.pick(draw, _fields_of(t))
    del image["acquisition"]
    return well, "a field of a plate with several acquisitions names none"


@hierarchy_family("well.field-count", plate_bases("fields2"))
def _field_count_low(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    root = t.ome("")
    assert root is not None
    counts = {w: len(t.meta(w)["well"]["images"]) for w in t.with_key("well")}
    most = max(counts.values())
    root["plate"]["field_count"] = most - 1
    over = sorted(w for w, n in counts.items() if n == most)
    t.also |= {("well.field-count", w) for w in over}
    return over[0], f"field_count {most - 1}, but a well has {most} fields"


@hierarchy_family("well.in-plate", family_bases(("plate",)), listing=True)
def _plate_metadata_stripped(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    """The plate group loses its metadata: its wells (found by listing) have no plate."""
    wells = t.with_key("well")
    key = t.attrs_key("")
    if t.v2:
        t.docs[key] = {}
    else:
        t.docs[key]["attributes"] = {}
    t.also |= {("well.in-plate", w) for w in wells[1:]}
    return wells[0], "the plate group's metadata removed; its wells stay"
