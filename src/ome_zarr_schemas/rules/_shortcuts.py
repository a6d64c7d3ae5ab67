"""The switch of the checks' shortcuts for big plates (issue 15).

A plate's thousands of images are checked against the store by the same few cross-group
checks, and its hierarchy by one loop over every node. Each shortcut answers the usual
case (a dataset path that is a plain name, a scale of positive floats, an image whose
levels break nothing) in fewer steps and hands anything else to the general code it
stands in for. `general_only` turns every shortcut off, so that a test can check the
same drawn or mutated hierarchy both ways and compare the reports
(``tests/test_check_shortcuts.py``). Off is for tests: the product always takes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["general_only", "taken"]

_STATE = {"on": True}


def taken() -> bool:
    """Whether the shortcuts are taken (always, outside `general_only`)."""
    return _STATE["on"]


@contextmanager
def general_only() -> Iterator[None]:
    """Every check by its general code while inside (tests compare both ways)."""
    was = _STATE["on"]
    _STATE["on"] = False
    try:
        yield
    finally:
        _STATE["on"] = was
