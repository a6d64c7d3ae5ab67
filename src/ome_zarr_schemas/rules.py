"""The rule catalogue: every rule id this project can emit, with its level and spec section.

Rule ids are stable dotted slugs named after the spec's nouns. A schema finding gets
its id from the ``x-rule`` annotation on the failing subschema; a semantic check
declares its id when it yields a finding. ``tests/test_catalogue.py`` proves that every
id used anywhere is listed here and that every rule has a failing case.

Where the spec is ambiguous, ``decision`` records what we chose and why, so the
behaviour is documented next to the rule and stays the same across versions.

The entries are split by where the rules come from: single documents of 0.4/0.5 (here),
0.6 additions (`_rules_v06.py`) and hierarchy rules (`_rules_hierarchy.py`).
"""

from __future__ import annotations

from ._rule import INFO, SECTION, E, Rule, W
from ._rules_hierarchy import RULES as _HIERARCHY
from ._rules_v06 import RULES as _V06

_V04_V05 = ("0.4", "0.5")

__all__ = ["CATALOGUE", "SECTION", "Rule", "get_rule", "rules_for"]

_DOCUMENT_RULES: tuple[Rule, ...] = (
    # --- the document as a whole, and version detection
    Rule("document.structure", "Group attributes are a JSON object", E, "schema"),
    Rule("document.kind-key", "A group of a kind carries that kind's key", E, "schema"),
    Rule(
        "document.no-ome-metadata",
        "The attributes hold metadata of at least one OME-Zarr group kind",
        E,
        "detection",
        decision="A document with no known kind key (only 'omero', only unknown keys, or an"
        " 'ome' object with only 'version') is reported as an error rather than accepted as"
        " an empty group: the caller asked to validate OME-Zarr metadata.",
    ),
    Rule("document.unreadable", "The document can be read", E, "detection"),
    Rule(
        "document.not-json",
        "The document is UTF-8 JSON",
        E,
        "detection",
        decision="JSON is RFC 8259: no comments, no byte order mark, and no bare NaN,"
        " Infinity or -Infinity (section 6), which Python's json would read; a document"
        " holding one of those tokens is this error, naming the token and where it is. The"
        " one exception is a zarr v2 .zarray, where old writers put a bare NaN fill value:"
        " it is read, with the warning store.zarray-non-finite.",
    ),
    Rule(
        "document.too-large",
        "The document is within the size limit",
        E,
        "detection",
        decision="Metadata documents over 64 MiB are not parsed: no valid OME-Zarr metadata"
        " comes near that size, and reading it would be a denial of service.",
    ),
    Rule(
        "document.duplicate-key",
        "Names within one JSON object are unique",
        W,
        "detection",
        decision="RFC 8259 section 4: the names within an object SHOULD be unique, and a"
        " parser's choice among repeated names is not interoperable. The document is read"
        " with the last value (as Python's json and JavaScript do) and validated; the"
        " warning names the repeated key.",
    ),
    Rule(
        "document.number-out-of-range",
        "Every number fits a double",
        E,
        "detection",
        decision="RFC 8259 section 6 lets implementations limit the range of numbers, and"
        " every OME-Zarr reader holds them as IEEE 754 doubles: a number beyond about"
        " 1.8e308 (1e400, an integer of 309 digits and more) has no value there. It is this"
        " error, naming the number and where it is (line and column); the rest of the"
        " document is still validated.",
    ),
    Rule(
        "document.too-deep",
        "The document nests within the depth limit",
        E,
        "detection",
        decision="JSON nested deeper than 64 levels is not validated; OME-Zarr metadata"
        " nests fewer than 12 levels.",
    ),
    Rule(
        "ome.missing",
        "OME-Zarr 0.5+ metadata lives under the attribute 'ome'",
        E,
        "schema",
        versions=("0.5", "0.6.dev4", "0.6rc0"),
    ),
    Rule(
        "ome.structure",
        "'ome' is an object",
        E,
        "schema",
        versions=("0.5", "0.6.dev4", "0.6rc0"),
    ),
    Rule(
        "ome.version-missing",
        "'ome' carries 'version'",
        E,
        "schema",
        versions=("0.5", "0.6.dev4", "0.6rc0"),
        decision="A document with 'ome' but no 'ome.version' is validated with the 0.5 rules"
        " (or with 0.6rc0 when it holds coordinate systems or a scene, which only 0.6 has)"
        " and fails this rule.",
    ),
    Rule(
        "ome.version",
        "'ome.version' names this version",
        E,
        "schema",
        versions=("0.5", "0.6.dev4", "0.6rc0"),
    ),
    Rule(
        "version.unknown",
        "The metadata names a supported OME-Zarr version",
        E,
        "detection",
        decision="A version string we do not know (or a non-string such as 0.5 or null) stops"
        " validation of the document with one error naming the supported versions, rather"
        " than a cascade of findings from the wrong rules.",
    ),
    Rule(
        "version.assumed",
        "No version is given, so one was assumed",
        INFO,
        "detection",
        decision="0.4 makes per-block 'version' keys a SHOULD; top-level metadata without any"
        " of them is validated as 0.4 and says so in an info finding.",
    ),
    # --- axes
    Rule("axes.structure", "'axes' is a list of axis objects, each with a 'name'", E, "schema"),
    Rule(
        "axes.name",
        "An axis name is a non-empty string",
        E,
        "schema",
        decision="0.4/0.5 only say 'name' MUST be a string; an empty name cannot be unique"
        " or matched against 'dimension_names', and 0.6 makes non-empty a MUST, so we require"
        " it in every version.",
    ),
    Rule("axes.count", "An image has 2 to 5 axes", E, "schema"),
    Rule(
        "axes.space-count",
        "An image has 2 or 3 axes of type 'space'",
        E,
        "schema",
        decision="Only axes with an explicit type 'space' count (the upstream schema also counts"
        " untyped axes).",
    ),
    Rule("axes.time-count", "An image has at most one 'time' axis", E, "schema"),
    Rule(
        "axes.channel-count",
        "An image has at most one 'channel' axis",
        E,
        "schema",
    ),
    Rule(
        "axes.custom-count",
        "An image has at most one axis of a custom type or without a type",
        E,
        "schema",
        decision="Lenient reading of 'one channel or custom axis': one channel axis and one"
        " custom axis may both be present (as the upstream schema and ome-zarr-models allow);"
        " axes.channel-or-custom warns when both are.",
    ),
    Rule(
        "axes.channel-or-custom",
        "Read literally, at most one axis is of type channel or custom",
        W,
        "schema",
    ),
    Rule(
        "axes.order",
        "Axes are ordered: time, then channel or custom, then space",
        E,
        "schema",
        decision="Channel and custom axes may come in either order between time and space.",
    ),
    Rule("axes.unique-names", "Axis names are unique within one list of axes", E, "semantic"),
    Rule("axes.type-recommended", "An axis has a 'type'", W, "schema"),
    Rule(
        "axes.unit-known", "Space and time units come from the spec's UDUNITS-2 lists", W, "schema"
    ),
    Rule(
        "axes.zyx-order",
        "Three space axes named x, y and z are ordered z, y, x",
        W,
        "semantic",
        decision="The SHOULD applies when a stack axis exists; we check it only by name, when"
        " the three space axes are exactly x, y and z.",
    ),
    # --- coordinate transformations
    Rule("transforms.structure", "A transformation list holds transformation objects", E, "schema"),
    Rule(
        "transforms.allowed-types",
        "Multiscales use only 'scale' and 'translation'",
        E,
        "schema",
        versions=_V04_V05,
    ),
    Rule(
        "transforms.parameters",
        "A transformation has exactly one of its inline parameters or 'path'",
        E,
        "schema",
    ),
    Rule(
        "transforms.scale-count",
        "A transformation list has exactly one 'scale'",
        E,
        "schema",
        versions=_V04_V05,
    ),
    Rule(
        "transforms.translation-count",
        "A transformation list has at most one 'translation'",
        E,
        "schema",
        versions=_V04_V05,
    ),
    Rule(
        "transforms.order",
        "A 'translation' comes after the 'scale'",
        E,
        "schema",
        versions=_V04_V05,
    ),
    Rule(
        "transforms.length-matches-axes",
        "Scale and translation vectors have one entry per axis",
        E,
        "schema",
        versions=_V04_V05,
    ),
    Rule(
        "transforms.path-form",
        "Parameters stored at a 'path' cannot be checked",
        W,
        "schema",
        versions=_V04_V05,
        decision="0.4/0.5 allow '{type, path}' but do not say how the binary data is stored;"
        " we accept the form (the spec allows it) and warn that it cannot be checked.",
    ),
    # --- multiscales
    Rule(
        "multiscales.structure",
        "'multiscales' is a non-empty list of objects with 'axes' and 'datasets'",
        E,
        "schema",
    ),
    Rule(
        "multiscales.version",
        "The per-multiscale 'version' names this version",
        E,
        "schema",
        versions=("0.4",),
    ),
    Rule("multiscales.datasets", "A multiscale image lists at least one dataset", E, "schema"),
    Rule("multiscales.dataset-path", "A dataset 'path' is a non-empty string", E, "schema"),
    Rule(
        "multiscales.recommended-fields",
        "A multiscale image has 'name', 'type' and 'metadata' (0.4: and 'version')",
        W,
        "schema",
    ),
    Rule(
        "multiscales.unique-dataset-paths",
        "Datasets of one multiscale image have distinct paths",
        E,
        "semantic",
        decision="Implied by 'one array per resolution level'; two levels cannot share an array.",
    ),
    Rule(
        "multiscales.scales-ordered",
        "Scale factors do not decrease from one level to the next",
        W,
        "semantic",
        decision="Levels MUST be ordered largest first; from metadata alone a decreasing scale"
        " factor is only a hint (scales may be absolute sizes), so this is a warning. The"
        " store reader checks the real shapes.",
    ),
    # --- omero
    Rule("omero.structure", "'omero' is an object with a list of 'channels'", E, "schema"),
    Rule(
        "omero.channel-required",
        "Each channel has a 'color' and a 'window'",
        E,
        "schema",
        decision="The 0.5 schema dropped this, but the 0.5 text still says MUST; we follow"
        " the text in both versions.",
    ),
    Rule("omero.channel-color", "A channel colour is 6 hexadecimal digits", E, "schema"),
    Rule(
        "omero.channel-window", "A channel window has numbers min, max, start and end", E, "schema"
    ),
    Rule("omero.image-only", "'omero' appears only beside 'multiscales'", E, "semantic"),
    # --- labels container
    Rule("labels.structure", "'labels' is a list of paths", E, "schema"),
    Rule(
        "labels.path",
        "A label path is relative and stays inside the labels group",
        E,
        "schema",
        decision="Label images live under the labels group; '..', '.', empty segments and"
        " absolute paths are rejected so a path can never leave it.",
    ),
    Rule("labels.unique-paths", "Each label image is listed once", W, "semantic"),
    # --- image-label
    Rule("image-label.structure", "'image-label' is an object", E, "schema"),
    Rule(
        "image-label.requires-multiscales",
        "A group with 'image-label' also has 'multiscales'",
        E,
        "schema",
        decision="0.4 says MUST; 0.5 says a label image is a multiscales group. We require"
        " 'multiscales' beside 'image-label' in every version.",
    ),
    Rule(
        "image-label.version",
        "The per-block 'version' names this version",
        E,
        "schema",
        decision="0.5: optional; if present, a string (only 'ome.version' is authoritative).",
    ),
    Rule("image-label.colors", "'colors' is a non-empty list", E, "schema"),
    Rule("image-label.properties", "'properties' is a non-empty list", E, "schema"),
    Rule(
        "image-label.label-value",
        "A 'label-value' is an integer",
        E,
        "schema",
        decision="The text says integer; the upstream colors schema says number. We require"
        " an integer (JSON Schema semantics: 3.0 counts as an integer).",
    ),
    Rule("image-label.rgba", "'rgba' is 4 integers from 0 to 255", E, "schema"),
    Rule("image-label.source", "'source.image' is a non-empty path", E, "schema"),
    Rule(
        "image-label.unique-colors",
        "Each label value has at most one colour entry",
        E,
        "semantic",
        decision="0.4 MUST; implied in 0.5. An error in both.",
    ),
    Rule(
        "image-label.unique-properties",
        "Each label value has at most one property entry",
        W,
        "semantic",
        decision="Only implied by the text ('describes the unique values'): a warning.",
    ),
    Rule(
        "image-label.recommended-fields",
        "'image-label' has 'colors' (0.4: and 'version')",
        W,
        "schema",
    ),
    # --- plate
    Rule("plate.structure", "'plate' is an object with 'rows', 'columns' and 'wells'", E, "schema"),
    Rule(
        "plate.version",
        "The per-block 'version' names this version",
        E,
        "schema",
        decision="0.5: the text still says MUST, the schema and examples omit it; only"
        " 'ome.version' is authoritative, so a plate 'version' is optional (a string if"
        " present).",
    ),
    Rule(
        "plate.field-count",
        "'field_count' and 'maximumfieldcount' are positive integers",
        E,
        "schema",
    ),
    Rule("plate.columns", "'columns' is a non-empty list", E, "schema"),
    Rule("plate.rows", "'rows' is a non-empty list", E, "schema"),
    Rule("plate.wells", "'wells' is a non-empty list", E, "schema"),
    Rule(
        "plate.name-alphanumeric",
        "Row and column names are non-empty and alphanumeric",
        E,
        "schema",
    ),
    Rule("plate.well-path", "A well path is '<row>/<column>'", E, "schema"),
    Rule("plate.well-index", "'rowIndex' and 'columnIndex' are non-negative integers", E, "schema"),
    Rule("plate.acquisition-id", "An acquisition id is a non-negative integer", E, "schema"),
    Rule(
        "plate.acquisition-time",
        "'starttime' and 'endtime' are non-negative integer timestamps",
        E,
        "schema",
        decision="The unit (seconds or milliseconds) is not fixed, so no upper bound or order"
        " is checked.",
    ),
    Rule("plate.unique-row-names", "Row names are unique", E, "semantic"),
    Rule("plate.unique-column-names", "Column names are unique", E, "semantic"),
    Rule(
        "plate.case-insensitive-names",
        "Row (or column) names do not differ only by case",
        W,
        "semantic",
    ),
    Rule(
        "plate.well-path-matches-row-column",
        "A well path is its row's name, '/', its column's name",
        E,
        "semantic",
    ),
    Rule(
        "plate.well-index-in-range",
        "'rowIndex' and 'columnIndex' index existing rows and columns",
        E,
        "semantic",
    ),
    Rule("plate.unique-wells", "Each well is listed once", E, "semantic"),
    Rule("plate.unique-acquisition-ids", "Acquisition ids are unique", E, "semantic"),
    Rule(
        "plate.recommended-fields",
        "A plate has a 'name' (0.4: and 'version'); an acquisition has 'name' and"
        " 'maximumfieldcount'",
        W,
        "schema",
    ),
    # --- well
    Rule("well.structure", "'well' is an object with 'images'", E, "schema"),
    Rule(
        "well.version",
        "The per-block 'version' names this version",
        E,
        "schema",
        versions=_V04_V05,
        decision="0.5: optional; if present, a string (only 'ome.version' is authoritative).",
    ),
    Rule("well.images", "'images' is a non-empty list", E, "schema"),
    Rule("well.image-path", "A field path is non-empty and alphanumeric", E, "schema"),
    Rule("well.acquisition", "A field's 'acquisition' is an integer", E, "schema"),
    Rule("well.unique-image-paths", "Field paths are unique within a well", E, "semantic"),
    Rule("well.recommended-fields", "A well has a 'version' (0.4)", W, "schema", versions=("0.4",)),
    # --- bioformats2raw and the OME group
    Rule("bioformats2raw.layout", "'bioformats2raw.layout' is 3", E, "schema"),
    Rule("series.structure", "'series' is a list of paths", E, "schema"),
    Rule("series.path", "A series path is relative and stays inside the collection", E, "schema"),
)

_RULES: tuple[Rule, ...] = _DOCUMENT_RULES + _V06 + _HIERARCHY

CATALOGUE: dict[str, Rule] = {r.id: r for r in _RULES}
assert len(CATALOGUE) == len(_RULES), "duplicate rule id in the catalogue"


def get_rule(rule_id: str) -> Rule:
    """The catalogue entry for ``rule_id``; an unknown id is a bug of ours."""
    try:
        return CATALOGUE[rule_id]
    except KeyError:
        raise KeyError(f"rule {rule_id!r} is not in the catalogue") from None


def rules_for(version: str | None = None) -> list[Rule]:
    """The rules that apply to ``version`` (all rules when None), sorted by id."""
    return sorted(
        (r for r in _RULES if version is None or r.applies_to(version)), key=lambda r: r.id
    )
