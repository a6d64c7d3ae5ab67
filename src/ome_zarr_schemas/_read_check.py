"""Read one target and check it: the one path behind ``validate TARGET`` and each store of
a collection run (`collection.validate_many`, ``--from``, ``--find``, ``--dask``).

Two copies of this (the command line's and the collection workers') had drifted apart: a
store validated in a collection missed the plain-words hints, the missing-bucket message,
the s3fs hint, and read a named pipe or a dangling link as a store. One module now says
what a target is (`classify`), reads it (`read_target`: never raises for a bad or
unreachable target) and checks what was read without I/O (`check_target`, with the hints
of `_read_hints` applied here only); `read_and_check` does both and times them. Private to
users (the public faces are `validate_store`, `validate_many` and the command line);
tests/test_read_check.py runs the same targets through both callers.

A folder is a store (its zarr metadata decides the rest), a URL is a store, any other
existing file is one attributes document. A target that cannot be opened at all
(missing, unreadable, unreachable root) is a `failure`: nothing was validated (the
command line's exit status 2, a collection's ``not-validated``), never "invalid".
"""

from __future__ import annotations

import stat
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._read_hints import explain
from .hierarchy import check_hierarchy, open_store, read_source, store_limits, target_unread
from .issues import Issue, Report
from .rules import document as document_rules
from .store.documents import LoadedDocument, load_document
from .store.nodes import DEFAULT_CONCURRENCY, Hierarchy
from .validate import validate_loaded

if TYPE_CHECKING:
    from .store.sources import Source

Status = Literal["valid", "invalid", "not-validated"]

#: Around the walk of a store: may hand back a wrapper of the source to read through
#: (the command line's progress display counts the reads so).
Watch = Callable[["Source"], AbstractContextManager["Source"]]


@dataclass(frozen=True)
class ReadOptions:
    """How a target is read (the reading options of `validate_store` and ``validate``)."""

    concurrency: int = DEFAULT_CONCURRENCY
    timeout: float | None = None  # per request
    anonymous: bool = False
    #: fsspec's, for s3:// targets only (e.g. ``endpoint_url``)
    storage_options: Mapping[str, Any] | None = None
    max_fields: int | None = None


@dataclass
class Loaded:
    """One target as read: a document or a store hierarchy, or why neither could be read."""

    target: str
    kind: Literal["document", "store"]
    document: LoadedDocument | None = None
    hierarchy: Hierarchy | None = None
    failure: Issue | None = None  # the target itself could not be opened


@dataclass(frozen=True)
class Checked:
    """A target's report, how many nodes it holds, and whether it could be read at all."""

    report: Report
    nodes: int
    unreadable: bool
    #: The target is a zarr group without OME-Zarr metadata holding OME-Zarr groups
    #: below it (the headline says so instead of giving the kind of a group below).
    bare_target: bool = False

    @property
    def status(self) -> Status:
        """'not-validated' when nothing could be read, so it is never taken for 'invalid'."""
        if self.unreadable:
            return "not-validated"
        return "valid" if self.report.valid else "invalid"

    def summary(self, target: str) -> dict[str, Any]:
        """The target's entry in ``validate --format json``, which a collection's record
        (`collection.results`) begins with: one shape for both."""
        report = self.report
        return {
            "target": target,
            "valid": report.valid,
            "status": self.status,
            "version": report.version,
            "kinds": list(report.kinds),
            "nodes": self.nodes,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "issues": [i.to_dict() for i in report.issues],
        }

    @property
    def error(self) -> str | None:
        """Why the target was not validated (None when it was)."""
        best = self.report.best() if self.unreadable else None
        return None if best is None else best.message


@dataclass(frozen=True)
class Outcome:
    """What `read_and_check` gives: the target as read, its check, the seconds both took."""

    loaded: Loaded
    checked: Checked
    seconds: float


def _failure(target: str, message: str) -> Issue:
    return document_rules.UNREADABLE.issue(message, node=target)


def is_url(target: str) -> bool:
    return "://" in target


