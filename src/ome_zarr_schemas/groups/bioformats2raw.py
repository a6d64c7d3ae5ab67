"""The bioformats2raw layout: numbered images plus an ``OME`` group with the XML.

The images are listed by ``OME/series`` when present, else found as the groups 0, 1,
... that exist; ``OME/METADATA.ome.xml`` is read as text, parsed on demand.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self

from ..spec.versions import get
from ._types import JsonObject
from ._zarr import join, write_bytes
from .base import BaseGroup, wrap
from .image import BaseImage

if TYPE_CHECKING:
    import zarr

__all__ = ["OME_XML", "BaseBioFormats2Raw"]

OME_XML = "OME/METADATA.ome.xml"


class BaseBioFormats2Raw(BaseGroup):
    """The bioformats2raw layout: numbered images plus an ``OME`` group with the XML."""

    kind = "bioformats2raw"
    image_class: ClassVar[type[BaseImage]]

    def _series(self) -> list[str] | None:
        if self._tree is None:
            series = self._children.get("OME")
            return list(series.ome["series"]) if series is not None else None
        node = self._tree.hierarchy.nodes.get(join(self._path, "OME"))
        attrs = node.attributes if node is not None else None
        if not isinstance(attrs, Mapping):
            return None
        ome = attrs.get("ome", {}) if get(self.version).wrapped else attrs
        found = ome.get("series") if isinstance(ome, Mapping) else None
        return list(found) if isinstance(found, list) else None

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
        while join(self._path, str(n)) in self._tree.hierarchy.nodes:
            found.append(str(n))
            n += 1
        return tuple(found)

    @property
    def images(self) -> dict[str, BaseImage]:
        return self._children_of(self.image_class, self.image_paths)

    def children(self) -> dict[str, BaseGroup]:
        return dict(self.images)

    def _extra_groups(self) -> dict[str, JsonObject | None]:
        series = self._series()
        return {"OME": None if series is None else wrap({"series": series}, self.version)}

    @property
    def ome_xml_text(self) -> str | None:
        """``OME/METADATA.ome.xml`` as text (None when absent or not read from a store)."""
        if self._tree is None:
            return None
        data = self._tree.read_bytes(join(self._tree.group().path, self._path, OME_XML))
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

    def _copy_files(self, group: zarr.Group) -> None:
        text = self.ome_xml_text
        if text is not None:
            write_bytes(group, OME_XML, text.encode("utf-8"))

    @classmethod
    def new(
        cls,
        images: Mapping[str, BaseImage],
        *,
        series: bool = False,
        version: str | None = None,
    ) -> Self:
        version = version or cls.versions[-1]
        obj = cls.from_json(wrap({"bioformats2raw.layout": 3}, version), children=dict(images))
        if series:
            attrs = wrap({"series": list(images)}, version)
            obj._children["OME"] = _Series(attrs, version)
        return obj


class _Series(BaseGroup):
    """The ``OME`` group's series list, kept only so a new layout can write it."""

    kind = "series"
    versions = ()
