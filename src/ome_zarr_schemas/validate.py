"""Validate one attributes document (a plain dict): schema findings plus semantic rules.

No zarr here: this is what the store reader calls for every group, and what a user calls
with a dict already in memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from functools import cache
from types import ModuleType

from ._check_issues import check_issue
from ._quick import document_issues, quick_report
from ._valid import usual_report
from .issues import Issue, Report
from .rules import document
from .rules.version import Detection, detect
from .schema.engine import Failure

__all__ = ["is_valid", "iter_issues", "validate_attributes"]


def validate_attributes(
    attrs: object,
    *,
    version: str | None = None,
    strict: bool = False,
    node: str = "",
    kind: str | None = None,
) -> Report:
    """Validate a group's whole attributes mapping and return every finding.

    ``attrs`` is what a zarr group holds as attributes: ``{"ome": {...}}`` for 0.5, the
    blocks at the top level for 0.4. The version is detected unless ``version`` forces one.
    Every kind present (image, label image, labels, plate, well, bioformats2raw, series) is
    checked against its own schema, then by the semantic rules. ``kind`` ("plate", ...)
    is the kind the group must have: a ``document.kind-key`` finding when it has not.
    ``strict`` makes SHOULD findings (warnings) count against validity.

    A ``str`` or ``Path`` raises `TypeError`: it is almost always a store meant for
    `validate_store`, and as a document it would only be "not an object".
    """
    if type(attrs) is dict and version is None and kind is None:  # `validate_loaded`'s
        found = usual_report(attrs, strict, node, check_issue)  # first steps
        if isinstance(found, Report):  # a plain class: no ABC check
            return found
        quick = (
            None
            if found is None
            else quick_report(attrs, strict, node, False, _explained_directly, found)
        )
        return _report(attrs, version, strict, node, kind, False) if quick is None else quick
    _refuse_path(attrs, "validate_attributes")
    return validate_loaded(attrs, version=version, strict=strict, node=node, kind=kind)


def validate_loaded(
    attrs: object,
    *,
    version: str | None = None,
    strict: bool = False,
    node: str = "",
    kind: str | None = None,
    parsed: int = False,
) -> Report:
    """`validate_attributes` of any value loaded from JSON, a string included (reported as
    attributes that are not an object): what the store reader and the CLI call.
    ``parsed``: ``attrs`` is what a JSON parser returned (plain dicts, lists, strings and
    numbers: the compiled engine need not look for Python-only values); `engine.FINITE`:
    and its reader proved every number finite (`store.nodes.Node.finite`)."""
    if type(attrs) is dict and version is None and kind is None:  # the usual document
        found = usual_report(attrs, strict, node, check_issue)
        if isinstance(found, Report):  # a plain class: no ABC check
            return found
        if found is not None:
            quick = quick_report(attrs, strict, node, parsed, _explained_directly, found)
            if quick is not None:
                return quick
    return _report(attrs, version, strict, node, kind, parsed)


def _report(
    attrs: object, version: str | None, strict: bool, node: str, kind: str | None, parsed: int
) -> Report:
    """`validate_loaded` by the general path, for any value and any arguments."""
    detection = _detect_document(attrs, version)
    issues = list(_issues(attrs, detection, node, parsed=parsed))
    if kind is not None:
        issues = with_expected_kind(issues, document.expected_kind(kind), detection, node)
    return Report.from_issues(
        issues,
        strict=strict,
        version=detection.version if detection else None,
        kinds=detection.kinds if detection else (),
    )


def with_expected_kind(
    issues: list[Issue], kind: str, detection: Detection | None, node: str
) -> list[Issue]:
    """``issues`` of a document that must be of ``kind``: a document.kind-key finding
    when it is not, which replaces "no OME-Zarr metadata" (the more specific finding)."""
    held = detection.kinds if detection is not None else ()
    if kind in held or detection is None:  # not a mapping: document.structure says so
        return issues
    kept = [i for i in issues if i.rule != document.NO_OME_METADATA.id]
    pointer = detection.base
    kept.append(
        document.not_of_kind(kind, held, node=node, pointer=pointer, version=detection.version)
    )
    return kept


def iter_issues(attrs: object, *, version: str | None = None, node: str = "") -> Iterator[Issue]:
    """The findings of `validate_attributes`, unsorted, as they are produced."""
    _refuse_path(attrs, "iter_issues")
    yield from _issues(attrs, _detect_document(attrs, version), node)


def is_valid(attrs: object, *, version: str | None = None, strict: bool = False) -> bool:
    """Whether `validate_attributes` finds the attributes valid (a path raises `TypeError`:
    ``validate_store(path).valid`` answers for a store)."""
    _refuse_path(attrs, "is_valid")
    return validate_loaded(attrs, version=version, strict=strict).valid


def _refuse_path(attrs: object, caller: str) -> None:
    """A path given for attributes would be validated as a document and called invalid,
    even for a valid store: say which function takes a store instead."""
    if type(attrs) is dict:  # the usual answer, without an ABC check
        return
    if isinstance(attrs, str | os.PathLike):
        raise TypeError(
            f"{caller}() takes a group's attributes (a mapping such as {{'ome': {{...}}}}),"
            f" not a path or URL ({attrs!r}): use validate_store({str(attrs)!r}) to validate"
            " a store"
        )


def _detect_document(attrs: object, version: str | None) -> Detection | None:
    if type(attrs) is not dict and not isinstance(attrs, Mapping):
        return None
    return detect(attrs, version)


def _explained(attrs: object, version: str, failing: list[Failure], node: str) -> list[Issue]:
    """The reference engine's findings of the failing schema passes (python-jsonschema,
    imported only when a document needs explaining), each focused on the places the
    compiled engine found its errors."""
    from .schema.alike import shared_keys
    from .schema.findings import schema_issues
    from .schema.focus import focused, on_the_way

    found: list[Issue] = []
    with shared_keys():  # the passes over one long list compute its item keys once
        for failure in failing:
            locations = failure.locations
            keep = None if locations is None else on_the_way(attrs, locations)
            with focused(keep):
                found.extend(schema_issues(attrs, version, failure.kind, failure.level, node))
    return found


def _explained_directly(
    attrs: object, version: str, failing: list[Failure], node: str
) -> list[Issue]:
    """The findings of the failing passes, each from the compiled engine's own errors
    where `schema.direct` can word them, else from the reference engine (`_explained`):
    pass by pass, in the reference engine's order."""
    explain = _direct().explain
    found: list[Issue] = []
    for failure in failing:
        direct = explain(attrs, version, failure, node)
        found.extend(_explained(attrs, version, [failure], node) if direct is None else direct)
    return found


@cache
def _direct() -> ModuleType:
    """`schema.direct`, imported at the first document to explain (a valid one needs
    none), then at the cost of a call (an import statement costs a microsecond each time)."""
    from .schema import direct

    return direct


def _issues(
    attrs: object, detection: Detection | None, node: str, *, parsed: int = False
) -> Iterator[Issue]:
    if detection is None:
        from .schema.findings import typename

        yield document.STRUCTURE.issue(
            f"group attributes are a JSON object, got {typename(attrs)}", node=node
        )
        return
    version = detection.version
    for finding in detection.findings:
        yield check_issue(finding, version, node)
    if version is None or detection.ome is None:
        return
    kinds = tuple(detection.kinds)
    yield from document_issues(
        attrs, version, kinds, detection.ome, detection.base, node, parsed, _explained_directly
    )
