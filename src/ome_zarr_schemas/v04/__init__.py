"""OME-Zarr 0.4 group classes (thin: the behaviour is in `ome_zarr_schemas._groups`).

>>> from ome_zarr_schemas.v04 import Image
>>> Image.versions
('0.4',)
"""

from __future__ import annotations

from .._groups import (
    ArraySpec,
    BaseBioFormats2Raw,
    BaseHCS,
    BaseImage,
    BaseImageLabel,
    BaseLabels,
    BaseWell,
    FieldImage,
)

__all__ = [
    "HCS",
    "ArraySpec",
    "BioFormats2Raw",
    "FieldImage",
    "Image",
    "ImageLabel",
    "Labels",
    "Well",
]

VERSIONS = ("0.4",)


class Image(BaseImage):
    """A multiscale image group."""

    versions = VERSIONS


class ImageLabel(BaseImageLabel):
    """A label image group (under ``labels/``)."""

    versions = VERSIONS


class Labels(BaseLabels):
    """The ``labels`` group of an image."""

    versions = VERSIONS


class Well(BaseWell):
    """A well group of a plate."""

    versions = VERSIONS


class HCS(BaseHCS):
    """A plate group (high-content screening)."""

    versions = VERSIONS


class BioFormats2Raw(BaseBioFormats2Raw):
    """A bioformats2raw layout group."""

    versions = VERSIONS
