"""Multiscales rules a schema cannot state: dataset path uniqueness, scale order, omero."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import Finding, check
from ._util import duplicates, numbers, objects, ptr


@check("image", rules=("multiscales.unique-dataset-paths",))
def unique_dataset_paths(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    for m, multiscale in objects(ome.get("multiscales")):
        datasets = objects(multiscale.get("datasets"))
        for index, first, path in duplicates((i, d.get("path")) for i, d in datasets):
            yield (
                "multiscales.unique-dataset-paths",
                ptr("multiscales", m, "datasets", index, "path"),
                f"dataset path {path!r} is already used by dataset {first}",
            )


def _scale_of(dataset: Mapping[str, Any]) -> list[float] | None:
    for _, transform in objects(dataset.get("coordinateTransformations")):
        if transform.get("type") == "sequence":  # 0.6: a scale, then a translation
            steps = [t for _, t in objects(transform.get("transformations"))]
            transform = steps[0] if steps else transform
        if transform.get("type") == "scale":
            values = numbers(transform.get("scale"))
            return list(values) if values is not None else None
    return None


@check("image", rules=("multiscales.scales-ordered",))
def scales_ordered(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    for m, multiscale in objects(ome.get("multiscales")):
        previous: list[float] | None = None
        for d, dataset in objects(multiscale.get("datasets")):
            scale = _scale_of(dataset)
            if scale is not None and previous is not None and len(scale) == len(previous):
                shrunk = [i for i, (a, b) in enumerate(zip(previous, scale, strict=True)) if b < a]
                if shrunk:
                    yield (
                        "multiscales.scales-ordered",
                        ptr("multiscales", m, "datasets", d, "coordinateTransformations"),
                        f"the scale of dataset {d} is smaller than that of dataset {d - 1} on"
                        f" axis {', '.join(map(str, shrunk))}: levels go from the highest"
                        " resolution to the lowest",
                    )
            previous = scale if scale is not None else previous


@check(
    "labels",
    "label-image",
    "plate",
    "well",
    "bioformats2raw",
    "series",
    "scene",
    rules=("omero.image-only",),
)
def omero_only_in_images(ome: Mapping[str, Any], version: str) -> Iterator[Finding]:
    if "omero" in ome and "multiscales" not in ome:
        yield (
            "omero.image-only",
            ptr("omero"),
            "'omero' describes the channels of an image, but this group has no 'multiscales'",
        )
