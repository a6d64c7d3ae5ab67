"""The 0.6 coordinate-system and transformation checks, made faster for issue 15, find
exactly what they found before.

Two proofs:

- a replay: documents drawn from ``ome_zarr_schemas.testing`` (valid 0.6 images, label
  images and scenes, and mutations of them) with the findings every document check gave
  on main before the change (commit 0e69793), in the order it gave them, stored in
  ``tests/golden/transform_checks_v06.json.gz`` (stored, not regenerated: a change of the
  strategies must not change what is compared). ``python tests/test_transform_checks.py``
  records the file again from the checks of the tree it runs on;
- live Hypothesis properties: the shortcut for a transformation with nothing nested in it
  gives what the general walker gives, on every transformation drawn.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas.rules._registry import checks_for
from ome_zarr_schemas.rules.version import detect

GOLDEN = Path(__file__).parent / "golden" / "transform_checks_v06.json.gz"
VERSIONS = ("0.6.dev4", "0.6rc0")
KINDS = ("image", "label-image", "scene")


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


#: Areas of the rules whose mutation families are drawn one by one as well.
AREAS = ("axes", "coordinate-systems", "multiscales", "scene", "transforms")


def _drawn(valid: int, mutated: int, per_rule: int) -> Iterator[Any]:
    """The recorded documents: derandomized draws (the same on every machine)."""
    from hypothesis import HealthCheck, given, settings

    from ome_zarr_schemas.testing import attributes, families, invalid_attributes

    def draw(strategy: Any, count: int) -> list[Any]:
        found: list[Any] = []

        @settings(
            max_examples=count,
            database=None,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def collect(value: Any) -> None:
            found.append(value)

        collect()
        return found

    for version in VERSIONS:
        for kind in KINDS:
            yield from draw(attributes(version, kind), valid)
            broken = invalid_attributes(version, kind).filter(lambda m: m.version is None)
            yield from draw(broken.map(lambda m: m.document), mutated)
        for rule in sorted({f.rule for f in families(version) if f.rule.split(".")[0] in AREAS}):
            targeted = invalid_attributes(version, rule=rule)
            yield from draw(targeted.map(lambda m: m.document), per_rule)


def record(valid: int = 80, mutated: int = 120, per_rule: int = 6) -> None:
    drawn = _drawn(valid, mutated, per_rule)
    cases = [{"document": d, "findings": check_findings(d)} for d in drawn]
    GOLDEN.write_bytes(gzip.compress(json.dumps(cases).encode(), 9, mtime=0))
    print(f"{len(cases)} documents, {sum(bool(c['findings']) for c in cases)} with findings")


def _cases() -> list[dict[str, Any]]:
    if not GOLDEN.exists():  # only while recording: the coverage test fails without it
        return []
    return list(json.loads(gzip.decompress(GOLDEN.read_bytes())))


CASES = _cases()


def test_the_recording_covers_the_checks() -> None:
    """The replay means something: many documents, findings of the rules changed."""
    rules = {f[0] for case in CASES for f in case["findings"]}
    assert len(CASES) >= 1700
    assert {
        "coordinate-systems.reference",
        "coordinate-systems.connected",
        "coordinate-systems.unique-names",
        "multiscales.intrinsic-system",
        "multiscales.transform-intrinsic",
        "transforms.dimensions",
    } <= rules


@pytest.mark.parametrize("start", range(0, len(CASES), 100))
def test_checks_find_what_they_found_before(start: int) -> None:
    for case in CASES[start : start + 100]:
        assert check_findings(case["document"]) == case["findings"], case["document"]


if __name__ == "__main__":
    record(*map(int, sys.argv[1:4]))
