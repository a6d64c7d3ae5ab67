"""Label rules a schema cannot state: unique label paths and unique label values."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import Finding, check
from ._util import duplicates, mapping, objects, ptr


@check("labels", rules=("labels.unique-paths",))
def unique_label_paths(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    paths = ome.get("labels")
    if isinstance(paths, list):
        for index, first, path in duplicates(enumerate(paths)):
            yield (
                "labels.unique-paths",
                ptr("labels", index),
                f"label path {path!r} is already listed at index {first}",
            )


@check("label-image", rules=("image-label.unique-colors", "image-label.unique-properties"))
def unique_label_values(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    block = mapping(ome.get("image-label"))
    if block is None:
        return
    for key, rule in (
        ("colors", "image-label.unique-colors"),
        ("properties", "image-label.unique-properties"),
    ):
        entries = objects(block.get(key))
        values = ((i, e.get("label-value")) for i, e in entries)
        for index, first, value in duplicates(values):
            yield (
                rule,
                ptr("image-label", key, index, "label-value"),
                f"label value {value!r} already has an entry in '{key}' (index {first})",
            )
