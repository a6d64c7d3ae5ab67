"""`schema.resolve` reads ``$ref``\\ s as ``referencing`` does, without it.

Wording a failure resolves the ``$ref``\\ s on the validator's path in the packaged
documents themselves (a conformance case then never imports ``referencing``). That is
right only while the packaged schemas stay simple (one ``$id`` per file, at its top; no
anchors, no dynamic references), and only if it finds what ``referencing`` finds: every
``$ref`` of every file, and the rule along every path from every group schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from referencing import Registry

from ome_zarr_schemas.schema.registry import (
    group_schema_uri,
    reachable_documents,
    schema_documents,
    schema_set,
)
from ome_zarr_schemas.schema.resolve import annotation, lookup, rule_along, rule_along_by
from ome_zarr_schemas.spec.versions import KINDS, SUPPORTED_VERSIONS

#: Keywords that would make a plain-JSON resolution differ from referencing's.
UNSUPPORTED = {"$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor"}

ROOTS = [
    f"{uri}{fragment}"
    for version in SUPPORTED_VERSIONS
    for kind in KINDS
    if (uri := group_schema_uri(version, kind)) in schema_documents()
    for fragment in ("", "#/$defs/Recommended")
]


def _nodes(node: object, top: bool = True) -> Iterator[tuple[Mapping[str, Any], bool]]:
    """Every mapping in ``node``, and whether it is the document itself."""
    if isinstance(node, Mapping):
        yield node, top
        for value in node.values():
            yield from _nodes(value, False)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value, False)


def test_the_packaged_schemas_need_no_more_than_plain_resolution() -> None:
    for uri, document in schema_documents().items():
        assert document["$id"] == uri
        for node, top in _nodes(document):
            assert not UNSUPPORTED & node.keys(), uri
            assert top or not isinstance(node.get("$id"), str), uri
            ref = node.get("$ref")
            assert ref is None or "#" not in ref or ref.partition("#")[2][:1] in {"", "/"}, ref


def test_every_ref_names_what_referencing_finds() -> None:
    registry = schema_set().registry
    checked = 0
    for uri, document in schema_documents().items():
        for node, _ in _nodes(document):
            ref = node.get("$ref")
            if not isinstance(ref, str):
                continue
            expected_uri, expected = _referencing_lookup(registry)(uri, ref)
            found_uri, found = lookup(uri, ref)
            assert found is expected and found_uri == expected_uri, (uri, ref)
            checked += 1
    assert checked > 300


def test_a_ref_to_nothing_packaged_is_a_key_error() -> None:
    uri = group_schema_uri("0.5", "image")
    with pytest.raises(KeyError):
        lookup(uri, "nowhere.schema.json")
    with pytest.raises(KeyError):
        lookup(uri, "#/$defs/nothing")
    with pytest.raises(KeyError):
        lookup(uri, "#anchor")


def _referencing_lookup(registry: Registry[Any]) -> Callable[[str, str], tuple[str, Any]]:
    """`lookup` as ``referencing`` answers it: (the base URI it moves to, the node)."""

    def find(base: str, ref: str) -> tuple[str, Any]:
        resolved = registry.resolver(base_uri=base).lookup(ref)
        return resolved.resolver._base_uri, resolved.contents

    return find


def _paths(root: str) -> Iterator[tuple[str | int, ...]]:
    """Schema paths from ``root`` as a validator reports them (``$ref`` followed, not
    named), reaching every subschema once, and one step past each (a missing key)."""
    seen: set[int] = set()
    todo: list[tuple[str, Any, tuple[str | int, ...]]] = [(*lookup("", root), ())]
    while todo:
        base, node, tokens = todo.pop()
        while isinstance(node, Mapping) and "$ref" in node:
            yield tokens
            for key, value in node.items():
                if key != "$ref":
                    todo.append((base, value, (*tokens, key)))
            base, node = lookup(base, node["$ref"])
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield tokens
        yield (*tokens, "no-such-keyword")
        if isinstance(node, Mapping):
            todo.extend((base, value, (*tokens, key)) for key, value in node.items())
        elif isinstance(node, list):
            todo.extend((base, value, (*tokens, i)) for i, value in enumerate(node))


@pytest.mark.parametrize("root", ROOTS)
def test_the_rule_along_every_path_is_referencing_s(root: str) -> None:
    find = _referencing_lookup(schema_set(root).registry)
    paths = list(_paths(root))
    assert len(paths) >= 6  # the root, its keywords, one step past each
    for tokens in paths:
        assert rule_along(root, tokens) == rule_along_by(find, root, tokens), tokens


@pytest.mark.parametrize("root", ROOTS[:2])
def test_every_subschema_reached_has_its_annotation(root: str) -> None:
    reached = reachable_documents(frozenset({root.partition("#")[0]}))
    expected = schema_set().annotations  # every file indexed, apart from this set
    count = 0
    for uri, document in reached.items():
        for node, _ in _nodes(document):
            found = annotation(root, node)
            assert found is not None and found == expected[id(node)], uri
            assert found.location.startswith(f"{uri}#")
            count += 1
    assert count == len(schema_set(root).annotations)
