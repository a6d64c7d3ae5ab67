"""The walk: read every metadata document a hierarchy needs, once, concurrently.

Scheduling only. The walk follows the paths the metadata names (`links`), resolved by
`paths`, and lists folders only where the spec needs discovery (unlisted label images,
plate rows and columns, bioformats2raw numbered images, a plain group holding OME-Zarr
groups). Each node's documents are read through `sources.Reads` and turned into a
`Node` by `metadata`. Everything read lands in a flat {node path: `Node`} mapping; the
checks then run on that mapping without any I/O.

Faults are data: a missing document, a read error, a timeout or a document over a bound
becomes an `Issue` on the node, and the walk carries on with the rest.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Mapping
from typing import Any

from ..issues import pointer
from ..rules import store as store_rules
from ..rules._rule import Rule
from ..rules._shortcuts import taken
from ..spec.links import Link, links
from . import metadata
from .findings import finding
from .metadata import Expect
from .nodes import Hierarchy, Limits, Node
from .paths import join, parent, resolve
from .sources import ReadError, Reads, Source

__all__ = ["read_hierarchy"]


async def read_hierarchy(source: Source, limits: Limits | None = None) -> Hierarchy:
    """Walk the store from its root node and return every node read."""
    return await _Walk(source, limits or Limits()).run("any")


class _Walk:
    def __init__(self, source: Source, limits: Limits) -> None:
        self.reads = Reads(source, limits)
        self.limits = limits
        self.h = Hierarchy(can_list=source.can_list)
        self.loading: dict[str, asyncio.Future[Node]] = {}
        self.expanded: set[str] = set()
        self.requested: dict[str, bool] = {}  # path -> expand
        self.queue: deque[tuple[str, Expect, bool]] = deque()
        self.wakeup = asyncio.Event()
        self.active = 0
        self.refused = False
        self.partial_wells = 0  # wells with fields left unread by Limits.max_fields

    # -- the pool of workers

    async def run(self, root: Expect) -> Hierarchy:
        """Read from the target down with a fixed pool of workers.

        A pool instead of one task per node: a big plate has tens of thousands of nodes,
        and per-node tasks cost more than reading a local document. One worker suffices
        for a local folder (reads do not block long); remote stores get ``concurrency``.
        """
        self.spawn("", root)
        if self.reads.read_now is not None:
            await self.read_in_place()
        else:
            count = 1 if self.reads.local else self.limits.concurrency
            await asyncio.gather(*(self.worker() for _ in range(count)))
        if self.partial_wells:
            self.report(
                store_rules.PARTIAL,
                "",
                f"only the first {self.limits.max_fields} field(s) of each well were read:"
                f" {self.partial_wells} well(s) have fields that were not checked (drop the"
                " field limit for a full check)",
            )
        return self.h

    async def read_in_place(self) -> None:
        """The one worker of a source read in place (`Reads.read_now`), in the queue's
        order as `worker` would: a read never waits, so nothing else runs meanwhile and
        the queue needs no bookkeeping; only a group has anything to follow."""
        queue, load, expanded = self.queue, self.load_now, self.expanded
        while queue:
            path, expect, expand = queue.popleft()
            node = load(path, expect)
            if expand and node.is_group and path not in expanded:
                expanded.add(path)
                await self.expand(node)

    async def worker(self) -> None:
        while True:
            if self.queue:
                path, expect, expand = self.queue.popleft()
                self.active += 1
                try:
                    await self.visit(path, expect, expand)
                finally:
                    self.active -= 1
                    self.wakeup.set()
            elif self.active == 0:
                self.wakeup.set()
                return
            else:
                self.wakeup.clear()
                await self.wakeup.wait()

    def spawn(self, path: str, expect: Expect, *, expand: bool = True) -> None:
        """Queue a node for reading (and, with ``expand``, for following its metadata)."""
        before = self.requested.get(path)
        if before is not None and (before or not expand):
            return
        depth = path.count("/") + 1 if path else 0
        if depth > self.limits.max_depth:
            self.report(
                store_rules.TOO_DEEP,
                path,
                f"the node is {depth} levels below the target, over the limit of"
                f" {self.limits.max_depth}; not read",
            )
            return
        if before is None and len(self.requested) >= self.limits.max_nodes:
            if not self.refused:
                self.refused = True
                self.report(
                    store_rules.TOO_MANY_NODES,
                    path,
                    f"the walk reached the limit of {self.limits.max_nodes} nodes; this"
                    " node and any further ones were not read",
                )
            return
        self.requested[path] = expand
        self.queue.append((path, expect, expand))
        self.wakeup.set()

    async def visit(self, path: str, expect: Expect, expand: bool) -> None:
        node = await self.load(path, expect)
        if expand and path not in self.expanded:
            self.expanded.add(path)
            await self.expand(node)

    def report(self, rule: Rule, node: str, message: str, where: str = "") -> None:
        """A finding of the walk itself (a bound, a refused path): on no single document."""
        self.h.issues.append(finding(rule, node, message, where))

    # -- reading one node

    async def load(self, path: str, expect: Expect) -> Node:
        """The node at ``path``, read once however many links name it."""
        if self.reads.read_now is not None:
            return self.load_now(path, expect)
        future = self.loading.get(path)
        if future is not None:
            return await future
        future = asyncio.get_running_loop().create_future()
        self.loading[path] = future
        try:
            node = await self._read_node(path, expect)
        except BaseException as exc:  # our bug: let any waiter fail too, never hang
            future.set_exception(exc)
            raise
        self.h.nodes[path] = node
        future.set_result(node)
        return node

    def load_now(self, path: str, expect: Expect) -> Node:
        """`load` from a source read in place (`Reads.read_now`): the read never waits,
        so no other worker can ask for the node meanwhile and no future is needed."""
        node = self.h.nodes.get(path)
        if node is None:
            node = self.h.nodes[path] = self._read_now(path, expect)
        return node

    def _read_now(self, path: str, expect: Expect) -> Node:
        """The node at ``path`` read in place, round by round (`metadata.candidates`).

        In a zarr v3 store the first round is zarr.json alone: found, it is the node,
        made at once (`metadata.v3_node`: no documents by name, no list of failures for
        a plate's 40,000 nodes, issue 15); absent, the next rounds are read as ever."""
        rounds = metadata.candidates(self.h.zarr_format, expect)
        found: dict[str, bytes] = {}
        errors: list[tuple[Rule, str]] = []
        get = self.reads.get_now
        if self.h.zarr_format == 3 and taken():
            data, error = get(f"{path}/zarr.json" if path else "zarr.json")
            if error is not None:  # the round settles the node, as below
                return self._node(path, found, [error])
            if data is not None:
                return metadata.v3_node(path, data, self.limits)
            rounds = rounds[1:]
        for names in rounds:
            for name in names:
                data, error = get(f"{path}/{name}" if path else name)
                if error is not None:
                    errors.append(error)
                elif data is not None:
                    found[name] = data
            if found or errors:
                break
        return self._node(path, found, errors)

    async def _read_node(self, path: str, expect: Expect) -> Node:
        key = (lambda name: f"{path}/{name}") if path else (lambda name: name)
        found: dict[str, bytes] = {}
        errors: list[tuple[Rule, str]] = []
        for names in metadata.candidates(self.h.zarr_format, expect):
            if len(names) == 1 or self.reads.local:
                results = [await self.reads.get(key(n)) for n in names]
            else:
                results = await asyncio.gather(*(self.reads.get(key(n)) for n in names))
            if _sort(names, results, found, errors):
                break
        return self._node(path, found, errors)

    def _node(self, path: str, found: dict[str, bytes], errors: list[tuple[Rule, str]]) -> Node:
        """The node made of the documents read; the first one tells the store's format."""
        node = metadata.read_node(path, found, errors, self.limits)
        if self.h.zarr_format is None and node.zarr_format is not None:
            self.h.zarr_format = node.zarr_format
        return node

    async def list_dir(self, path: str) -> list[str] | None:
        """The child folders of ``path`` (listed once); None when the store cannot say."""
        if not self.h.can_list:
            return None
        if path in self.h.listings:
            return self.h.listings[path]
        names = await self.reads.list_dir(path)
        if names is not None:
            self.h.listings[path] = names
        return names

    # -- following metadata

    def follow(
        self, base: str, value: object, where: tuple[str | int, ...], expect: Expect
    ) -> str | None:
        """Queue the node a metadata path names and return its path; ``where`` (pointer
        tokens) locates a refusal.

        Tokens, not a pointer: a big plate follows ~20,000 paths and refuses almost none.
        """
        target, reason = resolve(base, value)
        if target is None:
            if isinstance(value, str):
                self.report(
                    store_rules.PATH_UNSAFE, base, f"{reason}; not followed", pointer(*where)
                )
            return None
        self.spawn(target, expect)
        return target

    async def expand(self, node: Node) -> None:
        """Follow what the group ``node`` names, then discover what the spec lets it leave
        unnamed."""
        ome, base = node.ome()
        if ome is None:
            if node.path == "" and node.is_group:
                await self.discover(node.path, 0)
            return
        labels: set[str] = set()  # first segments of the label images named
        rows: set[str] = set()  # plate rows named by well paths
        limit, fields = self.limits.max_fields, 0
        found = node.links = links(ome, None, base)
        path = node.path
        plain = "//" not in path and path[:1] != "/" and path[-1:] != "/"
        for link in found:
            if link.kind == "level":
                if plain and link.path.isalnum():  # one safe segment: `resolve` joins it
                    self.spawn(f"{path}/{link.path}" if path else link.path, "array")
                else:
                    self.follow(path, link.path, link.tokens, "array")
        if "multiscales" in ome and "image-label" not in ome:
            self.spawn(join(node.path, "labels"), "probe")  # an image MAY have labels
        for link in found:
            if link.kind == "level":  # followed above; `take` has nothing for it
                continue
            if link.kind == "field" and limit is not None:
                fields += 1
                if fields > limit:
                    continue
            self.take(node.path, link, labels, rows)
        if limit is not None and fields > limit:
            self.partial_wells += 1
        if isinstance(ome.get("labels"), list) and self.h.zarr_format != 2:
            # unlisted label images MAY exist from 0.5 on (not in 0.4)
            for name in await self.list_dir(node.path) or ():
                if name not in labels:
                    self.spawn(join(node.path, name), "group", expand=False)
        if isinstance(ome.get("plate"), Mapping):
            await self._plate_folders(node.path)
        if "bioformats2raw.layout" in ome:
            await self._bioformats2raw(node, ome)

    def take(self, path: str, link: Link, labels: set[str], rows: set[str]) -> None:
        """Follow one link (not a level: `expand` follows those first) of the group at
        ``path``; the bioformats2raw 'OME' group is `_bioformats2raw`'s."""
        kind, value, where = link.kind, link.path, link.tokens
        if kind == "label":
            target = self.follow(path, value, where, "group")
            if target is not None:
                labels.add(value.split("/")[0])
                middle = parent(target)
                while middle != path and middle.startswith(path):
                    self.spawn(middle, "group", expand=False)
                    middle = parent(middle)
        elif kind == "label-source":
            target, _ = resolve(path, value, allow_up=True)
            if target is not None:
                self.spawn(target, "group", expand=False)
        elif kind == "well":
            target, _ = resolve(path, value)
            if target is not None and "/" in value and parent(target) not in rows:
                rows.add(parent(target))
                self.spawn(parent(target), "group", expand=False)
            self.follow(path, value, where, "group")
        elif kind in ("field", "series"):
            self.follow(parent(path) if link.from_parent else path, value, where, "group")
        elif kind in ("transform-group", "parameters"):
            target, reason = resolve(path, value)
            if target is not None:
                self.spawn(target, link.expect)
            else:
                self.report(
                    store_rules.PATH_UNSAFE, path, f"transformation path {reason}; not followed"
                )

    async def _plate_folders(self, path: str) -> None:
        """Rows and columns of a plate that its wells do not name (they are groups too)."""
        for name in await self.list_dir(path) or ():
            if name in {"OME", "labels"}:
                continue
            row = join(path, name)
            self.spawn(row, "group", expand=False)
            for column in await self.list_dir(row) or ():
                self.spawn(join(row, column), "group", expand=False)

    async def _bioformats2raw(self, node: Node, ome: Mapping[str, Any]) -> None:
        """The OME group, then the numbered images unless a plate or series names them."""
        ome_path = join(node.path, "OME")
        xml = join(ome_path, "METADATA.ome.xml")
        self.h.files[xml] = bool(await self.reads.exists(xml))
        ome_group = await self.load(ome_path, "group")
        if ome_path not in self.expanded:
            self.expanded.add(ome_path)
            await self.expand(ome_group)
        series, _ = ome_group.ome()
        if "plate" in ome or (series is not None and "series" in series):
            return
        names = await self.list_dir(node.path)
        if names is not None:
            for name in names:
                if name.isdigit():
                    self.spawn(join(node.path, name), "group")
            return
        # No listing: probe 0, 1, 2, ... in batches until the first gap. Probed groups count
        # against the node limit as listed ones do (at the limit only the next one's
        # existence is checked; its refused spawn reports the limit), and they are queued
        # together at the end, as a listing queues them, so the walk order is the same.
        found: list[str] = []
        index, batch = 0, 8
        while True:
            room = self.limits.max_nodes - len(self.requested) - len(found)
            if room <= 0:
                following = join(node.path, str(index))
                marker = metadata.group_document(self.h.zarr_format)
                if await self.reads.exists(join(following, marker)):
                    found.append(following)
                break
            paths = [join(node.path, str(i)) for i in range(index, index + min(batch, room))]
            nodes = await asyncio.gather(*(self.load(p, "group") for p in paths))
            found.extend(p for p, n in zip(paths, nodes, strict=True) if n.exists)
            if not all(n.exists for n in nodes):
                break
            index += len(paths)
            batch = min(batch * 2, self.limits.concurrency)
        for path in found:
            self.spawn(path, "group")

    async def discover(self, path: str, depth: int) -> None:
        """A plain group: find the OME-Zarr groups below it (the spec names no paths)."""
        for name in await self.list_dir(path) or ():
            child = join(path, name)
            node = await self.load(child, "group")
            if node.ome()[0] is not None:
                self.spawn(child, "group")
            elif node.is_group and depth < self.limits.max_depth:
                await self.discover(child, depth + 1)


def _sort(
    names: tuple[str, ...],
    results: list[tuple[bytes | None, ReadError | None]],
    found: dict[str, bytes],
    errors: list[tuple[Rule, str]],
) -> bool:
    """File one round of reads into ``found`` and ``errors``; True when the round settles
    the node (something was found or a read failed)."""
    for name, (data, error) in zip(names, results, strict=True):
        if error is not None:
            errors.append(error)
        elif data is not None:
            found[name] = data
    return bool(found or errors)
