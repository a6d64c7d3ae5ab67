"""0.6 displacement and coordinate fields, checked as arrays against the transformation
that names them (spec-0.6 §2.4 and §4 H-52; the section "coordinates and displacements").

A `displacements` or `coordinates` transformation keeps its vector field at 'path'. The
two drafts lay the field out differently (spec-0.6 §5 row 11): 0.6.dev4 names one zarr
array whose attributes carry the field's own 'coordinateSystems' and
'coordinateTransformations'; 0.6rc0 names a multiscale image group (its level arrays are
the field, its intrinsic system the field's system). Either way the field has the input
system's N axes plus one vector axis, of length M (the output system's axis count).

Every finding is on the group holding the transformation (the pointer is the
transformation's 'path'), with the field's node as related: what is wrong depends on the
transformation (its type, its input and output systems), not on the field alone. Whether
the path names anything is `transforms.parameter-path-exists`; N = M for displacements is
`transforms.dimensions`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..spec.transformations import Tokens, nested
from ..spec.versions import FIELD_ARRAY_VERSIONS, V06_VERSIONS, get
from ._context import Context, Group
from ._registry import cross
from ._rule import E, Finding, Rule
from ._util import mapping, objects
from .coordinate_systems import intrinsic_name

if TYPE_CHECKING:
    from ..store.nodes import ArrayMeta

__all__ = [
    "DATA_TYPE",
    "INPUT_AXES",
    "LAYOUT",
    "METADATA",
    "SHAPE",
    "VECTOR_AXIS",
]

LAYOUT = Rule(
    "fields.layout",
    "A displacement or coordinate field is laid out as its draft says",
    E,
    "hierarchy",
    decision="0.6.dev4: 'path' names a zarr array whose attributes define the field's"
    " coordinate system and transformation; 0.6rc0: a multiscale image group (spec-0.6 §5"
    " row 11). transforms.parameter-path-exists accepts either (a path naming nothing, or"
    " a group that is no image, is its finding); this rule reports a field in the other"
    " draft's layout and says which one the draft expects.",
    versions=V06_VERSIONS,
)
METADATA = Rule(
    "fields.metadata",
    "A 0.6.dev4 field array defines its coordinate system and transformation",
    E,
    "hierarchy",
    decision="0.6.dev4 'coordinates and displacements': the array MUST define coordinate"
    " system and coordinate transform metadata. Read from the array's 'ome' attribute, or"
    " from its attributes when there is none (the text shows a bare object). The field's"
    " system is the one its first transformation outputs to, or the only one. 0.6rc0"
    " fields are image groups, whose metadata the image rules check.",
    versions=FIELD_ARRAY_VERSIONS,
)
SHAPE = Rule(
    "fields.shape",
    "A field has N+1 dimensions and M components along its vector axis",
    E,
    "hierarchy",
    decision="Both drafts: with N input and M output axes, the field's system has N+1 axes,"
    " the array N+1 dimensions, and its length along the vector axis is M (the text's"
    " 'exactly N' for coordinates contradicts its own M rule a few lines above; we read"
    " M). 0.6rc0: every level array (the image rules compare their rank with the axes).",
    versions=V06_VERSIONS,
)
VECTOR_AXIS = Rule(
    "fields.vector-axis",
    "A field has exactly one vector axis, of type 'displacement' or 'coordinate'",
    E,
    "hierarchy",
    decision="Both drafts: exactly one axis of type 'displacement' for a displacements"
    " field, 'coordinate' for a coordinates field (the singular type names of the text and"
    " examples). 0.6rc0 also requires 'discrete': true on it. Its position is not checked"
    " here: 0.6.dev4 says only SHOULD (last), and a 0.6rc0 field is an image group whose"
    " axis order (time, then channel or custom, then space) the multiscales rules check.",
    versions=V06_VERSIONS,
)
INPUT_AXES = Rule(
    "fields.input-axes",
    "A field's other axes are the input system's axes, in order",
    E,
    "hierarchy",
    decision="'The field coordinate system MUST contain an axis identical to every axis of"
    " its input coordinate system in the same order.' Identical is read as the same name,"
    " type and unit (absent equals absent); 'longName' and 'discrete' are descriptive and"
    " not compared. Checked only when the rank fits (fields.shape says when it does not).",
    versions=V06_VERSIONS,
)
DATA_TYPE = Rule(
    "fields.data-type",
    "A field's data type holds real numbers",
    E,
    "hierarchy",
    decision="Neither draft names a data type for fields (the text names one only for"
    " labels). A field's values are coordinates or displacements, numbers on the output"
    " axes: an integer or floating point type holds them; bool, complex, string and raw"
    " types cannot, and such a field cannot be applied.",
    versions=V06_VERSIONS,
)

_VECTOR_TYPE = {"displacements": "displacement", "coordinates": "coordinate"}
_REAL_TYPES = frozenset(
    {
        *(f"int{n}" for n in (8, 16, 32, 64)),
        *(f"uint{n}" for n in (8, 16, 32, 64)),
        "float16",
        "float32",
        "float64",
        "bfloat16",
    }
)
_AXIS_KEYS = ("name", "type", "unit")


@dataclass(frozen=True)
class _Field:
    """A field as read: its system's name and axes, and its arrays (path, metadata)."""

    system: str
    axes: list[Any]
    arrays: list[tuple[str, ArrayMeta]]


