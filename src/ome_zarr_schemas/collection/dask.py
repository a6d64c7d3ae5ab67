"""Validate many stores on a Dask cluster: one task per store, results as they finish.

Each task runs the same `validate_one` as a local pool worker and returns the same plain
record, so a Dask run and a local run give the same results (timings aside). The
coordinator (this process) keeps at most a few tasks per worker thread in flight, so a
listing of a million stores is never all submitted at once.

A worker that dies mid-store loses nothing: the scheduler hands its tasks to another
worker (Dask's ``distributed.scheduler.allowed-failures`` times); after that the store is
recorded as not validated, naming the failure. A store that hangs is bounded inside the
task: it runs in a thread the task stops waiting for after ``store_timeout`` seconds (a
thread cannot be killed; it ends on its own when the per-request ``timeout`` fires), and
the record says it timed out, as the local pool's does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from itertools import count
from typing import Any
from uuid import uuid4

from .local import timed_out
from .results import Options, StoreResult, not_validated, validate_one

__all__ = ["run_dask"]


def _task(target: str, options: Options, store_timeout: float | None) -> dict[str, Any]:
    """One store, on a Dask worker: its record, or a timed-out record."""
    if store_timeout is None:
        return dict(validate_one(target, options).record)
    box: list[StoreResult] = []

    def run() -> None:
        try:
            box.append(validate_one(target, options))
        except Exception as exc:  # our bug: a record that says so
            box.append(not_validated(target, f"internal error: {exc!r}", options, 0.0))

    thread = threading.Thread(target=run, name=f"validate {target}", daemon=True)
    thread.start()
    thread.join(store_timeout)
    if not box:
        return dict(not_validated(target, timed_out(store_timeout), options, store_timeout).record)
    return dict(box[0].record)


def run_dask(
    targets: Iterable[str],
    options: Options,
    client: Any,
    *,
    store_timeout: float | None = None,
    in_flight: int | None = None,
) -> Iterator[StoreResult]:
    """Validate ``targets`` as tasks of ``client`` (a `dask.distributed.Client`)."""
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    limit = in_flight or max(8, 4 * threads)
    run = uuid4().hex[:8]
    numbers = count()
    upcoming = iter(targets)
    started: dict[str, tuple[str, float]] = {}

    def submit() -> Any | None:
        target = next(upcoming, None)
        if target is None:
            return None
        key = f"ome-zarr-validate-{run}-{next(numbers)}"
        started[key] = (target, time.monotonic())
        return client.submit(_task, target, options, store_timeout, key=key, pure=False)

    first = [f for f in (submit() for _ in range(limit)) if f is not None]
    pending = as_completed(first)  # type: ignore[no-untyped-call]
    for future in pending:
        target, began = started.pop(future.key)
        if future.status == "finished":
            result = StoreResult(future.result())
        else:
            error = future.exception()
            name = type(error).__name__
            reason = (
                f"the Dask workers validating it died ({error}); not validated"
                if name == "KilledWorker"
                else f"the Dask task failed: {name}: {error}; not validated"
            )
            result = not_validated(target, reason, options, time.monotonic() - began)
        future.release()
        following = submit()
        if following is not None:
            pending.add(following)  # type: ignore[no-untyped-call]
        yield result
