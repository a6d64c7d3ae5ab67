"""One call for the whole usual document of one small kind (labels, bioformats2raw):
detection, the generated verdict, the kind's checks and the kept valid report.

A labels document is validated in well under a microsecond; what `_valid.usual_report`
paid around it was calls: detection in four functions (the 'ome' block, the kinds, the
0.4 block versions, the named tuple), the plan's lookup, the fused verdict, one call per
check. For a document whose metadata holds the key of one kind with a generated verdict
and no other kind key, detection's answer is known from that key alone
(`rules.version.detected_alone`: the version, the kind, the one finding), so the plan's
function (`whole_for`) tests the other kind keys itself and is called straight from
`_valid.usual_report` with the document: the verdict, then each check's quiet test
(`QUIET`: an expression that holds only when the check finds nothing, in place of its
call; the check is called when it does not hold), then the report kept for (strict,
node). It answers that report; True when the document is valid but no report is kept
for it (`usual_report` makes it, and keeps it, without asking the verdict again);
False when the verdict says no (`usual_report` answers detection, without the plan's
fused call, which would say the same); or None: `usual_report` goes on as before
(``tests/test_whole.py`` holds all to the general path's report).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .rules._rule import Finding
from .rules.labels import unique_label_paths
from .rules.omero import omero_only_in_images

__all__ = ["QUIET", "Whole", "never", "whole_for"]

#: A plan's whole function: (attributes, OME-level mapping, strict, node) -> the kept
#: valid report, True (valid, no report kept), or None/False (the usual path answers).
Whole = Callable[[dict[str, Any], dict[str, Any], bool, str], Any]

#: Per check, an expression of ``ome`` (the OME-level mapping of a document the plan's
#: verdict found valid) that holds only when the check finds nothing: the usual answer
#: without the check's call. It may raise TypeError (an unhashable label: the usual path
#: answers). ``tests/test_whole.py`` holds each to its check on drawn and mutated values.
QUIET: dict[Callable[..., Any], str] = {
    unique_label_paths: (
        "type(_q := ome.get('labels')) is not list or len(_q) < 2 or len(set(_q)) == len(_q)"
    ),
    omero_only_in_images: "'omero' not in ome",
}


def never(attrs: object, ome: object, strict: object, node: object) -> None:
    """The whole function of a (version, key) that has none: the usual path answers."""
    return None


def whole_for(
    alone: tuple[str, tuple[str, ...], frozenset[str], Finding | None],
    checks: tuple[Sequence[Callable[..., Any]], Sequence[Callable[..., Any]]],
    names: dict[str, object],
    fused_for: Callable[..., Any],
) -> Whole:
    """The whole function of documents holding one kind key alone: ``alone`` detection's
    answer for them (`rules.version.detected_alone`: version, kinds, the other kind keys,
    the one finding), ``checks`` the plan's (list-returning, generator) checks, ``names``
    the generated function's globals (the kept reports ``_lax`` and ``_strict``, the
    registered checks ``_checks`` and their ``_count``, the engine switch), ``fused_for``
    the verdict's generator (`schema.pyverdict.fused_for`, imported by the caller).
    `never` when the plan has no verdict."""
    version, kinds, others, first = alone
    lists, generators = checks
    head = (
        "def fused(x, ome, strict, node):",
        "    if _choice.name != 'compiled' and _engine_name() != 'compiled': return None",
        "    if not _others.isdisjoint(ome) or len(_checks) != _count: return None",
    )
    tail = ["    try:"]
    for i, fn in enumerate(lists):
        quiet = QUIET.get(fn)
        test = f"_l{i}(ome, _version)"
        test = test if quiet is None else f"not ({quiet}) and {test}"
        tail.append(f"        if {test}: return None")
    tail += [
        "    except TypeError: return None",
        *(f"    for _ in _g{i}(ome, _version): return None" for i in range(len(generators))),
        "    if strict is False: _hit = _lax.get(node)",
        "    elif strict is True: _hit = _strict.get(node)",
        "    else: return True",
        "    if _hit is None or _hit[0] is not _first: return True",
        "    return _hit[1]",
    ]
    made = fused_for(
        version,
        kinds,
        head,
        tail,
        {
            **names,
            **{f"_l{i}": fn for i, fn in enumerate(lists)},
            **{f"_g{i}": fn for i, fn in enumerate(generators)},
            "_others": others,
            "_first": first,
            "_version": version,
        },
    )
    return never if made is None else made
