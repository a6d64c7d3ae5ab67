"""Images and their labels inside a drawn hierarchy, consistent across groups.

Level arrays have one dimension per axis, shrink from level to level in the ratio of their
scales (spec: level k's size times scale_k / scale_0 is level 0's) and share a data type;
label images have their image's level count, integer data types and shapes. The values
come from the attribute strategies where they fit (axes, 0.4/0.5 transformations, omero,
image-label, block versions, extra keys). The 0.6 blocks are small hand-written ones: one
or two coordinate systems, scale or scale-then-translation dataset transformations and a
link into a label image (not drawn: rotation, displacement and coordinate fields at a path).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from ..rules.multiscales import DIMENSION_NAMES
from ..spec.versions import get
from . import _attributes, _axes, _labels, _multiscales, _values
from ._builder import V2_DTYPES, StoreDocuments, copy_json, join, parent

LABEL_DTYPES = ("uint8", "uint16", "uint32", "int32", "int8", "int16", "uint64", "int64")
IMAGE_DTYPES = ("uint16", "uint8", "float32", "int16", "uint32", "float64", "int8", "int32")
_FACTOR = st.sampled_from([1, 2, 2, 3, 4, 1.5])
_LEVELS = st.sampled_from([1, 1, 2, 2, 3, 4, 6])
_SPACE = st.sampled_from([1, 2, 5, 16, 64, 100, 512, 2048])
_SPACE_BIG = st.sampled_from([16, 64, 100, 512])
_SMALL = st.integers(1, 4)
_CODEC = st.sampled_from(["plain", "plain", "gzip", "zstd"])
_LEVEL_STYLE = st.sampled_from(["{k}", "s{k}", "{k}", "path/to/{k}", "level-{k}", "ñ{k}"])
_LABEL_LEAF = st.one_of(
    st.sampled_from(["cells", "nuclei", "0", "mask", "ñuclei"]), _values.alnum(6)
)
_LABEL_MIDDLE = st.sampled_from(["label-group", "sub-set", "ñ-nested"])  # never a leaf
_CS_NAME = st.sampled_from(["intrinsic", "physical", "array-space", "ñame"])
FIELD_NAMES = {n: st.lists(_values.alnum(3), min_size=n, max_size=n, unique_by=str.casefold)
                for n in range(1, 4)}  # fmt: skip


_DTYPE = st.sampled_from(IMAGE_DTYPES)
_LABEL_DTYPE = st.sampled_from(LABEL_DTYPES)


def inline_scale(dataset: Mapping[str, Any]) -> list[float] | None:
    """The inline, positive scale of a dataset's transformation (a 0.6 sequence's scale
    included), or None when it is at a 'path', an identity, or absent."""
    transforms = dataset.get("coordinateTransformations")
    if not isinstance(transforms, list):
        return None
    first = transforms[0] if len(transforms) == 1 else None
    if isinstance(first, dict) and first.get("type") == "sequence":
        transforms = first.get("transformations") or []
    for transform in transforms:
        if isinstance(transform, dict) and transform.get("type") == "scale":
            values = transform.get("scale")
            if isinstance(values, list) and all(
                isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in values
            ):
                return [float(v) for v in values]
            return None
    return None


def level_shapes(base: Sequence[int], datasets: Sequence[Mapping[str, Any]]) -> list[list[int]]:
    """Shapes for every level: level 0 is ``base``; a level whose scale and level 0's are
    inline gets ``max(1, floor(n0 * s0 / sk))`` (never more than one element from the
    ratio, never growing), any other level repeats the one before it."""
    scales = [inline_scale(d) for d in datasets]
    shapes = [list(base)]
    s0 = scales[0] if scales else None
    for sk in scales[1:]:
        if s0 is None or sk is None or len(s0) != len(base) or len(sk) != len(base):
            shapes.append(list(shapes[-1]))
            continue
        shapes.append(
            [
                0 if n == 0 else max(1, math.floor(n * a / b))
                for n, a, b in zip(base, s0, sk, strict=True)
            ]
        )
    return shapes


@dataclass
class Image:
    """What a drawn image's labels and containers need to know about it."""

    axes: list[dict[str, Any]]
    base: list[int]
    datasets: list[dict[str, Any]]
    dtype: str
    cs: str  # the intrinsic coordinate system's name (0.6)
    labels: list[str] = field(default_factory=list)


