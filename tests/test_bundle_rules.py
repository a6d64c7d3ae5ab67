"""The "Python only" table of docs/other-languages.md lists exactly the rules a bundle
does not enforce.

Each rule's failing documents are run through the bundles of their version: our case
suites (tests/cases/<version>/*.json), and the 0.5 cases declared as a 0.6 draft (the
0.6 suites test what 0.6 changed; the kinds 0.6 keeps from 0.5 are failed by the same
documents). A document fails a rule when our validator reports it. A bundle rejects a
document *with* a rule when one of its errors lies below a subschema carrying that
``x-rule`` (through ``$ref``s, as our validator attributes schema errors). A rule is
enforced by the bundles of a version when they reject every failing document of it with
that rule; the table must list it for that version exactly when it is not.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource

from ome_zarr_schemas import Severity, rules_for
from ome_zarr_schemas.schema import bundle as bundling
from ome_zarr_schemas.schema import coverage
from ome_zarr_schemas.schema.findings import explain, leaves
from ome_zarr_schemas.schema.registry import validator_for
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS, V05, VERSIONS, lookup
from ome_zarr_schemas.validate import validate_loaded

from ._support import ROOT, iter_cases
from .test_documents import GROUP_SCHEMA_CASES

DOC = ROOT / "docs" / "other-languages.md"

#: Rules no document can fail whatever the bundles say: raised while reading a store
#: or a file, or across groups. Their failing cases are stores (tests/test_store_*.py).
_NOT_OF_A_DOCUMENT = frozenset({"hierarchy", "detection"})


@cache
def _bundles() -> dict[tuple[str, str], bundling.Bundle]:
    return {(b.version, b.kind): b for b in bundling.build_bundles()}


@cache
def _validator(version: str, kind: str) -> tuple[Draft202012Validator, Any]:
    """The bundle's MUST+SHOULD entry point, and a resolver over the bundle alone."""
    schema = _bundles()[(version, kind)].schema
    registry: Registry[Any] = Registry().with_resource(
        schema["$id"], Resource.from_contents(schema)
    )
    registry = registry.crawl()
    entry = {"$ref": schema["$id"] + bundling.STRICT_POINTER}
    return Draft202012Validator(entry, registry=registry), registry.resolver()


def _errors(error: ValidationError) -> Iterator[ValidationError]:
    yield error
    for sub in error.context or ():
        yield from _errors(sub)


def _rules_on_path(error: ValidationError, resolver: Any, root: str) -> set[str]:
    """The ``x-rule``s of the subschemas the validator went through to this error."""
    found: set[str] = set()
    resolved = resolver.lookup(root)
    node: Any = resolved.contents
    resolver = resolved.resolver
    for token in [*list(error.absolute_schema_path)[:-1], None]:
        while isinstance(node, Mapping) and "$ref" in node and (token is None or token not in node):
            if isinstance(node.get("x-rule"), str):
                found.add(node["x-rule"])
            resolved = resolver.lookup(node["$ref"])
            node, resolver = resolved.contents, resolved.resolver
        if isinstance(node, Mapping) and isinstance(node.get("x-rule"), str):
            found.add(node["x-rule"])
        if token is None:
            break
        node = node[token]
    return found


def bundle_rules(document: object, version: str) -> set[str]:
    """The rules the bundles of ``version`` reject ``document`` with (every kind's bundle:
    one chosen by the document's keys would be among them)."""
    found: set[str] = set()
    for (v, kind), b in _bundles().items():
        if v != version:
            continue
        validator, resolver = _validator(v, kind)
        root = b.id + bundling.STRICT_POINTER
        for top in validator.iter_errors(document):
            for error in _errors(top):
                found |= _rules_on_path(error, resolver, root)
    return found


def _redeclared(document: object, forced: str | None, version: str) -> tuple[object, str | None]:
    """A 0.5 document (and its forced version) as ``version`` says it: its 'ome.version'
    replaced, or, without one, ``version`` forced."""
    if forced == V05.id:
        forced = version
    ome = document.get("ome") if isinstance(document, Mapping) else None
    if isinstance(ome, Mapping) and ome.get("version") == V05.id:
        document = {**document, "ome": {**ome, "version": version}}  # type: ignore[dict-item]
    elif isinstance(ome, Mapping) and "version" not in ome and forced is None:
        forced = version
    return document, forced


