"""Rules added by OME-Zarr 0.6 (0.6.dev4, 0.6rc0): coordinate systems, transforms, scenes.

Rules of 0.4/0.5 that mean the same in 0.6 (axes.*, multiscales.structure, plate.* ...)
are reused from `rules.py`; only new concepts get ids here. Each ambiguity of the 0.6
drafts is decided in a rule's ``decision``, citing the section of
../shared/spec/spec-0.6.md (its §7 lists the disagreements between text, schema, corpus).
"""

from __future__ import annotations

from ._rule import INFO, E, Rule, W

V06 = ("0.6.dev4", "0.6rc0")

RULES: tuple[Rule, ...] = (
    Rule(
        "version.unreleased",
        "The version string names a released or draft version",
        W,
        "detection",
        versions=V06,
        decision="'0.6' is written by some tools although only the drafts 0.6.dev4 and 0.6rc0"
        " exist; it is validated with the newest draft's rules (0.6rc0) and this warning says"
        " so (spec-0.6 §1.1: both upstream schemas accept only their exact string).",
    ),
    # --- coordinate systems
    Rule(
        "coordinate-systems.structure",
        "'coordinateSystems' is a list of objects, each with a non-empty 'name' and 'axes'",
        E,
        "schema",
        versions=V06,
        decision="A multiscale image needs at least one coordinate system; a scene's list may"
        " be absent (spec-0.6 §2.5, §2.12; §7.16).",
    ),
    Rule(
        "coordinate-systems.unique-names",
        "Coordinate system names are unique within one list",
        E,
        "semantic",
        versions=V06,
        decision="Checked by name, not by whole object as the upstream schema does (§7.15).",
    ),
    Rule(
        "coordinate-systems.reference",
        "A transformation's input or output without 'path' names a coordinate system of"
        " the document",
        E,
        "semantic",
        versions=V06,
        decision="Multiscales-level names resolve within their own multiscale image, scene"
        " names within 'scene.coordinateSystems'; a reference with a 'path' points into"
        " another group and is left to the hierarchy check (spec-0.6 §3 G-02). Enforcing it"
        " makes 'strict/valid/image/image_omero' invalid (it names 'intrinsic', which does not"
        " exist): a listed corpus defect.",
    ),
    Rule(
        "coordinate-systems.connected",
        "The coordinate systems of a multiscale image or a scene are connected by transformations",
        E,
        "semantic",
        versions=V06,
        decision="Scope (§7.21): per multiscale image, every coordinate system is reachable"
        " from the intrinsic one through its transformations (both directions); per scene,"
        " its systems and the image systems it references form one connected graph. Arrays"
        " are not nodes: dataset transformations only define the intrinsic system.",
    ),
    # --- transformations
    Rule(
        "transforms.type",
        "A transformation 'type' is one of the types of this version",
        E,
        "schema",
        versions=V06,
        decision="0.6.dev4 has 11 types; 0.6rc0 adds 'projectAxis'. The type selects the"
        " schema a transformation is checked against, so a bad 'scale' reports what is wrong"
        " with the scale.",
    ),
    Rule(
        "transforms.io",
        "A transformation's 'input' and 'output' are objects with a 'name' and/or a 'path'",
        E,
        "schema",
        versions=V06,
        decision="The string form was removed in 0.6.dev4; nested transformations (inside a"
        " sequence, bijection or byDimension) are checked too when they carry input/output"
        " (§3 T-15). A null 'path' means 'this group' and is accepted everywhere the text"
        " allows omitting it (§7.7).",
    ),
    Rule(
        "transforms.no-path",
        "Scale and translation parameters are inline, not at a 'path'",
        E,
        "schema",
        versions=V06,
        decision="The type table still mentions 'path', but path storage for scale and"
        " translation was removed in 0.6.dev3 and the invalid corpus cases"
        " 'bad_*_path_not_allowed' forbid it (§7.9).",
    ),
    Rule(
        "transforms.dimensions",
        "Transformation parameters fit the dimensions of the input and output systems",
        E,
        "semantic",
        versions=V06,
        decision="N and M are the axis counts of the named input/output systems (for a"
        " dataset, the intrinsic system's, which the arrays must match); inside a sequence,"
        " bijection or byDimension they follow from the parent. Identity needs N = M and"
        " projectAxis M = N - dropped + created, though the text only implies both (§7.22)."
        " Unknown dimensions (a system in another group) are not checked.",
    ),
    Rule(
        "transforms.scale-nonzero",
        "Scale factors are non-zero",
        W,
        "semantic",
        versions=V06,
        decision="The text says SHOULD be non-zero; the upstream schema demands > 0. We"
        " follow the text: zero is a warning, negative factors (mirroring) are allowed"
        " (§7.1).",
    ),
    Rule(
        "transforms.map-axis",
        "'mapAxis' is a permutation of the axis indices",
        E,
        "semantic",
        versions=V06,
    ),
    Rule(
        "transforms.project-axis",
        "'projectAxis' has unique indices and at least one of droppedInputs/createdOutputs",
        E,
        "schema",
        versions=("0.6rc0",),
        decision="At least one of the two lists is required, as the upstream schema and the"
        " corpus demand although the text is silent (§7.22); index bounds come from the"
        " input/output systems, not the schema's fixed cap of 4.",
    ),
    Rule(
        "transforms.rotation",
        "A rotation matrix is orthonormal with determinant 1",
        E,
        "semantic",
        versions=V06,
        decision="Checked within an absolute tolerance of 1e-6 on every entry of R·Rᵀ - I"
        " and on det(R) - 1.",
    ),
    Rule(
        "transforms.sequence",
        "A 'sequence' has a non-empty list of transformations",
        E,
        "schema",
        versions=V06,
        decision="The text defines the list as non-empty without a keyword; the upstream"
        " schema has no minItems. An empty sequence is an error (§7.13).",
    ),
    Rule(
        "transforms.bijection",
        "A bijection's forward/inverse, if they name systems, match the bijection's",
        E,
        "semantic",
        versions=V06,
    ),
    Rule(
        "transforms.by-dimension",
        "A 'byDimension' maps each output axis exactly once, with integer axis indices",
        E,
        "schema",
        versions=V06,
        decision="Axis lists are integers (the schema says number, the text integer: §7.14);"
        " every output axis appears in exactly one item; a child has no input/output. The"
        " coverage rule makes 'spec/valid/image/multiscales_transform_additional_transforms'"
        " invalid (outputs 0 and 1 of 3): a listed corpus defect. 0.6.dev4 spells the lists"
        " 'input_axes'/'output_axes', 0.6rc0 'inputAxes'/'outputAxes'.",
    ),
    Rule(
        "transforms.interpolation",
        "'interpolation' is one of the values the spec names",
        INFO,
        "semantic",
        versions=V06,
        decision="The text names nearest, linear and bspline-cubic and says the list is not"
        " exhaustive; the upstream schema allows nearest, linear and cubic. Any string is"
        " valid; others than these four get a note (§7.2).",
    ),
    Rule(
        "transforms.unique-names",
        "Transformation names are unique within one list",
        W,
        "semantic",
        versions=V06,
        decision="0.6.dev4 says MUST, 0.6rc0 only calls the name 'unique' and its valid"
        " corpus case 'spec/valid/scene/scene' repeats one name three times. Nothing refers"
        " to a transformation by name, so a repeat is a warning in both drafts (§7.8).",
    ),
    # --- multiscales (0.6)
    Rule(
        "multiscales.dataset-transformation",
        "A dataset has one transformation: scale, identity, or sequence of scale then translation",
        E,
        "schema",
        versions=V06,
        decision="The order scale then translation is enforced and inner items need an"
        " explicit 'type' (the upstream schema accepts any order and untyped items, §7.4).",
    ),
    Rule(
        "multiscales.dataset-io",
        "A dataset transformation's input has a 'path', its output a 'name'",
        E,
        "schema",
        versions=V06,
    ),
    Rule(
        "multiscales.dataset-io-extra",
        "A dataset transformation's input has no 'name' and its output no 'path'",
        W,
        "schema",
        versions=V06,
        decision="The constraints section says MUST omit, the multiscales section SHOULD,"
        " the upstream schema allows both: a warning (§7.3).",
    ),
    Rule(
        "multiscales.dataset-input-path",
        "A dataset transformation's input path is the dataset's path",
        E,
        "semantic",
        versions=V06,
        decision="Enforcing it makes 'strict/valid/image/multiscales_example' (path '1',"
        " input path 's1') invalid: a listed corpus defect.",
    ),
    Rule(
        "multiscales.intrinsic-system",
        "All datasets map to one coordinate system of the multiscale image (the intrinsic one)",
        E,
        "semantic",
        versions=V06,
    ),
    Rule(
        "multiscales.intrinsic-axes",
        "The intrinsic coordinate system has the axes of an image",
        E,
        "semantic",
        versions=V06,
        decision="The axis-count, type-count and order rules (axes.count, axes.space-count,"
        " axes.order ...) apply to the intrinsic system only: the arrays' dimensions are its"
        " axes, while other systems may have other dimensions (valid 'transforms/projectAxis'"
        " has a 4-axis system beside 2-D arrays, §7.6). An intrinsic system of only 'array'"
        " axes (the array index space, which the upstream schema allows) needs no space axes."
        " This id reports an intrinsic system that could not be checked because its axes are"
        " not a list.",
    ),
    Rule(
        "multiscales.transform-io",
        "A multiscale image's transformation has an input and an output with a 'name'",
        E,
        "schema",
        versions=V06,
        decision="A 'path' on either side points into a child label image: a relative path"
        " without '.' or '..' segments (0.6.dev4 schema; also applied to 0.6rc0).",
    ),
    Rule(
        "multiscales.transform-intrinsic",
        "One side of a multiscale image's transformation is its intrinsic system",
        E,
        "semantic",
        versions=V06,
        decision="0.6.dev4 requires the input to be the intrinsic system; 0.6rc0 either side."
        " The 0.6rc0 reading is applied to both drafts (the dev4 corpus has a valid case with"
        " the intrinsic system as output, spec-0.6 §5 row 6).",
    ),
    Rule(
        "multiscales.label-transform-type",
        "A transformation into a child label image is identity, scale, translation or a"
        " sequence of scale then translation",
        E,
        "semantic",
        versions=V06,
        decision="The multiscales section allows identity, scale and translation; the labels"
        " section also a sequence of scale then translation. The wider list is accepted"
        " (§7.5).",
    ),
    # --- scene
    Rule(
        "scene.structure",
        "'scene' is an object with a non-empty list of 'coordinateTransformations'",
        E,
        "schema",
        versions=V06,
    ),
    Rule(
        "scene.io",
        "A scene transformation's input and output have a 'name' and at most a 'path'",
        E,
        "schema",
        versions=V06,
        decision="'path' may be null or absent for a system of the scene itself (§7.7).",
    ),
)
