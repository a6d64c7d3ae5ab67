"""The links a group's metadata makes to other nodes of the hierarchy, as data.

One list for the walk (which nodes to read), the cross-group checks (which nodes must
exist and be of which kind), the group classes and ``info``: a dataset path names a
level array, a labels group lists label images, a label image names its source image,
a plate lists wells, a well lists fields, a bioformats2raw group has its 'OME' group
whose 'series' name images beside it, and 0.6 transformations name the groups they map
between (scene images) and where their parameters are stored.

Only what the metadata says: what a reader finds by listing a folder (unlisted label
images, plate rows, numbered series) or probes (an image's 'labels' child) is the
walk's business. Tolerant of schema-invalid input: a value that is not a string is
skipped (the schema reports it); an unsafe string is kept, for whoever resolves it to
report (`store.path-unsafe`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .transformations import PARAMETER_TYPES, lists, walk
from .versions import VERSIONS, Version, get

__all__ = ["Link", "LinkKind", "links", "of_version"]

#: What a link points at.
LinkKind = Literal[
    "level",  # image -> a multiscale level array (datasets[].path)
    "label",  # labels group -> a label image group (labels[])
    "label-source",  # label image -> its source image (image-label.source.image)
    "well",  # plate -> a well group (plate.wells[].path)
    "field",  # well -> a field image group (well.images[].path)
    "ome-group",  # bioformats2raw group -> its 'OME' group
    "series",  # 'OME' group -> a series image group (series[], beside the 'OME' group)
    "transform-group",  # 0.6 transformation input/output -> a group (scene images)
    "parameters",  # 0.6 transformation -> its stored parameters (array or field group)
]


@dataclass(frozen=True, slots=True)
class Link:
    """One node a group's metadata points at."""

    kind: LinkKind
    path: str  # as written (or implied), relative to the group (to its parent: `from_parent`)
    tokens: tuple[str | int, ...]  # pointer tokens of the value in the attributes document
    expect: Literal["array", "group", "any"]  # what the node must be
    from_parent: bool = False  # resolved against the group's parent ('series' of bioformats2raw)
    allow_up: bool = False  # may name an ancestor ('..' allowed: a label image's source)
    written: bool = True  # False: implied by the spec (default source, the 'OME' group)

    @property
    def pointer(self) -> str:
        """The RFC 6901 pointer of the path value (of the key implying it, when not written)."""
        return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in self.tokens)


def links(
    ome: Mapping[str, Any], version: Version | str | None, base: tuple[str, ...] = ()
) -> list[Link]:
    """Every link the OME-level mapping ``ome`` (see `metadata.ome_block`) makes, in
    document order, kind by kind; ``base`` (the mapping's pointer tokens) prefixes the
    tokens of each link.

    Only what ``version`` defines is read (no scene before 0.6, no transformation paths
    before coordinate systems). ``None`` reads everything any version defines: the store
    walk, which follows links before any version is detected, passes None.
    """
    v = get(version) if version is not None else VERSIONS[-1]
    if type(ome) is dict:  # a decoded document: what it lacks makes no link
        return _plain(ome, v, base)
    return _every(ome, v, base)


def _every(ome: Mapping[str, Any], v: Version, base: tuple[str, ...]) -> list[Link]:
    """`links` by every reader of links, each looking for its own keys."""
    found: list[Link] = []
    found += _levels(ome, base)
    found += _labels(ome, base)
    found += _label_source(ome, base)
    found += _wells(ome, base)
    found += _fields(ome, base)
    found += _bioformats2raw(ome, base)
    found += _series(ome, base)
    if v.coordinate_systems:
        found += _transformations(ome, base)
    return found


