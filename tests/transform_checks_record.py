"""Records ``tests/golden/transform_checks_v06.json.gz``, the replay of
`tests/test_transform_checks.py`: documents drawn from ``ome_zarr_schemas.testing``
(valid 0.6 images, label images and scenes, mutations of them, and each mutation family
of the axes, coordinate-system, multiscales, scene and transformation rules) with the
findings every document check gives, in the order it gives them.

Recorded from main before issue 15's faster checks (commit 0e69793), the tree on the
path: ``PYTHONPATH=<main>/src python -m tests.transform_checks_record``. The documents
are stored, not drawn again by the test, so a change of the strategies does not change
what is compared. Imports only what main had.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from ome_zarr_schemas.rules._registry import checks_for
from ome_zarr_schemas.rules.version import detect
from ome_zarr_schemas.testing import attributes, families, invalid_attributes

GOLDEN = Path(__file__).parent / "golden" / "transform_checks_v06.json.gz"
VERSIONS = ("0.6.dev4", "0.6rc0")
KINDS = ("image", "label-image", "scene")
#: Areas of the rules whose mutation families are drawn one by one as well.
AREAS = ("axes", "coordinate-systems", "multiscales", "scene", "transforms")


def check_findings(document: Any) -> list[list[str]]:
    """[rule, pointer, message] of every document check, in the order they are made."""
    found: list[list[str]] = []
    if not isinstance(document, dict):
        return found  # not a document: validate_attributes detects nothing
    detection = detect(document, None)
    if detection is None or detection.version is None or detection.ome is None:
        return found  # a mutation of the version or the OME block: no check runs
    for registered in checks_for(tuple(detection.kinds)):
        for finding in registered.fn(detection.ome, detection.version):
            found.append([finding.rule.id, finding.pointer, finding.message])
    return found


#: Draws that are the same on every machine and every run.
_DERANDOMIZED = settings(
    suppress_health_check=list(HealthCheck), database=None, derandomize=True, deadline=None
)


def _draw(strategy: Any, count: int) -> list[Any]:
    """``count`` values of ``strategy``, derandomized."""
    kept: list[Any] = []

    @settings(_DERANDOMIZED, max_examples=count)
    @given(strategy)
    def keep(value: Any) -> None:
        kept.append(value)

    keep()
    return kept


def _drawn(valid: int, mutated: int, per_rule: int) -> Iterator[Any]:
    for version in VERSIONS:
        for kind in KINDS:
            yield from _draw(attributes(version, kind), valid)
            broken = invalid_attributes(version, kind).filter(lambda m: m.version is None)
            yield from _draw(broken.map(lambda m: m.document), mutated)
        for rule in sorted({f.rule for f in families(version) if f.rule.split(".")[0] in AREAS}):
            targeted = invalid_attributes(version, rule=rule)
            yield from _draw(targeted.map(lambda m: m.document), per_rule)


def record(valid: int = 80, mutated: int = 120, per_rule: int = 6) -> None:
    drawn = _drawn(valid, mutated, per_rule)
    cases = [{"document": d, "findings": check_findings(d)} for d in drawn]
    GOLDEN.write_bytes(gzip.compress(json.dumps(cases).encode(), 9, mtime=0))
    print(f"{len(cases)} documents, {sum(bool(c['findings']) for c in cases)} with findings")


if __name__ == "__main__":
    record(*map(int, sys.argv[1:4]))
