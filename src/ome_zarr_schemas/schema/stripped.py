"""The SHOULD ``required`` keywords decided in Python, beside a compiled validator
without them: the same errors, without jsonschema-rs turning each failing object into a
Python value.

A compiled error costs the conversion of its instance: for a multiscale lacking a
recommended name, the whole multiscale (every dataset and transformation), 5-20 us per
error, more than validating the document. Most drawn and real images lack a recommended
name (one error per multiscale, one per untyped axis). A ``required`` needs no such
value to be decided: whether an object has some keys. So the compiled validator here
reads the packaged schemas (folded, `folded`) without the ``required`` keywords of the
``Recommended`` definitions that only plain paths reach, and `_Sites` decides those in
Python, making the very errors jsonschema-rs would make (keyword location, evaluation
path, instance location: all `engine` and `direct` read), in its order.

A plain path, from a pass's root to the keyword, goes only through ``properties``,
``items`` (without ``prefixItems``), ``allOf`` and ``$ref``: the instances it reaches
are found by walking the document along it, and no branch (``anyOf``, ``not``, ``if``
...) decides whether the keyword counts. A keyword reached by any other path, or within
a cycle of ``$ref``\\ s, stays in the compiled schemas. When a document has errors of
both kinds in one call, the validator with every keyword (`engine`'s) lists them, in
its own order.

``tests/test_stripped.py`` compares the errors, one by one and in order, with those of
the validator with every keyword on drawn and mutated documents of every version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from ._emulated_code import generated_run
from .folded import FOLDED, SINGLE, RequiredError, fold
from .registry import reachable_documents

__all__ = ["stripped_validator"]

#: Keywords whose value holds no subschema (and ``$defs``: reached only by a ``$ref``).
_DATA = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "definitions",
        "$anchor",
        "$vocabulary",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "type",
        "enum",
        "const",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "format",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "dependentRequired",
        "contentEncoding",
        "contentMediaType",
    }
)
_DICT_OF_SCHEMAS = frozenset({"properties", "patternProperties", "dependentSchemas"})
_LIST_OF_SCHEMAS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})

Location = tuple[str, str]  # (file URI, JSON pointer of a subschema)
#: (the names, the keyword location reported, the evaluation path) of one kept keyword.
Site = tuple[tuple[str, ...], str, tuple[str | int, ...]]
#: A plain path's node: (required site, properties, items, allOf, folded site, $ref).
Node = tuple[Site | None, dict[str, Any] | None, Any, tuple[Any, ...], Site | None, Any]


def _token(key: str | int) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


class _Analysis:
    """The plain paths to the candidate keywords from each pass's root, and the
    candidates reached otherwise (tainted: they stay compiled)."""

    def __init__(self, documents: Mapping[str, Any]) -> None:
        self.documents = documents
        self.tainted: set[str] = set()
        self.reached: set[Location] = set()
        self.kept: set[str] = set()  # candidates some plain path reaches

    def resolve(self, uri: str, ref: str) -> tuple[str, str, Any]:
        """(file URI, pointer, node) of a ``$ref`` (`resolve.lookup`'s rules); KeyError."""
        target, fragment = (uri, ref[1:]) if ref.startswith("#") else urldefrag(urljoin(uri, ref))
        node = self.documents[target]
        if fragment and not fragment.startswith("/"):
            raise KeyError(ref)  # an anchor: none in the packaged schemas
        tokens = [unquote(t).replace("~1", "/").replace("~0", "~") for t in fragment.split("/")[1:]]
        for token in tokens:
            node = node[int(token)] if isinstance(node, list) else node[token]
        return target, "".join("/" + _token(t) for t in tokens), node

    # --- every path: what a candidate reached otherwise is

    def reach(self, node: Any, uri: str, pointer: str) -> None:
        """Taint every candidate keyword evaluated from ``node`` by any path."""
        if (uri, pointer) in self.reached:
            return
        self.reached.add((uri, pointer))
        if isinstance(node, list):
            for i, item in enumerate(node):
                self.reach(item, uri, f"{pointer}/{i}")
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            at = f"{pointer}/{_token(key)}"
            if key == "$ref" and isinstance(value, str):
                target, where, found = self.resolve(uri, value)
                self.reach(found, target, where)
            elif key == "required":
                self.tainted.add(f"{uri}#{at}")
            elif key == "not" and f"{uri}#{at}" in FOLDED:
                self.tainted.add(f"{uri}#{pointer}/required")
            elif key in _DATA or key.startswith("x-"):
                continue
            elif key in _DICT_OF_SCHEMAS and isinstance(value, dict):
                for name, sub in value.items():
                    self.reach(sub, uri, f"{at}/{_token(name)}")
            else:  # a subschema, a list of them, or a keyword unknown here: all of it
                self.reach(value, uri, at)

    # --- the plain paths

    def plain(
        self, node: Any, uri: str, pointer: str, tokens: tuple[str | int, ...], on: set[Location]
    ) -> Node | None:
        """The tree of plain paths from ``node`` to candidate keywords (None: none)."""
        if not isinstance(node, dict):
            return None
        if (uri, pointer) in on:  # a cycle: whatever it reaches stays compiled
            self.reach(node, uri, pointer)
            return None
        on.add((uri, pointer))
        required: Site | None = None
        folded: Site | None = None
        properties: dict[str, Any] = {}
        items: Any = None
        all_of: list[Any] = []
        ref: Any = None
        for key, value in node.items():
            at = f"{pointer}/{_token(key)}"
            if key == "required":
                location = f"{uri}#{at}"
                if location in SINGLE:
                    required = (tuple(value), location, (*tokens, "required"))
                    self.kept.add(location)
            elif key == "not" and f"{uri}#{at}" in FOLDED:
                location = f"{uri}#{pointer}/required"
                names = tuple(value["not"]["required"])
                folded = (names, location, (*tokens, "required"))
                self.kept.add(location)
            elif key in _DATA or key.startswith("x-"):
                continue
            elif key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    child = self.plain(
                        sub, uri, f"{at}/{_token(name)}", (*tokens, "properties", name), on
                    )
                    if child is not None:
                        properties[name] = child
            elif key == "items" and isinstance(value, dict) and "prefixItems" not in node:
                items = self.plain(value, uri, at, (*tokens, "items"), on)
            elif key == "allOf" and isinstance(value, list):
                for i, sub in enumerate(value):
                    child = self.plain(sub, uri, f"{at}/{i}", (*tokens, "allOf", i), on)
                    if child is not None:
                        all_of.append(child)
            elif key == "$ref" and isinstance(value, str):
                target, where, found = self.resolve(uri, value)
                ref = self.plain(found, target, where, (*tokens, "$ref"), on)
            elif key in _DICT_OF_SCHEMAS and isinstance(value, dict):
                for name, sub in value.items():
                    self.reach(sub, uri, f"{at}/{_token(name)}")
            else:
                self.reach(value, uri, at)
        on.discard((uri, pointer))
        tree = (required, properties or None, items, tuple(all_of), folded, ref)
        return None if tree == (None, None, None, (), None, None) else tree


def _pruned(node: Any, tainted: set[str]) -> Any:
    """``node`` without the sites of tainted keywords (None when nothing is left)."""
    if node is None:
        return None
    required, properties, items, all_of, folded, ref = node
    if required is not None and required[1] in tainted:
        required = None
    if folded is not None and folded[1] in tainted:
        folded = None
    if properties is not None:
        kept = {k: _pruned(v, tainted) for k, v in properties.items()}
        properties = {k: v for k, v in kept.items() if v is not None} or None
    items = _pruned(items, tainted)
    all_of = tuple(c for c in (_pruned(c, tainted) for c in all_of) if c is not None)
    ref = _pruned(ref, tainted)
    tree = (required, properties, items, all_of, folded, ref)
    return None if tree == (None, None, None, (), None, None) else tree


def _without(documents: dict[str, Any], locations: set[str]) -> dict[str, Any]:
    """Copies of the folded documents without the keywords at ``locations`` (a folded
    one's ``.../required`` stands for its ``not``)."""
    out = dict(documents)
    for location in sorted(locations):
        uri, _, pointer = location.partition("#")
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
        parents, keyword = tokens[:-1], tokens[-1]
        root = out[uri] = _copied(out[uri], parents)
        node: Any = root
        for token in parents:
            node = node[int(token)] if isinstance(node, list) else node[token]
        if keyword == "required" and "required" in node:
            del node["required"]
        else:  # a folded keyword: its ``not``
            del node["not"]
    return out


def _copied(root: Any, tokens: list[str]) -> Any:
    """``root`` with each container along ``tokens`` copied (the rest shared)."""
    top = dict(root) if isinstance(root, dict) else list(root)
    node: Any = top
    for token in tokens:
        key: Any = int(token) if isinstance(node, list) else token
        child = node[key]
        node[key] = dict(child) if isinstance(child, dict) else list(child)
        node = node[key]
    return top


#: A compiled tree: adds the errors of its sites on an instance (at a path) to a list.
Run = Callable[[object, tuple[str | int, ...], list[RequiredError]], None]


class _Validator:
    """`is_valid` and `iter_errors` of the validator with every keyword, from the one
    without the plain SHOULD ``required`` keywords and the trees deciding them.

    A document with errors of both kinds is listed by the full validator: a third walk.
    Where that is common (0.4 and 0.5 images often break another SHOULD of the same
    pass, a channel axis too many), this validator soon stops splitting and is the full
    one: more than 2 such documents and more than one in 8 of those seen.

    `is_valid` asks the full validator alone while the documents keep coming valid
    (``lately_valid``: the last document's verdict, told by `is_valid` or `iter_errors`):
    its verdict is the answer by definition, and a valid document gains nothing from the
    Python half but its cost (4.5 us a 0.5 image, 28 ms of a 1536-well plate's 6,144
    images, issue 15); after an invalid one, the Python half first again (a document
    lacking a recommended name is decided there at once)."""

    __slots__ = ("calls", "full", "lately_valid", "mixed", "runs", "split", "trees", "without")

    def __init__(self, full: Any, without: Any, trees: tuple[Any, ...]) -> None:
        self.full = full
        self.without = without
        self.trees = tuple(tree for tree in trees if tree is not None)
        generated = generated_run(self.trees)  # one function, the closures' errors
        self.runs = (generated,) if generated is not None else tuple(map(_compiled, self.trees))
        self.split = True  # False: the full validator answers alone
        self.calls = 0
        self.mixed = 0
        self.lately_valid = False  # the last document's verdict (only which way to ask)

    def is_valid(self, instance: object) -> bool:
        if not self.split:
            return bool(self.full.is_valid(instance))
        if self.lately_valid:  # valid documents lately: one compiled walk decides
            valid = self.lately_valid = bool(self.full.is_valid(instance))
            return valid
        # the Python half first: a document lacking a recommended name (most of them)
        # is invalid at once, without the compiled walk (`iter_errors` walks it next)
        valid = self.lately_valid = not self.emulated(instance) and bool(
            self.without.is_valid(instance)
        )
        return valid

    def iter_errors(self, instance: object) -> list[Any]:
        if not self.split:
            return list(self.full.iter_errors(instance))
        self.calls += 1
        extra = self.emulated(instance)
        if not extra:
            found = list(self.without.iter_errors(instance))
            self.lately_valid = not found
            return found
        self.lately_valid = False
        # the Python half found errors (most images): the compiled half need only say
        # whether it has any (deciding costs less than listing none)
        if not self.without.is_valid(instance):  # both kinds: the full validator's order
            self.mixed += 1
            if self.mixed > 2 and self.mixed * 8 > self.calls:
                self.split = False  # common here: the full validator from now on
            return list(self.full.iter_errors(instance))
        return extra

    def emulated(self, instance: object) -> list[RequiredError]:
        out: list[RequiredError] = []
        for run in self.runs:
            run(instance, (), out)
        return out


def _compiled(node: Node) -> Run:
    """A tree as one function, in jsonschema-rs's order: ``required``, then
    ``properties`` (in the instance's key order) or ``items``, then ``allOf``, a folded
    ``not``, ``$ref``. A node doing one thing is that thing's function (a ``$ref`` or
    an ``allOf`` of one costs no call)."""
    required, properties, items, all_of, folded, ref = node
    parts: list[Run] = []
    if required is not None:
        parts.append(_required(required))
    if properties is not None:
        parts.append(_properties({k: _compiled(v) for k, v in properties.items()}))
    if items is not None:
        parts.append(_items(_compiled(items)))
    parts.extend(_compiled(child) for child in all_of)
    if folded is not None:
        parts.append(_required(folded))
    if ref is not None:
        parts.append(_compiled(ref))
    if len(parts) == 1:
        return parts[0]
    steps = tuple(parts)

    def each(instance: object, path: tuple[str | int, ...], out: list[RequiredError]) -> None:
        for step in steps:
            step(instance, path, out)

    return each


def _required(site: Site) -> Run:
    names = site[0]

    def required(instance: object, path: tuple[str | int, ...], out: list[RequiredError]) -> None:
        if type(instance) is dict:
            for name in names:
                if name not in instance:
                    lacking = tuple([n not in instance for n in names])
                    out.append(RequiredError(site[1], site[2], path, lacking))
                    return

    return required


def _properties(children: dict[str, Run]) -> Run:
    if len(children) == 1:
        ((name, child),) = children.items()

        def one(instance: object, path: tuple[str | int, ...], out: list[RequiredError]) -> None:
            if type(instance) is dict and name in instance:
                child(instance[name], (*path, name), out)

        return one

    def several(instance: object, path: tuple[str | int, ...], out: list[RequiredError]) -> None:
        if type(instance) is dict:
            for key, value in instance.items():
                run = children.get(key)
                if run is not None:
                    run(value, (*path, key), out)

    return several


def _items(child: Run) -> Run:
    def items(instance: object, path: tuple[str | int, ...], out: list[RequiredError]) -> None:
        if type(instance) is list:
            for i, value in enumerate(instance):
                child(value, (*path, i), out)

    return items


def stripped_validator(
    rs: Any, full: Any, schema: dict[str, Any], groups: frozenset[str], mask: str
) -> Any:
    """``full`` (a compiled validator of ``schema``, an ``allOf`` of ``$ref``\\ s to the
    passes, over the folded documents of ``groups``) as a `_Validator` deciding its plain
    SHOULD ``required`` keywords in Python; ``full`` itself when it has none, or when
    anything here fails (the engine as before)."""
    try:
        documents = {uri: fold(uri, doc) for uri, doc in reachable_documents(groups).items()}
        analysis = _Analysis(documents)
        trees: list[Any] = []
        for i, part in enumerate(schema["allOf"]):
            ref = part.get("$ref")
            if not isinstance(ref, str) or "://" not in ref:
                trees.append(None)  # the typed guard: its own definitions only
                continue
            uri, _, fragment = ref.partition("#")
            target, pointer, node = analysis.resolve(uri, "#" + fragment if fragment else "#")
            trees.append(analysis.plain(node, target, pointer, ("allOf", i, "$ref"), set()))
        removed = analysis.kept - analysis.tainted
        if not removed:
            return full
        trees = [_pruned(tree, analysis.tainted) for tree in trees]
        registry = rs.Registry(list(_without(documents, removed).items()))
        without = rs.Draft202012Validator(schema, registry=registry, offline=True, mask=mask)
    except Exception:  # the engine as before: it decides every keyword itself
        return full
    return _Validator(full, without, tuple(trees))
