"""A `stripped` tree (the plain paths to the SHOULD ``required`` keywords decided in
Python) written as one generated function, for its documents that break nothing.

`stripped._compiled` makes a tree a nest of closures: a call per node, and the instance
location of each step built as a tuple (``(*path, name)``) whether or not anything is
found below it. On a plate beside a bioformats2raw layout that is 0.8 us a valid
document (eight calls for two ``required``) and 1.9 us one lacking its name. Here the
tree is one function of nested blocks, the same steps in the same order (``required``,
then ``properties`` in the instance's key order or ``items``, then ``allOf``, a folded
``not``, ``$ref``), each object's place held in loop variables and built as a tuple
only for an error. A tree too deep for Python's nested blocks keeps its closures.

``tests/test_tree_source.py`` compares both, error by error, on drawn and mutated
documents of every version and kind (and ``tests/test_stripped.py`` the validator with
the compiled full one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .folded import RequiredError

__all__ = ["tree_function"]

#: Nested blocks per tree (Python allows 20 statically nested blocks in a function).
_DEEPEST = 16


class _Source:
    """The lines and constants of one generated function."""

    def __init__(self) -> None:
        self.lines = ["def run(x0, path, out):"]
        self.names: dict[str, object] = {"_Error": RequiredError}
        self.count = 0

    def constant(self, value: object) -> str:
        name = f"_c{len(self.names)}"
        self.names[name] = value
        return name

    def fresh(self) -> int:
        self.count += 1
        return self.count

    def node(self, node: Any, var: str, place: list[str], depth: int) -> None:
        """The lines of ``node`` applied to ``var``, at instance location ``place``
        (expressions of constants and loop variables), indented ``depth`` blocks."""
        if depth > _DEEPEST:
            raise RecursionError("too deep for nested blocks")
        required, properties, items, all_of, folded, ref = node
        if required is not None:
            self.required(required, var, place, depth)
        if properties is not None:
            self.properties(properties, var, place, depth)
        if items is not None:
            n = self.fresh()
            pad = "    " * depth
            self.lines.append(f"{pad}if type({var}) is list:")
            self.lines.append(f"{pad}    for i{n}, x{n} in enumerate({var}):")
            self.node(items, f"x{n}", [*place, f"i{n}"], depth + 2)
        for child in all_of:
            self.node(child, var, place, depth)
        if folded is not None:
            self.required(folded, var, place, depth)
        if ref is not None:
            self.node(ref, var, place, depth)

    def properties(self, children: dict[str, Any], var: str, place: list[str], depth: int) -> None:
        pad = "    " * depth
        if len(children) == 1:
            ((name, child),) = children.items()
            key = self.constant(name)
            n = self.fresh()
            self.lines.append(f"{pad}if type({var}) is dict and {key} in {var}:")
            self.lines.append(f"{pad}    x{n} = {var}[{key}]")
            self.node(child, f"x{n}", [*place, key], depth + 1)
            return
        n = self.fresh()
        self.lines.append(f"{pad}if type({var}) is dict:")
        self.lines.append(f"{pad}    for k{n}, x{n} in {var}.items():")
        for i, (name, child) in enumerate(children.items()):
            test = "if" if i == 0 else "elif"
            self.lines.append(f"{pad}        {test} k{n} == {self.constant(name)}:")
            self.node(child, f"x{n}", [*place, f"k{n}"], depth + 3)

    def required(self, site: Any, var: str, place: list[str], depth: int) -> None:
        names, location, evaluation = site
        pad = "    " * depth
        tests = [f"{self.constant(n)} not in {var}" for n in names]
        where = "".join(f"{p}, " for p in place)
        each = "".join(f"{t}, " for t in tests)  # which names it lacks, in their order
        self.lines += [
            f"{pad}if type({var}) is dict and ({' or '.join(tests) or 'False'}):",
            f"{pad}    out.append(_Error({self.constant(location)}, {self.constant(evaluation)},"
            f" (*path, {where}), ({each})))",
        ]


def tree_function(tree: Any) -> Callable[[object, tuple[str | int, ...], list[Any]], None]:
    """``tree`` (a `stripped` node) as one function of (instance, its location, the list
    the errors go to); RecursionError when too deep (the caller keeps its closures)."""
    source = _Source()
    source.node(tree, "x0", [], 1)
    source.lines.append("    return None")  # a tree of nothing: still a function
    names: dict[str, Any] = dict(source.names)
    exec(compile("\n".join(source.lines), "<stripped tree>", "exec"), names)
    made: Callable[[object, tuple[str | int, ...], list[Any]], None] = names["run"]
    return made
