"""The document as a whole: a JSON object, readable, within the size and depth limits,
holding metadata of at least one OME-Zarr group kind.

Reading a file (`documents.py`) and version detection (`version.py`) emit these rules;
the schemas carry ``document.structure`` and ``document.kind-key``.
"""

from __future__ import annotations

from ..issues import Issue
from ._rule import E, Rule, W

__all__ = [
    "DUPLICATE_KEY",
    "KIND_KEY",
    "NOT_JSON",
    "NO_OME_METADATA",
    "NUMBER_OUT_OF_RANGE",
    "STRUCTURE",
    "TOO_DEEP",
    "TOO_LARGE",
    "UNREADABLE",
    "expected_kind",
]

STRUCTURE = Rule("document.structure", "Group attributes are a JSON object", E, "schema")
KIND_KEY = Rule(
    "document.kind-key",
    "A group of a kind carries that kind's key",
    E,
    "schema",
    decision="Each group schema requires its kind's key. With an expected kind"
    " (validate_attributes(kind=...), validate_store(kind=...), --kind) the target group"
    " is validated as that kind, so a target without the kind's key gets this finding at"
    " its OME-level mapping, in place of document.no-ome-metadata when it holds no kind"
    " at all; other kinds present are validated as usual.",
)
NO_OME_METADATA = Rule(
    "document.no-ome-metadata",
    "The attributes hold metadata of at least one OME-Zarr group kind",
    E,
    "detection",
    decision="A document with no known kind key (only 'omero', only unknown keys, or an"
    " 'ome' object with only 'version') is reported as an error rather than accepted as"
    " an empty group: the caller asked to validate OME-Zarr metadata.",
)
UNREADABLE = Rule("document.unreadable", "The document can be read", E, "detection")
NOT_JSON = Rule(
    "document.not-json",
    "The document is UTF-8 JSON",
    E,
    "detection",
    decision="JSON is RFC 8259: no comments, no byte order mark, and no bare NaN,"
    " Infinity or -Infinity (section 6), which Python's json would read; a document"
    " holding one of those tokens is this error, naming the token and where it is. The"
    " one exception is a zarr v2 .zarray, where old writers put a bare NaN fill value:"
    " it is read, with the warning store.zarray-non-finite.",
)
TOO_LARGE = Rule(
    "document.too-large",
    "The document is within the size limit",
    E,
    "detection",
    decision="Metadata documents over 64 MiB are not parsed: no valid OME-Zarr metadata"
    " comes near that size, and reading it would be a denial of service.",
)
DUPLICATE_KEY = Rule(
    "document.duplicate-key",
    "Names within one JSON object are unique",
    W,
    "detection",
    decision="RFC 8259 section 4: the names within an object SHOULD be unique, and a"
    " parser's choice among repeated names is not interoperable. The document is read"
    " with the last value (as Python's json and JavaScript do) and validated; the"
    " warning names the repeated key.",
)
NUMBER_OUT_OF_RANGE = Rule(
    "document.number-out-of-range",
    "Every number fits a double",
    E,
    "detection",
    decision="RFC 8259 section 6 lets implementations limit the range of numbers, and"
    " every OME-Zarr reader holds them as IEEE 754 doubles: a number beyond about"
    " 1.8e308 (1e400, an integer of 309 digits and more) has no value there. It is this"
    " error, naming the number and where it is (line and column); the rest of the"
    " document is still validated.",
)
TOO_DEEP = Rule(
    "document.too-deep",
    "The document nests within the depth limit",
    E,
    "detection",
    decision="JSON nested deeper than 64 levels is not validated; OME-Zarr metadata"
    " nests fewer than 12 levels.",
)


def expected_kind(kind: str) -> str:
    """``kind`` checked against the kinds the spec defines (a typo is the caller's error,
    not a finding about the data)."""
    from ..spec.versions import KINDS

    if kind not in KINDS:
        raise ValueError(f"unknown OME-Zarr kind {kind!r}; expected one of {', '.join(KINDS)}")
    return kind


def not_of_kind(
    kind: str,
    held: tuple[str, ...] | frozenset[str],
    *,
    node: str,
    pointer: str,
    version: str | None,
) -> Issue:
    """document.kind-key for a target expected to be of ``kind`` that holds ``held``."""
    from ..spec.versions import KIND_KEYS

    key = next(k for k, v in KIND_KEYS.items() if v == kind)
    what = " + ".join(sorted(held)) if held else "no OME-Zarr kind"
    return KIND_KEY.issue(
        f"expected a {kind} group (with {key!r}); the target holds {what}",
        node=node,
        pointer=pointer,
        version=version,
    )
