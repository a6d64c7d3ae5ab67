"""The hierarchy rule cases: a valid store per kind, and one injected fault per case.

Each case names the base store, the versions it runs for, the fault (a function editing
the `StoreSpec`) and the exact set of (rule, node) findings the faulty store must give.
The valid base store must give no finding at all, so each case is also the passing
store of its rules. Shared by the local and the HTTP tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS, get
from ome_zarr_schemas.testing._fields import field_parts, write_field

from .stores import AXES, StoreSpec

Fault = Callable[[StoreSpec], None]


def image_store(s: StoreSpec) -> None:
    s.image(labels=["cells"], omero=True)


def plate_store(s: StoreSpec) -> None:
    s.plate(acquisitions=2)


def bf2raw_store(s: StoreSpec) -> None:
    s.bioformats2raw(images=2)


def bf2raw_series_store(s: StoreSpec) -> None:
    s.bioformats2raw(images=2, series=True)


def bf2raw_plate_store(s: StoreSpec) -> None:
    s.plate(acquisitions=0, fields=1, rows=1, columns=2)
    s.ome("")["bioformats2raw.layout"] = 3
    s.group("OME", {"series": ["A/1/0", "A/2/0"]})
    s.docs["OME/METADATA.ome.xml"] = b"<OME/>"


def scene_store(s: StoreSpec) -> None:
    if s.v06:
        s.scene()
    else:  # no scenes before 0.6: the same tiles without the scene group
        s.group("")
        s.image("tile_0", axes="yx", shape=(64, 64))


def image_ref_store(s: StoreSpec) -> None:
    """An image whose multiscales transformation points into its label image (0.6)."""
    s.image(labels=["cells"], omero=True)
    if s.v06:
        s.ome("")["multiscales"][0]["coordinateTransformations"] = [
            {
                "type": "identity",
                "input": {"name": "intrinsic"},  # 0.6.dev4 reads from the intrinsic system
                "output": {"path": "labels/cells", "name": "intrinsic"},
            }
        ]


def field_scene_store(s: StoreSpec) -> None:
    """0.6: the scene plus a displacements field (issue 14 item 2); before 0.6 the scene's
    tiles alone."""
    if s.v06:
        s.field_scene()
    else:
        scene_store(s)


BASES: dict[str, Callable[[StoreSpec], None]] = {
    "scene": scene_store,
    "scene-field": field_scene_store,
    "image-ref": image_ref_store,
    "image": image_store,
    "plate": plate_store,
    "bf2raw": bf2raw_store,
    "bf2raw-series": bf2raw_series_store,
    "bf2raw-plate": bf2raw_plate_store,
}

ALL = SUPPORTED_VERSIONS
V3 = tuple(v for v in ALL if v != "0.4")
V06 = tuple(v for v in ALL if v.startswith("0.6"))


@dataclass(frozen=True)
class StoreCase:
    name: str
    base: str
    fault: Fault
    expected: frozenset[tuple[str, str]]
    versions: tuple[str, ...] = ALL
    listing: bool = True  # needs a store that can be listed (not plain HTTP)

    def build(self, version: str) -> StoreSpec:
        spec = StoreSpec(version)
        BASES[self.base](spec)
        self.fault(spec)
        return spec


def _case(
    name: str,
    base: str,
    fault: Fault,
    expected: set[tuple[str, str]] | Callable[[str], set[tuple[str, str]]],
    versions: tuple[str, ...] = ALL,
    listing: bool = False,
) -> list[StoreCase]:
    cases = []
    for version in versions:
        found = expected(version) if callable(expected) else expected
        cases.append(StoreCase(name, base, fault, frozenset(found), (version,), listing))
    return cases


# --- faults


def _dataset(s: StoreSpec, image: str, level: int) -> dict[str, Any]:
    dataset: dict[str, Any] = s.ome(image)["multiscales"][0]["datasets"][level]
    return dataset


def _other_format_array(s: StoreSpec) -> None:
    other = StoreSpec("0.5" if s.v2 else "0.4")
    other.array("1", [2, 32, 32], "uint16", names=["c", "y", "x"])
    s.drop("1")
    s.docs.update(other.docs)


def _set_array(path: str, **changes: Any) -> Fault:
    def fault(s: StoreSpec) -> None:
        doc = s.array_doc(path)
        for key, value in changes.items():
            if key == "dtype":
                s.set_dtype(path, value)
            elif value is None:
                doc.pop(key, None)
            else:
                doc[key] = value

    return fault


def _chain(*faults: Fault) -> Fault:
    def fault(s: StoreSpec) -> None:
        for f in faults:
            f(s)

    return fault


def _drop(path: str) -> Fault:
    return lambda s: s.drop(path)


def _plain_group(path: str) -> Fault:
    return lambda s: s.plain(path)


def _labels_group_without_metadata(s: StoreSpec) -> None:
    if s.v2:
        s.docs["labels/.zattrs"] = {}
    else:
        s.docs["labels/zarr.json"]["attributes"] = {}


def _nested_label_with_metadata(s: StoreSpec) -> None:
    s.drop("labels")
    s.group("labels", {"labels": ["group/cells"]})
    s.group("labels/group", {})
    s.image("labels/group/cells", shape=(1, 64, 64), dtype="uint32", label=True)
    s.ome("labels/group/cells")["image-label"]["source"] = {"image": "../../../"}


def _labels_target_with_nested_metadata(s: StoreSpec) -> None:
    """The same fault with the 'labels' group itself as the target (path "")."""
    s.docs.clear()
    s.group("", {"labels": ["group/cells"]})
    s.group("group", {})
    s.image("group/cells", shape=(1, 64, 64), dtype="uint32", label=True)
    s.ome("group/cells")["image-label"]["source"] = {"image": "../../../"}  # above: unchecked


def _unlisted_label(s: StoreSpec) -> None:
    s.image("labels/extra", shape=(1, 64, 64), dtype="uint32", label=True)


def _label_level_dropped(s: StoreSpec) -> None:
    del s.ome("labels/cells")["multiscales"][0]["datasets"][2]
    s.drop("labels/cells/2")


def _label_float(s: StoreSpec) -> None:
    for level in range(3):
        _set_array(f"labels/cells/{level}", dtype="float32")(s)


def _bad_source(s: StoreSpec) -> None:
    s.ome("labels/cells")["image-label"]["source"] = {"image": "../../elsewhere/"}


def _scale(level: int, scale: list[float]) -> Fault:
    def fault(s: StoreSpec) -> None:
        _dataset(s, "", level)["coordinateTransformations"][0]["scale"] = scale

    return fault


def _omero_three_channels(s: StoreSpec) -> None:
    channels = s.ome("")["omero"]["channels"]
    channels.append(dict(channels[0]))


def _labels_list(*names: str) -> Fault:
    def fault(s: StoreSpec) -> None:
        s.ome("labels")["labels"] = list(names)

    return fault


def _dataset_path(value: str) -> Fault:
    def fault(s: StoreSpec) -> None:
        dataset = _dataset(s, "", 2)
        dataset["path"] = value
        for transform in dataset["coordinateTransformations"]:
            if "input" in transform:  # 0.6: the transform input names the same path
                transform["input"]["path"] = value

    return fault


def _drop_dtype(s: StoreSpec) -> None:
    s.array_doc("0").pop("dtype" if s.v2 else "data_type")


def _field_acquisition(value: object) -> Fault:
    def fault(s: StoreSpec) -> None:
        images = s.ome("A/1")["well"]["images"]
        if value is None:
            del images[1]["acquisition"]
        else:
            images[0]["acquisition"] = value

    return fault


def _plate_metadata_removed(s: StoreSpec) -> None:
    if s.v2:
        s.docs[".zattrs"] = {}
    else:
        s.docs["zarr.json"]["attributes"] = {}


def _field_count(s: StoreSpec) -> None:
    s.ome("")["plate"]["field_count"] = 1


def _unlisted_groups(s: StoreSpec) -> None:
    s.group("C")
    s.group("B/9")


def _bf2raw_nested(s: StoreSpec) -> None:
    s.ome("0")["bioformats2raw.layout"] = 3


def _series(*names: str) -> Fault:
    def fault(s: StoreSpec) -> None:
        s.ome("OME")["series"] = list(names)

    return fault


def _version(path: str, version: str) -> Fault:
    def fault(s: StoreSpec) -> None:
        other = version if s.version != version else "0.5"
        s.docs[s.attrs_key(path)]["attributes"]["ome"]["version"] = other

    return fault


def _no_series(s: StoreSpec) -> None:
    s.drop("OME")
    s.group("OME")
    s.docs["OME/METADATA.ome.xml"] = b"<OME/>"


def _raw(path: str, data: bytes) -> Fault:
    def fault(s: StoreSpec) -> None:
        s.docs[s.attrs_key(path)] = data

    return fault


def _bare_infinity_in_labels(s: StoreSpec) -> None:
    s.ome("labels")["labels"] = ["cells", float("inf")]  # json.dumps writes a bare Infinity


def _scene_input(index: int, key: str, value: str) -> Fault:
    def fault(s: StoreSpec) -> None:
        s.ome("")["scene"]["coordinateTransformations"][index]["input"][key] = value

    return fault


def _image_ref(path: str) -> Fault:
    def fault(s: StoreSpec) -> None:
        s.ome("")["multiscales"][0]["coordinateTransformations"][0]["output"]["path"] = path

    return fault


def _by_dimension_field(path: str) -> Fault:
    """The scene's first tile placed by a byDimension whose one item is a displacements
    field at ``path`` (issue 14 item 1: the walker reaches a byDimension item's
    transformation, so a missing field there is found like one inside a sequence)."""

    def fault(s: StoreSpec) -> None:
        keys = get(s.version).by_dimension_axes
        assert keys is not None
        transform = s.ome("")["scene"]["coordinateTransformations"][0]
        del transform["translation"]
        transform["type"] = "byDimension"
        transform["transformations"] = [
            {
                "transformation": {"type": "displacements", "path": path},
                keys[0]: [0, 1],
                keys[1]: [0, 1],
            }
        ]

    return fault


FIELD = "coordinateTransformations/field"


def _other_layout(s: StoreSpec) -> None:
    """The field in the other draft's layout (an rc0 group in dev4, a dev4 array in rc0)."""
    as_group = not get(s.version).field_is_group
    s.drop(FIELD)
    write_field(s, FIELD, "displacements", [AXES["y"], AXES["x"]], 2, as_group=as_group)


