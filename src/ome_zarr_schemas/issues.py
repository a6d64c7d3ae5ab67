"""Findings as data: `Issue` is one finding, `Report` is the outcome of one validation.

Validation never raises on bad metadata; it returns a `Report`. Whether an invalid
report becomes an exception is the caller's choice (`Report.raise_for_errors`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, overload

__all__ = ["InvalidMetadataError", "Issue", "Report", "Severity", "escape_pointer_token", "pointer"]


class Severity(enum.StrEnum):
    """How bad a finding is: a broken MUST, a broken SHOULD, or a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def escape_pointer_token(token: str | int) -> str:
    """Escape one RFC 6901 reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """Build an RFC 6901 JSON pointer from raw tokens (``pointer("a", 0) == "/a/0"``)."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: what (rule, message), where (node, pointer), how bad and where to read.

    ``node`` is the zarr path of the group or array ("" for the root or a bare dict) and
    ``pointer`` an RFC 6901 pointer into that node's attributes; the two stay apart so a
    finding can be located in a store and inside its document.
    """

    rule: str
    severity: Severity
    message: str
    node: str = ""
    pointer: str = ""
    spec_url: str | None = None
    keyword_location: str | None = None
    related: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with the key names of the JSON report schema."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "node": self.node,
            "pointer": self.pointer,
            "message": self.message,
            "specUrl": self.spec_url,
            "keywordLocation": self.keyword_location,
            "related": list(self.related),
        }

    @property
    def location(self) -> str:
        """``node#pointer``, the place a person looks at."""
        return f"{self.node or '.'}#{self.pointer}"

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.node, _RANK[self.severity], self.pointer, self.rule, self.message)


class InvalidMetadataError(ValueError):
    """Raised by callers that asked for an exception on invalid metadata; carries the report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        best = report.best()
        detail = f": {best.location} {best.message} [{best.rule}]" if best else ""
        count = len(report.errors) + (len(report.warnings) if report.strict else 0)
        super().__init__(f"invalid OME-Zarr metadata ({count} problem(s)){detail}")


def _pair(first: Issue, second: Issue) -> tuple[Issue, ...]:
    """`Report.from_issues` of two issues: the later one where both say the same (as the
    merge keeps it), else both in sorted order (equal keys: as given, as a stable sort)."""
    if (first.node, first.pointer, first.rule, first.message) == (
        second.node,
        second.pointer,
        second.rule,
        second.message,
    ):
        return (second,)
    return (second, first) if second.sort_key() < first.sort_key() else (first, second)


class _kept:
    """A property worked out at its first reading and then kept in the instance, as
    `functools.cached_property` but without its lock (Python 3.11): a report is
    immutable, and the short path returns one valid report for every valid document of
    a plan, whose ``valid`` is then read at the cost of an attribute."""

    def __init__(self, fn: Callable[[Report], bool]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, report: None, owner: type[Report]) -> _kept: ...
    @overload
    def __get__(self, report: Report, owner: type[Report]) -> bool: ...
    def __get__(self, report: Report | None, owner: type[Report]) -> bool | _kept:
        if report is None:
            return self
        value = report.__dict__[self.name] = self.fn(report)
        return value


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: every finding, sorted, without duplicates.

    ``strict`` makes warnings count against validity (SHOULD-level rules enforced).
    """

    issues: tuple[Issue, ...] = ()
    strict: bool = False
    version: str | None = None
    kinds: tuple[str, ...] = field(default=())

    @classmethod
    def from_issues(
        cls,
        issues: Iterable[Issue],
        *,
        strict: bool = False,
        version: str | None = None,
        kinds: tuple[str, ...] = (),
    ) -> Report:
        kind = type(issues)
        if kind is list or kind is tuple:
            count = len(issues)  # type: ignore[arg-type]
            if count < 2:  # nothing to merge or sort
                return _built(cls, tuple(issues), strict, version, kinds)
            if count == 2:  # the usual pair ("version assumed" and one more), at once
                return _built(cls, _pair(*issues), strict, version, kinds)
        unique = {(i.node, i.pointer, i.rule, i.message): i for i in issues}
        ordered = tuple(sorted(unique.values(), key=Issue.sort_key))
        return _built(cls, ordered, strict, version, kinds)

    def with_findings(self, findings: tuple[Issue, ...]) -> Report:
        """This report with the reader's findings on its document added (duplicate names,
        out-of-range numbers): what the CLI, a conformance verdict and a collection report."""
        if not findings:
            return self
        return Report.from_issues(
            (*findings, *self.issues), strict=self.strict, version=self.version, kinds=self.kinds
        )

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @_kept
    def valid(self) -> bool:
        """No error, and in strict mode no warning either."""
        error, warning = Severity.ERROR, Severity.WARNING
        strict = self.strict
        for issue in self.issues:  # a loop, not a set per call: asked of every document
            severity = issue.severity
            if severity == error or (strict and severity == warning):
                return False
        return True

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def best(self) -> Issue | None:
        """The issue to show first: errors before warnings, then the shallowest pointer.

        A shallow pointer names the broadest problem ("no 'multiscales'") which usually
        explains the deeper ones.
        """
        if not self.issues:
            return None
        return min(
            self.issues,
            key=lambda i: (i.severity.rank, i.pointer.count("/"), i.node.count("/"), i.sort_key()),
        )

    def rules(self) -> set[str]:
        return {i.rule for i in self.issues}

    def raise_for_errors(self) -> None:
        """Raise `InvalidMetadataError` when the report is not valid."""
        if not self.valid:
            raise InvalidMetadataError(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "strict": self.strict,
            "version": self.version,
            "kinds": list(self.kinds),
            "issues": [i.to_dict() for i in self.issues],
        }


_NEW = object.__new__


def _built(
    cls: type[Report],
    issues: tuple[Issue, ...],
    strict: bool,
    version: str | None,
    kinds: tuple[str, ...],
) -> Report:
    """``cls(issues, strict, version, kinds)``: for `Report` itself its four fields put in
    its ``__dict__`` directly. The frozen dataclass's ``__init__`` sets each through
    ``object.__setattr__`` (1 us, against 0.2 here): most of `from_issues` for a small
    document with a finding or two (a plate beside a bioformats2raw layout lacking its
    recommended name). The same instance: equal, same hash, still frozen
    (``tests/test_b2r_speed.py``). A subclass is made by its own ``__init__``."""
    if cls is not Report:
        return cls(issues, strict, version, kinds)
    report = _NEW(cls)
    fields = report.__dict__
    fields["issues"] = issues
    fields["strict"] = strict
    fields["version"] = version
    fields["kinds"] = kinds
    return report
