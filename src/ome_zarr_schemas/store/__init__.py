"""Reading a store: every metadata document a hierarchy needs, read once, as data.

The layout follows zarr-python's storage split, private backends behind a small face:

- `sources`: everything that turns a target into bytes (a local folder, a zarr-python
  store over fsspec HTTP or S3) and the one bounded door every read of the walk goes
  through (concurrency, timeouts, retries);
- `metadata`: zarr v2 (``.zarray``/``.zgroup``/``.zattrs``) and v3 (``zarr.json``)
  documents into `nodes.Node` values;
- `documents`: one JSON document with bounds on size, depth and non-finite numbers;
- `paths`: the pure rules for paths found in metadata;
- `links`: what a group's OME metadata points at;
- `findings`: the one helper through which the store emits a finding;
- `walk`: scheduling only: which node to read next (`walk.read_hierarchy`).

This module imports none of them: the rules import `nodes` and `paths`, and the walk
imports the rules.
"""

from __future__ import annotations

__all__: list[str] = []
