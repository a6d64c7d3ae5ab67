"""Mutation families of the version rules (`rules/version.py`): ome.*, version.*, one
version per hierarchy."""

from __future__ import annotations

from hypothesis import strategies as st

from ...spec.versions import SUPPORTED_VERSIONS, UNRELEASED_VERSIONS, V06_VERSIONS, get
from .. import _attributes, _values
from .helpers import non_object
from .hierarchy_registry import V3, StoreTarget, family_bases, hierarchy_family
from .registry import Target, family


@family("ome.missing", *_attributes.KIND_NAMES, versions=("0.5",))
def _unwrapped(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    inner = t.document.pop("ome")
    inner.pop("version", None)
    t.document.update(inner)
    t.forced = t.version
    return "", f"0.4-style top-level metadata validated as {t.version}"


@family("ome.structure", *_attributes.KIND_NAMES, versions=("0.5",))
def _ome_not_an_object(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.document["ome"] = non_object(draw)
    return "/ome", "'ome' is not an object"


@family("ome.version-missing", *_attributes.KIND_NAMES, versions=("0.5",))
def _no_ome_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    del t.ome["version"]
    if t.version in V06_VERSIONS[:-1]:  # unforced, unversioned 0.6 reads as the newest draft
        t.forced = t.version
    return "/ome", "'ome.version' removed"


@family("ome.version", *_attributes.KIND_NAMES, versions=("0.5",))
def _wrong_ome_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["version"] = draw(
        st.one_of(st.sampled_from(["0.4", "0.6", "", "0.5.0", 0.5, None]), _values.text()).filter(
            lambda v: v != t.version and not _same_draft(v, t.version)
        )
    )
    t.forced = t.version
    return "/ome/version", f"'ome.version' is {t.ome['version']!r}, validated as {t.version}"


def _same_draft(value: object, version: str) -> bool:
    """'0.6' names the newest 0.6 draft, so it is no wrong version for a 0.6 document."""
    return str(value).startswith(tuple(UNRELEASED_VERSIONS)) and get(version).coordinate_systems


@family("version.unknown", *_attributes.KIND_NAMES)
def _unknown_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    value = draw(
        st.one_of(
            st.sampled_from(["0.3", "1.0", "", "latest", 0.5, 5, None]), _values.text()
        ).filter(
            lambda v: (
                v not in SUPPORTED_VERSIONS and not str(v).startswith(tuple(UNRELEASED_VERSIONS))
            )
        )
    )
    if t.wrapped:
        t.ome["version"] = value
        return "/ome/version", f"'ome.version' is {value!r}"
    t.document = {"ome": {"version": value, **t.document}}
    return "/ome/version", f"0.4 metadata wrapped in 'ome' with version {value!r}"


@family("version.assumed", *_attributes.KIND_NAMES, versions=("0.4",))
def _no_block_versions(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    for ms in t.ome.get("multiscales", []):
        ms.pop("version", None)
    for key in ("plate", "well", "image-label"):
        if isinstance(t.ome.get(key), dict):
            t.ome[key].pop("version", None)
    return "", "no per-block 'version' anywhere"


@family("version.unreleased", *_attributes.KIND_NAMES, "scene", versions=("0.6rc0",))
def _unreleased_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["version"] = "0.6"
    return t.ptr("version"), "'ome.version' is '0.6'"


_VERSION_GROUPS = family_bases(
    ("image", "plate", "bioformats2raw", "scene"),
    bioformats2raw=("series",),
    image=("labels",),
    scene=("labels",),
)


@hierarchy_family("version.consistent", _VERSION_GROUPS, versions=V3)
def _other_version(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    candidates = [p for p in t.with_key("labels") + t.with_key("well") + t.with_key("series") if p]
    path = t.pick(draw, candidates)
    ome = t.ome(path)
    assert ome is not None
    ome["version"] = draw(st.sampled_from([v for v in V3 if v != t.version]))
    return path, f"the group says OME-Zarr {ome['version']} in a {t.version} hierarchy"
