"""The walk itself: where it may start, what it reads, its bounds, and that it never writes
or crashes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import zarr

from ome_zarr_schemas import hierarchy, validate_store
from ome_zarr_schemas.store.nodes import Limits
from ome_zarr_schemas.store.paths import resolve

from .store_cases import ALL
from .stores import StoreSpec


def _rules(report: object) -> set[tuple[str, str]]:
    return {(i.rule, i.node) for i in report}  # type: ignore[attr-defined]


@pytest.mark.parametrize("version", ALL)
@pytest.mark.parametrize(
    ("start", "kinds"),
    [
        ("", ("plate",)),
        ("A", ("well",)),  # a plain row group holding wells: found by listing
        ("A/1", ("well",)),
        ("A/1/0", ("image",)),
        ("A/1/0/labels", ("labels",)),
        ("A/1/0/labels/cells", ("image", "label-image")),
    ],
)
def test_start_at_any_node(
    tmp_path: Path, version: str, start: str, kinds: tuple[str, ...]
) -> None:
    spec = StoreSpec(version)
    spec.plate(labels=True, rows=1, columns=2)
    root = spec.write(tmp_path / "p.zarr")
    report = validate_store(root / start if start else root)
    assert report.issues == (), [i.to_dict() for i in report.issues]
    if start != "A":
        assert report.kinds == tuple(sorted(kinds))


@pytest.mark.parametrize("version", ALL)
def test_nodes_are_relative_to_the_target(tmp_path: Path, version: str) -> None:
    spec = StoreSpec(version)
    spec.plate(rows=1, columns=1)
    spec.drop("A/1/1/1")
    root = spec.write(tmp_path / "p.zarr")
    assert _rules(validate_store(root)) == {("multiscales.dataset-array-exists", "A/1/1")}
    assert _rules(validate_store(root / "A" / "1")) == {("multiscales.dataset-array-exists", "1")}
    assert _rules(validate_store(f"file://{root}/A/1/1")) == {
        ("multiscales.dataset-array-exists", "")
    }


def test_open_zarr_group_and_store(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.image(labels=["cells"])
    spec.drop("labels/cells/2")
    root = spec.write(tmp_path / "i.zarr")
    expected = {("multiscales.dataset-array-exists", "labels/cells")}
    group = zarr.open_group(zarr.storage.LocalStore(root, read_only=True), mode="r")
    assert _rules(validate_store(group)) == expected
    assert _rules(validate_store(zarr.storage.LocalStore(root, read_only=True))) == expected
    labels = zarr.open_group(zarr.storage.LocalStore(root, read_only=True), mode="r", path="labels")
    assert _rules(validate_store(labels)) == {("multiscales.dataset-array-exists", "cells")}


@pytest.mark.parametrize("version", ALL)
def test_missing_target_and_plain_group(tmp_path: Path, version: str) -> None:
    report = validate_store(tmp_path / "nothing")
    assert _rules(report) == {("store.no-ome-metadata", "")}
    assert not report.valid
    spec = StoreSpec(version)
    spec.group("")
    spec.group("empty")
    assert _rules(validate_store(spec.write(tmp_path / "plain"))) == {("store.no-ome-metadata", "")}


def test_plain_group_holding_images(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.group("")
    spec.group("a")
    spec.image("a/one")
    spec.image("two")
    spec.drop("two/2")
    report = validate_store(spec.write(tmp_path / "c"))
    assert _rules(report) == {("multiscales.dataset-array-exists", "two")}


def test_node_limit(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.plate(rows=2, columns=2, fields=2)
    report = validate_store(spec.write(tmp_path / "p"), limits=Limits(max_nodes=6))
    assert "store.too-many-nodes" in report.rules()
    assert not report.valid


@pytest.mark.parametrize("version", ALL)
def test_field_limit_reads_the_first_fields_and_says_so(tmp_path: Path, version: str) -> None:
    """A quick look at a plate: later fields are not read, so not reported missing."""
    spec = StoreSpec(version)
    spec.plate(rows=1, columns=2, fields=3)
    spec.drop("A/1/2")  # missing, but beyond the limit
    spec.drop("A/2/0")  # missing and within it
    root = spec.write(tmp_path / "p")
    full = _rules(validate_store(root))
    assert {("well.image-exists", "A/1"), ("well.image-exists", "A/2")} <= full
    assert not any(rule == "store.partial" for rule, _ in full)
    quick = validate_store(root, max_fields=1)
    assert _rules(quick) == {("well.image-exists", "A/2"), ("store.partial", "")}
    [partial] = [i for i in quick.issues if i.rule == "store.partial"]
    assert partial.severity == "info" and "2 well(s)" in partial.message
    assert not quick.valid
    assert _rules(validate_store(root, max_fields=3)) == full  # a limit above the count


def test_field_limit_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ome_zarr_schemas.cli import _main as cli

    spec = StoreSpec("0.5")
    spec.plate(rows=1, columns=1, fields=2)
    spec.drop("A/1/1")
    root = spec.write(tmp_path / "p")
    assert cli.main(["validate", "--no-progress", str(root)]) == 1
    capsys.readouterr()
    assert cli.main(["validate", "--no-progress", "--max-fields", "1", str(root)]) == 0
    assert "[store.partial]" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["validate", "--max-fields", "0", str(root)])


def test_depth_limit(tmp_path: Path) -> None:
    spec = StoreSpec("0.4")
    spec.plate(rows=1, columns=1, fields=1)
    report = validate_store(spec.write(tmp_path / "p"), limits=Limits(max_depth=2))
    assert ("store.too-deep", "A/1/0") in _rules(report)


def test_document_size_limit(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.image()
    spec.ome("")["padding"] = "x" * 5000
    report = validate_store(spec.write(tmp_path / "i"), limits=Limits(max_document_bytes=4096))
    assert _rules(report) == {("document.too-large", ""), ("store.no-ome-metadata", "")}


def test_json_depth_limit(tmp_path: Path) -> None:
    spec = StoreSpec("0.5")
    spec.image()
    deep: object = 1
    for _ in range(80):
        deep = [deep]
    spec.ome("")["deep"] = deep
    report = validate_store(spec.write(tmp_path / "i"))
    assert ("document.too-deep", "") in _rules(report)


def test_nothing_is_written(tmp_path: Path) -> None:
    spec = StoreSpec("0.4")
    spec.plate(labels=True, rows=1, columns=2)
    spec.drop("A/2/0")
    root = spec.write(tmp_path / "p")

    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            str(p.relative_to(root)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in root.rglob("*")
        }

    before = snapshot()
    os.utime(root, (1, 1))
    validate_store(root)
    assert snapshot() == before
    assert root.stat().st_mtime == 1


def test_unreadable_document_is_an_issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A permission error (as root, chmod does not stop reads, so it is injected)."""
    from ome_zarr_schemas.store import sources

    spec = StoreSpec("0.5")
    spec.plate(rows=1, columns=2, fields=1)
    root = spec.write(tmp_path / "p")
    real = sources.LocalSource.read_now  # what the walk calls for a local folder

    def read_now(self: sources.LocalSource, key: str) -> bytes | None:
        if key == "A/2/zarr.json":
            raise PermissionError(13, "Permission denied")
        return real(self, key)

    monkeypatch.setattr(sources.LocalSource, "read_now", read_now)
    report = validate_store(root)
    assert _rules(report) == {("document.unreadable", "A/2")}
    (issue,) = report.issues
    assert "permission denied" in issue.message


