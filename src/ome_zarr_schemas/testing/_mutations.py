"""Targeted invalid documents: a valid document plus exactly one violation of one rule.

Each mutation family knows the rule it breaks, the kinds of documents it starts from and
the pointer where the finding must appear. Where one violation necessarily breaks a
second rule too (two time axes are also out of order), the family says so in ``also``,
so a test can still demand the exact set of findings.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from ..issues import Severity, pointer
from ..rules import get_rule
from ..spec.versions import KIND_KEYS, SUPPORTED_VERSIONS, is_wrapped
from . import _attributes, _axes, _values

IMAGE_KINDS = ("image", "label-image")

#: The versions these families were written for; a family for a later version is added
#: (or widened) when its spec says the rule still holds there.
WRITTEN_FOR = ("0.4", "0.5")


@dataclass(frozen=True)
class Mutation:
    """An invalid document and the finding it must produce."""

    document: Any
    rule: str
    pointer: str
    family: str
    description: str
    base_kind: str
    base_version: str
    version: str | None = None  # pass as validate_attributes(version=...); None: detect it
    also: frozenset[tuple[str, str]] = frozenset()  # errors the violation implies
    #: Set when only the group schema of this kind, used on its own, reports the rule:
    #: validate_attributes picks schemas by the kind keys present, so it never does.
    group_schema: str | None = None

    @property
    def severity(self) -> Severity:
        return get_rule(self.rule).severity

    @property
    def expected_errors(self) -> frozenset[tuple[str, str]]:
        """Every error finding the document must produce, and no other."""
        mine = {(self.rule, self.pointer)} if self.severity is Severity.ERROR else set()
        return frozenset(mine) | self.also


@dataclass
class Target:
    """A copy of a valid document being broken, with pointer helpers."""

    document: Any
    version: str
    kind: str
    forced: str | None = None
    also: set[tuple[str, str]] = field(default_factory=set)
    group_schema: str | None = None

    @property
    def wrapped(self) -> bool:
        return is_wrapped(self.version)

    @property
    def ome(self) -> dict[str, Any]:
        """The OME-level mapping: the attributes (0.4) or ``attributes["ome"]``."""
        inner = self.document["ome"] if self.wrapped else self.document
        assert isinstance(inner, dict)
        return inner

    def ptr(self, *tokens: str | int) -> str:
        return pointer(*(("ome",) if self.wrapped else ()), *tokens)


#: A family's body: break the target in place; return (pointer, description).
Apply = Callable[[st.DrawFn, Target], tuple[str, str]]


@dataclass(frozen=True)
class Family:
    name: str
    rule: str
    kinds: tuple[str, ...]  # kinds of the valid documents it starts from
    apply: Apply
    versions: tuple[str, ...] = WRITTEN_FOR


FAMILIES: list[Family] = []


def family(
    rule: str, *kinds: str, versions: tuple[str, ...] = WRITTEN_FOR
) -> Callable[[Apply], Apply]:
    """Register a mutation family for ``rule``, starting from documents of ``kinds``."""

    def register(fn: Apply) -> Apply:
        get_rule(rule)  # an unknown rule id is a bug here
        FAMILIES.append(Family(fn.__name__.strip("_"), rule, kinds, fn, versions))
        return fn

    return register


def families(
    version: str | None = None, kind: str | None = None, rule: str | None = None
) -> list[Family]:
    """The families that apply to documents of ``version`` and ``kind``, for ``rule``."""
    out = []
    for fam in FAMILIES:
        if rule is not None and fam.rule != rule:
            continue
        versions = [version] if version else sorted({v for v, _ in _attributes.available()})
        for v in versions:
            if v not in fam.versions:
                continue
            kinds = [kind] if kind else list(fam.kinds)
            if any(k in fam.kinds and (v, k) in _attributes.available() for k in kinds):
                out.append(fam)
                break
    return out


@st.composite
def _mutate(draw: st.DrawFn, fam: Family, version: str, kind: str | None) -> Mutation:
    kinds = [k for k in fam.kinds if (version, k) in _attributes.available()]
    base_kind = kind if kind is not None else draw(st.sampled_from(kinds))
    valid = draw(_attributes.document(version, base_kind))
    target = Target(copy.deepcopy(valid), version, base_kind)
    where, description = fam.apply(draw, target)
    return Mutation(
        document=target.document,
        rule=fam.rule,
        pointer=where,
        family=fam.name,
        description=description,
        base_kind=base_kind,
        base_version=version,
        version=target.forced,
        also=frozenset(target.also),
        group_schema=target.group_schema,
    )


def invalid_attributes(
    version: str | None = None, kind: str | None = None, rule: str | None = None
) -> st.SearchStrategy[Mutation]:
    """Documents with one targeted violation, each with the rule and pointer it must yield.

    ``kind`` selects the valid documents the violations start from; ``rule`` one family.
    """
    choices = []
    versions = [version] if version else sorted({v for v, _ in _attributes.available()})
    for v in versions:
        for fam in families(v, kind, rule):
            choices.append((fam, v))
    if not choices:
        raise ValueError(f"no mutation family for version={version!r} kind={kind!r} rule={rule!r}")
    return st.sampled_from(choices).flatmap(lambda c: _mutate(c[0], c[1], kind))


# --- helpers shared by the families


def _index(draw: st.DrawFn, items: list[Any] | int) -> int:
    size = items if isinstance(items, int) else len(items)
    return draw(st.integers(0, size - 1))


def _multiscale(draw: st.DrawFn, t: Target) -> tuple[int, dict[str, Any]]:
    items = t.ome["multiscales"]
    m = _index(draw, items)
    return m, items[m]


def _resize(vector: list[Any], n: int) -> list[Any]:
    return (vector + [1.0] * n)[:n]


def _transform_lists(ms: dict[str, Any]) -> Iterable[list[dict[str, Any]]]:
    if "coordinateTransformations" in ms:
        yield ms["coordinateTransformations"]
    for dataset in ms["datasets"]:
        yield dataset["coordinateTransformations"]


def _set_axes(ms: dict[str, Any], axes: list[dict[str, Any]]) -> None:
    """Replace a multiscale's axes and resize every vector, so only the axes rules fail."""
    ms["axes"] = axes
    for transforms in _transform_lists(ms):
        for transform in transforms:
            for key in ("scale", "translation"):
                if key in transform:
                    transform[key] = _resize(transform[key], len(axes))


