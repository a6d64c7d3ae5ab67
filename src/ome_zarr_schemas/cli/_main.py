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
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlparse

from .. import __version__
from ..spec.versions import KINDS, SUPPORTED_VERSIONS
from ..store.nodes import DEFAULT_CONCURRENCY
from ._conformance import conformance_verdict as conformance_verdict  # the runner's, re-exported
from ._conformance import strict_from_path as strict_from_path
from ._many import add_many_options, is_many, run_many, sources_given

if TYPE_CHECKING:  # each command imports what it needs: --version and a document stay light
    from ._render import TargetResult
    from ._targets import Loaded

EXIT_VALID, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ome-zarr-schemas",
        description="Validate OME-Zarr (OME-NGFF) metadata.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub: Any = _Commands(parser.add_subparsers(dest="command", required=True), argv)

    validate = sub.add_parser(
        "validate",
        help="validate stores, URLs and metadata documents",
        description="Validate each TARGET: a local zarr store (a folder), an http(s):// or"
        " s3:// URL of one, or a JSON file (an attributes document, a zarr.json or a"
        " .zattrs). Exit status: 0 valid, 1 invalid, 2 could not validate.",
    )
    validate.add_argument(
        "targets",
        nargs="*",  # none when --from or --find gives them
        metavar="TARGET",
        help="a store folder, a URL, or a JSON attributes file, zarr.json or .zattrs",
    )
    _format_option(validate)
    validate.add_argument("--strict", action="store_true", help="warnings make it invalid")
    validate.add_argument(
        "--kind",
        dest="expected_kind",
        choices=KINDS,
        help="the kind the target group must have (e.g. plate); a finding when it has not",
    )
    _spec_version_option(validate, help="force a spec version")
    validate.add_argument("-v", "--verbose", action="store_true", help="show rule context")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only the verdict")
    validate.add_argument(
        "--all",
        dest="show_all",
        action="store_true",
        help="list every finding on its own line (default: findings that differ only in"
        " their node are one line, and at most 50 lines are printed)",
    )
    _store_options(validate)
    add_many_options(validate, _positive)

    info = sub.add_parser(
        "info",
        help="show the hierarchy of a store: kinds, versions, shapes, axes",
        description="A tree of the OME-Zarr hierarchy at TARGET (a store folder, a URL or a"
        " JSON document): group kinds, versions, array shapes and dtypes, axes, and the"
        " number of wells, fields and labels. It does not validate.",
    )
    info.add_argument("target", metavar="TARGET")
    _format_option(info)
    info.add_argument("-v", "--verbose", action="store_true", help="show every node")
    _store_options(info)

    conformance = sub.add_parser(
        "conformance",
        help="one JSON verdict for the official ngff conformance runner",
        description="Print exactly one JSON object {valid, message} and exit 0 whatever"
        " the verdict.",
    )
    conformance.add_argument("path", help="an attributes JSON file or a folder with zarr.json")
    conformance.add_argument("--strict", action="store_true", help="SHOULD rules fail too")
    conformance.add_argument(
        "--strict-from-path",
        action="store_true",
        help="strict when the path is in a corpus 'strict' folder (strict/valid/...,"
        " strict/invalid/...), as the official corpus marks it; the runner passes no flag",
    )

    rules = sub.add_parser("rules", help="list the rule catalogue")
    _spec_version_option(rules)
    _format_option(rules)

    schema = sub.add_parser("schema", help="our JSON Schemas, for use in other tools")
    schema_sub = schema.add_subparsers(dest="schema_command", required=True)
    export = schema_sub.add_parser(
        "export",
        help="write the schema files of a version, or single-file bundles",
        description="Without --bundle: copy the schema files (of one kind with --kind) and"
        " the files they refer to, as <version>/<file>, into the folder PATH. With --bundle"
        " and --kind: one self-contained schema to PATH (a file; stdout if omitted). With"
        " --bundle alone: every kind's bundle of the version into the folder PATH.",
    )
    export.add_argument("--version", dest="spec_version", required=True, choices=SUPPORTED_VERSIONS)
    export.add_argument("--kind", help="a group kind, e.g. image or plate")
    export.add_argument("--bundle", action="store_true", help="self-contained, $refs embedded")
    export.add_argument("-o", "--output", metavar="PATH", help="file or folder to write")

    generate = sub.add_parser(
        "generate",
        help="write generated valid and invalid cases (needs the 'testing' extra)",
        description="Write COUNT valid and COUNT invalid attributes documents of one kind as"
        " tests/attributes/{spec,strict}/{valid,invalid}/<kind>/<name>.json under DIR, the"
        " official corpus layout, each with a '_conformance' key giving the expected verdict"
        " (and the rule and pointer of an invalid case). The same seed gives the same files.",
    )
    generate.add_argument("--version", dest="spec_version", required=True)
    generate.add_argument("--kind", required=True, help="a group kind, e.g. image or plate")
    generate.add_argument("--count", type=int, default=20)
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("-o", "--output", metavar="DIR", required=True)
    return parser


