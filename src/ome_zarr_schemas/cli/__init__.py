"""The ``ome-zarr-schemas`` command line (private modules behind one entry point).

``_main`` parses the arguments and runs a command; ``_targets`` reads what a command
names (a document, a local store, a URL) and validates it, through the package's
``_read_check`` (shared with the collection's workers, hints included) with a progress
display; ``_render`` prints reports (``_grouped`` folds repeated findings for it);
``_many`` runs a collection; ``_info`` summarises a store; ``_demo`` is ``make demo``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (`_main.main`); a conformance case in one of the runner's forms
    is answered by `_conformance.quick` first, without building a parser."""
    from ._conformance import quick

    answered = quick(argv)
    if answered is not None:
        return answered
    from ._main import main as parse_and_run

    return parse_and_run(argv)
