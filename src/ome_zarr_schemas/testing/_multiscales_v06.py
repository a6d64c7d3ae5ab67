"""0.6 image blocks: 'multiscales' with coordinate systems, and label images.

A 0.6 multiscale image names its systems. Each dataset has exactly one transformation
(scale, identity, or a sequence of scale then translation) from its array, ``input:
{path}``, to the intrinsic system, ``output: {name}`` (spec-0.6 §2.5). Transformations
at the multiscale level have the intrinsic system on one side and, on the other, another
system of the same image or a system of a child label image (``{name, path}``, only the
types the spec allows there). Every system is linked to the intrinsic one, which is what
connectivity asks for, and a link between two non-intrinsic systems is never drawn
because the spec wants the intrinsic system on one side.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ..spec.versions import get
from . import _labels, _multiscales, _systems, _transforms, _values

Json = dict[str, Any]

_D8 = st.integers(0, 7)
_FLAGS = st.integers(0, 63)
_LEVELS = st.sampled_from([1, 1, 2, 2, 3, 3, 4, 6])
_COUNT = st.sampled_from([1, 1, 1, 1, 1, 1, 2, 3])
_OTHERS = st.sampled_from([0, 0, 0, 1, 1, 1, 2, 3])
_EXTRA_LINKS = st.sampled_from([0, 0, 0, 0, 1, 2])
_LABEL_LINKS = st.sampled_from([0, 0, 0, 1, 2])
_DATASET_STYLE = st.sampled_from(["scale", "scale", "sequence", "identity-first"])
_INTRINSIC = st.sampled_from(_systems.SEQUENCES)
_FACTOR = st.sampled_from([1, 2, 2, 3, 4, 1.5])
_DOWNSCALING = st.sampled_from(["gaussian", "mean", "nearest", "local_mean"])
_LABEL_PATH = st.one_of(
    st.sampled_from(["labels/cells", "labels/nuclei", "labels/0", "labels/original/0"]),
    _values.relative_path().map(lambda p: f"labels/{p}"),
    _values.relative_path(),
)


def ref(name: str, null_path: bool = False) -> Json:
    """A reference to a system of this group: ``path`` absent, or null (the same)."""
    return {"name": name, "path": None} if null_path else {"name": name}


def _level_transform(
    draw: st.DrawFn,
    style: str,
    level: int,
    scale: list[int | float],
    first: list[int | float],
    binning: bool,
) -> Json:
    if style == "identity-first" and level == 0:
        return {"type": "identity"}
    if style != "sequence":
        return {"type": "scale", "scale": list(scale)}
    if binning:  # the level's pixel centres sit half a pixel further in
        offset = [(s - f) / 2 for s, f in zip(scale, first, strict=True)]
    else:
        offset = _transforms.numbers(draw, len(scale))
    return {
        "type": "sequence",
        "transformations": [
            {"type": "scale", "scale": list(scale)},
            {"type": "translation", "translation": offset},
        ],
    }


def datasets(draw: st.DrawFn, ndim: int, intrinsic: str) -> list[Json]:
    """Resolution levels, highest first: distinct paths, scales that never shrink."""
    levels = draw(_LEVELS)
    paths = _multiscales.level_paths(draw, levels)
    style = draw(_DATASET_STYLE)
    scale: list[int | float]
    if style == "identity-first":  # level 0 is the unit scale; the others grow from it
        scale = [1] * ndim
    elif draw(_values.COIN):  # one pixel size for every axis
        scale = [draw(_values.POSITIVE)] * ndim
    else:
        scale = [draw(_values.POSITIVE) for _ in range(ndim)]
    first = list(scale)
    out = []
    for level, path in enumerate(paths):
        flags = draw(_FLAGS)  # one draw for the level's choices: draws are what costs
        transform = _level_transform(draw, style, level, scale, first, bool(flags & 1))
        transform["input"] = {"path": path}
        transform["output"] = {"name": intrinsic}
        if flags & 14 == 14:
            transform["name"] = draw(_values.TEXT)
        out.append({"path": path, "coordinateTransformations": [transform]})
        # most pyramids downsample every axis alike; some downsample each axis its own way
        if flags & 48 == 48:
            factors = [draw(_FACTOR) for _ in range(ndim)]
        else:
            factors = [draw(_FACTOR)] * ndim
        scale = _multiscales._grow(scale, factors)
    return out


def _link(draw: st.DrawFn, version: str, source: Json, n: int, target: Json, m: int) -> Json:
    transform = _transforms.transformation(draw, version, n, m, io=(source, target))
    transform["input"] = source
    transform["output"] = target
    return transform


def name_some(draw: st.DrawFn, transforms: list[Json]) -> None:
    """Names are optional; when given they differ (0.6.dev4 says they MUST)."""
    named = [t for t in transforms if draw(_values.D4) == 3]
    for transform, name in zip(
        named, _values.distinct(draw, _values.TEXT, len(named)), strict=True
    ):
        transform["name"] = name


def multiscale_transforms(
    draw: st.DrawFn, version: str, intrinsic: Json, others: list[Json]
) -> list[Json]:
    """Links from the intrinsic system to every other one, plus extra ones and label links
    (in either direction where the draft allows it: 0.6.dev4 reads from the intrinsic one)."""
    n = len(intrinsic["axes"])
    forward_only = get(version).intrinsic_is_input
    out = []
    extra = draw(_EXTRA_LINKS) if others else 0
    targets = others + [others[draw(st.integers(0, len(others) - 1))] for _ in range(extra)]
    for other in targets:
        m = len(other["axes"])
        flags = draw(_FLAGS)  # direction, and a null 'path' on either side now and then
        here = ref(intrinsic["name"], flags & 6 == 6)
        there = ref(other["name"], flags & 24 == 24)
        if flags & 1 or forward_only:
            out.append(_link(draw, version, here, n, there, m))
        else:
            out.append(_link(draw, version, there, m, here, n))
    for _ in range(draw(_LABEL_LINKS)):
        flags = draw(_FLAGS)
        label = {"name": draw(_systems.SYSTEM_NAME), "path": draw(_LABEL_PATH)}
        transform = _transforms.label_link(draw, n)
        here = ref(intrinsic["name"], flags & 6 == 6)
        forward = flags & 1 or forward_only
        transform["input"], transform["output"] = (here, label) if forward else (label, here)
        out.append(transform)
    order = draw(st.permutations(range(len(out))))
    out = [out[i] for i in order]
    name_some(draw, out)
    return out


def multiscale(draw: st.DrawFn, version: str) -> Json:
    """One multiscale image, with the optional and recommended fields sometimes present."""
    names = _systems.system_names(draw, 1 + draw(_OTHERS))
    intrinsic = _systems.system(draw, names[0], draw(_INTRINSIC))
    ndim = len(intrinsic["axes"])
    others = [
        _systems.system(
            draw, name, _systems.sequence_of_length(draw, ndim) if draw(_values.D4) > 0 else None
        )
        for name in names[1:]
    ]
    systems = [intrinsic, *others]
    order = draw(st.permutations(range(len(systems))))
    item: Json = {
        "coordinateSystems": [systems[i] for i in order],
        "datasets": datasets(draw, ndim, intrinsic["name"]),
    }
    transforms = multiscale_transforms(draw, version, intrinsic, others)
    if transforms:
        item["coordinateTransformations"] = transforms
    flags = draw(_FLAGS)
    if flags & 3:
        item["name"] = draw(_values.TEXT)
    if flags & 4:
        item["type"] = draw(_DOWNSCALING)
    if flags & 8:
        item["metadata"] = draw(_multiscales._METADATA)
    if flags & 48 == 48:
        item["@type"] = "ngff:Image"  # extra keys are allowed and kept
    return item


@st.composite
def image_blocks(draw: st.DrawFn, version: str) -> Json:
    """The OME-level keys of a 0.6 image group."""
    blocks: Json = {"multiscales": [multiscale(draw, version) for _ in range(draw(_COUNT))]}
    if draw(_values.COIN):
        blocks["omero"] = _multiscales.omero(draw)
    return blocks


@st.composite
def label_image_blocks(draw: st.DrawFn, version: str) -> Json:
    """A 0.6 label image: 'image-label' beside its 'multiscales'.

    0.6 dropped the per-block 'version'; a stray one is still allowed, so it stays now
    and then.
    """
    blocks = draw(image_blocks(version))
    label = draw(_labels.image_label(version))
    if draw(_values.D4) > 0:
        label.pop("version", None)
    blocks["image-label"] = label
    return blocks
