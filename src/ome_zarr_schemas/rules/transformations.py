"""Coordinate transformations: their types, parameters and lists in every version, and
parameters stored at a 'path' (affine and rotation arrays, displacement and coordinate
fields) against the store.

0.4/0.5 allow only scale and translation, checked by the schemas. 0.6 adds nine types;
what a schema cannot say about their parameters is checked in `transformation_params`,
and references between coordinate systems in `coordinate_systems` and `scene`. Each
ambiguity of the 0.6 drafts is decided in a rule's ``decision``, citing the section of
../shared/spec/spec-0.6.md (its §7 lists the disagreements between text, schema, corpus).

Decision (spec 0.6 §4, resolution base unspecified): a 'path' is resolved against the
group whose metadata holds it, as every upstream example does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..spec.transformations import PARAMETER_TYPES, walk
from ..spec.versions import BEFORE_V06_VERSIONS, PROJECT_AXIS_VERSIONS, V06_VERSIONS
from ._context import Context, Group
from ._registry import cross
from ._rule import INFO, E, Finding, Rule, W
from ._util import objects, unique_by

__all__ = [
    "ALLOWED_TYPES",
    "BIJECTION",
    "BY_DIMENSION",
    "DIMENSIONS",
    "DIMENSIONS_ACROSS_GROUPS",
    "INTERPOLATION",
    "IO",
    "IO_TARGET_EXISTS",
    "LENGTH_MATCHES_AXES",
    "MAP_AXIS",
    "NO_PATH",
    "ORDER",
    "PARAMETERS",
    "PARAMETER_ARRAY_SHAPE",
    "PARAMETER_PATH_EXISTS",
    "PATH_FORM",
    "PROJECT_AXIS",
    "ROTATION",
    "SCALE_COUNT",
    "SCALE_NONZERO",
    "SEQUENCE",
    "STRUCTURE",
    "TRANSLATION_COUNT",
    "TYPE",
    "UNIQUE_NAMES",
    "elsewhere",
    "local_dims",
    "systems",
    "unique_names",
]

STRUCTURE = Rule(
    "transforms.structure",
    "A transformation list holds transformation objects",
    E,
    "schema",
)
ALLOWED_TYPES = Rule(
    "transforms.allowed-types",
    "Multiscales use only 'scale' and 'translation'",
    E,
    "schema",
    versions=BEFORE_V06_VERSIONS,
)
PARAMETERS = Rule(
    "transforms.parameters",
    "A transformation has exactly one of its inline parameters or 'path'",
    E,
    "schema",
)
SCALE_COUNT = Rule(
    "transforms.scale-count",
    "A transformation list has exactly one 'scale'",
    E,
    "schema",
    versions=BEFORE_V06_VERSIONS,
)
TRANSLATION_COUNT = Rule(
    "transforms.translation-count",
    "A transformation list has at most one 'translation'",
    E,
    "schema",
    versions=BEFORE_V06_VERSIONS,
)
ORDER = Rule(
    "transforms.order",
    "A 'translation' comes after the 'scale'",
    E,
    "schema",
    versions=BEFORE_V06_VERSIONS,
)
LENGTH_MATCHES_AXES = Rule(
    "transforms.length-matches-axes",
    "Scale and translation vectors have one entry per axis",
    E,
    "schema",
    versions=BEFORE_V06_VERSIONS,
)
PATH_FORM = Rule(
    "transforms.path-form",
    "Parameters stored at a 'path' cannot be checked",
    W,
    "schema",
    decision="0.4/0.5 allow '{type, path}' but do not say how the binary data is stored; we"
    " accept the form (the spec allows it) and warn that it cannot be checked.",
    versions=BEFORE_V06_VERSIONS,
)
TYPE = Rule(
    "transforms.type",
    "A transformation 'type' is one of the types of this version",
    E,
    "schema",
    decision="0.6.dev4 has 11 types; 0.6rc0 adds 'projectAxis'. The type selects the schema a"
    " transformation is checked against, so a bad 'scale' reports what is wrong with"
    " the scale.",
    versions=V06_VERSIONS,
)
IO = Rule(
    "transforms.io",
    "A transformation's 'input' and 'output' are objects with a 'name' and/or a 'path'",
    E,
    "schema",
    decision="The string form was removed in 0.6.dev4; nested transformations (inside a"
    " sequence, bijection or byDimension) are checked too when they carry input/output"
    " (§3 T-15). A null 'path' means 'this group' and is accepted everywhere the text"
    " allows omitting it (§7.7).",
    versions=V06_VERSIONS,
)
NO_PATH = Rule(
    "transforms.no-path",
    "Scale and translation parameters are inline, not at a 'path'",
    E,
    "schema",
    decision="The type table still mentions 'path', but path storage for scale and translation"
    " was removed in 0.6.dev3 and the invalid corpus cases 'bad_*_path_not_allowed'"
    " forbid it (§7.9).",
    versions=V06_VERSIONS,
)
DIMENSIONS = Rule(
    "transforms.dimensions",
    "Transformation parameters fit the dimensions of the input and output systems",
    E,
    "semantic",
    decision="N and M are the axis counts of the named input/output systems (for a dataset,"
    " the intrinsic system's, which the arrays must match); inside a sequence,"
    " bijection or byDimension they follow from the parent. Identity needs N = M and"
    " projectAxis M = N - dropped + created, though the text only implies both"
    " (§7.22). A system in another group is unknown to a document; a store's"
    " transforms.dimensions-across-groups checks it.",
    versions=V06_VERSIONS,
)
SCALE_NONZERO = Rule(
    "transforms.scale-nonzero",
    "Scale factors are non-zero",
    W,
    "semantic",
    decision="The text says SHOULD be non-zero; the upstream schema demands > 0. We follow the"
    " text: zero is a warning, negative factors (mirroring) are allowed (§7.1).",
    versions=V06_VERSIONS,
)
MAP_AXIS = Rule(
    "transforms.map-axis",
    "'mapAxis' is a permutation of the axis indices",
    E,
    "semantic",
    versions=V06_VERSIONS,
)
PROJECT_AXIS = Rule(
    "transforms.project-axis",
    "'projectAxis' has unique indices and at least one of droppedInputs/createdOutputs",
    E,
    "schema",
    decision="At least one of the two lists is required, as the upstream schema and the corpus"
    " demand although the text is silent (§7.22); index bounds come from the"
    " input/output systems, not the schema's fixed cap of 4.",
    versions=PROJECT_AXIS_VERSIONS,
)
ROTATION = Rule(
    "transforms.rotation",
    "A rotation matrix is orthonormal with determinant 1",
    E,
    "semantic",
    decision="Checked within an absolute tolerance of 1e-6 on every entry of R·Rᵀ - I and on"
    " det(R) - 1.",
    versions=V06_VERSIONS,
)
SEQUENCE = Rule(
    "transforms.sequence",
    "A 'sequence' has a non-empty list of transformations",
    E,
    "schema",
    decision="The text defines the list as non-empty without a keyword; the upstream schema"
    " has no minItems. An empty sequence is an error (§7.13).",
    versions=V06_VERSIONS,
)
BIJECTION = Rule(
    "transforms.bijection",
    "A bijection's forward/inverse, if they name systems, match the bijection's",
    E,
    "semantic",
    versions=V06_VERSIONS,
)
BY_DIMENSION = Rule(
    "transforms.by-dimension",
    "A 'byDimension' maps each output axis exactly once, with integer axis indices",
    E,
    "schema",
    decision="Axis lists are integers (the schema says number, the text integer: §7.14); every"
    " output axis appears in exactly one item; a child has no input/output. The"
    " coverage rule makes"
    " 'spec/valid/image/multiscales_transform_additional_transforms' invalid (outputs"
    " 0 and 1 of 3): a listed corpus defect. 0.6.dev4 spells the lists"
    " 'input_axes'/'output_axes', 0.6rc0 'inputAxes'/'outputAxes'.",
    versions=V06_VERSIONS,
)
INTERPOLATION = Rule(
    "transforms.interpolation",
    "'interpolation' is one of the values the spec names",
    INFO,
    "semantic",
    decision="The text names nearest, linear and bspline-cubic and says the list is not"
    " exhaustive; the upstream schema allows nearest, linear and cubic. Any string is"
    " valid; others than these four get a note (§7.2).",
    versions=V06_VERSIONS,
)
UNIQUE_NAMES = Rule(
    "transforms.unique-names",
    "Transformation names are unique within one list",
    W,
    "semantic",
    decision="0.6.dev4 says MUST, 0.6rc0 only calls the name 'unique' and its valid corpus"
    " case 'spec/valid/scene/scene' repeats one name three times. Nothing refers to a"
    " transformation by name, so a repeat is a warning in both drafts (§7.8).",
    versions=V06_VERSIONS,
)
IO_TARGET_EXISTS = Rule(
    "transforms.io-target-exists",
    "A multiscales transformation's input or output 'path' names a multiscale image group",
    E,
    "hierarchy",
    versions=V06_VERSIONS,
)
PARAMETER_PATH_EXISTS = Rule(
    "transforms.parameter-path-exists",
    "A parameter 'path' names an array (affine, rotation) or a field (displacements, coordinates)",
    E,
    "hierarchy",
    decision="A displacement or coordinate field is a multiscale group in 0.6rc0 and an array"
    " in 0.6.dev4; either one exists for this rule in both drafts, and fields.layout says"
    " which one the draft expects (the fields.* rules check the field as an array).",
    versions=V06_VERSIONS,
)
PARAMETER_ARRAY_SHAPE = Rule(
    "transforms.parameter-array-shape",
    "An affine parameter array is [M, N+1] and a rotation array [N, N]",
    E,
    "hierarchy",
    decision="N and M are the axis counts of the input and output systems, of the same"
    " group or of the group a side's 'path' names (read by the walk); when a system is"
    " not found only two dimensions are required.",
    versions=V06_VERSIONS,
)
DIMENSIONS_ACROSS_GROUPS = Rule(
    "transforms.dimensions-across-groups",
    "Transformation parameters fit the dimensions of input and output systems in other groups",
    E,
    "hierarchy",
    decision="0.6 'coordinateTransformations': input and output dimensionality MUST be"
    " identical where the type requires it and MUST equal the length of the parameter"
    " arrays. transforms.dimensions checks this against a document's own systems; a side"
    " with a 'path' (a scene's image, a multiscales transformation into a label image)"
    " names a system of another group, which the store walk has read: the same checks"
    " run with that system's axis count, nested transformations included, and report"
    " here what only that count reveals.",
    versions=V06_VERSIONS,
)


def unique_names(transforms: object, base: tuple[str | int, ...]) -> Iterator[Finding]:
    """transforms.unique-names for the list of transformations found at ``base``."""
    return unique_by(
        UNIQUE_NAMES,
        transforms,
        "name",
        base,
        "transformation name {value!r} is already used by transformation {first}",
    )


def systems(ome: Mapping[str, Any]) -> dict[str, int]:
    """Coordinate system name -> number of axes (-1: not a list), over a group's systems."""
    found: dict[str, int] = {}
    found_lists = [s.get("coordinateSystems") for _, s in objects(ome.get("multiscales"))]
    scene = ome.get("scene")
    if isinstance(scene, Mapping):
        found_lists.append(scene.get("coordinateSystems"))
    for each in found_lists:
        for _, system in objects(each):
            name, axes = system.get("name"), system.get("axes")
            if isinstance(name, str):
                found[name] = len(axes) if isinstance(axes, list) else -1
    return found


