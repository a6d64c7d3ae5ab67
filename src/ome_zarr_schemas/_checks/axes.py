"""Axis rules a schema cannot state: unique names and the z, y, x convention."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..spec.versions import V06_VERSIONS
from . import Finding, check
from ._util import duplicates, objects, ptr


@check("image", rules=("axes.unique-names", "axes.zyx-order"))
def axes_of_multiscales(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    if version in V06_VERSIONS:
        # 0.6 moved the axes into coordinate systems (coordinate_systems.py checks them);
        # a multiscale's 'axes' key is then an unknown key, which carries no rules
        return
    for m, multiscale in objects(ome.get("multiscales")):
        axes = list(objects(multiscale.get("axes")))
        for index, first, name in duplicates((i, a.get("name")) for i, a in axes):
            yield (
                "axes.unique-names",
                ptr("multiscales", m, "axes", index, "name"),
                f"duplicate axis name {name!r} (also axis {first})",
            )
        space = [(i, a.get("name")) for i, a in axes if a.get("type") == "space"]
        names = [n for _, n in space]
        if sorted(n for n in names if isinstance(n, str)) == ["x", "y", "z"] and names != [
            "z",
            "y",
            "x",
        ]:
            yield (
                "axes.zyx-order",
                ptr("multiscales", m, "axes"),
                f"the space axes are ordered {', '.join(map(str, names))}; the spec recommends"
                " z, y, x",
            )
