"""The README's `invalid_attributes` example, run as written with this package as
`my_validator`, for every mutation family of every version (issue 14 item 10: as first
written it failed for every pair, ignoring SHOULD families and the forced version)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas import validate_attributes
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS
from ome_zarr_schemas.testing import Mutation, families, invalid_attributes

from ._support import ROOT


class _Ours:
    """`my_validator` of the example: this package."""

    @staticmethod
    def findings(document: Any, **how: Any) -> set[tuple[str, str]]:
        return {(i.rule, i.pointer) for i in validate_attributes(document, **how).issues}

    @staticmethod
    def is_valid(document: Any, **how: Any) -> bool:
        return validate_attributes(document, **how).valid


def _example() -> Any:
    """The example's test function, its body as the README has it."""
    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    (block,) = [b for b in blocks if "def test_my_validator_finds_it" in b]
    namespace: dict[str, Any] = {"my_validator": _Ours}
    exec(compile(block, "README.md", "exec"), namespace)
    return namespace["test_my_validator_finds_it"].hypothesis.inner_test


FAMILIES = sorted(
    {(v, f.rule) for v in SUPPORTED_VERSIONS for f in families(v)},
)


@pytest.mark.parametrize(("version", "rule"), FAMILIES, ids=[f"{v}-{r}" for v, r in FAMILIES])
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_readme_example_passes_for_every_family(
    version: str, rule: str, data: st.DataObject
) -> None:
    mutation: Mutation = data.draw(invalid_attributes(version, rule=rule))
    _example()(mutation)
