"""The public strategies themselves: coverage of versions, kinds, rules and the spec's
axis combinations; shrinking; the `generate` command."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ome_zarr_schemas import CATALOGUE, Severity, validate_attributes
from ome_zarr_schemas.cli import main
from ome_zarr_schemas.schema.registry import group_schema_uri, schema_set
from ome_zarr_schemas.spec.versions import SUPPORTED_VERSIONS, V06_VERSIONS, kinds_for
from ome_zarr_schemas.testing import (
    AXIS_TYPE_SEQUENCES,
    attributes,
    available,
    families,
    hierarchy_families,
)
from ome_zarr_schemas.testing._mutations.catalogue import family_rules, hierarchy_family_rules

from ._support import ROOT

COVERED_VERSIONS = sorted({v for v, _ in available()})


class _Found(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


def search(strategy: st.SearchStrategy[Any], condition: Any, tries: int = 3000) -> Any:
    """The first generated value that meets ``condition``, without shrinking it (fast)."""

    @settings(
        max_examples=tries,
        phases=[Phase.generate],
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def probe(value: Any) -> None:
        if condition(value):
            raise _Found(value)

    with pytest.raises(_Found) as found:
        probe()
    return found.value.value


# --- every version and kind has a strategy

ALL_PAIRS = [(v, k) for v in SUPPORTED_VERSIONS for k in kinds_for(v)]


@pytest.mark.parametrize(
    ("version", "kind"), [pytest.param(*p, id=f"{p[0]}-{p[1]}") for p in ALL_PAIRS]
)
def test_every_version_and_kind_has_a_strategy(version: str, kind: str) -> None:
    assert (version, kind) in available()
    document = search(attributes(version, kind), lambda d: True)
    assert validate_attributes(document).valid


def test_unknown_version_or_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="no strategy"):
        attributes("0.3", "image")
    with pytest.raises(ValueError, match="no strategy"):
        attributes("0.4", "movie")


# --- every document rule has a mutation family

#: Rules that no attributes document can trigger: the file reader (store/documents.py) finds
#: them before there is a document to mutate. tests/test_documents.py covers them.
FILE_LEVEL = {
    "document.unreadable": "the file or folder cannot be read",
    "document.not-json": "the bytes are not UTF-8 JSON",
    "document.too-large": "the file is over the size limit before parsing",
    "document.too-deep": "the nesting limit is enforced while parsing",
    "document.duplicate-key": "a parsed document keeps one value per name",
    "document.number-out-of-range": "a parsed document holds the number as infinity",
}
#: Store rules about the file system under the documents, not the documents: a generated
#: hierarchy is documents by key, written into any store (a MemoryStore has no links or
#: pipes). tests/test_store_safety.py and tests/test_hostile.py build them on disk.
FILE_SYSTEM_LEVEL = {
    "store.path-escape": "a symbolic link or redirect leaving the target",
    "store.not-a-file": "a named pipe, device or socket where a document belongs",
}
V06_IDS = {r.id for r in CATALOGUE.values() if r.versions and set(r.versions) <= set(V06_VERSIONS)}


def _rule_param(rule_id: str) -> Any:
    rule = CATALOGUE[rule_id]
    if rule.origin == "hierarchy":  # broken in a whole store: invalid_hierarchies()
        return pytest.param(rule_id, id=f"hierarchy-{rule_id}")
    return pytest.param(rule_id)


@pytest.mark.parametrize(
    "rule_id",
    [_rule_param(r) for r in sorted(set(CATALOGUE) - set(FILE_LEVEL) - set(FILE_SYSTEM_LEVEL))],
)
def test_every_rule_has_a_mutation_family(rule_id: str) -> None:
    if CATALOGUE[rule_id].origin == "hierarchy":
        assert rule_id in hierarchy_family_rules()
    else:
        assert rule_id in family_rules()


#: Rule-id prefixes whose concept module has another name (rules/<concept>.py, too).
_CONCEPT_OF_PREFIX = {
    "ome": "version",
    "series": "bioformats2raw",
    "transforms": "transformations",
    "coordinate-systems": "coordinate_systems",
    "image-label": "image_label",
}


def test_each_family_lives_in_the_module_of_its_rules_concept() -> None:
    """`testing/_mutations/<concept>.py` mirrors `rules/<concept>.py`: a rule's document and
    hierarchy families are in its concept's module and nowhere else."""
    package = "ome_zarr_schemas.testing._mutations"
    placed = [(f.name, f.rule, f.apply.__module__) for f in families()] + [
        (f.name, f.rule, f.apply.__module__) for f in hierarchy_families()
    ]
    for name, rule, module in placed:
        if not module.startswith(package):
            continue  # registered by a test or a user
        prefix = rule.partition(".")[0]
        concept = _CONCEPT_OF_PREFIX.get(prefix, prefix)
        assert module == f"{package}.{concept}", (name, rule)


