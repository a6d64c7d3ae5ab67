"""Whole metadata-only OME-Zarr hierarchies, valid across groups, and targeted breakages.

`hierarchies` draws a `GeneratedHierarchy`: every document of a store (group and array
metadata, the OME-XML file of a bioformats2raw collection; never a chunk) keyed by store
key, consistent across groups the way the spec's hierarchy rules demand (spec digests,
section 4): level arrays have one dimension per axis, shrink from level to level in the
ratio of their scales and share a data type; label images have their image's level
count, integer data types and shapes; wells, fields, acquisitions, series and scene
images exist. The values come from the attribute strategies where they fit (axes,
0.4/0.5 transformations, omero, image-label, plate names and acquisitions, block
versions, extra keys); what must agree across groups is drawn here, structure first
(counts, which wells, which levels) so that a failing example shrinks to a few wells
and levels. `write_hierarchy` puts one into any zarr-python 3 store.

`invalid_hierarchies` draws a `HierarchyMutation`: a valid hierarchy broken in exactly
one way, with the hierarchy rule it breaks, the node of the finding, and the findings
the break necessarily implies (``also``), so a test can demand the exact set. One
family exists per hierarchy rule of the catalogue (`hierarchy_families` lists them);
a family starts from bases (root kind plus features such as labels or two levels) that
the generator then guarantees, so no example is rejected. Rules that only a reader
option can trigger (a node or field limit) carry it in ``reader_kwargs``.

The 0.6 image, label image and scene blocks are small hand-written ones (no 0.6 image
strategy existed when this was written): one or two coordinate systems, scale or
scale-then-translation dataset transformations, a link into a label image, and scene
transformations of the simple types plus an affine stored as an array. Not drawn:
rotation, displacement and coordinate fields stored at a path, and label-image roots.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import quoteattr

from hypothesis import strategies as st

from ..issues import Severity
from ..rules import get_rule
from ..spec.versions import KIND_KEYS as _KIND_KEYS
from ..spec.versions import SUPPORTED_VERSIONS, is_wrapped
from ..store.nodes import Limits
from . import _attributes, _axes, _labels, _multiscales, _plate, _values

__all__ = [
    "GeneratedHierarchy",
    "HierarchyFamily",
    "HierarchyMutation",
    "hierarchies",
    "hierarchy_families",
    "hierarchy_family",
    "hierarchy_kinds",
    "invalid_hierarchies",
    "write_hierarchy",
]

_BASE_KINDS = ("image", "labels", "plate", "well", "bioformats2raw")


def hierarchy_kinds(version: str) -> tuple[str, ...]:
    """The root kinds `hierarchies` draws for ``version`` (scenes exist from 0.6 on)."""
    return (*_BASE_KINDS, "scene") if version.startswith("0.6") else _BASE_KINDS


@dataclass(frozen=True)
class GeneratedHierarchy:
    """A whole store's metadata: ``documents`` maps store keys (``"A/1/0/zarr.json"``,
    ``"labels/.zattrs"``, ``"OME/METADATA.ome.xml"``) to JSON values, or to bytes for a
    file that is not JSON. ``kind`` is the kind of the root group."""

    version: str
    kind: str
    documents: Mapping[str, Any]

    @property
    def zarr_format(self) -> Literal[2, 3]:
        return 2 if self.version == "0.4" else 3

    def encoded(self) -> dict[str, bytes]:
        """Every document as the bytes written to the store, in ``documents`` order."""
        return {
            key: value if isinstance(value, bytes) else json.dumps(value).encode()
            for key, value in self.documents.items()
        }


def write_hierarchy(hierarchy: GeneratedHierarchy, store: Any, *, path: str = "") -> Any:
    """Write every document of ``hierarchy`` into ``store`` and return the store.

    ``store``: a zarr-python 3 `zarr.abc.store.Store` (LocalStore, MemoryStore, an
    fsspec store opened for writing) or a local folder path, opened as a LocalStore.
    Keys go under ``path`` inside the store, in the order of ``hierarchy.documents``;
    nothing else is written. Call it outside a running event loop (it uses zarr's sync).
    """
    from zarr.abc.store import Store
    from zarr.core.sync import sync
    from zarr.storage import LocalStore

    if isinstance(store, str | PathLike):
        store = LocalStore(Path(store))
    if not isinstance(store, Store):
        raise TypeError(f"cannot write to a {type(store).__name__}: give a zarr Store or a path")
    prefix = path.strip("/")
    items = {(f"{prefix}/{k}" if prefix else k): v for k, v in hierarchy.encoded().items()}
    sync(_write(store, items))
    return store


async def _write(store: Any, items: Mapping[str, bytes]) -> None:
    from zarr.core.buffer import default_buffer_prototype

    prototype = default_buffer_prototype()
    for key, data in items.items():  # one by one: the order of writing is the caller's
        await store.set(key, prototype.buffer.from_bytes(data))


# --- the store being built


def _copy(value: Any) -> Any:
    """A copy of a JSON tree (several times faster than copy.deepcopy on these)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _join(*parts: str) -> str:
    return "/".join(p for p in parts if p)


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


V2_DTYPES: dict[str, tuple[str, ...]] = {
    "uint8": ("|u1",),
    "int8": ("|i1",),
    "uint16": ("<u2", ">u2"),
    "int16": ("<i2", ">i2"),
    "uint32": ("<u4", ">u4"),
    "int32": ("<i4",),
    "uint64": ("<u8",),
    "int64": ("<i8", ">i8"),
    "float32": ("<f4", ">f4"),
    "float64": ("<f8",),
}
V2_NAMES = {code: name for name, codes in V2_DTYPES.items() for code in codes}
LABEL_DTYPES = ("uint8", "uint16", "uint32", "int32", "int8", "int16", "uint64", "int64")
IMAGE_DTYPES = ("uint16", "uint8", "float32", "int16", "uint32", "float64", "int8", "int32")

_D4 = st.integers(0, 3)
_COIN = st.booleans()
_FACTOR = st.sampled_from([1, 2, 2, 3, 4, 1.5])
_LEVELS = st.sampled_from([1, 1, 2, 2, 3, 4, 6])
_SPACE = st.sampled_from([1, 2, 5, 16, 64, 100, 512, 2048])
_SPACE_BIG = st.sampled_from([16, 64, 100, 512])
_SMALL = st.integers(1, 4)
_POSITIVE = _values.positive()
_NUMBER = _values.number()
_TEXT = _values.text()
_CODEC = st.sampled_from(["plain", "plain", "gzip", "zstd"])
_LEVEL_STYLE = st.sampled_from(["{k}", "s{k}", "{k}", "path/to/{k}", "level-{k}", "ñ{k}"])
_LABEL_LEAF = st.one_of(
    st.sampled_from(["cells", "nuclei", "0", "mask", "ñuclei"]), _values.alnum(6)
)
_LABEL_MIDDLE = st.sampled_from(["label-group", "sub-set", "ñ-nested"])  # never a leaf
_CS_NAME = st.sampled_from(["intrinsic", "physical", "array-space", "ñame"])
_FIELD_NAMES = {n: st.lists(_values.alnum(3), min_size=n, max_size=n, unique_by=str.casefold)
                for n in range(1, 4)}  # fmt: skip
_DTYPE = st.sampled_from(IMAGE_DTYPES)
_LABEL_DTYPE = st.sampled_from(LABEL_DTYPES)


class _Documents:
    """Store documents keyed by store key, and the version that says how they are laid out."""

    def __init__(self, version: str, docs: dict[str, Any] | None = None) -> None:
        self.version = version
        self.docs: dict[str, Any] = {} if docs is None else docs

    @property
    def v2(self) -> bool:
        return self.version == "0.4"

    @property
    def v06(self) -> bool:
        return self.version.startswith("0.6")


class _Tree(_Documents):
    """The documents of one store being drawn."""

    def group(
        self,
        path: str,
        blocks: Mapping[str, Any] | None = None,
        extras: Mapping[str, Any] | None = None,
    ) -> None:
        """A group with OME blocks, or a plain group (``blocks`` None)."""
        extras = extras or {}
        if self.v2:
            self.docs[_join(path, ".zgroup")] = {"zarr_format": 2}
            if blocks is not None or extras:
                self.docs[_join(path, ".zattrs")] = {**(blocks or {}), **extras}
            return
        attributes: dict[str, Any] = dict(extras)
        if blocks is not None:
            attributes = {"ome": {"version": self.version, **blocks}, **extras}
        self.docs[_join(path, "zarr.json")] = {
            "zarr_format": 3,
            "node_type": "group",
            "attributes": attributes,
        }

    def array(
        self,
        path: str,
        shape: Sequence[int],
        dtype: str,
        *,
        names: Sequence[str] | None = None,
        v2_code: str | None = None,
        codec: str = "plain",
    ) -> None:
        chunks = [max(1, min(n, 256)) for n in shape]
        zero: int | float = 0.0 if dtype.startswith("float") else 0
        if self.v2:
            compressor = None if codec == "plain" else {"id": codec, "level": 1}
            self.docs[_join(path, ".zarray")] = {
                "zarr_format": 2,
                "shape": list(shape),
                "chunks": chunks,
                "dtype": v2_code or V2_DTYPES[dtype][0],
                "compressor": compressor,
                "fill_value": zero,
                "order": "C",
                "filters": None,
                "dimension_separator": "/",
            }
            return
        codecs: list[dict[str, Any]] = [{"name": "bytes", "configuration": {"endian": "little"}}]
        if codec != "plain":
            codecs.append({"name": codec, "configuration": {"level": 1}})
        doc: dict[str, Any] = {
            "zarr_format": 3,
            "node_type": "array",
            "shape": list(shape),
            "data_type": dtype,
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": chunks}},
            "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
            "fill_value": zero,
            "codecs": codecs,
            "attributes": {},
        }
        if names is not None:
            doc["dimension_names"] = list(names)
        self.docs[_join(path, "zarr.json")] = doc

    def graft(self, prefix: str, docs: Mapping[str, Any]) -> None:
        """Copy a subtree drawn at the root to ``prefix`` (each document its own copy)."""
        for key, value in docs.items():
            self.docs[_join(prefix, key)] = _copy(value)


# --- level shapes from scales (spec: level k's size times scale_k / scale_0 is level 0's)


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


# --- images


@dataclass
class _Image:
    """What a drawn image's labels and containers need to know about it."""

    axes: list[dict[str, Any]]
    base: list[int]
    datasets: list[dict[str, Any]]
    dtype: str
    cs: str  # the intrinsic coordinate system's name (0.6)
    labels: list[str] = field(default_factory=list)


def _letter(axis: Mapping[str, Any]) -> str:
    return {"space": "S", "time": "T", "channel": "C"}.get(str(axis.get("type")), "X")


_WITH_CHANNEL = st.sampled_from([s for s in _axes.AXIS_TYPE_SEQUENCES if "C" in s])
_RESERVED_06 = {"array", "coordinate", "displacement"}  # types with extra 0.6 meaning


@st.composite
def _axes_for(draw: st.DrawFn, version: str, channel: bool) -> list[dict[str, Any]]:
    axes = _axes.axes_of(draw, draw(_WITH_CHANNEL)) if channel else draw(_axes.AXES)
    if version.startswith("0.6"):
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
    scale: list[float | int] = [draw(_POSITIVE) for _ in range(ndim)]
    out: list[dict[str, Any]] = []
    for k, path in enumerate(paths):
        transforms: list[dict[str, Any]]
        if not version.startswith("0.6"):
            transforms = _multiscales.transforms(draw, scale, path_form=not (inline and k < 2))
        elif draw(_D4) < 3:
            transforms = [{"type": "scale", "scale": list(scale)}]
        else:
            translation = [draw(_NUMBER) for _ in range(ndim)]
            inner = [
                {"type": "scale", "scale": list(scale)},
                {"type": "translation", "translation": translation},
            ]
            transforms = [{"type": "sequence", "transformations": inner}]
        if version.startswith("0.6"):
            transforms[0]["input"] = {"path": path}
            transforms[0]["output"] = {"name": cs}
        out.append({"path": path, "coordinateTransformations": transforms})
        factors = [draw(_FACTOR) for _ in range(ndim)] if draw(_D4) == 3 else [draw(_FACTOR)] * ndim
        scale = _multiscales._grow(scale, factors)
    return out


def _optional_fields(draw: st.DrawFn, item: dict[str, Any], name: str, v06: bool) -> None:
    """name, type, metadata: recommended, so 0.6 images carry them nearly always."""
    if draw(_D4) > 0 or v06:
        item["name"] = name if draw(_COIN) else draw(_TEXT)
    if (draw(_COIN) or v06) and draw(_D4) > 0:
        item["type"] = draw(_multiscales._DOWNSCALING)
    if (draw(_COIN) or v06) and draw(_D4) > 0:
        item["metadata"] = draw(_multiscales._METADATA)


def _world_transform(draw: st.DrawFn, ndim: int, cs: str, world: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["scale", "identity", "translation", "sequence"]))
    transform: dict[str, Any] = {"type": kind}
    if kind == "scale":
        transform["scale"] = [draw(_POSITIVE) for _ in range(ndim)]
    elif kind == "translation":
        transform["translation"] = [draw(_NUMBER) for _ in range(ndim)]
    elif kind == "sequence":
        transform["transformations"] = [
            {"type": "scale", "scale": [draw(_POSITIVE) for _ in range(ndim)]},
            {"type": "translation", "translation": [draw(_NUMBER) for _ in range(ndim)]},
        ]
    transform["input"] = {"name": cs}
    transform["output"] = {"name": world}
    return transform


