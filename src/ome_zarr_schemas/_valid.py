"""The short path's answer for the usual valid document: the generated verdict
(`schema.pyverdict`) says that every schema pass holds, the kinds' document checks find
nothing, and the report is the one valid report of (version, kinds, strict, node).

A labels or bioformats2raw document is validated in a microsecond or two; what cost more
was the fixed work around it: the compiled engine's FFI conversion and the plain-JSON
proof, a generator per check, a report built per call. A `Report` is immutable (frozen,
tuples), so the valid report of a plan is made once and returned for every valid
document of that plan: the same report the general path builds (``tests/test_quick.py``
compares them), never keyed by a document's content.

Anything else (the verdict says no, a check finds something, the engine is forced to
python-jsonschema) goes on by `_quick`'s general sequence, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from inspect import isgeneratorfunction
from typing import TYPE_CHECKING, Any

from ._whole import Whole, never, whole_for
from .issues import Issue, Report
from .rules._registry import CHECKS, checks_for
from .rules._rule import Finding
from .rules.version import _EXACT_WRAPPED, _detected, detected_alone
from .schema.engine import _Choice, engine_name
from .spec.metadata import OME_KEY
from .spec.versions import KIND_KEYS

if TYPE_CHECKING:
    from .rules.version import Detection
    from .schema.pyverdict import Verdict

__all__ = ["USES_VERDICT", "passes_hold", "usual_report", "valid_report"]

#: The kinds whose plans are decided by the generated verdict before the compiled
#: engine: where it was measured faster than jsonschema-rs ``is_valid`` + `plain_json`
#: (small documents; bench/README.md, round 4). A plan is decided by it when all its
#: kinds are among these: a plate beside a bioformats2raw layout is decided faster by
#: jsonschema-rs (3.9 against 6.9 us), and so are plates and images.
USES_VERDICT = frozenset({"labels", "bioformats2raw"})


class _Plan:
    """A plan's verdict, its checks (those returning lists apart from the generators)
    and its valid reports: per strict, per node, with detection's finding."""

    __slots__ = (
        "count",
        "fused",
        "generators",
        "kinds",
        "lists",
        "ordered",
        "reports",
        "verdict",
        "version",
    )

    def __init__(self, version: str, kinds: tuple[str, ...]) -> None:
        self.count = len(CHECKS)  # a check registered later makes a new plan
        self.version = version
        self.kinds = kinds
        checks = self.ordered = tuple(c.fn for c in checks_for(kinds))  # in the general order
        self.lists = tuple(fn for fn in checks if not isgeneratorfunction(fn))
        self.generators = tuple(fn for fn in checks if isgeneratorfunction(fn))
        self.reports: tuple[_Reports, _Reports] = ({}, {})  # [strict]
        self.verdict: Verdict | None = None
        self.fused: Callable[..., Report | bool | None] | None = None
        if USES_VERDICT.issuperset(kinds):  # imported here: no start-up cost for the rest
            from .schema.pyverdict import verdict_for

            self.verdict = verdict_for(version, kinds)
            if self.verdict is not None:  # written at its first call (`_whole` answers
                self.fused = self._first_fused  # the usual documents of one kind)

    def _first_fused(self, *args: Any) -> Report | bool | None:
        """`fused` at its first call: written, kept, then called (False: no function, the
        general sequence answers)."""
        from .schema.pyverdict import fused_for

        version = self.version
        self.fused = fused_for(version, self.kinds, _HEAD, self.tail(), self.names(version))
        return False if self.fused is None else self.fused(*args)

    def tail(self) -> list[str]:
        """What `fused` does after a True verdict: the checks (None, as soon as one finds
        something), then the kept report of (strict, node), if any and if detection's
        finding is the one it was made with (None otherwise)."""
        lines = [f"    if _l{i}(ome, _version): return None" for i in range(len(self.lists))]
        lines += [
            f"    for _ in _g{i}(ome, _version): return None" for i in range(len(self.generators))
        ]
        return [
            *lines,
            "    if strict is False: _hit = _lax.get(node)",
            "    elif strict is True: _hit = _strict.get(node)",
            "    else: return None",
            "    if _hit is None or len(findings) > 1: return None",
            "    if _hit[0] is not (findings[0] if findings else None): return None",
            "    return _hit[1]",
        ]

    def names(self, version: str) -> dict[str, object]:
        """The globals of `fused` (its checks, the kept reports, the engine switch)."""
        return {
            **{f"_l{i}": fn for i, fn in enumerate(self.lists)},
            **{f"_g{i}": fn for i, fn in enumerate(self.generators)},
            "_lax": self.reports[False],
            "_strict": self.reports[True],
            "_version": version,
            "_choice": _Choice,
            "_engine_name": engine_name,
        }


