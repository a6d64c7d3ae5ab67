"""`info`: what a store holds, at a glance: a tree of groups and arrays with their kinds,
versions, shapes, dtypes and axes, and counts of images, wells, fields and labels.

It describes what was read and never validates; a node whose metadata is odd is shown as
far as it can be understood (validation says what is wrong with it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..rules.version import detect
from ..spec.versions import of_zarr_format
from ..store.nodes import Hierarchy, Node
from ._render import printable, safe
from ._targets import Loaded

#: Children shown under one node before "... and N more", and lines in the whole tree
#: (unless verbose): a 384-well plate stays one screen.
MAX_CHILDREN = 12
MAX_LINES = 40


@dataclass
class NodeInfo:
    """One group or array, described."""

    path: str
    type: str  # "group", "array" or "unreadable"
    zarr_format: int | None = None
    version: str | None = None
    kinds: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "type": self.type,
            "zarrFormat": self.zarr_format,
            "version": self.version,
            "kinds": list(self.kinds),
            **self.details,
        }


@dataclass
class Summary:
    """A whole target, described: the root's version and kinds, counts, every node."""

    target: str
    version: str | None
    kinds: tuple[str, ...]
    zarr_format: int | None
    nodes: list[NodeInfo]
    counts: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "version": self.version,
            "kinds": list(self.kinds),
            "zarrFormat": self.zarr_format,
            "counts": self.counts,
            "nodes": [n.to_json() for n in self.nodes],
        }


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _axes(multiscale: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Axis names and types, from 'axes' (0.4, 0.5) or the first coordinate system (0.6)."""
    axes = multiscale.get("axes")
    if not isinstance(axes, list):
        systems = _list(multiscale.get("coordinateSystems"))
        first = systems[-1] if systems and isinstance(systems[-1], Mapping) else {}
        axes = _list(first.get("axes"))
    found = []
    for axis in axes:
        if isinstance(axis, Mapping):
            found.append({"name": axis.get("name"), "type": axis.get("type")})
        elif isinstance(axis, str):  # 0.3-style plain names, seen in the wild
            found.append({"name": axis, "type": None})
    return found


def _group_details(ome: Mapping[str, Any], kinds: tuple[str, ...]) -> dict[str, Any]:
    details: dict[str, Any] = {}
    multiscales = [m for m in _list(ome.get("multiscales")) if isinstance(m, Mapping)]
    if multiscales:
        first = multiscales[0]
        details["name"] = first.get("name")
        details["axes"] = _axes(first)
        datasets = [d for d in _list(first.get("datasets")) if isinstance(d, Mapping)]
        details["levels"] = [d.get("path") for d in datasets]
        if len(multiscales) > 1:
            details["multiscales"] = len(multiscales)
    if "labels" in kinds:
        details["labels"] = [str(n) for n in _list(ome.get("labels"))]
    plate = ome.get("plate")
    if "plate" in kinds and isinstance(plate, Mapping):
        details["name"] = plate.get("name")
        details["rows"] = len(_list(plate.get("rows")))
        details["columns"] = len(_list(plate.get("columns")))
        details["wells"] = len(_list(plate.get("wells")))
        details["acquisitions"] = len(_list(plate.get("acquisitions")))
        if "field_count" in plate:
            details["fieldCount"] = plate.get("field_count")
    well = ome.get("well")
    if "well" in kinds and isinstance(well, Mapping):
        details["fields"] = len(_list(well.get("images")))
    if "bioformats2raw" in kinds:
        details["layout"] = ome.get("bioformats2raw.layout")
    if "series" in kinds:
        details["series"] = len(_list(ome.get("series")))
    scene = ome.get("scene")
    if "scene" in kinds and isinstance(scene, Mapping):
        details["transformations"] = len(_list(scene.get("coordinateTransformations")))
        details["coordinateSystems"] = len(_list(scene.get("coordinateSystems")))
    return details


def _describe_node(node: Node) -> NodeInfo:
    if node.exists is None:
        return NodeInfo(node.path, "unreadable", node.zarr_format)
    if node.is_array and node.array is not None:
        meta = node.array
        details: dict[str, Any] = {
            "shape": list(meta.shape) if meta.shape is not None else None,
            "dtype": meta.dtype,
        }
        if meta.dimension_names is not None:
            details["dimensionNames"] = list(meta.dimension_names)
        return NodeInfo(node.path, "array", node.zarr_format, details=details)
    info = NodeInfo(node.path, "group", node.zarr_format)
    attrs = node.attributes
    ome, _ = node.ome()
    if isinstance(attrs, Mapping) and ome is not None:
        detection = detect(attrs, of_zarr_format(node.zarr_format))
        if detection.kinds:
            info.version = detection.version
            info.kinds = detection.kinds
            info.details = _group_details(ome, detection.kinds)
    return info


def describe(loaded: Loaded) -> Summary:
    """Describe what `read_target` read (a store's hierarchy or one document)."""
    hierarchy = loaded.hierarchy
    if hierarchy is None:
        document = loaded.document
        attributes = document.attributes if document is not None else None
        hierarchy = Hierarchy(nodes={"": Node("", node_type="group", attributes=attributes)})
    nodes = [
        _describe_node(hierarchy.nodes[p])
        for p in sorted(hierarchy.nodes, key=lambda p: [_natural(s) for s in p.split("/") if s])
        if hierarchy.nodes[p].exists is not False
    ]
    _add_level_shapes(nodes)
    root = next((n for n in nodes if n.path == ""), None)
    counts: Counter[str] = Counter()
    for n in nodes:
        counts["groups" if n.type == "group" else n.type + "s"] += 1
        if "image" in n.kinds and "label-image" not in n.kinds:
            counts["images"] += 1
        if "label-image" in n.kinds:
            counts["labelImages"] += 1
        for kind, key in (("plate", "plates"), ("well", "wells")):
            if kind in n.kinds:
                counts[key] += 1
        counts["fields"] += int(n.details.get("fields", 0))
    ordered = [
        "groups",
        "arrays",
        "unreadables",
        "images",
        "labelImages",
        "plates",
        "wells",
        "fields",
    ]
    return Summary(
        target=loaded.target,
        version=root.version if root else None,
        kinds=root.kinds if root else (),
        zarr_format=root.zarr_format if root else hierarchy.zarr_format,
        nodes=nodes,
        counts={k: counts[k] for k in ordered if counts[k] or k in {"groups", "arrays"}},
    )


def _add_level_shapes(nodes: list[NodeInfo]) -> None:
    """Give each image its levels' shapes and dtype, so the tree can fold its arrays."""
    arrays = {n.path: n for n in nodes if n.type == "array"}
    for node in nodes:
        levels = node.details.get("levels")
        if not isinstance(levels, list):
            continue
        found = [arrays.get(f"{node.path}/{p}" if node.path else str(p)) for p in levels]
        node.details["shapes"] = [a.details.get("shape") if a else None for a in found]
        dtypes = {a.details.get("dtype") for a in found if a is not None}
        node.details["dtype"] = dtypes.pop() if len(dtypes) == 1 else None
        for array in found:
            if array is not None:
                array.details["level"] = True


def _natural(segment: str) -> tuple[int, int, str]:
    """Sort '2' before '10' (fields, levels), names after numbers.

    Compared as text by length, never converted: a path may be '²' (a digit to
    ``isdigit``, not to ``int``) or thousands of digits long (over ``int``'s limit).
    """
    if segment.isascii() and segment.isdigit():
        digits = segment.lstrip("0")
        return (0, len(digits), digits)
    return (1, 0, segment)


def _shape(shape: object) -> str:
    if not isinstance(shape, list):
        return "?"
    return "x".join(str(s) for s in shape) if shape else "scalar"


def label(node: NodeInfo) -> str:
    """One line about a node, without its path (plain text; the caller adds style)."""
    d = node.details
    if node.type == "unreadable":
        return "unreadable (see 'validate')"
    if node.type == "array":
        text = f"array {d.get('dtype') or '?'} {_shape(d.get('shape'))}"
        if d.get("dimensionNames"):
            text += " (" + ",".join(str(n) for n in d["dimensionNames"]) + ")"
        return text
    if not node.kinds:
        return "group"
    parts = [" + ".join(node.kinds) + (f" {node.version}" if node.version else "")]
    if d.get("name"):
        parts.append(repr(d["name"]))
    if "axes" in d:
        axes = " ".join(
            f"{a['name']}" + (f"({a['type']})" if a.get("type") not in {None, "space"} else "")
            for a in d["axes"]
        )
        parts.append(f"axes {axes or '?'}")
        levels = f"{len(d.get('levels', []))} level(s)"
        shapes = d.get("shapes") or []
        if shapes:
            levels += " " + _shape(shapes[0])
            if len(shapes) > 1:
                levels += " → " + _shape(shapes[-1])
        if d.get("dtype"):
            levels += f" {d['dtype']}"
        parts.append(levels)
    if "rows" in d:
        parts.append(f"{d['rows']}x{d['columns']} grid, {d['wells']} well(s)")
        if d.get("acquisitions"):
            parts.append(f"{d['acquisitions']} acquisition(s)")
    if "fields" in d:
        parts.append(f"{d['fields']} field(s)")
    if "labels" in d:
        parts.append(f"{len(d['labels'])} label(s)" + (": " + ", ".join(d["labels"][:5])))
    if "series" in d:
        parts.append(f"{d['series']} series")
    if "layout" in d:
        parts.append(f"layout {d['layout']}")
    if "transformations" in d:
        parts.append(f"{d['transformations']} transformation(s)")
    return ", ".join(parts)


def _children(summary: Summary, verbose: bool) -> dict[str, list[NodeInfo]]:
    """Each node under its nearest described ancestor; an image's levels fold into its
    line unless verbose."""
    known = {n.path for n in summary.nodes}
    children: dict[str, list[NodeInfo]] = {}
    for node in summary.nodes:
        if node.path == "" or (node.details.get("level") and not verbose):
            continue
        parent = node.path
        while True:
            parent = parent.rpartition("/")[0]
            if parent in known or parent == "":
                break
        children.setdefault(parent, []).append(node)
    return children


def _headline(summary: Summary) -> str:
    what = ", ".join(
        filter(
            None,
            [
                f"OME-Zarr {summary.version}" if summary.version else "",
                " + ".join(summary.kinds),
                f"zarr v{summary.zarr_format}" if summary.zarr_format else "",
            ],
        )
    )
    counts = ", ".join(f"{v} {_COUNT_NAMES[k]}" for k, v in summary.counts.items())
    return f"{summary.target}" + (f" ({what})" if what else "") + f": {counts}"


_COUNT_NAMES = {
    "groups": "group(s)",
    "arrays": "array(s)",
    "unreadables": "unreadable node(s)",
    "images": "image(s)",
    "labelImages": "label image(s)",
    "plates": "plate(s)",
    "wells": "well(s)",
    "fields": "field(s)",
}


def _lines(summary: Summary, verbose: bool) -> list[tuple[int, str, str, str]]:
    """(depth, name, text, style) per shown line, in tree order, within the line budget."""
    children = _children(summary, verbose)
    root = next((n for n in summary.nodes if n.path == ""), None)
    lines = [(0, "/", label(root) if root is not None else "group", "bold")]

    def walk(path: str, depth: int) -> None:
        kids = children.get(path, [])
        shown = kids if verbose else kids[:MAX_CHILDREN]
        for kid in shown:
            if not verbose and len(lines) >= MAX_LINES:
                return
            name = kid.path[len(path) + 1 :] if path else kid.path
            style = {"array": "dim", "unreadable": "bold red"}.get(kid.type, "bold")
            lines.append((depth, name, label(kid), style))
            walk(kid.path, depth + 1)
        if len(kids) > len(shown) and len(lines) < MAX_LINES:
            lines.append((depth, "...", f"and {len(kids) - len(shown)} more (use -v)", "dim"))

    walk("", 1)
    if not verbose and len(lines) >= MAX_LINES:
        lines.append((1, "...", "the tree is cut short here (use -v to see every node)", "dim"))
    return lines


def render_info(
    summary: Summary, out: TextIO, *, verbose: bool = False, color: bool | None = None
) -> None:
    """A rich tree on a terminal (or with ``color``), indented plain text otherwise."""
    lines = _lines(summary, verbose)
    terminal = out.isatty() if color is None else color
    if not terminal:
        out.write(printable(_headline(summary)) + "\n")
        for depth, name, text, _ in lines:
            out.write(f"{'  ' * depth}{printable(name)}  {printable(text)}\n")
        return
    from rich.console import Console
    from rich.tree import Tree

    console = Console(file=out, highlight=False, force_terminal=True)
    tree = Tree(f"[bold]{safe(_headline(summary))}[/]")
    branches: list[Tree] = [tree]
    for depth, name, text, style in lines:
        del branches[depth + 1 :]
        branch = branches[depth].add(f"[{style}]{safe(name)}[/]  {safe(text)}")
        branches.append(branch)
    console.print(tree)
