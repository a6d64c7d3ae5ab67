"""High-content screening: a plate (rows, columns, sparse wells) and its wells' images."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from ..errors import ImageGroupNotFoundError, WellGroupNotFoundError
from ..spec.versions import lookup
from ._types import JsonMapping, JsonObject
from .base import BaseGroup, wrap
from .image import BaseImage

__all__ = ["BaseHCS", "BaseWell", "FieldImage"]


@dataclass(frozen=True)
class FieldImage:
    """One image of a well: its path, acquisition id and group (None when absent)."""

    path: str
    acquisition: int | None
    image: BaseImage | None


class BaseWell(BaseGroup):
    """A well: its field images, each with an optional acquisition."""

    kind = "well"
    image_class: ClassVar[type[BaseImage]]

    @property
    def image_paths(self) -> tuple[str, ...]:
        return self._link_paths("field")

    @property
    def images(self) -> tuple[FieldImage, ...]:
        """Every listed image with its acquisition; ``image`` is None when it is absent."""
        return tuple(
            FieldImage(i["path"], i.get("acquisition"), self._child(self.image_class, i["path"]))
            for i in self.ome["well"]["images"]
        )

    def get_image(self, i: int) -> BaseImage:
        entry = self.images[i]
        if entry.image is None:
            raise ImageGroupNotFoundError(f"well image {entry.path!r} has no group")
        return entry.image

    def children(self) -> dict[str, BaseGroup]:
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
            entry: JsonObject = {"path": p}
            if acquisitions and p in acquisitions:
                entry["acquisition"] = acquisitions[p]
            entries.append(entry)
        well: JsonObject = {"images": entries}
        if (known := lookup(version)) is not None and known.block_versions:
            well["version"] = known.id
        return cls.from_json(wrap({"well": well}, version), children=dict(images))


class BaseHCS(BaseGroup):
    """A plate (high-content screening): rows, columns and sparse wells."""

    kind = "plate"
    well_class: ClassVar[type[BaseWell]]

    @property
    def plate(self) -> JsonObject:
        plate: JsonObject = self.ome["plate"]
        return plate

    @property
    def well_paths(self) -> tuple[str, ...]:
        return self._link_paths("well")

    @property
    def n_wells(self) -> int:
        return len(self.plate["wells"])

    def get_well_group(self, i: int) -> BaseWell:
        """Well number ``i`` of the plate's ``wells`` list."""
        path = self.well_paths[i]
        found = self._child(self.well_class, path)
        if found is None:
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

    def children(self) -> dict[str, BaseGroup]:
        return dict(self._children_of(self.well_class, self.well_paths))

    def _extra_groups(self) -> dict[str, JsonObject | None]:
        return {r["name"]: None for r in self.plate["rows"]}

    @classmethod
    def new(
        cls,
        plate: JsonMapping,
        wells: Mapping[str, BaseWell] | None = None,
        *,
        version: str | None = None,
    ) -> Self:
        version = version or cls.versions[-1]
        block = dict(plate)
        if (known := lookup(version)) is not None and known.block_versions:
            block.setdefault("version", known.id)
        return cls.from_json(wrap({"plate": block}, version), children=dict(wells or {}))