#: The first lines of a plan's fused function: False (the general sequence answers)
#: when the engine is not the compiled one; then the verdict's body, False where it fails.
_HEAD = (
    "def fused(x, ome, findings, strict, node):",
    "    if _choice.name != 'compiled' and _engine_name() != 'compiled': return False",
)


#: node -> (detection's finding or None, the valid report with its issue)
_Reports = dict[str, tuple[Finding | None, Report]]

_PLANS: dict[tuple[str, tuple[str, ...]], _Plan] = {}


def _plan(version: str, kinds: tuple[str, ...]) -> _Plan:
    plan = _PLANS.get((version, kinds))
    if plan is None or plan.count != len(CHECKS):
        if plan is not None:  # a check registered since: the whole functions made anew
            _TOP.clear()
            for table in _WRAPPED.values():
                table.clear()
        plan = _PLANS[version, kinds] = _Plan(version, kinds)
    return plan


#: The kind keys of the kinds decided by the verdict (`USES_VERDICT`), in their order.
_WHOLE_KEYS = tuple(key for key, kind in KIND_KEYS.items() if kind in USES_VERDICT)
#: Per kind key, the whole function (`_whole`) of top-level metadata holding it alone,
#: and the same per version 'ome' names exactly (made at first use).
_TOP: dict[str, Whole] = {}
_WRAPPED: dict[str, dict[str, Whole]] = {version: {} for version in _EXACT_WRAPPED}


def _whole(table: dict[str, Whole], wrapped: str | None, key: str) -> Whole:
    """The whole function of (``wrapped``, ``key``), made and kept in ``table``, with
    its plan's checks and kept reports (`never` when there is none). A check registered
    later makes it answer None until the usual path renews the plan (`_plan`), which
    empties the tables."""
    alone = detected_alone(wrapped, key)
    found: Whole = never
    if alone is not None and USES_VERDICT.issuperset(alone[1]):
        from .schema.pyverdict import fused_for  # imported here: no start-up cost for the rest

        plan = _plan(alone[0], alone[1])
        names = {
            "_lax": plan.reports[False],
            "_strict": plan.reports[True],
            "_checks": CHECKS,
            "_count": plan.count,
            "_choice": _Choice,
            "_engine_name": engine_name,
        }
        found = whole_for(alone, (plan.lists, plan.generators), names, fused_for)
    table[key] = found
    return found


def passes_hold(attrs: object, version: str, kinds: tuple[str, ...]) -> bool:
    """Whether the generated verdict finds every schema pass of ``attrs`` valid (and the
    value plain JSON): the general sequence then has no failing pass to look for. False
    when there is no verdict for the plan or the engine is not the compiled one."""
    if not USES_VERDICT.issuperset(kinds):  # a plate, an image ...: no plan looked up
        return False
    verdict = _plan(version, kinds).verdict
    if verdict is None or (_Choice.name != "compiled" and engine_name() != "compiled"):
        return False
    try:
        return verdict(attrs)
    except RecursionError:
        return False


def valid_report(
    attrs: dict[str, Any],
    detection: Detection,
    strict: bool,
    node: str,
    detected: Callable[[Finding, str | None, str], Issue],
) -> Report | None:
    """The report of a document the verdict finds valid, or None (the general sequence
    answers). ``detection``: `_detect_plain`'s; ``detected`` makes its findings' issues."""
    version, kinds, ome, _, findings = detection
    if version is None or ome is None:  # not from `_detect_plain`
        return None
    plan = _PLANS.get((version, kinds))
    if plan is None or plan.count != len(CHECKS):
        plan = _plan(version, kinds)
    fused = plan.fused
    if fused is None:
        return None
    try:  # the verdict, the checks and the kept report in one call
        found = fused(attrs, ome, findings, strict, node)
    except RecursionError:
        return None
    if found is not None:
        return None if found is False else found  # type: ignore[return-value]
    return _made(plan, detection, strict, node, detected)


