"""Validate a whole store: read it once (`store.walk`), then check every group and the links
between them (the cross-group checks of `rules`) without further I/O.

Each group's attributes go through `validate_attributes`; identical documents (every field
of a plate usually carries the same multiscales block) are validated once and the verdict
reused. Cross-group findings carry the node they are about and the related nodes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._collector import collector_paused
from .issues import Issue, Report
from .rules import document
from .rules import store as store_rules
from .rules._context import Context, Group
from .rules._registry import run_cross
from .rules._shortcuts import taken
from .rules.version import advise_missing_versions
from .schema.engine import FINITE
from .spec.metadata import ome_group
from .spec.versions import of_zarr_format
from .store.nodes import DEFAULT_CONCURRENCY, Hierarchy, Limits
from .validate import validate_loaded

if TYPE_CHECKING:  # the store reader loads when a store is read, not on import
    from .store.sources import Source

__all__ = [
    "Hierarchy",
    "Limits",
    "check_hierarchy",
    "open_store",
    "read_source",
    "read_store",
    "store_limits",
    "target_unread",
    "validate_store",
]


def validate_store(
    target: object,
    *,
    strict: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    limits: Limits | None = None,
    anonymous: bool = False,
    storage_options: Mapping[str, Any] | None = None,
    max_fields: int | None = None,
    kind: str | None = None,
) -> Report:
    """Validate the OME-Zarr hierarchy at ``target`` and return every finding.

    ``target``: a local path, a ``file://``, ``http(s)://`` or ``s3://`` URL, an open zarr
    group or a zarr store; it may be any node (image, labels, label image, plate, well,
    bioformats2raw root) or a plain group containing OME-Zarr groups. ``anonymous`` reads
    S3 without credentials; ``storage_options`` go to fsspec for a URL target, e.g.
    ``{"endpoint_url": "http://localhost:9000"}`` for S3-compatible storage (MinIO, Ceph).
    ``max_fields=N`` reads only the first N fields of each well, for a quick look at a big
    plate (an info finding says what was left out). ``kind`` ("plate", ...) is the kind
    the target group must have (a ``document.kind-key`` finding when it has not); the
    groups below are validated as usual. Issues name their node relative to
    ``target``. Nothing is written. An unreachable or broken node is an issue, never an
    exception.

    A local store is read and checked in one pause of the cyclic collector, and its
    hierarchy dropped before the pause ends: ended after the read, the pause let the
    collector walk every object the walk had built (a 1536-well plate's million and more),
    objects that only live until the report is made (0.3 s of such a plate's 2.2 s of
    CPU, issue 15); dropped inside it, they go by reference counting and the collector
    finds little new when it runs again.
    """
    chosen = store_limits(limits, concurrency=concurrency, max_fields=max_fields)
    source = open_store(target, chosen, anonymous=anonymous, storage_options=storage_options)
    with collector_paused(bool(getattr(source, "local", False))):
        hierarchy = read_source(source, chosen)
        with collector_paused():
            report = check_hierarchy(hierarchy, strict=strict, kind=kind)
            del hierarchy  # freed in the pause (see above)
    return report


def read_store(
    target: object,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    limits: Limits | None = None,
    anonymous: bool = False,
    storage_options: Mapping[str, Any] | None = None,
    max_fields: int | None = None,
) -> Hierarchy:
    """Read every metadata document the hierarchy at ``target`` needs (the I/O half)."""
    chosen = store_limits(limits, concurrency=concurrency, max_fields=max_fields)
    source = open_store(target, chosen, anonymous=anonymous, storage_options=storage_options)
    return read_source(source, chosen)


def store_limits(
    limits: Limits | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    max_fields: int | None = None,
    timeout: float | None = None,
) -> Limits:
    """The bounds of a walk: ``limits`` (or the defaults) with the options given apart
    from it; a ``concurrency`` other than the default wins over the one in ``limits``."""
    chosen = limits or Limits(concurrency=concurrency)
    if limits is not None and concurrency != DEFAULT_CONCURRENCY:
        chosen = dataclasses.replace(limits, concurrency=concurrency)
    if max_fields is not None:
        chosen = dataclasses.replace(chosen, max_fields=max_fields)
    if timeout is not None:
        chosen = dataclasses.replace(chosen, timeout=timeout)
    return chosen


def open_store(
    target: object,
    limits: Limits,
    *,
    anonymous: bool = False,
    storage_options: Mapping[str, Any] | None = None,
) -> Source:
    """The `Source` that reads ``target``, bounded by ``limits``' document size; raises
    for a target no source can open (an unknown protocol, a missing optional package)."""
    from .store.sources import open_source

    source, _ = open_source(
        target,
        anonymous=anonymous,
        storage_options=storage_options,
        max_bytes=limits.max_document_bytes,
    )
    return source


def read_source(source: Source, limits: Limits) -> Hierarchy:
    """Walk the store behind ``source`` (from synchronous code).

    A local walk runs with the cyclic collector paused: it builds tens of thousands of
    decoded documents (acyclic), and each full collection walks all of them again (0.4 s
    of a 1536-well plate's read, issue 15). A remote walk is not paused: its network
    library may leave cycles for as long as the walk lasts.
    """
    from zarr.core.sync import sync

    from .store.walk import read_hierarchy

    with collector_paused(bool(getattr(source, "local", False))):
        return sync(read_hierarchy(source, limits))


def target_unread(hierarchy: Hierarchy) -> bool:
    """The target's own metadata is absent or could not be read: nothing was validated.

    A root document that was read but is not JSON is invalid metadata (exit 1), like a
    broken JSON file given directly; a failed or refused read (a link out of the target,
    a pipe, a server's HTML page), a JSON null or no metadata at all is exit 2, and a
    not-found error for the group classes.
    """
    root = hierarchy.nodes.get("")
    if root is None or root.exists is False:
        return True
    return root.exists is None and root.unread


def check_hierarchy(
    hierarchy: Hierarchy, *, strict: bool = False, kind: str | None = None
) -> Report:
    """Validate an already-read hierarchy: every group's document, then the cross rules;
    with ``kind``, the target group must be of that kind.

    The checks run with the cyclic collector paused: they make no I/O and few cycles,
    and each full collection would walk every document of the hierarchy again (0.5 s of
    a 1536-well plate's checks, issue 15).
    """
    with collector_paused():
        return _check_hierarchy(hierarchy, strict=strict, kind=kind)


def _check_hierarchy(hierarchy: Hierarchy, *, strict: bool, kind: str | None) -> Report:
    issues: list[Issue] = list(hierarchy.issues)
    groups: dict[str, Group] = {}
    # (digest of the bytes read, version forced) -> a document's findings, version and
    # kinds (the detection its validation made: not detected again), one validation per
    # document
    cache: dict[object, _Verdict] = {}
    # zarr format -> the version it implies (v2: 0.4; v3 documents name their version)
    implied: dict[object, str | None] = {}
    # the nodes as the walk read them (the report sorts the findings; a sort of a plate's
    # 20,000 paths cost more than the loop), the groups then put in path order
    for path, node in hierarchy.nodes.items():
        if node.issues:
            issues.extend(node.issues)
        attrs = node.attributes
        if attrs is None or node.exists is not True or node.node_type != "group":
            continue  # arrays, absent nodes, groups without attributes
        if type(attrs) is not dict and not isinstance(attrs, Mapping):  # e.g. a list
            issues.extend(validate_loaded(attrs, node=path).issues)
            continue
        zarr_format = node.zarr_format
        forced = implied.get(zarr_format, _UNKNOWN)
        if forced is _UNKNOWN:
            forced = implied[zarr_format] = of_zarr_format(zarr_format)
        ome, base = ome_group(attrs, forced)  # `Node.ome` of a group
        if ome is None and "ome" not in attrs:
            continue
        found, detected, held = _validated(cache, node.raw_key, attrs, forced, node.finite)
        if found:
            issues.extend(dataclasses.replace(i, node=path) for i in found)
        if ome is not None:
            groups[path] = Group(path, detected, held, ome, base)
    groups = dict(sorted(groups.items()))
    version, root = _hierarchy_version(groups)
    context = Context(hierarchy, groups, version, root)
    issues.extend(run_cross(context))
    issues = advise_missing_versions(issues, groups)
    if not groups:
        root_node = hierarchy.nodes.get("")
        if root_node is None or root_node.exists is False:
            message = "no zarr metadata at the target (no zarr.json, .zgroup, .zattrs or .zarray)"
        elif root_node.exists is None:
            message = "the target's metadata could not be read"
        else:
            message = "no OME-Zarr group at or below the target"
            if not hierarchy.can_list:
                message += " (this store cannot be listed; give the path of an OME-Zarr group)"
        issues.append(store_rules.NO_OME_METADATA.issue(message))
    # the kinds of the target itself: a group found below a bare target is not its kind
    top = groups.get("")
    kinds = tuple(sorted(top.kinds)) if top else ()
    if kind is not None and document.expected_kind(kind) not in kinds:
        issues = [i for i in issues if (i.rule, i.node) != (document.NO_OME_METADATA.id, "")]
        pointer = top.ptr() if top else ""
        issues.append(document.not_of_kind(kind, kinds, node="", pointer=pointer, version=version))
    return Report.from_issues(issues, strict=strict, version=version, kinds=kinds)


#: A document's findings, version and kinds, as validated once.
_Verdict = tuple[tuple[Issue, ...], "str | None", frozenset[str]]
_UNKNOWN: Any = object()


def _validated(
    cache: dict[object, _Verdict],
    raw: bytes,
    attrs: Mapping[str, Any],
    forced: str | None,
    finite: bool = False,
) -> _Verdict:
    """The findings of a group's attributes (their nodes still to be set), with the
    version and kinds their detection found (`detect`'s, which the report carries).

    Identical documents (the wells and labels groups of a plate, every field of a plate
    written alike) are validated once: keyed by a digest of the bytes read
    (`store.metadata.digest`: the node keeps 16 bytes, not the document). A document
    with no bytes (a hierarchy built in memory) is always validated: b"" would be one key
    for all of them. Documents of equal content written differently are validated again,
    not recognised: a canonical form of each document cost more (a tenth of a plate's
    checks) than the rare repeat it finds. ``finite``: the reader proved every number of
    the document finite (`Node.finite`: the compiled engine needs no typed guard; not
    under `rules._shortcuts.general_only`, for the tests that compare).
    """
    key = (raw, forced) if raw else None
    verdict = cache.get(key) if key is not None else None
    if verdict is None:
        parsed = FINITE if finite and taken() else True
        report = validate_loaded(attrs, version=forced, parsed=parsed)
        verdict = (report.issues, report.version, frozenset(report.kinds))
        if key is not None:
            cache[key] = verdict
    return verdict


def _hierarchy_version(groups: Mapping[str, Group]) -> tuple[str | None, str]:
    """The version of the top-most group; ties between groups at one depth go to the
    most common version.

    A target that is itself a group of a known version is the top-most group alone (no
    other path is as shallow as ""): its version, without the passes over every group
    that `_top_version` makes (23 ms of a 1536-well plate's checks, issue 15)."""
    target = groups.get("")
    if target is not None and target.version is not None and taken():
        return target.version, ""
    return _top_version(groups)


def _top_version(groups: Mapping[str, Group]) -> tuple[str | None, str]:
    """`_hierarchy_version` of any groups, from every group."""
    if not groups:
        return None, ""
    known = [g for g in groups.values() if g.version is not None]
    if not known:
        return None, min(groups, key=lambda p: (p.count("/") if p else -1, p))
    depth = min(g.path.count("/") if g.path else -1 for g in known)
    top = [g for g in known if (g.path.count("/") if g.path else -1) == depth]
    counts = Counter(g.version for g in known)
    best = max(top, key=lambda g: (counts[g.version], g.path == "", -len(g.path)))
    return best.version, best.path
