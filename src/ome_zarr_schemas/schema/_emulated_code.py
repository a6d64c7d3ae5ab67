"""`stripped`'s Python half (the plain SHOULD ``required`` keywords) as one generated
function instead of a tree of closures.

The closures (`stripped._compiled`) call one function per node of a plain path and
build the instance path of every object they pass, as a tuple, in case it has an error:
an image's few ``required`` tests (a multiscale's names, each axis's type) cost ~30
calls and as many tuples, 5-6 us a document. The same tree is written here as the
source of one function (exec'd at the plan's first document, never written to disk):
nested ``if`` and ``for`` statements in the closures' order (``required``, then
``properties`` in the instance's key order or the one property, ``items``, ``allOf``, a
folded ``not``, ``$ref``), with the same exact type tests, and an instance path made only
for an error, from the names and loop variables that lead to it. The errors are the
closures' own, in their order: ``tests/test_emulated_code.py`` compares both on drawn and
mutated documents of every version and kind, and ``tests/test_stripped.py`` both with the
validator that has every keyword.

Anything the generator does not expect (a tree too deep for Python's nested blocks)
gives None: the closures run, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .folded import RequiredError

__all__ = ["generated_run"]

#: (instance, path, errors): the signature of `stripped`'s runs (the path is the root's).
Run = Callable[[object, tuple[str | int, ...], list[RequiredError]], None]


class _Writer:
    """The lines of the function, its constants (each site's location and evaluation
    path) and a counter for fresh variable names."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"_E": RequiredError}
        self.count = 0

    def fresh(self, stem: str) -> str:
        self.count += 1
        return f"{stem}{self.count}"

    def constant(self, value: Any) -> str:
        name = self.fresh("_c")
        self.names[name] = value
        return name

    def node(self, node: Any, var: str, path: tuple[str, ...], depth: int) -> None:
        """The statements of one tree node on the value in ``var`` reached by ``path``
        (each token an expression: a property name's literal or a loop variable)."""
        required, properties, items, all_of, folded, ref = node
        if required is not None:
            self.required(required, var, path, depth)
        if properties is not None:
            self.properties(properties, var, path, depth)
        if items is not None:
            pad = "    " * depth
            index, item = self.fresh("i"), self.fresh("x")
            self.lines.append(f"{pad}if type({var}) is list:")
            self.lines.append(f"{pad}    for {index}, {item} in enumerate({var}):")
            self.node(items, item, (*path, index), depth + 2)
        for child in all_of:
            self.node(child, var, path, depth)
        if folded is not None:
            self.required(folded, var, path, depth)
        if ref is not None:
            self.node(ref, var, path, depth)

    def required(self, site: Any, var: str, path: tuple[str, ...], depth: int) -> None:
        names, location, evaluation = site
        pad = "    " * depth
        lacking = [f"{name!r} not in {var}" for name in names]
        where = f"({', '.join(path)},)" if path else "()"
        self.lines.append(f"{pad}if type({var}) is dict and ({' or '.join(lacking)}):")
        self.lines.append(
            f"{pad}    _out.append(_E({self.constant(location)}, {self.constant(evaluation)},"
            f" {where}, ({', '.join(lacking)},)))"
        )

    def properties(
        self, children: dict[str, Any], var: str, path: tuple[str, ...], depth: int
    ) -> None:
        pad = "    " * depth
        if len(children) == 1:
            ((name, child),) = children.items()
            value = self.fresh("x")
            self.lines.append(f"{pad}if type({var}) is dict and {name!r} in {var}:")
            self.lines.append(f"{pad}    {value} = {var}[{name!r}]")
            self.node(child, value, (*path, repr(name)), depth + 1)
            return
        key, value = self.fresh("k"), self.fresh("x")
        self.lines.append(f"{pad}if type({var}) is dict:")
        self.lines.append(f"{pad}    for {key}, {value} in {var}.items():")
        for n, (name, child) in enumerate(children.items()):
            self.lines.append(f"{pad}        {'if' if n == 0 else 'elif'} {key} == {name!r}:")
            self.node(child, value, (*path, key), depth + 3)


def generated_run(trees: Sequence[Any]) -> Run | None:
    """One function running every tree of ``trees`` (None items skipped) on an instance
    at the root, or None when it cannot be made."""
    writer = _Writer()
    writer.lines.append("def run(x0, _path, _out):")
    for tree in trees:
        if tree is not None:
            writer.node(tree, "x0", (), 1)
    writer.lines.append("    return None")
    try:
        code = compile("\n".join(writer.lines), "<stripped required>", "exec")
        namespace = dict(writer.names)
        exec(code, namespace)
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    run: Run = namespace["run"]
    return run
