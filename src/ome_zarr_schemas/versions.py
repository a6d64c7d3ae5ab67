"""The OME-Zarr versions and group kinds this package knows, and how each is recognised."""

from __future__ import annotations

#: Versions with their own schemas, oldest first.
SUPPORTED_VERSIONS: tuple[str, ...] = ("0.4", "0.5")

#: Versions whose metadata lives under the attribute 'ome' (with 'ome.version').
WRAPPED_VERSIONS: frozenset[str] = frozenset({"0.5"})

#: Group kinds, in the order their findings are reported.
KINDS: tuple[str, ...] = (
    "image",
    "label-image",
    "labels",
    "plate",
    "well",
    "bioformats2raw",
    "series",
)

#: The key that marks each kind (in the attributes for 0.4, in 'ome' for 0.5+).
KIND_KEYS: dict[str, str] = {
    "multiscales": "image",
    "image-label": "label-image",
    "labels": "labels",
    "plate": "plate",
    "well": "well",
    "bioformats2raw.layout": "bioformats2raw",
    "series": "series",
}


def kinds_for(version: str) -> tuple[str, ...]:
    """The group kinds defined in ``version``."""
    return KINDS


def is_wrapped(version: str) -> bool:
    return version in WRAPPED_VERSIONS
