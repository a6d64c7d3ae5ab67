"""Properties of the store validator over generated whole hierarchies
(ome_zarr_schemas.testing.hierarchies / invalid_hierarchies): valid ones are clean, each
break gives exactly its findings, HTTP and local reads agree, and the order in which a
store was written does not matter.

Bounded by the Hypothesis profile in conftest.py (OME_ZARR_SCHEMAS_HYPOTHESIS_PROFILE).
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas import CATALOGUE, Severity, validate_store
from ome_zarr_schemas.issues import Report
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS
from ome_zarr_schemas.store.nodes import Limits
from ome_zarr_schemas.testing import (
    GeneratedHierarchy,
    HierarchyFamily,
    HierarchyMutation,
    hierarchies,
    hierarchy_families,
    hierarchy_kinds,
    invalid_hierarchies,
    write_hierarchy,
)

from .http_server import Faults, serve
from .stores import StoreSpec
from .test_strategies import FILE_SYSTEM_LEVEL

PAIRS = [(v, k) for v in SUPPORTED_VERSIONS for k in hierarchy_kinds(v)]
FAMILIES = hierarchy_families()
PROFILE = settings().max_examples
#: Each (version, kind) and each family is a test of its own, with a share of the profile.
PER_PAIR = settings(max_examples=max(2, PROFILE // 6))
PER_FAMILY = settings(max_examples=max(2, PROFILE // 10))
SOME = settings(max_examples=max(5, PROFILE // 2))


def findings(report: Report) -> set[tuple[str, str]]:
    """(rule, node) of every hierarchy finding and every error; document-level warnings
    (recommended fields and the like) are the attribute strategies' business."""
    return {
        (i.rule, i.node)
        for i in report.issues
        if CATALOGUE[i.rule].origin == "hierarchy" or i.severity is Severity.ERROR
    }


def keys(report: Report) -> set[tuple[str, str, str, str]]:
    return {(i.rule, str(i.severity), i.node, i.pointer) for i in report.issues}


def local_report(hierarchy: GeneratedHierarchy, **reader: Any) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        write_hierarchy(hierarchy, folder)
        return validate_store(folder, **reader)


# --- (a) valid hierarchies are clean


@pytest.mark.parametrize(("version", "kind"), PAIRS, ids=[f"{v}-{k}" for v, k in PAIRS])
@PER_PAIR
@given(data=st.data())
def test_generated_hierarchy_is_valid(version: str, kind: str, data: st.DataObject) -> None:
    hierarchy = data.draw(hierarchies(version, kind))
    assert hierarchy.version == version and hierarchy.kind == kind
    assert not any(k.endswith(("/c", ".0")) for k in hierarchy.documents)  # metadata only
    report = local_report(hierarchy)
    assert findings(report) == set(), [
        i.to_dict() for i in report.issues if i.severity != "warning"
    ]
    assert report.valid
    assert report.version == version
    assert kind in report.kinds


@SOME
@given(hierarchies())
def test_generated_documents_are_zarr_metadata_zarr_python_opens(
    hierarchy: GeneratedHierarchy,
) -> None:
    import zarr
    from zarr.storage import MemoryStore

    store = write_hierarchy(hierarchy, MemoryStore())
    arrays = {
        k.rpartition("/")[0]: doc
        for k, doc in hierarchy.documents.items()
        if k.endswith((".zarray", "zarr.json"))
        and isinstance(doc, dict)
        and doc.get("node_type", "array" if k.endswith(".zarray") else "group") == "array"
    }
    assert arrays
    fmt = hierarchy.zarr_format
    root = zarr.open_group(store, mode="r", zarr_format=fmt)
    assert root.metadata.zarr_format == fmt
    for path, doc in arrays.items():
        array = zarr.open_array(store, path=path, mode="r", zarr_format=fmt)
        assert list(array.shape) == doc["shape"]


# --- (b) each break gives exactly its findings


@pytest.mark.parametrize("family", FAMILIES, ids=[f.rule for f in FAMILIES])
@PER_FAMILY
@given(data=st.data())
def test_mutation_gives_exactly_its_findings(family: HierarchyFamily, data: st.DataObject) -> None:
    mutation = data.draw(invalid_hierarchies(rule=family.rule))
    assert mutation.rule == family.rule and mutation.family == family.name
    assert mutation.hierarchy.documents != mutation.valid.documents or mutation.reader_kwargs
    report = local_report(mutation.hierarchy, **mutation.reader_kwargs)
    found = findings(report)
    assert (mutation.rule, mutation.node) in found, (mutation.description, report.issues)
    assert found == set(mutation.expected), (
        mutation.description,
        sorted(found ^ mutation.expected),
    )
    assert report.valid is not bool(mutation.expected_errors)