Source = tuple[str, object, str | None, str | None]  # version, document, forced, group kind


def _failing_documents() -> Iterator[Source]:
    """The documents of the suites: (version, document, forced version, kind) where a kind
    means the document is checked against that kind's group schema alone."""
    drafts = [v.id for v in VERSIONS if v.coordinate_systems]
    for case in iter_cases():
        version = lookup(case.force_version or case.version)
        if version is None:
            continue
        yield version.id, case.document, case.force_version, None
        if case.version == V05.id:
            for draft in drafts:
                yield draft, *_redeclared(case.document, case.force_version, draft), None
    for group in GROUP_SCHEMA_CASES:
        yield group.version, group.document, group.version, group.kind
        if group.version == V05.id:
            for draft in drafts:
                yield draft, *_redeclared(group.document, group.version, draft), group.kind


def _failed(source: Source) -> set[str]:
    """The rules our validator finds the document failing in its version (none when it
    read the document as another version)."""
    version, document, forced, kind = source
    if kind is not None:
        validator = validator_for(version, kind)
        root = str(validator.schema["$ref"])  # type: ignore[index]
        return {
            explain(leaf, root)[0]
            for error in validator.iter_errors(document)
            for leaf in leaves(error)
        }
    report = validate_loaded(document, version=forced, strict=True)
    if report.version not in {version, None}:
        return set()
    return {i.rule for i in report.issues if i.severity is not Severity.INFO}


@cache
def enforcement() -> dict[tuple[str, str], list[bool]]:
    """(version, rule) -> for each failing document: did the bundles reject it with the rule?"""
    found: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for source in _failing_documents():
        failed = _failed(source)
        version, document = source[0], source[1]
        rejected = bundle_rules(document, version) if failed else set()
        for rule in failed:
            found[(version, rule)].append(rule in rejected)
    return dict(found)


def listed() -> set[tuple[str, str]]:
    """(version, rule) for every row of the table in the documentation page."""
    text = DOC.read_text("utf-8")
    start = text.index(coverage.DOC_BEGIN)
    end = text.index(coverage.DOC_END)
    pairs: set[tuple[str, str]] = set()
    for line in text[start:end].splitlines():
        match = re.match(r"\| `([^`]+)` \| [^|]+ \| ([^|]+) \|", line)
        if match:
            shown = [v.strip() for v in match.group(2).split(",")]
            versions = SUPPORTED_VERSIONS if shown == ["all"] else shown
            pairs |= {(v, match.group(1)) for v in versions}
    return pairs


PAIRS = [(v, r) for r in rules_for() for v in SUPPORTED_VERSIONS if r.applies_to(v)]


@pytest.mark.parametrize(
    ("version", "rule"), [(v, r.id) for v, r in PAIRS], ids=[f"{v}-{r.id}" for v, r in PAIRS]
)
def test_the_table_lists_exactly_the_rules_a_bundle_does_not_enforce(
    version: str, rule: str
) -> None:
    entry = next(r for r in rules_for() if r.id == rule)
    in_table = (version, rule) in listed()
    seen = enforcement().get((version, rule))
    if seen is None:
        # no document of the suites fails it in this version: a note (no document fails
        # a note) or a rule of stores and reading; no bundle checks either
        assert entry.severity is Severity.INFO or entry.origin in _NOT_OF_A_DOCUMENT, (
            f"{rule} has no failing document in {version}"
        )
        assert in_table, f"{rule} ({entry.origin}) is checked by no bundle: the table must list it"
        return
    enforced = all(seen)
    assert enforced is not in_table, (
        f"{rule} in {version}: the bundles reject {sum(seen)} of its {len(seen)} failing"
        f" documents with it, but the table {'lists' if in_table else 'omits'} it"
    )


def test_a_bundle_reports_the_rules_our_validator_attributes_to_schemas() -> None:
    """The rule matching above agrees with our validator on schema findings."""
    for version, document, forced, kind in _failing_documents():
        report = validate_loaded(document, version=forced, strict=True)
        if kind is not None or report.version != version:
            continue
        from_schemas = {i.rule for i in report.issues if i.keyword_location is not None}
        assert from_schemas <= bundle_rules(document, version), (version, document)
