"""Single-file schemas for other languages: one bundle per version and group kind.

A group schema refers to sibling block files and to files of older versions. Tools
outside Python should not have to load a whole folder and teach their validator our URI
scheme, so each ``<kind>.group.schema.json`` is bundled the way draft 2020-12 describes
(JSON Schema Core, section 9.3 "Compound Documents"): every file it needs, directly or
transitively, is embedded under ``$defs`` *with its own ``$id``*. The ``$ref``s are left
exactly as written; they resolve against the embedded resources, so a validator needs no
retrieval, rule annotations (``x-rule``/``x-message``) stay where they were, and a keyword
location in a bundle names the same ``$id`` and pointer as in the source files (below a
rewritten root, see `embeddable`, the pointer gains ``/allOf/0``).

Embedded resources lose their ``$schema`` (the bundle's root declares the dialect for all
of them), a root that is only a ``$ref`` becomes a one-entry ``allOf`` (see `embeddable`),
and they are keyed ``<version>/<file name>`` in ``$defs``, sorted, so the output is
byte-for-byte reproducible. Only the standard library is used: the build hook runs this
before the package's dependencies exist.

Usage: python -m ome_zarr_schemas.schema.bundle OUTPUT_DIR
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urldefrag, urljoin

from ..spec.versions import SUPPORTED_VERSIONS
from ._script import run_on_one_argument

__all__ = [
    "DATA_KEYWORDS",
    "INDEX_NAME",
    "RECOMMENDED_POINTER",
    "STRICT_POINTER",
    "Bundle",
    "BundleError",
    "SchemaVerdict",
    "build_bundle",
    "build_bundles",
    "bundle_file_name",
    "dumps",
    "embeddable",
    "export",
    "group_kinds",
    "index",
    "schema_verdict",
    "write_bundles",
]

#: The index file written beside the bundles.
INDEX_NAME = "index.json"
#: Where, inside a bundle, the MUST+SHOULD schema is (the root holds the MUST rules alone).
STRICT_POINTER = "#/$defs/Strict"
RECOMMENDED_POINTER = "#/$defs/Recommended"

#: Keywords whose values are data, not subschemas.
DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})

_GROUP_SUFFIX = ".group.schema.json"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class BundleError(RuntimeError):
    """Our schema files cannot be bundled: a bug in them (an unknown ``$ref``, no ``$id``)."""


@dataclass(frozen=True)
class Bundle:
    """One self-contained schema: the group schema of ``kind`` in ``version``."""

    version: str
    kind: str
    schema: dict[str, Any]
    embedded: tuple[str, ...]  # $ids of the embedded files, sorted

    @property
    def id(self) -> str:
        return str(self.schema["$id"])

    @property
    def file_name(self) -> str:
        return bundle_file_name(self.version, self.kind)

    def text(self) -> str:
        return dumps(self.schema)


def bundle_file_name(version: str, kind: str) -> str:
    """Where a bundle lives, relative to the bundle folder."""
    return f"{version}/{kind}.bundle.schema.json"


def dumps(value: object) -> str:
    """The one serialisation of bundles and index: stable key order, LF, final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def default_schemas_dir() -> Path:
    """The schema folder: packaged in the wheel, or the repository's in a checkout.

    Kept free of ``importlib.resources`` and of the package's dependencies so the build
    hook can call it on the source tree.
    """
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "schemas", package.parents[1] / "schemas"):
        if (candidate / "README.md").is_file():
            return candidate
    raise BundleError("the schema folder is missing: reinstall ome-zarr-schemas")


def _versions(schemas_dir: Path, versions: Sequence[str] | None) -> list[str]:
    chosen = list(SUPPORTED_VERSIONS if versions is None else versions)
    return [v for v in chosen if (schemas_dir / v).is_dir()]


def _load_documents(schemas_dir: Path) -> dict[str, dict[str, Any]]:
    """Every schema file of every version folder present, by ``$id``."""
    documents: dict[str, dict[str, Any]] = {}
    for folder in sorted(p for p in schemas_dir.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.schema.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            uri = doc.get("$id") if isinstance(doc, dict) else None
            if not isinstance(uri, str):
                raise BundleError(f"{path} has no $id")
            documents[uri] = doc
    return documents


def _refs(node: object, base: str) -> Iterator[tuple[str, str]]:
    """(base URI, $ref) for every reference in a schema document, honouring nested $ids."""
    if isinstance(node, Mapping):
        own = node.get("$id")
        if isinstance(own, str):
            base = urljoin(base, own)
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield base, ref
        for key, value in node.items():
            if key not in DATA_KEYWORDS:
                yield from _refs(value, base)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item, base)


