"""Validate many stores on one machine: a pool of worker processes, one store at a time each.

Not `concurrent.futures.ProcessPoolExecutor`: one worker that dies breaks that whole pool,
and a task that hangs cannot be stopped there. Here each worker has its own pipe and the
coordinator watches its pipe, its process and its deadline together:

- a result arrives: it is yielded, and the worker gets the next store;
- the store's time (``store_timeout``) runs out: the worker is killed and replaced, and
  the store is recorded as not validated, saying so (a hung server, a huge walk);
- the worker dies (killed, out of memory, a crash in a native library): it is replaced
  and the store is tried again on a fresh worker, ``retries`` times, then recorded as
  not validated with the exit status.

Workers ignore SIGINT: Ctrl-C stops the coordinator, which stops them, so the results
file is closed on a whole line. A worker whose coordinator was killed outright finds its
pipe closed and exits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from .results import Options, StoreResult, not_validated, validate_one

__all__ = ["default_jobs", "run_local", "timed_out"]


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def timed_out(seconds: float) -> str:
    """The reason recorded for a store that did not finish in time (local and Dask alike)."""
    return f"validation did not finish in {seconds:g} s (--store-timeout); not validated"


def _serve(conn: Connection, options: Options, environment: dict[str, str]) -> None:
    """A worker: validate each target received until told to stop or orphaned.

    ``environment`` is the coordinator's at the worker's start: a forkserver child
    inherits the environment of the forkserver, which is the coordinator's at its first
    pool, and credentials set since (AWS_*, a proxy) must reach the workers too.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.clear()
    os.environ.update(environment)
    _warm_up()
    try:
        conn.send(_READY)
    except (BrokenPipeError, OSError):
        return
    while True:
        try:
            target = conn.recv()
        except (EOFError, OSError):
            return
        if target is None:
            return
        try:
            result = validate_one(target, options)
        except Exception as exc:  # our bug: a record that says so, and the worker lives on
            result = not_validated(target, f"internal error: {exc!r}", options, 0.0)
        try:
            conn.send(dict(result.record))
        except (BrokenPipeError, OSError):
            return


_READY = "ready"
# How long a new worker may take to start and import what validation needs (a loaded
# machine can take seconds): it is not counted in any store's --store-timeout.
_START_TIMEOUT = 120.0


def _warm_up() -> None:
    """Import and build what the first validation would, before the worker says it is
    ready: the package loads these lazily, and a store's time must be its own, not the
    worker's start-up (a hung-store timeout would otherwise also catch slow starts)."""
    import ome_zarr_schemas.schema.engine
    import ome_zarr_schemas.store.walk  # noqa: F401


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    target: str | None = None
    attempt: int = 0
    started: float = 0.0


def run_local(
    targets: Iterable[str],
    options: Options,
    *,
    jobs: int | None = None,
    store_timeout: float | None = None,
    retries: int = 1,
) -> Iterator[StoreResult]:
    """Validate ``targets`` on ``jobs`` processes; yield each store's result as it finishes."""
    context: Any = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ome_zarr_schemas.collection.results"])
    size = max(1, jobs or default_jobs())
    upcoming = iter(targets)
    again: deque[tuple[str, int]] = deque()  # stores to try again after their worker died
    idle: list[_Worker] = []
    busy: list[_Worker] = []

    def start() -> _Worker:
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_serve, args=(theirs, options, dict(os.environ)), daemon=True
        )
        process.start()
        theirs.close()
        with contextlib.suppress(EOFError, OSError):  # a worker that died: found when used
            if ours.poll(_START_TIMEOUT):
                ours.recv()
        return _Worker(process, ours)

    def next_store() -> tuple[str, int] | None:
        if again:
            return again.popleft()
        target = next(upcoming, None)
        return None if target is None else (target, 0)

    def stop(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    try:
        exhausted = False
        while True:
            while not exhausted and len(busy) < size:
                store = next_store()
                if store is None:
                    exhausted = True
                    break
                worker = idle.pop() if idle else start()
                try:
                    worker.conn.send(store[0])
                except OSError:  # it died while idle: a fresh one takes the store
                    stop(worker)
                    worker = start()
                    worker.conn.send(store[0])
                worker.target, worker.attempt = store
                worker.started = time.monotonic()
                busy.append(worker)
            if not busy:
                if again:
                    exhausted = False
                    continue
                return
            wait_for = None
            if store_timeout is not None:
                deadline = min(w.started for w in busy) + store_timeout
                wait_for = max(0.0, deadline - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
            now = time.monotonic()
            for worker in list(busy):
                target = worker.target
                assert target is not None
                result: StoreResult | None = None
                if worker.conn in ready:
                    with contextlib.suppress(EOFError, OSError):  # died while sending: below
                        result = StoreResult(worker.conn.recv())
                    if result is not None:
                        busy.remove(worker)
                        idle.append(worker)
                        yield result
                        continue
                if worker.conn in ready or worker.process.sentinel in ready:
                    busy.remove(worker)
                    stop(worker)
                    code = worker.process.exitcode
                    if worker.attempt < retries:
                        again.append((target, worker.attempt + 1))
                        exhausted = False
                        continue
                    reason = (
                        f"the worker validating it died (exit status {code}),"
                        f" {worker.attempt + 1} time(s); not validated"
                    )
                    yield not_validated(target, reason, options, now - worker.started)
                elif store_timeout is not None and now - worker.started >= store_timeout:
                    busy.remove(worker)
                    stop(worker)
                    yield not_validated(target, timed_out(store_timeout), options, store_timeout)
    finally:
        for worker in idle:  # a polite stop to the idle, then the same end for all
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in idle:
            worker.process.join(1)
        for worker in idle + busy:
            stop(worker)
