"""OME-Zarr 0.6 group classes (0.6.dev4 and 0.6rc0; the behaviour is in `_groups`).

>>> from ome_zarr_schemas.v06 import Image
>>> Image.versions
('0.6.dev4', '0.6rc0')
"""

from __future__ import annotations

from .._groups import (
    ArraySpec,
    BaseBioFormats2Raw,
    BaseHCS,
    BaseImage,
    BaseImageLabel,
    BaseLabels,
    BaseScene,
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
    "Scene",
    "Well",
]

VERSIONS = ("0.6.dev4", "0.6rc0")


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


class Scene(BaseScene):
    """A scene group: coordinate systems linking images."""

    versions = VERSIONS