# --- across the groups of a store


def local_dims(ome: Mapping[str, Any], io: object) -> int | None:
    """A side's axis count when it names a system of this group (no 'path')."""
    if isinstance(io, Mapping) and io.get("path") is None and isinstance(io.get("name"), str):
        count = systems(ome).get(io["name"])
        return count if count is not None and count >= 0 else None
    return None


def elsewhere(ctx: Context, group: Group, io: object) -> tuple[int, str] | None:
    """(axis count, group path) of the system a side names in another group by 'path',
    when the walk read that group and it defines the system; None otherwise."""
    if not isinstance(io, Mapping) or io.get("path") is None:
        return None
    name = io.get("name")
    found = ctx.reached(group.path, io["path"])
    other = ctx.group(found[0]) if found is not None else None
    if other is None or not isinstance(name, str):
        return None
    count = systems(other.ome).get(name)
    return (count, other.path) if count is not None and count >= 0 else None


def _all_dims(ctx: Context, group: Group, io: object) -> int | None:
    """A side's axis count: of this group's system, or of the one another group holds."""
    here = local_dims(group.ome, io)
    if here is not None:
        return here
    there = elsewhere(ctx, group, io)
    return None if there is None else there[0]


@cross
def parameter_paths(ctx: Context) -> Iterator[Finding]:
    for group, _, tokens, transforms in ctx.transformation_lists(PARAMETER_PATH_EXISTS):
        for inner, transform in walk(transforms, *tokens):
            kind = PARAMETER_TYPES.get(str(transform.get("type")))
            if kind is None or "path" not in transform:
                continue
            found = ctx.reached(group.path, transform["path"])
            if found is None:
                continue
            path, node = found
            pointer = group.ptr(*inner, "path")
            name = transform.get("type")
            if kind == "array" and not node.is_array:
                state = "does not exist" if node.exists is False else "is a group"
                yield PARAMETER_PATH_EXISTS.finding(
                    pointer,
                    f"{name} parameters {transform['path']!r} {state}; they are an array",
                    node=group.path,
                    related=(path,),
                )
            elif (
                kind == "field" and not node.is_array and (missing := ctx.not_an_image(path, node))
            ):
                yield PARAMETER_PATH_EXISTS.finding(
                    pointer,
                    f"{name} field {transform['path']!r} {missing}",
                    node=group.path,
                    related=(path,),
                )
            elif kind == "array" and node.array is not None and node.array.shape is not None:
                shape = node.array.shape
                n = _all_dims(ctx, group, transform.get("input"))
                m = _all_dims(ctx, group, transform.get("output"))
                want: tuple[int | None, int | None]
                want = (m, None if n is None else n + 1) if name == "affine" else (n, n)
                bad = len(shape) != 2 or any(
                    w is not None and w != s for w, s in zip(want, shape, strict=False)
                )
                if bad:
                    expected = "[M, N+1]" if name == "affine" else "[N, N]"
                    yield PARAMETER_ARRAY_SHAPE.finding(
                        pointer,
                        f"{name} array {transform['path']!r} has shape {list(shape)};"
                        f" expected {expected} for the input and output systems",
                        node=group.path,
                        related=(path,),
                    )
