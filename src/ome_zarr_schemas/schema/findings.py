"""Schema errors as findings: which rule a jsonschema error breaks, what to say, where.

jsonschema reports every failing keyword, including each branch of a failed
``anyOf``/``oneOf``; a reader wants the one problem the document has. `leaves` picks the
branch the instance meant by its discriminator (as jsonschema's ``best_match`` does),
`explain` finds the rule on the path the validator took (the deepest ``x-rule``, through
``$ref``s) and words the message, and `schema_issues` turns one group kind's schema
errors into `Issue`s. Knows no rule by name: the rules come from the schemas.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..issues import Issue, pointer
from ..rules import get_rule
from .registry import Level, validator_for
from .resolve import annotation, rule_along

if TYPE_CHECKING:  # `direct` explains with error-like values, without jsonschema
    from jsonschema import ValidationError

__all__ = ["explain", "issues_of", "leaves", "schema_issues", "typename"]

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = 6
_short.maxdict = 4
_short.maxlevel = 2


def schema_issues(
    attrs: object, version: str, kind: str, level: Level, node: str
) -> Iterator[Issue]:
    """The findings of one group kind's schema (its MUST or its SHOULD rules) on ``attrs``."""
    validator = validator_for(version, kind, level)
    root = str(validator.schema["$ref"])  # type: ignore[index]
    found = [leaf for error in validator.iter_errors(attrs) for leaf in leaves(error)]
    return issues_of(found, root, version, node)


def issues_of(
    found: Iterable[ValidationError], root: str, version: str, node: str
) -> Iterator[Issue]:
    """The findings of one pass's leaf errors (`leaves`): the reference engine's, or the
    error-like values `direct` builds from the compiled engine's errors (the very same
    wording, rule and location, by the very same code)."""
    found = list(found)
    # A value of the wrong JSON type also fails its subschema's const/enum: one finding.
    mistyped = {_site(e) for e in found if e.validator == "type"}
    for leaf in found:
        if leaf.validator in {"const", "enum"} and _site(leaf) in mistyped:
            continue
        rule, message, location = explain(leaf, root)
        yield get_rule(rule).issue(
            message,
            node=node,
            pointer=pointer(*leaf.absolute_path),
            version=version,
            keyword_location=location,
        )


def _site(error: ValidationError) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """The instance location and the subschema an error comes from."""
    return tuple(error.absolute_path), tuple(error.absolute_schema_path)[:-1]


_COMPOSITE = {"anyOf", "oneOf"}


def leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The errors worth reporting for ``error``.

    For a failed anyOf/oneOf we pick the branch the instance meant, by its discriminator
    (an object's ``type``, or the JSON type), as jsonschema's best_match does, instead of
    printing every branch's failure.
    """
    if error.validator not in _COMPOSITE or not error.context:
        yield error
        return
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    live = [errs for errs in branches.values() if not any(_misses_discriminator(e) for e in errs)]
    if not live and _has_own_discriminator_check(error):
        return  # the sibling 'type'/'enum' check already says what is wrong
    if len(live) == 1:
        for sub in live[0]:
            yield from leaves(sub)
        return
    yield error


def _misses_discriminator(error: ValidationError) -> bool:
    path = list(error.relative_path)
    if error.validator == "type" and not path:
        return True
    if error.validator == "required" and not path and isinstance(error.instance, Mapping):
        return "type" in error.validator_value and "type" not in error.instance  # type: ignore[operator]
    return error.validator in {"const", "enum"} and path == ["type"]


def _has_own_discriminator_check(error: ValidationError) -> bool:
    schema = error.schema
    if not isinstance(schema, Mapping):
        return False
    props = schema.get("properties")
    return "type" in schema or (isinstance(props, Mapping) and "type" in props)


def explain(error: ValidationError, root: str) -> tuple[str, str, str | None]:
    """(rule id, message, keyword location) for one jsonschema error.

    The rule comes from the deepest ``x-rule`` on the path the validator actually took
    (through ``$ref``s), so a shared definition such as "is a scale" reports the rule of
    the constraint that used it.
    """
    found = _annotation_on_path(error, root)
    if found is None:
        raise RuntimeError(f"schema error without x-rule: {error.json_path} {error.message}")
    rule, x_message, location = found
    detail = _detail(error)
    if x_message:
        message = f"{x_message}{' (' + detail + ')' if detail else ''}"
    else:
        message = _plain_message(error)
    return rule, message, location


def _annotation_on_path(error: ValidationError, root: str) -> tuple[str, str | None, str] | None:
    # the last token is the failing keyword
    best = rule_along(root, tuple(error.absolute_schema_path)[:-1])
    found = annotation(root, error.schema)  # among the files of this group schema alone
    if best is None:
        if found is None or found.rule is None:
            return None
        best = (found.rule, found.message)
    location = f"{found.location}/{error.validator}" if found else None
    return best[0], best[1], location or ""


def typename(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _detail(error: ValidationError) -> str:
    kind = error.validator
    value: Any = error.instance
    if kind == "required":
        present = value if isinstance(value, Mapping) else {}
        missing = [k for k in error.validator_value if k not in present]  # type: ignore[union-attr]
        return "missing " + ", ".join(repr(k) for k in missing)
    if kind in {"minItems", "maxItems"}:
        return f"got {len(value)} item{'s' if len(value) != 1 else ''}"
    if kind in {"minLength", "maxLength"}:
        return f"got {_short.repr(value)}"
    if kind == "type":
        if value is None or isinstance(value, bool):
            return f"got {_show(value)}"
        return f"got {typename(value)} {_show(value)}"
    if kind in {
        "const",
        "enum",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    }:
        return f"got {_show(value)}"
    return ""


def _show(value: object) -> str:
    """A short rendering of a JSON value, with JSON's names for null, true and false."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    return _short.repr(value)


def _plain_message(error: ValidationError) -> str:
    """A message for errors without an x-message, with the instance shortened."""
    kind = error.validator
    value: Any = error.instance
    if kind == "required":
        return _detail(error).replace("missing", "missing required key")
    if kind == "type":
        return f"expected {_expected_type(error.validator_value)}, {_detail(error)}"
    if kind == "enum":
        allowed = ", ".join(_short.repr(v) for v in error.validator_value)  # type: ignore[union-attr]
        return f"{_short.repr(value)} is not one of {allowed}"
    if kind == "const":
        return f"expected {_short.repr(error.validator_value)}, got {_short.repr(value)}"
    if kind == "pattern":
        return f"{_short.repr(value)} does not match {error.validator_value!r}"
    if kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        words = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
        return f"expected a value {words[kind]} {error.validator_value}, got {_short.repr(value)}"
    if kind in {"anyOf", "oneOf"}:
        # jsonschema's message repeats the instance, whose key order would then change
        # the report; the branch errors are reported on their own where one branch is meant
        fits = "more than one" if kind == "oneOf" and not error.context else "none"
        return f"the {typename(value)} fits {fits} of the allowed forms"
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _expected_type(expected: object) -> str:
    if isinstance(expected, list):
        return " or ".join(map(str, expected))
    names = {
        "object": "an object",
        "array": "an array",
        "integer": "an integer",
        "number": "a number",
        "string": "a string",
        "boolean": "a boolean",
    }
    return names.get(str(expected), str(expected))
