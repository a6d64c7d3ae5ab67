"""Small helpers the document mutation families of several concepts share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

from ...spec.versions import V06_VERSIONS, get
from .registry import Target

IMAGE_KINDS = ("image", "label-image")


def index(draw: st.DrawFn, items: list[Any] | int) -> int:
    size = items if isinstance(items, int) else len(items)
    return draw(st.integers(0, size - 1))


def pick_multiscale(draw: st.DrawFn, t: Target) -> tuple[int, dict[str, Any]]:
    items = t.ome["multiscales"]
    m = index(draw, items)
    return m, items[m]


def non_object(draw: st.DrawFn) -> Any:
    return draw(st.sampled_from([[], "x", 3, None, True, [{"a": 1}]]))


def non_array(draw: st.DrawFn) -> Any:
    return draw(st.sampled_from([{}, "x", 3, None, {"0": "a"}]))


def not_a_list(draw: st.DrawFn, t: Target, key: str) -> tuple[str, str]:
    """Replace the list at ``key`` of the OME metadata by something else."""
    t.ome[key] = non_array(draw)
    return t.ptr(key), f"{key!r} is not a list"


def escaping_path(draw: st.DrawFn, t: Target, key: str, what: str) -> tuple[str, str]:
    """Append a path that is empty, absolute, escaping or no string to the list at ``key``."""
    paths = t.ome[key]
    paths.append(draw(st.sampled_from(ESCAPING_PATHS)))
    return t.ptr(key, len(paths) - 1), f"{what} {paths[-1]!r}"


def wrong_block_version(draw: st.DrawFn, t: Target, key: str) -> tuple[str, str]:
    """Give the object at ``key`` (plate, well, image-label) a 'version' wrong for ``t``."""
    values = ["0.5", "0.3", 0.4, None] if get(t.version).block_versions else [0.5, None, 5, ["0.5"]]
    t.ome[key]["version"] = draw(st.sampled_from(values))
    return t.ptr(key, "version"), f"a wrong {key} 'version'"


def empty_or_not_a_list(
    draw: st.DrawFn, t: Target, key: str, item: str, word: str
) -> tuple[str, str]:
    """Make the list ``item`` of the object at ``key`` empty, an object or the string ``word``."""
    t.ome[key][item] = draw(st.sampled_from([[], {}, word]))
    return t.ptr(key, item), f"{item!r} is empty or not a list"


ESCAPING_PATHS = ["", ".", "..", "../x", "a/../b", "/abs", "a//b", "a/", "./a", "a/.", 3, None]


def fresh_name(existing: Iterable[object], stem: str) -> str:
    """``stem`` + a number: a name not equal, ignoring case, to any existing one."""
    taken = {n.casefold() for n in existing if isinstance(n, str)}
    i = 0
    while f"{stem}{i}".casefold() in taken:
        i += 1
    return f"{stem}{i}"


def names_of(entries: list[dict[str, Any]]) -> list[str]:
    return [e["name"] for e in entries]


Json = dict[str, Any]
Tokens = tuple[str | int, ...]
V06 = V06_VERSIONS
HOSTS = (*IMAGE_KINDS, "scene")  # the kinds that hold transformations


def resize(vector: list[Any], n: int) -> list[Any]:
    return (vector + [1.0] * n)[:n]


def transform_lists(ms: dict[str, Any]) -> Iterable[list[dict[str, Any]]]:
    if "coordinateTransformations" in ms:
        yield ms["coordinateTransformations"]
    for dataset in ms["datasets"]:
        yield dataset["coordinateTransformations"]
