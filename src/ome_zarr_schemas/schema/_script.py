"""The shared front of the schema package's `python -m` scripts: one argument, a usage line.

`bundle` (write the bundles) and `coverage` (refresh the docs table) take exactly one path
and report one line; this is that argument check and exit status, written once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

__all__ = ["run_on_one_argument"]


def run_on_one_argument(
    argv: Sequence[str] | None, usage: str, action: Callable[[str], str]
) -> int:
    """Run ``action`` on the one argument (``sys.argv`` by default) and print its line.

    Exit status 2 with ``usage`` on stderr unless there is exactly one, not an option.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print(usage, file=sys.stderr)
        return 2
    print(action(args[0]))
    return 0
