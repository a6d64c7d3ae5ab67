"""Valid attributes documents: a registry of block strategies keyed by (version, kind).

A kind's strategy yields the OME-level keys of one group (for example ``{"multiscales":
[...], "omero": {...}}``); `attributes` wraps them the way the version stores them
(top level in 0.4, under ``ome`` with ``ome.version`` in 0.5+). A new version or kind is
one `register_kind` call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from ..spec.versions import BEFORE_V06_VERSIONS, KIND_KEYS, V06_VERSIONS, is_wrapped, kinds_for
from . import _bioformats2raw, _labels, _multiscales, _multiscales_v06, _plate, _scene, _values

BlocksStrategy = Callable[[str], st.SearchStrategy[dict[str, Any]]]

_REGISTRY: dict[tuple[str, str], BlocksStrategy] = {}


def register_kind(version: str, kind: str, blocks: BlocksStrategy) -> None:
    """Make ``attributes(version, kind)`` available; ``blocks(version)`` yields OME-level keys."""
    _REGISTRY[(version, kind)] = blocks


def available() -> tuple[tuple[str, str], ...]:
    """The (version, kind) pairs `attributes` can generate, in registration order."""
    return tuple(_REGISTRY)


def _pairs(version: str | None, kind: str | None) -> list[tuple[str, str]]:
    pairs = [
        (v, k)
        for v, k in _REGISTRY
        if (version is None or v == version) and (kind is None or k == kind)
    ]
    if not pairs:
        known = ", ".join(f"{v}/{k}" for v, k in _REGISTRY)
        raise ValueError(f"no strategy for version={version!r} kind={kind!r}; known: {known}")
    return pairs


#: Keys beside the OME metadata that readers must ignore (never a kind key or 'omero').
_EXTRA_KEYS = st.sampled_from(["_creator", "x-acquisition", "ñotes", "@context"])


@st.composite
def _extras(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.integers(0, 4)) < 4:
        return {}
    return draw(st.dictionaries(_EXTRA_KEYS, _values.json_value(max_leaves=3), max_size=2))


@st.composite
def document(draw: st.DrawFn, version: str, kind: str) -> dict[str, Any]:
    """One valid attributes document of ``kind`` in ``version``."""
    blocks = draw(_REGISTRY[(version, kind)](version))
    extras = draw(_extras())
    assert not set(extras) & (set(KIND_KEYS) | {"omero", "ome"})
    if is_wrapped(version):
        return {"ome": {"version": version, **blocks}, **extras}
    return {**blocks, **extras}


def attributes(
    version: str | None = None, kind: str | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid attributes documents of ``version`` and ``kind`` (any registered one if None)."""
    pairs = _pairs(version, kind)
    if len(pairs) == 1:
        return document(*pairs[0])
    return st.sampled_from(pairs).flatmap(lambda pair: document(*pair))


_KINDS: dict[str, BlocksStrategy] = {
    "image": _multiscales.image_blocks,
    "label-image": _labels.label_image_blocks,
    "labels": _labels.labels_blocks,
    "plate": _plate.plate_blocks,
    "well": _plate.well_blocks,
    "bioformats2raw": _bioformats2raw.bioformats2raw_blocks,
    "series": _bioformats2raw.series_blocks,
}

#: The kinds 0.4 and 0.5 define.
KIND_NAMES: tuple[str, ...] = tuple(_KINDS)

for _version in BEFORE_V06_VERSIONS:
    for _kind, _blocks in _KINDS.items():
        register_kind(_version, _kind, _blocks)

#: Kinds whose blocks 0.6 keeps as in 0.5 (0.6 widens well field paths, which the 0.5
#: strategy's alphanumeric paths still meet). Image, label image and scene change in 0.6.
UNCHANGED_IN_06: tuple[str, ...] = ("labels", "plate", "well", "bioformats2raw", "series")

_KINDS_06: dict[str, BlocksStrategy] = {
    "image": _multiscales_v06.image_blocks,
    "label-image": _multiscales_v06.label_image_blocks,
    "scene": _scene.scene_blocks,
}

for _version in V06_VERSIONS:
    for _kind in kinds_for(_version):
        register_kind(_version, _kind, _KINDS_06.get(_kind) or _KINDS[_kind])
