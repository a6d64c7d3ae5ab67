"""Finding things in a hierarchy being broken, for the hierarchy families of several concepts."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .hierarchy_registry import StoreTarget, family_bases


def last_level(draw: st.DrawFn, t: StoreTarget, image: str, m: int = 0) -> int:
    """A level whose loss leaves level 0 in place (level 0 when it is the only one)."""
    count = len(t.datasets(image, m))
    return draw(st.integers(1, count - 1)) if count > 1 else 0


def multiscale_index(draw: st.DrawFn, t: StoreTarget, image: str) -> int:
    ome = t.ome(image)
    assert ome is not None
    return draw(st.integers(0, len(ome["multiscales"]) - 1))


def level_arrays(t: StoreTarget) -> list[tuple[str, int, int, str]]:
    """(image, multiscale, level, array path) for every level array."""
    out = []
    for image in t.images():
        ome = t.ome(image)
        assert ome is not None
        for m in range(len(ome["multiscales"])):
            for k, (_, array) in enumerate(t.datasets(image, m)):
                out.append((image, m, k, array))
    return out


SCENE = family_bases(("scene",))


def scene_transforms(t: StoreTarget) -> list[dict[str, Any]]:
    root = t.ome("")
    assert root is not None
    transforms: list[dict[str, Any]] = root["scene"]["coordinateTransformations"]
    return transforms


def image_links(t: StoreTarget) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for image in t.images():
        ome = t.ome(image)
        assert ome is not None
        for transform in ome["multiscales"][0].get("coordinateTransformations", []):
            if isinstance(transform.get("output"), dict) and "path" in transform["output"]:
                out.append((image, transform))
    return out
