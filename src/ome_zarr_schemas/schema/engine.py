"""The compiled verdict: which schema passes of a document fail, decided by jsonschema-rs.

python-jsonschema (with `alike` and `findings`) is the reference engine: it explains an
invalid document with the rule ids, pointers and messages users see. Explaining costs
milliseconds per document; deciding that a document is valid costs microseconds in
jsonschema-rs, built here from the same packaged schemas and an offline registry of
them (nothing is ever retrieved: a ``$ref`` outside the registry fails to build, and
the reference engine runs instead). So a document goes through the compiled engine
first, and only the (kind, level) passes it finds failing go through the reference
engine, which then produces the findings exactly as before.

Where the two could part, the compiled engine gives no verdict (`None`: every pass goes
to the reference engine):

- a non-finite float (inf, NaN: from Python, or a JSON number beyond the double range)
  is no JSON value to jsonschema-rs (no ``type`` matches it, ``minimum`` ignores it)
  but a number to python-jsonschema; in a parsed document a guard in the compiled
  schema (every value has a JSON type) makes it fail, and failing documents are
  re-checked for it; in a document built in Python `plain_json` finds it (below);
- a value jsonschema-rs cannot convert (a non-string key, a set, a numpy scalar) raises;
- a tuple is an array to jsonschema-rs but not to python-jsonschema: documents built in
  Python (not parsed from JSON) are checked for plain JSON types first (`plain_json`).

``tests/test_engine_agreement.py`` runs both engines, verdict by verdict, on every case
suite, corpus and strategy draw. ``OME_ZARR_SCHEMAS_ENGINE=python`` (or `forced`) turns
the compiled engine off; without jsonschema-rs installed it is off too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from operator import attrgetter
from typing import Any, NamedTuple

from ._plain import plain_dict, plain_list
from .folded import RequiredError, unfold
from .registry import Level, group_schema_uri, reachable_documents

__all__ = [
    "ENGINE_ENV",
    "FINITE",
    "LEVELS",
    "Failure",
    "Pass",
    "engine_name",
    "failing_passes",
    "forced",
    "pass_ref",
    "plain_json",
]

#: The environment variable choosing the engine: ``compiled`` (the default) or ``python``.
ENGINE_ENV = "OME_ZARR_SCHEMAS_ENGINE"
LEVELS: tuple[Level, Level] = ("must", "should")
Pass = tuple[str, Level]  # (kind, level): one schema pass over a document

#: Every value has a JSON type, all the way down (inf and NaN have none in jsonschema-rs).
_TYPED = {"$ref": "#/$defs/typed"}
_TYPED_DEFS = {
    "typed": {
        "type": ["null", "boolean", "object", "array", "number", "string"],
        "items": {"$ref": "#/$defs/typed"},
        "additionalProperties": {"$ref": "#/$defs/typed"},
    }
}


#: ``parsed`` of a document its reader proved finite (`store.metadata`'s quick read:
#: JSON with no bare NaN or Infinity and no number beyond the double range, so no value
#: a JSON type misses): decided without the typed guard, whose walk of every value cost
#: 5-8 us of a 0.5 image's 14-20 (a 1536-well plate validates 6,144, issue 15).
FINITE = 2

#: What a compiled error's message shows in place of an instance value.
_MASK = "<instance>"


class _Choice:
    """The engine in use: from the environment at first use, or `forced`."""

    name: str | None = None


def engine_name() -> str:
    """``compiled`` when jsonschema-rs decides verdicts, else ``python``."""
    if _Choice.name is None:
        wanted = os.environ.get(ENGINE_ENV, "compiled").strip().lower()
        _Choice.name = "python" if wanted == "python" or _module() is None else "compiled"
    return _Choice.name


@contextmanager
def forced(name: str) -> Iterator[None]:
    """Use engine ``name`` (``python`` or ``compiled``) inside: the agreement test and
    the fallback tests run the same documents through each."""
    if name not in {"python", "compiled"}:
        raise ValueError(f"unknown engine {name!r}")
    if name == "compiled" and _module() is None:
        raise RuntimeError("jsonschema-rs is not installed")
    before = _Choice.name
    _Choice.name = name
    try:
        yield
    finally:
        _Choice.name = before


@cache
def _module() -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # a platform without wheels: the reference engine alone
        return None
    return jsonschema_rs


@cache
def _registry(uris: frozenset[str]) -> Any:
    """A registry of the group schemas at ``uris`` and the files they refer to, only: a
    conformance case (one process, one document) reads and compiles no other file."""
    from .folded import fold

    rs = _module()
    return rs.Registry([(uri, fold(uri, doc)) for uri, doc in reachable_documents(uris).items()])


def pass_ref(version: str, kind: str, level: Level) -> str:
    """The schema of one pass: the kind's group schema (MUST) or its Recommended
    definition (SHOULD), as the reference engine's validators refer to it."""
    uri = group_schema_uri(version, kind)
    return uri if level == "must" else f"{uri}#/$defs/Recommended"


