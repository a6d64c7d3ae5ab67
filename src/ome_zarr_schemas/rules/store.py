"""The store and its walk: what the reader could read (limits, unsafe paths, zarr
metadata) and the zarr layer (one zarr format per hierarchy, 0.4 layout details).

Decisions name the requirement ids of the spec digest, section 4 (H-1 .. H-29). The
reader emits most of these rules while it walks; the zarr-format rule across nodes is
checked here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..spec.versions import KIND_KEYS, SUPPORTED_VERSIONS, ZARR_V2_VERSIONS
from ._context import Context
from ._registry import cross
from ._rule import INFO, E, Finding, Rule, W

__all__ = [
    "DIMENSION_NAMES_COUNT",
    "DIMENSION_SEPARATOR",
    "NOT_A_FILE",
    "NO_OME_METADATA",
    "PARTIAL",
    "PATH_ESCAPE",
    "PATH_UNSAFE",
    "TOO_DEEP",
    "TOO_MANY_NODES",
    "ZARRAY_NON_FINITE",
    "ZARR_FORMAT",
    "ZARR_METADATA",
]

NO_OME_METADATA = Rule(
    "store.no-ome-metadata",
    "The target is an OME-Zarr group or a group containing OME-Zarr groups",
    E,
    "hierarchy",
    decision="A target with no zarr metadata at all, or a plain group below which no"
    " OME-Zarr group is found (listing where the store allows it), is an error: the"
    " caller asked to validate OME-Zarr data.",
)
PATH_UNSAFE = Rule(
    "store.path-unsafe",
    "A path named in metadata stays inside the validated tree",
    E,
    "hierarchy",
    decision="Paths are resolved against the group holding them. Absolute paths, URLs,"
    " empty or '.' segments, backslashes, percent-encoded separators and '..' are refused"
    " and never followed; '..' is allowed only in 'image-label.source.image', whose"
    " default is '../../', and never above the target.",
)
PATH_ESCAPE = Rule(
    "store.path-escape",
    "Every read stays inside the target",
    E,
    "hierarchy",
    decision="A document or folder whose real path (symbolic links resolved) lies outside"
    " the real path of the target, or an HTTP redirect off the target's scheme, host,"
    " port or path prefix, is refused and not read: a validator must not report, or be"
    " steered by, data outside what it was asked to check (DESIGN: untrusted stores). A"
    " link inside the target to a place inside it is followed.",
)
NOT_A_FILE = Rule(
    "store.not-a-file",
    "Every document is a regular file",
    E,
    "hierarchy",
    decision="A named pipe, device or socket where a metadata document belongs is refused"
    " before it is opened: reading one can block forever (a FIFO) or never end"
    " (/dev/zero). Zarr stores documents as plain files.",
)
TOO_MANY_NODES = Rule(
    "store.too-many-nodes",
    "The hierarchy is within the node limit of the walk",
    E,
    "hierarchy",
    decision="The walk stops reading new nodes at the limit (default 250,000) so a"
    " hostile or runaway hierarchy cannot exhaust memory; what was read is validated.",
)
PARTIAL = Rule(
    "store.partial",
    "The whole hierarchy was read",
    INFO,
    "hierarchy",
    decision="With a field limit (validate_store(max_fields=N), --max-fields N) only the"
    " first N field images of each well are read and checked; the report says so in this"
    " info finding, and checks that would need the unread fields skip them rather than"
    " report them missing. The default reads everything.",
)
TOO_DEEP = Rule(
    "store.too-deep",
    "The hierarchy nests within the depth limit of the walk",
    E,
    "hierarchy",
    decision="Nodes more than 32 path segments below the target are not read.",
)
# --- zarr layer (H-1, H-28)
ZARR_METADATA = Rule(
    "store.zarr-metadata", "Zarr metadata documents are well-formed", E, "hierarchy"
)
ZARR_FORMAT = Rule(
    "store.zarr-format",
    "0.4 uses zarr v2 and later versions zarr v3, never mixed in one hierarchy",
    E,
    "hierarchy",
    decision="H-1 (spec 0.4 and 0.5 section 'Storage'; RFC-2). The zarr format of the"
    " target (or of the first node read) is the hierarchy's; a node of the other format"
    " is an error, and so is metadata of the wrong family in a node (0.4 keys in a"
    " zarr.json, an 'ome' object in a .zattrs).",
)
DIMENSION_SEPARATOR = Rule(
    "store.dimension-separator",
    "0.4 arrays use '/' as the chunk key separator",
    INFO,
    "hierarchy",
    versions=ZARR_V2_VERSIONS,
    decision="H-28: the nested layout appears only in the 0.4 layout comment"
    " (informative), so a '.' separator is a note, not a warning.",
)
DIMENSION_NAMES_COUNT = Rule(
    "store.dimension-names-count",
    "A zarr v3 array's 'dimension_names' has one entry per dimension of its 'shape'",
    E,
    "hierarchy",
    versions=tuple(v for v in SUPPORTED_VERSIONS if v not in ZARR_V2_VERSIONS),
    decision="Zarr v3 core specification, array metadata 'dimension_names': if specified,"
    " it MUST have the same length as 'shape'; OME-Zarr 0.5 and 0.6 (section 'Storage')"
    " store their arrays as zarr v3, so a mismatch makes the array unreadable by zarr"
    " readers. Checked on every array read, level or parameter array alike, whatever"
    " the names say (0.5's multiscales.dimension-names compares them with the axes).",
)
ZARRAY_NON_FINITE = Rule(
    "store.zarray-non-finite",
    "A .zarray spells NaN and Infinity as JSON strings, not bare tokens",
    W,
    "hierarchy",
    versions=ZARR_V2_VERSIONS,
    decision="JSON (RFC 8259, section 6) has no NaN or Infinity, and the zarr v2 spec"
    " (section 'Fill value encoding') MUST encode those float fill values as the strings"
    ' "NaN", "Infinity" and "-Infinity"; some old zarr v2 writers put the bare'
    " tokens in .zarray, and zarr readers built on Python's json read them. In a .zarray,"
    " and only there, they are read as the floats and reported as this warning (the"
    " array is still checked); in .zattrs, .zgroup, zarr.json and standalone JSON"
    " documents they are document.not-json errors.",
)


# --- across the nodes of a store


@cross
def one_format(ctx: Context) -> Iterator[Finding]:
    # in the order the walk read the nodes: the report sorts its findings (a sort of a
    # plate's 20,000 nodes cost more than the rest of this check)
    expected = ctx.hierarchy.zarr_format
    for path, node in ctx.hierarchy.nodes.items():
        if node.exists is not True or node.zarr_format is None:
            continue
        if expected is not None and node.zarr_format != expected:
            yield ZARR_FORMAT.finding(
                "",
                f"the node is zarr v{node.zarr_format} in a zarr v{expected} hierarchy",
                node=path,
                related=("",),
            )
        attrs = node.attributes
        if node.node_type != "group" or not isinstance(attrs, Mapping):
            continue
        if node.zarr_format == 3 and "ome" not in attrs:
            top = sorted(k for k in attrs if k in KIND_KEYS)
        else:
            top = []
        if top:
            yield ZARR_FORMAT.finding(
                "",
                f"zarr.json holds OME-Zarr 0.4 keys ({', '.join(map(repr, top))}) at the top"
                " level; OME-Zarr 0.4 is stored as zarr v2, later versions under 'ome'",
                node=path,
            )
        if node.zarr_format == 2 and "ome" in attrs:
            yield ZARR_FORMAT.finding(
                "/ome",
                ".zattrs holds an 'ome' object: OME-Zarr 0.5 and later are stored as zarr v3",
                node=path,
            )


@cross
def dimension_names_count(ctx: Context) -> Iterator[Finding]:
    if ctx.version is not None and not DIMENSION_NAMES_COUNT.applies_to(ctx.version):
        return
    for path, node in ctx.hierarchy.nodes.items():  # any order: the report sorts
        meta = node.array
        if meta is None or meta.shape is None or meta.dimension_names is None:
            continue
        if len(meta.dimension_names) != len(meta.shape):
            yield DIMENSION_NAMES_COUNT.finding(
                "/dimension_names",
                f"'dimension_names' has {len(meta.dimension_names)} entries, but the array"
                f" has {len(meta.shape)} dimensions (shape {list(meta.shape)})",
                node=path,
            )
