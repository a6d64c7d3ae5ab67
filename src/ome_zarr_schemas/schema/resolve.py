"""``$ref`` resolution and rule annotations in the packaged schemas, read as plain JSON.

Wording a failure needs, besides the error itself, the deepest ``x-rule`` on the path the
validator took through ``$ref``\\ s (`rule_along`) and the annotation of the failing
subschema (`annotation`). Both come from the packaged documents alone, without a
``referencing`` registry: ``referencing`` (with attrs and rpds behind it) costs a
conformance case about 20 ms of start-up, and most invalid cases are worded from the
compiled engine's errors (`direct`), which never needs python-jsonschema.

The packaged schemas make this resolution small, and ``tests/test_schema_resolve.py``
holds them to it: each file has one ``$id``, at its top; there is no ``$anchor``, no
``$dynamicRef`` and no nested ``$id``; a ``$ref`` is a URI reference relative to its
file's ``$id`` with an optional JSON-pointer fragment. The same test walks every path
through every ``$ref`` and finds what ``referencing`` finds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from .registry import Annotation, packaged_document, reachable_annotations

__all__ = ["annotation", "lookup", "rule_along", "rule_along_by"]


def lookup(base: str, ref: str) -> tuple[str, Any]:
    """(the URI of the file, the node) that ``ref`` names, read from the file at ``base``,
    as ``referencing`` resolves it; `KeyError` when it names nothing packaged."""
    if ref.startswith("#"):
        uri, fragment = base, ref[1:]
    else:
        uri, fragment = urldefrag(urljoin(base, ref))
    node: Any = packaged_document(uri)
    if node is None:
        raise KeyError(f"no packaged schema {uri!r} (from {ref!r} in {base!r})")
    if fragment and not fragment.startswith("/"):
        raise KeyError(f"no anchors in the packaged schemas: {ref!r} in {base!r}")
    if fragment:
        for segment in unquote(fragment[1:]).split("/"):
            if isinstance(node, Sequence) and not isinstance(node, str):
                node = node[int(segment)]
            else:
                node = node[segment.replace("~1", "/").replace("~0", "~")]
    return uri, node


@lru_cache(maxsize=8192)
def rule_along(root: str, tokens: tuple[str | int, ...]) -> tuple[str, str | None] | None:
    """The deepest (x-rule, x-message) on the way from ``root`` along the schema path
    ``tokens``, through ``$ref``\\ s: the same for every error met on that path (cached: a
    document's errors, and the documents of a store, share their paths)."""
    return rule_along_by(lookup, root, tokens)


def rule_along_by(
    find: Callable[[str, str], tuple[str, Any]], root: str, tokens: tuple[str | int, ...]
) -> tuple[str, str | None] | None:
    """`rule_along` resolving each ``$ref`` with ``find`` (`lookup`; the test gives it
    ``referencing``'s, to show both find the same)."""
    base, node = find("", root)
    best: tuple[str, str | None] | None = None
    for token in [*tokens, None]:
        while isinstance(node, Mapping) and "$ref" in node and (token is None or token not in node):
            if isinstance(node.get("x-rule"), str):
                best = (node["x-rule"], node.get("x-message"))
            base, node = find(base, node["$ref"])
        if isinstance(node, Mapping) and isinstance(node.get("x-rule"), str):
            best = (node["x-rule"], node.get("x-message"))
        if token is None:
            break
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError):
            break
    return best


def annotation(root: str, subschema: object) -> Annotation | None:
    """The annotation of ``subschema``, one of the subschemas of the files ``root`` (a
    schema URI, its fragment ignored) reaches."""
    return reachable_annotations(root.partition("#")[0]).get(id(subschema))
