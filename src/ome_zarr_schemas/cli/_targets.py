"""The command line's side of reading a target: a progress display on a terminal.

What a target is, reading it and checking it are `_read_check`'s, shared with the
collection's workers so that one ``validate TARGET`` and a store of a collection run
cannot say different things. Here the store is read through a `Source` that counts
documents, so a terminal can watch a long walk progress: the reader has no progress hook
of its own beyond the ``watch`` context it offers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .._read_check import Checked, Loaded, ReadOptions, check_target, unreadable
from .._read_check import read_target as _read_target

if TYPE_CHECKING:
    from .._read_check import Watch
    from ..store.sources import Source

__all__ = ["Checked", "Loaded", "ReadOptions", "check_target", "read_target", "unreadable"]


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

    def read_now(self, key: str) -> bytes | None:
        """The inner source's synchronous read, counted (asked for only when ``local``:
        a `sources.LocalSource`, the one source that reads in place)."""
        self.requests += 1
        data: bytes | None = self.inner.read_now(key)  # type: ignore[attr-defined]
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


def _watch(target: str) -> Watch:
    """The `_read_check.Watch` that shows the walk of ``target`` on stderr."""

    @contextmanager
    def watch(source: Source) -> Iterator[Source]:
        from rich.console import Console
        from rich.live import Live

        counting = _Counting(source)
        console = Console(file=sys.stderr, force_terminal=True)
        view = _ProgressView(target, counting)
        with Live(view, console=console, transient=True, refresh_per_second=8):
            yield counting

    return watch


def read_target(
    target: str, options: ReadOptions | None = None, *, progress: bool = False
) -> Loaded:
    """`_read_check.read_target`, with the progress display when ``progress``."""
    return _read_target(target, options, watch=_watch(target) if progress else None)
