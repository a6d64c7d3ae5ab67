"""0.6 transformation rules a schema cannot state: parameters against the dimensions of
the systems they connect, references to coordinate systems, the intrinsic system of a
multiscale image, and connectivity.

Dimensions: N (input) and M (output) are axis counts of the named systems; ``None`` when
unknown (a system in another group, a missing name), and then nothing depending on it is
checked. Inside a sequence, bijection or byDimension they follow from the parent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..spec.versions import V06_VERSIONS
from . import Finding, check
from ._util import duplicates, is_number, mapping, objects, ptr
from .coordinate_systems import axis_count, intrinsic_name, systems_by_name

Ptr = tuple[str | int, ...]
TOLERANCE = 1e-6
_INTERPOLATIONS = {"nearest", "linear", "bspline-cubic", "cubic"}
_LABEL_TYPES = {"identity", "scale", "translation"}


def _ints(value: object) -> list[int] | None:
    """The list as integers, or None. 1.0 is an integer, as for the schemas' 'integer'."""
    if not isinstance(value, list):
        return None
    out: list[int] = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return None
        if isinstance(v, float) and not v.is_integer():
            return None
        out.append(int(v))
    return out


def _matrix(value: object) -> list[list[float]] | None:
    if not isinstance(value, list) or not value:
        return None
    rows: list[list[float]] = []
    for row in value:
        if not isinstance(row, list) or not all(is_number(x) for x in row):
            return None
        rows.append(row)
    return rows