@dataclass(frozen=True)
class _Use:
    """One field transformation of a group: where it is, its type, and its systems' axes."""

    group: Group
    at: Tokens
    kind: str
    path: str  # the field's node
    inputs: list[Any] | None
    outputs: list[Any] | None

    def finding(self, rule: Rule, message: str) -> Finding:
        return rule.finding(
            self.group.ptr(*self.at, "path"), message, node=self.group.path, related=(self.path,)
        )


# --- the systems a transformation maps between


def _system_axes(ome: Mapping[str, Any] | None, name: object) -> list[Any] | None:
    if ome is None or not isinstance(name, str):
        return None
    found = [m.get("coordinateSystems") for _, m in objects(ome.get("multiscales"))]
    scene = mapping(ome.get("scene"))
    if scene is not None:
        found.append(scene.get("coordinateSystems"))
    for each in found:
        for _, system in objects(each):
            if system.get("name") == name and isinstance(system.get("axes"), list):
                return list(system["axes"])
    return None


def _axes_of(ctx: Context, group: Group, io: object) -> list[Any] | None:
    """The axes of the system a side names: in this group, or in the group its 'path' names."""
    side = mapping(io)
    if side is None:
        return None
    if side.get("path") is None:
        return _system_axes(group.ome, side.get("name"))
    found = ctx.reached(group.path, side["path"])
    other = ctx.group(found[0]) if found is not None else None
    return _system_axes(other.ome if other is not None else None, side.get("name"))


def _sides(
    transform: Mapping[str, Any], at: Tokens, inherited: tuple[object, object]
) -> Iterator[tuple[Tokens, Mapping[str, Any], object, object]]:
    """(tokens, transformation, input, output) for ``transform`` and the ones nested in it;
    a side a nested transformation omits is its parent's where the spec says so (a
    bijection's forward and inverse, a sequence's first input and last output)."""
    inp = transform.get("input", inherited[0])
    out = transform.get("output", inherited[1])
    yield at, transform, inp, out
    kind = transform.get("type")
    children = list(nested(transform))
    for n, (inner, child) in enumerate(children):
        if kind == "bijection":
            given: tuple[object, object] = (inp, out) if inner == ("forward",) else (out, inp)
        elif kind == "sequence":
            given = (inp if n == 0 else None, out if n == len(children) - 1 else None)
        else:  # byDimension: its items see only some axes
            given = (None, None)
        yield from _sides(child, (*at, *inner), given)