def _vector_axis(**changes: Any) -> Fault:
    def fault(s: StoreSpec) -> None:
        system, _ = field_parts(s, FIELD)
        vector = next(a for a in system["axes"] if a["type"] == "displacement")
        vector.update(changes)
        for key in [k for k, v in changes.items() if v is None]:
            del vector[key]

    return fault


def _vector_length(s: StoreSpec) -> None:
    system, arrays = field_parts(s, FIELD)
    at = next(i for i, a in enumerate(system["axes"]) if a["type"] == "displacement")
    s.array_doc(arrays[0])["shape"][at] = 3


def _field_axis_z(s: StoreSpec) -> None:
    """A third grid axis: the field's system has 4 axes over a 2-D input."""
    system, arrays = field_parts(s, FIELD)
    system["axes"].insert(len(system["axes"]) - 2, dict(AXES["z"]))
    doc = s.array_doc(arrays[0])
    at = len(doc["shape"]) - 2
    for key, value in (("shape", 8), ("dimension_names", "z")):
        doc[key].insert(at, value)
    chunks = doc["chunk_grid"]["configuration"]["chunk_shape"]
    chunks.insert(at, 8)
    if get(s.version).field_is_group:
        s.ome(FIELD)["multiscales"][0]["datasets"][0]["coordinateTransformations"][0][
            "scale"
        ].append(1.0)


