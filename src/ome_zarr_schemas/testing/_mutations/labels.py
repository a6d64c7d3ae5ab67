"""Mutation families of the labels rules (`rules/labels.py`): the labels group's list and
the label images it names in a hierarchy."""

from __future__ import annotations

from hypothesis import strategies as st

from .. import _values
from .._builder import copy_json, join, parent
from .helpers import escaping_path, index, not_a_list
from .hierarchy_registry import CONTAINERS, V3, StoreTarget, family_bases, hierarchy_family
from .registry import Target, family


@family("labels.structure", "labels")
def _labels_not_a_list(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return not_a_list(draw, t, "labels")


@family("labels.path", "labels")
def _bad_label_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    return escaping_path(draw, t, "labels", "label path")


@family("labels.unique-paths", "labels")
def _duplicate_label_path(draw: st.DrawFn, t: Target) -> tuple[str, str]:
    labels = t.ome["labels"]
    if not labels:
        labels.append("cells")
    labels.append(labels[index(draw, labels)])
    return t.ptr("labels", len(labels) - 1), "a label listed twice"


@hierarchy_family("labels.group-metadata", family_bases(CONTAINERS, ("labels",)))
def _labels_group_plain(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    image = t.pick(draw, [i for i in t.images() if t.labels_group(i)])
    group = join(image, "labels")
    key = t.attrs_key(group)
    if t.v2:
        t.docs.pop(key)
    else:
        t.docs[key]["attributes"] = {}
    return group, "the labels group lost its 'labels' metadata"


@hierarchy_family("labels.label-image-exists", family_bases((*CONTAINERS, "labels"), ("labels",)))
def _label_missing(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    group = t.pick(draw, t.with_key("labels"))
    ome = t.ome(group)
    assert ome is not None
    names = ome["labels"]
    if draw(_values.COIN):
        names.append("missing-label")
        return group, "'labels' lists a label image that does not exist"
    name = t.pick(draw, names)
    label = join(group, name)
    t.drop_or_plain(draw, label)
    for image in t.images():  # a 0.6 transformation into that label now misses it too
        for transform in t.meta(image)["multiscales"][0].get("coordinateTransformations", []):
            target = transform.get("output", {}).get("path")
            if isinstance(target, str) and join(image, target) == label:
                t.also.add(("transforms.io-target-exists", image))
    return group, f"label image {name!r} removed or made a plain group"


@hierarchy_family("labels.level-count", family_bases(CONTAINERS, ("labels", "levels2")))
def _label_level_dropped(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    label = t.pick(draw, t.label_images())
    ome = t.ome(label)
    assert ome is not None
    _, array = t.datasets(label)[-1]
    ome["multiscales"][0]["datasets"].pop()
    t.drop(array)
    return label, "the label image lost its last level"


@hierarchy_family(
    "labels.intermediate-no-metadata",
    family_bases((*CONTAINERS, "labels"), ("nested-label",)),
    versions=V3,
)
def _intermediate_metadata(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    middles = sorted(
        {parent(join(g, n)) for g in t.with_key("labels") for n in t.meta(g)["labels"] if "/" in n}
    )
    middle = t.pick(draw, middles)
    t.docs[t.attrs_key(middle)]["attributes"]["ome"] = {"version": t.version}
    t.also.add(("document.no-ome-metadata", middle))  # an 'ome' of no kind
    return middle, "the group between 'labels' and a label image carries 'ome'"


@hierarchy_family(
    "labels.unlisted-label",
    family_bases((*CONTAINERS, "labels"), ("labels",)),
    versions=V3,
    listing=True,
)
def _unlisted_label(draw: st.DrawFn, t: StoreTarget) -> tuple[str, str]:
    group = t.pick(draw, t.with_key("labels"))
    ome = t.ome(group)
    assert ome is not None
    label = join(group, t.pick(draw, ome["labels"]))
    copy_path = join(group, "unlisted-copy")
    prefix = f"{label}/"
    for key in [k for k in t.docs if k.startswith(prefix)]:
        t.docs[f"{copy_path}/{key[len(prefix) :]}"] = copy_json(t.docs[key])
    copied = t.ome(copy_path)
    assert copied is not None
    copied["image-label"].pop("source", None)  # the default fits a direct child
    return group, "a label image under 'labels' that the list does not name"