def _base_shape(draw: st.DrawFn, axes: list[dict[str, Any]], channels: int, big: bool) -> list[int]:
    shape = []
    for axis in axes:
        letter = _letter(axis)
        if letter == "S":
            shape.append(draw(_SPACE_BIG if big else _SPACE))
        elif letter == "C" and channels:
            shape.append(channels)
        else:
            shape.append(draw(_SMALL))
    return shape


def _write_levels(
    draw: st.DrawFn,
    tree: _Tree,
    path: str,
    axes: list[dict[str, Any]],
    datasets: list[dict[str, Any]],
    base: list[int],
    dtype: str,
) -> None:
    names = [a["name"] for a in axes]
    keep_names = tree.version == "0.5" or (tree.v06 and draw(_COIN))
    code = draw(st.sampled_from(V2_DTYPES[dtype])) if tree.v2 else None
    codec = draw(_CODEC)
    for dataset, shape in zip(datasets, level_shapes(base, datasets), strict=True):
        tree.array(
            _join(path, dataset["path"]),
            shape,
            dtype,
            names=names if keep_names else None,
            v2_code=code,
            codec=codec,
        )


def _image(
    draw: st.DrawFn,
    tree: _Tree,
    path: str,
    needs: frozenset[str],
    *,
    axes: list[dict[str, Any]] | None = None,
    labels: bool | None = None,
    label_block: dict[str, Any] | None = None,
) -> _Image:
    """A multiscale image group at ``path`` and its level arrays (and maybe its labels).

    ``label_block``: the image is a label image without a parent image (the root of a
    'labels' hierarchy): integer data type, this 'image-label' block, no labels below.
    """
    version = tree.version
    v06 = tree.v06
    is_label = label_block is not None
    # the structure is drawn first, so shrinking the content never changes the structure
    if not is_label and labels is None:
        labels = bool({"labels", "nested-label", "link"} & needs) or draw(_D4) == 3
    label_paths = _label_paths(draw, "nested-label" in needs) if labels else []
    count = 1 if (v06 or draw(_D4) < 3) else draw(st.integers(2, 3))
    min_levels = 2 if {"levels2", "scale"} & needs else 1
    level_counts = [max(min_levels, draw(_LEVELS)) for _ in range(count)]
    wants_omero = not is_label and ("omero" in needs or draw(_D4) == 3)
    multiscales: list[dict[str, Any]] = []
    omero: dict[str, Any] | None = None
    first: _Image | None = None
    for m, levels in enumerate(level_counts):
        channel = m == 0 and "omero" in needs and not is_label
        ms_axes = axes if (axes is not None and m == 0) else draw(_axes_for(version, channel))
        ndim = len(ms_axes)
        channels = 0
        if wants_omero and m == 0:
            omero = _multiscales.omero(draw)
            if not omero["channels"] and any(_letter(a) == "C" for a in ms_axes):
                omero["channels"].append(_multiscales.channel(draw))
            channels = len(omero["channels"])
        cs = draw(_CS_NAME)
        inline = m == 0 and "scale" in needs
        datasets = _datasets(draw, version, ndim, _level_paths(draw, m, levels), cs, inline)
        item: dict[str, Any] = {}
        if version == "0.4" and draw(_D4) > 0:
            item["version"] = "0.4"
        _optional_fields(draw, item, path.rpartition("/")[2] or "image", v06)
        if v06:
            systems = [{"name": cs, "axes": ms_axes}]
            if draw(_D4) == 3:
                world = "world" if cs != "world" else "world2"
                systems.append({"name": world, "axes": _copy(ms_axes)})
                item["coordinateTransformations"] = [_world_transform(draw, ndim, cs, world)]
            item["coordinateSystems"] = systems
        else:
            item["axes"] = ms_axes
            if draw(_D4) == 3:
                item["coordinateTransformations"] = _multiscales.transforms(draw, [1.0] * ndim)
        item["datasets"] = datasets
        multiscales.append(item)
        base = _base_shape(draw, ms_axes, channels, big=inline)
        dtype = draw(_LABEL_DTYPE if is_label else _DTYPE)
        _write_levels(draw, tree, path, ms_axes, datasets, base, dtype)
        if m == 0:
            first = _Image(ms_axes, base, datasets, dtype, cs)
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


