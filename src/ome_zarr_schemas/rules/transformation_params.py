"""0.6 transformation parameters a schema cannot state, for one transformation and every
transformation nested in it: each one's own parameters (`parameters`, over the one walker
of `spec.transformations`), and the dimensions they imply against the systems they connect
(`Dimensions`, a fold that passes N and M down to nested transformations).

N (input) and M (output) are axis counts of the named systems; ``None`` when unknown (a
system in another group, a missing name), and then nothing depending on it is checked.
Inside a sequence, bijection or byDimension they follow from the parent. In a store, the
systems of other groups are known: `dimensions_across_groups` runs the same fold with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..spec.transformations import Tokens, tree
from ..spec.versions import get
from ._context import Context
from ._registry import cross
from ._rotation import TOLERANCE, is_rotation
from ._rule import Finding
from ._transform_fit import INTERPOLATIONS, WALK, plain_output
from ._transform_fit import ints as _ints
from ._transform_fit import matrix as _matrix
from ._util import duplicates, is_number, mapping, ptr
from ._util import objects as _objects
from .transformations import (
    BIJECTION,
    BY_DIMENSION,
    DIMENSIONS,
    DIMENSIONS_ACROSS_GROUPS,
    INTERPOLATION,
    MAP_AXIS,
    PROJECT_AXIS,
    ROTATION,
    SCALE_NONZERO,
    elsewhere,
    local_dims,
)

__all__ = ["TOLERANCE", "check_transformation"]


def check_transformation(
    transform: Mapping[str, Any], n: int | None, m: int | None, at: Tokens, version: str
) -> list[Finding]:
    """The findings of ``transform`` (at ``at``) mapping N to M dimensions.

    Most transformations of a document fit their systems and have nothing to find:
    `plain_output` says so in one pass, without the walk."""
    if plain_output(transform, n, m, get(version).by_dimension_axes) is not WALK:
        return []
    return check_in_full(transform, n, m, at, version)


def check_in_full(
    transform: Mapping[str, Any], n: int | None, m: int | None, at: Tokens, version: str
) -> list[Finding]:
    """`check_transformation` by the general walk: dimensions, then each one's parameters."""
    fold = Dimensions(version)
    fold.walk(transform, n, m, at)
    for where, each in tree(transform, *at):
        if fold.misfits and where in fold.misfits:  # wrong dimensions: more costs O(n^3)
            continue
        kind = each.get("type")
        if isinstance(kind, str) and kind in _OWN_PARAMETERS:
            fold.findings.extend(parameters(each, where, version))
    return fold.findings


#: The types `parameters` has anything to say about.
_OWN_PARAMETERS = frozenset(
    {"scale", "mapAxis", "projectAxis", "rotation", "bijection", "byDimension"}
    | {"displacements", "coordinates"}
)


def _axis_keys(version: str) -> tuple[str, str]:
    """A byDimension item's axis lists: 0.6.dev4 spells them in snake case."""
    keys = get(version).by_dimension_axes
    assert keys is not None, f"OME-Zarr {version} has no byDimension transformation"
    return keys


# --- each transformation's own parameters


