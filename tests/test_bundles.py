"""The bundled schemas: well formed, reproducible, offline, and agreeing with our validator.

The agreement checks run every document of our case suites and of the official corpora
through our Python validator (`schema_verdict`: the findings that come from schemas) and
through two other engines applying only the bundles, ajv (JavaScript, run once per batch
of documents) and jsonschema-rs (Rust). A document on which they disagree fails the test
with both verdicts: either a bundle lost something, or a rule sits at the wrong level.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

from ome_zarr_schemas.schema import bundle as bundling
from ome_zarr_schemas.schema import coverage
from ome_zarr_schemas.schema.bundle import Bundle, SchemaVerdict, schema_verdict
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS
from ome_zarr_schemas.store.documents import attributes_of

from ._support import ROOT, corpus_root, iter_cases, require_corpus

JS = Path(__file__).resolve().parent / "js"
DOC = ROOT / "docs" / "other-languages.md"


# --- the bundles under test, built once from the current schemas


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundles")
    bundling.write_bundles(out)
    return out


@cache
def _bundles() -> tuple[Bundle, ...]:
    return tuple(bundling.build_bundles())


def _bundle_ids() -> list[str]:
    return [f"{b.version}/{b.kind}" for b in _bundles()]


def test_every_version_and_kind_is_bundled() -> None:
    schemas = ROOT / "schemas"
    expected = {
        (v, p.name.removesuffix(".group.schema.json"))
        for v in SUPPORTED_VERSIONS
        for p in (schemas / v).glob("*.group.schema.json")
    }
    assert expected
    assert {(b.version, b.kind) for b in _bundles()} == expected


@pytest.mark.parametrize("b", _bundles(), ids=_bundle_ids())
def test_bundle_is_a_valid_2020_12_schema(b: Bundle) -> None:
    Draft202012Validator.check_schema(b.schema)
    jsonschema_rs.meta.validate(b.schema)
    assert b.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_bundles_are_reproducible(tmp_path: Path) -> None:
    """Twice in this process, and once by `make schemas`'s command in another one."""
    first, second = tmp_path / "a", tmp_path / "b"
    written = bundling.write_bundles(first)
    subprocess.run(
        [sys.executable, "-m", "ome_zarr_schemas.schema.bundle", str(second)],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert sorted(p.relative_to(second) for p in second.rglob("*.json")) == sorted(
        p.relative_to(first) for p in written
    )
    assert len(written) == len(_bundles()) + 1
    for path in written:
        twin = second / path.relative_to(first)
        assert path.read_bytes() == twin.read_bytes(), path
        text = path.read_text("utf-8")
        assert text == bundling.dumps(json.loads(text)), path  # one canonical form


def _refs(node: object, base: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        if isinstance(node.get("$ref"), str):
            yield base, node["$ref"]
        for key, value in node.items():
            if key not in {"const", "enum"}:
                yield from _refs(value, base)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item, base)


def _refuse(uri: str) -> Any:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


@pytest.mark.parametrize("b", _bundles(), ids=_bundle_ids())
def test_bundle_resolves_without_retrieval(b: Bundle) -> None:
    """Every $ref of a bundle lands inside it, with a registry that can fetch nothing."""
    registry: Registry[Any] = Registry(retrieve=_refuse).with_resource(  # type: ignore[call-arg]
        b.id, Resource.from_contents(b.schema)
    )
    registry = registry.crawl()
    refs = list(_refs(b.schema, b.id))
    assert refs
    for base, ref in refs:
        registry.resolver(base).lookup(ref)  # raises when it would have to retrieve


@pytest.mark.parametrize("b", _bundles(), ids=_bundle_ids())
def test_bundle_keeps_ids_and_annotations(b: Bundle) -> None:
    """The root is the group file, and each embedded file is that file with its $id."""
    schemas = ROOT / "schemas"
    source = json.loads((schemas / b.version / f"{b.kind}.group.schema.json").read_text("utf-8"))
    assert b.id == source["$id"]
    files = {
        doc["$id"]: doc
        for doc in (json.loads(p.read_text("utf-8")) for p in schemas.glob("*/*.schema.json"))
    }
    embedded = {
        d["$id"]: d
        for d in b.schema["$defs"].values()
        if isinstance(d, dict) and isinstance(d.get("$id"), str)
    }
    assert set(embedded) == set(b.embedded)
    for uri, resource in embedded.items():
        source_resource = {k: v for k, v in files[uri].items() if k != "$schema"}
        assert resource == bundling.embeddable(source_resource), uri
    annotated = json.dumps(b.schema).count('"x-rule"')
    assert annotated == sum(json.dumps(d).count('"x-rule"') for d in [source, *embedded.values()])


def test_cli_export_bundle_matches_the_build(tmp_path: Path, bundle_dir: Path) -> None:
    from ome_zarr_schemas.cli import main

    b = _bundles()[0]
    target = tmp_path / "out.json"
    assert main(["schema", "export", "--version", b.version, "--kind", b.kind, "--bundle",
                 "-o", str(target)]) == 0  # fmt: skip
    assert target.read_bytes() == (bundle_dir / b.file_name).read_bytes()


def test_cli_export_refuses_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ome_zarr_schemas.cli import main

    code = main(["schema", "export", "--version", SUPPORTED_VERSIONS[0], "--kind", "nope",
                 "--bundle", "-o", str(tmp_path / "x.json")])  # fmt: skip
    assert code == 2
    assert "nope" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_index_names_every_bundle(bundle_dir: Path) -> None:
    index = json.loads((bundle_dir / bundling.INDEX_NAME).read_text("utf-8"))
    listed = {(v, k): e for v, kinds in index["versions"].items() for k, e in kinds.items()}
    assert set(listed) == {(b.version, b.kind) for b in _bundles()}
    for b in _bundles():
        entry = listed[(b.version, b.kind)]
        assert (bundle_dir / entry["file"]).is_file()
        assert entry["$id"] == entry["must"] == b.id
        assert entry["strict"] == b.id + "#/$defs/Strict"


def test_cli_export_copies_source_files(tmp_path: Path) -> None:
    """Without --bundle: the group file and every file it needs, byte for byte."""
    from ome_zarr_schemas.cli import main

    b = _bundles()[-1]
    assert main(["schema", "export", "--version", b.version, "--kind", b.kind,
                 "-o", str(tmp_path)]) == 0  # fmt: skip
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*.json")}
    assert Path(b.version, f"{b.kind}.group.schema.json") in written
    assert len(written) == len(b.embedded) + 1
    for rel in written:
        assert (tmp_path / rel).read_bytes() == (ROOT / "schemas" / rel).read_bytes()


def test_build_hook_writes_the_same_bundles(tmp_path: Path, bundle_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "_hatch_build_under_test", ROOT / "codegen" / "hatch_build.py"
    )
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    written: list[Path] = hook.write_bundles_from_source(ROOT, tmp_path)
    assert written
    for path in written:
        assert path.read_bytes() == (bundle_dir / path.relative_to(tmp_path)).read_bytes()


# --- the documents compared: our suites and the official corpora


@dataclass(frozen=True)
class Doc:
    id: str
    document: Any
    strict: bool
    version: str | None = None  # forced, as the case says


def _suite_docs() -> list[Doc]:
    return [Doc(c.id, c.document, c.strict, c.force_version) for c in iter_cases()]


def _read_example(path: Path) -> Any:
    """Examples may hold '//' comment lines, which upstream strips before parsing."""
    lines = path.read_text("utf-8").splitlines()
    return json.loads("\n".join(x for x in lines if not x.lstrip().startswith("//")))


def _corpus_docs(version: str) -> list[Doc]:
    """Every document of an official corpus; strictness is only in the file or folder name."""
    folder = require_corpus(version)
    docs: list[Doc] = []
    for suite in sorted((folder / "tests").glob("*_suite.json")):
        raw = json.loads(suite.read_text("utf-8"))
        strict = suite.name.startswith("strict_")
        for i, test in enumerate(raw["tests"]):
            docs.append(Doc(f"ngff-{version}/tests/{suite.name}#{i}", test["data"], strict))
    for path in sorted((folder / "tests" / "attributes").rglob("*.json")):
        raw = json.loads(path.read_text("utf-8"))
        if isinstance(raw, dict):
            raw = {k: v for k, v in raw.items() if k != "_conformance"}
        rel = path.relative_to(folder)
        docs.append(Doc(f"ngff-{version}/{rel}", raw, "strict" in rel.parts))
    for path in sorted((folder / "examples").rglob("*.json")):
        if path.name == ".config.json":
            continue
        config = path.parent / ".config.json"
        schema = json.loads(config.read_text("utf-8")).get("schema", "") if config.is_file() else ""
        rel = path.relative_to(folder)
        docs.append(
            Doc(f"ngff-{version}/{rel}", attributes_of(_read_example(path)), "strict" in schema)
        )
    return docs


def _corpus_versions() -> list[str]:
    """Every supported version (its corpus is required) and any other corpus present."""
    found = list(SUPPORTED_VERSIONS)
    root = corpus_root()
    if root is not None:
        extra = sorted(p.name.removeprefix("ngff-") for p in root.glob("ngff-*") if p.is_dir())
        found += [v for v in extra if v not in found]
    return found


def _sources() -> list[str]:
    return ["cases", *(f"ngff-{v}" for v in _corpus_versions())]


def _docs(source: str) -> list[Doc]:
    return _suite_docs() if source == "cases" else _corpus_docs(source.removeprefix("ngff-"))


@cache
def _python_verdicts(source: str) -> tuple[tuple[Doc, SchemaVerdict], ...]:
    return tuple(
        (d, schema_verdict(d.document, strict=d.strict, version=d.version)) for d in _docs(source)
    )


# --- the engines: each gets jobs (document, bundle, pointer) and answers valid + details

Job = tuple[int, str, str, str]  # (document's position in its source, version, kind, pointer)
EngineResult = dict[Job, tuple[bool, list[str]]]


def _jobs(verdicts: tuple[tuple[Doc, SchemaVerdict], ...]) -> list[tuple[Job, Any]]:
    return [
        ((n, version, kind, pointer), d.document)
        for n, (d, v) in enumerate(verdicts)
        for version, kind, pointer in v.jobs(d.strict)
    ]


def _require_node() -> str:
    node = shutil.which("node")
    if node and (JS / "node_modules" / "ajv" / "package.json").is_file():
        return node
    reason = "node or tests/js/node_modules missing: run `npm ci` in tests/js (make test does)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _run_ajv(bundle_dir: Path, jobs: list[tuple[Job, Any]]) -> EngineResult:
    node = _require_node()
    keys = sorted({(j[1], j[2]) for j, _ in jobs})
    payload = {
        "bundles": {f"{v}/{k}": str(bundle_dir / bundling.bundle_file_name(v, k)) for v, k in keys},
        "jobs": [
            {"id": str(i), "bundle": f"{j[1]}/{j[2]}", "pointer": j[3], "document": doc}
            for i, (j, doc) in enumerate(jobs)
        ],
    }
    done = subprocess.run(
        [node, str(JS / "validate.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not done.stderr.strip(), done.stderr  # e.g. ajv strict-mode warnings
    results = json.loads(done.stdout)["results"]
    assert len(results) == len(jobs)
    return {j: (r["valid"], r["errors"]) for (j, _), r in zip(jobs, results, strict=True)}


def _run_jsonschema_rs(bundle_dir: Path, jobs: list[tuple[Job, Any]]) -> EngineResult:
    def refuse(uri: str) -> Any:
        raise RuntimeError(f"a bundle asked to retrieve {uri}")

    validators: dict[tuple[str, str, str], Any] = {}
    out: EngineResult = {}
    for job, doc in jobs:
        key = job[1:]
        if key not in validators:
            version, kind, pointer = key
            schema = json.loads((bundle_dir / bundling.bundle_file_name(version, kind)).read_text())
            if pointer:  # a $ref into the bundle, which stays embedded: still no retrieval
                schema = {
                    "$schema": schema["$schema"],
                    "$ref": schema["$id"] + pointer,
                    "$defs": {"bundle": schema},
                }
            validators[key] = jsonschema_rs.Draft202012Validator(schema, retriever=refuse)
        errors = [f"{e.instance_path} {e.message}" for e in validators[key].iter_errors(doc)]
        out[job] = (not errors, errors[:5])
    return out


Engine = Callable[[Path, list[tuple[Job, Any]]], EngineResult]
ENGINES: dict[str, Engine] = {"ajv": _run_ajv, "jsonschema-rs": _run_jsonschema_rs}


def _disagreements(
    verdicts: tuple[tuple[Doc, SchemaVerdict], ...], results: EngineResult, engine: str
) -> list[str]:
    by_doc: dict[int, list[tuple[Job, tuple[bool, list[str]]]]] = {}
    for job, result in results.items():
        by_doc.setdefault(job[0], []).append((job, result))
    problems = []
    for n, (d, v) in enumerate(verdicts):
        mine = by_doc.get(n, [])
        theirs = all(valid for _, (valid, _) in mine)
        if theirs != v.valid:
            shown = json.dumps(d.document)
            problems.append(
                f"{d.id} (strict={d.strict}, version {v.version}, kinds {list(v.kinds)}):\n"
                f"  python: {'valid' if v.valid else 'invalid'} {list(v.findings)}\n"
                f"  {engine}: {'valid' if theirs else 'invalid'} "
                f"{[(j[2], j[3] or '#', errs) for j, (ok, errs) in mine if not ok]}\n"
                f"  document: {shown[:400]}{'...' if len(shown) > 400 else ''}"
            )
    return problems


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("source", _sources())
def test_engine_agrees_with_python(source: str, engine: str, bundle_dir: Path) -> None:
    """Document by document, the bundles alone give our validator's schema-level verdict."""
    verdicts = _python_verdicts(source)
    jobs = _jobs(verdicts)
    corpus_version = source.removeprefix("ngff-")
    if source == "cases" or corpus_version in SUPPORTED_VERSIONS:
        assert jobs, f"{source}: no document of a known version and kind to compare"
    # A corpus of a version without schemas still counts: documents detected as another
    # version (no 'ome' wrapper: validated as 0.4) must get the same verdict.
    results = ENGINES[engine](bundle_dir, jobs)
    problems = _disagreements(verdicts, results, engine)
    compared = len({j[0] for j, _ in jobs})
    assert not problems, f"{len(problems)} of {compared} documents disagree:\n" + "\n".join(
        problems
    )


def test_schema_verdict_ignores_semantic_findings() -> None:
    """Duplicate axis names break a semantic rule only: schema-valid, yet invalid."""
    doc = {
        "multiscales": [
            {
                "version": "0.4",
                "axes": [{"name": "y", "type": "space"}, {"name": "y", "type": "space"}],
                "datasets": [
                    {"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}]}
                ],
            }
        ]
    }
    verdict = schema_verdict(doc)
    assert verdict.valid and verdict.kinds == ("image",) and verdict.version == "0.4"
    broken = schema_verdict({"multiscales": []})
    assert not broken.valid and broken.findings


# --- the documentation page


def test_python_only_rule_list_is_up_to_date() -> None:
    text = DOC.read_text("utf-8")
    start, end = coverage.DOC_BEGIN, coverage.DOC_END
    match = re.search(re.escape(start) + r"\n(.*?)" + re.escape(end), text, re.S)
    assert match, f"{DOC} lacks the generated section markers"
    assert match.group(1) == coverage.python_only_rules_markdown(), (
        "docs/other-languages.md is stale: run `make docs`"
    )


def test_javascript_example_of_the_doc_runs(bundle_dir: Path, tmp_path: Path) -> None:
    """The ajv example on the page is real code: valid, invalid and strict verdicts."""
    node = _require_node()
    match = re.search(r"```js\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert match, "the page lost its JavaScript example"
    b = next(b for b in _bundles() if b.kind == "image" and b.version != "0.4")
    good = {
        "ome": {
            "version": b.version,
            "multiscales": [
                {
                    "axes": [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}],
                    "datasets": [
                        {
                            "path": "0",
                            "coordinateTransformations": [{"type": "scale", "scale": [1, 1]}],
                        }
                    ],
                }
            ],
        }
    }
    zarr_json = tmp_path / "zarr.json"
    bad = tmp_path / "bad.json"
    zarr_json.write_text(json.dumps({"zarr_format": 3, "node_type": "group", "attributes": good}))
    bad.write_text(json.dumps({"ome": {"version": b.version, "multiscales": []}}))

    def run(*args: Path | str) -> str:
        done = subprocess.run(
            [node, "--input-type=module", "-", str(bundle_dir / b.file_name), *map(str, args)],
            input=match.group(1),
            capture_output=True,
            text=True,
            cwd=JS,
            timeout=60,
            check=True,
        )
        return done.stdout

    assert run(zarr_json).strip() == "valid"
    assert "multiscales.structure" in run(bad)
    assert "multiscales.recommended-fields" in run(zarr_json, "strict")


def _drop_all_of(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_all_of(v) for k, v in node.items() if k != "allOf"}
    if isinstance(node, list):
        return [_drop_all_of(v) for v in node]
    return node


def test_agreement_check_catches_a_weakened_bundle(tmp_path: Path) -> None:
    """Without their 'allOf' constraints the bundles must disagree on some case."""
    for b in _bundles():
        target = tmp_path / b.file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(_drop_all_of(b.schema)))
    verdicts = _python_verdicts("cases")
    results = _run_jsonschema_rs(tmp_path, _jobs(verdicts))
    assert _disagreements(verdicts, results, "jsonschema-rs")


# --- regular expressions: one dialect for Python, ECMAScript (ajv) and Rust


def _patterns(node: object, found: set[str]) -> set[str]:
    if isinstance(node, Mapping):
        if isinstance(node.get("pattern"), str):
            found.add(node["pattern"])
        if isinstance(node.get("patternProperties"), Mapping):
            found.update(node["patternProperties"])
        for key, value in node.items():
            if key not in {"const", "enum", "examples"}:
                _patterns(value, found)
    elif isinstance(node, list):
        for value in node:
            _patterns(value, found)
    return found


def _all_patterns() -> list[str]:
    found: set[str] = set()
    for b in _bundles():
        _patterns(b.schema, found)
    return sorted(found)


#: Strings where regex dialects part: a trailing newline (Python's '$' matches before
#: it, ECMAScript's does not), other line ends, non-ASCII digits and letters, dots.
_PROBE_BASES = ["", "a", "A1", "B12", "0", ".", "..", "...", "__a", "a.b", "a/b", "a/../b"]
_PROBE_BASES += ["ff00AA", "/a~0", "\u0663", "\uff21", "\u017f", "a b", "a\u2028b"]
PROBES = sorted(
    {s for base in _PROBE_BASES for s in (base, base + "\n", "\n" + base, base + "\r\n")}
    | {"a/..\n", "..\n/a", "a\n/..", "A\n/1", "axes.name\n"}
)

#: Patterns whose Python and ECMAScript readings differ, reported to the schema's owner.
#: Each reason names the files and the fix: '(?![\s\S])' means "end of string" in both.
#: Patterns whose meaning differs between Python and ECMAScript/Rust regexes (none now:
#: every pattern ends with (?![\s\S]) instead of $, which means "end of string" in all three).
KNOWN_DIALECT_GAPS: dict[str, str] = {}


def _pattern_params() -> list[Any]:
    return [
        pytest.param(
            p,
            id=p,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DIALECT_GAPS[p])]
            if p in KNOWN_DIALECT_GAPS
            else [],
        )
        for p in _all_patterns()
    ]


@cache
def _ajv_matches() -> dict[str, list[bool]]:
    node = _require_node()
    patterns = _all_patterns()
    done = subprocess.run(
        [node, str(JS / "patterns.mjs")],
        input=json.dumps({"patterns": patterns, "strings": PROBES}),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    results = json.loads(done.stdout)["results"]
    return dict(zip(patterns, results, strict=True))


def test_schemas_have_patterns() -> None:
    assert _all_patterns()


@pytest.mark.parametrize("pattern", _pattern_params())
def test_pattern_means_the_same_in_every_engine(pattern: str) -> None:
    """Python (jsonschema: re.search), ajv (RegExp with 'u') and Rust agree on each probe."""
    python = Draft202012Validator({"type": "string", "pattern": pattern})
    rust = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    ajv = _ajv_matches()[pattern]
    differ = [
        (s, python.is_valid(s), ajv[i], rust.is_valid(s))
        for i, s in enumerate(PROBES)
        if not python.is_valid(s) == ajv[i] == rust.is_valid(s)
    ]
    assert not differ, "(string, python, ajv, rust): " + repr(differ)
