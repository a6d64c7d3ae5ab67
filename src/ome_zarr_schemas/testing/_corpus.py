"""Generated cases as files, in the layout of the official conformance corpus.

``tests/attributes/{spec,strict}/{valid,invalid}/<kind>/<name>.json``: each file is one
attributes document with a ``_conformance`` key (harness data, ignored by validators)
holding the expected verdict and, for invalid cases, the rule and pointer. Tools in
other languages run them like the official cases; the extra keys tell them why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from ..issues import Severity
from ..rules import get_rule
from ..schema.registry import group_schema_uri
from ._attributes import attributes
from ._mutations.catalogue import families, invalid_attributes
from ._mutations.registry import Family, Mutation

#: Folder names the official corpus uses where they differ from our kind names.
CORPUS_KIND = {"label-image": "label"}


@dataclass(frozen=True)
class Case:
    path: str  # relative to the output folder
    document: dict[str, Any]


def _collect(count: int, seed_value: int, draw_one: Callable[[st.DataObject], Any]) -> list[Any]:
    """Up to ``count`` distinct values from Hypothesis' engine, reproducibly for a seed."""
    out: dict[str, Any] = {}
    if count <= 0:
        return []

    @seed(seed_value)
    @settings(
        max_examples=max(3 * count, 10),
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        value = draw_one(data)
        key = json.dumps(
            value if not isinstance(value, Mutation) else value.document, sort_keys=True
        )
        if len(out) < count and key not in out:
            out[key] = value

    run()
    return list(out.values())


def generate_cases(version: str, kind: str, count: int, seed_value: int = 0) -> list[Case]:
    """``count`` valid and ``count`` invalid cases of ``kind`` in ``version``.

    Invalid cases cycle through the mutation families, so ``count`` at least the number of
    families gives each one a case. A broken MUST goes to ``spec/invalid``, a broken
    SHOULD to ``strict/invalid``. Left out: families that need a forced version or a group
    schema used alone (a runner only sees the file), and notes (info findings do not make
    a document invalid).
    """
    folder = CORPUS_KIND.get(kind, kind)
    schema = {"id": group_schema_uri(version, kind)}
    generator = {"tool": "ome-zarr-schemas generate", "seed": seed_value}
    cases: list[Case] = []
    valid = _collect(count, seed_value, lambda data: data.draw(attributes(version, kind)))
    for i, document in enumerate(valid):
        meta = {"schema": schema, "description": f"generated valid {kind}", "valid": True}
        cases.append(
            Case(
                f"tests/attributes/spec/valid/{folder}/valid-{i:03d}.json",
                {**document, "_conformance": {**meta, "generator": generator}},
            )
        )
    usable = [
        f
        for f in families(version, kind)
        if f.name not in _NEEDS_MORE_THAN_A_FILE and get_rule(f.rule).severity is not Severity.INFO
    ]
    if not usable:
        return cases

    # Round robin over the families: case i comes from family i % len(usable). Each
    # family is drawn in a run of its own, so no draw depends on state outside the data.
    runs = [
        _collect(
            len(range(f, count, len(usable))), seed_value, _mutation_drawer(version, kind, fam)
        )
        for f, fam in enumerate(usable)
    ]
    mutations: list[Mutation] = []
    for i in range(count):
        run, nth = runs[i % len(usable)], i // len(usable)
        if nth < len(run):
            mutations.append(run[nth])
    for i, mutation in enumerate(mutations):
        if mutation.version is not None or mutation.group_schema is not None:
            continue
        strict = mutation.severity is not Severity.ERROR
        level = "strict" if strict else "spec"
        expected: dict[str, Any] = {
            "schema": schema,
            "description": mutation.description,
            "valid": False,
            "rule": mutation.rule,
            "pointer": mutation.pointer,
        }
        if strict:
            expected["strict"] = True
        if not isinstance(mutation.document, dict):
            continue  # a non-object document cannot carry the harness key
        name = f"{mutation.rule}-{i:03d}.json"
        cases.append(
            Case(
                f"tests/attributes/{level}/invalid/{folder}/{name}",
                {
                    **mutation.document,
                    "_conformance": {
                        **expected,
                        "generator": {**generator, "family": mutation.family},
                    },
                },
            )
        )
    return cases


def _mutation_drawer(version: str, kind: str, fam: Family) -> Callable[[st.DataObject], Mutation]:
    def draw(data: st.DataObject) -> Mutation:
        return data.draw(invalid_attributes(version, kind, rule=fam.rule))

    return draw


#: Families whose documents are judged with a forced version or a group schema alone.
_NEEDS_MORE_THAN_A_FILE = {"unwrapped", "wrong_ome_version", "kind_key_removed", "not_an_object"}


def write_cases(cases: list[Case], out: Path) -> list[Path]:
    written = []
    for case in cases:
        path = out / case.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(case.document, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written