def _uses(ctx: Context) -> Iterator[_Use]:
    for group, _, tokens, transforms in ctx.transformation_lists(LAYOUT):
        for i, transform in objects(transforms):
            for at, each, inp, out in _sides(transform, (*tokens, i), (None, None)):
                kind = each.get("type")
                if kind not in _VECTOR_TYPE or "path" not in each:
                    continue
                found = ctx.reached(group.path, each["path"])
                if found is None or found[1].exists is not True:
                    continue  # transforms.parameter-path-exists, or the walk, said why
                yield _Use(
                    group,
                    at,
                    str(kind),
                    found[0],
                    _axes_of(ctx, group, inp),
                    _axes_of(ctx, group, out),
                )


# --- reading the field in its draft's layout


def _field_metadata(attributes: object) -> Mapping[str, Any] | None:
    attrs = mapping(attributes)
    if attrs is None:
        return None
    return mapping(attrs.get("ome")) or attrs


def _array_field(node_path: str, meta: ArrayMeta) -> tuple[_Field | None, str]:
    """The 0.6.dev4 field, or (None, what its metadata lacks)."""
    ome = _field_metadata(meta.attributes) or {}
    systems = [s for _, s in objects(ome.get("coordinateSystems"))]
    transforms = [t for _, t in objects(ome.get("coordinateTransformations"))]
    if not systems:
        return None, "defines no 'coordinateSystems' (the field's own coordinate system)"
    if not transforms:
        return None, "defines no 'coordinateTransformations' (from array indices to its system)"
    output = mapping(transforms[0].get("output"))
    wanted = output.get("name") if output is not None else None
    chosen = [s for s in systems if s.get("name") == wanted] or (
        systems if len(systems) == 1 else []
    )
    if not chosen:
        return None, (
            f"has {len(systems)} coordinate systems and its transformation's output"
            f" {wanted!r} names none of them: the field's system is unknown"
        )
    axes = chosen[0].get("axes")
    if not isinstance(axes, list):
        return None, f"has a coordinate system {chosen[0].get('name')!r} without 'axes'"
    return _Field(str(chosen[0].get("name")), axes, [(node_path, meta)]), ""


def _group_field(ctx: Context, path: str) -> _Field | None:
    """The 0.6rc0 field: the image's first multiscale, its intrinsic system, its levels."""
    image = ctx.group(path, "image")
    first = objects(image.ome.get("multiscales")) if image is not None else []
    if not first:
        return None
    multiscale = first[0][1]
    name = intrinsic_name(multiscale)
    axes = _system_axes({"multiscales": [multiscale]}, name)
    if name is None or axes is None:
        return None  # the image rules report it
    arrays = []
    for _, dataset in objects(multiscale.get("datasets")):
        found = ctx.reached(path, dataset.get("path"))
        if found is not None and found[1].is_array and found[1].array is not None:
            arrays.append((found[0], found[1].array))
    return _Field(name, axes, arrays)


def _read(ctx: Context, use: _Use) -> Iterator[Finding | _Field]:
    """The layout finding, or the field's metadata finding, or the field."""
    node = ctx.node(use.path)
    assert node is not None and use.group.version is not None
    as_group = get(use.group.version).field_is_group
    shown = repr(use.path)
    if as_group and node.is_array:
        yield use.finding(
            LAYOUT,
            f"{use.kind} field {shown} is an array (the 0.6.dev4 layout); in"
            f" {use.group.version} a field is a multiscale image group",
        )
    elif not as_group and ctx.group(use.path, "image") is not None:
        yield use.finding(
            LAYOUT,
            f"{use.kind} field {shown} is a multiscale image group (the 0.6rc0 layout); in"
            f" {use.group.version} a field is an array carrying its own 'coordinateSystems'"
            " and 'coordinateTransformations'",
        )
    elif as_group:
        found = _group_field(ctx, use.path)
        if found is not None:
            yield found
    elif node.is_array and node.array is not None:
        field, missing = _array_field(use.path, node.array)
        if field is None:
            yield use.finding(METADATA, f"{use.kind} field array {shown} {missing}")
        else:
            yield field


# --- the checks