def _closure(root: str, documents: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The ``$id``s of every file ``root`` needs, itself excluded, sorted."""
    seen = {root}
    todo = [root]
    while todo:
        uri = todo.pop()
        for base, ref in _refs(documents[uri], uri):
            target, _fragment = urldefrag(urljoin(base, ref))
            if target in seen:
                continue
            if target not in documents:
                raise BundleError(f"{uri}: $ref {ref!r} names {target}, which is no schema of ours")
            seen.add(target)
            todo.append(target)
    seen.discard(root)
    return sorted(seen)


#: Keywords that neither assert nor apply subschemas: a schema with only these and a
#: ``$ref`` is "just a reference".
_NOT_ASSERTIONS = frozenset(
    {"$id", "$schema", "$defs", "$comment", "$anchor", "title", "description", "examples"}
    | {"default", "deprecated", "readOnly", "writeOnly", "x-rule", "x-message"}
)


def embeddable(resource: dict[str, Any]) -> dict[str, Any]:
    """An embedded resource as written, except that a root that is only a ``$ref`` gets it
    as ``allOf: [{"$ref": ...}]``.

    In draft 2020-12 the two are the same assertion (``$ref`` applies its target in place,
    like a one-entry ``allOf``; the ``$ref`` keeps the resource's ``$id`` as its base). The
    rewrite is for ajv 8 (up to 8.20 at least): given an embedded resource whose root is
    only a ``$ref`` and a ``$ref`` with a JSON-pointer fragment into that resource, it
    recurses until the stack overflows while compiling. Thin files ("unchanged from
    0.4": only a ``$ref``) and files whose root refers to one of their definitions are such
    roots.
    """
    if "$ref" not in resource or not set(resource) - {"$ref"} <= _NOT_ASSERTIONS:
        return resource
    out: dict[str, Any] = {}
    for key, value in resource.items():
        if key == "$ref":
            out["allOf"] = [{"$ref": value}]
        else:
            out[key] = value
    return out


def _def_key(uri: str, root: str) -> str:
    """``<version>/<file name>``: readable, and unlike any definition name of ours."""
    parent = root.rsplit("/", 2)[0] + "/"
    return uri[len(parent) :] if uri.startswith(parent) else uri


def build_bundle(
    version: str,
    kind: str,
    *,
    schemas_dir: Path | None = None,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
) -> Bundle:
    """The bundle of one group kind; ``documents`` lets callers load the files once."""
    folder = schemas_dir or default_schemas_dir()
    docs = documents if documents is not None else _load_documents(folder)
    path = folder / version / f"{kind}{_GROUP_SUFFIX}"
    if not path.is_file():
        raise KeyError(f"no schema for kind {kind!r} in version {version}")
    source = json.loads(path.read_text(encoding="utf-8"))
    root = source.get("$id")
    if not isinstance(root, str) or root not in docs:
        raise BundleError(f"{path} has no $id")
    schema: dict[str, Any] = copy.deepcopy(source)
    schema["$schema"] = _DIALECT
    defs = schema.setdefault("$defs", {})
    embedded = _closure(root, docs)
    for uri in embedded:
        key = _def_key(uri, root)
        if key in defs:
            raise BundleError(f"{root}: $defs already has {key!r}")
        resource = {k: copy.deepcopy(v) for k, v in docs[uri].items() if k != "$schema"}
        defs[key] = embeddable(resource)
    return Bundle(version, kind, schema, tuple(embedded))


def group_kinds(version: str, schemas_dir: Path | None = None) -> list[str]:
    """The kinds that have a group schema in ``version``, as the files say."""
    folder = (schemas_dir or default_schemas_dir()) / version
    return sorted(p.name[: -len(_GROUP_SUFFIX)] for p in folder.glob(f"*{_GROUP_SUFFIX}"))


def build_bundles(
    schemas_dir: Path | None = None, versions: Sequence[str] | None = None
) -> list[Bundle]:
    """Every bundle: each supported version present, each of its group files."""
    folder = schemas_dir or default_schemas_dir()
    documents = _load_documents(folder)
    return [
        build_bundle(version, kind, schemas_dir=folder, documents=documents)
        for version in _versions(folder, versions)
        for kind in group_kinds(version, folder)
    ]


def index(bundles: Sequence[Bundle]) -> dict[str, Any]:
    """What the bundle folder holds: for each version and kind, the file and its entry points."""
    versions: dict[str, dict[str, Any]] = {}
    for b in bundles:
        versions.setdefault(b.version, {})[b.kind] = {
            "file": b.file_name,
            "$id": b.id,
            "must": b.id,
            "recommended": b.id + RECOMMENDED_POINTER,
            "strict": b.id + STRICT_POINTER,
            "embedded": list(b.embedded),
        }
    return {
        "description": "Self-contained OME-Zarr metadata schemas (JSON Schema draft 2020-12),"
        " one per version and group kind. 'must' validates the MUST rules; 'strict' adds the"
        " SHOULD rules; 'recommended' is the SHOULD rules alone.",
        "dialect": _DIALECT,
        "versions": versions,
    }


def write_bundles(
    out_dir: Path, schemas_dir: Path | None = None, versions: Sequence[str] | None = None
) -> list[Path]:
    """Write every bundle and the index under ``out_dir``; returns the files written."""
    bundles = build_bundles(schemas_dir, versions)
    written: list[Path] = []
    for b in bundles:
        target = out_dir / b.file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(b.text(), encoding="utf-8", newline="\n")
        written.append(target)
    target = out_dir / INDEX_NAME
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(dumps(index(bundles)), encoding="utf-8", newline="\n")
    written.append(target)
    return written


@dataclass(frozen=True)
class SchemaVerdict:
    """What the bundles alone must conclude about a document (see `schema_verdict`)."""

    version: str | None
    kinds: tuple[str, ...]
    valid: bool
    findings: tuple[tuple[str, str, str], ...]  # (rule, pointer, keyword location)

    def jobs(self, strict: bool) -> list[tuple[str, str, str]]:
        """(version, kind, pointer inside the bundle) to apply, one per detected kind."""
        pointer = STRICT_POINTER if strict else ""
        version = self.version
        return [(version, kind, pointer) for kind in self.kinds] if version else []


def schema_verdict(
    attrs: object, *, strict: bool = False, version: str | None = None
) -> SchemaVerdict:
    """The part of our Python verdict that comes from the schemas, for one document.

    Precisely: run `validate_attributes` (same ``version`` forcing and ``strict``), keep
    the findings that carry a ``keyword_location`` (they come from a schema, not from a
    semantic check or from version detection) and that count against validity (errors;
    in strict mode warnings too). The document is schema-valid when none is left.

    Another validator reaches the same verdict by applying, for each kind our detection
    found (``kinds``) in the detected ``version``, that kind's bundle: its root, or
    ``#/$defs/Strict`` in strict mode; valid when every one accepts the document. With
    no version or no kind detected nothing is applied, and the verdict is valid.
    """
    from ..issues import Severity
    from ..validate import validate_loaded

    report = validate_loaded(attrs, version=version, strict=strict)
    blocking = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    findings = tuple(
        (i.rule, i.pointer, i.keyword_location)
        for i in report.issues
        if i.keyword_location is not None and i.severity in blocking
    )
    return SchemaVerdict(report.version, report.kinds, not findings, findings)


def export(
    version: str,
    kind: str | None,
    *,
    bundle: bool,
    output: str | None,
    out: TextIO,
    schemas_dir: Path | None = None,
) -> str | None:
    """``schema export`` of the command line; returns the problem to report, or None.

    Source files keep the ``<version>/<file>`` layout so their relative ``$ref``s work.
    """
    folder = schemas_dir or default_schemas_dir()
    kinds = group_kinds(version, folder)
    if kind is not None and kind not in kinds:
        return f"no group kind {kind!r} in version {version}; known: {', '.join(kinds)}"
    target = Path(output) if output else None
    if bundle and kind is not None:
        text = build_bundle(version, kind, schemas_dir=folder).text()
        if target is None:
            out.write(text)
            return None
        files = {target: text}
    elif target is None:
        return "write where? give -o PATH (a folder)"
    elif bundle:
        built = build_bundles(folder, [version])
        files = {target / f"{b.kind}.bundle.schema.json": b.text() for b in built}
    else:
        paths = _source_paths(folder)
        documents = _load_documents(folder)
        if kind is not None:
            starts = [
                uri for uri, p in paths.items() if p == folder / version / f"{kind}{_GROUP_SUFFIX}"
            ]
        else:
            starts = [uri for uri, p in paths.items() if p.parent.name == version]
        wanted: set[str] = set()
        for uri in starts:
            wanted |= {uri, *_closure(uri, documents)}
        files = {
            target / paths[uri].relative_to(folder): paths[uri].read_text(encoding="utf-8")
            for uri in sorted(wanted)
        }
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        return f"cannot write {exc.filename or target}: {exc.strerror or exc}"
    return None


def _source_paths(schemas_dir: Path) -> dict[str, Path]:
    """The file each ``$id`` comes from."""
    return {
        json.loads(path.read_text(encoding="utf-8"))["$id"]: path
        for path in sorted(schemas_dir.glob("*/*.schema.json"))
    }


_USAGE = "usage: python -m ome_zarr_schemas.schema.bundle OUTPUT_DIR"


def _write(output: str) -> str:
    written = write_bundles(Path(output))
    return f"wrote {len(written) - 1} bundle(s) and {INDEX_NAME} to {output}"


def main(argv: Sequence[str] | None = None) -> int:
    return run_on_one_argument(argv, _USAGE, _write)


if __name__ == "__main__":
    raise SystemExit(main())