def test_file_level_exclusions_are_real() -> None:
    """Each excluded rule exists, comes from detection, and only the file reader emits it."""
    reader = (ROOT / "src" / "ome_zarr_schemas" / "store" / "documents.py").read_text("utf-8")
    validator = (ROOT / "src" / "ome_zarr_schemas" / "validate.py").read_text("utf-8")
    for rule_id, reason in FILE_LEVEL.items():
        assert CATALOGUE[rule_id].origin == "detection" and reason
        constant = rule_id.split(".", 1)[1].upper().replace("-", "_")
        assert f"document_rules.{constant}" in reader and constant not in validator
        assert rule_id not in family_rules()


def test_families_name_catalogued_rules_of_their_versions() -> None:
    for version in COVERED_VERSIONS:
        for fam in families(version):
            rule = CATALOGUE[fam.rule]
            assert rule.applies_to(version), (fam.name, version)
            assert fam.rule not in V06_IDS or version.startswith("0.6")


# --- the axis type sequences are exactly the ones the spec allows

_LETTER = {
    "S": {"type": "space"},
    "T": {"type": "time"},
    "C": {"type": "channel"},
    "X": {"type": "angle"},
    "U": {},
}


def _image(sequence: str) -> dict[str, Any]:
    axes = [{"name": f"a{i}", **_LETTER[c]} for i, c in enumerate(sequence)]
    scale = [{"type": "scale", "scale": [1.0] * len(axes)}]
    return {
        "multiscales": [
            {"axes": axes, "datasets": [{"path": "0", "coordinateTransformations": scale}]}
        ]
    }


def test_allowed_axis_sequences_are_the_spec_enumeration() -> None:
    """Spec digest section 3, AX-5 (lenient reading): 18 sequences, and only those.

    Every sequence of 1 to 6 axes is tried against our image schema (plain jsonschema;
    no semantic rule looks at types alone), custom axes both typed and untyped.
    """
    assert len(set(AXIS_TYPE_SEQUENCES)) == 18
    schema = Draft202012Validator(
        {"$ref": group_schema_uri("0.4", "image")}, registry=schema_set().registry
    )
    for length in range(1, 7):
        for letters in itertools.product("STCX", repeat=length):
            sequence = "".join(letters)
            for spelled in {sequence, sequence.replace("X", "U")}:
                valid = schema.is_valid(_image(spelled))
                assert valid is (sequence in AXIS_TYPE_SEQUENCES), spelled


def _letters(axes: list[dict[str, Any]]) -> str:
    known = {"space": "S", "time": "T", "channel": "C"}
    return "".join(known.get(str(a.get("type")), "X") for a in axes)


def test_generated_axes_use_only_allowed_sequences() -> None:
    seen = set()

    @given(attributes("0.4", "image"))
    def check(document: dict[str, Any]) -> None:
        for multiscale in document["multiscales"]:
            seen.add(_letters(multiscale["axes"]))

    check()
    assert seen and seen <= set(AXIS_TYPE_SEQUENCES)


@pytest.mark.parametrize("sequence", AXIS_TYPE_SEQUENCES)
def test_every_axis_sequence_is_generated(sequence: str) -> None:
    found = search(
        attributes("0.4", "image"),
        lambda d: any(_letters(m["axes"]) == sequence for m in d["multiscales"]),
    )
    assert any(_letters(m["axes"]) == sequence for m in found["multiscales"])