def _plain(ome: dict[str, Any], v: Version, base: tuple[str, ...]) -> list[Link]:
    """`_every` of a dict, asking only the readers whose keys it has: each reader finds
    nothing without its key (``get`` gives None, which holds no link), and a plate's
    10,000 groups each have one or two of the eight (issue 15: an image's links cost 7.5
    us, a labels group's 3.8, most of it readers finding nothing). A usual multiscale
    list (dicts in a list) has its levels read in one loop (`_plain_levels`), and its
    transformations only when it or the group has any (`_transformations` reads the
    'scene' and each multiscale's own 'coordinateTransformations', none of which a 0.4
    or 0.5 image has). ``tests/test_links_made.py`` compares it with `_every`."""
    found: list[Link] = []
    multiscales = ome.get("multiscales")
    if multiscales is not None:
        plain = _plain_levels(multiscales, base) if type(multiscales) is list else None
        found += _levels(ome, base) if plain is None else plain
    if "labels" in ome:
        found += _labels(ome, base)
    if "image-label" in ome:
        found += _label_source(ome, base)
    if "plate" in ome:
        found += _wells(ome, base)
    if "well" in ome:
        found += _fields(ome, base)
    if "bioformats2raw.layout" in ome:
        found += _bioformats2raw(ome, base)
    if "series" in ome:
        found += _series(ome, base)
    if v.coordinate_systems and ("scene" in ome or not _untransformed(multiscales)):
        found += _transformations(ome, base)
    return found


def _untransformed(multiscales: object) -> bool:
    """Whether no multiscale of ``multiscales`` has a transformation list of its own
    (`spec.transformations.lists` then finds none): True for a value that is no list
    (none are read), False when in doubt (an item that is not a dict)."""
    if not isinstance(multiscales, list):
        return True
    if type(multiscales) is not list:
        return False
    for multiscale in multiscales:
        if type(multiscale) is not dict or "coordinateTransformations" in multiscale:
            return False
    return True


#: Level links made before, by (path, multiscale index, dataset index, base): what
#: `_link` makes for them, looked up with a smaller key (bounded as `_MADE`).
_LEVEL_LINKS: dict[tuple[str, int, int, tuple[str, ...]], Link] = {}


def _plain_levels(multiscales: list[Any], base: tuple[str, ...]) -> list[Link] | None:
    """`_levels` of a list of dicts whose datasets are lists of dicts, in one loop; None
    for anything else (`_levels` reads it)."""
    found: list[Link] = []
    made = _LEVEL_LINKS
    for i, multiscale in enumerate(multiscales):
        if type(multiscale) is not dict:
            return None
        datasets = multiscale.get("datasets")
        if type(datasets) is not list:
            if datasets is None:
                continue
            return None
        for j, dataset in enumerate(datasets):
            if type(dataset) is not dict:
                return None
            path = dataset.get("path")
            if type(path) is not str:
                if isinstance(path, str):
                    return None  # a subclass: `_link` builds its own
                continue
            key = (path, i, j, base)
            link = made.get(key)
            if link is None:
                if len(made) >= _MOST:
                    made.clear()
                tail = ("multiscales", i, "datasets", j, "path")
                link = made[key] = _link("level", path, base, tail, "array")
            found.append(link)
    return found


#: The kinds only versions with coordinate systems define (`_transformations`, read last).
_TRANSFORMATION_KINDS = frozenset({"transform-group", "parameters"})


def of_version(every: list[Link], version: Version | str | None) -> list[Link]:
    """``links(ome, version, base)`` from ``every`` = ``links(ome, None, base)``, without
    reading the mapping again: the walk works out every link of each group it expands
    before any version is known, and the checks then want those of the group's version
    (a plate's thousands of groups would otherwise be read twice)."""
    if version is None or get(version).coordinate_systems:
        return every
    return [link for link in every if link.kind not in _TRANSFORMATION_KINDS]


def _objects(value: object) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                yield i, item


