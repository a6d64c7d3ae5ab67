"""The package's layout rules that no linter checks: `__all__`, import cycles, size.

Every public module (no part of its name starts with ``_``) says what it exports in a
sorted `__all__` (ruff's isort-style order, RUF022) naming things that exist; no module
imports itself back through others (deferred imports and package ``__init__`` files
included; ``TYPE_CHECKING`` imports aside, they never run); no hand-written module is
longer than someone new reads in a sitting. One home per rule is proven in
tests/test_catalogue.py.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import ome_zarr_schemas

PACKAGE = Path(ome_zarr_schemas.__file__).parent

#: Lines a hand-written module may have.
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _all_modules() -> dict[str, Path]:
    return {
        _module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "_generated" not in p.parts
    }


def _public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split(".")[1:])


PUBLIC = sorted(name for name in _all_modules() if _public(name))


def _isort_key(name: str) -> tuple[int, list[str | int]]:
    """RUF022's order: SCREAMING_CASE, then CamelCase, then the rest; numbers naturally."""
    if len(name) > 1 and name.upper() == name:
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    natural: list[str | int] = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]
    return group, natural


def test_public_modules_are_found() -> None:
    assert {"ome_zarr_schemas", "ome_zarr_schemas.v05", "ome_zarr_schemas.cli"} <= set(PUBLIC)
    assert "ome_zarr_schemas.cli._main" not in PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_public_module_has_a_sorted_all_of_existing_names(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list | tuple), f"{name} has no __all__"
    assert all(isinstance(n, str) for n in exported)
    assert list(exported) == sorted(exported, key=_isort_key), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names what it does not define: {missing}"


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.dump(child.test):
            continue
        yield child
        yield from _runtime_nodes(child)


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules that importing ``name`` may run: its imports anywhere (function
    bodies too: a deferred import that dodges a cycle is still a cycle), and the
    ``__init__`` of every package above an imported module, which Python runs first."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            submodules = {f"{base}.{a.name}" for a in node.names} & modules.keys()
            found |= submodules or ({base} & modules.keys())
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names} & modules.keys()
    for module in list(found):
        parts = module.split(".")
        found |= {".".join(parts[:i]) for i in range(2, len(parts))} & modules.keys()
    # A module's own packages are being imported already when it runs.
    return {m for m in found if m != name and not name.startswith(m + ".")}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_no_import_cycles() -> None:
    modules = _all_modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert not _cycles(graph)


def test_hand_written_modules_are_small() -> None:
    """Someone new reads a module in a sitting (generated code aside)."""
    big = {
        name: lines
        for name, path in _all_modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not big


def test_cycle_finder_sees_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
