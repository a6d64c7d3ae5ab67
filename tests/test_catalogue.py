"""The rule catalogue is complete: every rule has one home (its concept's module of
`ome_zarr_schemas.rules`), every id used is listed, every rule is used and has a failing
case, and the catalogue says truthfully, per version, whether a schema enforces a rule."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from ome_zarr_schemas import CATALOGUE, SUPPORTED_VERSIONS, Rule, Severity, rules_for
from ome_zarr_schemas.rules import CONCEPTS, SECTION
from ome_zarr_schemas.rules._registry import CHECKS, CROSS
from ome_zarr_schemas.spec.versions import KIND_KEYS

from ._support import ROOT, iter_cases
from .test_documents import DOCUMENT_CASES, GROUP_SCHEMA_CASES

SRC = ROOT / "src" / "ome_zarr_schemas"
SCHEMAS = ROOT / "schemas"

#: The concept module of each rule area (the part of the id before the dot).
HOME = {
    "document": "document",
    "ome": "version",
    "version": "version",
    "axes": "axes",
    "transforms": "transformations",
    "fields": "fields",
    "multiscales": "multiscales",
    "coordinate-systems": "coordinate_systems",
    "omero": "omero",
    "labels": "labels",
    "image-label": "image_label",
    "plate": "plate",
    "well": "well",
    "bioformats2raw": "bioformats2raw",
    "series": "bioformats2raw",
    "scene": "scene",
    "store": "store",
}


def _schema_rules(node: Any, found: dict[str, set[str]], where: str) -> None:
    if isinstance(node, dict):
        if "x-rule" in node:
            found.setdefault(node["x-rule"], set()).add(where)
        for value in node.values():
            _schema_rules(value, found, where)
    elif isinstance(node, list):
        for value in node:
            _schema_rules(value, found, where)


def schema_rule_ids() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(SCHEMAS.glob("*/*.schema.json")):
        _schema_rules(json.loads(path.read_text("utf-8")), found, str(path.relative_to(ROOT)))
    return found


def _package_trees() -> dict[str, ast.Module]:
    """Parsed modules of the package (generated and testing code aside), by path."""
    return {
        str(path.relative_to(SRC)): ast.parse(path.read_text("utf-8"))
        for path in sorted(SRC.rglob("*.py"))
        if "_generated" not in path.parts and "testing" not in path.parts
    }


def _looks_like_rule(value: str) -> bool:
    area, dot, rest = value.partition(".")
    return bool(dot and area in SECTION and rest and " " not in rest and "/" not in rest)


def rule_literals() -> dict[str, set[str]]:
    """String literals in our code that look like rule ids (area.name) -> their modules."""
    found: dict[str, set[str]] = {}
    for where, tree in _package_trees().items():
        for node in ast.walk(tree):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and _looks_like_rule(value):
                found.setdefault(value, set()).add(where)
    return found


def _constant_name(rule: Rule) -> str:
    return rule.id.split(".", 1)[1].upper().replace("-", "_")


def referenced_rules() -> set[str]:
    """Rules whose constant is used somewhere besides its definition."""
    names: set[str] = set()
    for tree in _package_trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                names.add(node.id)
    return {r.id for r in CATALOGUE.values() if _constant_name(r) in names}


def test_every_rule_lives_in_its_concept_module() -> None:
    homes = {m.__name__.rsplit(".", 1)[1]: m for m in CONCEPTS}
    assert set(HOME) == set(SECTION)
    for rule in CATALOGUE.values():
        module = homes[HOME[rule.area]]
        assert getattr(module, _constant_name(rule), None) is rule, rule.id
        assert _constant_name(rule) in module.__all__, rule.id
    assert sum(isinstance(v, Rule) for m in CONCEPTS for v in vars(m).values()) == len(CATALOGUE)


def test_each_rule_id_is_written_in_its_home_only() -> None:
    """Outside `testing/`, a rule id is a string in one module: its concept's (besides
    the schemas' x-rule). 'bioformats2raw.layout' is also the name of a metadata key."""
    for rule_id, modules in rule_literals().items():
        if rule_id in KIND_KEYS:
            continue  # the key the metadata holds, wherever the code reads it
        elsewhere = modules - {f"rules/{HOME[rule_id.split('.')[0]]}.py"}
        assert not elsewhere, (rule_id, sorted(elsewhere))


def test_checks_are_registered_from_concept_modules() -> None:
    homes = {m.__name__ for m in CONCEPTS} | {"ome_zarr_schemas.rules.transformation_params"}
    assert CHECKS and CROSS
    for fn in [c.fn for c in CHECKS] + list(CROSS):
        assert fn.__module__ in homes, fn.__qualname__


def test_every_schema_rule_is_catalogued() -> None:
    unknown = {r: w for r, w in schema_rule_ids().items() if r not in CATALOGUE}
    assert not unknown


