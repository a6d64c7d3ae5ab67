"""Exceptions of the group classes (`ome_zarr_schemas.v04`, `v05`, `v06`).

Invalid metadata is never one of these: it is `InvalidMetadataError`, which carries the
full `Report`. These say that valid metadata is not what the caller asked for::

    ValueError
    ├── InvalidMetadataError          (issues.py) a MUST rule is broken; .report has all
    └── GroupError                    the group is valid but not usable for this call
        ├── WrongGroupKindError       e.g. Image.from_zarr on a plate
        └── VersionMismatchError      e.g. v04.Image.from_zarr on a 0.5 image
    LookupError
    └── GroupNotFoundError            a group named by the metadata is not in the store
        ├── TargetNotFoundError       from_zarr: nothing (readable) at the target itself
        ├── WellGroupNotFoundError    HCS.get_well_group
        ├── LabelGroupNotFoundError   Labels.get_image_labels_group
        └── ImageGroupNotFoundError   Well / BioFormats2Raw / Scene image look-ups
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .issues import Report

__all__ = [
    "GroupError",
    "GroupNotFoundError",
    "ImageGroupNotFoundError",
    "LabelGroupNotFoundError",
    "TargetNotFoundError",
    "VersionMismatchError",
    "WellGroupNotFoundError",
    "WrongGroupKindError",
]


class GroupError(ValueError):
    """The group's metadata is valid but does not fit the class or call."""


class WrongGroupKindError(GroupError):
    """The group holds other OME-Zarr kinds than the class reads."""


class VersionMismatchError(GroupError):
    """The group is of another OME-Zarr version than the module's classes."""


class GroupNotFoundError(LookupError):
    """A group the metadata names is absent (allowed: plates may be sparse)."""


class TargetNotFoundError(GroupNotFoundError):
    """``from_zarr``'s target has no zarr metadata, or it could not be read: nothing was
    validated, so this is not `InvalidMetadataError`. ``report`` says what was tried."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


class WellGroupNotFoundError(GroupNotFoundError):
    """A well listed in the plate has no group in the store."""


class LabelGroupNotFoundError(GroupNotFoundError):
    """A label listed in the labels group has no group in the store."""


class ImageGroupNotFoundError(GroupNotFoundError):
    """An image listed by a well, bioformats2raw layout or scene has no group."""
