"""0.6 coordinate transformations between systems of known dimensions.

Every parameter is sized from the dimensions N (input) and M (output) the caller asks
for, because that is what the spec ties them to (spec-0.6 §2.4): a scale has N = M
entries, an affine M rows of N+1, a rotation is N x N with determinant 1, a byDimension
writes every output axis exactly once. Wrappers (sequence, bijection, byDimension) recurse
with a smaller depth, and their children carry no input/output unless the spec allows it.

Strategies are built once at import, keyed by what the draw needs (same dimensions or
not, leaf or wrapper, which draft), never inside a draw.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from hypothesis import strategies as st

from ..spec.versions import get
from . import _values

Json = dict[str, Any]

_D8 = st.integers(0, 7)
_TEXT1 = _values.text(min_size=1)
#: Dimensions of an intermediate system inside a sequence: any, mostly image-like.
_INNER_DIMS = st.sampled_from([1, 2, 2, 3, 3, 4, 5])
_SEQUENCE_LENGTH = st.sampled_from([1, 2, 2, 3])
_GROUP = st.sampled_from([1, 1, 1, 2, 3])
_PARAMETER_PATH = st.one_of(
    st.sampled_from(["coordinateTransformations/affine", "params/0", "matrix"]), _TEXT1
)
_FIELD_PATH = st.one_of(
    st.sampled_from(["coordinateTransformations/field", "displacements", "fields/0"]), _TEXT1
)
#: The spec names nearest, linear and bspline-cubic; the upstream schema also has cubic.
_INTERPOLATION = st.sampled_from(["nearest", "linear", "bspline-cubic", "cubic"])
_ANGLE = st.one_of(
    st.sampled_from([0.0, math.pi / 2, math.pi, -math.pi / 2, math.pi / 6, 1e-9]),
    st.floats(-math.pi, math.pi, allow_nan=False),
)
_TURNS = st.integers(0, 2)
_LINK_TYPE = st.sampled_from(["identity", "scale", "translation", "sequence"])

#: Types that map N dimensions to M for any N, M (sequence and byDimension are wrappers).
_ANY_LEAVES = ("affine", "coordinates")
_SAME_LEAVES = (
    "identity",
    "mapAxis",
    "translation",
    "scale",
    "affine",
    "rotation",
    "displacements",
    "coordinates",
)
_WRAPPERS_ANY = ("sequence", "byDimension")
_WRAPPERS_SAME = ("sequence", "byDimension", "bijection")


def _choices(same: bool, leaf: bool, project: bool) -> st.SearchStrategy[str]:
    types = list(_SAME_LEAVES if same else _ANY_LEAVES)
    if project:
        types.append("projectAxis")
    if not leaf:
        # each wrapper as likely as each leaf: nesting is common, documents stay small
        types += _WRAPPERS_SAME if same else _WRAPPERS_ANY
    return st.sampled_from(types)


_TYPES = {
    (same, leaf, project): _choices(same, leaf, project)
    for same in (True, False)
    for leaf in (True, False)
    for project in (True, False)
}


def has_project_axis(version: str) -> bool:
    """0.6rc0 added projectAxis; 0.6.dev4 does not know it."""
    return get(version).project_axis


def axes_keys(version: str) -> tuple[str, str]:
    """byDimension's axis lists: snake case in 0.6.dev4, camel case from 0.6rc0."""
    keys = get(version).by_dimension_axes
    assert keys is not None, f"OME-Zarr {version} has no byDimension transformation"
    return keys


def nonzero(draw: st.DrawFn) -> int | float:
    """A scale factor: non-zero (the spec's SHOULD), now and then negative (a mirror)."""
    value = draw(_values.POSITIVE)
    return -value if draw(_D8) == 7 else value


def numbers(draw: st.DrawFn, n: int) -> list[int | float]:
    return [draw(_values.NUMBER) for _ in range(n)]


def scale(draw: st.DrawFn, n: int) -> Json:
    return {"type": "scale", "scale": [nonzero(draw) for _ in range(n)]}


def translation(draw: st.DrawFn, n: int) -> Json:
    return {"type": "translation", "translation": numbers(draw, n)}


def rotation_matrix(draw: st.DrawFn, n: int) -> list[list[float]]:
    """An N x N rotation: a signed permutation of determinant 1, then plane rotations.

    Both steps keep the rows orthonormal exactly or within rounding (~1e-16), far inside
    the validator's tolerance.
    """
    order = draw(st.permutations(range(n)))
    signs = [-1 if draw(_values.COIN) else 1 for _ in range(n)]
    if _parity(order) * math.prod(signs) < 0:
        signs[0] = -signs[0]
    rows: list[list[float]] = [[0] * n for _ in range(n)]
    for i, j in enumerate(order):
        rows[i][j] = signs[i]
    for _ in range(draw(_TURNS) if n > 1 else 0):
        i = draw(st.integers(0, n - 2))
        j = draw(st.integers(i + 1, n - 1))
        angle = draw(_ANGLE)
        c, s = math.cos(angle), math.sin(angle)
        rows[i], rows[j] = (
            [c * a - s * b for a, b in zip(rows[i], rows[j], strict=True)],
            [s * a + c * b for a, b in zip(rows[i], rows[j], strict=True)],
        )
    return rows


def _parity(order: list[int]) -> int:
    sign, seen = 1, [False] * len(order)
    for start in range(len(order)):
        length, i = 0, start
        while not seen[i]:
            seen[i] = True
            i = order[i]
            length += 1
        if length and length % 2 == 0:
            sign = -sign
    return sign