def test_identical_documents_are_validated_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = StoreSpec("0.5")
    spec.plate(rows=2, columns=3, fields=2, labels=True)
    calls: list[object] = []
    real = hierarchy.validate_loaded  # type: ignore[attr-defined]  # parsed JSON

    def counting(attrs: object, **kw: Any) -> object:
        calls.append(attrs)
        return real(attrs, **kw)

    monkeypatch.setattr(hierarchy, "validate_loaded", counting)
    report = validate_store(spec.write(tmp_path / "p"))
    assert report.valid
    # 12 fields and 12 labels read, but only: the plate, the well document (the same in
    # every well), fields "0" and "1" (their names differ), the labels group, the label
    assert len(calls) == 6


@pytest.mark.parametrize(
    ("base", "path", "allow_up", "expected"),
    [
        ("a", "0", False, "a/0"),
        ("", "s0/x", False, "s0/x"),
        ("a/b", "../../", True, ""),
        ("a/b", "../c/", True, "a/c"),
        ("a", "../../x", True, None),
        ("a", "../x", False, None),
        ("a", "/x", False, None),
        ("a", "http://h/x", False, None),
        ("a", "s3:x", False, None),
        ("a", "x//y", False, None),
        ("a", "./x", False, None),
        ("a", "x\\y", False, None),
        ("a", "%2e%2e/x", False, None),
        ("a", "x%2Fy", False, None),
        ("a", "", False, None),
        ("a", 3, False, None),
    ],
)
def test_resolve(base: str, path: object, allow_up: bool, expected: str | None) -> None:
    assert resolve(base, path, allow_up=allow_up)[0] == expected
