"""Packaged schemas: one offline `referencing.Registry`, an index of rule annotations, and
one cached validator per (version, kind, level).

Nothing is ever fetched: retrieving an unknown URI raises, because an unresolvable
``$ref`` in our own schemas is a bug that must fail loudly, not a network request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..spec.versions import SUPPORTED_VERSIONS

if TYPE_CHECKING:  # jsonschema and referencing load when a document needs explaining
    from importlib.resources.abc import Traversable

    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

__all__ = [
    "BASE_URI",
    "Annotation",
    "Level",
    "SchemaSet",
    "group_schema_uri",
    "iter_schema_files",
    "packaged_document",
    "reachable_annotations",
    "reachable_documents",
    "schema_documents",
    "schema_set",
    "schema_uri",
    "schemas_root",
    "validator_for",
]

BASE_URI = "https://ome-zarr-schemas.org/schemas"

Level = Literal["must", "should"]


def schema_uri(version: str, name: str) -> str:
    """The ``$id`` of a packaged schema file (``name`` without ``.schema.json``)."""
    return f"{BASE_URI}/{version}/{name}.schema.json"


def group_schema_uri(version: str, kind: str) -> str:
    return schema_uri(version, f"{kind}.group")


@cache
def schemas_root() -> Traversable:
    """The schema folder: inside the installed wheel, or the repository's in a source checkout.

    An installed package is a folder: its schemas are read as files, without
    importlib.resources (milliseconds of start-up for every conformance case); only a
    package that is no folder (a zip) is read through importlib.resources."""
    package = Path(__file__).resolve().parents[1]
    if (package / "schemas").is_dir():
        return package / "schemas"
    if not package.is_dir():
        from importlib import resources

        packaged = resources.files("ome_zarr_schemas") / "schemas"
        if packaged.is_dir():
            return packaged
    checkout = package.parents[1] / "schemas"
    if (checkout / "README.md").is_file():
        return checkout
    raise RuntimeError("the packaged schemas are missing: reinstall ome-zarr-schemas")


def iter_schema_files() -> Iterator[tuple[str, str, Traversable]]:
    """(version, file name, file) for every packaged schema file."""
    root = schemas_root()
    for version in SUPPORTED_VERSIONS:
        folder = root / version
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".schema.json"):
                yield version, entry.name, entry


class Annotation(NamedTuple):
    """What we know about one subschema: its rule, its message and where it is (a tuple:
    one is made for every subschema of a group schema's files, at the first explanation)."""

    rule: str | None
    message: str | None
    location: str  # absolute keyword location: $id + '#' + JSON pointer


@dataclass(frozen=True)
class SchemaSet:
    """Every packaged schema, loaded once."""

    documents: Mapping[str, dict[str, Any]]  # $id -> document
    registry: Registry[Any]
    annotations: Mapping[int, Annotation]  # id(subschema dict) -> annotation

    def annotation(self, subschema: object) -> Annotation | None:
        return self.annotations.get(id(subschema))


def _refuse(uri: str) -> Resource[Any]:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _index(
    node: object,
    uri: str,
    path: str,
    inherited_rule: str | None,
    out: dict[int, Annotation],
) -> None:
    """The annotation of every subschema in ``node`` (at ``path`` of the file ``uri``)
    into ``out``: one stack, and a path made for containers only (the leaves, most of a
    schema's values, are no subschemas)."""
    stack: list[tuple[object, str, str | None]] = [(node, path, inherited_rule)]
    while stack:
        item, where, rule = stack.pop()
        if isinstance(item, dict):
            rule = item.get("x-rule", rule)
            out[id(item)] = Annotation(rule, item.get("x-message"), f"{uri}#{where}")
            for key, value in item.items():
                if isinstance(value, dict | list):
                    if "~" in key or "/" in key:
                        key = key.replace("~", "~0").replace("/", "~1")
                    stack.append((value, f"{where}/{key}", rule))
        elif isinstance(item, list):
            for i, value in enumerate(item):
                if isinstance(value, dict | list):
                    stack.append((value, f"{where}/{i}", rule))


@cache
def schema_documents() -> Mapping[str, dict[str, Any]]:
    """Every packaged schema document by its ``$id`` (plain JSON: no validator library)."""
    documents: dict[str, dict[str, Any]] = {}
    for version, name, _entry in iter_schema_files():
        doc = _document(version, name)
        documents[doc["$id"]] = doc
    return documents


@cache
def _document(version: str, name: str) -> dict[str, Any]:
    """One packaged schema file, read once (the same object for every caller)."""
    doc: dict[str, Any] = json.loads((schemas_root() / version / name).read_text("utf-8"))
    if not isinstance(doc.get("$id"), str):
        raise RuntimeError(f"schema {name} has no $id")
    return doc


def reachable_documents(uris: frozenset[str]) -> dict[str, dict[str, Any]]:
    """The packaged documents at ``uris`` and every one their ``$ref`` reach, by ``$id``.

    What one document's schema passes need, read without the other files (most of the
    start-up of a conformance case otherwise). A URI that is no packaged schema is left
    out: a registry of these documents then fails to build, as the whole one would."""
    found: dict[str, dict[str, Any]] = {}
    todo = list(uris)
    while todo:
        uri = todo.pop()
        if uri in found:
            continue
        doc = packaged_document(uri)
        if doc is None:
            continue
        found[uri] = doc
        todo.extend(_links(uri))
    return found


@cache
def _links(uri: str) -> tuple[str, ...]:
    """The documents the packaged document at ``uri`` refers to, found once (a conformance
    case asks for the files of its group schemas three or four times)."""
    doc = packaged_document(uri)
    return () if doc is None else tuple(_joined(uri, ref) for ref in _references(doc))


@cache
def packaged_document(uri: str) -> dict[str, Any] | None:
    """The packaged document whose ``$id`` is ``uri``, read once; None if there is none."""
    version, _, name = uri.removeprefix(f"{BASE_URI}/").partition("/")
    if not uri.startswith(f"{BASE_URI}/") or "/" in name:
        return None
    if version not in SUPPORTED_VERSIONS or not (schemas_root() / version / name).is_file():
        return None
    return _document(version, name)


def _joined(base: str, ref: str) -> str:
    """``ref`` (without its fragment) resolved against the URI ``base``."""
    from urllib.parse import urljoin

    return urljoin(base, ref.partition("#")[0])


def _references(node: object) -> Iterator[str]:
    """Every ``$ref`` to another document in ``node``."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def schema_set(root: str | None = None) -> SchemaSet:
    """The packaged schemas: every one, or (``root``, a schema URI, its fragment ignored)
    the document at ``root`` and the files its ``$ref`` reach.

    Explaining one document needs only its group schemas: a conformance case, one
    process per document, then reads, registers and indexes a handful of files, not
    every file of the four versions. The documents are the same objects in every set."""
    if root is None:
        return _schema_set(None)
    return _schema_set(root.partition("#")[0])


@cache
def _schema_set(uri: str | None) -> SchemaSet:
    from referencing import Registry, Resource

    documents = schema_documents() if uri is None else reachable_documents(frozenset({uri}))
    registry: Registry[Any] = Registry(retrieve=_refuse).with_resources(  # type: ignore[call-arg]
        (key, Resource.from_contents(doc)) for key, doc in documents.items()
    )
    registry = registry.crawl()
    annotations = _annotations_of(documents) if uri is None else reachable_annotations(uri)
    return SchemaSet(documents=documents, registry=registry, annotations=annotations)


@cache
def reachable_annotations(uri: str) -> Mapping[int, Annotation]:
    """The annotation of every subschema of the document at ``uri`` and of the files its
    ``$ref`` reach, by its id(): the same objects for every caller."""
    return _annotations_of(reachable_documents(frozenset({uri})))


def _annotations_of(documents: Mapping[str, dict[str, Any]]) -> dict[int, Annotation]:
    annotations: dict[int, Annotation] = {}
    for key, doc in documents.items():
        _index(doc, key, "", None, annotations)
    return annotations


@cache
def validator_for(version: str, kind: str, level: Level = "must") -> Draft202012Validator:
    """The validator of a group kind: its MUST rules, or its SHOULD rules alone."""
    uri = group_schema_uri(version, kind)
    schemas = schema_set(uri)
    if uri not in schemas.documents:
        raise KeyError(f"no schema for kind {kind!r} in version {version}")
    from .alike import AlikeValidator

    ref = uri if level == "must" else f"{uri}#/$defs/Recommended"
    validator: Draft202012Validator = AlikeValidator({"$ref": ref}, registry=schemas.registry)
    return validator