def _label_paths(draw: st.DrawFn, nested: bool) -> list[str]:
    """1-3 label paths, some behind an intermediate group; no path is another's prefix."""
    leaves = _values.distinct(draw, _LABEL_LEAF, draw(st.integers(1, 3)))
    out = []
    for i, leaf in enumerate(leaves):
        if (nested and i == 0) or draw(_D4) == 3:
            out.append(f"{draw(_LABEL_MIDDLE)}/{leaf}")
        else:
            out.append(leaf)
    return out


def _source(draw: st.DrawFn, block: dict[str, Any], depth: int) -> None:
    """Point 'image-label.source' at the image: the default only fits a direct child."""
    block.pop("source", None)
    if depth > 1 or draw(_D4) == 3:
        block["source"] = {"image": "../" * (depth + 1)}
    elif draw(_D4) == 3:
        block["source"] = {}


def _image_label(draw: st.DrawFn, version: str, depth: int) -> dict[str, Any]:
    block = draw(_labels.image_label(version))
    if version.startswith("0.6"):
        block.pop("version", None)  # 0.6 keeps only ome.version
    _source(draw, block, depth)
    return block


def _labels_of(
    draw: st.DrawFn, tree: _Tree, path: str, image: _Image, names: list[str]
) -> list[str]:
    """The 'labels' group of an image and its label images, which mirror the image's
    first multiscale: same axes, datasets and scales, each dimension the image's or 1."""
    group = _join(path, "labels")
    tree.group(group, {"labels": names}, draw(_attributes._extras()))
    for middle in sorted({_parent(n) for n in names} - {""}):
        tree.group(_join(group, middle))
    for name in names:
        label = _join(group, name)
        base = [
            1 if (_letter(a) == "C" and draw(_D4) > 0) or (draw(_D4) == 3 and draw(_COIN)) else n
            for a, n in zip(image.axes, image.base, strict=True)
        ]
        datasets = _copy(image.datasets)
        item: dict[str, Any] = {}
        if tree.v2 and draw(_D4) > 0:
            item["version"] = "0.4"
        _optional_fields(draw, item, name.rpartition("/")[2], tree.v06)
        if tree.v06:
            item["coordinateSystems"] = [{"name": image.cs, "axes": _copy(image.axes)}]
        else:
            item["axes"] = _copy(image.axes)
        item["datasets"] = datasets
        blocks = {
            "multiscales": [item],
            "image-label": _image_label(draw, tree.version, name.count("/") + 1),
        }
        tree.group(label, blocks, draw(_attributes._extras()))
        _write_levels(draw, tree, label, image.axes, datasets, base, draw(_LABEL_DTYPE))
    return names


def _link(draw: st.DrawFn, tree: _Tree, path: str, image: _Image) -> None:
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
    doc = tree.docs[_join(path, "zarr.json")]
    doc["attributes"]["ome"]["multiscales"][0].setdefault("coordinateTransformations", []).append(
        transform
    )


# --- kinds


def _template(
    draw: st.DrawFn, version: str, needs: frozenset[str]
) -> tuple[dict[str, Any], _Image]:
    """An image drawn at the root of its own tree, to be grafted under fields."""
    tree = _Tree(version)
    info = _image(draw, tree, "", needs)
    return tree.docs, info


_BF2RAW_XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"'
    ' Creator="ome-zarr-schemas.testing">'
)
_OME_TYPES = {"float32": "float", "float64": "double"}


def _ome_xml(images: Sequence[tuple[str, _Image]]) -> bytes:
    """A metadata-only OME-XML file with one Image per image, in series order."""
    parts = [_BF2RAW_XML_HEAD]
    for i, (name, info) in enumerate(images):
        sizes = {"X": 1, "Y": 1, "Z": 1, "C": 1, "T": 1}
        space = [n for a, n in zip(info.axes, info.base, strict=True) if _letter(a) == "S"]
        for letter, n in zip("XYZ", reversed(space), strict=False):
            sizes[letter] = n
        for a, n in zip(info.axes, info.base, strict=True):
            if _letter(a) in "CT":
                sizes[_letter(a)] = n
        size_attrs = " ".join(f'Size{k}="{max(1, v)}"' for k, v in sizes.items())
        parts.append(
            f'<Image ID="Image:{i}" Name={quoteattr(name)}><Pixels ID="Pixels:{i}"'
            f' DimensionOrder="XYZCT" Type="{_OME_TYPES.get(info.dtype, info.dtype)}"'
            f" {size_attrs}><MetadataOnly/></Pixels></Image>"
        )
    parts.append("</OME>")
    return "".join(parts).encode()


def _acquisition_plan(block: dict[str, Any], needs: frozenset[str]) -> list[dict[str, Any]]:
    """The plate's acquisitions, with fresh ids added when the base needs one or two."""
    acquisitions: list[dict[str, Any]] = list(block.get("acquisitions") or [])
    want = 2 if "acq2" in needs else 1 if "acq1" in needs else 0
    next_id = max((a["id"] for a in acquisitions), default=-1) + 1
    while len(acquisitions) < want:
        acquisitions.append({"id": next_id, "name": f"run {next_id}"})
        next_id += 1
    if acquisitions:
        block["acquisitions"] = acquisitions
    return acquisitions


@dataclass
class _WellPlan:
    cell: int
    float_indices: bool
    images: list[dict[str, Any]]
    picks: list[int]  # the field image each field grafts
    version: str | None
    extras: dict[str, Any]


@st.composite
def _well_plan(
    draw: st.DrawFn,
    version: str,
    cells: int,
    low: int,
    cap: int,
    acquisitions: list[dict[str, Any]],
    numbered: bool,
    templates: int,
) -> _WellPlan:
    """Everything one well draws, in one span: shrinking drops a well in one deletion."""
    cell = draw(st.integers(0, cells - 1))
    float_indices = draw(_D4) == 3  # an integral float is an integer to JSON Schema
    images = _field_images(draw, draw(st.integers(low, max(low, cap))), acquisitions, numbered)
    picks = [draw(st.integers(0, templates - 1)) for _ in images]
    block_version = draw(_plate._block_version(version)) if draw(_D4) > 0 else None
    return _WellPlan(cell, float_indices, images, picks, block_version, draw(_attributes._extras()))


def _plate_tree(
    draw: st.DrawFn, tree: _Tree, needs: frozenset[str], blocks: dict[str, Any]
) -> list[tuple[str, _Image]]:
    """A plate of up to 3 x 3 wells at the root, with rows, wells and fields; returns the
    fields in plate order.

    The structure is drawn first (rows, columns, field_count, acquisitions, then the
    wells as one list, each well a single span), the names and the images after, so
    shrinking removes wells cleanly. The values are the plate strategy's: names,
    block versions, acquisitions. A bioformats2raw plate has no row named 'OME'.
    """
    version = tree.version
    bf2raw = "bioformats2raw" in blocks
    n_rows, n_columns = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    templates = draw(st.integers(1, 2))  # one or two field images, shared by the fields
    block: dict[str, Any] = {}
    if draw(_COIN):
        block["field_count"] = draw(st.integers(1, 2**31))
    if "fields2" in needs and block.get("field_count", 2) < 2:
        block["field_count"] = 2
    if draw(_COIN):
        block["acquisitions"] = draw(_plate.acquisitions())
    acquisitions = _acquisition_plan(block, needs)
    cap = min(3, block.get("field_count", 3))
    low = 2 if "fields2" in needs else 1
    plan = _well_plan(
        version, n_rows * n_columns, low, cap, acquisitions, "numbered-fields" in needs, templates
    )
    wells = draw(st.lists(plan, min_size=1, max_size=n_rows * n_columns, unique_by=_cell))
    rows = draw((_NAMES_NO_OME if bf2raw else _NAMES)[n_rows])
    columns = draw(_NAMES[n_columns])
    block["rows"] = [{"name": n} for n in rows]
    block["columns"] = [{"name": n} for n in columns]
    block["wells"] = []
    for well in wells:
        r, c = divmod(well.cell, n_columns)
        entry: dict[str, Any] = {"path": f"{rows[r]}/{columns[c]}", "rowIndex": r, "columnIndex": c}
        if well.float_indices:
            entry["rowIndex"], entry["columnIndex"] = float(r), float(c)
        block["wells"].append(entry)
    if draw(_D4) > 0:
        block["name"] = draw(_TEXT)
    if draw(_D4) > 0:
        block["version"] = draw(_plate._block_version(version))
    images = [_template(draw, version, needs) for _ in range(templates)]
    tree.group("", {**blocks, "plate": block}, draw(_attributes._extras()))
    fields: list[tuple[str, _Image]] = []
    for row in sorted({_parent(w["path"]) for w in block["wells"]}):
        tree.group(row)
    for well, entry in zip(wells, block["wells"], strict=True):
        well_block: dict[str, Any] = {"images": well.images}
        if well.version is not None:
            well_block["version"] = well.version
        tree.group(entry["path"], {"well": well_block}, well.extras)
        for image, pick in zip(well.images, well.picks, strict=True):
            docs, info = images[pick]
            field_path = _join(entry["path"], image["path"])
            tree.graft(field_path, docs)
            fields.append((field_path, info))
    return fields


