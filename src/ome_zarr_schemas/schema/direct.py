"""Explain a failing schema pass from the compiled engine's own errors, without running
the reference engine.

Most documents that fail a pass fail it simply: a SHOULD field missing (``required``),
a value out of range, too many channel axes (``maxContains``). For such errors the
reference engine's explanation (`findings.issues_of`) needs only what jsonschema-rs
reports too: the keyword, the instance location, the schema location the validator
reached it by (its evaluation path) and the subschema holding the keyword (its absolute
keyword location). Here each compiled error becomes an error-like value carrying exactly
the attributes the reference explanation reads, and the very same code words it: the
same rule, pointer, message and keyword location.

Both engines report such an error alike, which is what makes the results equal:

- the reference engine's schema path is the evaluation path without its ``$ref`` tokens
  (python-jsonschema does not record a ``$ref`` it follows), and with ``contains`` for
  ``maxContains`` (python-jsonschema raises that error from its ``contains`` keyword);
- the subschema holding the keyword is the very object of the packaged schemas the
  reference engine evaluated: it is found at the absolute keyword location, in the same
  documents, whose every subschema carries its annotation;
- the instance is the document's own value at the instance location.

Anything else goes to the reference engine, pass by pass (`explain` returns None): an
error under a keyword whose verdict depends on other branches or on a whole subtree
(``not`` above the error, ``contains`` ...; a failed ``anyOf``/``oneOf`` is worded from
its branch errors by `branched` where it can), where the reference engine picks its own
leaves; a keyword outside the known ones; a message the reference engine would take from
python-jsonschema's own wording (no ``x-message`` and no message of ours); two findings
of the pass that would collapse into one report entry while differing (the reference
engine's order would decide which one stays). ``tests/test_engine_agreement.py``
compares every report, compiled against reference, on every case suite, corpus and
strategy draw, and proves that this path is taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, cast

from ..issues import Issue
from .engine import Failure, pass_ref
from .findings import issues_of
from .folded import RequiredError
from .registry import reachable_documents

if TYPE_CHECKING:
    from jsonschema import ValidationError

__all__ = ["explain"]

#: Keywords whose errors the reference engine may report otherwise (branches, leaves
#: chosen by discriminator, errors raised by a keyword other than the one failing).
_DEFER = frozenset(
    {
        "not",
        "if",
        "contains",
        "minContains",
        "dependentSchemas",
        "dependentRequired",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "additionalProperties",
        "patternProperties",
        "$dynamicRef",
        "$recursiveRef",
    }
)

#: Not deferred: ``anyOf``/``oneOf`` (the compiled engine reports the errors under one
#: only in its context, which `branched` dresses); ``then``/``else`` (both engines report
#: a failing ``then`` or ``else`` subschema's errors as their own, under the path
#: ``.../then/...``, when the ``if`` verdict, on which they agree, selects it).

#: The failing keywords explained here: their reference error is raised by the keyword
#: itself, once per failure the compiled engine reports too (``required``: once per
#: missing name in both), at the same instance and schema location.
_KEYWORDS = frozenset(
    {
        "required",
        "type",
        "const",
        "enum",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "pattern",
        "uniqueItems",
        "maxContains",
        "not",
    }
)


class _Unsaid(Exception):
    """The explanation asked for something only the reference engine has (its message)."""


class _Error:
    """A compiled error dressed as the reference engine's: the attributes
    `findings.issues_of` reads, nothing more (``message`` and ``context`` refuse)."""

    __slots__ = (
        "absolute_path",
        "absolute_schema_path",
        "instance",
        "schema",
        "validator",
        "validator_value",
    )

    def __init__(
        self,
        keyword: str,
        instance_path: list[str | int],
        schema_path: tuple[str | int, ...],
        schema: Mapping[str, Any],
        instance: object,
    ) -> None:
        self.validator = keyword
        self.validator_value = schema[keyword]
        self.absolute_path = instance_path
        self.absolute_schema_path = schema_path
        self.schema = schema
        self.instance = instance

    @property
    def message(self) -> str:
        raise _Unsaid

    @property
    def context(self) -> list[Any]:
        raise _Unsaid

    @property
    def json_path(self) -> str:
        raise _Unsaid


def explain(attrs: object, version: str, failure: Failure, node: str) -> list[Issue] | None:
    """The reference engine's findings of one failing pass, from the compiled engine's
    errors; None when the reference engine must explain it."""
    if not failure.errors:
        return None
    key = _emulated_key(failure, version, node)
    if key is not None:
        kept = _EMULATED.get(key)
        if kept is not None:
            return list(kept)
    found = _by_steps(attrs, version, failure, node)
    if key is not None and found is not None and found[1]:
        if len(_EMULATED) >= 4096:
            _EMULATED.clear()
        _EMULATED[key] = found[0]
    return None if found is None else list(found[0])


#: The findings of passes whose errors are all `stripped`'s (SHOULD ``required`` decided
#: in Python), keyed by everything their wording reads: the pass, the version, the node,
#: each error's keyword location, evaluation path, instance location and which of the
#: keyword's names the object lacks (as `_REQUIRED`, one step earlier: no instance is
#: looked up, no error dressed). Made by the general steps at a key's first document.
#: Bounded: cleared when full.
_EMULATED: dict[tuple[object, ...], list[Issue]] = {}


def _emulated_key(failure: Failure, version: str, node: str) -> tuple[object, ...] | None:
    """The `_EMULATED` key of a failing pass, or None when an error is not `stripped`'s."""
    sites: list[object] = [failure.kind, failure.level, version, node]
    for error in failure.errors:
        if type(error) is not RequiredError or error.lacking is None:
            return None
        sites.append(
            (
                error.absolute_keyword_location,
                error.evaluation_path,
                error.instance_path,
                error.lacking,
            )
        )
    return tuple(sites)


