"""The coordinate transform graph of a 0.6 image or scene.

Nodes are coordinate systems identified by (name, node path): the same name in two
groups is two systems (spec 0.6 §2.2). A dataset's level array is a node too (its
array coordinate system, named by the dataset path), so pixel indices can be mapped
anywhere. Each transformation is an edge input -> output; when its type is
invertible the graph may also walk it backwards (through ``inverse()``).

Paths in ``input``/``output`` objects are relative to the node holding the metadata
(``"tile_0"`` under a scene, ``"labels/cells"`` under an image) and become node paths
from the graph's root; see `loader.resolve_path` for the exact rule.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy.typing as npt

from ..spec.metadata import ome_block
from .base import CoordinateSystemRef, FloatArray, Sequence, Transform
from .errors import GraphError, NoPathError, TransformParseError, UnknownCoordinateSystemError
from .fields import RelativeLoader
from .loader import ArrayLoader, resolve_path
from .parse import parse_transform
from .simple import Identity

__all__ = ["CoordinateSystemNode", "Edge", "NodeKey", "TransformGraph"]


@dataclass(frozen=True)
class CoordinateSystemNode:
    """A coordinate system: its name and the node path (from the graph root) defining it.

    ``axes`` (axis names) is known for systems whose definition was seen; references
    to systems in groups not given to the graph stay nodes with ``axes=None``.
    ``array`` marks the implicit coordinate system of a level array.
    """

    name: str
    path: str
    axes: tuple[str, ...] | None = field(default=None, compare=False)
    array: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        where = "/" + self.path
        return f"array {where}" if self.array else f"{self.name!r} at {where}"


@dataclass(frozen=True)
class Edge:
    """One step of the graph: a declared transform, walked forwards or backwards."""

    source: CoordinateSystemNode
    target: CoordinateSystemNode
    transform: Transform
    inverted: bool = False
    defined_at: str = ""

    def resolve(self) -> Transform:
        """The transform of this step in its walking direction."""
        return self.transform.inverse() if self.inverted else self.transform

    @property
    def label(self) -> str:
        named = f" {self.transform.name!r}" if self.transform.name else ""
        return f"{self.transform.type}{named}" + (" (inverse)" if self.inverted else "")


NodeKey = CoordinateSystemNode | tuple[str, str] | Mapping[str, Any] | str


class TransformGraph:
    """Coordinate systems and the transforms between them; see the module docstring."""

    def __init__(self, loader: ArrayLoader | None = None) -> None:
        self.loader = loader
        self._nodes: dict[CoordinateSystemNode, CoordinateSystemNode] = {}
        self._edges: list[Edge] = []

    # building ---------------------------------------------------------------------
    @classmethod
    def from_image(
        cls, attributes: Mapping[str, Any], path: str = "", loader: ArrayLoader | None = None
    ) -> TransformGraph:
        """The graph of one image group (its ``zarr.json``, attributes or ``ome`` dict)."""
        graph = cls(loader)
        graph.add_image(attributes, path)
        return graph

    @classmethod
    def from_scene(
        cls,
        attributes: Mapping[str, Any],
        images: Mapping[str, Mapping[str, Any]] | None = None,
        path: str = "",
        loader: ArrayLoader | None = None,
    ) -> TransformGraph:
        """The graph of a scene group plus its images ({path relative to the scene: attrs})."""
        graph = cls(loader)
        graph.add_scene(attributes, images or {}, path)
        return graph

    def add_image(self, attributes: Mapping[str, Any], path: str = "") -> None:
        """Add every multiscales entry of an image group at node ``path``.

        Decision (spec 0.6 §2.2, digest §7.25): a system is (name, node), so equal names
        in two multiscales entries of one group are one node; a reference from outside
        cannot tell the entries apart either.
        """
        ome = _ome(attributes)
        entries = ome.get("multiscales")
        if not isinstance(entries, list):
            raise GraphError(f"no multiscales list in the image attributes at /{path}")
        for i, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                raise GraphError(f"multiscales[{i}] at /{path} is not an object")
            for cs in entry.get("coordinateSystems") or []:
                self.add_coordinate_system(cs, path)
            for dataset in entry.get("datasets") or []:
                if not isinstance(dataset, Mapping):
                    continue
                array_path = dataset.get("path")
                for raw in dataset.get("coordinateTransformations") or []:
                    t = self._parse(raw, path)
                    if isinstance(array_path, str):
                        # spec 0.6 §2.5: readers SHOULD take the dataset path as the input
                        t.input = CoordinateSystemRef(path=array_path)
                    self.add_transform(t, path)
            for raw in entry.get("coordinateTransformations") or []:
                self.add_transform(raw, path)

    def add_scene(
        self,
        attributes: Mapping[str, Any],
        images: Mapping[str, Mapping[str, Any]],
        path: str = "",
    ) -> None:
        """Add a scene group (at node ``path``) and the images it links."""
        ome = _ome(attributes)
        scene = ome.get("scene")
        if not isinstance(scene, Mapping):
            raise GraphError(f"no scene object in the attributes at /{path}")
        for cs in scene.get("coordinateSystems") or []:
            self.add_coordinate_system(cs, path)
        for rel, image in images.items():
            self.add_image(image, resolve_path(path, rel))
        for raw in scene.get("coordinateTransformations") or []:
            self.add_transform(raw, path)

    def add_coordinate_system(self, raw: Mapping[str, Any], at: str = "") -> CoordinateSystemNode:
        """Add a coordinate system object defined in the metadata of node ``at``."""
        name = raw.get("name") if isinstance(raw, Mapping) else None
        if not isinstance(name, str):
            raise GraphError(f"a coordinate system at /{at} has no name")
        axes = tuple(str(a.get("name")) for a in raw.get("axes") or [] if isinstance(a, Mapping))
        node = CoordinateSystemNode(name, at, axes)
        self._nodes[node] = node
        return node

    def add_transform(self, raw: Mapping[str, Any] | Transform, at: str = "") -> Edge:
        """Add a transformation defined in the metadata of node ``at`` as an edge."""
        t = raw if isinstance(raw, Transform) else self._parse(raw, at)
        source = self._endpoint(t.input, at, t, "input")
        target = self._endpoint(t.output, at, t, "output")
        edge = Edge(source, target, t, defined_at=at)
        self._edges.append(edge)
        return edge

    def _parse(self, raw: Any, at: str) -> Transform:
        loader = RelativeLoader(self.loader, at) if self.loader is not None else None
        try:
            return parse_transform(raw, loader)
        except TransformParseError as exc:
            raise TransformParseError(exc.message, exc.where, node=at) from exc

    def _endpoint(
        self, ref: CoordinateSystemRef | None, at: str, t: Transform, side: str
    ) -> CoordinateSystemNode:
        if ref is None or (ref.name is None and ref.path is None):
            raise GraphError(f"{t.type} transform at /{at} has no {side}")
        if ref.name is None:
            assert ref.path is not None
            node = CoordinateSystemNode(ref.path, resolve_path(at, ref.path), array=True)
        else:
            where = at if ref.path is None else resolve_path(at, ref.path)
            node = CoordinateSystemNode(ref.name, where)
        return self._nodes.setdefault(node, node)

    # queries ----------------------------------------------------------------------
    @property
    def nodes(self) -> tuple[CoordinateSystemNode, ...]:
        return tuple(self._nodes.values())

    @property
    def edges(self) -> tuple[Edge, ...]:
        """The declared transforms (forward direction only)."""
        return tuple(
            Edge(
                self._nodes[e.source], self._nodes[e.target], e.transform, e.inverted, e.defined_at
            )
            for e in self._edges
        )

    def node(self, key: NodeKey) -> CoordinateSystemNode:
        """Look a node up by node, ``(name, path)``, ``{"name", "path"}`` or a unique name."""
        if isinstance(key, CoordinateSystemNode):
            found = self._nodes.get(key)
        elif isinstance(key, tuple):
            found = self._nodes.get(CoordinateSystemNode(key[0], resolve_path("", key[1])))
        elif isinstance(key, Mapping):
            ref = CoordinateSystemRef.parse(key)
            if ref is None or (ref.name is None and ref.path is None):
                raise UnknownCoordinateSystemError("a node key needs a name or a path")
            if ref.name is None:
                assert ref.path is not None
                path = resolve_path("", ref.path)
                found = self._nodes.get(CoordinateSystemNode(ref.path, path))
                found = found or next((n for n in self._nodes if n.array and n.path == path), None)
            else:
                found = self._nodes.get(
                    CoordinateSystemNode(ref.name, resolve_path("", ref.path or ""))
                )
        else:
            matches = [n for n in self._nodes if n.name == key and not n.array]
            if len(matches) > 1:
                listed = ", ".join(str(n) for n in matches)
                raise UnknownCoordinateSystemError(
                    f"coordinate system name {key!r} is ambiguous ({listed}); give (name, path)"
                )
            found = matches[0] if matches else None
        if found is None:
            known = ", ".join(sorted(str(n) for n in self._nodes)) or "none"
            raise UnknownCoordinateSystemError(
                f"no coordinate system {key!r} in the graph (known: {known})"
            )
        return found

    def _steps(self) -> dict[CoordinateSystemNode, list[Edge]]:
        forward: dict[CoordinateSystemNode, list[Edge]] = {n: [] for n in self._nodes}
        backward: dict[CoordinateSystemNode, list[Edge]] = {n: [] for n in self._nodes}
        for e in self._edges:
            forward[e.source].append(e)
            if e.transform.invertible:
                backward[e.target].append(Edge(e.target, e.source, e.transform, True, e.defined_at))
        return {n: forward[n] + backward[n] for n in self._nodes}

    def path(self, src: NodeKey, dst: NodeKey) -> list[Edge]:
        """The shortest chain of steps from ``src`` to ``dst`` ([] when they are equal).

        Declared directions are preferred over inverses at equal length.
        """
        start, goal = self.node(src), self.node(dst)
        if start == goal:
            return []
        steps = self._steps()
        came: dict[CoordinateSystemNode, Edge | None] = {start: None}
        queue = deque([start])
        while queue:
            here = queue.popleft()
            for step in steps[here]:
                if step.target in came:
                    continue
                came[step.target] = step
                if step.target == goal:
                    chain: list[Edge] = []
                    node = goal
                    while (prev := came[node]) is not None:
                        chain.append(prev)
                        node = prev.source
                    return [self._canonical(e) for e in reversed(chain)]
                queue.append(step.target)
        raise NoPathError(self._no_path_message(start, goal))

    def _canonical(self, e: Edge) -> Edge:
        return Edge(
            self._nodes[e.source], self._nodes[e.target], e.transform, e.inverted, e.defined_at
        )

    def _no_path_message(self, start: CoordinateSystemNode, goal: CoordinateSystemNode) -> str:
        # Undirected search: if the two are linked at all, name the edge that blocks.
        links: dict[CoordinateSystemNode, list[tuple[CoordinateSystemNode, Edge, bool]]] = {
            n: [] for n in self._nodes
        }
        for e in self._edges:
            links[e.source].append((e.target, e, False))
            links[e.target].append((e.source, e, True))
        came: dict[CoordinateSystemNode, tuple[CoordinateSystemNode, Edge, bool] | None] = {
            start: None
        }
        queue = deque([start])
        while queue:
            here = queue.popleft()
            for there, e, backwards in links[here]:
                if there not in came:
                    came[there] = (here, e, backwards)
                    queue.append(there)
        if goal in came:
            blocked = []
            node = goal
            while (prev := came[node]) is not None:
                before, e, backwards = prev
                if backwards and not e.transform.invertible:
                    reason = _not_invertible_reason(e.transform)
                    blocked.append(
                        f"{e.transform.type} transform {e.source} -> {e.target}"
                        f" (defined at /{e.defined_at}) would be needed backwards but is not"
                        f" invertible: {reason}"
                    )
                node = before
            return f"no path from {start} to {goal}: " + "; ".join(reversed(blocked))
        reach = sorted(str(n) for n in came)
        return (
            f"no path from {start} to {goal}: no transform links them;"
            f" {start} is linked only to [{', '.join(reach)}]"
        )

    def transform(self, src: NodeKey, dst: NodeKey) -> Transform:
        """One transform mapping points of ``src`` to ``dst`` (the composed path)."""
        start, goal = self.node(src), self.node(dst)
        source = CoordinateSystemRef(start.name, start.path)
        target = CoordinateSystemRef(goal.name, goal.path)
        chain = [e.resolve() for e in self.path(start, goal)]
        if not chain:
            return Identity(input=source, output=target)
        if len(chain) == 1:
            return chain[0]
        return Sequence(chain, input=source, output=target)

    def map_points(self, points: npt.ArrayLike, src: NodeKey, dst: NodeKey) -> FloatArray:
        """Points of ``src`` (N x D) expressed in ``dst``."""
        return self.transform(src, dst).apply(points)

    def __iter__(self) -> Iterator[CoordinateSystemNode]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    # export -----------------------------------------------------------------------
    def to_dot(self, name: str = "transforms") -> str:
        """Graphviz text: systems as ellipses, level arrays as boxes; edges that can be
        walked backwards are drawn with arrows at both ends."""
        ids = {n: f"n{i}" for i, n in enumerate(self._nodes)}
        lines = [f"digraph {_quote(name)} {{", "  rankdir=LR;"]
        for n, ident in ids.items():
            label = f"{n.name}\\n/{n.path}"
            shape = "box" if n.array else "ellipse"
            lines.append(f"  {ident} [label={_quote(label, raw=True)}, shape={shape}];")
        for e in self._edges:
            attrs = [f"label={_quote(e.label)}"]
            if e.transform.invertible:
                attrs.append("dir=both")
            lines.append(f"  {ids[e.source]} -> {ids[e.target]} [{', '.join(attrs)}];")
        lines.append("}")
        return "\n".join(lines) + "\n"


def _quote(text: str, raw: bool = False) -> str:
    escaped = text.replace('"', '\\"') if raw else text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _not_invertible_reason(t: Transform) -> str:
    try:
        t.inverse()
    except Exception as exc:  # the reason is all we want here
        return str(exc)
    return "unknown"  # pragma: no cover


def _ome(attributes: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``ome`` object of a zarr.json document, an attributes dict or an ``ome`` dict
    (`spec.metadata.ome_block`).

    Lenient where validation is strict: the graph computes with what it is given, and a
    0.6rc0 spec example (transformations/displacements/multiscales.json) writes
    ``"ome": "0.6rc0"`` beside its metadata; `validate_attributes` reports that
    (ome.structure), the graph reads the metadata beside it.
    """
    doc: Any = attributes
    if isinstance(doc, Mapping) and isinstance(doc.get("attributes"), Mapping):
        doc = doc["attributes"]
    if not isinstance(doc, Mapping):
        raise GraphError("attributes must be an object")
    ome, _ = ome_block(doc)
    return ome if ome is not None else doc
