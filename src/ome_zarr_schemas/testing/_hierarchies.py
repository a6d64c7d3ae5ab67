"""Valid whole hierarchies: `hierarchies` draws a `GeneratedHierarchy` of a version and root kind.

The store is drawn structure first (counts, which wells, which levels) so that a failing
example shrinks to a few wells and levels; the images are drawn by `_hierarchy_images`,
the groups that hold them (plate, well, labels, bioformats2raw, scene) by
`_hierarchy_groups`, and the documents are laid out by the one store builder, `_builder`.
A base may be asked for features (``needs``: labels, two levels, a link...) that the
mutation families of `_mutations` start from, so that no example is rejected.
"""

from __future__ import annotations

from hypothesis import strategies as st

from ..spec.versions import SUPPORTED_VERSIONS, lookup
from ._builder import GeneratedHierarchy, StoreDocuments
from ._hierarchy_groups import bf2raw_tree, labels_tree, plate_tree, scene_tree, well_tree
from ._hierarchy_images import draw_image

__all__ = ["BASE_KINDS", "draw_hierarchy", "hierarchies", "hierarchy_kinds"]

BASE_KINDS = ("image", "labels", "plate", "well", "bioformats2raw")


def hierarchy_kinds(version: str) -> tuple[str, ...]:
    """The root kinds `hierarchies` draws for ``version`` (scenes exist from 0.6 on)."""
    known = lookup(version)  # None for an unknown version, which `hierarchies` refuses
    return (*BASE_KINDS, "scene") if known is not None and "scene" in known.kinds else BASE_KINDS


@st.composite
def draw_hierarchy(
    draw: st.DrawFn, version: str, kind: str, needs: frozenset[str] = frozenset()
) -> GeneratedHierarchy:
    tree = StoreDocuments(version)
    if kind == "image":
        draw_image(draw, tree, "", needs)
    elif kind == "labels":
        labels_tree(draw, tree, needs)
    elif kind == "plate":
        plate_tree(draw, tree, needs, {})
    elif kind == "well":
        well_tree(draw, tree, needs)
    elif kind == "bioformats2raw":
        bf2raw_tree(draw, tree, needs)
    elif kind == "scene":
        scene_tree(draw, tree, needs)
    else:  # pragma: no cover - guarded by hierarchies()
        raise ValueError(kind)
    return GeneratedHierarchy(version, kind, tree.docs)


def _pairs(version: str | None, kind: str | None) -> list[tuple[str, str]]:
    versions = [version] if version is not None else list(SUPPORTED_VERSIONS)
    pairs = [(v, k) for v in versions for k in hierarchy_kinds(v) if kind is None or k == kind]
    if not pairs or (version is not None and version not in SUPPORTED_VERSIONS):
        raise ValueError(f"no hierarchy strategy for version={version!r} kind={kind!r}")
    return pairs


def hierarchies(
    version: str | None = None, kind: str | None = None
) -> st.SearchStrategy[GeneratedHierarchy]:
    """Valid metadata-only hierarchies of ``version`` whose root is a ``kind`` group.

    Kinds: image (maybe with labels), labels, plate, well, bioformats2raw (numbered
    images, series, or a plate), and scene from 0.6 on; None draws any of them.
    """
    pairs = _pairs(version, kind)
    if len(pairs) == 1:
        return draw_hierarchy(*pairs[0])
    return st.sampled_from(pairs).flatmap(lambda pair: draw_hierarchy(*pair))
