"""JSON-Schema-first validation of OME-Zarr (OME-NGFF) metadata.

>>> from ome_zarr_schemas import validate_attributes
>>> report = validate_attributes({"ome": {"version": "0.5", "labels": ["cells"]}})
>>> report.valid
True
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import errors as _errors

if TYPE_CHECKING:
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

#: Where each public name lives: imported on first use (PEP 562), so that the command
#: line's ``--version`` or a conformance run on one document loads only what it needs.
_HOMES = {
    "v04": ".v04",
    "v05": ".v05",
    "v06": ".v06",
    **dict.fromkeys(_errors.__all__, ".errors"),  # every error class, all light
    "ArraySpec": ".groups.base",
    "FieldImage": ".groups.plate",
    "validate_store": ".hierarchy",
    "validate_many": ".collection",
    **dict.fromkeys(["InvalidMetadataError", "Issue", "Report", "Severity"], ".issues"),
    **dict.fromkeys(["ParsedAttributes", "parse_attributes"], ".models"),
    **dict.fromkeys(["CATALOGUE", "Rule", "rules_for"], ".rules"),
    **dict.fromkeys(["KINDS", "SUPPORTED_VERSIONS"], ".spec.versions"),
    **dict.fromkeys(["is_valid", "iter_issues", "validate_attributes"], ".validate"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module(home, __name__)
    value = module if home == f".{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
