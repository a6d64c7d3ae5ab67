"""JSON-Schema-first validation of OME-Zarr (OME-NGFF) metadata.

>>> from ome_zarr_schemas import validate_attributes
>>> report = validate_attributes({"ome": {"version": "0.5", "labels": ["cells"]}})
>>> report.valid
True
"""

from __future__ import annotations

from . import v04, v05, v06
from .collection import validate_many
from .errors import (
    GroupError,
    GroupNotFoundError,
    ImageGroupNotFoundError,
    LabelGroupNotFoundError,
    TargetNotFoundError,
    VersionMismatchError,
    WellGroupNotFoundError,
    WrongGroupKindError,
)
from .groups.base import ArraySpec
from .groups.plate import FieldImage
from .hierarchy import validate_store
from .issues import InvalidMetadataError, Issue, Report, Severity
from .models import ParsedAttributes, parse_attributes
from .rules import CATALOGUE, Rule, rules_for
from .spec.versions import KINDS, SUPPORTED_VERSIONS
from .validate import is_valid, iter_issues, validate_attributes

__all__ = [
    "CATALOGUE",
    "KINDS",
    "SUPPORTED_VERSIONS",
    "ArraySpec",
    "FieldImage",
    "GroupError",
    "GroupNotFoundError",
    "ImageGroupNotFoundError",
    "InvalidMetadataError",
    "Issue",
    "LabelGroupNotFoundError",
    "ParsedAttributes",
    "Report",
    "Rule",
    "Severity",
    "TargetNotFoundError",
    "VersionMismatchError",
    "WellGroupNotFoundError",
    "WrongGroupKindError",
    "is_valid",
    "iter_issues",
    "parse_attributes",
    "rules_for",
    "v04",
    "v05",
    "v06",
    "validate_attributes",
    "validate_many",
    "validate_store",
]

__version__ = "0.1.0"