def _block(ome: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = ome.get(key)
    return value if isinstance(value, Mapping) else {}


#: Links already made, by every field (the pointer tokens as the group's base and the
#: rest): a plate's thousands of images name the same few dataset paths at the same
#: places ('0' at multiscales/0/datasets/0/path, ...), its wells the same field paths,
#: its labels groups the same label image; a link is a frozen value, so one object
#: serves them all (building one cost a microsecond: a 1536-well plate's walk made
#: 41,000, issue 15). Bounded: emptied when full.
_MADE: dict[tuple[Any, ...], Link] = {}
_MOST = 4096


def _link(
    kind: LinkKind,
    path: str,
    base: tuple[str, ...],
    tail: tuple[str | int, ...],
    expect: Literal["array", "group", "any"],
    *,
    from_parent: bool = False,
    allow_up: bool = False,
    written: bool = True,
) -> Link:
    """``Link(kind, path, (*base, *tail), expect, ...)``, the object made before for the
    same fields when there is one. Only a path that is exactly a ``str`` is looked up
    (a subclass keeps its own object in the link it names)."""
    if type(path) is not str:
        return Link(kind, path, (*base, *tail), expect, from_parent, allow_up, written)
    key = (kind, path, base, tail, expect, from_parent, allow_up, written)
    link = _MADE.get(key)
    if link is None:
        if len(_MADE) >= _MOST:
            _MADE.clear()
        link = _MADE[key] = Link(kind, path, (*base, *tail), expect, from_parent, allow_up, written)
    return link


def _levels(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    for i, multiscale in _objects(ome.get("multiscales")):
        for j, dataset in _objects(multiscale.get("datasets")):
            path = dataset.get("path")
            if isinstance(path, str):
                yield _link("level", path, base, ("multiscales", i, "datasets", j, "path"), "array")


def _labels(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    values = ome.get("labels")
    for i, path in enumerate(values if isinstance(values, list) else ()):
        if isinstance(path, str):
            yield _link("label", path, base, ("labels", i), "group")


def _label_source(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    if "image-label" not in ome:
        return
    source = _block(ome, "image-label").get("source")
    if isinstance(source, Mapping) and "image" in source:
        path = source["image"]
        if isinstance(path, str):
            tail = ("image-label", "source", "image")
            yield _link("label-source", path, base, tail, "group", allow_up=True)
        return
    # the spec's default: the image two levels up (labels/<name> below it)
    yield _link(
        "label-source", "../../", base, ("image-label",), "group", allow_up=True, written=False
    )


def _wells(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    for i, well in _objects(_block(ome, "plate").get("wells")):
        path = well.get("path")
        if isinstance(path, str):
            yield Link("well", path, (*base, "plate", "wells", i, "path"), "group")


def _fields(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    for i, image in _objects(_block(ome, "well").get("images")):
        path = image.get("path")
        if isinstance(path, str):
            yield _link("field", path, base, ("well", "images", i, "path"), "group")


def _bioformats2raw(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    if "bioformats2raw.layout" in ome:
        yield Link("ome-group", "OME", (*base, "bioformats2raw.layout"), "group", written=False)


def _series(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    values = ome.get("series")
    for i, path in enumerate(values if isinstance(values, list) else ()):
        if isinstance(path, str):
            yield Link("series", path, (*base, "series", i), "group", from_parent=True)


def _transformations(ome: Mapping[str, Any], base: tuple[str, ...]) -> Iterator[Link]:
    """Scene and multiscale transformation lists: the groups their top-level entries map
    between, and the stored parameters of every transformation, nested ones included."""
    for _, tokens, transforms in lists(ome):
        for i, transform in _objects(transforms):
            for key in ("input", "output"):
                io = transform.get(key)
                if isinstance(io, Mapping) and isinstance(io.get("path"), str):
                    where = (*base, *tokens, i, key, "path")
                    yield Link("transform-group", io["path"], where, "group")
        for at, transform in walk(transforms, *base, *tokens):
            path = transform.get("path")
            if transform.get("type") in PARAMETER_TYPES and isinstance(path, str):
                yield Link("parameters", path, (*at, "path"), "any")