def axis_letter(axis: Mapping[str, Any]) -> str:
    return {"space": "S", "time": "T", "channel": "C"}.get(str(axis.get("type")), "X")


_WITH_CHANNEL = st.sampled_from([s for s in _axes.AXIS_TYPE_SEQUENCES if "C" in s])
_RESERVED_06 = {"array", "coordinate", "displacement"}  # types with extra 0.6 meaning


@st.composite
def _axes_for(draw: st.DrawFn, version: str, channel: bool) -> list[dict[str, Any]]:
    axes = _axes.axes_of(draw, draw(_WITH_CHANNEL)) if channel else draw(_axes.AXES)
    if get(version).coordinate_systems:
        for axis in axes:
            if axis.get("type") in _RESERVED_06:
                axis["type"] = "angle"
    return axes


def _level_paths(draw: st.DrawFn, m: int, levels: int) -> list[str]:
    style = draw(_LEVEL_STYLE)
    prefix = f"extra{m}/" if m else ""
    return [prefix + style.format(k=k) for k in range(levels)]


def _datasets(
    draw: st.DrawFn,
    version: str,
    ndim: int,
    paths: list[str],
    cs: str,
    inline: bool,
) -> list[dict[str, Any]]:
    """Levels with growing scales: 0.4/0.5 through the attribute strategy's transforms
    (inline or path-form, maybe a translation), 0.6 scale or sequence[scale, translation]
    with input and output."""
    scale: list[float | int] = [draw(_values.POSITIVE) for _ in range(ndim)]
    out: list[dict[str, Any]] = []
    for k, path in enumerate(paths):
        transforms: list[dict[str, Any]]
        if not get(version).coordinate_systems:
            transforms = _multiscales.transforms(draw, scale, path_form=not (inline and k < 2))
        elif draw(_values.D4) < 3:
            transforms = [{"type": "scale", "scale": list(scale)}]
        else:
            translation = [draw(_values.NUMBER) for _ in range(ndim)]
            inner = [
                {"type": "scale", "scale": list(scale)},
                {"type": "translation", "translation": translation},
            ]
            transforms = [{"type": "sequence", "transformations": inner}]
        if get(version).coordinate_systems:
            transforms[0]["input"] = {"path": path}
            transforms[0]["output"] = {"name": cs}
        out.append({"path": path, "coordinateTransformations": transforms})
        factors = (
            [draw(_FACTOR) for _ in range(ndim)]
            if draw(_values.D4) == 3
            else [draw(_FACTOR)] * ndim
        )
        scale = _multiscales._grow(scale, factors)
    return out


def _optional_fields(draw: st.DrawFn, item: dict[str, Any], name: str, v06: bool) -> None:
    """name, type, metadata: recommended, so 0.6 images carry them nearly always."""
    if draw(_values.D4) > 0 or v06:
        item["name"] = name if draw(_values.COIN) else draw(_values.TEXT)
    if (draw(_values.COIN) or v06) and draw(_values.D4) > 0:
        item["type"] = draw(_multiscales._DOWNSCALING)
    if (draw(_values.COIN) or v06) and draw(_values.D4) > 0:
        item["metadata"] = draw(_multiscales._METADATA)


def simple_transform(draw: st.DrawFn, kind: str, ndim: int) -> dict[str, Any]:
    """A 0.6 transformation of ``kind`` with its parameters when it is a scale, a
    translation or a sequence of both (any other kind: the type alone)."""
    transform: dict[str, Any] = {"type": kind}
    if kind == "scale":
        transform["scale"] = [draw(_values.POSITIVE) for _ in range(ndim)]
    elif kind == "translation":
        transform["translation"] = [draw(_values.NUMBER) for _ in range(ndim)]
    elif kind == "sequence":
        transform["transformations"] = [
            {"type": "scale", "scale": [draw(_values.POSITIVE) for _ in range(ndim)]},
            {"type": "translation", "translation": [draw(_values.NUMBER) for _ in range(ndim)]},
        ]
    return transform


def _world_transform(draw: st.DrawFn, ndim: int, cs: str, world: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["scale", "identity", "translation", "sequence"]))
    transform = simple_transform(draw, kind, ndim)
    transform["input"] = {"name": cs}
    transform["output"] = {"name": world}
    return transform