def _field_axis_renamed(s: StoreSpec) -> None:
    system, arrays = field_parts(s, FIELD)
    names = s.array_doc(arrays[0])["dimension_names"]
    names[names.index("x")] = "u"
    next(a for a in system["axes"] if a["name"] == "x")["name"] = "u"


def _field_dtype(dtype: str) -> Fault:
    def fault(s: StoreSpec) -> None:
        for path in field_parts(s, FIELD)[1]:
            s.set_dtype(path, dtype)

    return fault


def _field_without_metadata(s: StoreSpec) -> None:
    s.array_doc(FIELD)["attributes"] = {}


def _coordinates_into_3d(components: int) -> Fault:
    """The field becomes a coordinates field from the 2-D world into a 3-D 'warped'
    system: M = 3 components, whatever N is (``components`` 2 is the N misreading)."""

    def fault(s: StoreSpec) -> None:
        scene = s.ome("")["scene"]
        scene["coordinateSystems"][1]["axes"] = [AXES["z"], AXES["y"], AXES["x"]]
        scene["coordinateTransformations"][-1]["type"] = "coordinates"
        s.drop(FIELD)
        write_field(s, FIELD, "coordinates", [AXES["y"], AXES["x"]], components)

    return fault


def _field_in_bijection(s: StoreSpec) -> None:
    """The field as both directions of a bijection: the nested transformations take the
    bijection's systems (forward as given, inverse swapped)."""
    transforms = s.ome("")["scene"]["coordinateTransformations"]
    field = transforms.pop()
    transforms.append(
        {
            "type": "bijection",
            "input": field.pop("input"),
            "output": field.pop("output"),
            "forward": field,
            "inverse": dict(field),
        }
    )