@cache
def _validator(version: str, passes: tuple[Pass, ...], typed: bool) -> Any:
    """One compiled validator applying every pass in ``passes`` (and the typed guard),
    or None when it cannot be built (the reference engine then answers)."""
    rs = _module()
    schema: dict[str, Any] = {"allOf": [{"$ref": pass_ref(version, k, lv)} for k, lv in passes]}
    if typed:
        schema["allOf"].append(_TYPED)
        schema["$defs"] = _TYPED_DEFS
    try:
        groups = frozenset(group_schema_uri(version, kind) for kind, _ in passes)
        # mask: no error message quotes the instance (nothing here reads a compiled
        # error's message, and formatting a whole multiscale into each SHOULD error's
        # verbose message was a sixth of an image document's compiled call)
        full = rs.Draft202012Validator(schema, registry=_registry(groups), offline=True, mask=_MASK)
    except Exception:  # e.g. a $ref the registry lacks: the reference engine says why
        return None
    from .stripped import stripped_validator  # SHOULD `required` decided in Python

    return stripped_validator(rs, full, schema, groups, _MASK)


class Failure(NamedTuple):
    """A schema pass that fails, and where: the instance locations of its errors and the
    errors themselves, as the compiled engine found them (`direct` explains a pass from
    them when it can); None and () when every pass goes to the reference engine."""

    kind: str
    level: Level
    locations: tuple[list[str | int], ...] | None
    errors: tuple[Any, ...] = ()


class _Plan:
    """The passes of one (version, kinds) and the validators applying them all at once,
    each built at its first compiled use (None when it cannot be built): for parsed
    documents with the typed guard last, for the others without it (`plain_json` then
    looks at every value, non-finite numbers included, and the guard's walk would only
    repeat it), and for parsed documents proven finite (`FINITE`) the one without it
    too. ``valid_last``: the last document of this plan was valid, so the next
    one is asked ``is_valid`` first (a store's labels or wells are mostly valid, and
    deciding costs less than listing no errors; its images mostly break a SHOULD, and
    are listed at once rather than walked twice). A `stripped` validator asked
    ``is_valid`` after a valid document asks its compiled full validator alone, not its
    Python half (`stripped._Validator.lately_valid`): an invalid document then costs one
    compiled walk more, not the Python half twice (a plate lacking its recommended name
    beside a bioformats2raw layout), and a valid one (most of a plate's images) none."""

    __slots__ = ("built", "passes", "valid_last", "validators")

    def __init__(self, passes: tuple[Pass, ...]) -> None:
        self.passes = passes
        self.validators: list[Any] = [None, None, None]  # [not parsed, parsed, FINITE]
        self.built = [False, False, False]
        self.valid_last = False


#: One plan per (version, kinds) met: a store's documents ask again and again.
_PLANS: dict[tuple[str, tuple[str, ...]], _Plan] = {}


def _plan(version: str, kinds: tuple[str, ...], parsed: int = True) -> _Plan:
    plan = _PLANS.get((version, kinds))
    if plan is None:
        passes = tuple((kind, level) for kind in kinds for level in LEVELS)
        plan = _PLANS[version, kinds] = _Plan(passes)
    if not plan.built[parsed] and engine_name() == "compiled":
        plan.validators[parsed] = _validator(version, plan.passes, parsed == 1)
        plan.built[parsed] = True
    return plan


def failing_passes(
    attrs: object,
    version: str,
    kinds: tuple[str, ...],
    *,
    parsed: int = False,
    proven: bool = False,
) -> list[Failure]:
    """The schema passes (kind, level) of ``attrs`` that fail, in the order the reference
    engine runs them. Every pass fails, with no locations, when the compiled engine gives
    no verdict (off, not installed, a value it cannot read or may read differently): the
    reference engine then decides them all. ``parsed``: ``attrs`` came from a JSON parser
    (no tuples, no subclasses: `plain_json` need not look); `FINITE`: and its reader
    proved every number finite (no typed guard); ``proven``: `plain_json` is known to
    hold (`rules._plain_plate`: proved with the plate's quiet test)."""
    plan = _PLANS.get((version, kinds))
    if plan is None or not plan.built[parsed]:
        plan = _plan(version, kinds, parsed)
    found = _compiled(attrs, plan, parsed, proven)
    if found is None:
        return [Failure(kind, level, None) for kind, level in plan.passes]
    return found