def _base_shape(draw: st.DrawFn, axes: list[dict[str, Any]], channels: int, big: bool) -> list[int]:
    shape = []
    for axis in axes:
        letter = axis_letter(axis)
        if letter == "S":
            shape.append(draw(_SPACE_BIG if big else _SPACE))
        elif letter == "C" and channels:
            shape.append(channels)
        else:
            shape.append(draw(_SMALL))
    return shape


def _write_levels(
    draw: st.DrawFn,
    tree: StoreDocuments,
    path: str,
    axes: list[dict[str, Any]],
    datasets: list[dict[str, Any]],
    base: list[int],
    dtype: str,
) -> None:
    names = [a["name"] for a in axes]
    keep_names = DIMENSION_NAMES.applies_to(tree.version) or (tree.v06 and draw(_values.COIN))
    code = draw(st.sampled_from(V2_DTYPES[dtype])) if tree.v2 else None
    codec = draw(_CODEC)
    for dataset, shape in zip(datasets, level_shapes(base, datasets), strict=True):
        tree.array(
            join(path, dataset["path"]),
            shape,
            dtype,
            names=names if keep_names else None,
            v2_code=code,
            codec=codec,
        )


def draw_image(
    draw: st.DrawFn,
    tree: StoreDocuments,
    path: str,
    needs: frozenset[str],
    *,
    axes: list[dict[str, Any]] | None = None,
    labels: bool | None = None,
    label_block: dict[str, Any] | None = None,
) -> Image:
    """A multiscale image group at ``path`` and its level arrays (and maybe its labels).

    ``label_block``: the image is a label image without a parent image (the root of a
    'labels' hierarchy): integer data type, this 'image-label' block, no labels below.
    """
    version = tree.version
    v06 = tree.v06
    is_label = label_block is not None
    # the structure is drawn first, so shrinking the content never changes the structure
    if not is_label and labels is None:
        labels = bool({"labels", "nested-label", "link"} & needs) or draw(_values.D4) == 3
    label_paths = draw_label_paths(draw, "nested-label" in needs) if labels else []
    count = 1 if (v06 or draw(_values.D4) < 3) else draw(st.integers(2, 3))
    min_levels = 2 if {"levels2", "scale"} & needs else 1
    level_counts = [max(min_levels, draw(_LEVELS)) for _ in range(count)]
    wants_omero = not is_label and ("omero" in needs or draw(_values.D4) == 3)
    multiscales: list[dict[str, Any]] = []
    omero: dict[str, Any] | None = None
    first: Image | None = None
    for m, levels in enumerate(level_counts):
        channel = m == 0 and "omero" in needs and not is_label
        ms_axes = axes if (axes is not None and m == 0) else draw(_axes_for(version, channel))
        ndim = len(ms_axes)
        channels = 0
        if wants_omero and m == 0:
            omero = _multiscales.omero(draw)
            if not omero["channels"] and any(axis_letter(a) == "C" for a in ms_axes):
                omero["channels"].append(_multiscales.channel(draw))
            channels = len(omero["channels"])
        cs = draw(_CS_NAME)
        inline = m == 0 and "scale" in needs
        datasets = _datasets(draw, version, ndim, _level_paths(draw, m, levels), cs, inline)
        item: dict[str, Any] = {}
        if get(version).block_versions and draw(_values.D4) > 0:
            item["version"] = version
        _optional_fields(draw, item, path.rpartition("/")[2] or "image", v06)
        if v06:
            systems = [{"name": cs, "axes": ms_axes}]
            if draw(_values.D4) == 3:
                world = "world" if cs != "world" else "world2"
                systems.append({"name": world, "axes": copy_json(ms_axes)})
                item["coordinateTransformations"] = [_world_transform(draw, ndim, cs, world)]
            item["coordinateSystems"] = systems
        else:
            item["axes"] = ms_axes
            if draw(_values.D4) == 3:
                item["coordinateTransformations"] = _multiscales.transforms(draw, [1.0] * ndim)
        item["datasets"] = datasets
        multiscales.append(item)
        base = _base_shape(draw, ms_axes, channels, big=inline)
        dtype = draw(_LABEL_DTYPE if is_label else _DTYPE)
        _write_levels(draw, tree, path, ms_axes, datasets, base, dtype)
        if m == 0:
            first = Image(ms_axes, base, datasets, dtype, cs)
    assert first is not None
    blocks: dict[str, Any] = {"multiscales": multiscales}
    if omero is not None:
        blocks["omero"] = omero
    if label_block is not None:
        blocks["image-label"] = label_block
    tree.group(path, blocks, draw(_attributes._extras()))
    if labels:
        first.labels = _labels_of(draw, tree, path, first, label_paths)
        if v06 and "link" in needs:
            _link(draw, tree, path, first)
    return first


