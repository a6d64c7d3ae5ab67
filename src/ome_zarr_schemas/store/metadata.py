"""Zarr metadata: which documents make a node, and what they say (zarr v2 and v3).

A v3 node is one ``zarr.json``; a v2 node is a ``.zarray``, or a ``.zgroup`` with its
``.zattrs``. `candidates` says which documents to try for a node, `read_node` turns the
bytes found into a `Node`: group attributes, or an array's shape, data type, dimension
names and chunk key separator. A document that does not say what zarr requires is a
finding on the node, and the node is still read as far as it can be.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from hashlib import blake2b
from typing import Any, Literal, TypeGuard

from ..issues import Issue, pointer
from ..rules import document as document_rules
from ..rules import store as store_rules
from ..rules._rule import Rule
from .documents import GENERAL, parse_json_value, plain_value
from .findings import finding
from .nodes import ArrayMeta, Limits, Node

__all__ = [
    "Expect",
    "Parsed",
    "candidates",
    "digest",
    "group_document",
    "read_node",
    "v3_node",
]

#: What the walk expects at a path; "probe" is an optional group (only its first
#: documents are tried).
Expect = Literal["group", "array", "any", "probe"]

_V3 = ("zarr.json",)
_V2_GROUP = (".zgroup", ".zattrs")
_V2_ARRAY = (".zarray",)


def candidates(zarr_format: int | None, expect: Expect) -> list[tuple[str, ...]]:
    """The documents to try for a node, in rounds: a round whose reads find anything (or
    fail) settles the node. The store's zarr format, once known, is tried first; before
    that every document is tried at once. Worked out once per format and expectation
    (asked once per node: tens of thousands on a plate); the list is shared, not copied.
    """
    known = _CANDIDATES.get((zarr_format, expect))
    if known is None:
        known = _CANDIDATES[(zarr_format, expect)] = _candidates(zarr_format, expect)
    return known


_CANDIDATES: dict[tuple[int | None, Expect], list[tuple[str, ...]]] = {}


def _candidates(zarr_format: int | None, expect: Expect) -> list[tuple[str, ...]]:
    order: list[tuple[str, ...]]
    if zarr_format == 3 and expect == "array":
        order = [_V3, _V2_ARRAY]
    elif zarr_format == 3:
        order = [_V3, _V2_GROUP]
    elif zarr_format == 2:
        first = _V2_ARRAY if expect == "array" else _V2_GROUP
        second = _V2_GROUP if expect == "array" else _V2_ARRAY
        order = [first, second, _V3]
    else:
        order = [("zarr.json", ".zgroup", ".zattrs", ".zarray")]
    return order[:1] if expect == "probe" else order


def group_document(zarr_format: int | None) -> str:
    """The document whose presence says a group is there (a v2 group may lack .zattrs)."""
    return "zarr.json" if zarr_format == 3 else ".zgroup"


def read_node(
    path: str, found: Mapping[str, bytes], errors: list[tuple[Rule, str]], limits: Limits
) -> Node:
    """The node at ``path`` from its documents' bytes (``found``, by name) and the
    reads that failed or were refused (``errors``: rule id and message each): a node
    with a failed read is of unknown existence (``exists`` None), one with no document
    at all is absent.
    """
    node = Node(path)
    if errors:  # no generator built for the usual node (tens of thousands on a plate)
        node.issues.extend(finding(rule, path, message) for rule, message in errors)
        node.unread = True
    if not found:
        node.exists = None if errors else False
        return node
    if "zarr.json" in found:
        _v3(node, found["zarr.json"], limits)
        if len(found) > 1:  # found holds only the names `candidates` gives: a v2 one too
            node.issues.append(
                finding(
                    store_rules.ZARR_FORMAT,
                    path,
                    "the node has both zarr v3 (zarr.json) and v2 (.z*) metadata",
                )
            )
    else:
        _v2(node, found, limits)
    if errors:  # part of the node could not be read: what it is stays unknown
        node.exists = None
    return node


def v3_node(path: str, data: bytes, limits: Limits) -> Node:
    """``read_node(path, {"zarr.json": data}, [], limits)``: the node of a zarr v3 store
    read whole from its one document (the walk's usual node, `walk._Walk._read_now`)."""
    node = Node(path)
    _v3(node, data, limits)
    return node


def digest(data: bytes) -> bytes:
    """The validation cache key of a group's attributes document (`Node.raw_key`): a
    16-byte BLAKE2b digest of its bytes, not the bytes themselves, which every group
    node kept until the checks ran (7 MB of a 1536-well plate, issue 15). An unkeyed
    cryptographic digest: two documents that differ never share a key in practice, and
    nobody can write a store whose documents collide on purpose."""
    return blake2b(data, digest_size=16).digest()


def _bad(node: Node, message: str, where: str = "") -> None:
    node.issues.append(finding(store_rules.ZARR_METADATA, node.path, message, where))


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document's JSON value as parsed, JSON ``null`` included (None is "no value")."""

    value: object


def _parse(node: Node, key: str, data: bytes, limits: Limits) -> Parsed | None:
    """The JSON value of the document ``key``, or None after a finding on the node."""
    quick = plain_value(data, limits.max_document_bytes, limits.max_json_depth)
    if quick is not GENERAL:  # the usual document: nothing to say about how it reads
        return Parsed(quick)
    return _parse_general(node, key, data, limits)


def _parse_general(node: Node, key: str, data: bytes, limits: Limits) -> Parsed | None:
    """`_parse` of a document `plain_value` stepped aside from: read and worded by
    `parse_json_value`, its findings placed on the node."""
    source = f"{node.path}/{key}" if node.path else key
    zarray = key == ".zarray"  # bare NaN/Infinity: a warning here, not-json elsewhere
    loaded = parse_json_value(
        source, data, limits.max_document_bytes, limits.max_json_depth, non_finite=zarray
    )
    if loaded.issue is not None:
        node.issues.append(_moved(loaded.issue, node.path, key))
        return None
    value: object = loaded.attributes
    node.issues.extend(_moved(i, node.path, key) for i in loaded.findings)
    if loaded.non_finite:
        node.issues.append(_non_finite_issue(node.path, value, loaded.non_finite))
    return Parsed(value)


def _null(node: Node, key: str) -> None:
    """A document that is JSON ``null``: there, but it says nothing (nobody knows what
    the node is, and at the target nothing could be validated)."""
    _bad(node, f"{key} is JSON null, not an object")
    node.exists = None
    node.unread = True


def _v3(node: Node, data: bytes, limits: Limits) -> None:
    node.zarr_format = 3
    # `_parse` without a `Parsed` made for the usual document (a plate reads 40,000)
    doc = plain_value(data, limits.max_document_bytes, limits.max_json_depth)
    finite = doc is not GENERAL
    if not finite:
        parsed = _parse_general(node, "zarr.json", data, limits)
        if parsed is None:
            node.exists = None  # there, but unreadable: nobody knows what it is
            return
        doc = parsed.value
    if doc is None:
        _null(node, "zarr.json")
        return
    if type(doc) is not dict and not _is_mapping(doc):  # a decoded object: no call
        _bad(node, "zarr.json is not an object")
        return
    if doc.get("zarr_format") != 3:
        _bad(node, f"zarr.json has 'zarr_format' {doc.get('zarr_format')!r}, not 3", "/zarr_format")
    kind = doc.get("node_type")
    if kind == "array":
        node.node_type = "array"
        _array_v3(node, doc)
    elif kind == "group":
        node.node_type = "group"
        node.attributes = doc.get("attributes", {})
        node.raw_key = digest(data)
        node.finite = finite
    else:
        _bad(node, f"zarr.json 'node_type' is {kind!r}, not 'group' or 'array'", "/node_type")


def _is_mapping(value: object) -> TypeGuard[Mapping[str, Any]]:
    """isinstance(value, Mapping), a decoded object answered without the ABC's check."""
    return type(value) is dict or isinstance(value, Mapping)


def _v2(node: Node, found: Mapping[str, bytes], limits: Limits) -> None:
    node.zarr_format = 2
    if ".zarray" in found:
        node.node_type = "array"
        parsed = _parse(node, ".zarray", found[".zarray"], limits)
        doc = None if parsed is None else parsed.value
        if parsed is None:
            node.exists = None
        elif doc is None:
            _null(node, ".zarray")
        elif isinstance(doc, Mapping):
            if doc.get("zarr_format") != 2:
                _bad(
                    node,
                    f".zarray has 'zarr_format' {doc.get('zarr_format')!r}, not 2",
                    "/zarr_format",
                )
            _array_v2(node, doc)
        else:
            _bad(node, ".zarray is not an object")
        return
    node.node_type = "group"
    if ".zgroup" in found:
        parsed = _parse(node, ".zgroup", found[".zgroup"], limits)
        if parsed is not None and (
            not isinstance(parsed.value, Mapping) or parsed.value.get("zarr_format") != 2
        ):
            _bad(node, ".zgroup does not say 'zarr_format': 2")
    else:
        _bad(node, "the group has .zattrs but no .zgroup")
    if ".zattrs" in found:
        parsed = _parse(node, ".zattrs", found[".zattrs"], limits)
        node.raw_key = digest(found[".zattrs"])
        if parsed is None:
            node.exists = None
        elif parsed.value is None:  # read, and null: the attributes are not an object
            node.issues.append(
                finding(document_rules.STRUCTURE, node.path, ".zattrs is JSON null, not an object")
            )
        else:
            node.attributes = parsed.value
    else:
        node.attributes = {}


# --- arrays


_V2_DTYPES: dict[str, str | None] = {}


def _dtype_v2(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    found = _V2_DTYPES.get(value, "")
    if found != "":
        return found
    import numpy as np

    try:
        name: str | None = str(np.dtype(value).name)
    except (TypeError, ValueError):
        name = None
    _V2_DTYPES[value] = name
    return name


def _dtype_v3(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("name"), str):
        return str(value["name"])
    return None


def _shape(value: object) -> tuple[int, ...] | None:
    if not isinstance(value, list):
        return None
    for v in value:  # a loop, not all() over a generator: one per array of a plate
        if type(v) is not int and (not isinstance(v, int) or isinstance(v, bool)):
            return None
        if v < 0:
            return None
    return tuple(value)


#: Array records made before, by their fields (`_array_meta`); bounded: emptied when full.
_ARRAYS: dict[tuple[Any, ...], ArrayMeta] = {}
_MOST_ARRAYS = 4096


def _array_meta(
    shape: tuple[int, ...] | None,
    dtype: str | None,
    names: tuple[object, ...] | None,
    separator: str | None,
) -> ArrayMeta:
    """``ArrayMeta(shape, dtype, names, separator)``, the record made before for the same
    fields when there is one: a plate's thousands of images have levels of a few shapes
    alike (a 1536-well plate's 30,720 level arrays have 10 distinct records), and the
    record is frozen, so one object serves them all (each frozen record cost 0.65 us to
    build and kept its own tuples, issue 15). Only fields compared by value exactly are
    looked up: sizes as `_shape` keeps them from a decoded document (ints, no bools), a
    data type, names and separator that are exactly ``str`` (``True == 1``: a name of
    another type keeps its own record)."""
    if type(dtype) is not str or (separator is not None and type(separator) is not str):
        return ArrayMeta(shape, dtype, names, separator)
    for name in names or ():  # a loop, not any() over a generator: one per array
        if type(name) is not str:
            return ArrayMeta(shape, dtype, names, separator)
    key = (shape, dtype, names, separator)
    found = _ARRAYS.get(key)
    if found is None:
        if len(_ARRAYS) >= _MOST_ARRAYS:
            _ARRAYS.clear()
        found = _ARRAYS[key] = ArrayMeta(shape, dtype, names, separator)
    return found


def _array_v3(node: Node, doc: Mapping[str, Any]) -> None:
    shape = _shape(doc.get("shape"))
    dtype = doc.get("data_type")  # the usual name, a str, taken without a call
    if type(dtype) is not str:
        dtype = _dtype_v3(dtype)
    names = doc.get("dimension_names")
    attributes = doc.get("attributes")
    dimension_names = tuple(names) if isinstance(names, list) else None
    if attributes and _is_mapping(attributes):  # a 0.6.dev4 field's metadata: its own
        node.array = ArrayMeta(shape, dtype, dimension_names, attributes=attributes)
    else:
        node.array = _array_meta(shape, dtype, dimension_names, None)
    if shape is None:
        _bad(node, "array 'shape' is not a list of sizes", "/shape")
    if dtype is None:
        _bad(node, "array 'data_type' is missing", "/data_type")


def _array_v2(node: Node, doc: Mapping[str, Any]) -> None:
    shape = _shape(doc.get("shape"))
    dtype = _dtype_v2(doc.get("dtype"))
    separator = doc.get("dimension_separator", ".")
    node.array = _array_meta(shape, dtype, None, separator if isinstance(separator, str) else None)
    if shape is None:
        _bad(node, "array 'shape' is not a list of sizes", "/shape")
    if dtype is None:
        _bad(node, "array 'dtype' is not a known data type", "/dtype")


def _non_finite_issue(path: str, doc: object, tokens: tuple[str, ...]) -> Issue:
    """The warning for bare NaN/Infinity in a .zarray, at the first place holding one.

    Runs only when the parser met such a token, so documents without one pay nothing.
    """
    where: list[str] = []
    stack: list[tuple[object, tuple[str | int, ...]]] = [(doc, ())]
    while stack:
        value, at = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            where.append(pointer(*at))
        elif isinstance(value, Mapping):
            stack.extend((v, (*at, k)) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, (*at, i)) for i, v in reversed(list(enumerate(value))))
    names = " and ".join(sorted(set(tokens)))
    places = ", ".join(where[:5]) or "the document"
    return finding(
        store_rules.ZARRAY_NON_FINITE,
        path,
        f".zarray: bare {names} at {places} is not JSON; the zarr v2 spec writes these"
        ' float values as the strings "NaN", "Infinity" and "-Infinity" (read anyway)',
        where[0] if where else "",
    )


def _moved(issue: Issue, path: str, key: str) -> Issue:
    """A finding of the document ``key`` parsed alone, placed on the node at ``path``."""
    return replace(issue, node=path, message=f"{key}: {issue.message}")