def _vector_axis(use: _Use, field: _Field, strict: bool) -> Iterator[Finding | int]:
    want = _VECTOR_TYPE[use.kind]
    found = [i for i, ax in enumerate(field.axes) if mapping(ax) and ax.get("type") == want]
    if len(found) != 1:
        others = sorted(
            {str(ax.get("type")) for ax in field.axes if mapping(ax)}
            & set(_VECTOR_TYPE.values()) - {want}
        )
        seen = f" (it has one of type {others[0]!r})" if others and not found else ""
        yield use.finding(
            VECTOR_AXIS,
            f"the system {field.system!r} of {use.kind} field {use.path!r} has {len(found)}"
            f" axes of type {want!r}{seen}; a {use.kind} field has exactly one (its vector"
            " axis)",
        )
        return
    axis = field.axes[found[0]]
    if strict and axis.get("discrete") is not True:
        yield use.finding(
            VECTOR_AXIS,
            f"the vector axis {axis.get('name')!r} of {use.kind} field {use.path!r} is not"
            ' marked "discrete": true',
        )
    yield found[0]


def _shape(use: _Use, field: _Field, vector: int, check_rank: bool) -> Iterator[Finding]:
    n = len(use.inputs) if use.inputs is not None else None
    if n is not None and len(field.axes) != n + 1:
        yield use.finding(
            SHAPE,
            f"the system {field.system!r} of {use.kind} field {use.path!r} has"
            f" {len(field.axes)} axes; over the {n}-D input system a field has N+1 = {n + 1}",
        )
    m = len(use.outputs) if use.outputs is not None else None
    for path, meta in field.arrays:
        shape = meta.shape
        if shape is None:
            continue
        if len(shape) != len(field.axes):
            if check_rank:
                yield use.finding(
                    SHAPE,
                    f"{use.kind} field array {path!r} has {len(shape)} dimensions; its"
                    f" system {field.system!r} has {len(field.axes)} axes",
                )
        elif m is not None and shape[vector] != m:
            yield use.finding(
                SHAPE,
                f"{use.kind} field array {path!r} has {shape[vector]} components along its"
                f" vector axis; the output system has M = {m} axes",
            )


def _input_axes(use: _Use, field: _Field, vector: int) -> Iterator[Finding]:
    if use.inputs is None or len(field.axes) != len(use.inputs) + 1:
        return
    grid = [ax for i, ax in enumerate(field.axes) if i != vector]
    for i, (mine, theirs) in enumerate(zip(grid, use.inputs, strict=True)):
        a, b = mapping(mine) or {}, mapping(theirs) or {}
        differ = [k for k in _AXIS_KEYS if a.get(k) != b.get(k)]
        if differ:
            yield use.finding(
                INPUT_AXES,
                f"axis {a.get('name')!r} of {use.kind} field {use.path!r} is not input axis"
                f" {i} {b.get('name')!r}: their {' and '.join(differ)} differ (the field's"
                " other axes are the input system's, in order)",
            )
            return  # the first difference: the others usually follow from it


def _data_type(use: _Use, field: _Field) -> Iterator[Finding]:
    for path, meta in field.arrays:
        if meta.dtype is not None and meta.dtype not in _REAL_TYPES:
            yield use.finding(
                DATA_TYPE,
                f"{use.kind} field array {path!r} has data type {meta.dtype!r}, which holds"
                " no real numbers (coordinates and displacements are numbers)",
            )
            return


@cross
def fields(ctx: Context) -> Iterator[Finding]:
    for use in _uses(ctx):
        assert use.group.version is not None
        as_group = get(use.group.version).field_is_group
        field: _Field | None = None
        for item in _read(ctx, use):
            if isinstance(item, _Field):
                field = item
            else:
                yield item
        if field is None:
            continue
        yield from _data_type(use, field)
        vector: int | None = None
        for got in _vector_axis(use, field, strict=as_group):
            if isinstance(got, int):
                vector = got
            else:
                yield got
        if vector is None:
            continue
        yield from _shape(use, field, vector, check_rank=not as_group)
        yield from _input_axes(use, field, vector)