class _Commands:
    """The subcommands, of which only the one being run has its options built.

    Every command stays listed (``--help``, an unknown command's error), but building
    every option of every command is a good part of a conformance run's start-up: the
    official runner starts the command once per case, and that run needs one parser.
    The command is the first word not starting with ``-`` (the top level has no option
    taking a value).
    """

    def __init__(self, sub: Any, argv: Sequence[str] | None) -> None:
        self.sub = sub
        given = sys.argv[1:] if argv is None else argv
        # No command, or an unknown one (--version, --help, a typo): argparse needs only
        # the names and their help, and no command's options are built.
        self.chosen = next((a for a in given if not a.startswith("-")), None)

    def add_parser(self, name: str, **options: Any) -> Any:
        if self.chosen == name:
            return self.sub.add_parser(name, **options)
        self.sub.add_parser(name, help=options.get("help"))
        return _Unbuilt()


class _Unbuilt:
    """Stands in for the parser of a command not being run: adding options to it does
    nothing (argparse never sees it, so it can never parse with it)."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


def _format_option(parser: argparse.ArgumentParser) -> None:
    """``--format text|json``, text by default: how a command prints its result."""
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _spec_version_option(parser: argparse.ArgumentParser, **extra: Any) -> None:
    """``--ome-version`` (alias ``--spec-version``): one of the supported spec versions."""
    parser.add_argument(
        "--ome-version", "--spec-version", dest="spec_version", choices=SUPPORTED_VERSIONS, **extra
    )


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
        return value

    return parse


def _endpoint(text: str) -> str:
    url = urlparse(text)
    if url.scheme not in {"http", "https"} or not url.netloc:
        raise argparse.ArgumentTypeError(f"expected an http:// or https:// URL, got {text!r}")
    return text


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--concurrency",
        type=_positive(int),
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests in flight when reading a remote store (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=None,
        metavar="SECONDS",
        help="give up on one request after this long, its retries included (default 30)",
    )
    parser.add_argument("--anonymous", action="store_true", help="read s3:// without credentials")
    parser.add_argument(
        "--endpoint-url",
        type=_endpoint,
        metavar="URL",
        help="the S3 server of s3:// targets, for S3-compatible storage (MinIO, Ceph, a local"
        " test server): e.g. http://localhost:9000 (default: AWS, or $AWS_ENDPOINT_URL)",
    )
    parser.add_argument(
        "--max-fields",
        type=_positive(int),
        default=None,
        metavar="N",
        help="a quick look at a big plate: read only the first N fields of each well (the"
        " report says what was left out; default: every field)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress display on stderr")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if args.command == "validate" and not args.targets and not sources_given(args):
        parser.error("the following arguments are required: TARGET (or --from, --find)")
    if getattr(args, "endpoint_url", None) and not sources_given(args):
        targets = args.targets if args.command == "validate" else [args.target]
        if not any(t.startswith("s3://") for t in targets):
            parser.error("--endpoint-url applies to s3:// targets, and none was given")
    try:
        if args.command == "validate" and is_many(args):
            return run_many(args, sys.stdout)
        if args.command == "validate":
            return _validate(args, sys.stdout)
        if args.command == "info":
            return _info(args, sys.stdout)
        if args.command == "conformance":
            return _conformance(args, sys.stdout)
        if args.command == "schema":
            return _schema_export(args, sys.stdout)
        if args.command == "generate":
            return _generate(args, sys.stdout)
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


def _read(args: argparse.Namespace, target: str) -> Loaded:
    from ._targets import ReadOptions, read_target

    options = ReadOptions(
        concurrency=args.concurrency,
        timeout=args.timeout,
        anonymous=args.anonymous,
        storage_options={"endpoint_url": args.endpoint_url} if args.endpoint_url else None,
        max_fields=args.max_fields,
    )
    return read_target(target, options, progress=not args.no_progress and _is_terminal(sys.stderr))


def _is_terminal(stream: TextIO) -> bool:
    return stream.isatty()


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from ._render import TargetResult, render_text, to_json
    from ._targets import check_target

    started = time.perf_counter()
    results: list[TargetResult] = []
    unreadable = False
    for target in args.targets:
        loaded = _read(args, target)
        if loaded.kind == "store" and args.spec_version and loaded.failure is None:
            print(
                f"ome-zarr-schemas: note: --ome-version applies to JSON documents; the"
                f" store {target} is validated as the version its metadata names",
                file=sys.stderr,
            )
        checked = check_target(
            loaded, strict=args.strict, version=args.spec_version, kind=args.expected_kind
        )
        unreadable = unreadable or checked.unreadable
        results.append(
            TargetResult(
                target, checked.report, checked.nodes, checked.unreadable, checked.bare_target
            )
        )
    if args.format == "json":
        out.write(json.dumps(to_json(results, strict=args.strict), indent=2) + "\n")
    else:
        render_text(
            results,
            out,
            verbose=args.verbose,
            quiet=args.quiet,
            seconds=time.perf_counter() - started,
            show_all=args.show_all,
        )
    if unreadable:
        return EXIT_ERROR
    return EXIT_VALID if all(r.report.valid for r in results) else EXIT_INVALID


def _info(args: argparse.Namespace, out: TextIO) -> int:
    from ._info import describe, render_info
    from ._render import TargetResult, render_text
    from ._targets import check_target, unreadable

    loaded = _read(args, args.target)
    if unreadable(loaded):
        checked = check_target(loaded, strict=False, version=None)
        render_text([TargetResult(args.target, checked.report, 0, True)], out)
        return EXIT_ERROR
    summary = describe(loaded)
    if args.format == "json":
        out.write(json.dumps(summary.to_json(), indent=2) + "\n")
    else:
        render_info(summary, out, verbose=args.verbose)
    return EXIT_VALID


def _conformance(args: argparse.Namespace, out: TextIO) -> int:
    strict = args.strict or (args.strict_from_path and strict_from_path(args.path))
    out.write(json.dumps(conformance_verdict(args.path, strict=strict)) + "\n")
    return 0


def _generate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        from ..testing import available
        from ..testing._corpus import generate_cases, write_cases
    except ImportError as exc:  # Hypothesis is an optional extra
        print(
            f"ome-zarr-schemas: generate needs Hypothesis ({exc}); install"
            " 'ome-zarr-schemas[testing]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if (args.spec_version, args.kind) not in available():
        known = ", ".join(f"{v}/{k}" for v, k in available())
        print(
            f"ome-zarr-schemas: no generator for version {args.spec_version!r} kind"
            f" {args.kind!r}; known: {known}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    cases = generate_cases(args.spec_version, args.kind, args.count, args.seed)
    written = write_cases(cases, Path(args.output))
    out.write(f"wrote {len(written)} case(s) under {args.output}\n")
    return EXIT_VALID


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    from ..rules import rules_for

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


def _schema_export(args: argparse.Namespace, out: TextIO) -> int:
    from ..schema.bundle import export

    problem = export(args.spec_version, args.kind, bundle=args.bundle, output=args.output, out=out)
    if problem is None:
        return EXIT_VALID
    print(f"ome-zarr-schemas: {problem}", file=sys.stderr)
    return EXIT_ERROR
