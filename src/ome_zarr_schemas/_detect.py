"""Version and kind detection for one attributes document.

The version decides which rules apply, so it is found before anything else and any
assumption is reported: users meet `0.4`, `0.5`, floats and nulls in the wild and must be
told what was assumed and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._checks import Finding
from ._checks._util import objects, ptr
from .versions import KIND_KEYS, KINDS, SUPPORTED_VERSIONS, is_wrapped

_SUPPORTED_TEXT = ", ".join(SUPPORTED_VERSIONS)


@dataclass(frozen=True)
class Detection:
    """What a document is: its version (None when it cannot be validated) and kinds."""

    version: str | None
    kinds: tuple[str, ...] = ()
    ome: Mapping[str, Any] | None = None  # the OME-level mapping the kinds were read from
    base: str = ""  # pointer of the OME-level mapping inside the attributes
    findings: list[Finding] = field(default_factory=list)


def _kinds(ome: Mapping[str, Any]) -> tuple[str, ...]:
    present = {KIND_KEYS[key] for key in ome if key in KIND_KEYS}
    return tuple(k for k in KINDS if k in present)


def _block_versions(attrs: Mapping[str, Any]) -> set[object]:
    found: set[object] = set()
    for _, multiscale in objects(attrs.get("multiscales")):
        if "version" in multiscale:
            found.add(_key(multiscale["version"]))
    for key in ("plate", "well", "image-label"):
        block = attrs.get(key)
        if isinstance(block, Mapping) and "version" in block:
            found.add(_key(block["version"]))
    return found


def _key(value: object) -> object:
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def _describe(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    return f"{value!r} (a {type(value).__name__ if value is not None else 'null'}, not a string)"


def detect(attrs: Mapping[str, Any], forced: str | None = None) -> Detection:
    if forced is not None and forced not in SUPPORTED_VERSIONS:
        raise ValueError(f"unknown OME-Zarr version {forced!r}; supported: {_SUPPORTED_TEXT}")
    if "ome" in attrs:
        return _detect_wrapped(attrs, forced)
    if forced is not None and is_wrapped(forced):
        top = _kinds(attrs)
        hint = (
            f"; the top-level keys ({', '.join(repr(k) for k in attrs if k in KIND_KEYS)})"
            " look like OME-Zarr 0.4 metadata"
            if top
            else ""
        )
        return Detection(
            None,
            findings=[
                (
                    "ome.missing",
                    "",
                    f"OME-Zarr {forced} metadata lives under the"
                    f" attribute 'ome', which is missing{hint}",
                )
            ],
        )
    kinds = _kinds(attrs)
    findings: list[Finding] = []
    if forced is None and kinds and not _block_versions(attrs):
        findings.append(
            (
                "version.assumed",
                "",
                "no version is given (no 'ome' and no per-block"
                " 'version'), so the document was validated as OME-Zarr 0.4",
            )
        )
    version = forced or "0.4"
    if not kinds:
        findings.append(_no_metadata(attrs, version, ""))
    return Detection(version, kinds, attrs, "", findings)


def _detect_wrapped(attrs: Mapping[str, Any], forced: str | None) -> Detection:
    ome = attrs["ome"]
    if not isinstance(ome, Mapping):
        return Detection(
            None,
            findings=[("ome.structure", ptr("ome"), f"'ome' is an object, got {_describe(ome)}")],
        )
    findings: list[Finding] = []
    if forced is not None:
        version = forced
        if not is_wrapped(forced):
            return Detection(
                None,
                findings=[
                    (
                        "version.unknown",
                        ptr("ome"),
                        f"the attributes hold an 'ome' object, which OME-Zarr {forced} does not use"
                        " (its metadata is at the top level)",
                    )
                ],
            )
    elif "version" not in ome:
        version = "0.5"
        findings.append(
            (
                "version.assumed",
                ptr("ome"),
                "'ome' has no 'version', so the document was validated as OME-Zarr 0.5",
            )
        )
    else:
        declared = ome["version"]
        if not isinstance(declared, str) or declared not in SUPPORTED_VERSIONS:
            return Detection(
                None,
                findings=[
                    (
                        "version.unknown",
                        ptr("ome", "version"),
                        f"'ome.version' is {_describe(declared)};"
                        f" supported versions: {_SUPPORTED_TEXT}",
                    )
                ],
            )
        if not is_wrapped(declared):
            return Detection(
                None,
                findings=[
                    (
                        "version.unknown",
                        ptr("ome", "version"),
                        f"'ome.version' is {declared!r}, but OME-Zarr {declared} metadata is not"
                        " wrapped in 'ome'",
                    )
                ],
            )
        version = declared
    kinds = _kinds(ome)
    if not kinds:
        findings.append(_no_metadata(ome, version, ptr("ome")))
    return Detection(version, kinds, ome, ptr("ome"), findings)


def _no_metadata(ome: Mapping[str, Any], version: str, base: str) -> Finding:
    where = "in 'ome'" if base else "at the top level"
    found = ", ".join(repr(k) for k in list(ome)[:8]) or "nothing"
    keys = ", ".join(repr(k) for k in KIND_KEYS)
    return (
        "document.no-ome-metadata",
        base,
        f"no OME-Zarr group metadata {where} (found {found}); a group has one of {keys}",
    )
