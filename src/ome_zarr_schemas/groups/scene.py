"""A 0.6 scene: coordinate systems and transformations linking the images under it.

Transformations may keep their parameters in arrays (or field groups) named by
``path``; a scene read from a store copies them when written, a new one writes the
arrays given to `BaseScene.new`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Self

from ._types import JsonMapping, JsonObject
from ._zarr import copy_params, stored_params, write_param
from .base import BaseGroup, wrap
from .image import BaseImage

if TYPE_CHECKING:
    import numpy.typing as npt
    import zarr

    from ..transforms import TransformGraph

__all__ = ["BaseScene"]


class BaseScene(BaseGroup):
    """A 0.6 scene: coordinate systems and transforms linking the images under it."""

    kind = "scene"
    image_class: ClassVar[type[BaseImage]]

    # the arrays `new` was given, written by `to_zarr` (none for a scene read from a store)
    _params: Mapping[str, npt.ArrayLike] = MappingProxyType({})

    @property
    def scene(self) -> JsonObject:
        scene: JsonObject = self.ome["scene"]
        return scene

    @property
    def images(self) -> dict[str, BaseImage]:
        """The images under the scene (path relative to it).

        Labels of an image and the displacement/coordinate fields that transformations
        name by ``path`` are multiscale groups too, but not images of the scene.
        """
        if self._tree is None:
            return {p: c for p, c in self._children.items() if isinstance(c, BaseImage)}
        prefix = f"{self._path}/" if self._path else ""
        params = {posixpath.normpath(p) for p in self._param_paths()}
        out: dict[str, BaseImage] = {}
        for full in sorted(self._tree.hierarchy.nodes):
            if not full.startswith(prefix) or full == self._path:
                continue
            rel = full[len(prefix) :]
            if rel in params or any(rel.startswith(f"{p}/") for p in out):
                continue
            found = self._child(self.image_class, rel)
            if found is not None:
                out[rel] = found
        return out

    def children(self) -> dict[str, BaseGroup]:
        return dict(self.images)

    def _param_paths(self) -> list[str]:
        return stored_params(self.scene.get("coordinateTransformations") or [])

    def _copy_files(self, group: zarr.Group) -> None:
        if self._tree is None:
            for rel, data in self._params.items():
                write_param(group, rel, data)
            return
        copy_params(self._zarr_group(), group, self._param_paths())

    @classmethod
    def new(
        cls,
        *,
        images: Mapping[str, BaseImage],
        coord_transforms: Sequence[JsonMapping],
        coord_systems: Sequence[JsonMapping],
        parameters: Mapping[str, npt.ArrayLike] | None = None,
        version: str | None = None,
    ) -> Self:
        """A scene over ``images`` ({path: Image}); ``parameters`` ({path: array}) are the
        arrays that ``path``-form transforms name, written by `to_zarr`."""
        version = version or cls.versions[-1]
        scene = {
            "coordinateSystems": [dict(c) for c in coord_systems],
            "coordinateTransformations": [dict(t) for t in coord_transforms],
        }
        obj = cls.from_json(wrap({"scene": scene}, version), children=dict(images))
        obj._params = dict(parameters or {})
        return obj

    def transform_graph(self, *, max_bytes: int | None = None) -> TransformGraph:
        """The graph over the scene's systems and its images' systems (paths relative).

        Parameters stored in the scene's zarr group are read when points are mapped, each
        read within ``max_bytes`` (default `transforms.FIELD_BUDGET`, 1 GiB): a parameter
        array whole, a field only around the points (`transforms.ZarrLoader`).
        """
        import numpy as np  # numpy and the transforms: only when asked

        from ..transforms import FIELD_BUDGET, ArrayLoader, TransformGraph, ZarrLoader

        budget = FIELD_BUDGET if max_bytes is None else max_bytes
        loader: ArrayLoader | None = (
            ZarrLoader(self._zarr_group(), max_bytes=budget) if self._tree else None
        )
        if loader is None and self._params:
            params = self._params

            def _memory(path: str) -> npt.NDArray[np.float64]:
                return np.asarray(params[path], dtype=np.float64)

            loader = _memory

        images = {p: i.to_json() for p, i in self.images.items()}
        return TransformGraph.from_scene(self._attrs, images, "", loader)
