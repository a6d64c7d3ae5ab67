"""The conformance verdict: what the official ngff runner asks of each case, starting the
command once per case file (``ome-zarr-schemas conformance [--strict-from-path] PATH``).

Start-up is most of a corpus run, so `quick` answers the forms a runner uses without the
rest of the command line: no parser is built (argparse's import, its help formatter's
shutil and the locale lookup of its messages) and no other command's options are
imported. Any other form (``--help``, a path starting with ``-``, an abbreviated or
unknown option, two paths) goes to argparse in `_main`, which makes the same call for the
forms answered here: ``tests/test_lazy_parser.py`` runs each form both ways. ``--version``
alone is answered here too, as argparse prints it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..issues import Report

__all__ = ["conformance_verdict", "quick", "run", "strict_from_path", "validate_target"]

#: The options of ``conformance``, each a flag: given in any order, any number of times.
_FLAGS = frozenset({"--strict", "--strict-from-path"})


def quick(argv: Sequence[str] | None = None) -> int | None:
    """The exit status of a ``conformance`` run whose arguments need no parser (its one
    verdict printed), or None: `_main.main` then parses and runs them."""
    given = sys.argv[1:] if argv is None else list(argv)
    if given == ["--version"]:
        from .. import __version__

        sys.stdout.write(f"ome-zarr-schemas {__version__}\n")
        raise SystemExit(0)  # as argparse's version action exits
    if given[:1] != ["conformance"]:
        return None
    options = given[1:]
    paths = [a for a in options if a not in _FLAGS]
    if len(paths) != 1 or paths[0].startswith("-"):
        return None
    path = paths[0]
    strict = "--strict" in options or ("--strict-from-path" in options and strict_from_path(path))
    return run(path, strict, sys.stdout)


def run(path: str, strict: bool, out: TextIO) -> int:
    """Print the verdict on ``path`` to ``out``: 0 whatever the verdict; 1 (and still one
    JSON verdict) when the validator itself fails, as `_main.main` answers a command."""
    try:
        out.write(json.dumps(conformance_verdict(path, strict=strict)) + "\n")
    except Exception as exc:  # our own failure: the runner still reads one JSON verdict
        print(json.dumps({"valid": False, "message": f"internal error: {exc!r}"}))
        return 1
    return 0


def validate_target(target: str, *, strict: bool, version: str | None) -> Report:
    """The report on one document (an attributes file, a zarr.json or .zattrs, or the
    folder holding it): read as a document, never as a store."""
    from ..issues import Report
    from ..store.documents import load_document
    from ..validate import validate_loaded

    loaded = load_document(Path(target))
    if loaded.issue is not None:
        return Report.from_issues([loaded.issue], strict=strict)
    report = validate_loaded(loaded.attributes, version=version, strict=strict)
    return report.with_findings(loaded.findings)


def conformance_verdict(path: str, *, strict: bool) -> dict[str, Any]:
    """The conformance runner's verdict on one file or zarr.json folder: ``{valid, message?}``.

    Unreadable or non-JSON input is a verdict (``valid: false``), never an exception.
    """
    from ..issues import Severity

    report = validate_target(path, strict=strict, version=None)
    result: dict[str, Any] = {"valid": report.valid}
    best = report.best()
    if best is not None and (not report.valid or best.severity is not Severity.INFO):
        result["message"] = f"{best.location} {best.message} [{best.rule}]"
    return result


def strict_from_path(path: str) -> bool:
    """Whether a corpus case path is a strict one: a ``strict`` folder above ``valid``/``invalid``.

    The official runner tells the command nothing about strictness; the corpus layout
    (``tests/<mode>/{spec,strict}/{valid,invalid}/...``) is the only place it is said.
    """
    parts = PurePath(path).parts
    return any(a == "strict" and b in {"valid", "invalid"} for a, b in pairwise(parts))