def usual_report(
    attrs: dict[str, Any],
    strict: bool,
    node: str,
    detected: Callable[[Finding, str | None, str], Issue],
) -> Report | Detection | None:
    """`validate_attributes`' first step, for a plain dict with nothing forced: the
    report when the document is decided here (`valid_report`'s, with detection and the
    plan's fused call in one frame), else detection's answer for `quick_report` to go on
    with (None: `_detect_plain` cannot say). A document holding one kind key of
    `USES_VERDICT` is first asked of its (version, key)'s whole function (`_whole`):
    the kept report at the cost of one call."""
    if OME_KEY in attrs:  # `_detect_plain`'s first steps, with the table of its version
        ome = attrs[OME_KEY]
        if type(ome) is not dict:
            return None
        wrapped = ome.get("version")
        table = _WRAPPED.get(wrapped) if type(wrapped) is str else None
        if table is None:  # no exact version: `_detect_plain` cannot say
            return None
    else:
        ome, wrapped, table = attrs, None, _TOP
    failed = False
    for key in _WHOLE_KEYS:
        if key in ome:
            whole = table.get(key) or _whole(table, wrapped, key)
            found = whole(attrs, ome, strict, node)
            if found is True:  # valid, its report not kept: made (and kept) here
                known = _detected(ome, wrapped)
                if known is not None and known.version is not None:
                    made = _plan(known.version, known.kinds)
                    return _made(made, known, strict, node, detected)
            elif found is False:  # its plan's verdict said no: the fused call would too
                failed = True
            elif found is not None:
                return found  # type: ignore[no-any-return]
            break
    detection = _detected(ome, wrapped)
    if detection is None or failed:
        return detection
    plan = _PLANS.get((detection[0], detection[1]))  # type: ignore[arg-type]
    if plan is None or plan.count != len(CHECKS):
        valid = valid_report(attrs, detection, strict, node, detected)
        return detection if valid is None else valid
    fused = plan.fused
    if fused is None:  # a plate, an image ...: the general sequence answers
        return detection
    try:
        found = fused(attrs, detection[2], detection[4], strict, node)
    except RecursionError:
        return detection
    if found is None:
        return _made(plan, detection, strict, node, detected)
    return detection if found is False or found is True else found


def _made(
    plan: _Plan,
    detection: Detection,
    strict: bool,
    node: str,
    detected: Callable[[Finding, str | None, str], Issue],
) -> Report:
    """The report of a document valid by the schemas whose report is not kept (or whose
    checks find something): made, and kept when it can be."""
    version, kinds, ome, base, findings = detection
    assert version is not None and ome is not None  # from `_detect_plain`
    for fn in plan.lists:  # mostly nothing found: a list each, no generator made
        if fn(ome, version):
            return _found(plan, ome, version, base, findings, strict, node, detected)
    for gen in plan.generators:
        for _ in gen(ome, version):
            return _found(plan, ome, version, base, findings, strict, node, detected)
    if len(findings) > 1 or (strict is not False and strict is not True):  # made, not kept
        own = [detected(f, version, node) for f in findings]
        return Report.from_issues(own, strict=strict, version=version, kinds=kinds)
    first = findings[0] if findings else None  # none, or the constant "version assumed"
    reports = plan.reports[strict]
    hit = reports.get(node)
    if hit is not None and hit[0] is first:
        return hit[1]
    report = Report.from_issues(
        [detected(f, version, node) for f in findings], strict=strict, version=version, kinds=kinds
    )
    if len(reports) >= 512:  # bounded: a store's nodes are many, each asked once or twice
        reports.clear()
    reports[node] = (first, report)
    return report


def _found(
    plan: _Plan,
    ome: Mapping[str, Any],
    version: str,
    base: str,
    findings: Sequence[Finding],
    strict: bool,
    node: str,
    detected: Callable[[Finding, str | None, str], Issue],
) -> Report:
    """The report of a schema-valid document whose checks find something: the checks run
    again, in order, as the general sequence runs them (they are pure functions)."""
    issues = [detected(f, version, node) for f in findings]
    for fn in plan.ordered:
        issues += [f.issue(version, node=node, base=base) for f in fn(ome, version)]
    return Report.from_issues(issues, strict=strict, version=version, kinds=plan.kinds)
