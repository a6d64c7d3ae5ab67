"""Stores written by the writers people use, validated (issue 16): ome-zarr-py and
ngff-zarr at the versions pinned in the ``interop`` extra write into ``tmp_path`` (no
network), and each store's verdict and exact findings (rule, node) are asserted, so a
change in them or in us shows up here. docs/writers.md explains every error and warning
found, with the rule id, the spec requirement and how to fix the data; the test below
keeps its list of rule ids equal to what these stores give, and the "fixed" cases apply
the fixes it gives and must come out clean.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr

from ome_zarr_schemas import validate_store

from ._support import ROOT

ome_zarr_writer: Any = pytest.importorskip("ome_zarr.writer", reason="the 'interop' extra")
ome_zarr_format: Any = pytest.importorskip("ome_zarr.format", reason="the 'interop' extra")
nz: Any = pytest.importorskip("ngff_zarr", reason="the 'interop' extra")

OME_ZARR_PY = "ome-zarr-py"
NGFF_ZARR = "ngff-zarr"
#: The versions the expectations were written against (pyproject.toml's interop extra).
PINNED = {"ome-zarr": "0.18.0", "ngff-zarr": "0.50.0"}
WRITERS_DOC = ROOT / "docs" / "writers.md"

Finding = tuple[str, str]  # (rule, node); "" is the store's root


@dataclass(frozen=True)
class WriterCase:
    writer: str
    version: str
    what: str
    write: Callable[[Path, str], None]
    valid: bool
    findings: frozenset[Finding]

    @property
    def id(self) -> str:
        return f"{self.writer}-{self.version}-{self.what}"


def _quiet(write: Callable[[Path, str], None]) -> Callable[[Path, str], None]:
    """The writers warn about deprecations and coming changes: not what is tested here."""

    def run(root: Path, version: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            write(root, version)

    return run


# --- ome-zarr-py


def _fmt(version: str) -> Any:
    return ome_zarr_format.FormatV04() if version == "0.4" else ome_zarr_format.FormatV05()


def _oz_root(root: Path, version: str) -> Any:
    return zarr.open_group(root, mode="w", zarr_format=2 if version == "0.4" else 3)


def _oz_image(group: Any, version: str, shape: tuple[int, ...] = (2, 64, 64)) -> None:
    data = np.zeros(shape, dtype="uint16")
    ome_zarr_writer.write_image(data, group, axes="cyx", fmt=_fmt(version), scale_factors=[2])


@_quiet
def oz_image(root: Path, version: str) -> None:
    _oz_image(_oz_root(root, version), version)


@_quiet
def oz_labels(root: Path, version: str) -> None:
    """An image of 2 levels and its labels written as the ome-zarr-py docs show, asking for
    the same single downsampling step (``scale_factors=[2]``)."""
    group = _oz_root(root, version)
    _oz_image(group, version)
    cells = np.zeros((1, 64, 64), dtype="uint8")
    ome_zarr_writer.write_labels(
        cells, group, name="cells", axes="cyx", fmt=_fmt(version), scale_factors=[2]
    )


def _complete_multiscales(group: Any, version: str) -> None:
    """docs/writers.md, multiscales.recommended-fields: add 'type' and 'metadata'."""
    attrs = dict(group.attrs)
    block = attrs["ome"] if version != "0.4" else attrs
    for multiscale in block["multiscales"]:
        multiscale.setdefault("type", "local_mean")
        multiscale.setdefault("metadata", {"method": "ome_zarr.scale", "version": "0.18"})
    group.attrs.update(attrs)


@_quiet
def oz_labels_fixed(root: Path, version: str) -> None:
    """The same store written with the fixes of docs/writers.md."""
    group = _oz_root(root, version)
    _oz_image(group, version)
    cells = np.zeros((1, 64, 64), dtype="uint8")
    colors = {"colors": [{"label-value": 1, "rgba": [255, 0, 0, 255]}]}
    ome_zarr_writer.write_labels(
        cells,
        group,
        name="cells",
        axes="cyx",
        fmt=_fmt(version),
        scale_factors=[2],
        scaler=None,  # labels.level-count: without the default Scaler, scale_factors count
        label_metadata=colors,  # image-label.recommended-fields
    )
    if version != "0.4":  # ome.version-missing: the labels group names its version
        labels = group["labels"]
        labels.attrs["ome"] = {"version": version, **labels.attrs["ome"]}
    _complete_multiscales(group, version)
    _complete_multiscales(group["labels/cells"], version)


@_quiet
def oz_plate(root: Path, version: str) -> None:
    group = _oz_root(root, version)
    fmt = _fmt(version)
    wells = ["A/1", "B/2"]
    ome_zarr_writer.write_plate_metadata(group, ["A", "B"], ["1", "2"], wells, fmt=fmt)
    for path in wells:
        well = group.require_group(path)
        ome_zarr_writer.write_well_metadata(well, ["0"], fmt=fmt)
        _oz_image(well.require_group("0"), version, (1, 32, 32))


# --- ngff-zarr


def _nz_multiscales() -> Any:
    image = nz.to_ngff_image(
        np.zeros((64, 64), dtype="uint16"),
        dims=["y", "x"],
        scale={"y": 0.5, "x": 0.5},
        axes_units={"y": "micrometer", "x": "micrometer"},
    )
    return nz.to_multiscales(image, scale_factors=[2])


def _nz_plate_metadata(version: str) -> Any:
    return nz.Plate(
        columns=[nz.PlateColumn(name="1"), nz.PlateColumn(name="2")],
        rows=[nz.PlateRow(name="A")],
        wells=[
            nz.PlateWell(path="A/1", rowIndex=0, columnIndex=0),
            nz.PlateWell(path="A/2", rowIndex=0, columnIndex=1),
        ],
        version=version,
        name="plate",
    )


@_quiet
def nz_image(root: Path, version: str) -> None:
    nz.to_ngff_zarr(str(root), _nz_multiscales(), version=version)


@_quiet
def nz_plate(root: Path, version: str) -> None:
    """The plate as ngff-zarr documents it: the plate writer, then each field."""
    multiscales = _nz_multiscales()
    with nz.HCSPlateWriter(str(root), _nz_plate_metadata(version), version=version) as writer:
        for column in ("1", "2"):
            writer.write_well_image(multiscales=multiscales, row_name="A", column_name=column)


@_quiet
def nz_wells_only(root: Path, version: str) -> None:
    """Fields written with write_hcs_well_image alone: no plate group above the wells."""
    multiscales = _nz_multiscales()
    plate = _nz_plate_metadata(version)
    for column in ("1", "2"):
        nz.write_hcs_well_image(str(root), multiscales, plate, "A", column, version=version)


def nz_v06_fixed(write: Callable[[Path, str], None]) -> Callable[[Path, str], None]:
    """docs/writers.md, version.unreleased: name the draft the data follows."""

    def run(root: Path, version: str) -> None:
        write(root, "0.6")
        for document in root.rglob("zarr.json"):
            content = json.loads(document.read_text("utf-8"))
            ome = content.get("attributes", {}).get("ome")
            if ome is not None and ome.get("version") == "0.6":
                ome["version"] = version
                document.write_text(json.dumps(content), encoding="utf-8")

    return run


# --- what each store gives

_RECOMMENDED = "multiscales.recommended-fields"
_LABELS = frozenset(
    {
        ("labels.level-count", "labels/cells"),  # 5 label levels under a 2-level image
        (_RECOMMENDED, ""),
        (_RECOMMENDED, "labels/cells"),
        ("image-label.recommended-fields", "labels/cells"),
    }
)
_OZ_PLATE = frozenset(
    {("plate.recommended-fields", ""), (_RECOMMENDED, "A/1/0"), (_RECOMMENDED, "B/2/0")}
)
_UNRELEASED = "version.unreleased"

CASES = [
    WriterCase(OME_ZARR_PY, "0.4", "image", oz_image, True, frozenset({(_RECOMMENDED, "")})),
    WriterCase(OME_ZARR_PY, "0.4", "labels", oz_labels, False, _LABELS),
    WriterCase(OME_ZARR_PY, "0.4", "labels-fixed", oz_labels_fixed, True, frozenset()),
    WriterCase(OME_ZARR_PY, "0.4", "plate", oz_plate, True, _OZ_PLATE),
    WriterCase(OME_ZARR_PY, "0.5", "image", oz_image, True, frozenset({(_RECOMMENDED, "")})),
    WriterCase(
        OME_ZARR_PY,
        "0.5",
        "labels",
        oz_labels,
        False,
        # the labels group's zarr.json has 'ome' without 'version'
        _LABELS | {("ome.version-missing", "labels"), ("version.assumed", "labels")},
    ),
    WriterCase(OME_ZARR_PY, "0.5", "labels-fixed", oz_labels_fixed, True, frozenset()),
    WriterCase(OME_ZARR_PY, "0.5", "plate", oz_plate, True, _OZ_PLATE),
    WriterCase(NGFF_ZARR, "0.4", "image", nz_image, True, frozenset()),
    WriterCase(NGFF_ZARR, "0.4", "plate", nz_plate, True, frozenset()),
    WriterCase(NGFF_ZARR, "0.5", "image", nz_image, True, frozenset()),
    WriterCase(NGFF_ZARR, "0.5", "plate", nz_plate, True, frozenset()),
    WriterCase(
        NGFF_ZARR,
        "0.5",
        "wells-only",
        nz_wells_only,
        False,
        frozenset({("well.in-plate", "A/1"), ("well.in-plate", "A/2")}),
    ),
    # ngff-zarr writes 0.6 as ome.version "0.6": validated as 0.6rc0, with a warning
    WriterCase(NGFF_ZARR, "0.6", "image", nz_image, True, frozenset({(_UNRELEASED, "")})),
    WriterCase(
        NGFF_ZARR,
        "0.6",
        "plate",
        nz_plate,
        True,
        frozenset((_UNRELEASED, n) for n in ("", "A/1", "A/1/0", "A/2", "A/2/0")),
    ),
    WriterCase(NGFF_ZARR, "0.6rc0", "image-fixed", nz_v06_fixed(nz_image), True, frozenset()),
    WriterCase(NGFF_ZARR, "0.6rc0", "plate-fixed", nz_v06_fixed(nz_plate), True, frozenset()),
]


def test_the_writers_are_the_pinned_versions() -> None:
    """The expectations below hold for these versions; a new one is checked on purpose."""
    for package, version in PINNED.items():
        assert importlib.metadata.version(package) == version


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_writer_store_verdict_and_findings(case: WriterCase, tmp_path: Path) -> None:
    root = tmp_path / "store.zarr"
    case.write(root, case.version)
    report = validate_store(str(root))
    found = {(i.rule, i.node) for i in report.issues}
    assert found == case.findings
    assert report.valid is case.valid
    expected_version = "0.6rc0" if case.version == "0.6" else case.version
    assert report.version == expected_version


def _documented() -> dict[str, set[str]]:
    """Rule ids by writer, from docs/writers.md: ``### `rule.id` ...`` under ``## writer``."""
    out: dict[str, set[str]] = {}
    writer = ""
    for line in WRITERS_DOC.read_text("utf-8").splitlines():
        if line.startswith("## "):
            writer = line[3:].split()[0]
        elif line.startswith("### "):
            rule = re.match(r"### `([a-z0-9.-]+)`", line)
            assert rule is not None, line
            out.setdefault(writer, set()).add(rule[1])
    return out


