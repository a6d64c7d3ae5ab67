"""Valid 0.6 displacement and coordinate fields, in the layout of each draft.

One writer for the store cases (`tests/stores.py`) and the generated scenes
(`_hierarchy_groups.scene_tree`), so that the `fields.*` mutation families and the store
cases start from the same layout: 0.6.dev4 an array carrying its own coordinate system
and transformation (vector axis last, as the text recommends), 0.6rc0 a multiscale image
group with one level (vector axis after time and channel, before space).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..spec.versions import get
from ._builder import StoreDocuments, copy_json, join

__all__ = ["VECTOR_TYPES", "field_parts", "write_field"]

#: The vector axis type of each field transformation.
VECTOR_TYPES = {"displacements": "displacement", "coordinates": "coordinate"}


def _vector_position(axes: Sequence[Mapping[str, Any]]) -> int:
    """0.6rc0: the vector axis sits after the time axis and before the space axes."""
    for i, axis in enumerate(axes):
        if axis.get("type") == "space":
            return i
    return len(axes)


def write_field(
    tree: StoreDocuments,
    path: str,
    kind: str,
    axes: Sequence[Mapping[str, Any]],
    m: int,
    *,
    size: int = 8,
    dtype: str = "float32",
    as_group: bool | None = None,
) -> None:
    """A valid ``kind`` field at ``path`` over a system of ``axes`` with ``m`` components
    (the output system's axis count), each grid axis ``size`` long; ``as_group`` forces
    a layout (the other draft's, for the `fields.layout` cases)."""
    names = {a.get("name") for a in axes}
    vector_name = next(n for n in ("d", "v", "vector", "component") if n not in names)
    vector = {"name": vector_name, "type": VECTOR_TYPES[kind], "discrete": True}
    grid = [copy_json(dict(a)) for a in axes]
    system = path.rpartition("/")[2] or "field"
    if as_group is None:
        as_group = get(tree.version).field_is_group
    if not as_group:
        all_axes = [*grid, vector]
        tree.array(path, [size] * len(grid) + [m], dtype, names=[a["name"] for a in all_axes])
        tree.array_doc(path)["attributes"] = {
            "ome": {
                "coordinateSystems": [{"name": system, "axes": all_axes}],
                "coordinateTransformations": [{"type": "identity", "output": {"name": system}}],
            }
        }
        return
    at = _vector_position(grid)
    all_axes = [*grid[:at], vector, *grid[at:]]
    shape = [size] * len(all_axes)
    shape[at] = m
    tree.array(join(path, "0"), shape, dtype, names=[a["name"] for a in all_axes])
    transform = {
        "type": "scale",
        "scale": [1.0] * len(all_axes),
        "input": {"path": "0"},
        "output": {"name": system},
    }
    multiscale = {
        "name": system,
        "type": "mean",
        "metadata": {"method": "a displacement or coordinate field"},
        "coordinateSystems": [{"name": system, "axes": all_axes}],
        "datasets": [{"path": "0", "coordinateTransformations": [transform]}],
    }
    tree.group(path, {"multiscales": [multiscale]})


def field_parts(tree: StoreDocuments, path: str) -> tuple[dict[str, Any], list[str]]:
    """(the field's coordinate system, its array paths) of a field `write_field` wrote, in
    either layout, for editing in place."""
    doc = tree.docs[join(path, "zarr.json")]
    if doc.get("node_type") == "array":
        system: dict[str, Any] = doc["attributes"]["ome"]["coordinateSystems"][0]
        return system, [path]
    multiscale = doc["attributes"]["ome"]["multiscales"][0]
    return multiscale["coordinateSystems"][0], [
        join(path, d["path"]) for d in multiscale["datasets"]
    ]
