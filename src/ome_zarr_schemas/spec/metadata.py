"""Where a group's OME-Zarr metadata is: one answer for the walk, the checks, the group
classes and ``info``.

The answer is version detection's (`rules.version.detect`, the source of truth of verdicts):
when the attributes hold the key 'ome' the metadata is that object (0.5 and later) and
nothing else: an 'ome' that is not an object means no OME-Zarr metadata, even if kind
keys sit beside it (``{"ome": "x", "multiscales": [...]}`` is no image, and its datasets
are not followed). Without 'ome' the attributes themselves are the metadata (0.4).
A known version narrows this the way a forced version does in detection: a wrapped
version needs 'ome', 0.4 (what zarr v2 implies) refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .versions import KIND_KEYS, Version, get

__all__ = ["OME_KEY", "ome_block", "ome_group"]

#: The attribute that holds the metadata of wrapped versions (0.5 and later).
OME_KEY = "ome"


def ome_block(
    attrs: object, version: Version | str | None = None
) -> tuple[Mapping[str, Any] | None, tuple[str, ...]]:
    """(the OME-level mapping, the pointer tokens of that mapping in ``attrs``).

    The mapping is None when ``attrs`` hold no OME-Zarr metadata; the tokens then say
    where it was looked for (``("ome",)`` when the key 'ome' is there but unusable).
    Whether the mapping holds a known kind is a separate question
    (`Version.kinds_in`): like detection, a 0.4 document without kind keys still
    yields its attributes. ``version`` is the version the caller already knows (zarr v2
    means 0.4), as `validate_attributes`'s ``version`` forces one.
    """
    if type(attrs) is not dict and not isinstance(attrs, Mapping):  # the usual dict first
        return None, ()
    known = get(version) if version is not None else None
    if OME_KEY in attrs:
        ome = attrs[OME_KEY]
        usable = (type(ome) is dict or isinstance(ome, Mapping)) and (
            known is None or known.wrapped
        )
        return (ome if usable else None), (OME_KEY,)
    if known is not None and known.wrapped:
        return None, ()
    return attrs, ()


def ome_group(
    attrs: object, version: Version | str | None = None
) -> tuple[Mapping[str, Any] | None, tuple[str, ...]]:
    """`ome_block` for a group of a store, where most groups are plain zarr groups: the
    attributes of a group without 'ome' are OME metadata only when they hold a kind key
    (of any version). The store walk follows, and the store check validates, these groups.
    """
    ome, base = ome_block(attrs, version)
    if ome is not None and not base and not any(key in ome for key in KIND_KEYS):
        return None, base
    return ome, base