def _cell(well: _WellPlan) -> int:
    return well.cell


def _field_images(
    draw: st.DrawFn, count: int, acquisitions: list[dict[str, Any]], numbered: bool
) -> list[dict[str, Any]]:
    """A well's field entries; each names an acquisition with room for it (required when
    the plate has several), so no well exceeds a 'maximumfieldcount'."""
    if numbered or draw(_D4) > 0:
        paths = [str(i) for i in range(count)]
    else:
        paths = draw(_FIELD_NAMES[count])
    used: dict[int, int] = {}
    images: list[dict[str, Any]] = []
    for path in paths:
        image: dict[str, Any] = {"path": path}
        room = [
            a["id"]
            for a in acquisitions
            if used.get(a["id"], 0) < a.get("maximumfieldcount", math.inf)
        ]
        if acquisitions and (len(acquisitions) > 1 or (bool(room) and draw(_COIN))):
            if not room:
                break
            chosen = room[draw(st.integers(0, len(room) - 1))]
            used[chosen] = used.get(chosen, 0) + 1
            image["acquisition"] = chosen
        elif not acquisitions and draw(_D4) == 3:
            image["acquisition"] = draw(_values.integer())
        images.append(image)
    return images


_NAMES = {
    n: st.lists(_values.alnum(), min_size=n, max_size=n, unique_by=str.casefold)
    for n in range(1, 4)
}  # row and column names, distinct even ignoring case (as the plate strategy draws them)
_NAMES_NO_OME = {n: names.filter(lambda r: "OME" not in r) for n, names in _NAMES.items()}


def _well_tree(draw: st.DrawFn, tree: _Tree, needs: frozenset[str]) -> None:
    count = draw(st.integers(2 if "fields2" in needs else 1, 3))
    images = _field_images(draw, count, [], "numbered-fields" in needs)
    block: dict[str, Any] = {"images": images}
    if draw(_D4) > 0:
        block["version"] = draw(_plate._block_version(tree.version))
    tree.group("", {"well": block}, draw(_attributes._extras()))
    docs, _ = _template(draw, tree.version, needs)
    for image in images:
        tree.graft(image["path"], docs)


def _labels_tree(draw: st.DrawFn, tree: _Tree, needs: frozenset[str]) -> None:
    """A 'labels' group at the root: label images without a parent image (their default
    source is above the target, so it is not checked)."""
    names = _label_paths(draw, "nested-label" in needs)
    tree.group("", {"labels": names}, draw(_attributes._extras()))
    for middle in sorted({_parent(n) for n in names} - {""}):
        tree.group(middle)
    for name in names:
        block = _image_label(draw, tree.version, name.count("/") + 1)
        _image(draw, tree, name, needs, label_block=block)


_BF2RAW_VARIANTS = ("numbered", "series", "plate")


def _bf2raw_tree(draw: st.DrawFn, tree: _Tree, needs: frozenset[str]) -> None:
    forced = [v for v in _BF2RAW_VARIANTS if v in needs]
    variant = forced[0] if forced else draw(st.sampled_from(_BF2RAW_VARIANTS))
    blocks: dict[str, Any] = {"bioformats2raw.layout": draw(st.sampled_from([3, 3, 3.0]))}
    images: list[tuple[str, _Image]]
    if variant == "plate":
        images = _plate_tree(draw, tree, needs, blocks)
        tree.group("OME", {"series": [p for p, _ in images]})
    else:
        count = draw(st.integers(1, 3))
        if variant == "numbered" or draw(_COIN):
            names = [str(i) for i in range(count)]
        else:
            names = _values.distinct(draw, _values.alnum(4).filter(lambda n: n != "OME"), count)
        tree.group("", blocks, draw(_attributes._extras()))
        images = [(name, _image(draw, tree, name, needs)) for name in names]
        if variant == "series":
            tree.group("OME", {"series": names})
        elif draw(_D4) > 0:
            tree.group("OME")
    tree.docs["OME/METADATA.ome.xml"] = _ome_xml(images)


_TILE_TYPES = ("translation", "scale", "identity", "sequence", "affine", "affine-path")


def _scene_tree(draw: st.DrawFn, tree: _Tree, needs: frozenset[str]) -> None:
    """0.6: a scene of 1-3 image tiles placed in a 'world' system, each by a transformation
    of its own type (an affine possibly stored as an array under coordinateTransformations/)."""
    axes = _axes.axes_of(draw, draw(st.sampled_from(["SS", "SSS"])))
    ndim = len(axes)
    count = draw(st.integers(1, 3))
    tiles = _values.distinct(draw, st.sampled_from(["tile_0", "tile_1", "tile_2", "ñ"]), count)
    world = "world"
    transforms = []
    for i, tile in enumerate(tiles):
        info = _image(draw, tree, tile, needs, axes=_copy(axes))
        kind = (
            "affine-path"
            if ("affine-path" in needs and i == 0)
            else draw(st.sampled_from(_TILE_TYPES))
        )
        transform: dict[str, Any] = {"type": kind}
        if kind == "translation":
            transform["translation"] = [draw(_NUMBER) for _ in range(ndim)]
        elif kind == "scale":
            transform["scale"] = [draw(_POSITIVE) for _ in range(ndim)]
        elif kind == "sequence":
            transform["transformations"] = [
                {"type": "scale", "scale": [draw(_POSITIVE) for _ in range(ndim)]},
                {"type": "translation", "translation": [draw(_NUMBER) for _ in range(ndim)]},
            ]
        elif kind == "affine":
            offsets = [draw(_NUMBER) for _ in range(ndim)]
            transform["affine"] = [
                [1.0 if r == c else 0.0 for c in range(ndim)] + [offsets[r]] for r in range(ndim)
            ]
        elif kind == "affine-path":
            transform["type"] = "affine"
            transform["path"] = f"coordinateTransformations/{tile}"
            tree.group("coordinateTransformations")
            tree.array(transform["path"], [ndim, ndim + 1], "float64")
        transform["input"] = {"path": tile, "name": info.cs}
        transform["output"] = {"name": world}
        transforms.append(transform)
    scene = {
        "coordinateSystems": [{"name": world, "axes": _copy(axes)}],
        "coordinateTransformations": transforms,
    }
    tree.group("", {"scene": scene}, draw(_attributes._extras()))


@st.composite
def _hierarchy(
    draw: st.DrawFn, version: str, kind: str, needs: frozenset[str] = frozenset()
) -> GeneratedHierarchy:
    tree = _Tree(version)
    if kind == "image":
        _image(draw, tree, "", needs)
    elif kind == "labels":
        _labels_tree(draw, tree, needs)
    elif kind == "plate":
        _plate_tree(draw, tree, needs, {})
    elif kind == "well":
        _well_tree(draw, tree, needs)
    elif kind == "bioformats2raw":
        _bf2raw_tree(draw, tree, needs)
    elif kind == "scene":
        _scene_tree(draw, tree, needs)
    else:  # pragma: no cover - guarded by hierarchies()
        raise ValueError(kind)
    return GeneratedHierarchy(version, kind, tree.docs)


def _pairs(version: str | None, kind: str | None) -> list[tuple[str, str]]:
    versions = [version] if version is not None else list(SUPPORTED_VERSIONS)
    pairs = [(v, k) for v in versions for k in hierarchy_kinds(v) if kind is None or k == kind]
    if not pairs or (version is not None and version not in SUPPORTED_VERSIONS):
        raise ValueError(f"no hierarchy strategy for version={version!r} kind={kind!r}")
    return pairs


def hierarchies(
    version: str | None = None, kind: str | None = None
) -> st.SearchStrategy[GeneratedHierarchy]:
    """Valid metadata-only hierarchies of ``version`` whose root is a ``kind`` group.

    Kinds: image (maybe with labels), labels, plate, well, bioformats2raw (numbered
    images, series, or a plate), and scene from 0.6 on; None draws any of them.
    """
    pairs = _pairs(version, kind)
    if len(pairs) == 1:
        return _hierarchy(*pairs[0])
    return st.sampled_from(pairs).flatmap(lambda pair: _hierarchy(*pair))


# --- mutations


@dataclass(frozen=True)
class HierarchyMutation:
    """A hierarchy broken in one way: the finding (``rule`` at ``node``) it must give,
    ``also`` the findings the break necessarily implies, ``reader_kwargs`` the keyword
    arguments `validate_store` needs to see it, and whether it needs a listable store."""

    hierarchy: GeneratedHierarchy
    rule: str
    node: str
    family: str
    description: str
    valid: GeneratedHierarchy
    also: frozenset[tuple[str, str]] = frozenset()
    reader_kwargs: Mapping[str, Any] = field(default_factory=dict)
    listing: bool = False

    @property
    def severity(self) -> Severity:
        return get_rule(self.rule).severity

    @property
    def expected(self) -> frozenset[tuple[str, str]]:
        """Every (rule, node) of the hierarchy and error findings it must give."""
        return frozenset({(self.rule, self.node)}) | self.also

    @property
    def expected_errors(self) -> frozenset[tuple[str, str]]:
        return frozenset(f for f in self.expected if get_rule(f[0]).severity is Severity.ERROR)


