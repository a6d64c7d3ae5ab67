"""Generation speed of the public strategies: valid documents (or whole hierarchies) per second.

Usage: python bench/strategies.py [--examples N] [--version V] [--kind K]

Each strategy is drawn N times through Hypothesis' own engine (generate phase only, no
database, no shrinking), the way a property test draws it; validation is not timed.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS
from ome_zarr_schemas.testing import (
    attributes,
    available,
    hierarchies,
    hierarchy_kinds,
    invalid_attributes,
    invalid_hierarchies,
)


def rate(strategy: st.SearchStrategy[Any], examples: int) -> tuple[int, float]:
    """(examples drawn, examples per second)."""
    drawn: list[Any] = []

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        drawn.append(value)

    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    return len(drawn), len(drawn) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--version")
    parser.add_argument("--kind")
    args = parser.parse_args()
    rows: list[tuple[str, st.SearchStrategy[Any]]] = []
    for version, kind in available():
        if (args.version or version) == version and (args.kind or kind) == kind:
            rows.append((f"attributes({version!r}, {kind!r})", attributes(version, kind)))
            rows.append(
                (f"invalid_attributes({version!r}, {kind!r})", invalid_attributes(version, kind))
            )
    for version in SUPPORTED_VERSIONS:  # whole stores, any root kind unless --kind
        if (args.version or version) == version and args.kind in (None, *hierarchy_kinds(version)):
            rows.append(
                (f"hierarchies({version!r}, {args.kind!r})", hierarchies(version, args.kind))
            )
            rows.append(
                (
                    f"invalid_hierarchies({version!r}, {args.kind!r})",
                    invalid_hierarchies(version, args.kind),
                )
            )
    print(f"{'strategy':<48} {'drawn':>6} {'per second':>11}")
    for label, strategy in rows:
        drawn, per_second = rate(strategy, args.examples)
        print(f"{label:<48} {drawn:>6} {per_second:>11.0f}")


if __name__ == "__main__":
    main()
