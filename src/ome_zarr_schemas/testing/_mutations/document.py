"""Mutation families of the document rules (`rules/document.py`): not an object, no kind key."""

from __future__ import annotations

from hypothesis import strategies as st

from ...spec.versions import KIND_KEYS
from .. import _attributes
from .registry import Target, family


@family("document.structure", *_attributes.KIND_NAMES)
def _not_an_object(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    # not a string: validate_attributes takes a str for a mistaken path (TypeError)
    t.document = draw(st.sampled_from([[], 3, None, True, [{"a": 1}]]))
    return "", "the attributes are not a JSON object"


_KEY_OF_KIND = {kind: key for key, kind in KIND_KEYS.items()}


@family("document.kind-key", *_attributes.KIND_NAMES)
def _kind_key_removed(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    del t.ome[_KEY_OF_KIND[t.kind]]
    t.group_schema = t.kind
    t.expected_kind = t.kind
    return t.ptr(), f"a {t.kind} document without its key, validated as a {t.kind}"


@family("document.no-ome-metadata", *_attributes.KIND_NAMES)
def _no_kind_key(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    for key in list(t.ome):
        if key in KIND_KEYS or key == "omero":
            del t.ome[key]
    return t.ptr(), "every kind key removed"
