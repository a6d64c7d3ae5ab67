"""One implementation of the group classes for every version; `v04`, `v05`, `v06` subclass it.

Objects keep their metadata as the JSON document (what is written and compared) and
offer the typed view (`attributes`, the generated dataclasses) on demand, so a document
round-trips exactly, unknown keys included. `from_zarr` reads and validates the whole
hierarchy once (`read_store` + `check_hierarchy`, the engine of `validate_store`); the
children (labels, wells, images) are then built from that read without further
validation. Objects built with `new`/`from_json` keep their children in memory.

A version module's classes find their siblings (a v05 Image's labels are v05 Labels)
through the module they are defined in.
"""

from __future__ import annotations

import json
import posixpath
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

from ._detect import detect
from .errors import (
    GroupError,
    GroupNotFoundError,
    ImageGroupNotFoundError,
    LabelGroupNotFoundError,
    VersionMismatchError,
    WellGroupNotFoundError,
    WrongGroupKindError,
)
from .hierarchy import check_hierarchy, read_store
from .issues import InvalidMetadataError, Report
from .models import from_json, models_module
from .store.nodes import Hierarchy
from .validate import validate_attributes

OME_XML = "OME/METADATA.ome.xml"


def _join(*parts: str) -> str:
    return "/".join(p.strip("/") for p in parts if p and p.strip("/"))


@dataclass(frozen=True)
class ArraySpec:
    """What an array is without its data: enough to create it empty."""

    shape: tuple[int, ...]
    dtype: str
    chunks: tuple[int, ...] | None = None
    dimension_names: tuple[str | None, ...] | None = None

    @classmethod
    def coerce(cls, value: ArraySpec | Mapping[str, Any]) -> ArraySpec:
        if isinstance(value, ArraySpec):
            return value
        chunks = value.get("chunks")
        names = value.get("dimension_names")
        return cls(
            tuple(int(n) for n in value["shape"]),
            str(value["dtype"]),
            tuple(int(c) for c in chunks) if chunks is not None else None,
            tuple(names) if names is not None else None,
        )


@dataclass(frozen=True)
class FieldImage:
    """One image of a well: its path, acquisition id and group (None when absent)."""

    path: str
    acquisition: int | None
    image: BaseImage | None


@dataclass
class _Tree:
    """One validated read: the target, what was read and what the checks found."""

    target: object
    hierarchy: Hierarchy
    report: Report
    _group: Any = None

    def group(self) -> Any:
        """The target as an open zarr group (for array details and extra files)."""
        if self._group is None:
            import zarr

            if isinstance(self.target, zarr.Group):
                self._group = self.target
            else:
                target = str(self.target) if isinstance(self.target, Path) else self.target
                self._group = zarr.open_group(target, mode="r")
        return self._group


def _open_for_write(target: object, path: str, zarr_format: int) -> Any:
    import zarr

    if isinstance(target, zarr.Group):
        if target.metadata.zarr_format != zarr_format:
            raise ValueError(
                f"this metadata needs zarr format {zarr_format}, the group is"
                f" format {target.metadata.zarr_format}"
            )
        return target.require_group(path) if path else target
    store = str(target) if isinstance(target, Path) else target
    return zarr.open_group(store, path=path, mode="a", zarr_format=zarr_format)  # type: ignore[arg-type]


