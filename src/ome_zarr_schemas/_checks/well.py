"""Well rules a schema cannot state: unique field paths."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import Finding, check
from ._util import duplicates, mapping, objects, ptr


@check("well", rules=("well.unique-image-paths",))
def unique_image_paths(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    well = mapping(ome.get("well"))
    if well is None:
        return
    paths = ((i, img.get("path")) for i, img in objects(well.get("images")))
    for index, first, path in duplicates(paths):
        yield (
            "well.unique-image-paths",
            ptr("well", "images", index, "path"),
            f"field path {path!r} is already used (field {first})",
        )
