"""The `Rule` record of the catalogue (see `rules.py`) and the spec section of each area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .issues import Issue, Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

Origin = Literal["schema", "semantic", "detection", "hierarchy"]

SPEC_BASE = "https://ngff.openmicroscopy.org"

#: Spec section anchor for each rule area (the part of the id before the first dot).
SECTION = {
    "document": "",
    "ome": "",
    "version": "",
    "axes": "axes-md",
    "transforms": "trafo-md",
    "multiscales": "multiscale-md",
    "omero": "omero-md",
    "labels": "labels-md",
    "image-label": "label-md",
    "plate": "plate-md",
    "well": "well-md",
    "bioformats2raw": "bf2raw",
    "series": "bf2raw",
    "coordinate-systems": "coordinate-systems-md",
    "scene": "scene-md",
    "store": "",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a MUST (error), a SHOULD (warning) or a note (info)."""

    id: str
    title: str
    severity: Severity
    origin: Origin
    decision: str | None = None
    versions: tuple[str, ...] | None = None  # None: every supported version

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    def spec_url(self, version: str | None) -> str:
        """The spec section for this rule in the given version (the latest 0.5 if unknown)."""
        anchor = SECTION.get(self.area, "")
        page = f"{SPEC_BASE}/{version or '0.5'}/index.html"
        return f"{page}#{anchor}" if anchor else page

    def issue(
        self,
        message: str,
        *,
        node: str = "",
        pointer: str = "",
        version: str | None = None,
        keyword_location: str | None = None,
        related: tuple[str, ...] = (),
    ) -> Issue:
        """A finding of this rule, with the severity and spec link the catalogue gives it."""
        return Issue(
            rule=self.id,
            severity=self.severity,
            message=message,
            node=node,
            pointer=pointer,
            spec_url=self.spec_url(version),
            keyword_location=keyword_location,
            related=related,
        )

    def applies_to(self, version: str) -> bool:
        return self.versions is None or version in self.versions
