"""Failures under ``anyOf``/``oneOf`` worded from the compiled engine's errors (`direct`).

The reference engine explains a failed ``anyOf``/``oneOf`` by its branch errors (its
``context``): `findings.leaves` picks the branch the instance meant by its discriminator
and reports that branch's errors, or the composite itself when no one branch is meant.
jsonschema-rs reports the same branch errors, branch by branch (its error's ``context``),
each with its own instance location and evaluation path. Dressed as `direct` dresses an
error, with the ``context``, ``relative_path`` and ``relative_schema_path`` that `leaves`
reads, they go through the very same `leaves` and the very same wording. In the official
0.6rc0 corpus every case that imported python-jsonschema failed so (a transformation of
the wrong shape fails the ``oneOf`` of the transformation types): none does now.

The branch errors are the reference engine's: every error of every branch when no branch
holds (both engines walk every branch; python-jsonschema stops at the first valid
``anyOf`` branch, which leaves no composite error at all), none when several ``oneOf``
branches hold (python-jsonschema's error then has no context). A branch error `direct`
does not word (under ``not``, ``if``, ``contains`` ..., or of a keyword it does not know)
sends the pass to the reference engine, as before. `direct` hands in its own dressing
(``dress``, ``locate``): this module needs nothing else of it.
``tests/test_engine_agreement.py`` compares both engines' findings on every case suite,
corpus and strategy draw; ``tests/test_branched.py`` shows the path taken.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from jsonschema_rs import ValidationErrorKind

from .findings import leaves

if TYPE_CHECKING:
    from jsonschema import ValidationError

__all__ = ["branch_leaves"]

#: `direct._dress`: an error dressed as the reference engine's, or None.
Dress = Callable[[object, Any], Any]
#: `direct._keyword_at`: (the subschema holding the keyword, the keyword), or None.
Locate = Callable[[str | None], tuple[Mapping[str, Any], str] | None]

_COMPOSITES = frozenset({"anyOf", "oneOf"})


class _Composite:
    """A failed ``anyOf``/``oneOf`` dressed as the reference engine's error: what
    `findings.leaves` and the wording read of it (its message is our own)."""

    __slots__ = (
        "absolute_path",
        "absolute_schema_path",
        "context",
        "instance",
        "relative_path",
        "relative_schema_path",
        "schema",
        "validator",
        "validator_value",
    )

    def __init__(
        self,
        place: tuple[Mapping[str, Any], str],
        tokens: tuple[str | int, ...],
        where: list[str | int],
        instance: object,
    ) -> None:
        self.schema, self.validator = place
        self.validator_value = self.schema[self.validator]
        self.absolute_schema_path = self.relative_schema_path = tokens
        self.absolute_path = self.relative_path = where
        self.instance = instance
        self.context: list[Any] = []


class _InBranch:
    """An error of a branch: `direct`'s dressed error, with its place in the composite."""

    __slots__ = ("dressed", "relative_path", "relative_schema_path")

    def __init__(self, dressed: Any, where: int, tokens: int) -> None:
        self.dressed = dressed
        self.relative_path = list(dressed.absolute_path[where:])
        self.relative_schema_path = tuple(dressed.absolute_schema_path[tokens:])

    def __getattr__(self, name: str) -> Any:
        return getattr(self.dressed, name)  # its message still refuses, as `direct`'s


def branch_leaves(attrs: object, error: Any, dress: Dress, locate: Locate) -> list[Any] | None:
    """The errors the reference engine reports for ``error`` (a compiled engine's failed
    ``anyOf``/``oneOf``), dressed; None when the reference engine must explain it."""
    composite = _composite(attrs, error, dress, locate)
    if composite is None:
        return None
    return list(leaves(cast("ValidationError", composite)))


def _composite(attrs: object, error: Any, dress: Dress, locate: Locate) -> _Composite | None:
    tokens = tuple(t for t in error.evaluation_path[3:] if t != "$ref")
    place = locate(error.absolute_keyword_location)
    if not tokens or tokens[-1] not in _COMPOSITES or place is None or place[1] != tokens[-1]:
        return None
    instance = attrs
    try:
        for token in error.instance_path:
            instance = instance[token]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    where = list(error.instance_path)
    composite = _Composite(place, tokens, where, instance)
    if isinstance(error.kind, ValidationErrorKind.OneOfMultipleValid):
        return composite  # several oneOf branches hold: the reference error has no context
    for index, branch in enumerate(error.kind.context):
        prefix = (*tokens, index)
        for sub in branch:
            one: Any = _composite(attrs, sub, dress, locate) or dress(attrs, sub)
            if one is None or tuple(one.absolute_schema_path[: len(prefix)]) != prefix:
                return None
            if list(one.absolute_path[: len(where)]) != where:
                return None
            if isinstance(one, _Composite):
                one.relative_path = list(one.absolute_path[len(where) :])
                one.relative_schema_path = one.absolute_schema_path[len(tokens) :]
            else:
                one = _InBranch(one, len(where), len(tokens))
            composite.context.append(one)
    return composite