def test_writers_doc_explains_exactly_what_the_writers_get_wrong() -> None:
    """Every error and warning a writer's store gives (the fixed cases aside) has its
    section in docs/writers.md, and the document explains nothing they do not give."""
    found: dict[str, set[str]] = {}
    for case in CASES:
        for rule, _node in case.findings:
            if rule != "version.assumed":  # info: the reason is ome.version-missing
                found.setdefault(case.writer, set()).add(rule)
    assert _documented() == found


def test_writers_doc_names_the_pinned_versions() -> None:
    text = WRITERS_DOC.read_text("utf-8")
    assert f"## {OME_ZARR_PY} {PINNED['ome-zarr']}" in text
    assert f"## {NGFF_ZARR} {PINNED['ngff-zarr']}" in text


@pytest.mark.parametrize(
    ("write", "level", "shape"),
    [(oz_plate, "s0", (1, 32, 32)), (nz_plate, "scale0/image", (64, 64))],
    ids=[OME_ZARR_PY, NGFF_ZARR],
)
def test_the_readme_plate_walk_works_on_writer_plates(
    write: Callable[[Path, str], None], level: str, shape: tuple[int, ...], tmp_path: Path
) -> None:
    """The README's walk names no level path: each writer names its levels its own way."""
    from ome_zarr_schemas import v05

    root = tmp_path / "plate.zarr"
    write(root, "0.5")
    plate = v05.HCS.from_zarr(str(root))
    shapes = []
    for well in plate.well_groups:
        for field in well.images:
            image = field.image
            assert image is not None
            first = image.level_paths[0]
            assert first == level
            shapes.append(image.arrays[first].shape)
    assert shapes == [shape, shape]