DEV4 = tuple(v for v in V06 if not get(v).field_is_group)
RC0 = tuple(v for v in V06 if get(v).field_is_group)


def _tile_3d(s: StoreSpec, tile: str) -> None:
    s.drop(tile)
    s.image(tile, axes="zyx", shape=(8, 64, 64))


def _scene_translation_from_3d(s: StoreSpec) -> None:
    """Issue 14 item 3: tile_0 becomes 3-D; its 2-value translation into the 2-D world
    fits neither, and only the tile's group says how many axes its system has."""
    _tile_3d(s, "tile_0")


def _scene_bijection_3d(s: StoreSpec) -> None:
    """Everything 3-D, and tile_0 placed by a bijection whose forward affine is 3x3."""
    for tile in ("tile_0", "tile_1"):
        _tile_3d(s, tile)
    scene = s.ome("")["scene"]
    scene["coordinateSystems"][0]["axes"].insert(
        0, {"name": "z", "type": "space", "unit": "micrometer"}
    )
    s.array("coordinateTransformations/tile_1", [3, 4], "float64")
    square = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    full = [[*row, 0.0] for row in square]
    first = scene["coordinateTransformations"][0]
    del first["translation"]
    first.update(
        type="bijection",
        forward={"type": "affine", "affine": square},
        inverse={"type": "affine", "affine": full},
    )


def _image_ref_scale(values: list[float]) -> Fault:
    def fault(s: StoreSpec) -> None:
        transform = s.ome("")["multiscales"][0]["coordinateTransformations"][0]
        transform.update(type="scale", scale=values)

    return fault


W_ALL = {("well.field-count", w) for w in ("A/1", "A/2", "A/3", "B/1", "B/2", "B/3")}

