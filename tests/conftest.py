"""Hypothesis profiles: a bounded one for CI and everyday runs, a longer one on request.

Select with OME_ZARR_SCHEMAS_HYPOTHESIS_PROFILE=ci|dev|long (default ci).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # validation time varies with machine load; speed is benched apart
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}

settings.register_profile("ci", max_examples=30, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("dev", max_examples=100, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=2000, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("OME_ZARR_SCHEMAS_HYPOTHESIS_PROFILE", "ci"))