def test_families_cover_every_hierarchy_rule_in_every_version() -> None:
    """Each (rule, version) the catalogue defines has a family, except version.consistent
    in 0.4 (zarr v2 means 0.4: a version cannot differ) and the rules of the file system
    under the documents (links, pipes: tests/test_store_safety.py), and no family targets a
    version its rule does not apply to."""
    covered = {(f.rule, v) for f in FAMILIES for v in f.versions}
    wanted = {
        (r.id, v)
        for r in CATALOGUE.values()
        if r.origin == "hierarchy" and r.id not in FILE_SYSTEM_LEVEL
        for v in SUPPORTED_VERSIONS
        if r.applies_to(v)
    }
    assert wanted - covered == {("version.consistent", "0.4")}
    assert covered <= wanted
    for fam in FAMILIES:
        assert set(fam.kinds) <= {"image", "labels", "plate", "well", "bioformats2raw", "scene"}
        assert all(fam.bases_for(v) for v in fam.versions), fam.name


# --- (c) over HTTP the same report as on disk


@pytest.fixture(scope="module")
def http_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Faults]]:
    """One server for the module on 127.0.0.1; each example writes its own folder."""
    root = tmp_path_factory.mktemp("served")
    with serve(root) as (url, faults):
        yield root, url, faults


_COUNTER = itertools.count()
_REMOTE = st.one_of(
    hierarchies().map(lambda h: (h, {})),
    invalid_hierarchies()
    .filter(lambda m: not m.listing)  # plain HTTP cannot list folders
    .map(lambda m: (m.hierarchy, dict(m.reader_kwargs))),
)


@SOME
@given(case=_REMOTE)
def test_http_report_matches_the_local_one(
    http_root: tuple[Path, str, Faults], case: tuple[GeneratedHierarchy, dict[str, Any]]
) -> None:
    hierarchy, reader = case
    root, url, faults = http_root
    name = f"h{next(_COUNTER)}"
    write_hierarchy(hierarchy, root / name)
    before = len(faults.requests)
    local = validate_store(root / name, **reader)
    remote = validate_store(f"{url}/{name}", **reader)
    assert len(faults.requests) > before  # the server was read
    assert keys(remote) == keys(local)
    assert (remote.version, remote.kinds, remote.valid) == (local.version, local.kinds, local.valid)


@pytest.mark.parametrize("max_nodes", [1, 2, 3, 4])
def test_node_limit_reads_the_same_numbered_images_over_http(
    http_root: tuple[Path, str, Faults], max_nodes: int
) -> None:
    """Found by the property above: without a listing, the numbered images of a
    bioformats2raw collection were probed past the node limit (read and validated over
    HTTP, not locally), then queued one by one (the limit refused another node). Each
    image here lacks a recommended field, so every image read shows as a warning."""
    spec = StoreSpec("0.5")
    spec.bioformats2raw(images=3)
    for image in ("0", "1", "2"):
        del spec.ome(image)["multiscales"][0]["name"]
    root, url, _ = http_root
    spec.write(root / f"limit{max_nodes}")
    limits = Limits(max_nodes=max_nodes)
    local = validate_store(root / f"limit{max_nodes}", limits=limits)
    remote = validate_store(f"{url}/limit{max_nodes}", limits=limits)
    assert keys(remote) == keys(local)
    # the root and max_nodes - 1 images are read; the next node asked for is refused:
    # the next image, or once all three are read, the first level of image 0
    read = [str(n) for n in range(min(max_nodes - 1, 3))]
    refused = str(max_nodes - 1) if max_nodes <= 3 else "0/0"
    assert {(i.rule, i.node) for i in remote.issues if i.severity != "warning"} == {
        ("store.too-many-nodes", refused)
    }
    warned = {i.node for i in remote.issues if i.rule == "multiscales.recommended-fields"}
    assert warned == set(read)


# --- (d) the order of writing does not matter


@SOME
@given(
    case=st.one_of(
        hierarchies().map(lambda h: (h, {})),
        invalid_hierarchies().map(lambda m: (m.hierarchy, dict(m.reader_kwargs))),
    ),
    data=st.data(),
)
def test_report_does_not_depend_on_the_order_of_writing(
    case: tuple[GeneratedHierarchy, dict[str, Any]], data: st.DataObject
) -> None:
    from zarr.storage import MemoryStore

    hierarchy, reader = case
    order = data.draw(st.permutations(list(hierarchy.documents)))
    shuffled = GeneratedHierarchy(
        hierarchy.version, hierarchy.kind, {k: hierarchy.documents[k] for k in order}
    )
    first = validate_store(write_hierarchy(hierarchy, MemoryStore()), **reader)
    second = validate_store(write_hierarchy(shuffled, MemoryStore()), **reader)
    assert [i.to_dict() for i in second.issues] == [i.to_dict() for i in first.issues]
    on_disk = local_report(shuffled, **reader)
    assert keys(on_disk) == keys(first)