def parameters(t: Mapping[str, Any], at: Tokens, version: str) -> Iterator[Finding]:
    """What is wrong with the parameters of ``t`` alone (not those nested in it)."""
    kind = t.get("type")
    if kind == "scale":
        values = t.get("scale")
        for i, v in enumerate(values if isinstance(values, list) else ()):
            if is_number(v) and v == 0:
                yield SCALE_NONZERO.finding(
                    ptr(*at, "scale", i),
                    "a scale factor of 0 collapses the axis (the spec asks for non-zero factors)",
                )
    elif kind == "mapAxis":
        values = _ints(t.get("mapAxis"))
        if values is not None and sorted(values) != list(range(len(values))):
            yield MAP_AXIS.finding(
                ptr(*at, "mapAxis"),
                f"'mapAxis' {values} is not a permutation of 0..{len(values) - 1}: each input"
                " axis index appears exactly once",
            )
    elif kind == "projectAxis":
        for key in ("droppedInputs", "createdOutputs"):
            for index, first, value in duplicates(enumerate(_ints(t.get(key)) or [])):
                yield PROJECT_AXIS.finding(
                    ptr(*at, key, index),
                    f"axis index {value} is already listed in '{key}' (index {first})",
                )
    elif kind == "rotation":
        rows = _matrix(t.get("rotation"))
        if rows is not None and all(len(r) == len(rows) for r in rows) and not is_rotation(rows):
            yield ROTATION.finding(
                ptr(*at, "rotation"),
                f"a rotation matrix is orthonormal with determinant 1 (tolerance {TOLERANCE})",
            )
    elif kind == "bijection":
        for key, same in (("forward", True), ("inverse", False)):
            child = t.get(key)
            if isinstance(child, Mapping):
                yield from _bijection_io(t, child, key, same, at)
    elif kind == "byDimension":
        yield from _by_dimension(t, at, version)
    elif kind in {"displacements", "coordinates"}:
        value = t.get("interpolation")
        if isinstance(value, str) and value not in INTERPOLATIONS:
            yield INTERPOLATION.finding(
                ptr(*at, "interpolation"),
                f"interpolation {value!r} is not one the spec names (nearest, linear,"
                " bspline-cubic); readers may not know it",
            )