class Target(_Documents):
    """A copy of a valid hierarchy being broken, with helpers over its documents."""

    def __init__(self, hierarchy: GeneratedHierarchy) -> None:
        super().__init__(hierarchy.version, {k: _copy(v) for k, v in hierarchy.documents.items()})
        self.kind = hierarchy.kind
        self.also: set[tuple[str, str]] = set()
        self.reader_kwargs: dict[str, Any] = {}

    def meta_key(self, path: str) -> str:
        return _join(path, ".zattrs" if self.v2 else "zarr.json")

    def array_key(self, path: str) -> str:
        return _join(path, ".zarray" if self.v2 else "zarr.json")

    def _node_docs(self, suffix: str) -> list[str]:
        return sorted(
            _parent(k) if "/" in k else "" for k in self.docs if k.rpartition("/")[2] == suffix
        )

    def groups(self) -> list[str]:
        if self.v2:
            return self._node_docs(".zgroup")
        return [
            p
            for p in self._node_docs("zarr.json")
            if self.docs[_join(p, "zarr.json")].get("node_type") == "group"
        ]

    def arrays(self) -> list[str]:
        if self.v2:
            return self._node_docs(".zarray")
        return [
            p
            for p in self._node_docs("zarr.json")
            if self.docs[_join(p, "zarr.json")].get("node_type") == "array"
        ]

    def ome(self, path: str) -> dict[str, Any] | None:
        """The OME-level mapping of a group (None for a plain group)."""
        doc = self.docs.get(self.meta_key(path))
        if not isinstance(doc, dict):
            return None
        if self.v2:
            return doc if any(k in doc for k in _KIND_KEYS) else None
        ome = doc.get("attributes", {}).get("ome")
        return ome if isinstance(ome, dict) else None

    def meta(self, path: str) -> dict[str, Any]:
        """The OME-level mapping of a group known to have one."""
        ome = self.ome(path)
        assert ome is not None, path
        return ome

    def with_key(self, key: str) -> list[str]:
        return [p for p in self.groups() if key in (self.ome(p) or {})]

    def images(self) -> list[str]:
        return self.with_key("multiscales")

    def datasets(self, image: str, m: int = 0) -> list[tuple[dict[str, Any], str]]:
        ome = self.ome(image)
        assert ome is not None
        return [(d, _join(image, d["path"])) for d in ome["multiscales"][m]["datasets"]]

    def array(self, path: str) -> dict[str, Any]:
        doc: dict[str, Any] = self.docs[self.array_key(path)]
        return doc

    def shape(self, path: str) -> list[int]:
        return list(self.array(path)["shape"])

    def dtype(self, path: str) -> str:
        doc = self.array(path)
        return V2_NAMES[doc["dtype"]] if self.v2 else str(doc["data_type"])

    def set_dtype(self, path: str, dtype: str) -> None:
        doc = self.array(path)
        if self.v2:
            doc["dtype"] = V2_DTYPES[dtype][0]
        else:
            doc["data_type"] = dtype
        doc["fill_value"] = 0.0 if dtype.startswith("float") else 0

    def drop(self, path: str) -> None:
        """Remove every document of the node at ``path`` and below."""
        prefix = f"{path}/" if path else ""
        for key in [k for k in self.docs if k.startswith(prefix)]:
            del self.docs[key]

    def plain(self, path: str) -> None:
        """Replace the node at ``path`` (and what is below) by a plain group."""
        self.drop(path)
        tree = _Tree(self.version)
        tree.group(path)
        self.docs.update(tree.docs)

    def move(self, source: str, destination: str) -> None:
        """Move the documents of a node and what is below it."""
        prefix = f"{source}/"
        for key in [k for k in self.docs if k.startswith(prefix)]:
            self.docs[destination + "/" + key[len(prefix) :]] = self.docs.pop(key)

    def labels_group(self, image: str) -> str | None:
        path = _join(image, "labels")
        return path if self.ome(path) is not None and "labels" in (self.ome(path) or {}) else None

    def labels_of(self, image: str) -> list[str]:
        """The label images listed by an image's 'labels' group."""
        group = self.labels_group(image)
        if group is None:
            return []
        ome = self.ome(group)
        assert ome is not None
        return [_join(group, name) for name in ome["labels"]]

    def label_images(self) -> list[str]:
        """Label images that have a parent image (listed by a labels group beside levels)."""
        return [label for image in self.images() for label in self.labels_of(image)]

    def parent_image(self, label: str) -> str | None:
        for image in self.images():
            if label in self.labels_of(image):
                return image
        return None

    def all_labels(self) -> list[str]:
        """Every group with 'image-label' (label images with or without a parent)."""
        return [p for p in self.with_key("image-label") if "multiscales" in (self.ome(p) or {})]

    def pick(self, draw: st.DrawFn, items: Sequence[Any]) -> Any:
        assert items, "the base hierarchy lacks what the family needs"
        return items[draw(st.integers(0, len(items) - 1))]

    def shape_mismatches(self) -> set[tuple[str, str]]:
        """(image-label.shape-matches-image, label) for every label image with a parent
        whose level shapes are not the parent's or 1 (spec 0.4/0.5 layout comment)."""
        found = set()
        for label in self.label_images():
            image = self.parent_image(label)
            assert image is not None
            mine = dict(enumerate(self.datasets(label)))
            theirs = dict(enumerate(self.datasets(image)))
            for k, (_, path) in mine.items():
                if k not in theirs:
                    continue
                other = theirs[k][1]
                if self.array_key(path) not in self.docs or self.array_key(other) not in self.docs:
                    continue
                a, b = self.shape(path), self.shape(other)
                if len(a) != len(b) or any(x not in {y, 1} for x, y in zip(a, b, strict=True)):
                    found.add(("image-label.shape-matches-image", label))
        return found

    def bf2raw_plate_fields(self) -> set[str] | None:
        """For a bioformats2raw plate: the field paths of the wells that still exist."""
        root = self.ome("")
        if root is None or "plate" not in root or "bioformats2raw.layout" not in root:
            return None
        fields = set()
        for well in root["plate"]["wells"]:
            ome = self.ome(well["path"])
            if ome is None or "well" not in ome:
                continue
            for image in ome["well"]["images"]:
                fields.add(_join(well["path"], image["path"]))
        return fields

    def series_also(self) -> None:
        """A bioformats2raw plate whose field set changed no longer matches 'series'."""
        fields = self.bf2raw_plate_fields()
        series = (self.ome("OME") or {}).get("series")
        if fields and isinstance(series, list) and set(series) != fields:
            self.also.add(("bioformats2raw.plate-series", "OME"))


#: A family's body: break the target in place; return (node of the finding, description).
Apply = Callable[[st.DrawFn, Target], tuple[str, str]]
Base = tuple[str, frozenset[str]]


@dataclass(frozen=True)
class HierarchyFamily:
    """How to break one hierarchy rule, starting from hierarchies of the ``bases``
    (root kind, features the base hierarchy must have)."""

    name: str
    rule: str
    bases: tuple[Base, ...]
    apply: Apply
    versions: tuple[str, ...]
    listing: bool = False

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for k, _ in self.bases))

    def bases_for(self, version: str, kind: str | None = None) -> list[Base]:
        if version not in self.versions:
            return []
        return [
            (k, needs)
            for k, needs in self.bases
            if k in hierarchy_kinds(version) and (kind is None or k == kind)
        ]


FAMILIES: list[HierarchyFamily] = []
_ALL = SUPPORTED_VERSIONS
_V3 = tuple(v for v in _ALL if is_wrapped(v))
_V06 = tuple(v for v in _ALL if v.startswith("0.6"))
_EVERY_KIND = (*_BASE_KINDS, "scene")
_CONTAINERS = ("image", "plate", "well", "bioformats2raw", "scene")  # images with labels


def _bases(
    kinds: Sequence[str], needs: Sequence[str] = (), **extra: Sequence[str]
) -> tuple[Base, ...]:
    """(kind, needs) for each kind; ``extra`` adds kind-specific needs (bioformats2raw=...)."""
    out = []
    for kind in kinds:
        out.append((kind, frozenset(needs) | frozenset(extra.get(kind, ()))))
    return tuple(out)


def hierarchy_family(
    rule: str,
    bases: tuple[Base, ...],
    *,
    versions: tuple[str, ...] = _ALL,
    listing: bool = False,
) -> Callable[[Apply], Apply]:
    """Register a family breaking ``rule``, starting from hierarchies of ``bases``."""

    def register(fn: Apply) -> Apply:
        known = get_rule(rule)
        assert known.origin == "hierarchy", rule
        usable = tuple(v for v in versions if known.applies_to(v))
        FAMILIES.append(HierarchyFamily(fn.__name__.strip("_"), rule, bases, fn, usable, listing))
        return fn

    return register


