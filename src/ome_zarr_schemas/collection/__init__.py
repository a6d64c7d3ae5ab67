"""Validate a collection of stores: an archive, a submission queue, a folder of plates.

`validate_many` yields one `StoreResult` per store as each finishes, from a pool of
processes on this machine (every core by default) or from a Dask cluster (``client=``).
`find_roots` lists the OME-Zarr roots below a folder or prefix, `ResultsFile` keeps
results across runs (a new run skips what was validated), `write_html` draws the
report people look at.

>>> from ome_zarr_schemas import validate_many
>>> for result in validate_many(["a.zarr", "b.zarr"], jobs=2):  # doctest: +SKIP
...     print(result.target, result.status, len(result.report.errors))
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..store.nodes import DEFAULT_CONCURRENCY
from .results import Options, ResultsFile, StoreResult
from .targets import find_roots, read_target_list

__all__ = [
    "Options",
    "ResultsFile",
    "StoreResult",
    "find_roots",
    "read_target_list",
    "validate_many",
]


def validate_many(
    targets: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    client: Any = None,
    store_timeout: float | None = None,
    strict: bool = False,
    kind: str | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float | None = None,
    anonymous: bool = False,
    storage_options: Mapping[str, Any] | None = None,
    max_fields: int | None = None,
    retries: int = 1,
    version: str | None = None,
) -> Iterator[StoreResult]:
    """Validate every store (or document) of ``targets``; yield each result as it finishes.

    Results come in the order stores finish, not the order given. ``jobs``: worker
    processes (default: every core); ``client``: a `dask.distributed.Client` to run one
    task per store on its cluster instead. ``store_timeout`` bounds one store's whole
    validation (``timeout`` one request): a store past it is recorded as not validated,
    never waited for. A worker that dies costs a retry (``retries`` times), never the run.
    The other options are `validate_store`'s (``storage_options`` go to s3:// targets);
    ``version`` forces the version of a JSON document target, as ``validate_attributes``
    does (a store's metadata names its own).
    Never raises for a bad target: its result says ``not-validated``, the reason in
    ``error``.
    """
    options = Options(
        strict=strict,
        kind=kind,
        concurrency=concurrency,
        timeout=timeout,
        anonymous=anonymous,
        storage_options=dict(storage_options) if storage_options else None,
        max_fields=max_fields,
        version=version,
    )
    names = (os.fspath(t) for t in targets)  # results name each store as a string
    if client is not None:
        from .dask import run_dask

        return run_dask(names, options, client, store_timeout=store_timeout)
    from .local import run_local

    return run_local(names, options, jobs=jobs, store_timeout=store_timeout, retries=retries)