def _axes_of(draw: st.DrawFn, sequence: str) -> list[dict[str, Any]]:
    """Axes of a type sequence (U: a custom axis without 'type'), distinct names."""
    names = _values.distinct(draw, _values.name(), len(sequence))
    out = []
    for letter, name in zip(sequence, names, strict=True):
        if letter == "U":
            out.append({"name": name})
        elif letter == "X":
            out.append({"name": name, "type": draw(_axes.custom_type)})
        else:
            out.append(_axes.axis_of(draw, letter, name))
    return out


def _dataset_list(
    draw: st.DrawFn, t: Target
) -> tuple[int, dict[str, Any], int, list[dict[str, Any]]]:
    m, ms = _multiscale(draw, t)
    d = _index(draw, ms["datasets"])
    return m, ms, d, ms["datasets"][d]["coordinateTransformations"]


def _inline_scale(transforms: list[dict[str, Any]], ndim: int) -> dict[str, Any]:
    """The list's scale, turned into the inline form if it used a path."""
    scale = transforms[0]
    if "scale" not in scale:
        scale.pop("path", None)
        scale["scale"] = [1.0] * ndim
    return scale


def _ensure_omero(draw: st.DrawFn, t: Target) -> dict[str, Any]:
    if "omero" not in t.ome:
        t.ome["omero"] = {"channels": []}
    omero = t.ome["omero"]
    if not omero["channels"]:
        omero["channels"].append(
            {"color": "FF00FF", "window": {"min": 0, "max": 255, "start": 0, "end": 255}}
        )
    assert isinstance(omero, dict)
    return omero


def _non_object(draw: st.DrawFn) -> Any:
    return draw(st.sampled_from([[], "x", 3, None, True, [{"a": 1}]]))


def _non_array(draw: st.DrawFn) -> Any:
    return draw(st.sampled_from([{}, "x", 3, None, {"0": "a"}]))


# --- the whole document and its version