class _Group:
    """What every OME-Zarr group object has: version, document, place, report."""

    kind: ClassVar[str]
    versions: ClassVar[tuple[str, ...]]

    def __init__(
        self,
        attrs: Mapping[str, Any],
        version: str,
        *,
        tree: _Tree | None = None,
        path: str = "",
        report: Report | None = None,
        children: Mapping[str, _Group] | None = None,
        arrays: Mapping[str, ArraySpec] | None = None,
    ) -> None:
        self._attrs: dict[str, Any] = json.loads(json.dumps(attrs))
        self.version = version
        self._tree = tree
        self._path = path
        self.report = report if report is not None else (tree.report if tree else Report())
        self._children = dict(children or {})
        self._arrays = dict(arrays or {})

    # --- construction ------------------------------------------------------------
    @classmethod
    def _sibling(cls, name: str) -> Any:
        return getattr(sys.modules[cls.__module__], name)

    @classmethod
    def from_zarr(cls, group: object, *, strict: bool = False) -> Self:
        """Read and validate the group at ``group`` (path, URL, zarr group or store) and
        everything under it; `InvalidMetadataError` (with the report) on any error."""
        hierarchy = read_store(group)
        report = check_hierarchy(hierarchy, strict=strict)
        if not report.valid:
            raise InvalidMetadataError(report)
        tree = _Tree(group, hierarchy, report)
        return cls._from_tree(tree, "")

    @classmethod
    def _from_tree(cls, tree: _Tree, path: str) -> Self:
        node = tree.hierarchy.nodes.get(path)
        if node is None or not node.is_group or not isinstance(node.attributes, Mapping):
            raise GroupNotFoundError(f"no group with OME-Zarr metadata at /{path}")
        attrs = node.attributes
        found = detect(attrs, "0.4" if node.zarr_format == 2 else None)
        cls._check(found.version, found.kinds, path)
        assert found.version is not None
        return cls(attrs, found.version, tree=tree, path=path)

    @classmethod
    def _check(cls, version: str | None, kinds: Sequence[str], path: str) -> None:
        if cls.kind not in kinds:
            held = ", ".join(kinds) or "no OME-Zarr kind"
            raise WrongGroupKindError(
                f"{cls.__name__} needs a {cls.kind} group; /{path} holds {held}"
            )
        if version not in cls.versions:
            raise VersionMismatchError(
                f"{cls.__module__}.{cls.__name__} reads OME-Zarr {', '.join(cls.versions)};"
                f" /{path} is {version}"
            )

    @classmethod
    def from_json(
        cls,
        attrs: Mapping[str, Any],
        *,
        children: Mapping[str, _Group] | None = None,
        arrays: Mapping[str, ArraySpec | Mapping[str, Any]] | None = None,
        strict: bool = False,
    ) -> Self:
        """An object not yet in a store, from its group attributes (validated here)."""
        version = cls.versions[0] if len(cls.versions) == 1 else None
        report = validate_attributes(attrs, version=version, strict=strict)
        if not report.valid:
            raise InvalidMetadataError(report)
        found = detect(attrs, version)
        cls._check(found.version, found.kinds, "")
        assert found.version is not None
        specs = {p: ArraySpec.coerce(a) for p, a in (arrays or {}).items()}
        return cls(attrs, found.version, report=report, children=children, arrays=specs)

    # --- views -------------------------------------------------------------------
    @property
    def path(self) -> str:
        """The group's path in its store ("" for the root or for an unwritten object)."""
        if self._tree is None:
            return self._path
        base = getattr(self._tree.target, "path", "") or ""
        return _join(str(base), self._path)

    @property
    def store(self) -> Any:
        """The zarr store the object was read from (None when built in memory)."""
        return self._tree.group().store if self._tree else None

    @property
    def zarr_format(self) -> int:
        return 2 if self.version == "0.4" else 3

    @property
    def ome(self) -> dict[str, Any]:
        """The OME-level mapping (the attributes in 0.4, their ``ome`` member after)."""
        ome: dict[str, Any] = self._attrs if self.version == "0.4" else self._attrs["ome"]
        return ome

    @property
    def attributes(self) -> Any:
        """The group attributes as the generated dataclass of this version and kind."""
        module = models_module(self.version)
        name = (
            "".join(p.capitalize() for p in self.kind.split("-")).replace(
                "Bioformats2raw", "BioFormats2Raw"
            )
            + "GroupAttributes"
        )
        return from_json(getattr(module, name), self._attrs, module)

    def to_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(self._attrs))  # type: ignore[no-any-return]

    # --- children ------------------------------------------------------------------
    def _child(self, cls: type[_G], rel: str) -> _G | None:
        if self._tree is None:
            child = self._children.get(rel)
            return child if isinstance(child, cls) else None
        full = _join(self._path, rel)
        node = self._tree.hierarchy.nodes.get(full)
        if node is None or not node.is_group or node.attributes is None:
            return None
        try:
            return cls._from_tree(self._tree, full)
        except (GroupNotFoundError, WrongGroupKindError):
            return None

    def children(self) -> dict[str, _Group]:
        """The OME-Zarr groups under this one that its metadata names and that exist."""
        return {}

    def _extra_groups(self) -> dict[str, dict[str, Any] | None]:
        """Plain groups to write besides the children ({path: attributes or None})."""
        return {}

    # --- writing -------------------------------------------------------------------
    def to_zarr(self, store_or_group: object, path: str = "") -> Any:
        """Write this group, its arrays (empty) and its children; return the zarr group."""
        group = _open_for_write(store_or_group, path, self.zarr_format)
        group.attrs.put(self.to_json())
        for rel, attrs in self._extra_groups().items():
            sub = group.require_group(rel)
            if attrs:
                sub.attrs.put(attrs)
        for rel, spec in self.arrays.items():
            _create_array(group, rel, spec, self.zarr_format)
        self._copy_files(group)
        for rel, child in self.children().items():
            child.to_zarr(group, rel)
        return group

    @property
    def arrays(self) -> dict[str, ArraySpec]:
        """The arrays this group writes itself (image levels, stored parameters)."""
        return dict(self._arrays)

    def _copy_files(self, group: Any) -> None:
        return None

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Group)
        return (
            self.version == other.version
            and self._attrs == other._attrs
            and _same_arrays(self.arrays, other.arrays)
            and self._extra_groups() == other._extra_groups()
            and self.children() == other.children()
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        where = f" at /{self.path}" if self._tree else ""
        return f"<{type(self).__module__}.{type(self).__name__} {self.version}{where}>"


_G = Any  # the group subclass a child look-up expects (kept loose for mypy)


def _same_arrays(a: Mapping[str, ArraySpec], b: Mapping[str, ArraySpec]) -> bool:
    """Equal specs, where unset chunks (zarr chose them on writing) match any chunks."""
    if a.keys() != b.keys():
        return False
    for key, x in a.items():
        y = b[key]
        if (x.shape, x.dtype, x.dimension_names) != (y.shape, y.dtype, y.dimension_names):
            return False
        if x.chunks is not None and y.chunks is not None and x.chunks != y.chunks:
            return False
    return True


def _create_array(group: Any, rel: str, spec: ArraySpec, zarr_format: int) -> None:
    parent, _, name = rel.rpartition("/")
    holder = group.require_group(parent) if parent else group
    kwargs: dict[str, Any] = {
        "shape": spec.shape,
        "dtype": spec.dtype,
        "chunks": spec.chunks if spec.chunks is not None else "auto",
        "fill_value": 0,
        "overwrite": True,
    }
    if zarr_format == 2:
        kwargs["chunk_key_encoding"] = {"name": "v2", "separator": "/"}
    elif spec.dimension_names is not None:
        kwargs["dimension_names"] = spec.dimension_names
    holder.create_array(name, **kwargs)


def _array_spec(tree: _Tree, full: str) -> ArraySpec | None:
    node = tree.hierarchy.nodes.get(full)
    if node is None or node.array is None or node.array.shape is None:
        return None
    chunks: tuple[int, ...] | None = None
    names = node.array.dimension_names
    try:
        arr = tree.group()[full] if full else None
        if arr is not None:
            chunks = tuple(int(c) for c in arr.chunks)
    except Exception:
        chunks = None
    return ArraySpec(
        node.array.shape,
        node.array.dtype or "float64",
        chunks,
        tuple(n if isinstance(n, str) else None for n in names) if names is not None else None,
    )


def _read_bytes(tree: _Tree, key: str) -> bytes | None:
    from zarr.core.buffer import default_buffer_prototype
    from zarr.core.sync import sync

    group = tree.group()
    buf = sync(group.store.get(key, prototype=default_buffer_prototype()))
    return None if buf is None else bytes(buf.to_bytes())


def _write_bytes(group: Any, key: str, data: bytes) -> None:
    from zarr.core.buffer import default_buffer_prototype
    from zarr.core.sync import sync

    buffer = default_buffer_prototype().buffer.from_bytes(data)
    sync(group.store.set(_join(group.path, key), buffer))


class BaseImage(_Group):
    """A multiscale image: levels (arrays), their transforms, optional labels."""

    kind = "image"

    @property
    def multiscales(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.ome["multiscales"]
        return entries

    @property
    def datasets(self) -> tuple[tuple[Any, ...], ...]:
        """Per multiscales entry, its datasets (typed); decision: nested in every version,
        as the spec allows several multiscales entries in one group (0.4/0.5 §multiscales)."""
        typed = self.attributes
        ome = typed if self.version == "0.4" else typed.ome
        return tuple(tuple(m.datasets) for m in ome.multiscales)

    @property
    def level_paths(self) -> tuple[str, ...]:
        return tuple(d["path"] for m in self.multiscales for d in m["datasets"])

    @property
    def arrays(self) -> dict[str, ArraySpec]:
        if self._tree is None:
            return dict(self._arrays)
        out: dict[str, ArraySpec] = {}
        for rel in self.level_paths:
            spec = _array_spec(self._tree, _join(self._path, rel))
            if spec is not None:
                out[rel] = spec
        return out

    @property
    def labels(self) -> BaseLabels | None:
        """The image's labels group, or None when it has none."""
        found = self._child(self._sibling("Labels"), "labels")
        return found if isinstance(found, BaseLabels) else None

    def children(self) -> dict[str, _Group]:
        labels = self.labels
        return {"labels": labels} if labels is not None else {}

    @classmethod
    def new(
        cls,
        *,
        array_specs: Sequence[ArraySpec | Mapping[str, Any]],
        paths: Sequence[str],
        axes: Sequence[Mapping[str, Any] | str],
        scales: Sequence[Sequence[float]],
        translations: Sequence[Sequence[float] | None] | None = None,
        name: str | None = None,
        multiscale_type: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        coordinate_system: str = "physical",
        extra_transforms: Sequence[Mapping[str, Any]] = (),
        extra_systems: Sequence[Mapping[str, Any]] = (),
        omero: Mapping[str, Any] | None = None,
        labels: BaseLabels | None = None,
        image_label: Mapping[str, Any] | None = None,
        version: str | None = None,
    ) -> Self:
        """A new image from one array spec per level; validated before it is returned.

        ``axes``: axis objects or bare names. ``coordinate_system`` names the physical
        system of 0.6 (ignored before 0.6); ``extra_transforms`` and ``extra_systems`` go
        to the multiscales entry (0.6: further systems and transforms from the physical
        one; 0.4/0.5: the multiscale-wide scale/translation).
        """
        version = version or cls.versions[-1]
        specs = [ArraySpec.coerce(a) for a in array_specs]
        if not len(specs) == len(paths) == len(scales):
            raise ValueError("array_specs, paths and scales need one entry per level")
        shifts = list(translations) if translations is not None else [None] * len(specs)
        if len(shifts) != len(specs):
            raise ValueError("translations needs one entry (or None) per level")
        axis_objs = [dict(a) if isinstance(a, Mapping) else _axis(a) for a in axes]
        names = tuple(str(a["name"]) for a in axis_objs)
        v06 = version.startswith("0.6")
        datasets = []
        for path, scale, shift in zip(paths, scales, shifts, strict=True):
            steps: list[dict[str, Any]] = [{"type": "scale", "scale": [float(s) for s in scale]}]
            if shift is not None:
                steps.append({"type": "translation", "translation": [float(t) for t in shift]})
            if v06:
                ref = {"input": {"path": path}, "output": {"name": coordinate_system}}
                one = {**steps[0], **ref} if len(steps) == 1 else {}
                if not one:
                    one = {"type": "sequence", "transformations": steps, **ref}
                steps = [one]
            datasets.append({"path": path, "coordinateTransformations": steps})
        entry: dict[str, Any] = {}
        if version == "0.4":
            entry["version"] = "0.4"
        if name is not None:
            entry["name"] = name
        if multiscale_type is not None:
            entry["type"] = multiscale_type
        if metadata is not None:
            entry["metadata"] = dict(metadata)
        if v06:
            systems = [{"name": coordinate_system, "axes": axis_objs}, *map(dict, extra_systems)]
            entry["coordinateSystems"] = systems
        else:
            entry["axes"] = axis_objs
        entry["datasets"] = datasets
        if extra_transforms:
            entry["coordinateTransformations"] = [dict(t) for t in extra_transforms]
        ome: dict[str, Any] = {"multiscales": [entry]}
        if omero is not None:
            ome["omero"] = dict(omero)
        ome.update(cls._extra_blocks(version, image_label))
        attrs = ome if version == "0.4" else {"ome": {"version": version, **ome}}
        arrays = {
            p: s if s.dimension_names is not None or version == "0.4" else _named(s, names)
            for p, s in zip(paths, specs, strict=True)
        }
        children: dict[str, _Group] = {"labels": labels} if labels is not None else {}
        obj = cls._new_checked(attrs, version, arrays, children)
        for path, spec in arrays.items():
            if len(spec.shape) != len(names):
                raise ValueError(f"level {path!r} has {len(spec.shape)} dimensions, axes {names}")
        return obj

    @classmethod
    def _extra_blocks(cls, version: str, image_label: Mapping[str, Any] | None) -> dict[str, Any]:
        if image_label is None:
            return {}
        block = dict(image_label)
        if version == "0.4":
            block.setdefault("version", "0.4")
        return {"image-label": block}

    @classmethod
    def _new_checked(
        cls,
        attrs: Mapping[str, Any],
        version: str,
        arrays: Mapping[str, ArraySpec],
        children: Mapping[str, _Group],
    ) -> Self:
        report = validate_attributes(attrs, version=version)
        if not report.valid:
            raise InvalidMetadataError(report)
        found = detect(attrs, version)
        cls._check(found.version, found.kinds, "")
        return cls(attrs, version, report=report, children=children, arrays=arrays)

    def _copy_files(self, group: Any) -> None:
        """0.6 multiscale-level transforms may keep parameters in arrays: copy them."""
        if self._tree is None or not self.version.startswith("0.6"):
            return
        source = self._zarr_group()
        for entry in self.multiscales:
            for rel in _stored_params(entry.get("coordinateTransformations") or []):
                try:
                    node = source[posixpath.normpath(rel)]
                except KeyError:
                    continue
                _copy_node(node, group, posixpath.normpath(rel))

    def transform_graph(self) -> Any:
        """The coordinate transform graph of this image (0.6; nodes relative to it)."""
        from .transforms import TransformGraph, ZarrLoader

        if not self.version.startswith("0.6"):
            raise GroupError(
                f"OME-Zarr {self.version} has no coordinate systems; the transform graph is 0.6"
            )
        loader = ZarrLoader(self._zarr_group()) if self._tree else None
        return TransformGraph.from_image(self._attrs, "", loader)

    def _zarr_group(self) -> Any:
        assert self._tree is not None
        group = self._tree.group()
        return group[self._path] if self._path else group


_AXIS_TYPES = {"x": "space", "y": "space", "z": "space", "c": "channel", "t": "time"}


def _axis(name: str) -> dict[str, Any]:
    """A bare axis name as an axis object; x/y/z/c/t get their conventional type."""
    kind = _AXIS_TYPES.get(name)
    return {"name": name, "type": kind} if kind else {"name": name}


def _wrap(ome: dict[str, Any], version: str) -> dict[str, Any]:
    """Group attributes from an OME-level mapping: bare in 0.4, under ``ome`` after."""
    return ome if version == "0.4" else {"ome": {"version": version, **ome}}


def _named(spec: ArraySpec, names: tuple[str, ...]) -> ArraySpec:
    return ArraySpec(spec.shape, spec.dtype, spec.chunks, names)


class BaseImageLabel(BaseImage):
    """A label image: an image whose ``image-label`` block gives colours and sources."""

    kind = "label-image"

    @property
    def image_label(self) -> Any:
        typed = self.attributes
        ome = typed if self.version == "0.4" else typed.ome
        return ome.image_label

    @property
    def labels(self) -> BaseLabels | None:
        return None  # spec: label images hold no labels of their own

    @classmethod
    def _extra_blocks(cls, version: str, image_label: Mapping[str, Any] | None) -> dict[str, Any]:
        # a label image always has the block; empty is valid (every member is optional)
        return super()._extra_blocks(version, image_label or {})


class BaseLabels(_Group):
    """The ``labels`` group of an image: the names of its label images."""

    kind = "labels"

    @property
    def label_paths(self) -> tuple[str, ...]:
        return tuple(self.ome["labels"])

    def get_image_labels_group(self, path: str) -> BaseImageLabel:
        """The label image at ``path`` (one of `label_paths`)."""
        if path not in self.label_paths:
            raise LabelGroupNotFoundError(f"{path!r} is not listed in {list(self.label_paths)}")
        found = self._child(self._sibling("ImageLabel"), path)
        if not isinstance(found, BaseImageLabel):
            raise LabelGroupNotFoundError(f"label {path!r} has no label image group")
        return found

    def children(self) -> dict[str, _Group]:
        out: dict[str, _Group] = {}
        for p in self.label_paths:
            found = self._child(self._sibling("ImageLabel"), p)
            if found is not None:
                out[p] = found
        return out

    @classmethod
    def new(cls, labels: Mapping[str, BaseImageLabel], *, version: str | None = None) -> Self:
        version = version or cls.versions[-1]
        ome = {"labels": list(labels)}
        attrs = ome if version == "0.4" else {"ome": {"version": version, **ome}}
        obj = cls.from_json(attrs, children=dict(labels))
        return obj


class BaseWell(_Group):
    """A well: its field images, each with an optional acquisition."""

    kind = "well"

    @property
    def image_paths(self) -> tuple[str, ...]:
        return tuple(i["path"] for i in self.ome["well"]["images"])

    @property
    def images(self) -> tuple[FieldImage, ...]:
        """Every listed image with its acquisition; ``image`` is None when it is absent."""
        image_cls = self._sibling("Image")
        return tuple(
            FieldImage(i["path"], i.get("acquisition"), self._child(image_cls, i["path"]))
            for i in self.ome["well"]["images"]
        )

    def get_image(self, i: int) -> BaseImage:
        entry = self.images[i]
        if entry.image is None:
            raise ImageGroupNotFoundError(f"well image {entry.path!r} has no group")
        return entry.image

    def children(self) -> dict[str, _Group]:
        return {f.path: f.image for f in self.images if f.image is not None}

    @classmethod
    def new(
        cls,
        images: Mapping[str, BaseImage],
        *,
        acquisitions: Mapping[str, int] | None = None,
        version: str | None = None,
    ) -> Self:
        version = version or cls.versions[-1]
        entries = []
        for p in images:
            entry: dict[str, Any] = {"path": p}
            if acquisitions and p in acquisitions:
                entry["acquisition"] = acquisitions[p]
            entries.append(entry)
        well: dict[str, Any] = {"images": entries}
        if version == "0.4":
            well["version"] = "0.4"
        attrs = {"well": well} if version == "0.4" else {"ome": {"version": version, "well": well}}
        return cls.from_json(attrs, children=dict(images))


class BaseHCS(_Group):
    """A plate (high-content screening): rows, columns and sparse wells."""

    kind = "plate"

    @property
    def plate(self) -> dict[str, Any]:
        plate: dict[str, Any] = self.ome["plate"]
        return plate

    @property
    def well_paths(self) -> tuple[str, ...]:
        return tuple(w["path"] for w in self.plate["wells"])

    @property
    def n_wells(self) -> int:
        return len(self.plate["wells"])

    def get_well_group(self, i: int) -> BaseWell:
        """Well number ``i`` of the plate's ``wells`` list."""
        path = self.well_paths[i]
        found = self._child(self._sibling("Well"), path)
        if not isinstance(found, BaseWell):
            raise WellGroupNotFoundError(f"well {i} ({path!r}) has no group in the store")
        return found

    @property
    def well_groups(self) -> Iterator[BaseWell]:
        """The wells that exist, in plate order (plates may be sparse)."""
        for i in range(self.n_wells):
            try:
                yield self.get_well_group(i)
            except WellGroupNotFoundError:
                continue

    def children(self) -> dict[str, _Group]:
        well_cls = self._sibling("Well")
        out: dict[str, _Group] = {}
        for p in self.well_paths:
            found = self._child(well_cls, p)
            if found is not None:
                out[p] = found
        return out

    def _extra_groups(self) -> dict[str, dict[str, Any] | None]:
        return {r["name"]: None for r in self.plate["rows"]}

    @classmethod
    def new(
        cls,
        plate: Mapping[str, Any],
        wells: Mapping[str, BaseWell] | None = None,
        *,
        version: str | None = None,
    ) -> Self:
        version = version or cls.versions[-1]
        block = dict(plate)
        if version == "0.4":
            block.setdefault("version", "0.4")
        attrs = (
            {"plate": block} if version == "0.4" else {"ome": {"version": version, "plate": block}}
        )
        return cls.from_json(attrs, children=dict(wells or {}))


class BaseBioFormats2Raw(_Group):
    """The bioformats2raw layout: numbered images plus an ``OME`` group with the XML."""

    kind = "bioformats2raw"

    def _series(self) -> list[str] | None:
        if self._tree is None:
            series = self._children.get("OME")
            return list(series.ome["series"]) if isinstance(series, _Group) else None
        node = self._tree.hierarchy.nodes.get(_join(self._path, "OME"))
        attrs = node.attributes if node is not None else None
        if not isinstance(attrs, Mapping):
            return None
        ome = attrs if self.version == "0.4" else attrs.get("ome", {})
        series = ome.get("series") if isinstance(ome, Mapping) else None
        return list(series) if isinstance(series, list) else None

    @property
    def image_paths(self) -> tuple[str, ...]:
        """``OME/series`` when present, else the numbered groups 0, 1, ... that exist."""
        series = self._series()
        if series is not None:
            return tuple(series)
        if self._tree is None:
            return tuple(p for p in self._children if p != "OME")
        found = []
        n = 0
        while _join(self._path, str(n)) in self._tree.hierarchy.nodes:
            found.append(str(n))
            n += 1
        return tuple(found)

    @property
    def images(self) -> dict[str, BaseImage]:
        image_cls = self._sibling("Image")
        out: dict[str, BaseImage] = {}
        for p in self.image_paths:
            found = self._child(image_cls, p)
            if found is not None:
                out[p] = found
        return out

    def children(self) -> dict[str, _Group]:
        return dict(self.images)

    def _extra_groups(self) -> dict[str, dict[str, Any] | None]:
        series = self._series()
        if series is None:
            return {"OME": None}
        block = {"series": series}
        return {
            "OME": block if self.version == "0.4" else {"ome": {"version": self.version, **block}}
        }

    @property
    def ome_xml_text(self) -> str | None:
        """``OME/METADATA.ome.xml`` as text (None when absent or not read from a store)."""
        if self._tree is None:
            return None
        data = _read_bytes(self._tree, _join(self._tree.group().path, self._path, OME_XML))
        return None if data is None else data.decode("utf-8", errors="replace")

    @property
    def ome_xml(self) -> Any:
        """The parsed OME-XML (an ``ome_types.OME``), or None when absent.

        Needs the optional extra ``omexml`` (ome-types); without it this warns and
        returns None rather than failing, as the XML is an add-on to the metadata.
        """
        text = self.ome_xml_text
        if text is None:
            return None
        try:
            import ome_types  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            warnings.warn(
                "parsing OME/METADATA.ome.xml needs ome-types:"
                " pip install 'ome-zarr-schemas[omexml]' (ome_xml_text has the raw XML)",
                stacklevel=2,
            )
            return None
        return ome_types.from_xml(text)

    def _copy_files(self, group: Any) -> None:
        text = self.ome_xml_text
        if text is not None:
            _write_bytes(group, OME_XML, text.encode("utf-8"))

    @classmethod
    def new(
        cls,
        images: Mapping[str, BaseImage],
        *,
        series: bool = False,
        version: str | None = None,
    ) -> Self:
        version = version or cls.versions[-1]
        block: dict[str, Any] = {"bioformats2raw.layout": 3}
        attrs = block if version == "0.4" else {"ome": {"version": version, **block}}
        obj = cls.from_json(attrs, children=dict(images))
        if series:
            s = {"series": list(images)}
            ome_attrs = s if version == "0.4" else {"ome": {"version": version, **s}}
            obj._children["OME"] = _Series(ome_attrs, version)
        return obj


class _Series(_Group):
    """The ``OME`` group's series list, kept only so a new layout can write it."""

    kind = "series"
    versions = ()

    def to_zarr(self, store_or_group: object, path: str = "") -> Any:  # pragma: no cover
        return None


class BaseScene(_Group):
    """A 0.6 scene: coordinate systems and transforms linking the images under it."""

    kind = "scene"

    @property
    def scene(self) -> dict[str, Any]:
        scene: dict[str, Any] = self.ome["scene"]
        return scene

    @property
    def images(self) -> dict[str, BaseImage]:
        """The images under the scene (path relative to it).

        Labels of an image and the displacement/coordinate fields that transformations
        name by ``path`` are multiscale groups too, but not images of the scene.
        """
        if self._tree is None:
            return {p: c for p, c in self._children.items() if isinstance(c, BaseImage)}
        image_cls = self._sibling("Image")
        prefix = f"{self._path}/" if self._path else ""
        params = {posixpath.normpath(p) for p in self._param_paths()}
        out: dict[str, BaseImage] = {}
        for full in sorted(self._tree.hierarchy.nodes):
            if not full.startswith(prefix) or full == self._path:
                continue
            rel = full[len(prefix) :]
            if rel in params or any(rel.startswith(f"{p}/") for p in out):
                continue
            found = self._child(image_cls, rel)
            if found is not None:
                out[rel] = found
        return out

    def children(self) -> dict[str, _Group]:
        return dict(self.images)

    def _param_paths(self) -> list[str]:
        return _stored_params(self.scene.get("coordinateTransformations") or [])

    def _copy_files(self, group: Any) -> None:
        if self._tree is None:
            for rel, data in self._params.items():
                _write_param(group, rel, data)
            return
        source = self._zarr_group()
        for rel in self._param_paths():
            try:
                node = source[posixpath.normpath(rel)]
            except KeyError:
                continue
            _copy_node(node, group, posixpath.normpath(rel))

    def _zarr_group(self) -> Any:
        assert self._tree is not None
        group = self._tree.group()
        return group[self._path] if self._path else group

    _params: dict[str, Any]

    @classmethod
    def new(
        cls,
        *,
        images: Mapping[str, BaseImage],
        coord_transforms: Sequence[Mapping[str, Any]],
        coord_systems: Sequence[Mapping[str, Any]],
        parameters: Mapping[str, Any] | None = None,
        version: str | None = None,
    ) -> Self:
        """A scene over ``images`` ({path: Image}); ``parameters`` ({path: array}) are the
        arrays that ``path``-form transforms name, written by `to_zarr`."""
        version = version or cls.versions[-1]
        scene = {
            "coordinateSystems": [dict(c) for c in coord_systems],
            "coordinateTransformations": [dict(t) for t in coord_transforms],
        }
        attrs = {"ome": {"version": version, "scene": scene}}
        obj = cls.from_json(attrs, children=dict(images))
        obj._params = dict(parameters or {})
        return obj

    def transform_graph(self) -> Any:
        """The graph over the scene's systems and its images' systems (paths relative)."""
        from .transforms import TransformGraph, ZarrLoader

        loader: Any = ZarrLoader(self._zarr_group()) if self._tree else None
        if loader is None and getattr(self, "_params", None):
            import numpy as np

            params = self._params

            def _memory(path: str) -> Any:
                return np.asarray(params[path], dtype=np.float64)

            loader = _memory

        images = {p: i.to_json() for p, i in self.images.items()}
        return TransformGraph.from_scene(self._attrs, images, "", loader)


def _stored_params(transforms: Any) -> list[str]:
    """The ``path`` of every transformation (nested ones too) with stored parameters."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            if isinstance(value.get("path"), str) and "type" in value:
                found.append(value["path"])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(transforms)
    return found


def _copy_node(node: Any, group: Any, rel: str) -> None:
    """Copy a parameter array, or a field group with its arrays, data included."""
    import numpy as np
    import zarr

    if isinstance(node, zarr.Array):
        parent, _, name = rel.rpartition("/")
        holder = group.require_group(parent) if parent else group
        data = np.asarray(node[...])
        arr = holder.create_array(
            name,
            shape=data.shape,
            dtype=data.dtype,
            chunks=node.chunks,
            attributes=dict(node.attrs),
            dimension_names=node.metadata.dimension_names
            if node.metadata.zarr_format == 3
            else None,
            overwrite=True,
        )
        arr[...] = data
        return
    sub = group.require_group(rel)
    sub.attrs.put(dict(node.attrs))
    for name, child in node.members():
        _copy_node(child, group, f"{rel}/{name}")


def _write_param(group: Any, rel: str, data: Any) -> None:
    import numpy as np

    values = np.asarray(data, dtype=np.float64)
    parent, _, name = posixpath.normpath(rel).rpartition("/")
    holder = group.require_group(parent) if parent else group
    arr = holder.create_array(
        name, shape=values.shape, dtype="float64", chunks=values.shape or None, overwrite=True
    )
    arr[...] = values