def draw_label_paths(draw: st.DrawFn, nested: bool) -> list[str]:
    """1-3 label paths, some behind an intermediate group; no path is another's prefix."""
    leaves = _values.distinct(draw, _LABEL_LEAF, draw(st.integers(1, 3)))
    out = []
    for i, leaf in enumerate(leaves):
        if (nested and i == 0) or draw(_values.D4) == 3:
            out.append(f"{draw(_LABEL_MIDDLE)}/{leaf}")
        else:
            out.append(leaf)
    return out


def _source(draw: st.DrawFn, block: dict[str, Any], depth: int) -> None:
    """Point 'image-label.source' at the image: the default only fits a direct child."""
    block.pop("source", None)
    if depth > 1 or draw(_values.D4) == 3:
        block["source"] = {"image": "../" * (depth + 1)}
    elif draw(_values.D4) == 3:
        block["source"] = {}


def draw_image_label(draw: st.DrawFn, version: str, depth: int) -> dict[str, Any]:
    block = draw(_labels.image_label(version))
    if get(version).coordinate_systems:
        block.pop("version", None)  # 0.6 keeps only ome.version
    _source(draw, block, depth)
    return block


def _labels_of(
    draw: st.DrawFn, tree: StoreDocuments, path: str, image: Image, names: list[str]
) -> list[str]:
    """The 'labels' group of an image and its label images, which mirror the image's
    first multiscale: same axes, datasets and scales, each dimension the image's or 1."""
    group = join(path, "labels")
    tree.group(group, {"labels": names}, draw(_attributes._extras()))
    for middle in sorted({parent(n) for n in names} - {""}):
        tree.group(join(group, middle))
    for name in names:
        label = join(group, name)
        base = [
            1
            if (axis_letter(a) == "C" and draw(_values.D4) > 0)
            or (draw(_values.D4) == 3 and draw(_values.COIN))
            else n
            for a, n in zip(image.axes, image.base, strict=True)
        ]
        datasets = copy_json(image.datasets)
        item: dict[str, Any] = {}
        if tree.v2 and draw(_values.D4) > 0:
            item["version"] = "0.4"
        _optional_fields(draw, item, name.rpartition("/")[2], tree.v06)
        if tree.v06:
            item["coordinateSystems"] = [{"name": image.cs, "axes": copy_json(image.axes)}]
        else:
            item["axes"] = copy_json(image.axes)
        item["datasets"] = datasets
        blocks = {
            "multiscales": [item],
            "image-label": draw_image_label(draw, tree.version, name.count("/") + 1),
        }
        tree.group(label, blocks, draw(_attributes._extras()))
        _write_levels(draw, tree, label, image.axes, datasets, base, draw(_LABEL_DTYPE))
    return names


def _link(draw: st.DrawFn, tree: StoreDocuments, path: str, image: Image) -> None:
    """0.6: a multiscales transformation from the image's intrinsic system into the
    intrinsic system of its first label image (name + path)."""
    ndim = len(image.axes)
    kind = draw(st.sampled_from(["identity", "scale", "translation"]))
    transform: dict[str, Any] = {"type": kind}
    if kind == "scale":
        transform["scale"] = [1.0] * ndim
    elif kind == "translation":
        transform["translation"] = [0.0] * ndim
    transform["input"] = {"name": image.cs}
    transform["output"] = {"name": image.cs, "path": f"labels/{image.labels[0]}"}
    doc = tree.docs[join(path, "zarr.json")]
    doc["attributes"]["ome"]["multiscales"][0].setdefault("coordinateTransformations", []).append(
        transform
    )