# --- the strategies themselves


@settings(max_examples=3)
@given(hierarchies("0.4", "bioformats2raw"))
def test_write_hierarchy_writes_exactly_the_documents(hierarchy: GeneratedHierarchy) -> None:
    from zarr.core.sync import sync
    from zarr.storage import MemoryStore

    store = write_hierarchy(hierarchy, MemoryStore(), path="nested/store")

    async def listed() -> list[str]:
        return [k async for k in store.list()]

    assert sorted(sync(listed())) == sorted(f"nested/store/{k}" for k in hierarchy.documents)
    assert isinstance(hierarchy.documents["OME/METADATA.ome.xml"], bytes)
    with tempfile.TemporaryDirectory() as folder:
        write_hierarchy(hierarchy, Path(folder) / "disk")
        on_disk = {
            p.relative_to(Path(folder) / "disk").as_posix(): p.read_bytes()
            for p in (Path(folder) / "disk").rglob("*")
            if p.is_file()
        }
    assert on_disk == hierarchy.encoded()
    with pytest.raises(TypeError, match="zarr Store or a path"):
        write_hierarchy(hierarchy, {"not": "a store"})


def test_unknown_version_kind_or_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="no hierarchy strategy"):
        hierarchies("0.3")
    with pytest.raises(ValueError, match="no hierarchy strategy"):
        hierarchies("0.5", "scene")  # scenes exist from 0.6 on
    with pytest.raises(ValueError, match="no hierarchy mutation family"):
        invalid_hierarchies(rule="no.such-rule")
    with pytest.raises(ValueError, match="no hierarchy mutation family"):
        invalid_hierarchies("0.4", rule="multiscales.dimension-names")  # a 0.5 rule


def _ome(h: GeneratedHierarchy, path: str = "") -> dict[str, Any]:
    """The OME-level mapping of a group (0.4: .zattrs, later: zarr.json 'ome'); {} if none."""
    prefix = f"{path}/" if path else ""
    if h.zarr_format == 2:
        attrs: dict[str, Any] = h.documents.get(f"{prefix}.zattrs", {})
        return attrs
    doc = h.documents.get(f"{prefix}zarr.json", {})
    ome: dict[str, Any] = doc.get("attributes", {}).get("ome", {})
    return ome


def _wells(h: GeneratedHierarchy) -> list[str]:
    return [w["path"] for w in _ome(h)["plate"]["wells"]]


def _count(h: GeneratedHierarchy, node_type: str) -> int:
    if h.zarr_format == 2:
        return sum(
            k.endswith(".zarray" if node_type == "array" else ".zgroup") for k in h.documents
        )
    return sum(
        1 for k, d in h.documents.items() if k.endswith("zarr.json") and d["node_type"] == node_type
    )


def _most_levels(h: GeneratedHierarchy) -> int:
    groups = {k.rpartition("/")[0] for k in h.documents if k.endswith((".zattrs", "zarr.json"))}
    return max(
        (len(m["datasets"]) for g in groups for m in _ome(h, g).get("multiscales", [])),
        default=0,
    )


#: A fixed seed: shrinking is checked for quality, and its cost must not depend on luck.
_SHRINK = settings(
    max_examples=1000, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def test_a_failing_hierarchy_shrinks_small() -> None:
    """'Every field image has one level' fails; the counterexample is one well with one
    field of two levels, and nothing else."""
    found = find(hierarchies("0.4", "plate"), lambda h: _most_levels(h) >= 2, settings=_SHRINK)
    assert len(_wells(found)) == 1
    assert _most_levels(found) == 2
    assert _count(found, "array") == 2
    # plate (.zgroup, .zattrs), row (.zgroup), well and field (.zgroup, .zattrs each), levels
    assert len(found.documents) == 9


def test_a_failing_mutation_shrinks_small() -> None:
    """A missing field in a well of at least two: the other field has one level."""
    found: HierarchyMutation = find(
        invalid_hierarchies("0.5", "well", rule="well.image-exists"),
        lambda m: len(_ome(m.hierarchy)["well"]["images"]) >= 2,
        settings=_SHRINK,
    )
    images = _ome(found.hierarchy)["well"]["images"]
    assert len(images) == 2 and found.node == ""
    assert _count(found.hierarchy, "array") == 1
    assert len(found.hierarchy.documents) <= 4  # well, field, its level, the broken field
