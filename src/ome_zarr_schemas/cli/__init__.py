"""The ``ome-zarr-schemas`` command line (private modules behind one entry point).

``_main`` parses the arguments and runs a command; ``_targets`` reads what a command
names (a document, a local store, a URL) and validates it; ``_render`` prints reports
(``_grouped`` folds repeated findings for it, ``_hints`` says a target's read failure
once, with a hint); ``_info`` summarises a store; ``_demo`` is ``make demo``.
"""

from __future__ import annotations

from ._main import main

__all__ = ["main"]