def _by_steps(
    attrs: object, version: str, failure: Failure, node: str
) -> tuple[list[Issue], bool] | None:
    """`explain`'s findings by the general steps, and whether they may be kept by key
    (every error dressed directly and worded as a ``required``: no branch was read)."""
    dressed = []
    keep = True
    required: set[tuple[str, tuple[str | int, ...]]] = set()
    for error in failure.errors:
        location = error.absolute_keyword_location
        if location is not None and location.endswith("/required"):
            # one error per missing name in both engines, each worded with all the
            # missing names: one finding, made once
            site = (location, tuple(error.instance_path))
            if site in required:
                continue
            required.add(site)
        one = _dress(attrs, error)
        if one is None:  # a failed anyOf/oneOf: the leaves `findings.leaves` picks
            from .branched import branch_leaves

            picked = branch_leaves(attrs, error, _dress, _keyword_at)
            if picked is None:
                return None
            dressed.extend(picked)
            keep = False
            continue
        dressed.append(one)
    root = pass_ref(version, failure.kind, failure.level)
    try:
        found, worded = _worded(dressed, root, version, node)
    except _Unsaid:
        return None
    keep = keep and worded
    if len(found) < 2:
        return found, keep  # nothing to collapse
    seen: dict[tuple[str, str, str, str], Issue] = {}
    for issue in found:
        key = (issue.node, issue.pointer, issue.rule, issue.message)
        if seen.setdefault(key, issue) != issue:
            return None  # which one the report keeps would depend on the engine's order
    return found, keep


#: The findings of passes failing by ``required`` alone, keyed by all their wording
#: reads (the pass; each error's place in the schemas, instance location and which of
#: the required names the object lacks; node, version): a store's documents, and the
#: drawn ones, lack the same few fields. Bounded: cleared when full.
_REQUIRED: dict[tuple[object, ...], list[Issue]] = {}


def _worded(dressed: list[_Error], root: str, version: str, node: str) -> tuple[list[Issue], bool]:
    """`findings.issues_of` of the dressed errors of one pass (once per key when they
    are all ``required`` errors: their findings are then a function of the key), and
    whether they were (True: the key held all the wording read)."""
    sites = []
    for error in dressed:
        instance = error.instance
        if error.validator != "required" or type(instance) is not dict:
            issues = list(issues_of(cast("list[ValidationError]", dressed), root, version, node))
            return issues, False
        lacking = tuple(k not in instance for k in error.validator_value)
        where = tuple(error.absolute_path)
        sites.append((error.absolute_schema_path, id(error.schema), where, lacking))
    key = (root, version, node, *sites)
    found = _REQUIRED.get(key)
    if found is None:
        found = list(issues_of(cast("list[ValidationError]", dressed), root, version, node))
        if len(_REQUIRED) >= 4096:
            _REQUIRED.clear()
        _REQUIRED[key] = found
    return list(found), True


def _dress(attrs: object, error: Any) -> _Error | None:
    reached = _reached(error.absolute_keyword_location, tuple(error.evaluation_path))
    if reached is None:
        return None
    schema, keyword, tokens = reached
    instance = attrs
    where = error.instance_path
    try:
        for token in where:
            instance = instance[token]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    return _Error(keyword, where, tokens, schema, instance)


@lru_cache(maxsize=4096)
def _reached(
    location: str | None, path: tuple[str | int, ...]
) -> tuple[Mapping[str, Any], str, tuple[str | int, ...]] | None:
    """(the subschema holding the failing keyword, the keyword, the reference engine's
    schema path) of an error the compiled engine reached by the evaluation ``path``, or
    None when the reference engine must explain it. A pure function of the schemas:
    worked out once per place (a store's documents fail at the same few)."""
    place = _keyword_at(location)
    if place is None:
        return None
    schema, keyword = place
    tokens = tuple(t for t in path[3:] if t != "$ref")  # after ("allOf", pass, "$ref")
    if not tokens or tokens[-1] != keyword or keyword not in _KEYWORDS:
        return None
    if any(t in _DEFER for t in tokens[:-1]):
        return None
    if keyword == "maxContains":
        tokens = (*tokens[:-1], "contains")
    return schema, keyword, tokens


@cache
def _keyword_at(location: str | None) -> tuple[Mapping[str, Any], str] | None:
    """(the subschema holding the keyword, the keyword) at an absolute keyword location
    of the packaged schemas (``$id#/json/pointer/keyword``), or None."""
    if not location or "#" not in location:
        return None
    uri, _, fragment = location.partition("#")
    # that file (and what it refers to) only: reading all 78 costs a conformance case its start
    node: Any = reachable_documents(frozenset({uri})).get(uri)
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in fragment.split("/")[1:]]
    if node is None or not tokens:
        return None
    for token in tokens[:-1]:
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    keyword = tokens[-1]
    if not isinstance(node, Mapping) or keyword not in node:
        return None
    return node, keyword