@family("document.structure", *_attributes.KIND_NAMES)
def _not_an_object(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.document = _non_object(draw)
    return "", "the attributes are not a JSON object"


_KEY_OF_KIND = {kind: key for key, kind in KIND_KEYS.items()}


@family("document.kind-key", *_attributes.KIND_NAMES)
def _kind_key_removed(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    del t.ome[_KEY_OF_KIND[t.kind]]
    t.group_schema = t.kind
    return t.ptr(), f"the {t.kind} group schema on a document without its key"


@family("document.no-ome-metadata", *_attributes.KIND_NAMES)
def _no_kind_key(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    for key in list(t.ome):
        if key in KIND_KEYS or key == "omero":
            del t.ome[key]
    return t.ptr(), "every kind key removed"


@family("ome.missing", *_attributes.KIND_NAMES, versions=("0.5",))
def _unwrapped(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    inner = t.document.pop("ome")
    inner.pop("version", None)
    t.document.update(inner)
    t.forced = t.version
    return "", f"0.4-style top-level metadata validated as {t.version}"


@family("ome.structure", *_attributes.KIND_NAMES, versions=("0.5",))
def _ome_not_an_object(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.document["ome"] = _non_object(draw)
    return "/ome", "'ome' is not an object"


@family("ome.version-missing", *_attributes.KIND_NAMES, versions=("0.5",))
def _no_ome_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    del t.ome["version"]
    if t.version == "0.6.dev4":  # unforced, 0.6 content without a version reads as 0.6rc0
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
    return str(value).startswith("0.6") and version.startswith("0.6")


@family("version.unknown", *_attributes.KIND_NAMES)
def _unknown_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    value = draw(
        st.one_of(
            st.sampled_from(["0.3", "1.0", "", "latest", 0.5, 5, None]), _values.text()
        ).filter(lambda v: v not in SUPPORTED_VERSIONS and not str(v).startswith("0.6"))
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


# --- axes


@family("axes.structure", *IMAGE_KINDS)
def _axes_not_a_list_or_axis_without_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    if draw(st.booleans()):
        ms["axes"] = _non_array(draw)
        return t.ptr("multiscales", m, "axes"), "'axes' is not a list"
    a = _index(draw, ms["axes"])
    del ms["axes"][a]["name"]
    return t.ptr("multiscales", m, "axes", a), "an axis without 'name'"


@family("axes.name", *IMAGE_KINDS)
def _bad_axis_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    a = _index(draw, ms["axes"])
    ms["axes"][a]["name"] = draw(st.sampled_from(["", 0, None, ["x"], {"x": 1}]))
    return t.ptr("multiscales", m, "axes", a, "name"), "an empty or non-string axis name"


def _axes_family(rule: str, sequences: list[str], what: str) -> None:
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        m, ms = _multiscale(draw, t)
        sequence = draw(st.sampled_from(sequences))
        _set_axes(ms, _axes_of(draw, sequence))
        return t.ptr("multiscales", m, "axes"), f"axis types {sequence}: {what}"

    apply.__name__ = rule.replace(".", "_").replace("-", "_")
    family(rule, *IMAGE_KINDS)(apply)


# Letters: S space, T time, C channel, X custom type, U no type.
_axes_family("axes.count", ["TCXSSS", "TCUSSS"], "six axes, otherwise well formed")
_axes_family("axes.space-count", ["TS", "CS", "XS", "SSSS", "TSSSS", "CSSSS"], "1 or 4 space axes")
_axes_family("axes.channel-count", ["CCSS", "CCSSS", "TCCSS"], "two channel axes")
_axes_family("axes.custom-count", ["XXSS", "XUSS", "UUSSS", "TXUSS"], "two custom axes")
_axes_family("axes.channel-or-custom", ["CXSS", "XCSSS", "TUCSS"], "a channel and a custom axis")
_axes_family(
    "axes.order", ["SST", "STS", "SSC", "SCS", "CTSS", "SSSU", "XSTS"], "types out of order"
)


@family("axes.type-recommended", *IMAGE_KINDS)
def _untyped_axis(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    sequence = draw(st.sampled_from(["USS", "TUSSS", "UCSS", "CUSSS"]))
    _set_axes(ms, _axes_of(draw, sequence))
    return t.ptr("multiscales", m, "axes", sequence.index("U")), "a custom axis without 'type'"


@family("axes.time-count", *IMAGE_KINDS)
def _two_time_axes(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    sequence = draw(st.sampled_from(["TTSS", "TTSSS", "TTCSS"]))
    _set_axes(ms, _axes_of(draw, sequence))
    where = t.ptr("multiscales", m, "axes")
    t.also.add(("axes.order", where))  # only the first axis may be the time axis
    return where, f"axis types {sequence}: two time axes"


@family("axes.unique-names", *IMAGE_KINDS)
def _duplicate_axis_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    axes = ms["axes"]
    first = _index(draw, len(axes) - 1)
    second = draw(st.integers(first + 1, len(axes) - 1))
    axes[second]["name"] = axes[first]["name"]
    return t.ptr("multiscales", m, "axes", second, "name"), "two axes share a name"


@family("axes.unit-known", *IMAGE_KINDS)
def _unknown_unit(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    candidates = [i for i, a in enumerate(ms["axes"]) if a.get("type") in {"space", "time"}]
    a = draw(st.sampled_from(candidates))
    known = _axes.SPACE_UNITS + _axes.TIME_UNITS
    ms["axes"][a]["unit"] = draw(
        st.one_of(
            st.sampled_from(["pixel", "um", "µm", "Micrometer", "s", ""]), _values.text()
        ).filter(lambda u: u not in known)
    )
    return t.ptr("multiscales", m, "axes", a, "unit"), "a unit outside the spec's lists"


@family("axes.zyx-order", *IMAGE_KINDS)
def _xyz_order(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    prefix = draw(st.sampled_from(["", "T", "C", "TC"]))
    names = draw(st.sampled_from([["x", "y", "z"], ["y", "z", "x"], ["z", "x", "y"]]))
    axes = _axes_of(draw, prefix + "SSS")
    for axis, name in zip(axes[len(prefix) :], names, strict=True):
        axis["name"] = name
    for axis, name in zip(axes, ["t", "c"], strict=False):
        if axis["type"] != "space":
            axis["name"] = name
    _set_axes(ms, axes)
    return t.ptr("multiscales", m, "axes"), f"space axes named {', '.join(names)}"


# --- coordinate transformations


@family("transforms.structure", *IMAGE_KINDS)
def _transforms_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, _ = _dataset_list(draw, t)
    ms["datasets"][d]["coordinateTransformations"] = _non_array(draw)
    return (
        t.ptr("multiscales", m, "datasets", d, "coordinateTransformations"),
        "a dataset's 'coordinateTransformations' is not a list",
    )


@family("transforms.allowed-types", *IMAGE_KINDS)
def _extra_transform_type(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, _, d, transforms = _dataset_list(draw, t)
    kind = draw(st.sampled_from(["identity", "affine", "rotation", "Scale", "sequence"]))
    transforms.append({"type": kind})
    k = len(transforms) - 1
    return (
        t.ptr("multiscales", m, "datasets", d, "coordinateTransformations", k, "type"),
        f"a {kind!r} transformation in multiscales",
    )


@family("transforms.parameters", *IMAGE_KINDS)
def _bad_parameters(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    k = _index(draw, transforms)
    transform = transforms[k]
    key = transform["type"]
    where = ("multiscales", m, "datasets", d, "coordinateTransformations", k)
    how = draw(st.sampled_from(["neither", "both", "empty-path", "not-numbers"]))
    if how == "neither":
        transform.pop(key, None)
        transform.pop("path", None)
        return t.ptr(*where), f"a {key} with neither '{key}' nor 'path'"
    if how == "both":
        transform[key] = [1.0] * len(ms["axes"])
        transform["path"] = "params"
        return t.ptr(*where), f"a {key} with both '{key}' and 'path'"
    if how == "empty-path":
        transform.pop(key, None)
        transform["path"] = ""
        return t.ptr(*where, "path"), "an empty 'path'"
    transform.pop("path", None)
    transform[key] = [1.0] * len(ms["axes"])
    i = _index(draw, transform[key])
    transform[key][i] = draw(st.sampled_from(["1", None, [1], True]))
    return t.ptr(*where, key, i), f"a {key} vector holding a non-number"


@family("transforms.scale-count", *IMAGE_KINDS)
def _scale_count(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    if draw(st.booleans()):
        transforms.append(copy.deepcopy(transforms[0]))
        what = "two scales"
    else:
        transforms[:] = [{"type": "translation", "translation": [0.0] * len(ms["axes"])}]
        what = "no scale"
    return t.ptr("multiscales", m, "datasets", d, "coordinateTransformations"), what


@family("transforms.translation-count", *IMAGE_KINDS)
def _two_translations(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    translation = {"type": "translation", "translation": [0.5] * len(ms["axes"])}
    transforms[1:] = [translation, copy.deepcopy(translation)]
    return (
        t.ptr("multiscales", m, "datasets", d, "coordinateTransformations"),
        "two translations",
    )


@family("transforms.order", *IMAGE_KINDS)
def _translation_first(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    translation = {"type": "translation", "translation": [0.5] * len(ms["axes"])}
    transforms[:] = [translation, transforms[0]]
    return (
        t.ptr("multiscales", m, "datasets", d, "coordinateTransformations", 0, "type"),
        "the translation comes before the scale",
    )


@family("transforms.length-matches-axes", *IMAGE_KINDS)
def _wrong_vector_length(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms, d, transforms = _dataset_list(draw, t)
    ndim = len(ms["axes"])
    scale = _inline_scale(transforms, ndim)
    length = draw(st.sampled_from([n for n in (0, 1, ndim - 1, ndim + 1, 9) if n != ndim]))
    scale["scale"] = _resize(scale["scale"], length)
    return (
        t.ptr("multiscales", m, "datasets", d, "coordinateTransformations", 0, "scale"),
        f"a scale of {length} entries for {ndim} axes",
    )


@family("transforms.path-form", *IMAGE_KINDS)
def _path_form(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, _, d, transforms = _dataset_list(draw, t)
    k = _index(draw, transforms)
    transform = transforms[k]
    transform.pop(transform["type"], None)
    transform["path"] = draw(_values.text(min_size=1))
    return (
        t.ptr("multiscales", m, "datasets", d, "coordinateTransformations", k),
        "parameters stored at a path",
    )


# --- multiscales


@family("multiscales.structure", *IMAGE_KINDS)
def _bad_multiscales(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["empty", "not-a-list", "no-axes", "no-datasets", "item"]))
    if how == "empty":
        t.ome["multiscales"] = []
        return t.ptr("multiscales"), "'multiscales' is empty"
    if how == "not-a-list":
        t.ome["multiscales"] = _non_array(draw)
        return t.ptr("multiscales"), "'multiscales' is not a list"
    m, ms = _multiscale(draw, t)
    if how == "item":
        t.ome["multiscales"][m] = _non_object(draw)
        return t.ptr("multiscales", m), "a multiscale is not an object"
    key = "axes" if how == "no-axes" else "datasets"
    del ms[key]
    return t.ptr("multiscales", m), f"a multiscale without {key!r}"


@family("multiscales.version", *IMAGE_KINDS, versions=("0.4",))
def _wrong_multiscales_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    ms["version"] = draw(st.sampled_from(["0.5", "0.3", "", 0.4, None]))
    return t.ptr("multiscales", m, "version"), f"multiscales version {ms['version']!r}"


@family("multiscales.datasets", *IMAGE_KINDS)
def _no_datasets(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    ms["datasets"] = draw(st.sampled_from([[], {}, "0"]))
    return t.ptr("multiscales", m, "datasets"), "'datasets' is empty or not a list"


@family("multiscales.dataset-path", *IMAGE_KINDS)
def _bad_dataset_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    d = _index(draw, ms["datasets"])
    ms["datasets"][d]["path"] = draw(st.sampled_from(["", 0, None, ["0"]]))
    return t.ptr("multiscales", m, "datasets", d, "path"), "an empty or non-string dataset path"


@family("multiscales.recommended-fields", *IMAGE_KINDS)
def _missing_recommended(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    keys = ["name", "type", "metadata"] + (["version"] if t.version == "0.4" else [])
    key = draw(st.sampled_from(keys))
    ms.pop(key, None)
    return t.ptr("multiscales", m), f"a multiscale without {key!r}"


@family("multiscales.unique-dataset-paths", *IMAGE_KINDS)
def _duplicate_dataset_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    datasets = ms["datasets"]
    datasets.append(copy.deepcopy(datasets[-1]))
    first = _index(draw, len(datasets) - 1)
    datasets[-1]["path"] = datasets[first]["path"]
    return t.ptr("multiscales", m, "datasets", len(datasets) - 1, "path"), "two levels share a path"


@family("multiscales.scales-ordered", *IMAGE_KINDS)
def _shrinking_scale(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    m, ms = _multiscale(draw, t)
    ndim = len(ms["axes"])
    datasets = ms["datasets"]
    for dataset in datasets:
        dataset["coordinateTransformations"][0] = {"type": "scale", "scale": [1.0] * ndim}
    datasets.append(copy.deepcopy(datasets[-1]))
    datasets[-1]["path"] = "".join(d["path"] for d in datasets[:-1]) + "-smaller"
    axis = _index(draw, ndim)
    datasets[-1]["coordinateTransformations"][0]["scale"][axis] = 0.5
    return (
        t.ptr("multiscales", m, "datasets", len(datasets) - 1, "coordinateTransformations"),
        "the last level's scale is smaller than the one before",
    )


# --- omero


@family("omero.structure", "image")
def _bad_omero(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["not-an-object", "no-channels", "channels-not-a-list", "item"]))
    omero = _ensure_omero(draw, t)
    if how == "not-an-object":
        t.ome["omero"] = draw(st.sampled_from([[], "x", 3]))
        return t.ptr("omero"), "'omero' is not an object"
    if how == "no-channels":
        del omero["channels"]
        return t.ptr("omero"), "'omero' without 'channels'"
    if how == "channels-not-a-list":
        omero["channels"] = _non_array(draw)
        return t.ptr("omero", "channels"), "'channels' is not a list"
    c = _index(draw, omero["channels"])
    omero["channels"][c] = draw(st.sampled_from([[], "FF0000", 3]))
    return t.ptr("omero", "channels", c), "a channel is not an object"


@family("omero.channel-required", "image")
def _channel_without_color_or_window(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    omero = _ensure_omero(draw, t)
    c = _index(draw, omero["channels"])
    del omero["channels"][c][draw(st.sampled_from(["color", "window"]))]
    return t.ptr("omero", "channels", c), "a channel without 'color' or 'window'"


@family("omero.channel-color", "image")
def _bad_color(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    omero = _ensure_omero(draw, t)
    c = _index(draw, omero["channels"])
    omero["channels"][c]["color"] = draw(
        st.sampled_from(["#FF0000", "FF00", "FF0000AA", "GGGGGG", "red", "", 16711680])
    )
    return t.ptr("omero", "channels", c, "color"), "a colour that is not 6 hex digits"


@family("omero.channel-window", "image")
def _bad_window(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    omero = _ensure_omero(draw, t)
    c = _index(draw, omero["channels"])
    window = omero["channels"][c]["window"]
    key = draw(st.sampled_from(["min", "max", "start", "end"]))
    if draw(st.booleans()):
        del window[key]
        return t.ptr("omero", "channels", c, "window"), f"a window without {key!r}"
    window[key] = draw(st.sampled_from(["0", None, [0]]))
    return t.ptr("omero", "channels", c, "window", key), f"a window {key!r} that is not a number"


@family("omero.image-only", "labels", "plate", "well", "bioformats2raw", "series")
def _omero_without_image(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["omero"] = {"channels": []}
    return t.ptr("omero"), "'omero' in a group without 'multiscales'"


# --- labels


@family("labels.structure", "labels")
def _labels_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["labels"] = _non_array(draw)
    return t.ptr("labels"), "'labels' is not a list"


_ESCAPING_PATHS = ["", ".", "..", "../x", "a/../b", "/abs", "a//b", "a/", "./a", "a/.", 3, None]


@family("labels.path", "labels")
def _bad_label_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    labels = t.ome["labels"]
    labels.append(draw(st.sampled_from(_ESCAPING_PATHS)))
    return t.ptr("labels", len(labels) - 1), f"label path {labels[-1]!r}"


@family("labels.unique-paths", "labels")
def _duplicate_label_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    labels = t.ome["labels"]
    if not labels:
        labels.append("cells")
    labels.append(labels[_index(draw, labels)])
    return t.ptr("labels", len(labels) - 1), "a label listed twice"


# --- image-label


def _image_label(t: Target) -> dict[str, Any]:
    block = t.ome["image-label"]
    assert isinstance(block, dict)
    return block


def _ensure_colors(draw: st.DrawFn, t: Target) -> list[dict[str, Any]]:
    block = _image_label(t)
    if "colors" not in block:
        block["colors"] = [{"label-value": 1, "rgba": [255, 0, 0, 255]}]
    colors = block["colors"]
    assert isinstance(colors, list)
    return colors


def _ensure_properties(draw: st.DrawFn, t: Target) -> list[dict[str, Any]]:
    block = _image_label(t)
    if "properties" not in block:
        block["properties"] = [{"label-value": 1, "class": "cell"}]
    props = block["properties"]
    assert isinstance(props, list)
    return props


@family("image-label.structure", "label-image")
def _bad_image_label(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if draw(st.booleans()):
        t.ome["image-label"] = draw(st.sampled_from([[], "x", 3, None]))
        return t.ptr("image-label"), "'image-label' is not an object"
    key = draw(st.sampled_from(["colors", "properties"]))
    entries = _ensure_colors(draw, t) if key == "colors" else _ensure_properties(draw, t)
    i = _index(draw, entries)
    del entries[i]["label-value"]
    return t.ptr("image-label", key, i), f"a {key} entry without 'label-value'"


@family("image-label.requires-multiscales", "label-image")
def _label_without_multiscales(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    del t.ome["multiscales"]
    t.ome.pop("omero", None)
    return t.ptr(), "'image-label' without 'multiscales'"


@family("image-label.version", "label-image")
def _wrong_label_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    values = ["0.5", "0.3", 0.4, None] if t.version == "0.4" else [0.5, None, 5, ["0.5"]]
    _image_label(t)["version"] = draw(st.sampled_from(values))
    return t.ptr("image-label", "version"), "a wrong image-label 'version'"


@family("image-label.colors", "label-image")
def _bad_colors(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _image_label(t)["colors"] = draw(st.sampled_from([[], {}, "red"]))
    return t.ptr("image-label", "colors"), "'colors' is empty or not a list"


@family("image-label.properties", "label-image")
def _bad_properties(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _image_label(t)["properties"] = draw(st.sampled_from([[], {}, "area"]))
    return t.ptr("image-label", "properties"), "'properties' is empty or not a list"


@family("image-label.label-value", "label-image")
def _non_integer_label_value(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    key = draw(st.sampled_from(["colors", "properties"]))
    entries = _ensure_colors(draw, t) if key == "colors" else _ensure_properties(draw, t)
    i = _index(draw, entries)
    entries[i]["label-value"] = draw(st.sampled_from([1.5, "1", None, [1], -0.25]))
    return t.ptr("image-label", key, i, "label-value"), "a label value that is not an integer"


@family("image-label.rgba", "label-image")
def _bad_rgba(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    colors = _ensure_colors(draw, t)
    i = _index(draw, colors)
    if draw(st.booleans()):
        colors[i]["rgba"] = draw(st.sampled_from([[255, 0, 0], [0, 0, 0, 0, 0], [], "red"]))
        return t.ptr("image-label", "colors", i, "rgba"), "'rgba' of the wrong length"
    rgba: list[Any] = [0, 0, 0, 255]
    channel = _index(draw, 4)
    rgba[channel] = draw(st.sampled_from([256, -1, 1.5, "255", 1000]))
    colors[i]["rgba"] = rgba
    return t.ptr("image-label", "colors", i, "rgba", channel), "an 'rgba' value out of 0-255"


@family("image-label.source", "label-image")
def _bad_source(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _image_label(t)["source"] = {"image": draw(st.sampled_from(["", 0, None, ["../../"]]))}
    return t.ptr("image-label", "source", "image"), "an empty or non-string 'source.image'"


def _duplicate_label_value(key: str, rule: str) -> None:
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        entries = _ensure_colors(draw, t) if key == "colors" else _ensure_properties(draw, t)
        entries.append(copy.deepcopy(entries[_index(draw, entries)]))
        where = t.ptr("image-label", key, len(entries) - 1, "label-value")
        return where, f"two {key} entries for one label value"

    apply.__name__ = f"duplicate_{key}_label_value"
    family(rule, "label-image")(apply)


_duplicate_label_value("colors", "image-label.unique-colors")
_duplicate_label_value("properties", "image-label.unique-properties")


@family("image-label.recommended-fields", "label-image")
def _label_without_colors(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    keys = ["colors", "version"] if t.version == "0.4" else ["colors"]
    _image_label(t).pop(draw(st.sampled_from(keys)), None)
    return t.ptr("image-label"), "'image-label' without a recommended field"


# --- plate


def _plate(t: Target) -> dict[str, Any]:
    block = t.ome["plate"]
    assert isinstance(block, dict)
    return block


def _acquisitions(t: Target) -> list[dict[str, Any]]:
    plate = _plate(t)
    if not plate.get("acquisitions"):
        plate["acquisitions"] = [{"id": 0, "name": "run", "maximumfieldcount": 1}]
    acquisitions = plate["acquisitions"]
    assert isinstance(acquisitions, list)
    return acquisitions


def _fresh_name(existing: Iterable[str], stem: str) -> str:
    """An alphanumeric name not equal, ignoring case, to any existing one."""
    taken = {n.casefold() for n in existing}
    i = 0
    while f"{stem}{i}".casefold() in taken:
        i += 1
    return f"{stem}{i}"


def _names(entries: list[dict[str, Any]]) -> list[str]:
    return [e["name"] for e in entries]


@family("plate.structure", "plate", "bioformats2raw")
def _bad_plate(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if "plate" not in t.ome:
        t.ome["plate"] = {"rows": [{"name": "A"}], "columns": [{"name": "1"}]}
        return t.ptr("plate"), "a plate without 'wells' beside 'bioformats2raw.layout'"
    how = draw(st.sampled_from(["not-an-object", "rows", "columns", "wells", "item"]))
    if how == "not-an-object":
        t.ome["plate"] = draw(st.sampled_from([[], "A", 3]))
        return t.ptr("plate"), "'plate' is not an object"
    plate = _plate(t)
    if how == "item":
        key = draw(st.sampled_from(["rows", "columns", "wells"]))
        i = _index(draw, plate[key])
        plate[key][i] = draw(st.sampled_from([[], "A", 3]))
        return t.ptr("plate", key, i), f"an entry of {key!r} is not an object"
    del plate[how]
    return t.ptr("plate"), f"a plate without {how!r}"


@family("plate.version", "plate")
def _wrong_plate_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    values = ["0.5", "0.3", 0.4, None] if t.version == "0.4" else [0.5, None, 5, ["0.5"]]
    _plate(t)["version"] = draw(st.sampled_from(values))
    return t.ptr("plate", "version"), "a wrong plate 'version'"


@family("plate.field-count", "plate")
def _bad_field_count(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    value = draw(st.sampled_from([0, -1, 1.5, "3", None]))
    if draw(st.booleans()):
        _plate(t)["field_count"] = value
        return t.ptr("plate", "field_count"), f"'field_count' is {value!r}"
    acquisitions = _acquisitions(t)
    i = _index(draw, acquisitions)
    acquisitions[i]["maximumfieldcount"] = value
    return t.ptr("plate", "acquisitions", i, "maximumfieldcount"), f"'maximumfieldcount' {value!r}"


def _empty_plate_list(key: str, rule: str) -> None:
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        plate = _plate(t)
        plate[key] = draw(st.sampled_from([[], {}, "A"]))
        if key == "wells":
            return t.ptr("plate", key), "'wells' is empty or not a list"
        return t.ptr("plate", key), f"{key!r} is empty or not a list"

    apply.__name__ = f"empty_{key}"
    family(rule, "plate")(apply)


_empty_plate_list("rows", "plate.rows")
_empty_plate_list("columns", "plate.columns")
_empty_plate_list("wells", "plate.wells")


@family("plate.name-alphanumeric", "plate")
def _bad_row_or_column_name(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    key = draw(st.sampled_from(["rows", "columns"]))
    entries = _plate(t)[key]
    # a new row or column, so that no well's path has to change with it
    entries.append({"name": draw(st.sampled_from(["", "A-1", "B 2", "Ä", "a_b", 1, None]))})
    return t.ptr("plate", key, len(entries) - 1, "name"), f"a {key[:-1]} name not alphanumeric"


@family("plate.well-path", "plate")
def _bad_well_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    wells = _plate(t)["wells"]
    w = _index(draw, wells)
    path = wells[w]["path"]
    row, column = path.split("/")
    bad = draw(
        st.sampled_from(
            [
                f"{row}{column}",
                f"{row}/{column}/0",
                f"/{row}/{column}",
                f"{row}-{column}",
                f"{row}/{column}/",
                f"{row} /{column}",
                "",
            ]
        )
    )
    wells[w]["path"] = bad
    return t.ptr("plate", "wells", w, "path"), f"well path {bad!r}"


@family("plate.well-index", "plate")
def _bad_well_index(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    wells = _plate(t)["wells"]
    w = _index(draw, wells)
    key = draw(st.sampled_from(["rowIndex", "columnIndex"]))
    wells[w][key] = draw(st.sampled_from([0.5, "0", None, [0]]))
    return t.ptr("plate", "wells", w, key), f"{key!r} is not an integer"


@family("plate.acquisition-id", "plate")
def _bad_acquisition_id(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    acquisitions = _acquisitions(t)
    i = _index(draw, acquisitions)
    acquisitions[i]["id"] = draw(st.sampled_from([-1, 0.5, "0", None]))
    return t.ptr("plate", "acquisitions", i, "id"), "an acquisition id that is not >= 0"


@family("plate.acquisition-time", "plate")
def _bad_acquisition_time(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    acquisitions = _acquisitions(t)
    i = _index(draw, acquisitions)
    key = draw(st.sampled_from(["starttime", "endtime"]))
    acquisitions[i][key] = draw(st.sampled_from([-1, 1.5, "2020-01-01", None]))
    return t.ptr("plate", "acquisitions", i, key), f"{key!r} is not a timestamp"


def _duplicate_name(key: str, rule: str) -> None:
    def apply(draw: st.DrawFn, t: Target) -> tuple[str, str]:
        entries = _plate(t)[key]
        entries.append({"name": entries[_index(draw, entries)]["name"]})
        where = t.ptr("plate", key, len(entries) - 1, "name")
        return where, f"a {key[:-1]} name used twice"

    apply.__name__ = f"duplicate_{key[:-1]}_name"
    family(rule, "plate")(apply)


_duplicate_name("rows", "plate.unique-row-names")
_duplicate_name("columns", "plate.unique-column-names")


@family("plate.case-insensitive-names", "plate")
def _names_differing_by_case(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    key = draw(st.sampled_from(["rows", "columns"]))
    entries = _plate(t)[key]
    name = _fresh_name(_names(entries), "q")
    entries.append({"name": name})
    entries.append({"name": name.upper()})
    return t.ptr("plate", key, len(entries) - 1, "name"), f"{name!r} and {name.upper()!r}"


@family("plate.well-path-matches-row-column", "plate")
def _well_path_mismatch(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    plate = _plate(t)
    wells = plate["wells"]
    w = _index(draw, wells)
    key, noun = draw(st.sampled_from([("rowIndex", "rows"), ("columnIndex", "columns")]))
    entries = plate[noun]
    if len(entries) == 1:
        entries.append({"name": _fresh_name(_names(entries), "n")})
    current = wells[w][key]
    other = draw(st.sampled_from([i for i in range(len(entries)) if i != current]))
    wells[w][key] = float(other) if isinstance(current, float) else other  # keep its spelling
    return t.ptr("plate", "wells", w, "path"), f"{key!r} names another {noun[:-1]}"


@family("plate.well-index-in-range", "plate")
def _well_index_out_of_range(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    plate = _plate(t)
    wells = plate["wells"]
    w = _index(draw, wells)
    key, noun = draw(st.sampled_from([("rowIndex", "rows"), ("columnIndex", "columns")]))
    beyond = len(plate[noun]) + draw(st.sampled_from([0, 1, 100]))
    wells[w][key] = float(beyond) if isinstance(wells[w][key], float) else beyond
    return t.ptr("plate", "wells", w, key), f"{key!r} beyond the last of the {noun}"


@family("plate.unique-wells", "plate")
def _duplicate_well(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    wells = _plate(t)["wells"]
    wells.append(copy.deepcopy(wells[_index(draw, wells)]))
    return t.ptr("plate", "wells", len(wells) - 1, "path"), "a well listed twice"


@family("plate.unique-acquisition-ids", "plate")
def _duplicate_acquisition(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    acquisitions = _acquisitions(t)
    acquisitions.append({"id": acquisitions[_index(draw, acquisitions)]["id"]})
    where = t.ptr("plate", "acquisitions", len(acquisitions) - 1, "id")
    return where, "an acquisition id used twice"


@family("plate.recommended-fields", "plate")
def _plate_without_recommended(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    if draw(st.booleans()):
        keys = ["name", "version"] if t.version == "0.4" else ["name"]
        _plate(t).pop(draw(st.sampled_from(keys)), None)
        return t.ptr("plate"), "a plate without a recommended field"
    acquisitions = _acquisitions(t)
    i = _index(draw, acquisitions)
    acquisitions[i].pop(draw(st.sampled_from(["name", "maximumfieldcount"])), None)
    return t.ptr("plate", "acquisitions", i), "an acquisition without a recommended field"


# --- well


def _well(t: Target) -> dict[str, Any]:
    block = t.ome["well"]
    assert isinstance(block, dict)
    return block


@family("well.structure", "well")
def _bad_well(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    how = draw(st.sampled_from(["not-an-object", "no-images", "item", "no-path"]))
    if how == "not-an-object":
        t.ome["well"] = draw(st.sampled_from([[], "A1", 3]))
        return t.ptr("well"), "'well' is not an object"
    well = _well(t)
    if how == "no-images":
        del well["images"]
        return t.ptr("well"), "a well without 'images'"
    i = _index(draw, well["images"])
    if how == "item":
        well["images"][i] = draw(st.sampled_from([[], "0", 3]))
        return t.ptr("well", "images", i), "a field is not an object"
    del well["images"][i]["path"]
    return t.ptr("well", "images", i), "a field without 'path'"


@family("well.version", "well")
def _wrong_well_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    values = ["0.5", "0.3", 0.4, None] if t.version == "0.4" else [0.5, None, 5, ["0.5"]]
    _well(t)["version"] = draw(st.sampled_from(values))
    return t.ptr("well", "version"), "a wrong well 'version'"


@family("well.images", "well")
def _bad_images(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _well(t)["images"] = draw(st.sampled_from([[], {}, "0"]))
    return t.ptr("well", "images"), "'images' is empty or not a list"


@family("well.image-path", "well")
def _bad_image_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    images = _well(t)["images"]
    i = _index(draw, images)
    images[i]["path"] = draw(st.sampled_from(["", "0/1", "a b", "../0", "é", 0, None]))
    return t.ptr("well", "images", i, "path"), "a field path that is not alphanumeric"


@family("well.acquisition", "well")
def _bad_image_acquisition(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    images = _well(t)["images"]
    i = _index(draw, images)
    images[i]["acquisition"] = draw(st.sampled_from([0.5, "0", None, [0]]))
    return t.ptr("well", "images", i, "acquisition"), "an acquisition that is not an integer"


@family("well.unique-image-paths", "well")
def _duplicate_image_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    images = _well(t)["images"]
    images.append({"path": images[_index(draw, images)]["path"]})
    return t.ptr("well", "images", len(images) - 1, "path"), "a field path used twice"


@family("well.recommended-fields", "well", versions=("0.4",))
def _well_without_version(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    _well(t).pop("version", None)
    return t.ptr("well"), "a well without 'version'"


# --- bioformats2raw and series


@family("bioformats2raw.layout", "bioformats2raw")
def _bad_layout(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["bioformats2raw.layout"] = draw(st.sampled_from([2, 4, "3", 3.5, None, [3], True]))
    return t.ptr("bioformats2raw.layout"), f"layout {t.ome['bioformats2raw.layout']!r}"


@family("series.structure", "series")
def _series_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    t.ome["series"] = _non_array(draw)
    return t.ptr("series"), "'series' is not a list"


@family("series.path", "series")
def _bad_series_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    series = t.ome["series"]
    series.append(draw(st.sampled_from(_ESCAPING_PATHS)))
    return t.ptr("series", len(series) - 1), f"series path {series[-1]!r}"


def _widen_to_06() -> None:
    """Families of rules 0.6 keeps, on the kinds 0.6 keeps, apply to the 0.6 drafts too."""
    v06 = ("0.6.dev4", "0.6rc0")
    not_in_06 = {"well.version", "well.recommended-fields", "version.assumed"}
    kept = set(_attributes.UNCHANGED_IN_06)
    for i, fam in enumerate(FAMILIES):
        generic = set(fam.kinds) == set(_attributes.KIND_NAMES)
        if fam.rule in not_in_06 or not (generic or set(fam.kinds) <= kept):
            continue
        if all(get_rule(fam.rule).applies_to(v) for v in v06):
            FAMILIES[i] = dataclasses.replace(fam, versions=fam.versions + v06)


_widen_to_06()


def family_rules() -> frozenset[str]:
    """The rules some mutation family breaks."""
    return frozenset(f.rule for f in FAMILIES)


def by_rule() -> Mapping[str, list[Family]]:
    out: dict[str, list[Family]] = {}
    for fam in FAMILIES:
        out.setdefault(fam.rule, []).append(fam)
    return out
