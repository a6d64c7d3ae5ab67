"""The compiled engine's copy of the schemas: a SHOULD ``required`` of several names
folded into one error per object.

jsonschema-rs reports a failing ``required`` once per missing name, and turns the whole
object into a Python value for each of those errors: a multiscale lacking ``name``,
``type`` and ``metadata`` (the usual image) cost three conversions of every dataset and
transformation in it, most of the compiled call. The explanation needs one error per
object (`direct` words it from the document itself: which names are missing, and one
finding per object in both engines), so the compiled engine's registry holds copies of
the packaged schemas in which each such ``required`` reads
``{"not": {"not": {"required": [...]}}}``: valid exactly when the ``required`` is (the
verdict is the same), and failing with one error, at ``.../not``, which `unfold` gives
back the ``required`` keyword location and evaluation path.

Only a ``required`` of a ``Recommended`` definition is folded, outside every keyword
whose errors are reported as branches (``anyOf``, ``oneOf``, ``if`` ...): its errors
reach `direct` as they come out of the compiled call. The packaged schemas, and the
reference engine reading them, are untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["FOLDED", "SINGLE", "RequiredError", "fold", "unfold"]

#: Keywords under which a folded error could appear as a branch's or be decided by the
#: branches' verdicts: no ``required`` beneath them is folded.
_BRANCHES = frozenset(
    {
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "dependentSchemas",
        "propertyNames",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
    }
)

#: Keywords whose value is data, not a subschema: nothing beneath them is walked.
_DATA = frozenset({"required", "enum", "const", "examples", "default"})

#: The absolute keyword locations (``.../not``) of the folded ``required`` keywords.
FOLDED: set[str] = set()

#: The absolute keyword locations of the ``required`` keywords of one name that would be
#: folded if they had more (`stripped` decides them in Python).
SINGLE: set[str] = set()


def fold(uri: str, document: Any) -> Any:
    """A copy of the schema ``document`` (at ``uri``) with its foldable ``required``
    keywords folded (the document itself when it has none)."""
    return _fold(document, uri, "", False)


def _fold(node: Any, uri: str, pointer: str, recommended: bool) -> Any:
    if isinstance(node, list):
        items = [_fold(v, uri, f"{pointer}/{i}", recommended) for i, v in enumerate(node)]
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if not isinstance(node, Mapping):
        return node
    copy: dict[str, Any] = {}
    changed = False
    for key, value in node.items():
        if key in _DATA or key in _BRANCHES or key.startswith("x-"):
            copy[key] = value
            continue
        token = key.replace("~", "~0").replace("/", "~1")
        inside = recommended or (pointer == "/$defs" and key == "Recommended")
        copy[key] = _fold(value, uri, f"{pointer}/{token}", inside)
        changed = changed or copy[key] is not value
    names = node.get("required")
    if recommended and isinstance(names, list) and len(names) > 1 and "not" not in node:
        del copy["required"]
        copy["not"] = {"not": {"required": names}}
        FOLDED.add(f"{uri}#{pointer}/not")
        changed = True
    elif recommended and isinstance(names, list) and len(names) == 1:
        SINGLE.add(f"{uri}#{pointer}/required")
    return copy if changed else node


class RequiredError:
    """A ``required`` error as the compiled engine reports it, with only the attributes
    `engine` and `direct` read: a folded ``required``'s error told as the ``required``
    it stands for (`unfold`), and a SHOULD ``required`` decided in Python
    (`stripped`)."""

    __slots__ = ("absolute_keyword_location", "evaluation_path", "instance_path", "lacking")

    def __init__(
        self,
        location: str,
        evaluation_path: Sequence[str | int],
        instance_path: Any,
        lacking: tuple[bool, ...] | None = None,
    ) -> None:
        # read (indexed, iterated), never changed: a tuple or a list alike
        self.absolute_keyword_location = location
        self.evaluation_path = evaluation_path
        self.instance_path = instance_path
        #: `stripped`'s errors (tuples of paths): which of the keyword's names the object
        #: lacks, in the keyword's order (`direct.explain` words such errors once per key)
        self.lacking = lacking


def unfold(error: Any) -> Any:
    """``error`` as the reference engine's keyword would report it: a `RequiredError`
    for a folded ``required``, else the error itself."""
    location: str = error.absolute_keyword_location
    if location in FOLDED:
        return RequiredError(
            location[: -len("not")] + "required",
            [*error.evaluation_path[:-1], "required"],
            error.instance_path,
        )
    return error