def test_every_rule_literal_in_the_code_is_catalogued() -> None:
    unknown = sorted(r for r in rule_literals() if r not in CATALOGUE)
    assert not unknown


def test_every_rule_has_a_failing_case() -> None:
    covered: set[str] = set()
    for case in iter_cases():
        for pairs in (case.errors, case.warnings or (), case.infos or ()):
            covered |= {rule for rule, _ in pairs}
    # Reading files, and group schemas used alone, have their own tables.
    covered |= {c.rule for c in DOCUMENT_CASES if c.rule} | {c.rule for c in GROUP_SCHEMA_CASES}
    # Hierarchy rules need a store: their failing cases are in tests/store_cases.py
    # (proven by test_store_rules.test_every_hierarchy_rule_fails_somewhere_in_each_version).
    documents = {r for r, rule in CATALOGUE.items() if rule.origin != "hierarchy"}
    missing = sorted(documents - covered)
    assert not missing, f"rules without a failing case in tests/cases: {missing}"


def test_every_rule_is_used_somewhere() -> None:
    used = set(schema_rule_ids()) | referenced_rules()
    assert sorted(set(CATALOGUE) - used) == []


def test_schema_levels_match_severities() -> None:
    """Rules in Recommended definitions are warnings; the others are errors."""
    for path in sorted(SCHEMAS.glob("*/*.schema.json")):
        doc = json.loads(path.read_text("utf-8"))
        recommended: dict[str, set[str]] = {}
        _schema_rules(doc.get("$defs", {}).get("Recommended", {}), recommended, path.name)
        for rule in recommended:
            assert CATALOGUE[rule].severity is Severity.WARNING, (path.name, rule)
        everything: dict[str, set[str]] = {}
        rest = {k: v for k, v in doc.items() if k != "$defs"}
        rest["$defs"] = {k: v for k, v in doc.get("$defs", {}).items() if k != "Recommended"}
        _schema_rules(rest, everything, path.name)
        for rule in everything:
            assert CATALOGUE[rule].severity is Severity.ERROR, (path.name, rule)


def test_rules_have_spec_links_and_titles() -> None:
    for rule in rules_for():
        assert rule.title and not rule.title.endswith("."), rule.id
        assert rule.spec_url("0.4").startswith("https://ngff.openmicroscopy.org/0.4/")
    assert {r.id for r in rules_for("0.4")} <= set(CATALOGUE)


def test_no_boolean_subschemas() -> None:
    """Every failing subschema must carry a rule, which a bare true/false cannot."""

    def walk(node: Any, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, bool) and k in {
                    "items",
                    "additionalProperties",
                    "not",
                    "then",
                    "else",
                    "contains",
                    "unevaluatedProperties",
                }:
                    raise AssertionError(f"boolean subschema under {k!r}")
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    for path in sorted((ROOT / "schemas").glob("*/*.schema.json")):
        walk(json.loads(Path(path).read_text("utf-8")), None)


# --- who enforces a rule, per version


def _load(path: Path, cache: dict[Path, Any]) -> Any:
    if path not in cache:
        cache[path] = json.loads(path.read_text("utf-8"))
    return cache[path]


def carried_rules(version: str) -> set[str]:
    """The x-rule ids a version's schemas enforce: from each schema of
    ``schemas/<version>/`` (its MUST root and its ``$defs/Recommended``), through every
    ``$ref`` (into other versions' files too), unused definitions aside."""
    cache: dict[Path, Any] = {}
    todo: list[tuple[Path, str]] = []
    for path in sorted((SCHEMAS / version).glob("*.schema.json")):
        todo.append((path.resolve(), ""))
        if "Recommended" in _load(path.resolve(), cache).get("$defs", {}):
            todo.append((path.resolve(), "/$defs/Recommended"))
    seen: set[tuple[Path, str]] = set()
    found: set[str] = set()
    while todo:
        path, fragment = todo.pop()
        if (path, fragment) in seen:
            continue
        seen.add((path, fragment))
        node = _load(path, cache)
        for token in filter(None, fragment.split("/")):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get("x-rule"), str):
                    found.add(item["x-rule"])
                ref = item.get("$ref")
                if isinstance(ref, str):
                    file, _, inner = ref.partition("#")
                    todo.append(((path.parent / file).resolve() if file else path, inner))
                stack.extend(v for k, v in item.items() if k != "$defs")
            elif isinstance(item, list):
                stack.extend(item)
    return found


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_origin_per_version_matches_the_schemas(version: str) -> None:
    """A rule is "schema" in a version exactly when that version's schemas carry it."""
    carried = carried_rules(version)
    wrong = sorted(
        (rule.id, rule.origin_in(version))
        for rule in rules_for(version)
        if (rule.origin_in(version) == "schema") != (rule.id in carried)
    )
    assert not wrong
    # a schema never enforces a rule where the catalogue says the rule does not apply
    assert not {r.id for r in CATALOGUE.values() if not r.applies_to(version)} & carried