def _affine(draw: st.DrawFn, n: int, m: int) -> Json:
    if draw(_D8) == 7:
        return {"type": "affine", "path": draw(_PARAMETER_PATH)}
    if draw(_values.COIN):
        rows = [numbers(draw, n + 1) for _ in range(m)]
    else:  # the identity's shape plus an offset: the matrices real files hold
        rows = [[1 if j == i else 0 for j in range(n)] + [draw(_values.NUMBER)] for i in range(m)]
    return {"type": "affine", "affine": rows}


def _rotation(draw: st.DrawFn, n: int) -> Json:
    if draw(_D8) == 7:
        return {"type": "rotation", "path": draw(_PARAMETER_PATH)}
    return {"type": "rotation", "rotation": rotation_matrix(draw, n)}


def _field(draw: st.DrawFn, kind: str) -> Json:
    out: Json = {"type": kind, "path": draw(_FIELD_PATH)}
    if draw(_values.COIN):
        out["interpolation"] = draw(_INTERPOLATION)
    return out


def _project_axis(draw: st.DrawFn, n: int, m: int) -> Json:
    """Drop d inputs and create c outputs with N - d + c = M, at least one of each list."""
    low = max(0, n - m, 1 if n == m else 0)
    dropped = draw(st.integers(low, n))
    created = m - n + dropped
    out: Json = {"type": "projectAxis"}
    if dropped or draw(_D8) == 7:
        out["droppedInputs"] = draw(st.permutations(range(n)))[:dropped]
    if created or draw(_D8) == 7:
        out["createdOutputs"] = draw(st.permutations(range(m)))[:created]
    return out


def _sequence(draw: st.DrawFn, version: str, n: int, m: int, depth: int) -> Json:
    length = draw(_SEQUENCE_LENGTH)
    dims = [n] + [draw(_INNER_DIMS) for _ in range(length - 1)] + [m]
    steps = [transformation(draw, version, a, b, depth - 1) for a, b in itertools.pairwise(dims)]
    return {"type": "sequence", "transformations": steps}


def _by_dimension(draw: st.DrawFn, version: str, n: int, m: int, depth: int) -> Json:
    """Every output axis in exactly one item; each item's axis lists fit its child."""
    in_key, out_key = axes_keys(version)
    outputs = draw(st.permutations(range(m)))
    items = []
    while outputs:
        size = min(draw(_GROUP), len(outputs))
        written, outputs = outputs[:size], outputs[size:]
        read = size if size <= n and draw(_values.D4) > 0 else draw(st.integers(1, n))
        inputs = draw(st.permutations(range(n)))[:read]
        child = transformation(draw, version, read, size, depth - 1)
        item: Json = {"transformation": child, in_key: inputs, out_key: written}
        if draw(_D8) == 7:  # 1.0 is an integer too, for JSON Schema and for the spec
            item.update({in_key: [float(i) for i in inputs], out_key: [float(o) for o in written]})
        items.append(item)
    return {"type": "byDimension", "transformations": items}


def _bijection(
    draw: st.DrawFn, version: str, n: int, depth: int, io: tuple[Json, Json] | None
) -> Json:
    forward = transformation(draw, version, n, n, depth - 1)
    inverse = transformation(draw, version, n, n, depth - 1)
    if io is not None and draw(_values.COIN):
        # the spec lets the children name their systems: forward as the bijection, inverse
        # swapped
        source, target = io
        forward.update(input=dict(source), output=dict(target))
        inverse.update(input=dict(target), output=dict(source))
    return {"type": "bijection", "forward": forward, "inverse": inverse}


def transformation(
    draw: st.DrawFn,
    version: str,
    n: int,
    m: int,
    depth: int = 2,
    io: tuple[Json, Json] | None = None,
    *,
    kind: str | None = None,
) -> Json:
    """A transformation from N to M dimensions, without input/output.

    ``io`` is the (input, output) the caller will attach: a bijection may repeat it in
    its children. ``kind`` fixes the type (it must allow N to M); by default it is drawn.
    """
    if kind is None:
        kind = draw(_TYPES[(n == m, depth <= 0, has_project_axis(version))])
    if kind == "identity":
        return {"type": "identity"}
    if kind == "mapAxis":
        return {"type": "mapAxis", "mapAxis": draw(st.permutations(range(n)))}
    if kind == "translation":
        return translation(draw, n)
    if kind == "scale":
        return scale(draw, n)
    if kind == "affine":
        return _affine(draw, n, m)
    if kind == "rotation":
        return _rotation(draw, n)
    if kind in ("displacements", "coordinates"):
        return _field(draw, kind)
    if kind == "projectAxis":
        return _project_axis(draw, n, m)
    if kind == "sequence":
        return _sequence(draw, version, n, m, depth)
    if kind == "byDimension":
        return _by_dimension(draw, version, n, m, depth)
    assert kind == "bijection", kind
    return _bijection(draw, version, n, depth, io)


def label_link(draw: st.DrawFn, n: int) -> Json:
    """A transformation into a child label image: the four types the spec allows there."""
    kind = draw(_LINK_TYPE)
    if kind == "identity":
        return {"type": "identity"}
    if kind == "scale":
        return scale(draw, n)
    if kind == "translation":
        return translation(draw, n)
    return {"type": "sequence", "transformations": [scale(draw, n), translation(draw, n)]}
