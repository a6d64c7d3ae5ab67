"""The rule catalogue is complete: every id used is listed, every rule has a failing case."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from ome_zarr_schemas import CATALOGUE, Severity, rules_for
from ome_zarr_schemas._checks import CHECKS
from ome_zarr_schemas.rules import SECTION

from ._support import ROOT, iter_cases
from .test_documents import DOCUMENT_CASES, GROUP_SCHEMA_CASES

SRC = ROOT / "src" / "ome_zarr_schemas"


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
    for path in sorted((ROOT / "schemas").glob("*/*.schema.json")):
        _schema_rules(json.loads(path.read_text("utf-8")), found, str(path.relative_to(ROOT)))
    return found


def source_rule_ids() -> set[str]:
    """String literals in our code that look like rule ids (area.name)."""
    ids: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "_generated" in path.parts or path.name == "rules.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                area, dot, rest = node.value.partition(".")
                if dot and area in SECTION and rest and " " not in rest and "/" not in rest:
                    ids.add(node.value)
    return ids


def test_every_schema_rule_is_catalogued() -> None:
    unknown = {r: w for r, w in schema_rule_ids().items() if r not in CATALOGUE}
    assert not unknown


def test_every_check_rule_is_catalogued() -> None:
    assert CHECKS
    for check in CHECKS:
        for rule in check.rules:
            assert rule in CATALOGUE, (check.fn.__name__, rule)


def test_every_rule_literal_in_the_code_is_catalogued() -> None:
    unknown = sorted(r for r in source_rule_ids() if r not in CATALOGUE)
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
    used = set(schema_rule_ids()) | {r for c in CHECKS for r in c.rules} | source_rule_ids()
    assert sorted(set(CATALOGUE) - used) == []


def test_schema_levels_match_severities() -> None:
    """Rules in Recommended definitions are warnings; the others are errors."""
    for path in sorted((ROOT / "schemas").glob("*/*.schema.json")):
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