# --- the strategies reach the optional and unusual values


def _transforms(document: dict[str, Any]) -> list[dict[str, Any]]:
    ome = document.get("ome", document)
    return [
        t
        for m in ome["multiscales"]
        for lst in [m.get("coordinateTransformations", [])]
        + [d["coordinateTransformations"] for d in m["datasets"]]
        for t in lst
    ]


REACHABLE: dict[str, tuple[str, str, Callable[[dict[str, Any]], bool]]] = {
    "omero": ("0.5", "image", lambda d: "omero" in d["ome"]),
    "path-form transform": ("0.4", "image", lambda d: any("path" in t for t in _transforms(d))),
    "translation": (
        "0.4",
        "image",
        lambda d: any(t["type"] == "translation" for t in _transforms(d)),
    ),
    "multiscale-level transforms": (
        "0.5",
        "image",
        lambda d: any("coordinateTransformations" in m for m in d["ome"]["multiscales"]),
    ),
    "untyped axis": (
        "0.4",
        "image",
        lambda d: any("type" not in a for m in d["multiscales"] for a in m["axes"]),
    ),
    "non-ASCII axis name": (
        "0.4",
        "image",
        lambda d: any(not a["name"].isascii() for m in d["multiscales"] for a in m["axes"]),
    ),
    "five levels or more": (
        "0.4",
        "image",
        lambda d: any(len(m["datasets"]) >= 5 for m in d["multiscales"]),
    ),
    "huge number": (
        "0.4",
        "image",
        lambda d: any(abs(v) > 1e100 for t in _transforms(d) for v in t.get("scale", [])),
    ),
    "label colours and properties": (
        "0.4",
        "label-image",
        lambda d: "colors" in d["image-label"] and "properties" in d["image-label"],
    ),
    "plate acquisitions": ("0.5", "plate", lambda d: bool(d["ome"]["plate"].get("acquisitions"))),
    "many wells": ("0.4", "plate", lambda d: len(d["plate"]["wells"]) >= 20),
    "well acquisitions": (
        "0.4",
        "well",
        lambda d: any("acquisition" in i for i in d["well"]["images"]),
    ),
    "plate beside bioformats2raw": ("0.5", "bioformats2raw", lambda d: "plate" in d["ome"]),
    "nested label path": ("0.4", "labels", lambda d: any("/" in p for p in d["labels"])),
    "extra top-level key": ("0.5", "series", lambda d: len(d) > 1),
}


def _systems06(document: dict[str, Any]) -> list[dict[str, Any]]:
    ome = document["ome"]
    found: list[dict[str, Any]] = [
        s for m in ome.get("multiscales", []) for s in m["coordinateSystems"]
    ]
    found += ome.get("scene", {}).get("coordinateSystems", [])
    return found


def _refs06(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        side
        for t in _transforms06(document)
        for side in (t.get("input"), t.get("output"))
        if isinstance(side, dict)
    ]


