"""What a command-line target is, and reading it: a JSON document, a local store or a URL.

A folder is a store (its zarr metadata decides the rest), a URL is a store, any other
existing file is one attributes document. The store is read through a `Source` that
counts documents, so a terminal can watch a long walk progress: the reader has no
progress hook of its own.

A target that cannot be opened at all (missing, unreadable, unreachable root) is a
`failure`: the command line exits 2 for it instead of calling the metadata invalid.
"""

from __future__ import annotations

import stat
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..hierarchy import check_hierarchy, open_store, read_source, store_limits, target_unread
from ..issues import Issue, Report
from ..rules import document as document_rules
from ..store.documents import LoadedDocument, load_document
from ..store.nodes import DEFAULT_CONCURRENCY, Hierarchy
from ..validate import validate_loaded
from ._hints import explain

if TYPE_CHECKING:
    from ..store.sources import Source


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


class _Counting:
    """A `Source` that counts what it reads, for the progress display."""

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.can_list = inner.can_list
        self.local = bool(getattr(inner, "local", False))  # the reader's local fast path
        self.documents = 0
        self.requests = 0

    async def get(self, key: str) -> bytes | None:
        self.requests += 1
        data = await self.inner.get(key)
        if data is not None:
            self.documents += 1
        return data

    async def exists(self, key: str) -> bool:
        return await self.inner.exists(key)

    async def list_dir(self, path: str) -> list[str]:
        return await self.inner.list_dir(path)


class _ProgressView:
    """A spinner line redrawn by rich's refresh thread: no work on the reader's hot path."""

    def __init__(self, target: str, source: _Counting) -> None:
        from rich.spinner import Spinner

        self.target = target
        self.source = source
        self.started = time.perf_counter()
        self.spinner = Spinner("dots", style="cyan")

    def __rich__(self) -> Any:
        from rich.markup import escape
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        seconds = time.perf_counter() - self.started
        grid.add_row(
            self.spinner,
            f"reading {escape(self.target)}: {self.source.documents} document(s) read"
            f" ({self.source.requests} request(s)), {seconds:.1f}s",
        )
        return grid


@contextmanager
def _progress(target: str, source: _Counting, show: bool) -> Iterator[None]:
    if not show:
        with nullcontext():
            yield
        return
    from rich.console import Console
    from rich.live import Live

    console = Console(file=sys.stderr, force_terminal=True)
    with Live(_ProgressView(target, source), console=console, transient=True, refresh_per_second=8):
        yield


def read_target(
    target: str,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float | None = None,
    anonymous: bool = False,
    storage_options: Mapping[str, Any] | None = None,
    progress: bool = False,
    max_fields: int | None = None,
) -> Loaded:
    """Read one target; never raises for a bad or unreachable target.

    ``storage_options`` go to fsspec for a URL target (for s3://, e.g. ``endpoint_url``).
    """
    kind = classify(target)
    if isinstance(kind, Issue):
        return Loaded(target, "document", failure=kind)
    if kind == "document":
        return Loaded(target, "document", document=load_document(Path(target)))
    limits = store_limits(concurrency=max(1, concurrency), max_fields=max_fields, timeout=timeout)
    try:
        source = open_store(target, limits, anonymous=anonymous, storage_options=storage_options)
    except ImportError as exc:  # e.g. s3:// without s3fs
        message = f"cannot open it: {exc}"
        if target.startswith("s3://"):
            message = "reading s3:// needs s3fs: pip install 'ome-zarr-schemas[s3]'"
        return Loaded(target, "store", failure=_failure(target, message))
    except (ValueError, TypeError, OSError) as exc:  # an unknown protocol, a bad URL
        return Loaded(target, "store", failure=_failure(target, f"cannot open it: {exc}"))
    counting = _Counting(source)
    with _progress(target, counting, progress):
        hierarchy = read_source(counting, limits)
    root = hierarchy.nodes.get("")
    if target.startswith("s3://") and (root is None or root.exists is False):
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
    loaded: Loaded, *, strict: bool, version: str | None, kind: str | None = None
) -> Checked:
    """Validate what `read_target` read (no I/O); ``kind``: the kind the target must have."""
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
