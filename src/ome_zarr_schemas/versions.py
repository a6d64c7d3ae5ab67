"""The OME-Zarr versions and group kinds this package knows, and how each is recognised."""

from __future__ import annotations

__all__ = [
    "KINDS",
    "KIND_KEYS",
    "KIND_VERSIONS",
    "SUPPORTED_VERSIONS",
    "UNRELEASED_VERSIONS",
    "V06_VERSIONS",
    "WRAPPED_VERSIONS",
    "is_wrapped",
    "kinds_for",
]

#: Versions with their own schemas, oldest first.
SUPPORTED_VERSIONS: tuple[str, ...] = ("0.4", "0.5", "0.6.dev4", "0.6rc0")

#: Versions whose metadata lives under the attribute 'ome' (with 'ome.version').
WRAPPED_VERSIONS: frozenset[str] = frozenset({"0.5", "0.6.dev4", "0.6rc0"})

#: The 0.6 drafts, oldest first; the last one validates the unreleased version string "0.6".
V06_VERSIONS: tuple[str, ...] = ("0.6.dev4", "0.6rc0")

#: Version strings written by some tools although no such version is released, and the
#: version whose rules are used for them.
UNRELEASED_VERSIONS: dict[str, str] = {"0.6": "0.6rc0"}

#: Group kinds, in the order their findings are reported.
KINDS: tuple[str, ...] = (
    "image",
    "label-image",
    "labels",
    "plate",
    "well",
    "bioformats2raw",
    "series",
    "scene",
)

#: Kinds that exist only in some versions (every other kind exists in all of them).
KIND_VERSIONS: dict[str, tuple[str, ...]] = {"scene": V06_VERSIONS}

#: The key that marks each kind (in the attributes for 0.4, in 'ome' for 0.5+).
KIND_KEYS: dict[str, str] = {
    "multiscales": "image",
    "image-label": "label-image",
    "labels": "labels",
    "plate": "plate",
    "well": "well",
    "bioformats2raw.layout": "bioformats2raw",
    "series": "series",
    "scene": "scene",
}


def kinds_for(version: str) -> tuple[str, ...]:
    """The group kinds defined in ``version``."""
    return tuple(k for k in KINDS if version in KIND_VERSIONS.get(k, (version,)))


def is_wrapped(version: str) -> bool:
    return version in WRAPPED_VERSIONS
