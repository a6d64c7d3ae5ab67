"""The comparison run: ome-zarr-models 1.7 walking a whole plate (run in its own venv).

``HCS.from_zarr`` validates the plate and every well, field image and label group it
reaches, which is the same ground ``validate_store`` covers. Prints one JSON line like
``run.py --one``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import zarr


def main() -> None:
    target = sys.argv[1]
    local = "://" not in target
    v3 = (Path(target) / "zarr.json").exists() if local else target.rstrip("/").endswith("0.5.zarr")
    if v3:
        from ome_zarr_models.v05.hcs import HCS
    else:
        from ome_zarr_models.v04.hcs import HCS  # type: ignore[assignment]
    start = time.perf_counter()
    group = zarr.open_group(target, mode="r")
    hcs = HCS.from_zarr(group)
    wells = sum(1 for _ in hcs.well_groups)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "wells": wells}))


if __name__ == "__main__":
    main()