CASES: list[StoreCase] = [
    # --- zarr layer and versions
    *_case(
        "store.zarr-format",
        "image",
        _other_format_array,
        lambda v: (
            {("store.zarr-format", "1")}
            | ({("multiscales.dimension-names", "1")} if v == "0.5" else set())
        ),
    ),
    *_case(
        "store.zarr-metadata",
        "image",
        _drop_dtype,
        {("store.zarr-metadata", "0")},
    ),
    *_case(
        "store.dimension-separator",
        "image",
        _set_array("0", dimension_separator="."),
        {("store.dimension-separator", "0")},
        versions=("0.4",),
    ),
    *_case(
        "version.consistent",
        "image",
        _version("labels", "0.6rc0"),
        {("version.consistent", "labels")},
        versions=V3,
    ),
    # --- multiscales
    *_case(
        "dataset missing",
        "image",
        _drop("1"),
        {("multiscales.dataset-array-exists", "")},
    ),
    *_case(
        "dataset is a group",
        "image",
        _plain_group("1"),
        {("multiscales.dataset-array-exists", "")},
    ),
    *_case(
        "dataset ndim",
        "image",
        _set_array("1", shape=[32, 32]),
        # zarr v3: the array's three dimension_names no longer count its two dimensions
        lambda v: (
            {
                ("multiscales.dataset-ndim", ""),
                ("image-label.shape-matches-image", "labels/cells"),
            }
            | ({("store.dimension-names-count", "1")} if v != "0.4" else set())
        ),
    ),
    *_case(
        "levels ordered",
        "image",
        _set_array("2", shape=[2, 64, 64]),
        {
            ("multiscales.levels-ordered", ""),
            ("multiscales.scale-matches-shape", ""),
            ("image-label.shape-matches-image", "labels/cells"),
        },
    ),
    *_case(
        "levels same dtype",
        "image",
        _set_array("1", dtype="float32"),
        lambda v: {
            (
                "multiscales.levels-same-dtype"
                if v.startswith("0.6")
                else "multiscales.levels-same-dtype-recommended",
                "",
            )
        },
    ),
    *_case(
        "dimension names differ",
        "image",
        _set_array("0", dimension_names=["c", "x", "y"]),
        {("multiscales.dimension-names", "0")},
        versions=("0.5",),
    ),
    *_case(
        "dimension names missing",
        "image",
        _set_array("0", dimension_names=None),
        {("multiscales.dimension-names", "0")},
        versions=("0.5",),
    ),
    *_case(
        "dimension names count",
        "image",
        _set_array("1", dimension_names=["y", "x"]),
        lambda v: (
            {("store.dimension-names-count", "1")}
            | ({("multiscales.dimension-names", "1")} if v == "0.5" else set())
        ),
        versions=V3,
    ),
    *_case(
        "dimension names count of a parameter array",
        "scene",
        _set_array("coordinateTransformations/tile_1", dimension_names=["i", "j", "k"]),
        {("store.dimension-names-count", "coordinateTransformations/tile_1")},
        V06,
    ),
    *_case(
        "scale matches shape",
        "image",
        _scale(1, [1.0, 4.0, 4.0]),
        {("multiscales.scale-matches-shape", "")},
    ),
    *_case(
        "omero channel count",
        "image",
        _omero_three_channels,
        {("omero.channel-count", "")},
    ),
    # --- labels
    *_case(
        "labels group without metadata",
        "image",
        _labels_group_without_metadata,
        {("labels.group-metadata", "labels")},
    ),
    *_case(
        "label image missing",
        "image",
        _labels_list("cells", "nuclei"),
        {("labels.label-image-exists", "labels")},
    ),
    *_case(
        "label level count",
        "image",
        _label_level_dropped,
        {("labels.level-count", "labels/cells")},
    ),
    *_case(
        "label dtype",
        "image",
        _label_float,
        lambda v: {
            (
                "image-label.integer-dtype-recommended"
                if v == "0.4"
                else "image-label.integer-dtype",
                f"labels/cells/{level}",
            )
            for level in range(3)
        },
    ),
    *_case(
        "label shape",
        "image",
        _set_array("labels/cells/0", shape=[1, 64, 63]),
        {("image-label.shape-matches-image", "labels/cells")},
    ),
    *_case(
        "intermediate label group with metadata",
        "image",
        _nested_label_with_metadata,
        {
            ("labels.intermediate-no-metadata", "labels/group"),
            ("document.no-ome-metadata", "labels/group"),
        },
        versions=V3,
    ),
    # found by the hierarchies() properties: with the labels group as the target the
    # intermediate groups were never checked (a '' + '/' prefix test)
    *_case(
        "intermediate label group with metadata, labels group as target",
        "image",
        _labels_target_with_nested_metadata,
        {
            ("labels.intermediate-no-metadata", "group"),
            ("document.no-ome-metadata", "group"),
        },
        versions=V3,
    ),
    *_case(
        "unlisted label image",
        "image",
        _unlisted_label,
        {("labels.unlisted-label", "labels")},
        versions=V3,
        listing=True,
    ),
    *_case(
        "label source",
        "image",
        _bad_source,
        {("image-label.source-exists", "labels/cells")},
    ),
    # --- plates and wells
    *_case(
        "row missing",
        "plate",
        _drop("A"),
        {("plate.row-exists", ""), ("plate.well-exists", "")},
    ),
    *_case("well missing", "plate", _drop("A/1"), {("plate.well-exists", "")}),
    *_case("well without metadata", "plate", _plain_group("A/2"), {("plate.well-exists", "")}),
    *_case(
        "unlisted row and well groups",
        "plate",
        _unlisted_groups,
        {("plate.unlisted-group", "C"), ("plate.unlisted-group", "B/9")},
        listing=True,
    ),
    *_case("field missing", "plate", _drop("A/1/0"), {("well.image-exists", "A/1")}),
    *_case(
        "field without multiscales", "plate", _plain_group("B/3/1"), {("well.image-exists", "B/3")}
    ),
    *_case(
        "acquisition unknown",
        "plate",
        _field_acquisition(7),
        {("well.acquisition-exists", "A/1")},
    ),
    *_case(
        "acquisition required",
        "plate",
        _field_acquisition(None),
        {("well.acquisition-required", "A/1")},
    ),
    *_case("field count", "plate", _field_count, W_ALL),
    *_case(
        "wells under a group without metadata",
        "plate",
        _plate_metadata_removed,
        {("well.in-plate", w) for _, w in W_ALL},
        listing=True,
    ),
    # --- bioformats2raw
    *_case(
        "numbered image missing",
        "bf2raw",
        _drop("0"),
        {("bioformats2raw.images", "")},
    ),
    *_case(
        "numbered group not an image",
        "bf2raw",
        _plain_group("1"),
        {("bioformats2raw.images", "1")},
    ),
    *_case(
        "bioformats2raw below the top",
        "bf2raw",
        _bf2raw_nested,
        {
            ("bioformats2raw.top-level", "0"),
            ("bioformats2raw.ome-xml", "0"),
            ("bioformats2raw.images", "0/0"),
            ("bioformats2raw.images", "0/1"),
            ("bioformats2raw.images", "0/2"),
        },
        listing=True,
    ),
    *_case(
        "ome xml missing", "bf2raw", _drop("OME/METADATA.ome.xml"), {("bioformats2raw.ome-xml", "")}
    ),
    *_case(
        "series image missing",
        "bf2raw-series",
        _series("0", "1", "5"),
        {("series.image-exists", "OME")},
    ),
    *_case(
        "plate without series",
        "bf2raw-plate",
        _no_series,
        {("bioformats2raw.plate-series", "")},
    ),
    *_case(
        "plate series differ",
        "bf2raw-plate",
        _series("A/1/0"),
        {("bioformats2raw.plate-series", "OME")},
    ),
    # --- 0.6 references
    *_case("scene image missing", "scene", _drop("tile_0"), {("scene.image-exists", "")}, V06),
    *_case(
        "scene coordinate system missing",
        "scene",
        _scene_input(0, "name", "physical"),
        {("coordinate-systems.target-exists", "")},
        V06,
    ),
    *_case(
        "affine array missing",
        "scene",
        _drop("coordinateTransformations/tile_1"),
        {("transforms.parameter-path-exists", "")},
        V06,
    ),
    *_case(
        "displacements field inside byDimension missing",
        "scene",
        _by_dimension_field("coordinateTransformations/missing_field"),
        {("transforms.parameter-path-exists", "")},
        V06,
    ),
    *_case(
        "affine array shape",
        "scene",
        _set_array("coordinateTransformations/tile_1", shape=[3, 3]),
        {("transforms.parameter-array-shape", "")},
        V06,
    ),
    *_case(
        "scene translation from a 3-D image in another group",
        "scene",
        _scene_translation_from_3d,
        {("transforms.dimensions-across-groups", "")},
        V06,
    ),
    *_case(
        "scene bijection with a 3x3 affine between 3-D systems",
        "scene",
        _scene_bijection_3d,
        {("transforms.dimensions-across-groups", "")},
        V06,
    ),
    *_case(
        # the output is the image's own intrinsic system: the document check sees it,
        # and the input's count (in the label image) adds no second finding there
        "multiscales scale into a label image of another size",
        "image-ref",
        _image_ref_scale([1.0, 1.0]),
        {("transforms.dimensions", "")},
        V06,
    ),
    *_case(
        "affine array shape against a system in another group",
        "scene",
        lambda s: _tile_3d(s, "tile_1"),
        {("transforms.parameter-array-shape", "")},
        V06,
    ),
    *_case(
        "multiscales transformation target missing",
        "image-ref",
        _image_ref("labels/nuclei"),
        {("transforms.io-target-exists", "")},
        V06,
    ),
    # --- 0.6 displacement and coordinate fields, checked as arrays (issue 14 item 2)
    *_case(
        "field in the other draft's layout",
        "scene-field",
        _other_layout,
        {("fields.layout", "")},
        V06,
    ),
    *_case(
        "field vector axis of another type",
        "scene-field",
        _vector_axis(type="coordinate"),
        {("fields.vector-axis", "")},
        V06,
    ),
    *_case(
        "field vector axis not discrete",
        "scene-field",
        _vector_axis(discrete=None),
        {("fields.vector-axis", "")},
        RC0,
    ),
    # 0.6.dev4 asks only the examples' "discrete": true of the vector axis: valid there
    *_case(
        "field vector axis not discrete", "scene-field", _vector_axis(discrete=None), set(), DEV4
    ),
    *_case("field vector length", "scene-field", _vector_length, {("fields.shape", "")}, V06),
    *_case("field rank", "scene-field", _field_axis_z, {("fields.shape", "")}, V06),
    *_case(
        "field axis not the input's",
        "scene-field",
        _field_axis_renamed,
        {("fields.input-axes", "")},
        V06,
    ),
    *_case(
        "field of booleans", "scene-field", _field_dtype("bool"), {("fields.data-type", "")}, V06
    ),
    *_case("field of integers", "scene-field", _field_dtype("int16"), set(), V06),
    *_case("coordinates field into 3-D", "scene-field", _coordinates_into_3d(3), set(), V06),
    *_case(
        "coordinates field into 3-D with N components",
        "scene-field",
        _coordinates_into_3d(2),
        {("fields.shape", "")},
        V06,
    ),
    *_case("field in a bijection", "scene-field", _field_in_bijection, set(), V06),
    *_case(
        "field in a bijection, vector length",
        "scene-field",
        _chain(_field_in_bijection, _vector_length),
        {("fields.shape", "")},
        V06,
    ),
    *_case(
        "field array without its metadata",
        "scene-field",
        _field_without_metadata,
        {("fields.metadata", "")},
        DEV4,
    ),
    # --- the walk: unsafe paths and unreadable documents
    *_case(
        "dataset path leaves the image",
        "image",
        _chain(_dataset_path("../2"), _drop("2")),
        {("store.path-unsafe", "")},
    ),
    *_case(
        "dataset path is a URL",
        "image",
        _dataset_path("http://example.org/2"),
        {("store.path-unsafe", "")},
    ),
    *_case(
        "dataset path is absolute",
        "image",
        _dataset_path("/2"),
        {("store.path-unsafe", "")},
    ),
    *_case(
        "malformed JSON in a field",
        "plate",
        _raw("A/1/0", b'{"multiscales": ['),
        {("document.not-json", "A/1/0")},
    ),
    *_case(
        "binary file as metadata",
        "image",
        _raw("labels", b"\xff\xfe\x00garbage"),
        {("document.not-json", "labels")},
    ),
    # JSON has no NaN/Infinity (RFC 8259); json.dumps writes them bare. Only a zarr v2
    # .zarray, where old writers put a bare NaN fill value, accepts them, with a warning.
    *_case(
        "bare NaN fill value",
        "image",
        _set_array("0", fill_value=float("nan")),
        lambda v: {("store.zarray-non-finite" if v == "0.4" else "document.not-json", "0")},
    ),
    *_case(
        "bare Infinity in attributes",
        "image",
        _bare_infinity_in_labels,
        {("document.not-json", "labels")},
    ),
    *_case(
        "attributes are a list",
        "image",
        _raw("labels", b"[1, 2]"),
        {("document.structure", "labels"), ("labels.group-metadata", "labels")},
        versions=("0.4",),
    ),
]

#: Hierarchy rules whose failing case is elsewhere (bounds need limits; see test_store_walk).
#: Hierarchy rules tested by tests of their own (a reader limit or option, not a fault).
#: Rules whose failing stores are not documents a `StoreSpec` can hold: walk bounds, and
#: refused reads (links out of the target, pipes, redirects: tests/test_store_safety.py).
ELSEWHERE = frozenset(
    {
        "store.too-many-nodes",
        "store.too-deep",
        "store.no-ome-metadata",
        "store.partial",
        "store.path-escape",
        "store.not-a-file",
    }
)


def case_id(case: StoreCase) -> str:
    return f"{case.versions[0]}:{case.name}"