def _bijection_io(
    parent: Mapping[str, Any], child: Mapping[str, Any], key: str, same: bool, at: Tokens
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
            yield BIJECTION.finding(
                ptr(*at, key, own, "name"),
                f"the {key} transformation's {own} is {mine.get('name')!r}; it is the"
                f" bijection's {theirs} {expected.get('name')!r}",
            )


def _by_dimension(t: Mapping[str, Any], at: Tokens, version: str) -> Iterator[Finding]:
    in_key, out_key = _axis_keys(version)
    for i, j, value, owner in _repeated_outputs(t, out_key):
        yield BY_DIMENSION.finding(
            ptr(*at, "transformations", i, out_key, j),
            f"output axis {value} is already written by item {owner}",
        )
    for i, item in _objects(t.get("transformations")):
        child = item.get("transformation")
        if isinstance(child, Mapping):
            for side in ("input", "output"):
                if side in child:
                    yield BY_DIMENSION.finding(
                        ptr(*at, "transformations", i, "transformation", side),
                        f"a byDimension item's transformation has no '{side}': its axes are"
                        f" given by '{in_key}' and '{out_key}'",
                    )


def _written(t: Mapping[str, Any], out_key: str) -> Iterator[tuple[int, int, int]]:
    """(item index, position, output axis) for each output axis a byDimension writes."""
    for i, item in _objects(t.get("transformations")):
        for j, value in enumerate(_ints(item.get(out_key)) or []):
            yield i, j, value


def _repeated_outputs(t: Mapping[str, Any], out_key: str) -> Iterator[tuple[int, int, int, int]]:
    """(item index, position, output axis, first item writing it) for each output axis
    written a second time."""
    owner: dict[int, int] = {}
    for i, j, value in _written(t, out_key):
        if value in owner:
            yield i, j, value, owner[value]
        else:
            owner[value] = i


# --- dimensions, passed down from a transformation to the ones nested in it

Handler = Callable[["Dimensions", Mapping[str, Any], int | None, int | None, Tokens], int | None]


class Dimensions:
    """Checks the dimensions of one transformation tree; collects findings."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.findings: list[Finding] = []
        #: Where a matrix does not fit its systems: its own parameters are not checked.
        self.misfits: set[Tokens] = set()

    def add(self, where: Tokens, message: str) -> None:
        self.findings.append(DIMENSIONS.finding(ptr(*where), message))

    def agree(self, where: Tokens, what: str, n: int | None, m: int | None) -> None:
        """``what`` keeps the dimension count: its input and output systems must agree."""
        if n is not None and m is not None and n != m:
            self.add(where, f"{what} maps {n} to {m} dimensions; they must agree")

    def dims(self, where: Tokens, what: str, got: int, want: int | None, side: str) -> None:
        if want is not None and got != want:
            self.add(where, f"{what} has {got} entries, but the {side} has {want} dimensions")

    def walk(self, t: object, n: int | None, m: int | None, at: Tokens) -> int | None:
        """Check transform ``t`` mapping N to M dimensions; return its output dimensions."""
        if not isinstance(t, Mapping):
            return m
        kind = t.get("type")
        handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
        if handler is None:
            return m
        out = handler(self, t, n, m, at)
        return out if out is not None else m

    # --- one method per type: check parameters against (n, m), return output dims

    def _identity(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        if n is not None and m is not None and n != m:
            self.add(
                at,
                f"an identity maps {n} input dimensions to {m} output dimensions; they must agree",
            )
        return n

    def _vector(
        self, t: Mapping[str, Any], key: str, n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        values = t.get(key)
        if not isinstance(values, list):
            return n
        self._both(values, (*at, key), f"'{key}'", n, m)
        return len(values)

    def _both(
        self, values: list[Any], where: Tokens, what: str, n: int | None, m: int | None
    ) -> None:
        """A vector's length against the input, then (if that agrees) the output."""
        self.dims(where, what, len(values), n, "input")
        if n is None or len(values) == n:
            self.dims(where, what, len(values), m, "output")

    def _scale(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens) -> int | None:
        return self._vector(t, "scale", n, m, at)

    def _translation(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        return self._vector(t, "translation", n, m, at)

    def _map_axis(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        values = _ints(t.get("mapAxis"))
        if values is None:
            return n
        self._both(values, (*at, "mapAxis"), "'mapAxis'", n, m)
        return len(values)

    def _project_axis(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        dropped = _ints(t.get("droppedInputs")) or []
        created = _ints(t.get("createdOutputs")) or []
        for key, values, bound, side in (
            ("droppedInputs", dropped, n, "input"),
            ("createdOutputs", created, m, "output"),
        ):
            self._in_range((*at, key), values, bound, side)
        if n is not None and len(set(dropped)) > n:
            self.add((*at, "droppedInputs"), f"drops more axes than the input's {n}")
        repeated = len(set(dropped)) < len(dropped) or len(set(created)) < len(created)
        if repeated:  # the counts mean nothing until the repeat is fixed
            return m
        out = n - len(dropped) + len(created) if n is not None else None
        if out is not None and m is not None and out != m:
            self.add(
                at,
                f"dropping {len(set(dropped))} and creating {len(set(created))} axes of a"
                f" {n}-dimensional input gives {out} dimensions, but the output has {m}",
            )
        return out

    def _in_range(
        self, where: Tokens, values: list[int] | None, bound: int | None, side: str
    ) -> None:
        if values is None or bound is None:
            return
        for i, value in enumerate(values):
            if value >= bound:
                self.add(
                    (*where, i),
                    f"axis index {value} is out of range: the {side} has {bound} dimensions",
                )

    def _affine(self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens) -> int | None:
        rows = _matrix(t.get("affine"))
        if rows is None:
            return m
        where = (*at, "affine")
        widths = {len(r) for r in rows}
        if len(widths) > 1:
            self.add(where, "the rows of an affine matrix have different lengths")
        elif n is not None and widths != {n + 1}:
            self.add(
                where,
                f"an affine row has {widths.pop()} entries, but the input has {n} dimensions"
                f" (rows have N+1 = {n + 1})",
            )
        if m is not None and len(rows) != m:
            self.add(
                where, f"an affine matrix has {len(rows)} rows, but the output has {m} dimensions"
            )
        return len(rows)

    def _rotation(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        rows = _matrix(t.get("rotation"))
        if rows is None:
            return n
        where = (*at, "rotation")
        size = len(rows)
        if any(len(r) != size for r in rows):
            self.add(where, f"a rotation is a square matrix; it has {size} rows of other lengths")
            return n
        for want, side in ((n, "input"), (m, "output")):
            if want is not None and want != size:
                self.add(
                    where, f"a rotation is {size}x{size}, but the {side} has {want} dimensions"
                )
                self.misfits.add(at)
                break  # one finding per matrix
        return size

    def _sequence(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        items = t.get("transformations")
        if not isinstance(items, list) or not items:
            return m
        current = n
        for i, item in enumerate(items):
            last = i == len(items) - 1
            current = self.walk(item, current, m if last else None, (*at, "transformations", i))
        return current

    def _bijection(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        self.agree(at, "a bijection", n, m)
        for key, n_side, m_side in (("forward", n, m), ("inverse", m, n)):
            self.walk(t.get(key), n_side, m_side, (*at, key))
        return n if n is not None else m

    def _by_dimension(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        in_key, out_key = _axis_keys(self.version)
        for i, item in _objects(t.get("transformations")):
            here = (*at, "transformations", i)
            ins, outs = _ints(item.get(in_key)), _ints(item.get(out_key))
            self._in_range((*here, in_key), ins, n, "input")
            self._in_range((*here, out_key), outs, m, "output")
            self.walk(
                item.get("transformation"),
                len(ins) if ins is not None else None,
                len(outs) if outs is not None else None,
                (*here, "transformation"),
            )
        if m is not None and isinstance(t.get("transformations"), list):
            written = {value for _, _, value in _written(t, out_key)}
            missing = [i for i in range(m) if i not in written]
            if missing:
                self.findings.append(
                    BY_DIMENSION.finding(
                        ptr(*at, "transformations"),
                        f"output axes {missing} are written by no item: every output axis"
                        " appears in exactly one item",
                    )
                )
        return m

    def _displacements(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        self.agree(at, "a displacement field", n, m)
        return n

    def _coordinates(
        self, t: Mapping[str, Any], n: int | None, m: int | None, at: Tokens
    ) -> int | None:
        return m


#: One method per type, chosen once (not bound per transformation checked).
_HANDLERS: dict[str, Handler] = {
    "identity": Dimensions._identity,
    "scale": Dimensions._scale,
    "translation": Dimensions._translation,
    "mapAxis": Dimensions._map_axis,
    "projectAxis": Dimensions._project_axis,
    "affine": Dimensions._affine,
    "rotation": Dimensions._rotation,
    "sequence": Dimensions._sequence,
    "bijection": Dimensions._bijection,
    "byDimension": Dimensions._by_dimension,
    "displacements": Dimensions._displacements,
    "coordinates": Dimensions._coordinates,
}


# --- across groups: the systems a side's 'path' names in another group


@cross
def dimensions_across_groups(ctx: Context) -> Iterator[Finding]:
    """transforms.dimensions again with the axis counts of systems in other groups; only
    what those counts add is reported: a place the document check already reported (with
    the counts it knew) is not reported twice."""
    for group, _, tokens, transforms in ctx.transformation_lists(DIMENSIONS_ACROSS_GROUPS):
        assert group.version is not None  # transformation_lists: only known versions
        for i, transform in _objects(transforms):
            ios = [transform.get(side) for side in ("input", "output")]
            there = [elsewhere(ctx, group, io) for io in ios]
            if not any(there):
                continue
            local = [local_dims(group.ome, io) for io in ios]
            full = [t[0] if t else d for t, d in zip(there, local, strict=True)]
            at = (*tokens, i)
            known = {
                f.pointer
                for f in check_transformation(transform, local[0], local[1], at, group.version)
            }
            related = tuple(sorted({t[1] for t in there if t}))
            where = ", ".join(repr(p) for p in related)
            for f in check_transformation(transform, full[0], full[1], at, group.version):
                if f.rule is DIMENSIONS and f.pointer not in known:
                    yield DIMENSIONS_ACROSS_GROUPS.finding(
                        group.ptr() + f.pointer,
                        f"{f.message} (a system of {where})",
                        node=group.path,
                        related=related,
                    )
