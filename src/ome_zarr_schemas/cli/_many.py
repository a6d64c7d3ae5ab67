"""``validate`` on a collection: ``--from``, ``--find``, ``--list``, ``--jobs``, ``--dask``,
``--results``, ``--html``, ``--store-timeout``.

Any of these options makes ``validate`` a collection run (`is_many`): the stores are
validated in parallel (`collection.validate_many`) and reported as each finishes, one
line per store on stdout (``-v``: with its findings; ``--format json``: one JSON record
per line, the results file's form), progress on a terminal's stderr, a summary at the
end. Without them ``validate`` runs as it always has.

Exit status as for one target: 2 when any store could not be validated, else 1 when
any is invalid, else 0, counting the stores an earlier run recorded and this run skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

__all__ = ["add_many_options", "is_many", "run_many", "sources_given"]

EXIT_VALID, EXIT_INVALID, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def add_many_options(parser: argparse.ArgumentParser, positive: Callable[[type], Any]) -> None:
    """The collection options of ``validate``; ``positive(int)`` parses a positive count."""
    group = parser.add_argument_group(
        "many stores", "validate a collection in parallel, keep the results, draw a report"
    )
    group.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="also validate each path or URL listed in FILE, one per line ('-': stdin)",
    )
    group.add_argument(
        "--find",
        action="append",
        default=[],
        metavar="DIR_OR_PREFIX",
        help="also validate every OME-Zarr root below this folder or s3:// prefix (never"
        " going into a root or following a link); may be repeated",
    )
    group.add_argument(
        "--list",
        dest="list_only",
        action="store_true",
        help="print the targets (after --find and --from), one per line, and validate none",
    )
    group.add_argument(
        "--jobs",
        type=positive(int),
        metavar="N",
        help="worker processes on this machine (default: every core)",
    )
    group.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run one task per store on the Dask cluster at ADDRESS (e.g."
        " tcp://scheduler:8786) instead (needs the 'dask' extra)",
    )
    group.add_argument(
        "--store-timeout",
        type=positive(float),
        metavar="SECONDS",
        help="a store not validated in this long is recorded as not validated (default:"
        " no bound; --timeout bounds each request)",
    )
    group.add_argument(
        "--results",
        metavar="FILE.jsonl",
        help="append one JSON line per store as it finishes; running again with the same"
        " file skips the stores recorded valid or invalid and retries the others",
    )
    group.add_argument("--html", metavar="REPORT.html", help="write a self-contained HTML report")


def sources_given(args: argparse.Namespace) -> bool:
    """Targets come from ``--from`` or ``--find`` (positional targets may be absent)."""
    return bool(getattr(args, "from_file", None) or getattr(args, "find", None))


def is_many(args: argparse.Namespace) -> bool:
    """Whether ``validate`` was asked for a collection run."""
    keys = ("from_file", "find", "list_only", "jobs", "dask", "store_timeout", "results", "html")
    return any(getattr(args, key, None) for key in keys)


def _targets(args: argparse.Namespace) -> list[str] | str:
    """Every target of the run, each once, or the message saying why there are none."""
    from ..collection.targets import find_roots, read_target_list, unique

    targets = list(args.targets)
    if args.from_file:
        if args.from_file == "-":
            targets += read_target_list(sys.stdin)
        else:
            try:
                with Path(args.from_file).open(encoding="utf-8") as f:
                    targets += read_target_list(f)
            except (OSError, UnicodeDecodeError) as exc:
                return f"cannot read the list {args.from_file}: {exc}"
    for where in args.find:
        found = list(find_roots(where, storage_options=_storage_options(args, where)))
        if not found:
            print(f"ome-zarr-schemas: no OME-Zarr root found below {where}", file=sys.stderr)
        targets += found
    return unique(targets)


def _storage_options(args: argparse.Namespace, target: str) -> dict[str, Any] | None:
    endpoint = getattr(args, "endpoint_url", None)
    options: dict[str, Any] = {}
    if target.startswith("s3://"):
        if endpoint:
            options["endpoint_url"] = endpoint
        if args.anonymous:
            options["anon"] = True
    return options or None


def _client(address: str) -> Any:
    """A Dask client of the scheduler at ``address``, or the message saying why not."""
    try:
        from distributed import Client
    except ImportError:
        return "--dask needs Dask: pip install 'ome-zarr-schemas[dask]'"
    try:
        return Client(address, timeout=30, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        return f"cannot reach the Dask scheduler at {address}: {exc}"


def run_many(args: argparse.Namespace, out: TextIO) -> int:
    """A collection run of ``validate``; returns the exit status."""
    from ..collection import validate_many
    from ..collection.progress import Progress
    from ..collection.results import ResultsFile, StoreResult

    targets = _targets(args)
    if isinstance(targets, str):
        print(f"ome-zarr-schemas: {targets}", file=sys.stderr)
        return EXIT_ERROR
    if args.list_only:
        out.writelines(f"{target}\n" for target in targets)
        return EXIT_VALID
    if not targets:  # an empty list, a search that found nothing: nothing was validated
        print("ome-zarr-schemas: no target to validate", file=sys.stderr)
        return EXIT_ERROR
    client = None
    if args.dask:
        client = _client(args.dask)
        if isinstance(client, str):
            print(f"ome-zarr-schemas: {client}", file=sys.stderr)
            return EXIT_ERROR
    results = ResultsFile(args.results) if args.results else None
    earlier: dict[str, StoreResult] = {}
    if results is not None:
        done = results.done
        earlier = {t: r for t, r in results.records.items() if t in done and t in targets}
    todo = [t for t in targets if t not in earlier]
    progress = Progress(sys.stderr, len(todo), show=_progress_shown(args))
    finished: dict[str, StoreResult] = dict(earlier)
    started = time.perf_counter()
    interrupted = False
    run = validate_many(
        todo,
        jobs=args.jobs,
        client=client,
        store_timeout=args.store_timeout,
        strict=args.strict,
        kind=args.expected_kind,
        concurrency=args.concurrency,
        timeout=args.timeout,
        anonymous=args.anonymous,
        storage_options={"endpoint_url": args.endpoint_url} if args.endpoint_url else None,
        max_fields=args.max_fields,
        version=args.spec_version,
    )
    try:
        for result in run:
            if results is not None:
                results.append(result)
            finished[result.target] = result
            progress.update(result.status)
            progress.clear()
            _show(result, args, out, full=args.verbose or len(targets) == 1)
            progress.redraw()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        _close(run)
        progress.clear()
        if results is not None:
            results.close()
        if client is not None:
            client.close()
    ordered = [finished[t] for t in targets if t in finished]
    if args.html:
        from ..collection.html import write_html

        write_html(ordered, Path(args.html), title=_title(args))
    _summary(ordered, len(earlier), time.perf_counter() - started, args, interrupted)
    if interrupted:
        return EXIT_INTERRUPTED
    statuses = {r.status for r in ordered}
    if "not-validated" in statuses or len(ordered) < len(targets):
        return EXIT_ERROR
    return EXIT_INVALID if "invalid" in statuses else EXIT_VALID


def _close(run: Iterator[Any]) -> None:
    close = getattr(run, "close", None)
    if close is not None:
        close()  # stops the pool's workers (a generator's finally)


def _progress_shown(args: argparse.Namespace) -> bool:
    return not args.no_progress and sys.stderr.isatty()


def _title(args: argparse.Namespace) -> str:
    where = [*args.find, *([args.from_file] if args.from_file else []), *args.targets]
    return "ome-zarr-schemas: " + (", ".join(where[:3]) + (" ..." if len(where) > 3 else ""))


def _show(result: Any, args: argparse.Namespace, out: TextIO, *, full: bool) -> None:
    """One store's outcome on stdout, as soon as it is known: a line, or with ``full``
    (``-v``, or a run of one store) the report ``validate`` prints for one target."""
    from ._render import TargetResult, render_text, safe

    if args.format == "json":
        out.write(result.line() + "\n")
        out.flush()
        return
    if args.quiet:
        return
    record = result.record
    if full:
        unread = result.status == "not-validated"
        item = TargetResult(
            result.target, result.report, record["nodes"], unread, record["bareTarget"]
        )
        render_text([item], out, verbose=args.verbose)
        return
    if result.status == "not-validated":
        verdict = f"NOT VALIDATED: {safe(result.error or '')}"
    elif result.status == "invalid":
        verdict = f"INVALID ({record['errors']} error(s), {record['warnings']} warning(s))"
    else:
        verdict = "valid" + (f" ({record['warnings']} warning(s))" if record["warnings"] else "")
    out.write(f"{safe(result.target)}: {verdict}\n")
    out.flush()


def _summary(
    results: list[Any], skipped: int, seconds: float, args: argparse.Namespace, stopped: bool
) -> None:
    """The last line: counts by verdict; on stderr with --format json (stdout is JSONL)."""
    counts = {s: sum(r.status == s for r in results) for s in ("valid", "invalid", "not-validated")}
    line = (
        f"{len(results)} store(s): {counts['valid']} valid, {counts['invalid']} invalid,"
        f" {counts['not-validated']} not validated"
        + (f" ({skipped} recorded by an earlier run, not validated again)" if skipped else "")
        + f" in {seconds:.1f}s"
    )
    if stopped:
        line += "; interrupted" + (
            f": run again with --results {args.results} to go on" if args.results else ""
        )
    if args.results:
        line += f"; results in {args.results}"
    if args.html:
        line += f"; report in {args.html}"
    print(line, file=sys.stderr if args.format == "json" else sys.stdout)
