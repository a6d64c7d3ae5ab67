"""Reports for people (text, coloured on a terminal) and for machines (JSON).

The JSON shape is described by ``schemas/report.schema.json``; tests validate every JSON
output against it.

Text output prints data from the store (node paths, messages quoting metadata, related
nodes), and a store may hold any character: every such string goes through `printable`
first, so a control character (an escape sequence that clears the screen or rewrites
the line, a bidirectional override) is shown as its Python escape, never sent to the
terminal. JSON output keeps every string exact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from .._read_check import Checked
from ..issues import Issue, Report, Severity
from ._grouped import MAX_LINES, Line, lines_of, rule_counts

if TYPE_CHECKING:  # rich loads when text is rendered (`render_text`), not for JSON
    from rich.console import Console

# C0 and C1 controls, DEL, and the invisible formatting characters that reorder or hide
# text (zero-width, line/paragraph separators, bidirectional embeddings and isolates).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control or invisible formatting character as its escape."""
    return _UNPRINTABLE.sub(_escaped, text)


def safe(text: str) -> str:
    """``text`` safe to print through rich: escaped controls, escaped markup."""
    from rich.markup import escape  # rich loads when text is rendered, not for JSON

    return escape(printable(text))


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@dataclass(frozen=True)
class TargetResult:
    """One target's outcome: its report and how much was checked."""

    target: str
    report: Report
    nodes: int = 1
    unreadable: bool = False  # the target itself could not be read: nothing was validated
    bare_target: bool = False  # a group without OME-Zarr metadata, OME-Zarr groups below


def _checked(result: TargetResult) -> Checked:
    return Checked(result.report, result.nodes, result.unreadable, result.bare_target)


def status(result: TargetResult) -> str:
    """'not-validated' when the target itself could not be read (exit status 2), so that
    "could not validate" is not mistaken for "invalid"; else 'valid' or 'invalid'."""
    return _checked(result).status


def to_json(results: Sequence[TargetResult], *, strict: bool) -> dict[str, Any]:
    statuses = [status(r) for r in results]
    overall = next((s for s in ("not-validated", "invalid") if s in statuses), "valid")
    return {
        "valid": all(r.report.valid for r in results),
        "status": overall,
        "strict": strict,
        "targets": [_checked(r).summary(r.target) for r in results],
    }


def _where(issue: Issue) -> str:
    node = issue.node or "."
    return f"{node}#{issue.pointer}" if issue.pointer else node


def render_text(
    results: Sequence[TargetResult],
    out: TextIO,
    *,
    verbose: bool = False,
    quiet: bool = False,
    seconds: float | None = None,
    color: bool | None = None,
    show_all: bool = False,
) -> None:
    """A verdict line per target, its findings (folded, errors first, at most `MAX_LINES`
    lines in a run unless ``show_all``), a count per rule when some were folded or cut,
    and a summary line at the end."""
    from rich.console import Console

    console = Console(
        file=out,
        highlight=False,
        soft_wrap=True,
        force_terminal=color,
        no_color=color is False,
        width=10_000 if not out.isatty() else None,
    )
    errors = warnings = nodes = 0
    budget = None if show_all else MAX_LINES
    condensed = False  # some findings were folded or cut: the rule counts say what
    for result in results:
        report = result.report
        errors += len(report.errors)
        warnings += len(report.warnings)
        nodes += result.nodes
        console.print(_headline(result))
        if quiet:
            continue
        lines = lines_of(report.issues, grouped=not show_all)
        shown = lines if budget is None else lines[:budget]
        for line in shown:
            _print_line(console, line, verbose=verbose)
        condensed = condensed or len(lines) < len(report.issues) or len(shown) < len(lines)
        if budget is not None:
            budget -= len(shown)
            left = sum(len(line.issues) for line in lines[len(shown) :])
            if left:
                console.print(f"  ... and {left:,} more finding(s) (use --all to list every one)")
    if quiet:
        return
    if condensed:
        _print_rule_counts(console, results)
    timing = f" in {seconds:.2f}s" if seconds is not None else ""
    console.print(
        f"{len(results)} target(s), {nodes} node(s) checked: {errors} error(s),"
        f" {warnings} warning(s){timing}"
    )


def _headline(result: TargetResult) -> str:
    report = result.report
    verdict = "[green]valid[/]" if report.valid else "[bold red]INVALID[/]"
    if result.unreadable:
        verdict = "[bold red]NOT VALIDATED[/] (the target could not be read)"
    what = ", ".join(
        filter(
            None,
            [
                # no kind found: nothing was read as that version (a zarr v3 array's
                # zarr.json is no OME-Zarr 0.4 document), unless OME-Zarr groups below a
                # bare target gave it
                f"OME-Zarr {report.version}"
                if report.version and (report.kinds or result.bare_target)
                else "",
                " + ".join(report.kinds),
                "target group without OME-Zarr metadata" if result.bare_target else "",
            ],
        )
    )
    return f"{safe(result.target)}: {verdict}" + (f" ({safe(what)})" if what else "")


def _print_line(console: Console, line: Line, *, verbose: bool) -> None:
    issue = line.first
    style = _STYLE[issue.severity]
    if line.folded:  # the nodes go last: '*' stands for each of them
        where = f"*#{issue.pointer}" if issue.pointer else "*"
        nodes = f"  [dim]{safe(line.nodes_text())}[/]"
    else:
        where, nodes = _where(issue), ""
    console.print(
        f"  [{style}]{issue.severity!s:<7}[/] {safe(where)}  "
        f"{safe(issue.message)}  [dim]\\[{safe(issue.rule)}][/]{nodes}"
    )
    if not verbose:
        return
    if issue.spec_url:
        console.print(f"      [dim]spec:[/] {safe(issue.spec_url)}")
    if issue.keyword_location:
        console.print(f"      [dim]schema:[/] {safe(issue.keyword_location)}")
    if issue.related and not line.folded:
        shown_related = ", ".join(r or "." for r in issue.related)  # '.': root
        console.print(f"      [dim]related:[/] {safe(shown_related)}")


def _print_rule_counts(console: Console, results: Sequence[TargetResult]) -> None:
    console.print("findings by rule:")
    for count in rule_counts(r.report.issues for r in results):
        style = _STYLE[count.severity]
        console.print(
            f"  [{style}]{count.severity!s:<7}[/] {safe(count.rule)}  {count.findings:,}"
            f" on {count.nodes:,} node(s)"
        )
