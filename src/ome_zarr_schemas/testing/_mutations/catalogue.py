"""Every mutation family, loaded, and the strategies that draw from them.

Importing this module imports each concept module (which registers its families in
`registry` and `hierarchy_registry`), then widens the 0.4/0.5 document families whose
rule 0.6 keeps to the 0.6 drafts. `invalid_attributes` and `invalid_hierarchies` draw a
family, a valid base, and the break.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
from collections.abc import Mapping

from hypothesis import strategies as st

from ...rules import get_rule
from ...spec.versions import SUPPORTED_VERSIONS
from .. import _attributes
from .._builder import GeneratedHierarchy
from .._hierarchies import draw_hierarchy
from .helpers import V06
from .hierarchy_registry import HIERARCHY_FAMILIES, HierarchyFamily, HierarchyMutation, StoreTarget
from .registry import FAMILIES, WRITTEN_FOR, Family, Mutation, Target

__all__ = [
    "by_rule",
    "families",
    "family_rules",
    "hierarchy_families",
    "hierarchy_family_rules",
    "invalid_attributes",
    "invalid_hierarchies",
]

#: The concept modules, in the order their families register (the order they are drawn in).
CONCEPTS = (
    "store",
    "document",
    "version",
    "axes",
    "transformations",
    "fields",
    "multiscales",
    "omero",
    "labels",
    "image_label",
    "plate",
    "well",
    "bioformats2raw",
    "coordinate_systems",
    "scene",
)
for _concept in CONCEPTS:
    importlib.import_module(f"{__package__}.{_concept}")


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
        kind=target.expected_kind,
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


def _widen_to_06() -> None:
    """Families of rules 0.6 keeps, on the kinds 0.6 keeps, apply to the 0.6 drafts too."""
    not_in_06 = {"well.version", "well.recommended-fields", "version.assumed"}
    kept = set(_attributes.UNCHANGED_IN_06)
    for i, fam in enumerate(FAMILIES):
        if not set(fam.versions) <= set(WRITTEN_FOR):
            continue  # written for 0.6 already
        generic = set(fam.kinds) == set(_attributes.KIND_NAMES)
        if fam.rule in not_in_06 or not (generic or set(fam.kinds) <= kept):
            continue
        if all(get_rule(fam.rule).applies_to(v) for v in V06):
            FAMILIES[i] = dataclasses.replace(fam, versions=fam.versions + V06)


#: Rules whose 0.4/0.5 families break only blocks 0.6 keeps unchanged (omero,
#: image-label) or nothing 0.6 moved ('datasets', the recommended fields).
_SAME_IN_06 = {
    "omero.structure",
    "omero.channel-required",
    "omero.channel-color",
    "omero.channel-window",
    "multiscales.datasets",
    "multiscales.recommended-fields",
}


def _widen() -> None:
    """Widen the 0.4/0.5 families whose finding is the same in 0.6, and let the generic
    ones (and the 'omero' one) start from scenes too."""
    generic = set(_attributes.KIND_NAMES)
    for i, fam in enumerate(FAMILIES):
        same = fam.rule in _SAME_IN_06 or fam.rule.startswith("image-label.")
        if same and not set(fam.versions) & set(V06):
            FAMILIES[i] = dataclasses.replace(fam, versions=fam.versions + V06)
        if set(fam.kinds) == generic or fam.rule == "omero.image-only":
            FAMILIES[i] = dataclasses.replace(FAMILIES[i], kinds=(*FAMILIES[i].kinds, "scene"))


_widen_to_06()
_widen()


def family_rules() -> frozenset[str]:
    """The rules some mutation family breaks."""
    return frozenset(f.rule for f in FAMILIES)


def by_rule() -> Mapping[str, list[Family]]:
    out: dict[str, list[Family]] = {}
    for fam in FAMILIES:
        out.setdefault(fam.rule, []).append(fam)
    return out


def hierarchy_families(
    version: str | None = None, kind: str | None = None, rule: str | None = None
) -> list[HierarchyFamily]:
    """The families that start from hierarchies of ``version`` and ``kind``, for ``rule``."""
    versions = [version] if version is not None else list(SUPPORTED_VERSIONS)
    return [
        fam
        for fam in HIERARCHY_FAMILIES
        if (rule is None or fam.rule == rule) and any(fam.bases_for(v, kind) for v in versions)
    ]


def hierarchy_family_rules() -> frozenset[str]:
    """The hierarchy rules some family breaks."""
    return frozenset(f.rule for f in HIERARCHY_FAMILIES)


@st.composite
def _mutate_hierarchy(
    draw: st.DrawFn, fam: HierarchyFamily, version: str, kind: str, needs: frozenset[str]
) -> HierarchyMutation:
    valid = draw(draw_hierarchy(version, kind, needs))
    target = StoreTarget(valid)
    node, description = fam.apply(draw, target)
    target.also.discard((fam.rule, node))
    return HierarchyMutation(
        hierarchy=GeneratedHierarchy(version, kind, target.docs),
        rule=fam.rule,
        node=node,
        family=fam.name,
        description=description,
        valid=valid,
        also=frozenset(target.also),
        reader_kwargs=dict(target.reader_kwargs),
        listing=fam.listing,
    )


def invalid_hierarchies(
    version: str | None = None, kind: str | None = None, rule: str | None = None
) -> st.SearchStrategy[HierarchyMutation]:
    """Hierarchies broken in one way for one hierarchy rule, each with its finding.

    ``kind`` selects the root kind of the valid hierarchies the breaks start from,
    ``rule`` one family. A mutation with ``listing`` gives its finding only on a store
    that can be listed (local, S3, memory; not plain HTTP).
    """
    versions = [version] if version is not None else list(SUPPORTED_VERSIONS)
    choices = [
        (fam, v, k, needs)
        for v in versions
        for fam in HIERARCHY_FAMILIES
        if rule is None or fam.rule == rule
        for k, needs in fam.bases_for(v, kind)
    ]
    if not choices:
        raise ValueError(
            f"no hierarchy mutation family for version={version!r} kind={kind!r} rule={rule!r}"
        )
    return st.sampled_from(choices).flatmap(lambda c: _mutate_hierarchy(*c))
