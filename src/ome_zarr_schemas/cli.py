"""The command line: validate documents, run as the official conformance dingus, list rules.

Exit status: 0 valid, 1 invalid, 2 could not validate (usage error, unreadable target).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .documents import load_document
from .issues import Report, Severity
from .render import TargetResult, render_text, to_json
from .rules import rules_for
from .validate import validate_attributes
from .versions import SUPPORTED_VERSIONS

EXIT_VALID, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ome-zarr-schemas",
        description="Validate OME-Zarr (OME-NGFF) metadata.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="validate metadata documents")
    validate.add_argument(
        "targets",
        nargs="+",
        metavar="TARGET",
        help="a JSON attributes file, a zarr.json, a .zattrs, or a folder holding one",
    )
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--strict", action="store_true", help="warnings make it invalid")
    validate.add_argument(
        "--ome-version",
        "--spec-version",
        dest="spec_version",
        choices=SUPPORTED_VERSIONS,
        help="force a spec version",
    )
    validate.add_argument("-v", "--verbose", action="store_true", help="show rule context")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only the verdict")

    conformance = sub.add_parser(
        "conformance",
        help="one JSON verdict for the official ngff conformance runner",
        description="Print exactly one JSON object {valid, message} and exit 0 whatever"
        " the verdict.",
    )
    conformance.add_argument("path", help="an attributes JSON file or a folder with zarr.json")
    conformance.add_argument("--strict", action="store_true")

    rules = sub.add_parser("rules", help="list the rule catalogue")
    rules.add_argument(
        "--ome-version", "--spec-version", dest="spec_version", choices=SUPPORTED_VERSIONS
    )
    rules.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args, sys.stdout)
        if args.command == "conformance":
            return _conformance(args, sys.stdout)
        return _rules(args, sys.stdout)
    except Exception as exc:  # our own failure: say so, never a bare traceback
        if args.command == "conformance":
            print(json.dumps({"valid": False, "message": f"internal error: {exc!r}"}))
            return 1
        print(
            f"ome-zarr-schemas: internal error: {exc!r}\n"
            "This is a bug in ome-zarr-schemas; please report it with the input that"
            " caused it.",
            file=sys.stderr,
        )
        return EXIT_ERROR


def validate_target(target: str, *, strict: bool, version: str | None) -> Report:
    loaded = load_document(Path(target))
    if loaded.issue is not None:
        return Report.from_issues([loaded.issue], strict=strict)
    return validate_attributes(loaded.attributes, version=version, strict=strict)


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    started = time.perf_counter()
    results = [
        TargetResult(t, validate_target(t, strict=args.strict, version=args.spec_version))
        for t in args.targets
    ]
    if args.format == "json":
        out.write(json.dumps(to_json(results, strict=args.strict), indent=2) + "\n")
    else:
        render_text(
            results,
            out,
            verbose=args.verbose,
            quiet=args.quiet,
            seconds=time.perf_counter() - started,
        )
    if any(_unreadable(r.report) for r in results):
        return EXIT_ERROR
    return EXIT_VALID if all(r.report.valid for r in results) else EXIT_INVALID


def _unreadable(report: Report) -> bool:
    """The target itself could not be read (exit 2), as opposed to invalid metadata."""
    return any(i.rule == "document.unreadable" and not i.pointer for i in report.issues)


def _conformance(args: argparse.Namespace, out: TextIO) -> int:
    report = validate_target(args.path, strict=args.strict, version=None)
    result: dict[str, Any] = {"valid": report.valid}
    best = report.best()
    if best is not None and (not report.valid or best.severity is not Severity.INFO):
        result["message"] = f"{best.location} {best.message} [{best.rule}]"
    out.write(json.dumps(result) + "\n")
    return 0


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    selected = rules_for(args.spec_version)
    if args.format == "json":
        out.write(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "severity": str(r.severity),
                        "title": r.title,
                        "origin": r.origin,
                        "specUrl": r.spec_url(args.spec_version),
                        "decision": r.decision,
                        "versions": list(r.versions) if r.versions else None,
                    }
                    for r in selected
                ],
                indent=2,
            )
            + "\n"
        )
    else:
        for r in selected:
            out.write(f"{r.id:<40} {r.severity!s:<8} {r.title}\n")
    return 0