def hierarchy_families(
    version: str | None = None, kind: str | None = None, rule: str | None = None
) -> list[HierarchyFamily]:
    """The families that start from hierarchies of ``version`` and ``kind``, for ``rule``."""
    versions = [version] if version is not None else list(SUPPORTED_VERSIONS)
    return [
        fam
        for fam in FAMILIES
        if (rule is None or fam.rule == rule) and any(fam.bases_for(v, kind) for v in versions)
    ]


def hierarchy_family_rules() -> frozenset[str]:
    """The hierarchy rules some family breaks."""
    return frozenset(f.rule for f in FAMILIES)


@st.composite
def _mutate(
    draw: st.DrawFn, fam: HierarchyFamily, version: str, kind: str, needs: frozenset[str]
) -> HierarchyMutation:
    valid = draw(_hierarchy(version, kind, needs))
    target = Target(valid)
    node, description = fam.apply(draw, target)
    target.also.discard((fam.rule, node))
    return HierarchyMutation(
        hierarchy=GeneratedHierarchy(version, kind, target.docs),
        rule=fam.rule,
        node=node,
        family=fam.name,
        description=description,
        valid=valid,
        also=frozenset(target.also),
        reader_kwargs=dict(target.reader_kwargs),
        listing=fam.listing,
    )


def invalid_hierarchies(
    version: str | None = None, kind: str | None = None, rule: str | None = None
) -> st.SearchStrategy[HierarchyMutation]:
    """Hierarchies broken in one way for one hierarchy rule, each with its finding.

    ``kind`` selects the root kind of the valid hierarchies the breaks start from,
    ``rule`` one family. A mutation with ``listing`` gives its finding only on a store
    that can be listed (local, S3, memory; not plain HTTP).
    """
    versions = [version] if version is not None else list(SUPPORTED_VERSIONS)
    choices = [
        (fam, v, k, needs)
        for v in versions
        for fam in FAMILIES
        if rule is None or fam.rule == rule
        for k, needs in fam.bases_for(v, kind)
    ]
    if not choices:
        raise ValueError(
            f"no hierarchy mutation family for version={version!r} kind={kind!r} rule={rule!r}"
        )
    return st.sampled_from(choices).flatmap(lambda c: _mutate(*c))


# --- the families, one per hierarchy rule (spec digests, section 4)


def _last_level(draw: st.DrawFn, t: Target, image: str, m: int = 0) -> int:
    """A level whose loss leaves level 0 in place (level 0 when it is the only one)."""
    count = len(t.datasets(image, m))
    return draw(st.integers(1, count - 1)) if count > 1 else 0


def _multiscale_index(draw: st.DrawFn, t: Target, image: str) -> int:
    ome = t.ome(image)
    assert ome is not None
    return draw(st.integers(0, len(ome["multiscales"]) - 1))


def _retarget(dataset: dict[str, Any], path: str) -> None:
    """Change a dataset's path (and, in 0.6, the transformation input that repeats it)."""
    dataset["path"] = path
    for transform in dataset["coordinateTransformations"]:
        if isinstance(transform.get("input"), dict):
            transform["input"]["path"] = path