def classify(target: str) -> Literal["document", "store"] | Issue:
    """Store or document, or the issue that stops a local target from being read."""
    if is_url(target):
        return "store"
    try:
        info = Path(target).stat()
    except FileNotFoundError:
        return _failure(target, "no such file or folder")
    except OSError as exc:  # a symlink loop, a permission problem, a name too long
        return _failure(target, f"cannot read it: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        return "store"
    return "document"


def read_target(
    target: str, options: ReadOptions | None = None, *, watch: Watch | None = None
) -> Loaded:
    """Read one target; never raises for a bad or unreachable target; ``watch`` wraps
    the walk of a store (see `Watch`)."""
    options = options or ReadOptions()
    kind = classify(target)
    if isinstance(kind, Issue):
        return Loaded(target, "document", failure=kind)
    if kind == "document":
        return Loaded(target, "document", document=load_document(Path(target)))
    limits = store_limits(
        concurrency=max(1, options.concurrency),
        max_fields=options.max_fields,
        timeout=options.timeout,
    )
    s3 = target.startswith("s3://")
    try:
        source = open_store(
            target,
            limits,
            anonymous=options.anonymous,
            storage_options=options.storage_options if s3 else None,
        )
    except ImportError as exc:  # e.g. s3:// without s3fs
        message = f"cannot open it: {exc}"
        if s3:
            message = "reading s3:// needs s3fs: pip install 'ome-zarr-schemas[s3]'"
        return Loaded(target, "store", failure=_failure(target, message))
    except (ValueError, TypeError, OSError) as exc:  # an unknown protocol, a bad URL
        return Loaded(target, "store", failure=_failure(target, f"cannot open it: {exc}"))
    with (watch or nullcontext)(source) as through:
        hierarchy = read_source(through, limits)
    root = hierarchy.nodes.get("")
    if s3 and (root is None or root.exists is False):
        from zarr.core.sync import sync

        bucket = target[len("s3://") :].split("/", 1)[0]
        if not sync(_bucket_exists(source, bucket, limits.timeout)):
            message = f"no bucket {bucket!r} (or these credentials cannot see it)"
            return Loaded(target, "store", failure=_failure(target, message))
    return Loaded(target, "store", hierarchy=hierarchy)


async def _bucket_exists(source: Source, bucket: str, timeout: float) -> bool:
    """Whether an S3 bucket is there (asked only when the target has no metadata at all).

    A missing bucket and a missing key both read as "absent"; this tells them apart, so a
    mistyped bucket name is said as such. An unknown answer counts as "there".
    """
    fs = getattr(getattr(source, "store", None), "fs", None)
    if fs is None or not bucket:
        return True
    try:
        import asyncio

        async with asyncio.timeout(timeout):
            return bool(await fs._exists(bucket))
    except Exception:
        return True


def unreadable(loaded: Loaded) -> bool:
    """Nothing at the target could be read (no need to validate to know)."""
    if loaded.failure is not None:
        return True
    if loaded.hierarchy is not None:
        return target_unread(loaded.hierarchy)
    return loaded.document is not None and loaded.document.unread


def count_nodes(hierarchy: Hierarchy) -> int:
    """Groups and arrays found; probes for optional nodes that are not there do not count."""
    return sum(1 for node in hierarchy.nodes.values() if node.exists is True)


def check_target(
    loaded: Loaded, *, strict: bool, version: str | None = None, kind: str | None = None
) -> Checked:
    """Validate what `read_target` read (no I/O); ``kind``: the kind the target must have;
    ``version`` forces the version of a document (a store's metadata names its own)."""
    if loaded.failure is not None:
        return Checked(Report.from_issues([loaded.failure], strict=strict), 0, True)
    if loaded.hierarchy is not None:
        report = check_hierarchy(loaded.hierarchy, strict=strict, kind=kind)
        top = loaded.hierarchy.nodes.get("")
        bare = top is not None and top.is_group and top.ome()[0] is None
        unread = unreadable(loaded)
        if unread or (top is not None and top.is_array):  # said once, with a hint
            report = explain(loaded.target, report, loaded.hierarchy)
        return Checked(report, count_nodes(loaded.hierarchy), unread, bare and not report.kinds)
    document = loaded.document
    assert document is not None  # a document target always has one
    if document.issue is not None:
        report = Report.from_issues([document.issue], strict=strict)
        return Checked(report, 0, unreadable(loaded))
    report = validate_loaded(
        document.attributes, version=version, strict=strict, kind=kind, parsed=True
    )
    return Checked(report.with_findings(document.findings), 1, False)


def read_and_check(
    target: str,
    options: ReadOptions | None = None,
    *,
    strict: bool = False,
    version: str | None = None,
    kind: str | None = None,
    watch: Watch | None = None,
) -> Outcome:
    """`read_target`, then `check_target`, timed together; never raises for a bad target."""
    started = time.perf_counter()
    loaded = read_target(target, options, watch=watch)
    checked = check_target(loaded, strict=strict, version=version, kind=kind)
    return Outcome(loaded, checked, time.perf_counter() - started)


def not_read(reason: str, *, strict: bool = False) -> Checked:
    """The check of a target that gave no result at all (it hung, its worker died): the
    reason is a `document.unreadable` finding, as for a target that cannot be read."""
    issue = document_rules.UNREADABLE.issue(reason)
    return Checked(Report.from_issues([issue], strict=strict), 0, True)
