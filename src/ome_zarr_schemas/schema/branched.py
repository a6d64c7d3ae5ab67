"""Failures under ``anyOf``/``oneOf`` worded from the compiled engine's errors (`direct`).

The reference engine explains a failed ``anyOf``/``oneOf`` by its branch errors (its
``context``): `findings.leaves` picks the branch the instance meant by its discriminator
and reports that branch's errors, or the composite itself when no one branch is meant.
jsonschema-rs reports the same branch errors, branch by branch (its error's ``context``),
each with its own instance location and evaluation path. Dressed like the reference
engine's (`direct._Error`, with the ``context``, ``relative_path`` and
``relative_schema_path`` that `leaves` reads), they go through the very same `leaves`
and the very same wording. For the official 0.6rc0 corpus this is most of the cases
whose explanation needed python-jsonschema (a transformation of the wrong shape fails
the ``oneOf`` of the transformation types): their start-up no longer imports it.

The branch errors are taken as the reference engine makes them: every error of every
branch when no branch holds (both engines walk every branch; python-jsonschema stops at
the first valid ``anyOf`` branch, which leaves no composite error at all), none when
several ``oneOf`` branches hold (python-jsonschema's error then has no context). A
branch error under any other deferred keyword, or of a keyword `direct` does not word,
sends the pass to the reference engine, as before. ``tests/test_engine_agreement.py``
compares both engines' findings on every case suite, corpus and strategy draw.
"""

from __future__ import annotations

from typing import Any

from jsonschema_rs import ValidationErrorKind

from .direct import _DEFER, _KEYWORDS, _dress, _Error, _keyword_at

__all__ = ["dress_branched"]

_COMPOSITES = frozenset({"anyOf", "oneOf"})


class _Branched(_Error):
    """A dressed error with the attributes `findings.leaves` reads of a composite and of
    the errors in its context."""

    __slots__ = ("_context", "relative_path", "relative_schema_path")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._context: list[Any] = []
        self.relative_path: list[str | int] = list(self.absolute_path)
        self.relative_schema_path: tuple[str | int, ...] = self.absolute_schema_path

    @property
    def context(self) -> list[Any]:
        return self._context


def dress_branched(attrs: object, error: Any) -> _Error | None:
    """``error`` (a compiled engine's error failing an ``anyOf``/``oneOf``) dressed as the
    reference engine's, its branch errors in its context; None when the reference
    engine must explain it."""
    return _composite(attrs, error, 0)


def _tokens(error: Any) -> tuple[str | int, ...]:
    """The reference engine's schema path of a compiled error (`direct._dress`'s)."""
    return tuple(t for t in error.evaluation_path[3:] if t != "$ref")


def _composite(attrs: object, error: Any, handled: int) -> _Branched | None:
    """A composite error and its branch errors; ``handled``: the tokens of its schema path
    that belong to the composites around it (their keywords are not deferred)."""
    tokens = _tokens(error)
    if not tokens or tokens[-1] not in _COMPOSITES or any(t in _DEFER for t in tokens[handled:-1]):
        return None
    dressed = _alone(attrs, error, tokens)
    if dressed is None or isinstance(error.kind, ValidationErrorKind.OneOfMultipleValid):
        return dressed  # several oneOf branches hold: the reference error has no context
    where = list(error.instance_path)
    for index, branch in enumerate(error.kind.context):
        prefix = (*tokens, index)
        for sub in branch:
            one = _branch_error(attrs, sub, len(prefix))
            if one is None or one.absolute_schema_path[: len(prefix)] != prefix:
                return None
            if list(one.absolute_path[: len(where)]) != where:
                return None
            one.relative_schema_path = one.absolute_schema_path[len(tokens) :]
            one.relative_path = list(one.absolute_path[len(where) :])
            dressed.context.append(one)
    return dressed


def _branch_error(attrs: object, error: Any, handled: int) -> _Branched | None:
    """One error of a branch: a composite again, or a keyword `direct` words."""
    tokens = _tokens(error)
    if tokens and tokens[-1] in _COMPOSITES:
        return _composite(attrs, error, handled)
    if not tokens or tokens[-1] not in _KEYWORDS or any(t in _DEFER for t in tokens[handled:-1]):
        return None
    plain = _dress(attrs, error, skip=handled)
    if plain is None:
        return None
    return _Branched(
        plain.validator,
        plain.absolute_path,
        plain.absolute_schema_path,
        plain.schema,
        plain.instance,
    )


def _alone(attrs: object, error: Any, tokens: tuple[str | int, ...]) -> _Branched | None:
    """The composite error itself, without its context (a ``oneOf`` several branches of
    which hold has none, as in the reference engine)."""
    place = _keyword_at(error.absolute_keyword_location)
    if place is None or place[1] != tokens[-1]:
        return None
    instance = attrs
    try:
        for token in error.instance_path:
            instance = instance[token]  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return None
    return _Branched(tokens[-1], list(error.instance_path), tokens, place[0], instance)
