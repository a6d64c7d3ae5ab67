"""The alike-items shortcut (`schema/alike.py`) changes the cost of schema validation, never
its findings: every case document, grown so that its lists hold many alike items (copies,
copies renamed, copies broken), gets exactly the errors a plain Draft 2020-12 validator
gives, for every group kind and level of its version.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ome_zarr_schemas.schema.registry import schema_set, validator_for
from ome_zarr_schemas.spec.versions import kinds_for

from ._support import Case, iter_cases

CASES = [c for c in iter_cases() if isinstance(c.document, dict)]


def _renamed(value: Any, suffix: str) -> Any:
    """``value`` with every string under a 'path' or 'name' key changed (same length or not)."""
    if isinstance(value, dict):
        return {
            k: (v + suffix if k in ("path", "name") and isinstance(v, str) else _renamed(v, suffix))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_renamed(v, suffix) for v in value]
    return value


def _grown(value: Any, lists: int = 0) -> Any:
    """Every list of objects (two levels of lists deep, so the document stays small) holds
    its items, then copies of them: exact, renamed to the same length, renamed longer, and
    one with an extra member (valid or not, it depends)."""
    if isinstance(value, dict):
        return {k: _grown(v, lists) for k, v in value.items()}
    if isinstance(value, list):
        items = [_grown(v, lists + 1) for v in value]
        if lists < 2 and items and all(isinstance(v, dict) for v in items):
            extra = [{**items[0], "x-extra": 1}]
            return items + items + _renamed(items, "") + _renamed(items, "9") + extra
        return items
    return value


def _errors(validator: Any, document: Any) -> list[tuple[str, str, str]]:
    return sorted((e.json_path, e.validator, e.message) for e in validator.iter_errors(document))


def _validators(version: str) -> Iterator[tuple[Any, Any]]:
    registry = schema_set().registry
    for kind in kinds_for(version):
        for level in ("must", "should"):
            try:
                ours = validator_for(version, kind, level)
            except KeyError:
                continue
            plain = Draft202012Validator(ours.schema, registry=registry)
            yield ours, plain


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_alike_items_give_the_plain_validators_errors(case: Case) -> None:
    version = case.force_version or case.version
    for document in (case.document, _grown(case.document)):
        for ours, plain in _validators(version):
            assert _errors(ours, document) == _errors(plain, document)
