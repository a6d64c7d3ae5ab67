"""The OME-Zarr versions this package knows, as values.

Code asks a version what it is (its zarr format, whether its metadata is wrapped under
'ome', whether it has coordinate systems, which group kinds it defines and their keys,
whether it comes before another) instead of comparing version strings. One table,
`VERSIONS`, oldest first; `lookup` turns a version string into its value.

Standard library only, and no relative imports: codegen and the build hook load this
file on its own, before the package's dependencies are installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

__all__ = [
    "BEFORE_V06_VERSIONS",
    "FIELD_ARRAY_VERSIONS",
    "KINDS",
    "KIND_KEYS",
    "PROJECT_AXIS_VERSIONS",
    "SUPPORTED_VERSIONS",
    "UNRELEASED_VERSIONS",
    "V04",
    "V05",
    "V06_DEV4",
    "V06_RC0",
    "V06_VERSIONS",
    "VERSIONS",
    "WRAPPED_VERSIONS",
    "ZARR_V2_VERSIONS",
    "Version",
    "get",
    "is_wrapped",
    "kinds_for",
    "lookup",
    "of_zarr_format",
]

#: Group kinds, in the order their findings are reported.
KINDS: tuple[str, ...] = (
    "image",
    "label-image",
    "labels",
    "plate",
    "well",
    "bioformats2raw",
    "series",
    "scene",
)

#: The key that marks each kind (in the attributes for 0.4, in 'ome' for 0.5+).
KIND_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "multiscales": "image",
        "image-label": "label-image",
        "labels": "labels",
        "plate": "plate",
        "well": "well",
        "bioformats2raw.layout": "bioformats2raw",
        "series": "series",
        "scene": "scene",
    }
)

_BASE_KINDS = tuple(k for k in KINDS if k != "scene")


@dataclass(frozen=True, order=True, slots=True)
class Version:
    """One supported OME-Zarr version. Values order oldest first (``V04 < V05``)."""

    rank: int  # position in `VERSIONS`: the only field compared by ``<``
    id: str = field(compare=False)  # as written in metadata: "0.4", "0.6rc0"
    zarr_format: Literal[2, 3] = field(compare=False)
    wrapped: bool = field(compare=False)  # metadata under the attribute 'ome' ('ome.version')
    coordinate_systems: bool = field(compare=False)  # coordinate systems and 0.6 transforms
    draft: bool = field(compare=False)  # not a released version of the specification
    kinds: tuple[str, ...] = field(compare=False)  # the group kinds it defines, in KINDS order
    #: byDimension's axis-list keys (0.6 drafts only; their spelling changed in 0.6rc0)
    by_dimension_axes: tuple[str, str] | None = field(default=None, compare=False)
    #: whether the 'projectAxis' transformation exists (added in 0.6rc0)
    project_axis: bool = field(default=False, compare=False)
    #: whether a scene transformation's 'input' and 'output' hold only 'name' and 'path'
    #: (0.6rc0's schema; the 0.6.dev4 text and schema leave other keys allowed)
    closed_scene_io: bool = field(default=False, compare=False)
    #: whether a multiscale image's own transformations read from its intrinsic system
    #: (0.6.dev4: their 'input' MUST be it; 0.6rc0: it is one side, either one)
    intrinsic_is_input: bool = field(default=False, compare=False)
    #: whether a displacement or coordinate field is a multiscale image group (0.6rc0);
    #: 0.6.dev4 stores it as one array carrying its own coordinate system
    field_is_group: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return self.id

    @property
    def kind_keys(self) -> Mapping[str, str]:
        """Key -> kind, for the kinds this version defines."""
        return {key: kind for key, kind in KIND_KEYS.items() if kind in self.kinds}

    @property
    def block_versions(self) -> bool:
        """Each block ('multiscales' items, 'plate', 'well', 'image-label') names the
        version itself, as unwrapped metadata has no 'ome.version' (0.4)."""
        return not self.wrapped

    def kind_of(self, key: str) -> str | None:
        """The kind a metadata key marks in this version ('scene' marks nothing in 0.5)."""
        kind = KIND_KEYS.get(key)
        return kind if kind in self.kinds else None

    def kinds_in(self, ome: Mapping[str, object]) -> tuple[str, ...]:
        """The kinds whose key ``ome`` holds, in `KINDS` order."""
        present = {KIND_KEYS[key] for key in ome if key in KIND_KEYS}
        return tuple(k for k in self.kinds if k in present)

    def at_least(self, other: Version | str) -> bool:
        """This version is ``other`` or later."""
        return self.rank >= get(other).rank

    def before(self, other: Version | str) -> bool:
        """This version is older than ``other``."""
        return self.rank < get(other).rank

    def wrap(self, ome: Mapping[str, object]) -> dict[str, object]:
        """Group attributes holding ``ome`` as this version writes them."""
        if not self.wrapped:
            return dict(ome)
        return {"ome": {"version": self.id, **ome}}


V04 = Version(0, "0.4", 2, wrapped=False, coordinate_systems=False, draft=False, kinds=_BASE_KINDS)
V05 = Version(1, "0.5", 3, wrapped=True, coordinate_systems=False, draft=False, kinds=_BASE_KINDS)
V06_DEV4 = Version(
    2,
    "0.6.dev4",
    3,
    wrapped=True,
    coordinate_systems=True,
    draft=True,
    kinds=KINDS,
    by_dimension_axes=("input_axes", "output_axes"),
    intrinsic_is_input=True,
)
V06_RC0 = Version(
    3,
    "0.6rc0",
    3,
    wrapped=True,
    coordinate_systems=True,
    draft=True,
    kinds=KINDS,
    by_dimension_axes=("inputAxes", "outputAxes"),
    project_axis=True,
    closed_scene_io=True,
    field_is_group=True,
)

#: Every version with its own schemas, oldest first.
VERSIONS: tuple[Version, ...] = (V04, V05, V06_DEV4, V06_RC0)

_BY_ID: Mapping[str, Version] = MappingProxyType({v.id: v for v in VERSIONS})

#: Version strings written by some tools although no such version is released, and the
#: version whose rules are used for them.
UNRELEASED_VERSIONS: Mapping[str, str] = MappingProxyType({"0.6": V06_RC0.id})

#: The ids of `VERSIONS`, oldest first.
SUPPORTED_VERSIONS: tuple[str, ...] = tuple(v.id for v in VERSIONS)

#: Versions whose metadata lives under the attribute 'ome' (with 'ome.version').
WRAPPED_VERSIONS: frozenset[str] = frozenset(v.id for v in VERSIONS if v.wrapped)

#: The 0.6 drafts (coordinate systems), oldest first; the last one validates "0.6".
V06_VERSIONS: tuple[str, ...] = tuple(v.id for v in VERSIONS if v.coordinate_systems)

#: The versions without coordinate systems (0.4, 0.5), oldest first.
BEFORE_V06_VERSIONS: tuple[str, ...] = tuple(v.id for v in VERSIONS if not v.coordinate_systems)

#: The versions with the 'projectAxis' transformation, oldest first.
PROJECT_AXIS_VERSIONS: tuple[str, ...] = tuple(v.id for v in VERSIONS if v.project_axis)

#: The 0.6 drafts storing a displacement or coordinate field as an array with its own
#: metadata (0.6.dev4), oldest first.
FIELD_ARRAY_VERSIONS: tuple[str, ...] = tuple(
    v.id for v in VERSIONS if v.coordinate_systems and not v.field_is_group
)

#: The versions stored as zarr v2 (a zarr v2 group can only be one of these).
ZARR_V2_VERSIONS: tuple[str, ...] = tuple(v.id for v in VERSIONS if v.zarr_format == 2)


def lookup(text: object) -> Version | None:
    """The version a metadata version string names: a supported id, or an unreleased one
    (``"0.6"`` is validated as 0.6rc0); None for anything else."""
    if isinstance(text, Version):
        return text
    if not isinstance(text, str):
        return None
    return _BY_ID.get(UNRELEASED_VERSIONS.get(text, text))


def get(version: Version | str) -> Version:
    """The value of a supported version id (exactly, no unreleased alias); KeyError otherwise."""
    if isinstance(version, Version):
        return version
    try:
        return _BY_ID[version]
    except KeyError:
        raise KeyError(
            f"unknown OME-Zarr version {version!r}; supported: {', '.join(SUPPORTED_VERSIONS)}"
        ) from None


def of_zarr_format(zarr_format: object) -> str | None:
    """The version a group's zarr format implies, when only one version uses that format
    (zarr v2: 0.4); None otherwise."""
    found = [v.id for v in VERSIONS if v.zarr_format == zarr_format]
    return found[0] if len(found) == 1 else None


def kinds_for(version: Version | str) -> tuple[str, ...]:
    """The group kinds defined in ``version``."""
    return get(version).kinds


def is_wrapped(version: Version | str) -> bool:
    """Whether ``version`` keeps its metadata under the attribute 'ome'."""
    return version in WRAPPED_VERSIONS if isinstance(version, str) else version.wrapped