class Walker:
    """Checks one transformation tree; collects findings."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.findings: list[Finding] = []

    def add(self, rule: str, where: Ptr, message: str) -> None:
        self.findings.append((rule, ptr(*where), message))

    def dims(self, where: Ptr, what: str, got: int, want: int | None, side: str) -> None:
        if want is not None and got != want:
            self.add(
                "transforms.dimensions",
                where,
                f"{what} has {got} entries, but the {side} has {want} dimensions",
            )

    def walk(self, t: object, n: int | None, m: int | None, at: Ptr) -> int | None:
        """Check transform ``t`` mapping N to M dimensions; return its output dimensions."""
        if not isinstance(t, Mapping):
            return m
        kind = t.get("type")
        handler = getattr(self, f"_{kind}", None) if isinstance(kind, str) else None
        if handler is None:
            return m
        out: int | None = handler(t, n, m, at)
        return out if out is not None else m

    # --- one method per type: check parameters against (n, m), return output dims

    def _identity(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr) -> int | None:
        if n is not None and m is not None and n != m:
            self.add(
                "transforms.dimensions",
                at,
                f"an identity maps {n} input dimensions to {m} output dimensions; they must agree",
            )
        return n

    def _vector(
        self, t: Mapping[str, Any], key: str, n: int | None, m: int | None, at: Ptr
    ) -> int | None:
        values = t.get(key)
        if not isinstance(values, list):
            return n
        self.dims((*at, key), f"'{key}'", len(values), n, "input")
        if n is None or len(values) == n:
            self.dims((*at, key), f"'{key}'", len(values), m, "output")
        return len(values)

    def _scale(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr) -> int | None:
        values = t.get("scale")
        if isinstance(values, list):
            for i, v in enumerate(values):
                if is_number(v) and v == 0:
                    self.add(
                        "transforms.scale-nonzero",
                        (*at, "scale", i),
                        "a scale factor of 0 collapses the axis (the spec asks for non-zero"
                        " factors)",
                    )
        return self._vector(t, "scale", n, m, at)

    def _translation(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr
    ) -> int | None:
        return self._vector(t, "translation", n, m, at)

    def _mapAxis(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr) -> int | None:
        values = _ints(t.get("mapAxis"))
        if values is None:
            return n
        where = (*at, "mapAxis")
        if sorted(values) != list(range(len(values))):
            self.add(
                "transforms.map-axis",
                where,
                f"'mapAxis' {values} is not a permutation of 0..{len(values) - 1}: each input"
                " axis index appears exactly once",
            )
        self.dims(where, "'mapAxis'", len(values), n, "input")
        if n is None or len(values) == n:
            self.dims(where, "'mapAxis'", len(values), m, "output")
        return len(values)

    def _projectAxis(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr
    ) -> int | None:
        dropped = _ints(t.get("droppedInputs")) or []
        created = _ints(t.get("createdOutputs")) or []
        for key, values, bound, side in (
            ("droppedInputs", dropped, n, "input"),
            ("createdOutputs", created, m, "output"),
        ):
            for index, first, value in duplicates(enumerate(values)):
                self.add(
                    "transforms.project-axis",
                    (*at, key, index),
                    f"axis index {value} is already listed in '{key}' (index {first})",
                )
            if bound is not None:
                for i, value in enumerate(values):
                    if value >= bound:
                        self.add(
                            "transforms.dimensions",
                            (*at, key, i),
                            f"axis index {value} is out of range: the {side} has"
                            f" {bound} dimensions",
                        )
        if n is not None and len(set(dropped)) > n:
            self.add(
                "transforms.dimensions",
                (*at, "droppedInputs"),
                f"drops more axes than the input's {n}",
            )
        repeated = len(set(dropped)) < len(dropped) or len(set(created)) < len(created)
        if repeated:  # the counts mean nothing until the repeat is fixed
            return m
        out = n - len(dropped) + len(created) if n is not None else None
        if out is not None and m is not None and out != m:
            self.add(
                "transforms.dimensions",
                at,
                f"dropping {len(set(dropped))} and creating {len(set(created))} axes of a"
                f" {n}-dimensional input gives {out} dimensions, but the output has {m}",
            )
        return out

    def _affine(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr) -> int | None:
        rows = _matrix(t.get("affine"))
        if rows is None:
            return m
        where = (*at, "affine")
        widths = {len(r) for r in rows}
        if len(widths) > 1:
            self.add(
                "transforms.dimensions",
                where,
                "the rows of an affine matrix have different lengths",
            )
        elif n is not None and widths != {n + 1}:
            self.add(
                "transforms.dimensions",
                where,
                f"an affine row has {widths.pop()} entries, but the input has {n} dimensions"
                f" (rows have N+1 = {n + 1})",
            )
        if m is not None and len(rows) != m:
            self.add(
                "transforms.dimensions",
                where,
                f"an affine matrix has {len(rows)} rows, but the output has {m} dimensions",
            )
        return len(rows)

    def _rotation(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr) -> int | None:
        rows = _matrix(t.get("rotation"))
        if rows is None:
            return n
        where = (*at, "rotation")
        size = len(rows)
        if any(len(r) != size for r in rows):
            self.add(
                "transforms.dimensions",
                where,
                f"a rotation is a square matrix; it has {size} rows of other lengths",
            )
            return n
        for want, side in ((n, "input"), (m, "output")):
            if want is not None and want != size:
                self.add(
                    "transforms.dimensions",
                    where,
                    f"a rotation is {size}x{size}, but the {side} has {want} dimensions",
                )
                break  # one finding per matrix
        if not _is_rotation(rows):
            self.add(
                "transforms.rotation",
                where,
                f"a rotation matrix is orthonormal with determinant 1 (tolerance {TOLERANCE})",
            )
        return size

    def _sequence(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr) -> int | None:
        items = t.get("transformations")
        if not isinstance(items, list) or not items:
            return m
        current = n
        for i, item in enumerate(items):
            last = i == len(items) - 1
            current = self.walk(item, current, m if last else None, (*at, "transformations", i))
        return current

    def _bijection(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr) -> int | None:
        if n is not None and m is not None and n != m:
            self.add(
                "transforms.dimensions",
                at,
                f"a bijection maps {n} to {m} dimensions; they must agree",
            )
        for key, n_side, m_side, same in (("forward", n, m, True), ("inverse", m, n, False)):
            child = t.get(key)
            self.walk(child, n_side, m_side, (*at, key))
            if isinstance(child, Mapping):
                yield_from = self._bijection_io(t, child, key, same, at)
                for finding in yield_from:
                    self.findings.append(finding)
        return n if n is not None else m

    def _bijection_io(
        self, parent: Mapping[str, Any], child: Mapping[str, Any], key: str, same: bool, at: Ptr
    ) -> Iterator[Finding]:
        pairs = (
            (("input", "input"), ("output", "output"))
            if same
            else (("input", "output"), ("output", "input"))
        )
        for own, theirs in pairs:
            mine, expected = mapping(child.get(own)), mapping(parent.get(theirs))
            if mine is None or expected is None or "name" not in mine:
                continue
            if mine.get("name") != expected.get("name"):
                yield (
                    "transforms.bijection",
                    ptr(*at, key, own, "name"),
                    f"the {key} transformation's {own} is {mine.get('name')!r}; it is the"
                    f" bijection's {theirs} {expected.get('name')!r}",
                )

    def _byDimension(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr
    ) -> int | None:
        in_key, out_key = (
            ("inputAxes", "outputAxes")
            if self.version != "0.6.dev4"
            else ("input_axes", "output_axes")
        )
        seen: dict[int, tuple[int, int]] = {}
        for i, item in objects(t.get("transformations")):
            here = (*at, "transformations", i)
            ins, outs = _ints(item.get(in_key)), _ints(item.get(out_key))
            for key, values, bound, side in (
                (in_key, ins, n, "input"),
                (out_key, outs, m, "output"),
            ):
                if values is None or bound is None:
                    continue
                for j, value in enumerate(values):
                    if value >= bound:
                        self.add(
                            "transforms.dimensions",
                            (*here, key, j),
                            f"axis index {value} is out of range: the {side} has"
                            f" {bound} dimensions",
                        )
            for j, value in enumerate(outs or []):
                if value in seen:
                    self.add(
                        "transforms.by-dimension",
                        (*here, out_key, j),
                        f"output axis {value} is already written by item {seen[value][0]}",
                    )
                else:
                    seen[value] = (i, j)
            child = item.get("transformation")
            if isinstance(child, Mapping):
                for side in ("input", "output"):
                    if side in child:
                        self.add(
                            "transforms.by-dimension",
                            (*here, "transformation", side),
                            f"a byDimension item's transformation has no '{side}': its axes are"
                            f" given by '{in_key}' and '{out_key}'",
                        )
            self.walk(
                child,
                len(ins) if ins is not None else None,
                len(outs) if outs is not None else None,
                (*here, "transformation"),
            )
        if m is not None and isinstance(t.get("transformations"), list):
            missing = [i for i in range(m) if i not in seen]
            if missing:
                self.add(
                    "transforms.by-dimension",
                    (*at, "transformations"),
                    f"output axes {missing} are written by no item: every output axis appears in"
                    " exactly one item",
                )
        return m

    def _displacements(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr
    ) -> int | None:
        self._interpolation(t, at)
        if n is not None and m is not None and n != m:
            self.add(
                "transforms.dimensions",
                at,
                f"a displacement field maps {n} to {m} dimensions; they must agree",
            )
        return n

    def _coordinates(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Ptr
    ) -> int | None:
        self._interpolation(t, at)
        return m

    def _interpolation(self, t: Mapping[str, Any], at: Ptr) -> None:
        value = t.get("interpolation")
        if isinstance(value, str) and value not in _INTERPOLATIONS:
            self.add(
                "transforms.interpolation",
                (*at, "interpolation"),
                f"interpolation {value!r} is not one the spec names (nearest, linear,"
                " bspline-cubic); readers may not know it",
            )


def _is_rotation(rows: list[list[float]]) -> bool:
    size = len(rows)
    for i in range(size):
        for j in range(size):
            dot = sum(rows[i][k] * rows[j][k] for k in range(size))
            if abs(dot - (1.0 if i == j else 0.0)) > TOLERANCE:
                return False
    return abs(_det(rows) - 1.0) <= TOLERANCE


def _det(rows: list[list[float]]) -> float:
    """Determinant by Gaussian elimination (matrices here are at most a few axes wide)."""
    a = [list(map(float, r)) for r in rows]
    size, det = len(a), 1.0
    for c in range(size):
        pivot = max(range(c, size), key=lambda r: abs(a[r][c]))
        if abs(a[pivot][c]) < 1e-15:
            return 0.0
        if pivot != c:
            a[c], a[pivot] = a[pivot], a[c]
            det = -det
        det *= a[c][c]
        for r in range(c + 1, size):
            f = a[r][c] / a[c][c]
            for k in range(c, size):
                a[r][k] -= f * a[c][k]
    return det


def _names(transforms: object, base: Ptr) -> Iterator[Finding]:
    named = ((i, t.get("name")) for i, t in objects(transforms))
    for index, first, name in duplicates(named):
        yield (
            "transforms.unique-names",
            ptr(*base, index, "name"),
            f"transformation name {name!r} is already used by transformation {first}",
        )


def _ref(value: object) -> tuple[str | None, bool]:
    """(name, is external) of an input/output object."""
    ref = mapping(value)
    if ref is None:
        return None, False
    name = ref.get("name")
    path = ref.get("path")
    return (name if isinstance(name, str) else None), path is not None


# --- multiscale images


@check(
    "image",
    rules=(
        "multiscales.dataset-input-path",
        "multiscales.intrinsic-system",
        "multiscales.transform-intrinsic",
        "multiscales.label-transform-type",
        "coordinate-systems.reference",
        "coordinate-systems.connected",
        "transforms.dimensions",
        "transforms.scale-nonzero",
        "transforms.map-axis",
        "transforms.project-axis",
        "transforms.rotation",
        "transforms.bijection",
        "transforms.by-dimension",
        "transforms.interpolation",
        "transforms.unique-names",
    ),
)
def multiscales_transformations(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    if version not in V06_VERSIONS:
        return
    for m, multiscale in objects(ome.get("multiscales")):
        yield from _multiscale(multiscale, ("multiscales", m), version)


def _multiscale(multiscale: Mapping[str, Any], base: Ptr, version: str) -> Iterator[Finding]:
    systems = systems_by_name(multiscale.get("coordinateSystems"))
    intrinsic = intrinsic_name(multiscale)
    walker = Walker(version)
    outputs: set[str] = set()
    for d, dataset in objects(multiscale.get("datasets")):
        for i, t in objects(dataset.get("coordinateTransformations")):
            at = (*base, "datasets", d, "coordinateTransformations", i)
            source = mapping(t.get("input"))
            path = dataset.get("path")
            if (
                source is not None
                and isinstance(path, str)
                and "path" in source
                and source["path"] != path
            ):
                yield (
                    "multiscales.dataset-input-path",
                    ptr(*at, "input", "path"),
                    f"the input path {source['path']!r} is not the dataset path {path!r}",
                )
            name, _ = _ref(t.get("output"))
            if name is None:
                continue
            outputs.add(name)
            if name not in systems:
                yield (
                    "multiscales.intrinsic-system",
                    ptr(*at, "output", "name"),
                    f"the output {name!r} is not a coordinate system of this multiscale image"
                    f" ({', '.join(map(repr, systems)) or 'none defined'})",
                )
            elif intrinsic is not None and name != intrinsic:
                yield (
                    "multiscales.intrinsic-system",
                    ptr(*at, "output", "name"),
                    f"all datasets map to one intrinsic coordinate system: {intrinsic!r},"
                    f" not {name!r}",
                )
            level = axis_count(systems[name][1]) if name in systems else None
            walker.walk(t, level, level, at)
    edges: list[tuple[str, str]] = []
    transforms = multiscale.get("coordinateTransformations")
    yield from _names(transforms, (*base, "coordinateTransformations"))
    for i, t in objects(transforms):
        at = (*base, "coordinateTransformations", i)
        sides: dict[str, tuple[str | None, bool]] = {s: _ref(t.get(s)) for s in ("input", "output")}
        dims: dict[str, int | None] = {}
        for side, (name, elsewhere) in sides.items():
            dims[side] = None
            if name is None or elsewhere:
                continue
            if name not in systems:
                yield (
                    "coordinate-systems.reference",
                    ptr(*at, side, "name"),
                    f"{name!r} is not a coordinate system of this multiscale image"
                    f" ({', '.join(map(repr, systems)) or 'none defined'})",
                )
            else:
                dims[side] = axis_count(systems[name][1])
        walker.walk(t, dims["input"], dims["output"], at)
        local = [s for s, (name, ext) in sides.items() if name is not None and not ext]
        external = [s for s, (name, ext) in sides.items() if name is not None and ext]
        both = intrinsic is not None and len(local) + len(external) == 2
        if both and not any(sides[s][0] == intrinsic for s in local):
            yield (
                "multiscales.transform-intrinsic",
                ptr(*at),
                f"one side of a multiscale image's transformation is its intrinsic system"
                f" {intrinsic!r} (without 'path')",
            )
        if external and not _label_type(t):
            yield (
                "multiscales.label-transform-type",
                ptr(*at, "type"),
                "a transformation into a child label image is an identity, a scale, a"
                " translation or a sequence of a scale then a translation",
            )
        names = [sides[s][0] for s in local]
        if len(names) == 2 and all(n in systems for n in names):
            edges.append((str(names[0]), str(names[1])))
    if intrinsic is not None:
        reached = _reachable(intrinsic, edges)
        for name, (index, _) in systems.items():
            if name not in reached:
                yield (
                    "coordinate-systems.connected",
                    ptr(*base, "coordinateSystems", index),
                    f"coordinate system {name!r} is not connected to the intrinsic system"
                    f" {intrinsic!r} by any transformation",
                )
    yield from walker.findings


def _node_text(node: object) -> str:
    if isinstance(node, tuple):
        return f"{node[1]!r} at {node[0]!r}"
    return repr(node)


def _label_type(t: Mapping[str, Any]) -> bool:
    kind = t.get("type")
    if kind in _LABEL_TYPES:
        return True
    items = t.get("transformations")
    if kind == "sequence" and isinstance(items, list) and len(items) == 2:
        types = [i.get("type") if isinstance(i, Mapping) else None for i in items]
        return types == ["scale", "translation"]
    return not isinstance(kind, str)  # an untyped transform is reported by the schema


def _reachable(start: object, edges: list[tuple[Any, Any]]) -> set[object]:
    graph: dict[object, set[object]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    seen, stack = {start}, [start]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


# --- scenes


@check(
    "scene",
    rules=(
        "coordinate-systems.reference",
        "coordinate-systems.connected",
        "transforms.dimensions",
        "transforms.scale-nonzero",
        "transforms.map-axis",
        "transforms.project-axis",
        "transforms.rotation",
        "transforms.bijection",
        "transforms.by-dimension",
        "transforms.interpolation",
        "transforms.unique-names",
    ),
)
def scene_transformations(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    scene = mapping(ome.get("scene"))
    if version not in V06_VERSIONS or scene is None:
        return
    systems = systems_by_name(scene.get("coordinateSystems"))
    transforms = scene.get("coordinateTransformations")
    yield from _names(transforms, ("scene", "coordinateTransformations"))
    walker = Walker(version)
    edges: list[tuple[object, object]] = []
    nodes: list[object] = list(systems)
    for i, t in objects(transforms):
        at = ("scene", "coordinateTransformations", i)
        dims: dict[str, int | None] = {}
        ends: list[object] = []
        for side in ("input", "output"):
            dims[side] = None
            ref = mapping(t.get(side))
            name, external = _ref(ref)
            if name is None or ref is None:
                continue
            if external:
                node: object = (ref.get("path"), name)
                if node not in nodes:
                    nodes.append(node)
                ends.append(node)
            elif name not in systems:
                yield (
                    "coordinate-systems.reference",
                    ptr(*at, side, "name"),
                    f"{name!r} is not a coordinate system of the scene (give a 'path' for a"
                    " system of an image)",
                )
            else:
                dims[side] = axis_count(systems[name][1])
                ends.append(name)
        walker.walk(t, dims["input"], dims["output"], at)
        if len(ends) == 2:
            edges.append((ends[0], ends[1]))
    if nodes:
        reached = _reachable(nodes[0], edges)
        apart = [n for n in nodes if n not in reached]
        if apart:
            shown = ", ".join(_node_text(n) for n in apart)
            yield (
                "coordinate-systems.connected",
                ptr("scene"),
                f"the scene's coordinate systems are not all connected: {shown} cannot be reached"
                f" from {nodes[0]!r} through its transformations",
            )
    yield from walker.findings
