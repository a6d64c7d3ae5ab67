"""Shared helpers of the test suites: case files and the official corpora."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"


def corpus_root() -> Path | None:
    """The official conformance corpora: $OME_ZARR_CONFORMANCE, else ../shared/conformance."""
    given = os.environ.get("OME_ZARR_CONFORMANCE")
    candidates = [Path(given)] if given else []
    candidates.append(ROOT.parent / "shared" / "conformance")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def require_corpus(version: str) -> Path:
    """The corpus folder of ``version``, or skip (fail in CI, where it must be present)."""
    root = corpus_root()
    folder = root / f"ngff-{version}" if root else None
    if folder is None or not folder.is_dir():
        reason = (
            f"official ngff-{version} corpus not found: set OME_ZARR_CONFORMANCE to a folder"
            " holding ngff-<version>/ (e.g. ../shared/conformance)"
        )
        if os.environ.get("OME_ZARR_SCHEMAS_REQUIRE_CORPUS"):
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


@dataclass(frozen=True)
class Case:
    """One case of our suites: a document and the findings it must produce."""

    file: str
    description: str
    version: str  # the folder the case is in
    document: Any
    valid: bool
    strict: bool
    force_version: str | None
    errors: frozenset[tuple[str, str]]
    warnings: frozenset[tuple[str, str]] | None
    infos: frozenset[tuple[str, str]] | None

    @property
    def id(self) -> str:
        return f"{self.version}/{self.file}:{self.description}"


def _pairs(raw: Any) -> frozenset[tuple[str, str]]:
    return frozenset((rule, ptr) for rule, ptr in raw)


def iter_cases() -> Iterator[Case]:
    for path in sorted(CASES.glob("*/*.json")):
        suite = json.loads(path.read_text("utf-8"))
        for raw in suite["cases"]:
            yield Case(
                file=path.name,
                description=raw["description"],
                version=path.parent.name,
                document=raw["document"],
                valid=raw["valid"],
                strict=raw.get("strict", False),
                force_version=raw.get("version"),
                errors=_pairs(raw.get("errors", [])),
                warnings=_pairs(raw["warnings"]) if "warnings" in raw else None,
                infos=_pairs(raw["infos"]) if "infos" in raw else None,
            )
