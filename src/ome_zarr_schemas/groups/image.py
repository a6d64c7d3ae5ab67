"""Images and their labels: a multiscale image, its ``labels`` group, its label images.

They live together because they point at each other: an image lists its labels group,
the labels group lists label images, and a label image is an image.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

from ..errors import GroupError, LabelGroupNotFoundError
from ..spec.versions import ZARR_V2_VERSIONS, get, lookup
from ._multiscales import Levels, axis, multiscale_entry
from ._types import DatasetView, JsonMapping, JsonObject
from ._zarr import ArraySpec, copy_params, join, stored_params
from .base import BaseGroup, wrap

if TYPE_CHECKING:
    import zarr

    from ..transforms import TransformGraph

__all__ = ["BaseImage", "BaseImageLabel", "BaseLabels"]


class BaseImage(BaseGroup):
    """A multiscale image: levels (arrays), their transforms, optional labels."""

    kind = "image"
    labels_class: ClassVar[type[BaseLabels]]

    @property
    def multiscales(self) -> list[JsonObject]:
        entries: list[JsonObject] = self.ome["multiscales"]
        return entries

    @property
    def datasets(self) -> tuple[tuple[DatasetView, ...], ...]:
        """Per multiscales entry, its datasets (typed); decision: nested in every version,
        as the spec allows several multiscales entries in one group (0.4/0.5 §multiscales)."""
        typed = self.attributes
        ome = typed.ome if get(self.version).wrapped else typed
        return tuple(tuple(m.datasets) for m in ome.multiscales)

    @property
    def level_paths(self) -> tuple[str, ...]:
        return self._link_paths("level")

    @property
    def arrays(self) -> dict[str, ArraySpec]:
        if self._tree is None:
            return dict(self._arrays)
        out: dict[str, ArraySpec] = {}
        for rel in self.level_paths:
            spec = self._tree.array_spec(join(self._path, rel))
            if spec is not None:
                out[rel] = spec
        return out

    @property
    def labels(self) -> BaseLabels | None:
        """The image's labels group, or None when it has none."""
        return self._child(self.labels_class, "labels")

    def children(self) -> dict[str, BaseGroup]:
        labels = self.labels
        return {"labels": labels} if labels is not None else {}

    @classmethod
    def new(
        cls,
        *,
        array_specs: Sequence[ArraySpec | JsonMapping],
        paths: Sequence[str],
        axes: Sequence[JsonMapping | str],
        scales: Sequence[Sequence[float]],
        translations: Sequence[Sequence[float] | None] | None = None,
        name: str | None = None,
        multiscale_type: str | None = None,
        metadata: JsonMapping | None = None,
        coordinate_system: str = "physical",
        extra_transforms: Sequence[JsonMapping] = (),
        extra_systems: Sequence[JsonMapping] = (),
        omero: JsonMapping | None = None,
        labels: BaseLabels | None = None,
        image_label: JsonMapping | None = None,
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
        axis_objs = [axis(a) for a in axes]
        names = tuple(str(a["name"]) for a in axis_objs)
        entry = multiscale_entry(
            version,
            Levels(paths, scales, shifts),
            axis_objs,
            name=name,
            multiscale_type=multiscale_type,
            metadata=metadata,
            coordinate_system=coordinate_system,
            extra_transforms=extra_transforms,
            extra_systems=extra_systems,
        )
        ome: JsonObject = {"multiscales": [entry]}
        if omero is not None:
            ome["omero"] = dict(omero)
        ome.update(cls._extra_blocks(version, image_label))
        arrays = {
            p: s
            if s.dimension_names is not None or version in ZARR_V2_VERSIONS
            else _named(s, names)
            for p, s in zip(paths, specs, strict=True)
        }
        children: dict[str, BaseGroup] = {"labels": labels} if labels is not None else {}
        obj = cls._validated(wrap(ome, version), version, children, arrays)
        for path, spec in arrays.items():
            if len(spec.shape) != len(names):
                raise ValueError(f"level {path!r} has {len(spec.shape)} dimensions, axes {names}")
        return obj

    @classmethod
    def _extra_blocks(cls, version: str, image_label: JsonMapping | None) -> JsonObject:
        if image_label is None:
            return {}
        block = dict(image_label)
        if (known := lookup(version)) is not None and known.block_versions:
            block.setdefault("version", known.id)
        return {"image-label": block}

    def _copy_files(self, group: zarr.Group) -> None:
        """0.6 multiscale-level transforms may keep parameters in arrays: copy them."""
        if self._tree is None or not get(self.version).coordinate_systems:
            return
        source = self._zarr_group()
        for entry in self.multiscales:
            copy_params(source, group, stored_params(entry.get("coordinateTransformations") or []))

    def transform_graph(self, *, max_bytes: int | None = None) -> TransformGraph:
        """The coordinate transform graph of this image (0.6; nodes relative to it).

        Parameters stored in its zarr group are read when points are mapped, each read
        within ``max_bytes`` (default `transforms.FIELD_BUDGET`, 1 GiB): a parameter
        array whole, a field only around the points (`transforms.ZarrLoader`).
        """
        from ..transforms import FIELD_BUDGET, TransformGraph, ZarrLoader  # numpy: when asked

        if not get(self.version).coordinate_systems:
            raise GroupError(
                f"OME-Zarr {self.version} has no coordinate systems; the transform graph is 0.6"
            )
        budget = FIELD_BUDGET if max_bytes is None else max_bytes
        loader = ZarrLoader(self._zarr_group(), max_bytes=budget) if self._tree else None
        return TransformGraph.from_image(self._attrs, "", loader)


def _named(spec: ArraySpec, names: tuple[str, ...]) -> ArraySpec:
    return ArraySpec(spec.shape, spec.dtype, spec.chunks, names)


class BaseImageLabel(BaseImage):
    """A label image: an image whose ``image-label`` block gives colours and sources."""

    kind = "label-image"

    @property
    def image_label(self) -> Any:
        """The ``image-label`` block as the generated dataclass of this version."""
        typed = self.attributes
        ome = typed.ome if get(self.version).wrapped else typed
        return ome.image_label

    @property
    def labels(self) -> BaseLabels | None:
        return None  # spec: label images hold no labels of their own

    @classmethod
    def _extra_blocks(cls, version: str, image_label: JsonMapping | None) -> JsonObject:
        # a label image always has the block; empty is valid (every member is optional)
        return super()._extra_blocks(version, image_label or {})


class BaseLabels(BaseGroup):
    """The ``labels`` group of an image: the names of its label images."""

    kind = "labels"
    image_label_class: ClassVar[type[BaseImageLabel]]

    @property
    def label_paths(self) -> tuple[str, ...]:
        return self._link_paths("label")

    def get_image_labels_group(self, path: str) -> BaseImageLabel:
        """The label image at ``path`` (one of `label_paths`)."""
        if path not in self.label_paths:
            raise LabelGroupNotFoundError(f"{path!r} is not listed in {list(self.label_paths)}")
        found = self._child(self.image_label_class, path)
        if found is None:
            raise LabelGroupNotFoundError(f"label {path!r} has no label image group")
        return found

    def children(self) -> dict[str, BaseGroup]:
        return dict(self._children_of(self.image_label_class, self.label_paths))

    @classmethod
    def new(cls, labels: Mapping[str, BaseImageLabel], *, version: str | None = None) -> Self:
        version = version or cls.versions[-1]
        return cls.from_json(wrap({"labels": list(labels)}, version), children=dict(labels))
