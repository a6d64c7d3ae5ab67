"""Hierarchy rules: checks across the groups and arrays of a store (run by the reader).

The comments name the requirement ids of the spec digest, section 4 (H-1 .. H-29), so
coverage can be traced. H-21 (rows and columns list the whole physical plate) needs
knowledge of plate formats and is not checkable from the store; H-26's OME-XML content
(MetadataOnly, one XML Image per image) is not read: the file can be hundreds of MB.
"""

from __future__ import annotations

from ._rule import INFO, E, Rule, W
from .versions import SUPPORTED_VERSIONS

#: Versions after 0.4 (zarr v3, 'ome' wrapper); grows when a version is added.
_V3: tuple[str, ...] = tuple(v for v in SUPPORTED_VERSIONS if v != "0.4")
_V06: tuple[str, ...] = tuple(v for v in SUPPORTED_VERSIONS if v.startswith("0.6"))

RULES: tuple[Rule, ...] = (
    # --- the walk itself
    Rule(
        "store.no-ome-metadata",
        "The target is an OME-Zarr group or a group containing OME-Zarr groups",
        E,
        "hierarchy",
        decision="A target with no zarr metadata at all, or a plain group below which no"
        " OME-Zarr group is found (listing where the store allows it), is an error: the"
        " caller asked to validate OME-Zarr data.",
    ),
    Rule(
        "store.path-unsafe",
        "A path named in metadata stays inside the validated tree",
        E,
        "hierarchy",
        decision="Paths are resolved against the group holding them. Absolute paths, URLs,"
        " empty or '.' segments, backslashes, percent-encoded separators and '..' are refused"
        " and never followed; '..' is allowed only in 'image-label.source.image', whose"
        " default is '../../', and never above the target.",
    ),
    Rule(
        "store.path-escape",
        "Every read stays inside the target",
        E,
        "hierarchy",
        decision="Issue 12 (hostile stores). A document or folder whose real path (symbolic"
        " links resolved) lies outside the real path of the target, or an HTTP redirect off"
        " the target's scheme, host, port or path prefix, is refused and not read: a"
        " validator must not report, or be steered by, data outside what it was asked to"
        " check. A link inside the target to a place inside it is followed.",
    ),
    Rule(
        "store.not-a-file",
        "Every document is a regular file",
        E,
        "hierarchy",
        decision="Issue 12 (hostile stores). A named pipe, device or socket where a metadata"
        " document belongs is refused before it is opened: reading one can block forever"
        " (a FIFO) or never end (/dev/zero). Zarr stores documents as plain files.",
    ),
    Rule(
        "store.too-many-nodes",
        "The hierarchy is within the node limit of the walk",
        E,
        "hierarchy",
        decision="The walk stops reading new nodes at the limit (default 250,000) so a"
        " hostile or runaway hierarchy cannot exhaust memory; what was read is validated.",
    ),
    Rule(
        "store.partial",
        "The whole hierarchy was read",
        INFO,
        "hierarchy",
        decision="With a field limit (validate_store(max_fields=N), --max-fields N) only the"
        " first N field images of each well are read and checked; the report says so in this"
        " info finding, and checks that would need the unread fields skip them rather than"
        " report them missing. The default reads everything.",
    ),
    Rule(
        "store.too-deep",
        "The hierarchy nests within the depth limit of the walk",
        E,
        "hierarchy",
        decision="Nodes more than 32 path segments below the target are not read.",
    ),
    # --- zarr layer (H-1, H-28)
    Rule("store.zarr-metadata", "Zarr metadata documents are well-formed", E, "hierarchy"),
    Rule(
        "store.zarr-format",
        "0.4 uses zarr v2 and later versions zarr v3, never mixed in one hierarchy",
        E,
        "hierarchy",
        decision="H-1 (spec 0.4 and 0.5 section 'Storage'; RFC-2). The zarr format of the"
        " target (or of the first node read) is the hierarchy's; a node of the other format"
        " is an error, and so is metadata of the wrong family in a node (0.4 keys in a"
        " zarr.json, an 'ome' object in a .zattrs).",
    ),
    Rule(
        "store.dimension-separator",
        "0.4 arrays use '/' as the chunk key separator",
        INFO,
        "hierarchy",
        versions=("0.4",),
        decision="H-28: the nested layout appears only in the 0.4 layout comment"
        " (informative), so a '.' separator is a note, not a warning.",
    ),
    Rule(
        "store.zarray-non-finite",
        "A .zarray spells NaN and Infinity as JSON strings, not bare tokens",
        W,
        "hierarchy",
        versions=("0.4",),
        decision="JSON (RFC 8259, section 6) has no NaN or Infinity, and the zarr v2 spec"
        " (section 'Fill value encoding') MUST encode those float fill values as the strings"
        ' "NaN", "Infinity" and "-Infinity"; some old zarr v2 writers put the bare'
        " tokens in .zarray, and zarr readers built on Python's json read them. In a .zarray,"
        " and only there, they are read as the floats and reported as this warning (the"
        " array is still checked); in .zattrs, .zgroup, zarr.json and standalone JSON"
        " documents they are document.not-json errors.",
    ),
    # --- versions (H-2)
    Rule(
        "version.consistent",
        "One OME-Zarr version throughout the hierarchy",
        E,
        "hierarchy",
        decision="The version of the target (or of the first OME-Zarr group read) is the"
        " hierarchy's; every group that names another is reported, with the target as the"
        " related node.",
    ),
    # --- multiscale images (H-3 .. H-6, H-27, H-29)
    Rule(
        "multiscales.dataset-array-exists",
        "Each dataset path names an existing array",
        E,
        "hierarchy",
    ),
    Rule(
        "multiscales.dataset-ndim",
        "Each level array has one dimension per axis",
        E,
        "hierarchy",
    ),
    Rule(
        "multiscales.levels-ordered",
        "Levels go from largest to smallest: no dimension grows from one level to the next",
        E,
        "hierarchy",
        decision="H-5: checked on the array shapes (scales may be absolute sizes, so they"
        " prove nothing); equal shapes are accepted.",
    ),
    Rule(
        "multiscales.levels-same-dtype",
        "All levels of a multiscale image share one data type",
        E,
        "hierarchy",
        versions=_V06,
    ),
    Rule(
        "multiscales.levels-same-dtype-recommended",
        "All levels of a multiscale image share one data type (0.4, 0.5)",
        W,
        "hierarchy",
        versions=("0.4", "0.5"),
        decision="0.4 and 0.5 do not state it (0.6 makes it a MUST); mixed data types break"
        " readers, so 0.4 and 0.5 get a warning (multiscales.levels-same-dtype from 0.6 on).",
    ),
    Rule(
        "multiscales.dimension-names",
        "Level arrays carry 'dimension_names' equal to the axis names, in order",
        E,
        "hierarchy",
        versions=("0.5",),
    ),
    Rule(
        "multiscales.scale-matches-shape",
        "Scale ratios between levels match the shape ratios",
        W,
        "hierarchy",
        decision="H-29: for every axis, level k's size times scale_k / scale_0 should be"
        " level 0's size, within rounding (one element either way, as downsampling floors"
        " or ceils). Scales given by 'path' are not checked.",
    ),
    Rule(
        "omero.channel-count",
        "'omero.channels' has one entry per element of the channel axis",
        W,
        "hierarchy",
        decision="H-27 is informative; the first level's size along the axis of type"
        " 'channel' is compared with the number of channels.",
    ),
    # --- labels (H-7 .. H-14)
    Rule(
        "labels.group-metadata",
        "An image's 'labels' child group carries 'labels' metadata",
        E,
        "hierarchy",
        decision="0.5 says MUST; 0.4 describes the labels group by its 'labels' key. An"
        " existing 'labels' group without it is an error in both.",
    ),
    Rule(
        "labels.label-image-exists",
        "Each listed label path names a multiscale image group",
        E,
        "hierarchy",
    ),
    Rule(
        "labels.level-count",
        "A label image has as many levels as its parent image",
        E,
        "hierarchy",
        decision="Compared multiscale by multiscale when both have exactly one; with several"
        " on either side the first of each is compared.",
    ),
    Rule(
        "image-label.integer-dtype",
        "Label arrays have an integer data type",
        E,
        "hierarchy",
        versions=_V3,
    ),
    Rule(
        "image-label.integer-dtype-recommended",
        "Label arrays have an integer data type (0.4)",
        W,
        "hierarchy",
        versions=("0.4",),
        decision="H-10: only the 0.4 layout comment says so (informative): a warning for 0.4,"
        " an error (image-label.integer-dtype) from 0.5 on.",
    ),
    Rule(
        "image-label.shape-matches-image",
        "Each label dimension equals the image's or is 1",
        W,
        "hierarchy",
        decision="H-11 comes from a layout comment: a warning, checked level by level on"
        " the levels both images have.",
    ),
    Rule(
        "labels.intermediate-no-metadata",
        "Groups between 'labels' and a label image carry no OME-Zarr metadata",
        E,
        "hierarchy",
        versions=_V3,
    ),
    Rule(
        "labels.unlisted-label",
        "Every label image under 'labels' is listed",
        W,
        "hierarchy",
        versions=_V3,
        decision="H-13 needs a folder listing: checked for the direct children of 'labels'"
        " where the store can list (local, S3), not over plain HTTP.",
    ),
    Rule(
        "image-label.source-exists",
        "'image-label.source.image' names a multiscale image group",
        W,
        "hierarchy",
        decision="H-14 is implied, not stated: a warning. The default '../../' is used when"
        " 'source' is absent; a source above the target is not checked.",
    ),
    # --- plates and wells (H-15 .. H-20)
    Rule("plate.row-exists", "Each row holding a listed well exists as a group", E, "hierarchy"),
    Rule(
        "plate.well-exists",
        "Each listed well path names a group with 'well' metadata",
        E,
        "hierarchy",
    ),
    Rule(
        "plate.unlisted-group",
        "Every row and well group of a plate is listed in 'wells'",
        W,
        "hierarchy",
        decision="H-16: row and well groups SHOULD NOT exist without images, so a group on"
        " disk that no listed well accounts for is a warning. Needs a listing (not over HTTP).",
    ),
    Rule(
        "well.image-exists",
        "Each field path of a well names a multiscale image group",
        E,
        "hierarchy",
    ),
    Rule(
        "well.acquisition-exists",
        "A field's 'acquisition' is the id of one of the plate's acquisitions",
        E,
        "hierarchy",
        decision="Checked only when the plate lists acquisitions (a plate without them names"
        " no ids to refer to), and only when the well is reached from its plate.",
    ),
    Rule(
        "well.acquisition-required",
        "With more than one acquisition, every field names its acquisition",
        E,
        "hierarchy",
    ),
    Rule(
        "well.field-count",
        "A well has no more fields than 'field_count' and 'maximumfieldcount' allow",
        W,
        "hierarchy",
        decision="H-20 is derived from both fields being maxima, not stated as a MUST: a warning.",
    ),
    # --- 0.6 references (spec 0.6 section 4: H-26, H-50 .. H-53)
    Rule(
        "scene.image-exists",
        "A scene transformation's input or output 'path' names a multiscale image group",
        E,
        "hierarchy",
        versions=_V06,
        decision="Spec 0.6 §4 leaves the base of a 'path' unspecified; it is resolved against"
        " the group holding the metadata (the scene), as in every upstream example.",
    ),
    Rule(
        "transforms.io-target-exists",
        "A multiscales transformation's input or output 'path' names a multiscale image group",
        E,
        "hierarchy",
        versions=_V06,
    ),
    Rule(
        "coordinate-systems.target-exists",
        "A coordinate system named together with a 'path' is defined by that image",
        E,
        "hierarchy",
        versions=_V06,
        decision="Any multiscales entry of the target image may define it (spec 0.6 does not"
        " say which entry when there are several).",
    ),
    Rule(
        "transforms.parameter-path-exists",
        "A parameter 'path' names an array (affine, rotation) or a field (displacements,"
        " coordinates)",
        E,
        "hierarchy",
        versions=_V06,
        decision="A displacement or coordinate field is a multiscale group in 0.6rc0 and an"
        " array in 0.6.dev4; either is accepted in both drafts.",
    ),
    Rule(
        "transforms.parameter-array-shape",
        "An affine parameter array is [M, N+1] and a rotation array [N, N]",
        E,
        "hierarchy",
        versions=_V06,
        decision="N and M are the axis counts of the input and output systems when they are"
        " systems of the same group; otherwise only two dimensions are required.",
    ),
    # --- bioformats2raw (H-22 .. H-26)
    Rule(
        "bioformats2raw.top-level",
        "'bioformats2raw.layout' appears only at the top of a hierarchy",
        E,
        "hierarchy",
        decision="Reported on a group with the key that is reached from another OME-Zarr"
        " group's metadata (a field, label or series image).",
    ),
    Rule(
        "bioformats2raw.images",
        "Without 'plate' and 'series', the images are groups 0, 1, ... consecutive from 0",
        E,
        "hierarchy",
        decision="Found by listing where the store allows it (a gap is then an error);"
        " otherwise probed 0, 1, 2, ... up to the first missing one. No image at all is an"
        " error.",
    ),
    Rule(
        "bioformats2raw.plate-series",
        "A bioformats2raw plate has 'OME/series' listing its field images",
        W,
        "hierarchy",
    ),
    Rule(
        "series.image-exists",
        "Each 'series' path names a multiscale image group beside the OME group",
        E,
        "hierarchy",
    ),
    Rule(
        "bioformats2raw.ome-xml",
        "A bioformats2raw group has the file 'OME/METADATA.ome.xml'",
        W,
        "hierarchy",
        decision="Only presence is checked; the XML (MetadataOnly, one Image per image) is"
        " not read because it can be very large.",
    ),
)