def _transforms06(node: Any, inside: bool = False) -> list[dict[str, Any]]:
    """Every transformation of a 0.6 document, nested ones included."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if inside and "type" in node:
            found.append(node)
        for key, value in node.items():
            holds = key in {"coordinateTransformations", "transformations", "forward", "inverse"}
            found += _transforms06(value, holds or key == "transformation")
    elif isinstance(node, list):
        for item in node:
            found += _transforms06(item, inside)
    return found


REACHABLE.update(
    {
        "0.6 discrete axis with a long name": (
            "0.6rc0",
            "image",
            lambda d: any(
                "discrete" in a and "longName" in a for s in _systems06(d) for a in s["axes"]
            ),
        ),
        "0.6 array index space": (
            "0.6.dev4",
            "image",
            lambda d: any(all(a.get("type") == "array" for a in s["axes"]) for s in _systems06(d)),
        ),
        "0.6 link to a label image": (
            "0.6rc0",
            "label-image",
            lambda d: any(str(r.get("path")).startswith("labels/") for r in _refs06(d)),
        ),
        "0.6 null path": (
            "0.6rc0",
            "scene",
            lambda d: any(r.get("path", 0) is None for r in _refs06(d)),
        ),
        "0.6 scene of images only": (
            "0.6.dev4",
            "scene",
            lambda d: "coordinateSystems" not in d["ome"]["scene"],
        ),
        "0.6 bijection naming its systems": (
            "0.6rc0",
            "scene",
            lambda d: any(
                t["type"] == "bijection" and "input" in t["forward"] for t in _transforms06(d)
            ),
        ),
        "0.6 nested sequence": (
            "0.6rc0",
            "image",
            lambda d: any(
                t["type"] == "sequence"
                and any(c["type"] in {"sequence", "byDimension"} for c in t["transformations"])
                for t in _transforms06(d)
            ),
        ),
        "0.6 dimension change": (
            "0.6.dev4",
            "image",
            lambda d: any(
                len({len(s["axes"]) for s in m["coordinateSystems"]}) > 1
                for m in d["ome"]["multiscales"]
            ),
        ),
    }
)

#: The transformation types of each 0.6 draft (0.6rc0 added projectAxis).
TYPES_06: dict[str, tuple[str, ...]] = {
    "0.6.dev4": (
        "identity",
        "mapAxis",
        "translation",
        "scale",
        "affine",
        "rotation",
        "sequence",
        "displacements",
        "coordinates",
        "bijection",
        "byDimension",
    ),
}
TYPES_06["0.6rc0"] = (*TYPES_06["0.6.dev4"], "projectAxis")


@pytest.mark.parametrize("what", sorted(REACHABLE))
def test_strategies_reach(what: str) -> None:
    version, kind, condition = REACHABLE[what]
    assert condition(search(attributes(version, kind), condition))


@pytest.mark.parametrize(
    ("version", "kind"), [(v, k) for v in TYPES_06 for k in ("image", "scene")]
)
def test_every_06_transformation_type_is_generated(version: str, kind: str) -> None:
    """Each type of the draft, at any depth, in some document (one search for all)."""
    seen: set[str] = set()

    def all_seen(document: dict[str, Any]) -> bool:
        seen.update(t["type"] for t in _transforms06(document))
        return seen >= set(TYPES_06[version])

    search(attributes(version, kind), all_seen)
    assert seen == set(TYPES_06[version])


@pytest.mark.parametrize("version", sorted(TYPES_06))
@given(data=st.data())
def test_06_drafts_keep_their_own_spelling(version: str, data: st.DataObject) -> None:
    """0.6.dev4 has no projectAxis and spells byDimension's lists in snake case."""
    document = data.draw(st.one_of(attributes(version, "image"), attributes(version, "scene")))
    transforms = _transforms06(document)
    assert {t["type"] for t in transforms} <= set(TYPES_06[version])
    keys = {
        k for t in transforms if t["type"] == "byDimension" for i in t["transformations"] for k in i
    }
    assert not keys & (
        {"inputAxes", "outputAxes"} if version == "0.6.dev4" else {"input_axes", "output_axes"}
    )


# --- shrinking


def test_a_failing_example_shrinks_small() -> None:
    """A property 'no image has a 3-level pyramid' fails; the counterexample is minimal."""
    found = find(
        attributes("0.5", "image"),
        lambda d: any(len(m["datasets"]) >= 3 for m in d["ome"]["multiscales"]),
        settings=settings(max_examples=2000, suppress_health_check=list(HealthCheck)),
    )
    multiscales = found["ome"]["multiscales"]
    assert len(multiscales) == 1 and set(found) == {"ome"}
    assert set(found["ome"]) == {"version", "multiscales"}
    (image,) = multiscales
    assert len(image["datasets"]) == 3 and len(image["axes"]) == 2
    assert set(image) == {"axes", "datasets"}
    assert len(json.dumps(found)) < 500


# --- the generate command


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text("utf-8") for p in sorted(folder.rglob("*.json"))
    }


