"""The `Rule` record of the catalogue and the one `Finding` shape every check emits.

A check never builds an `Issue` itself: it calls its rule's constant
(``WELL_EXISTS.finding(pointer, message)``), so a mistyped rule fails at import, and the
severity and spec link always come from the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..issues import Issue, Severity

__all__ = ["INFO", "SECTION", "SPEC_BASE", "E", "Finding", "Origin", "Rule", "W"]

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Who enforces a rule: a schema's ``x-rule``, a Python check of one document, version
#: detection (or reading a file), or a check across the groups of a store.
Origin = Literal["schema", "semantic", "detection", "hierarchy"]

SPEC_BASE = "https://ngff.openmicroscopy.org"

#: Spec section anchor for each rule area (the part of the id before the first dot).
SECTION = {
    "document": "",
    "ome": "",
    "version": "",
    "axes": "axes-md",
    "transforms": "trafo-md",
    "fields": "coordinates-displacements-md",
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


#: (rule id, version) -> the spec URL of its findings (rules and versions are few).
_SPEC_URLS: dict[tuple[str, str | None], str] = {}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a MUST (error), a SHOULD (warning) or a note (info).

    ``origin`` says who enforces the rule; ``semantic_in`` names the versions where a
    schema rule is enforced by Python instead, because that version's schemas cannot
    state it (0.6 moved the axes into coordinate systems, and only the datasets say which
    system the arrays use). `origin_in` gives the answer for one version.
    """

    id: str
    title: str
    severity: Severity
    origin: Origin
    decision: str | None = None
    versions: tuple[str, ...] | None = None  # None: every supported version
    semantic_in: tuple[str, ...] = ()

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    def origin_in(self, version: str) -> Origin:
        """Who enforces this rule in ``version``."""
        return "semantic" if version in self.semantic_in else self.origin

    def spec_url(self, version: str | None) -> str:
        """The spec section for this rule in the given version (the latest 0.5 if unknown;
        for a version rule, the site's list of versions: no one version's page fits).
        Worded once per (rule, version): every finding asks."""
        url = _SPEC_URLS.get((self.id, version))
        if url is None:
            url = _SPEC_URLS[self.id, version] = self._spec_url(version)
        return url

    def _spec_url(self, version: str | None) -> str:
        if version is None and self.area == "version":
            return f"{SPEC_BASE}/"
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

    def finding(
        self,
        pointer: str,
        message: str,
        *,
        node: str = "",
        related: tuple[str, ...] = (),
        version: str | None = None,
    ) -> Finding:
        """A finding of this rule, to be placed (node, pointer base, version) by the caller."""
        return Finding(self, pointer, message, node, related, version)

    def applies_to(self, version: str) -> bool:
        return self.versions is None or version in self.versions


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found: its rule, where (a pointer; for a document check relative to
    the OME-level mapping) and why; for a cross-group check also the node it is about,
    the related nodes and, when it differs from the hierarchy's, the version."""

    rule: Rule
    pointer: str
    message: str
    node: str = ""
    related: tuple[str, ...] = ()
    version: str | None = None

    def issue(
        self, version: str | None = None, *, node: str | None = None, base: str = ""
    ) -> Issue:
        """The `Issue`: ``version`` when the finding names none; ``node`` and ``base`` (the
        pointer of the OME-level mapping) place a document finding in its store."""
        return self.rule.issue(
            self.message,
            node=self.node if node is None else node,
            pointer=base + self.pointer,
            version=self.version or version,
            related=self.related,
        )