def _compiled(
    attrs: object, plan: _Plan, parsed: int, proven: bool = False
) -> list[Failure] | None:
    """One call lists the errors of every pass at once (none: the document is valid),
    each error's pass read from its evaluation path (``allOf``, the pass's index, ...):
    the single-pass validators walked the document once each. ``is_valid`` is asked
    first only while the plan's documents come valid (`_Plan.valid_last`)."""
    validator = plan.validators[parsed]
    if validator is None or (_Choice.name or engine_name()) != "compiled":
        return None
    try:
        if plan.valid_last and validator.is_valid(attrs):
            return [] if parsed or proven or plain_json(attrs) else None
        found = list(validator.iter_errors(attrs))
        if not found:
            plan.valid_last = True
            return [] if parsed or proven or plain_json(attrs) else None
        plan.valid_last = False
        count = len(plan.passes)
        errors: dict[int, list[Any]] = {}  # per failing pass (mostly one)
        for error in found:
            index = error.evaluation_path[1]
            if index == count:  # the typed guard (parsed only)
                return None  # a non-finite number: the reference engine reads it
            if type(error) is not RequiredError:  # `stripped`'s: no folded keyword
                error = unfold(error)
            listed = errors.get(index)
            if listed is None:
                errors[index] = [error]
            else:
                listed.append(error)
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None  # not a JSON value jsonschema-rs can read
    if not (proven or plain_json(attrs)):
        return None  # a tuple or a subclass: the reference engine reads it
    failures = []  # a loop and the tuple's own constructor: no generator, no keywords
    for index, (kind, level) in enumerate(plan.passes):
        listed = errors.get(index)
        if listed is not None:
            locations = tuple(map(_INSTANCE_PATH, listed))
            failures.append(_NEW(Failure, (kind, level, locations, tuple(listed))))
    return failures


#: An error's instance location (read in C, no comprehension's frame).
_INSTANCE_PATH = attrgetter("instance_path")


#: A `Failure` made without the named tuple's ``__new__`` (its keyword handling).
_NEW = tuple.__new__


_NONE = type(None)
_PLAIN_SCALARS = frozenset({str, int, bool, _NONE})


def plain_json(value: object, skip: object = None) -> bool:
    """Whether ``value`` holds only dicts with string keys, lists, strings, ints, bools,
    None and finite floats, their exact types (a subclass, an OrderedDict or an enum,
    goes to the reference engine: its conversion is not worth proving equal). ``skip``:
    a container within not entered (proved apart: `rules._plain_plate`).

    One loop over each container with the type tests inline (the exact scalar types in
    one frozenset lookup; ``x - x == 0.0`` is the finite test of a float: inf and NaN
    give NaN): a call or a set built per container cost more than the test itself on
    the small containers documents are made of. An
    explicit stack, not recursion: a deeply nested document is no stack overflow.
    It walks a document only when `_plain`'s recursion, which costs less on the small
    containers documents are made of, meets the interpreter's recursion limit, or when
    a container is to be skipped (the recursion enters every one)."""
    kind = type(value)
    if kind is not dict and kind is not list:
        return _scalar(value)
    if skip is None:  # `_plain`'s walks enter every container
        try:
            return plain_dict(value) if kind is dict else plain_list(value)  # type: ignore[arg-type]
        except RecursionError:  # nested deeper than the interpreter's limit: the stack
            pass
    stack: list[Any] = [value]
    pop = stack.pop
    push = stack.append
    scalar = _PLAIN_SCALARS
    while stack:
        item = pop()
        if type(item) is dict:
            for key in item:
                if type(key) is not str:
                    return False
            item = item.values()
        for x in item:
            kind = type(x)
            if kind in scalar:  # one set lookup, not four comparisons
                continue
            if kind is dict or kind is list:
                if x is not skip:
                    push(x)
                continue
            if kind is float and x - x == 0.0:
                continue
            return False
    return True


def _scalar(value: object) -> bool:
    kind = type(value)
    if kind is float:
        return bool(value - value == 0.0)  # type: ignore[operator]
    return kind is str or kind is int or kind is bool or kind is _NONE