@hierarchy_family("store.no-ome-metadata", _bases(_EVERY_KIND))
def _ome_metadata_stripped(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    for path in t.groups():
        key = t.meta_key(path)
        doc = t.docs.get(key)
        if t.v2 and isinstance(doc, dict):
            t.docs[key] = {k: v for k, v in doc.items() if k not in _KIND_KEYS and k != "omero"}
        elif isinstance(doc, dict):
            doc["attributes"].pop("ome", None)
    return "", "every group's OME-Zarr metadata removed; zarr groups and arrays remain"


_UNSAFE = st.sampled_from(
    ["../escape", "/absolute/0", "http://example.org/0", "a//b", "a/./b", "a\\b", "%2e%2e/x"]
)


@hierarchy_family("store.path-unsafe", _bases(_EVERY_KIND))
def _dataset_path_unsafe(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = _multiscale_index(draw, t, image)
    dataset, _ = t.datasets(image, m)[_last_level(draw, t, image, m)]
    value = draw(_UNSAFE)
    _retarget(dataset, value)
    return image, f"dataset path {value!r} leaves the image or is not a relative path"


@hierarchy_family("store.too-deep", _bases(_EVERY_KIND))
def _dataset_too_deep(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = _multiscale_index(draw, t, image)
    dataset, array = t.datasets(image, m)[_last_level(draw, t, image, m)]
    depth = image.count("/") + 1 if image else 0
    deep = "/".join(["d"] * (Limits().max_depth + 1 - depth))
    t.move(array, _join(image, deep))
    _retarget(dataset, deep)
    return _join(image, deep), f"a level moved {Limits().max_depth + 1} segments below the target"


def _first_request(t: Target) -> str:
    """The first node the walk asks for after the root (the root's metadata order)."""
    ome = t.ome("")
    assert ome is not None
    if "multiscales" in ome:
        return str(ome["multiscales"][0]["datasets"][0]["path"])
    if "plate" in ome:
        path = str(ome["plate"]["wells"][0]["path"])
        return _parent(path) if "/" in path else path
    if "well" in ome:
        return str(ome["well"]["images"][0]["path"])
    if "labels" in ome:
        return str(ome["labels"][0])
    if "scene" in ome:
        first = ome["scene"]["coordinateTransformations"][0]
        return str(first["input"].get("path") or first["output"]["path"])
    series = (t.ome("OME") or {}).get("series")
    return str(series[0]) if series else "0"


@hierarchy_family("store.too-many-nodes", _bases(_EVERY_KIND))
def _node_limit(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.reader_kwargs["limits"] = Limits(max_nodes=1)
    return _first_request(t), "read with Limits(max_nodes=1): only the root is read"


@hierarchy_family(
    "store.partial",
    _bases(("plate", "well", "bioformats2raw"), ("fields2",), bioformats2raw=("plate",)),
)
def _field_limit(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.reader_kwargs["max_fields"] = 1
    return "", "read with max_fields=1: a well has fields that are not read"


@hierarchy_family("store.zarr-metadata", _bases(_EVERY_KIND))
def _array_metadata_broken(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    path = t.pick(draw, t.arrays())
    doc = t.array(path)
    if draw(_COIN):
        del doc["dtype" if t.v2 else "data_type"]
        return path, "the array's data type removed"
    doc["zarr_format"] = 3 if t.v2 else 2
    return path, f"the array document says zarr_format {doc['zarr_format']}"


@hierarchy_family("store.zarr-format", _bases(_EVERY_KIND))
def _array_of_other_format(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    path = t.pick(draw, t.arrays())
    shape, dtype = t.shape(path), t.dtype(path)
    names = None if t.v2 else t.array(path).get("dimension_names")
    del t.docs[t.array_key(path)]
    other = _Tree("0.5" if t.v2 else "0.4")
    other.array(path, shape, dtype, names=names)
    t.docs.update(other.docs)
    if t.version == "0.5" and any(a == path for _, _, _, a in _level_arrays(t)):
        t.also.add(("multiscales.dimension-names", path))  # a zarr v2 array has none
    return path, f"an array written as zarr v{2 if other.v2 else 3}"


def _level_arrays(t: Target) -> list[tuple[str, int, int, str]]:
    """(image, multiscale, level, array path) for every level array."""
    out = []
    for image in t.images():
        ome = t.ome(image)
        assert ome is not None
        for m in range(len(ome["multiscales"])):
            for k, (_, array) in enumerate(t.datasets(image, m)):
                out.append((image, m, k, array))
    return out


@hierarchy_family("store.dimension-separator", _bases(_EVERY_KIND), versions=("0.4",))
def _dot_separator(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _, _, _, path = t.pick(draw, _level_arrays(t))
    doc = t.array(path)
    if draw(_COIN):
        doc["dimension_separator"] = "."
    else:
        del doc["dimension_separator"]  # '.' is the zarr v2 default
    return path, "a level array uses '.' chunk keys"


@hierarchy_family("store.zarray-non-finite", _bases(_EVERY_KIND), versions=("0.4",))
def _bare_non_finite_fill(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    path = t.pick(draw, t.arrays())
    doc = dict(t.array(path))
    doc["fill_value"] = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    t.docs[t.array_key(path)] = json.dumps(doc).encode()  # bytes: bare NaN is not JSON
    return path, f"the .zarray's fill_value is a bare {json.dumps(doc['fill_value'])}"


_VERSION_GROUPS = _bases(
    ("image", "plate", "bioformats2raw", "scene"),
    bioformats2raw=("series",),
    image=("labels",),
    scene=("labels",),
)


@hierarchy_family("version.consistent", _VERSION_GROUPS, versions=_V3)
def _other_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    candidates = [p for p in t.with_key("labels") + t.with_key("well") + t.with_key("series") if p]
    path = t.pick(draw, candidates)
    ome = t.ome(path)
    assert ome is not None
    ome["version"] = draw(st.sampled_from([v for v in _V3 if v != t.version]))
    return path, f"the group says OME-Zarr {ome['version']} in a {t.version} hierarchy"


@hierarchy_family("multiscales.dataset-array-exists", _bases(_EVERY_KIND))
def _level_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = _multiscale_index(draw, t, image)
    _, array = t.datasets(image, m)[_last_level(draw, t, image, m)]
    if draw(_COIN):
        t.drop(array)
        return image, f"level array {array!r} removed"
    t.plain(array)
    return image, f"level array {array!r} replaced by a group"


@hierarchy_family("multiscales.dataset-ndim", _bases(_EVERY_KIND))
def _level_ndim(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image, m, k, array = t.pick(draw, _level_arrays(t))
    shape = t.shape(array)
    shape = shape[1:] if draw(_COIN) else [1, *shape]
    t.array(array)["shape"] = shape
    t.also |= t.shape_mismatches()
    return image, f"level {k} of multiscale {m} has {len(shape)} dimensions"


@hierarchy_family("multiscales.levels-ordered", _bases(_EVERY_KIND, ("levels2",)))
def _level_grows(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = _multiscale_index(draw, t, image)
    levels = t.datasets(image, m)
    k = draw(st.integers(1, len(levels) - 1))
    before = t.shape(levels[k - 1][1])
    shape = t.shape(levels[k][1])
    d = draw(st.integers(0, len(shape) - 1))
    shape[d] = 2 * before[d] + 2
    t.array(levels[k][1])["shape"] = shape
    if inline_scale(levels[0][0]) is not None and inline_scale(levels[k][0]) is not None:
        t.also.add(("multiscales.scale-matches-shape", image))  # far from the scale ratio
    t.also |= t.shape_mismatches()
    return image, f"level {k} grows to {shape[d]} along dimension {d}"


_SAME_DTYPE = {
    "multiscales.levels-same-dtype": _V06,
    "multiscales.levels-same-dtype-recommended": ("0.4", "0.5"),
}


def _dtype_differs(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, t.images())
    m = _multiscale_index(draw, t, image)
    levels = t.datasets(image, m)
    k = draw(st.integers(1, len(levels) - 1))
    array = levels[k][1]
    is_label = "image-label" in (t.ome(image) or {}) or image in t.label_images()
    pool = [d for d in (LABEL_DTYPES if is_label else IMAGE_DTYPES) if d != t.dtype(array)]
    dtype = draw(st.sampled_from(pool))
    t.set_dtype(array, dtype)
    return image, f"level {k} is {dtype}, the others {t.dtype(levels[0][1])}"


for _rule, _versions in _SAME_DTYPE.items():
    hierarchy_family(_rule, _bases(_EVERY_KIND, ("levels2",)), versions=_versions)(_dtype_differs)


@hierarchy_family("multiscales.dimension-names", _bases(_EVERY_KIND), versions=("0.5",))
def _dimension_names_wrong(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _, _, _, array = t.pick(draw, _level_arrays(t))
    doc = t.array(array)
    choice = draw(st.integers(0, 2))
    if choice == 0:
        del doc["dimension_names"]
        return array, "the level array has no dimension_names"
    names = list(doc["dimension_names"])
    doc["dimension_names"] = names[::-1] if choice == 1 else [*names[:-1], f"{names[-1]}_other"]
    return array, f"dimension_names {doc['dimension_names']!r} differ from the axes"


@hierarchy_family(
    "multiscales.scale-matches-shape",
    _bases(("image", "plate", "well", "bioformats2raw", "scene"), ("scale",)),
)
def _scale_off(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, [i for i in t.images() if i not in t.all_labels()])
    levels = t.datasets(image)
    shape = t.shape(levels[1][1])
    d = max(range(len(shape)), key=lambda j: shape[j])
    transforms = levels[1][0]["coordinateTransformations"]
    scale = (
        transforms[0]["transformations"][0]
        if transforms[0]["type"] == "sequence"
        else transforms[0]
    )
    scale["scale"][d] = scale["scale"][d] * 4
    return image, f"level 1's scale along dimension {d} is 4 times what its shape says"


@hierarchy_family(
    "omero.channel-count", _bases(("image", "plate", "well", "bioformats2raw"), ("omero",))
)
def _extra_channel(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, [i for i in t.images() if "omero" in (t.ome(i) or {})])
    ome = t.ome(image)
    assert ome is not None
    channels = ome["omero"]["channels"]
    channels.append(_copy(channels[0]))
    return image, f"'omero' lists {len(channels)} channels"


@hierarchy_family("labels.group-metadata", _bases(_CONTAINERS, ("labels",)))
def _labels_group_plain(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image = t.pick(draw, [i for i in t.images() if t.labels_group(i)])
    group = _join(image, "labels")
    key = t.meta_key(group)
    if t.v2:
        t.docs.pop(key)
    else:
        t.docs[key]["attributes"] = {}
    return group, "the labels group lost its 'labels' metadata"


@hierarchy_family("labels.label-image-exists", _bases((*_CONTAINERS, "labels"), ("labels",)))
def _label_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    group = t.pick(draw, t.with_key("labels"))
    ome = t.ome(group)
    assert ome is not None
    names = ome["labels"]
    if draw(_COIN):
        names.append("missing-label")
        return group, "'labels' lists a label image that does not exist"
    name = t.pick(draw, names)
    label = _join(group, name)
    if draw(_COIN):
        t.drop(label)
    else:
        t.plain(label)
    for image in t.images():  # a 0.6 transformation into that label now misses it too
        for transform in t.meta(image)["multiscales"][0].get("coordinateTransformations", []):
            target = transform.get("output", {}).get("path")
            if isinstance(target, str) and _join(image, target) == label:
                t.also.add(("transforms.io-target-exists", image))
    return group, f"label image {name!r} removed or made a plain group"


@hierarchy_family("labels.level-count", _bases(_CONTAINERS, ("labels", "levels2")))
def _label_level_dropped(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    label = t.pick(draw, t.label_images())
    ome = t.ome(label)
    assert ome is not None
    _, array = t.datasets(label)[-1]
    ome["multiscales"][0]["datasets"].pop()
    t.drop(array)
    return label, "the label image lost its last level"


_INTEGER_RULES = {
    "image-label.integer-dtype": _V3,
    "image-label.integer-dtype-recommended": ("0.4",),
}


def _label_float(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    label = t.pick(draw, t.all_labels())
    dtype = draw(st.sampled_from(["float32", "float64"]))
    arrays = [a for _, a in t.datasets(label)]
    for array in arrays:
        t.set_dtype(array, dtype)
    rule = (
        "image-label.integer-dtype"
        if is_wrapped(t.version)
        else "image-label.integer-dtype-recommended"
    )
    t.also |= {(rule, a) for a in arrays[1:]}
    return arrays[0], f"every level of label image {label!r} is {dtype}"


for _rule, _versions in _INTEGER_RULES.items():
    hierarchy_family(_rule, _bases((*_CONTAINERS, "labels"), ("labels",)), versions=_versions)(
        _label_float
    )


@hierarchy_family("image-label.shape-matches-image", _bases(_CONTAINERS, ("labels",)))
def _label_shape(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    label = t.pick(draw, t.label_images())
    image = t.parent_image(label)
    assert image is not None
    levels = t.datasets(label)
    base = t.shape(levels[0][1])
    other = t.shape(t.datasets(image)[0][1])
    d = draw(st.integers(0, len(base) - 1))
    base[d] = other[d] + 1 if other[d] >= 1 else 2
    for (_, array), shape in zip(levels, level_shapes(base, [ds for ds, _ in levels]), strict=True):
        t.array(array)["shape"] = shape
    return label, f"the label image is {base[d]} along dimension {d}, its image {other[d]}"


@hierarchy_family(
    "labels.intermediate-no-metadata",
    _bases((*_CONTAINERS, "labels"), ("nested-label",)),
    versions=_V3,
)
def _intermediate_metadata(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    middles = sorted(
        {
            _parent(_join(g, n))
            for g in t.with_key("labels")
            for n in t.meta(g)["labels"]
            if "/" in n
        }
    )
    middle = t.pick(draw, middles)
    t.docs[t.meta_key(middle)]["attributes"]["ome"] = {"version": t.version}
    t.also.add(("document.no-ome-metadata", middle))  # an 'ome' of no kind
    return middle, "the group between 'labels' and a label image carries 'ome'"


@hierarchy_family(
    "labels.unlisted-label",
    _bases((*_CONTAINERS, "labels"), ("labels",)),
    versions=_V3,
    listing=True,
)
def _unlisted_label(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    group = t.pick(draw, t.with_key("labels"))
    ome = t.ome(group)
    assert ome is not None
    label = _join(group, t.pick(draw, ome["labels"]))
    copy_path = _join(group, "unlisted-copy")
    prefix = f"{label}/"
    for key in [k for k in t.docs if k.startswith(prefix)]:
        t.docs[f"{copy_path}/{key[len(prefix) :]}"] = _copy(t.docs[key])
    copied = t.ome(copy_path)
    assert copied is not None
    copied["image-label"].pop("source", None)  # the default fits a direct child
    return group, "a label image under 'labels' that the list does not name"


@hierarchy_family("image-label.source-exists", _bases((*_CONTAINERS, "labels"), ("labels",)))
def _label_source(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    label = t.pick(draw, t.all_labels())
    ome = t.ome(label)
    assert ome is not None
    value = draw(st.sampled_from(["../", "nowhere/"]))
    ome["image-label"]["source"] = {"image": value}
    return label, f"'image-label.source.image' is {value!r}, not an image"


_PLATES_BASES = _bases(("plate", "bioformats2raw"), bioformats2raw=("plate",))


def _wells(t: Target) -> list[str]:
    root = t.ome("")
    assert root is not None
    return [w["path"] for w in root["plate"]["wells"]]


@hierarchy_family("plate.row-exists", _PLATES_BASES)
def _row_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    row = _parent(t.pick(draw, _wells(t)))
    t.drop(row)
    t.also.add(("plate.well-exists", ""))
    t.series_also()
    return "", f"row group {row!r} removed"


@hierarchy_family("plate.well-exists", _PLATES_BASES)
def _well_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    well = t.pick(draw, _wells(t))
    if draw(_COIN):
        t.drop(well)
    else:
        t.plain(well)
    t.series_also()
    return "", f"well {well!r} removed or made a plain group"


@hierarchy_family("plate.unlisted-group", _PLATES_BASES, listing=True)
def _unlisted_group(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tree = _Tree(t.version)
    path = "unlistedrow" if draw(_COIN) else _join(_parent(t.pick(draw, _wells(t))), "unlistedcol")
    tree.group(path)
    t.docs.update(tree.docs)
    return path, f"plain group {path!r} in the plate, listed by no well"


_WELL_BASES = _bases(("plate", "well", "bioformats2raw"), bioformats2raw=("plate",))


@hierarchy_family("well.image-exists", _WELL_BASES)
def _field_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    well = t.pick(draw, t.with_key("well"))
    ome = t.ome(well)
    assert ome is not None
    field_path = _join(well, t.pick(draw, ome["well"]["images"])["path"])
    if draw(_COIN):
        t.drop(field_path)
    else:
        t.plain(field_path)
    return well, f"field {field_path!r} removed or made a plain group"


def _fields_of(t: Target) -> list[tuple[str, dict[str, Any]]]:
    return [(w, image) for w in t.with_key("well") for image in t.meta(w)["well"]["images"]]


@hierarchy_family(
    "well.acquisition-exists",
    _bases(("plate", "bioformats2raw"), ("acq1",), bioformats2raw=("plate",)),
)
def _acquisition_unknown(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    root = t.ome("")
    assert root is not None
    ids = [a["id"] for a in root["plate"]["acquisitions"]]
    well, image = t.pick(draw, _fields_of(t))
    image["acquisition"] = max(ids) + 1
    return well, f"a field names acquisition {image['acquisition']}, not one of {ids}"


@hierarchy_family(
    "well.acquisition-required",
    _bases(("plate", "bioformats2raw"), ("acq2",), bioformats2raw=("plate",)),
)
def _acquisition_dropped(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    well, image = t.pick(draw, _fields_of(t))
    del image["acquisition"]
    return well, "a field of a plate with several acquisitions names none"


@hierarchy_family(
    "well.field-count", _bases(("plate", "bioformats2raw"), ("fields2",), bioformats2raw=("plate",))
)
def _field_count_low(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    root = t.ome("")
    assert root is not None
    counts = {w: len(t.meta(w)["well"]["images"]) for w in t.with_key("well")}
    most = max(counts.values())
    root["plate"]["field_count"] = most - 1
    over = sorted(w for w, n in counts.items() if n == most)
    t.also |= {("well.field-count", w) for w in over}
    return over[0], f"field_count {most - 1}, but a well has {most} fields"


_SCENE = _bases(("scene",))


def _scene(t: Target) -> list[dict[str, Any]]:
    root = t.ome("")
    assert root is not None
    transforms: list[dict[str, Any]] = root["scene"]["coordinateTransformations"]
    return transforms


@hierarchy_family("scene.image-exists", _SCENE, versions=_V06)
def _tile_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    tile = t.pick(draw, _scene(t))["input"]["path"]
    if draw(_COIN):
        t.drop(tile)
    else:
        t.plain(tile)
    return "", f"scene image {tile!r} removed or made a plain group"


@hierarchy_family(
    "coordinate-systems.target-exists",
    _SCENE + _bases(_CONTAINERS, ("link",)),
    versions=_V06,
)
def _system_unknown(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if (t.kind == "scene" and draw(_COIN)) or not _links(t):
        transform = t.pick(draw, _scene(t))
        transform["input"]["name"] = "nowhere"
        return "", "a scene transformation names a system its image does not define"
    image, transform = t.pick(draw, _links(t))
    transform["output"]["name"] = "nowhere"
    return image, "a transformation into a label image names a system it does not define"


def _links(t: Target) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for image in t.images():
        ome = t.ome(image)
        assert ome is not None
        for transform in ome["multiscales"][0].get("coordinateTransformations", []):
            if isinstance(transform.get("output"), dict) and "path" in transform["output"]:
                out.append((image, transform))
    return out


@hierarchy_family("transforms.io-target-exists", _bases(_CONTAINERS, ("link",)), versions=_V06)
def _link_target_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    image, transform = t.pick(draw, _links(t))
    value = draw(st.sampled_from(["labels/missing", "labels"]))
    transform["output"]["path"] = value
    return image, f"a transformation's output path {value!r} is not an image"


def _parameter_arrays(t: Target) -> list[str]:
    return [tr["path"] for tr in _scene(t) if "path" in tr]


@hierarchy_family(
    "transforms.parameter-path-exists", _bases(("scene",), ("affine-path",)), versions=_V06
)
def _affine_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    path = t.pick(draw, _parameter_arrays(t))
    if draw(_COIN):
        t.drop(path)
    else:
        t.plain(path)
    return "", f"affine parameters {path!r} removed or made a group"


@hierarchy_family(
    "transforms.parameter-array-shape", _bases(("scene",), ("affine-path",)), versions=_V06
)
def _affine_shape(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    path = t.pick(draw, _parameter_arrays(t))
    rows, columns = t.shape(path)
    shape = [rows + 1, columns] if draw(_COIN) else [rows, columns, 1]
    t.array(path)["shape"] = shape
    return "", f"affine array {path!r} has shape {shape}"


@hierarchy_family(
    "bioformats2raw.top-level",
    _bases(("plate", "bioformats2raw"), ("numbered-fields",), bioformats2raw=("plate",)),
)
def _nested_layout(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    well = t.pick(draw, t.with_key("well"))
    ome = t.ome(well)
    assert ome is not None
    ome["bioformats2raw.layout"] = 3
    t.docs[_join(well, "OME", "METADATA.ome.xml")] = (
        t.docs["OME/METADATA.ome.xml"] if "OME/METADATA.ome.xml" in t.docs else _ome_xml([])
    )
    return well, "a well also says 'bioformats2raw.layout'"


@hierarchy_family("bioformats2raw.images", _bases(("bioformats2raw",), ("numbered",)))
def _numbered_gap(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    names = [p for p in t.images() if p.isdigit()]
    if draw(_COIN):
        t.drop("0")
        return "", "image group '0' removed"
    name = t.pick(draw, names)
    t.plain(name)
    return name, f"numbered group {name!r} has no 'multiscales'"


@hierarchy_family("bioformats2raw.plate-series", _bases(("bioformats2raw",), ("plate",)))
def _series_differs(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if draw(_COIN):
        t.plain("OME")
        t.docs["OME/METADATA.ome.xml"] = _ome_xml([])
        return "", "the OME group has no 'series'"
    ome = t.ome("OME")
    assert ome is not None
    series = ome["series"]
    if draw(_COIN):
        series.pop(draw(st.integers(0, len(series) - 1)))
    else:
        series.append("A/1/not-a-field")
    return "OME", "'series' and the plate's fields differ"


@hierarchy_family("series.image-exists", _bases(("bioformats2raw",), ("series",)))
def _series_image_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    ome = t.ome("OME")
    assert ome is not None
    if draw(_COIN):
        ome["series"].append("missing-image")
        return "OME", "'series' names an image that does not exist"
    name = t.pick(draw, ome["series"])
    t.plain(name)
    return "OME", f"series image {name!r} made a plain group"


@hierarchy_family("bioformats2raw.ome-xml", _bases(("bioformats2raw",)))
def _xml_missing(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    del t.docs["OME/METADATA.ome.xml"]
    return "", "OME/METADATA.ome.xml removed"
