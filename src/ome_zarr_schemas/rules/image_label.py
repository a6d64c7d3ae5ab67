"""Label images: the 'image-label' block (colours, properties, source) in every version,
and against the store their integer data types, their shapes against the image's and
their source image.

The labels group that lists them is in `labels`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..spec.versions import ZARR_V2_VERSIONS
from ._context import Context, Group
from ._registry import check, cross
from ._rule import E, Finding, Rule, W
from ._util import V05_ON, distinct_numbers, duplicates, mapping, objects, ptr
from .labels import listed_labels, parent
from .multiscales import first_levels, levels

__all__ = [
    "COLORS",
    "INTEGER_DTYPE",
    "INTEGER_DTYPES",
    "INTEGER_DTYPE_RECOMMENDED",
    "LABEL_VALUE",
    "PROPERTIES",
    "RECOMMENDED_FIELDS",
    "REQUIRES_MULTISCALES",
    "RGBA",
    "SHAPE_MATCHES_IMAGE",
    "SOURCE",
    "SOURCE_EXISTS",
    "STRUCTURE",
    "UNIQUE_COLORS",
    "UNIQUE_PROPERTIES",
    "VERSION",
]

STRUCTURE = Rule(
    "image-label.structure",
    "'image-label' is an object",
    E,
    "schema",
)
REQUIRES_MULTISCALES = Rule(
    "image-label.requires-multiscales",
    "A group with 'image-label' also has 'multiscales'",
    E,
    "schema",
    decision="0.4 says MUST; 0.5 says a label image is a multiscales group. We require"
    " 'multiscales' beside 'image-label' in every version.",
)
VERSION = Rule(
    "image-label.version",
    "The per-block 'version' names this version",
    E,
    "schema",
    decision="0.5: optional; if present, a string (only 'ome.version' is authoritative).",
)
COLORS = Rule(
    "image-label.colors",
    "'colors' is a non-empty list",
    E,
    "schema",
)
PROPERTIES = Rule(
    "image-label.properties",
    "'properties' is a non-empty list",
    E,
    "schema",
)
LABEL_VALUE = Rule(
    "image-label.label-value",
    "A 'label-value' is an integer",
    E,
    "schema",
    decision="The text says integer; the upstream colors schema says number. We require an"
    " integer (JSON Schema semantics: 3.0 counts as an integer).",
)
RGBA = Rule(
    "image-label.rgba",
    "'rgba' is 4 integers from 0 to 255",
    E,
    "schema",
)
SOURCE = Rule(
    "image-label.source",
    "'source.image' is a non-empty path",
    E,
    "schema",
)
UNIQUE_COLORS = Rule(
    "image-label.unique-colors",
    "Each label value has at most one colour entry",
    E,
    "semantic",
    decision="0.4 MUST; implied in 0.5. An error in both.",
)
UNIQUE_PROPERTIES = Rule(
    "image-label.unique-properties",
    "Each label value has at most one property entry",
    W,
    "semantic",
    decision="Only implied by the text ('describes the unique values'): a warning.",
)
RECOMMENDED_FIELDS = Rule(
    "image-label.recommended-fields",
    "'image-label' has 'colors' (0.4: and 'version')",
    W,
    "schema",
)
INTEGER_DTYPE = Rule(
    "image-label.integer-dtype",
    "Label arrays have an integer data type",
    E,
    "hierarchy",
    versions=V05_ON,
)
INTEGER_DTYPE_RECOMMENDED = Rule(
    "image-label.integer-dtype-recommended",
    "Label arrays have an integer data type (0.4)",
    W,
    "hierarchy",
    decision="H-10: only the 0.4 layout comment says so (informative): a warning for 0.4, an"
    " error (image-label.integer-dtype) from 0.5 on.",
    versions=("0.4",),
)
SHAPE_MATCHES_IMAGE = Rule(
    "image-label.shape-matches-image",
    "Each label dimension equals the image's or is 1",
    W,
    "hierarchy",
    decision="H-11 comes from a layout comment: a warning, checked level by level on the"
    " levels both images have.",
)
SOURCE_EXISTS = Rule(
    "image-label.source-exists",
    "'image-label.source.image' names a multiscale image group",
    W,
    "hierarchy",
    decision="H-14 is implied, not stated: a warning. The default '../../' is used when"
    " 'source' is absent; a source above the target is not checked.",
)


# --- one document


@check("label-image")
def unique_label_values(ome: Mapping[str, Any], version: str) -> Sequence[Finding]:
    """A list, not a generator: most label images list no colors or properties (an
    absent or empty list repeats nothing)."""
    block = ome.get("image-label")
    if type(block) is not dict:  # the usual block first: no ABC check
        block = mapping(block)
    if block is None or (_none(block.get("colors")) and _none(block.get("properties"))):
        return ()
    found = []
    for key, rule in (
        ("colors", UNIQUE_COLORS),
        ("properties", UNIQUE_PROPERTIES),
    ):
        listed = block.get(key)
        if listed is None:
            continue  # no entries: nothing repeats
        if (
            type(listed) is list
            and _DICTS.issuperset(map(type, listed))
            and distinct_numbers([e.get("label-value") for e in listed])
        ):
            continue  # the usual entries (objects, read without pairing): none repeats
        entries = objects(listed)
        if distinct_numbers([e.get("label-value") for _, e in entries]):
            continue  # the usual entries: nothing repeats
        values = ((i, e.get("label-value")) for i, e in entries)
        for index, first, value in duplicates(values):
            found.append(
                rule.finding(
                    ptr("image-label", key, index, "label-value"),
                    f"label value {value!r} already has an entry in '{key}' (index {first})",
                )
            )
    return found


#: The exact type of an entry read without `objects` (tested for every entry at once, in C).
_DICTS = frozenset({dict})


def _none(entries: object) -> bool:
    """No entries: absent or an empty list (exact types: no value's truth is asked)."""
    return entries is None or (type(entries) is list and not entries)


# --- against the store

#: The data types a label array may have.
INTEGER_DTYPES = frozenset(
    {"uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"}
)


@cross
def shapes_match(ctx: Context) -> Iterator[Finding]:
    for labels, _, path in listed_labels(ctx):
        label = ctx.group(path, "image")
        image = ctx.group(parent(labels.path), "image")
        if label is None or image is None:
            continue
        image_levels = {lv.index: lv for lv in first_levels(ctx, image)}
        for level in first_levels(ctx, label):
            other = image_levels.get(level.index)
            if other is None or level.array.shape is None or other.array.shape is None:
                continue
            a, b = level.array.shape, other.array.shape
            if len(a) != len(b) or not _fits(a, b):
                yield SHAPE_MATCHES_IMAGE.finding(
                    level.where,
                    f"label level {level.path!r} {list(a)} does not match image level"
                    f" {other.path!r} {list(b)}: each dimension is the image's or 1",
                    node=path,
                    related=(level.path, other.path),
                )


def _fits(label: tuple[int, ...], image: tuple[int, ...]) -> bool:
    """Each size of the label level is the image level's or 1 (``x in {y, 1}`` for the
    int sizes of a shape, without a set made per dimension)."""
    for x, y in zip(label, image, strict=True):  # noqa: SIM110 (no generator per level)
        if x != y and x != 1:
            return False
    return True


def _label_groups(ctx: Context) -> dict[str, Group]:
    found = {g.path: g for g in ctx.of_kind("label-image") if "image" in g.kinds}
    for _, _, path in listed_labels(ctx):
        group = ctx.group(path, "image")
        if group is not None:
            found[path] = group
    return found


@cross
def integer_dtypes(ctx: Context) -> Iterator[Finding]:
    for path, label in sorted(_label_groups(ctx).items()):
        for m, multiscale in objects(label.ome.get("multiscales")):
            for level in levels(ctx, label, m, multiscale):
                dtype = level.array.dtype
                if dtype is None or dtype in INTEGER_DTYPES:
                    continue
                recommended = label.version is not None and INTEGER_DTYPE_RECOMMENDED.applies_to(
                    label.version
                )
                rule = INTEGER_DTYPE_RECOMMENDED if recommended else INTEGER_DTYPE
                yield rule.finding(
                    "/dtype" if label.version in ZARR_V2_VERSIONS else "/data_type",
                    f"label array has data type {dtype}; labels use"
                    f" {', '.join(sorted(INTEGER_DTYPES))}",
                    node=level.path,
                    related=(path,),
                    version=label.version,
                )


@cross
def label_source(ctx: Context) -> Iterator[Finding]:
    for label in ctx.of_kind("label-image"):
        for link in ctx.links(label, "label-source"):
            found = ctx.reached(label.path, link.path, allow_up=link.allow_up)
            if found is None:
                continue
            path, node = found
            state = ctx.not_an_image(path, node)
            if state is None:
                continue
            yield SOURCE_EXISTS.finding(
                link.pointer,
                f"the source image {link.path!r} ({path or 'the target'!r}"
                f"{'' if link.written else ', the default'}) {state}",
                node=label.path,
                related=(path,),
            )
