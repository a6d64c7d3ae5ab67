"""OME-Zarr 0.4 group classes (thin: the behaviour is in `ome_zarr_schemas.groups`).

>>> from ome_zarr_schemas.v04 import Image
>>> Image.versions
('0.4',)
"""

from __future__ import annotations

from ..groups.base import ArraySpec
from ..groups.bioformats2raw import BaseBioFormats2Raw
from ..groups.image import BaseImage, BaseImageLabel, BaseLabels
from ..groups.plate import BaseHCS, BaseWell, FieldImage
from ..spec.versions import V04

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

VERSIONS = (V04.id,)


class ImageLabel(BaseImageLabel):
    """A label image group (under ``labels/``)."""

    versions = VERSIONS


class Labels(BaseLabels):
    """The ``labels`` group of an image."""

    versions = VERSIONS
    image_label_class = ImageLabel


class Image(BaseImage):
    """A multiscale image group."""

    versions = VERSIONS
    labels_class = Labels


class Well(BaseWell):
    """A well group of a plate."""

    versions = VERSIONS
    image_class = Image


class HCS(BaseHCS):
    """A plate group (high-content screening)."""

    versions = VERSIONS
    well_class = Well


class BioFormats2Raw(BaseBioFormats2Raw):
    """A bioformats2raw layout group."""

    versions = VERSIONS
    image_class = Image