@pytest.mark.parametrize(("version", "kind"), [("0.4", "plate"), ("0.5", "image")])
def test_generate_writes_corpus_cases_deterministically(
    tmp_path: Path, version: str, kind: str
) -> None:
    args = ["generate", "--version", version, "--kind", kind, "--count", "6", "--seed", "7"]
    assert main([*args, "-o", str(tmp_path / "a")]) == 0
    assert main([*args, "-o", str(tmp_path / "b")]) == 0
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first == second and first
    folders = {Path(name).parent.as_posix() for name in first}
    folder_kind = "label" if kind == "label-image" else kind
    assert f"tests/attributes/spec/valid/{folder_kind}" in folders
    assert f"tests/attributes/spec/invalid/{folder_kind}" in folders
    for name, text in first.items():
        document = json.loads(text)
        meta = document.pop("_conformance")
        level, verdict = Path(name).parts[2:4]
        strict = level == "strict"
        assert meta["valid"] is (verdict == "valid")
        assert meta.get("strict", False) is strict
        report = validate_attributes(document, strict=strict)
        assert report.valid is meta["valid"], (name, report.issues)
        if not meta["valid"]:
            found = {(i.rule, i.pointer) for i in report.issues}
            assert (meta["rule"], meta["pointer"]) in found, name
            assert CATALOGUE[meta["rule"]].severity is (
                Severity.WARNING if strict else Severity.ERROR
            )


def test_generate_seed_changes_the_cases(tmp_path: Path) -> None:
    base = ["generate", "--version", "0.5", "--kind", "well", "--count", "4"]
    assert main([*base, "--seed", "1", "-o", str(tmp_path / "a")]) == 0
    assert main([*base, "--seed", "2", "-o", str(tmp_path / "b")]) == 0
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_generate_refuses_unknown_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["generate", "--version", "0.4", "--kind", "movie", "-o", str(tmp_path)])
    assert code == 2
    assert "movie" in capsys.readouterr().err


# --- bugs the properties found, kept as regressions


@pytest.mark.parametrize(
    ("document", "rule"),
    [
        (
            {
                "plate": {
                    "rows": [{"name": "A"}, {"name": "B\n"}],
                    "columns": [{"name": "1"}],
                    "wells": [{"path": "A/1", "rowIndex": 0, "columnIndex": 0}],
                }
            },
            "plate.name-alphanumeric",
        ),
        ({"well": {"images": [{"path": "0\n"}]}}, "well.image-path"),
        (
            {
                "multiscales": _image("SS")["multiscales"],
                "omero": {
                    "channels": [
                        {"color": "FF0000\n", "window": {"min": 0, "max": 1, "start": 0, "end": 1}}
                    ]
                },
            },
            "omero.channel-color",
        ),
    ],
    ids=["row-name", "field-path", "omero-color"],
)
def test_trailing_newline_does_not_pass_a_pattern(document: dict[str, Any], rule: str) -> None:
    """Python's re '$' also matches before a final newline (ECMA-262's does not)."""
    report = validate_attributes(document, version="0.4")
    assert rule in {i.rule for i in report.errors}


def test_report_of_a_transformation_without_type_does_not_depend_on_key_order() -> None:
    """jsonschema's oneOf message repeats the instance, its keys in the document's order."""

    def document(link: dict[str, Any]) -> dict[str, Any]:
        axes = [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}]
        level = {"type": "identity", "input": {"path": "0"}, "output": {"name": "a"}}
        image = {
            "coordinateSystems": [{"name": "a", "axes": axes}, {"name": "b", "axes": axes}],
            "datasets": [{"path": "0", "coordinateTransformations": [level]}],
            "coordinateTransformations": [link],
        }
        return {"ome": {"version": "0.6rc0", "multiscales": [image]}}

    a, b = {"name": "a"}, {"name": "b"}
    first = validate_attributes(document({"input": a, "output": b}))
    second = validate_attributes(document({"output": b, "input": a}))
    assert ("transforms.structure", "/ome/multiscales/0/coordinateTransformations/0") in {
        (i.rule, i.pointer) for i in first.errors
    }
    assert first.issues == second.issues
