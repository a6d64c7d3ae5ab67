"""Explain only where the compiled engine found errors.

The reference engine (python-jsonschema) explains an invalid document with the findings
users see, but walks the whole document to do it: a multiscales image missing its
``name`` costs a walk over every dataset and transformation. The compiled engine
(`engine`) already knows where the errors are (each error's instance location), so the
explanation descends only into the objects and arrays on the way to one of them
(`focused`): an error is produced by a keyword at its own location, which the
explanation still reaches, so it finds every error it would have found, and no other.

Keywords whose verdict depends on whole subtrees without reporting their errors there
(``anyOf``, ``oneOf``, ``not``, ``if``/``then``/``else``, ``contains``) evaluate their
instance exactly, without focus: a branch must not pass because a part of it was
skipped. Scalars are never skipped. Skipping is by object identity, so an object that
appears at two places is followed at both if either is on the way to an error.

``tests/test_engine_agreement.py`` proves it on every case suite, corpus and strategy
draw: the focused findings equal the unfocused ones, issue for issue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

__all__ = ["FOCUS_KEYWORDS", "focused", "focusing", "on_the_way", "skipped"]

_KEEP: ContextVar[frozenset[int] | None] = ContextVar("focus_keep", default=None)
_CONTAINERS = (dict, list)

Path = Iterable[str | int]


def on_the_way(document: object, paths: Iterable[Path]) -> frozenset[int]:
    """The ids of the objects and arrays of ``document`` on the way to each location
    (the document itself included)."""
    keep: set[int] = set()
    for path in paths:
        node: Any = document
        keep.add(id(node))
        for token in path:
            try:
                node = node[token]
            except (KeyError, IndexError, TypeError):
                break
            if type(node) in _CONTAINERS:
                keep.add(id(node))
    return frozenset(keep)


@contextmanager
def focused(keep: frozenset[int] | None) -> Iterator[None]:
    """Inside, the explanation descends only into the objects and arrays in ``keep``
    (None: everywhere)."""
    token = _KEEP.set(keep)
    try:
        yield
    finally:
        _KEEP.reset(token)


def focusing() -> bool:
    """Whether an explanation is focused here (some objects and arrays are skipped)."""
    return _KEEP.get() is not None


def skipped(child: object) -> bool:
    """Whether the explanation leaves ``child`` out (`focused`)."""
    keep = _KEEP.get()
    return keep is not None and type(child) in _CONTAINERS and id(child) not in keep


_Keyword = Callable[[Any, Any, Any, Mapping[str, Any]], Iterator[ValidationError]]
_BASE: Mapping[str, _Keyword] = Draft202012Validator.VALIDATORS


_Children = Callable[[Any, Any], Iterable[tuple[str | int, Any, Any]]]


def _focusing(name: str, container: type, children: _Children) -> _Keyword:
    """jsonschema's keyword ``name``, descending into each (name or index, value,
    subschema) of ``children(keyword value, instance)`` but the objects and arrays a
    focused explanation skips (same paths, same order as jsonschema's own)."""
    base = _BASE[name]

    def keyword(
        validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        keep = _KEEP.get()
        if keep is None or type(instance) is not container:
            yield from base(validator, value, instance, schema)
            return
        for where, child, subschema in children(value, instance):
            if type(child) in _CONTAINERS and id(child) not in keep:
                continue
            yield from validator.descend(child, subschema, path=where, schema_path=where)

    return keyword


def _properties(properties: Any, instance: Any) -> Iterable[tuple[str | int, Any, Any]]:
    return ((n, instance[n], s) for n, s in properties.items() if n in instance)


def _prefix_items(prefix: Any, instance: Any) -> Iterable[tuple[str | int, Any, Any]]:
    return ((i, item, s) for i, (item, s) in enumerate(zip(instance, prefix, strict=False)))


def _exact(name: str) -> _Keyword:
    base = _BASE[name]

    def keyword(
        validator: Any, value: Any, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        if _KEEP.get() is None:
            yield from base(validator, value, instance, schema)
            return
        token = _KEEP.set(None)
        try:
            errors = list(base(validator, value, instance, schema))
        finally:
            _KEEP.reset(token)
        yield from errors

    return keyword


#: The keywords of the reference engine that focus (or refuse to, evaluating exactly).
FOCUS_KEYWORDS: Mapping[str, _Keyword] = {
    "properties": _focusing("properties", dict, _properties),
    "prefixItems": _focusing("prefixItems", list, _prefix_items),
    **{name: _exact(name) for name in ("anyOf", "oneOf", "not", "if", "contains")},
}
