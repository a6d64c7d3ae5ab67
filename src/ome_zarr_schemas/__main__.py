"""``python -m ome_zarr_schemas`` works like the console script."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
