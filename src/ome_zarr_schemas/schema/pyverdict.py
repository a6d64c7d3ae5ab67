"""A Python verdict generated from the packaged schemas: "every pass of the plan holds",
in one walk of the values the schemas constrain.

A labels or bioformats2raw document is a handful of values. Deciding it in jsonschema-rs
costs a conversion of every value across the FFI boundary (``is_valid``) and then
`engine.plain_json`'s walk to prove that the conversion read what python-jsonschema would
read: more than the decision itself. Here the schemas of one (version, kinds) plan are
turned, once at first use, into the source of one Python function (exec'd, never written
to disk) that tests the constrained values with exact type tests: a tuple or a subclass
where a schema looks is answered False, as is any document a pass rejects. A value no
schema constrains (an extra key's) is not read, as python-jsonschema does not read it:
its report is the valid one whatever that value holds. Only a True answer is used (the
document is valid and has no schema finding); False sends the document to the compiled
path unchanged, which finds the failing passes and their wording. (A plan whose
schemas hold predicates proves the whole value plain JSON: `generated_source`.)

The schemas stay the only source of the rules: nothing here knows a schema's content,
only the JSON Schema 2020-12 keywords the packaged schemas use (`_KEYWORDS`); a schema
with any other keyword (or a ``$ref`` cycle) generates no function, and its plans keep
the compiled path. The JSON Schema traps are python-jsonschema's answers: a bool is
neither an integer nor a number, 1.0 is an integer, ``const``/``enum`` are JSON equality
(True is not 1, 1 is 1.0, nested), ``pattern`` is `re.search`, ``minLength`` counts code
points. ``tests/test_pyverdict.py`` holds every verdict to python-jsonschema's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._patterns import DOTS, JOINED_TESTS, PATTERN_TESTS, RELATIVE_PATH
from .engine import LEVELS, pass_ref, plain_json
from .resolve import lookup

__all__ = [
    "RELATIVE_PATH",
    "Unsupported",
    "Verdict",
    "fused_for",
    "generated_source",
    "json_equal",
    "verdict_for",
    "verdict_of",
]

Verdict = Callable[[object], bool]

#: Keywords that say nothing about validity (``x-*`` annotations are ignored too).
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"}
)
#: The validation keywords generated; any other makes the schema unsupported.
_KEYWORDS = frozenset(
    {
        "type",
        "$ref",
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "contains",
        "minContains",
        "maxContains",
        "const",
        "enum",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
    }
)

#: The Python types (by name) each JSON type admits, exact types only.
_TYPES: dict[str, tuple[str, ...]] = {
    "object": ("dict",),
    "array": ("list",),
    "string": ("str",),
    "number": ("int", "float"),
    "integer": ("int", "float"),
    "boolean": ("bool",),
    "null": ("none",),
}
_ALL = ("dict", "list", "str", "int", "float", "bool", "none")
#: The test of each JSON type of a value named X, exact types only (1.0 is an integer).
_TYPE_TESTS = {
    "object": "type(X) is dict",
    "array": "type(X) is list",
    "string": "type(X) is str",
    "boolean": "type(X) is bool",
    "null": "X is None",
    "number": "type(X) is int or type(X) is float",
    "integer": "type(X) is int or (type(X) is float and X.is_integer())",
}


def _keys_only(node: object) -> bool:
    """Whether a schema reads no member of the value: only ``required`` and annotations
    (the kind-key tests of the packaged schemas' ``allOf``)."""
    return type(node) is dict and all(
        k == "required" or k in _ANNOTATIONS or k.startswith("x-") for k in node
    )


def _joined(items: object) -> tuple[dict[str, Any], str] | None:
    """An ``items`` schema of strings with a pattern of `JOINED_TESTS` and no other
    keyword: the schema without its pattern (each item's type test) and the joined test."""
    if type(items) is not dict or items.get("type") != "string":
        return None
    test = JOINED_TESTS.get(items.get("pattern"))  # type: ignore[arg-type]
    rest = {k: v for k, v in items.items() if k != "pattern"}
    if test is None or not all(k == "type" or _keys_only({k: v}) for k, v in rest.items()):
        return None
    return rest, test


class Unsupported(Exception):
    """A schema this generator does not translate: its plan keeps the compiled path."""


def json_equal(one: object, two: object) -> bool:
    """JSON equality, as python-jsonschema's ``const`` and ``enum`` decide it: a bool
    equals only a bool, 1 equals 1.0, lists and objects compare member by member."""
    a, b = type(one), type(two)
    if a is bool or b is bool:
        return one is two
    if a is list or b is list:
        if a is not b:
            return False
        return len(one) == len(two) and all(  # type: ignore[arg-type]
            json_equal(x, y)
            for x, y in zip(one, two, strict=True)  # type: ignore[call-overload]
        )
    if a is dict or b is dict:
        if a is not b or one.keys() != two.keys():  # type: ignore[attr-defined]
            return False
        return all(json_equal(v, two[k]) for k, v in one.items())  # type: ignore[attr-defined,index]
    return one == two


class _Writer:
    """The source of one verdict function, written keyword by keyword."""

    def __init__(self, lean: bool = False) -> None:
        #: ``lean``: a value no schema constrains is not proved plain (`generated_source`)
        self.lean = lean
        #: a predicate or ``allOf`` was written: members read outside the proving walk
        self.branched = False
        self.names = 0
        self.helpers: list[str] = []  # top-level predicate functions
        self.values: dict[str, object] = {}  # compiled patterns and container constants
        self.active: list[int] = []  # id() of the $ref targets being written (cycles)
        self.predicates: dict[tuple[int, str], str] = {}

    def proof(self, x: str, ind: str) -> list[str]:
        """The plain-JSON proof of a value no schema constrains: none when lean."""
        return [] if self.lean else [f"{ind}if not _plain({x}): return False"]

    def name(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def value(self, prefix: str, value: object) -> str:
        name = self.name(prefix)
        self.values[name] = value
        return name

    # --- one schema at one place of the instance

    def block(
        self,
        node: object,
        base: str,
        x: str,
        plain: bool,
        ind: str,
        known: tuple[str, ...] = _ALL,
    ) -> list[str]:
        """Lines (at indentation ``ind``) that ``return False`` unless the value named
        ``x`` is valid against ``node``; with ``plain``, unless it is also plain JSON
        all the way down (each value of a document is proved plain by one place only).
        ``known``: the Python types ``x`` can still have (an enclosing schema's ``type``
        on the same value already tested)."""
        if node is True:
            return self.proof(x, ind) if plain else []
        if node is False:
            return [f"{ind}return False"]
        if type(node) is not dict:
            raise Unsupported(f"schema {node!r:.60}")
        for key in node:
            if key not in _KEYWORDS and key not in _ANNOTATIONS and not key.startswith("x-"):
                raise Unsupported(f"keyword {key!r}")
        out: list[str] = []
        kinds = known
        if "type" in node:
            names = node["type"] if isinstance(node["type"], list) else [node["type"]]
            tests = [self.type_test(t, x) for t in names]
            if any(t not in _TYPES for t in names):
                raise Unsupported(f"type {names!r}")
            kinds = tuple(k for k in known if any(k in _TYPES[t] for t in names))
            implied = kinds == known and ("integer" not in names or "float" not in known)
            if not implied:
                out.append(f"{ind}if not ({' or '.join(tests)}): return False")
        if "const" in node:
            out.append(f"{ind}if not {self.equal_test(x, node['const'], kinds)}: return False")
        if "enum" in node:
            tests = [self.equal_test(x, v, kinds) for v in node["enum"]]
            out.append(f"{ind}if not ({' or '.join(tests) or 'False'}): return False")
        ref = node.get("$ref")
        structural = ("type", "properties", "items", "prefixItems", "additionalProperties")
        through = plain and ref is not None and not any(k in node for k in structural)
        out += self.dispatch(node, base, x, plain and not through, kinds, ind)
        if ref is not None:
            out += self.ref(ref, base, x, through, ind, kinds)
        for sub in node.get("allOf", ()):
            if not _keys_only(sub):  # its schema reads the members outside the walk
                self.branched = True
            out += self.block(sub, base, x, False, ind, kinds)
        if "anyOf" in node:
            calls = [f"{self.predicate(s, base)}({x})" for s in node["anyOf"]]
            out.append(f"{ind}if not ({' or '.join(calls)}): return False")
        if "oneOf" in node:
            calls = [f"{self.predicate(s, base)}({x})" for s in node["oneOf"]]
            out.append(f"{ind}if ({' + '.join(calls)}) != 1: return False")
        if "not" in node:
            out.append(f"{ind}if {self.predicate(node['not'], base)}({x}): return False")
        if "if" in node:
            then = self.block(node.get("then", True), base, x, False, ind + "    ", kinds)
            other = self.block(node.get("else", True), base, x, False, ind + "    ", kinds)
            if then or other:
                out.append(f"{ind}if {self.predicate(node['if'], base)}({x}):")
                out += then or [f"{ind}    pass"]
                if other:
                    out += [f"{ind}else:", *other]
        return out

    def ref(
        self, ref: object, base: str, x: str, plain: bool, ind: str, known: tuple[str, ...] = _ALL
    ) -> list[str]:
        if not isinstance(ref, str):
            raise Unsupported("$ref")
        try:
            uri, target = lookup(base, ref)
        except (KeyError, IndexError, ValueError) as error:
            raise Unsupported(str(error)) from None
        if id(target) in self.active:
            raise Unsupported(f"a $ref cycle at {ref!r}")
        self.active.append(id(target))
        try:
            return self.block(target, uri, x, plain, ind, known)
        finally:
            self.active.pop()

    def predicate(self, node: object, base: str) -> str:
        """The name of a top-level function ``f(x) -> bool``: ``node`` holds for x."""
        self.branched = True
        key = (id(node), base)
        name = self.predicates.get(key)
        if name is None:
            name = self.predicates[key] = self.name("_p")
            body = self.block(node, base, "x", False, "    ")
            self.helpers.append("\n".join([f"def {name}(x):", *body, "    return True"]))
        return name

    def dispatch(
        self, node: dict[str, Any], base: str, x: str, walk: bool, kinds: tuple[str, ...], ind: str
    ) -> list[str]:
        """The keywords of each JSON type, under a test of the value's type (none when the
        ``type`` keyword left one); ``walk``: every member is proved plain here too."""
        deeper = ind + "    "
        branches: list[tuple[str, list[str]]] = []
        if "dict" in kinds:
            branches.append(("dict", self.object_lines(node, base, x, walk, deeper)))
        if "list" in kinds:
            branches.append(("list", self.array_lines(node, base, x, walk, deeper)))
        if "str" in kinds:
            branches.append(("str", self.string_lines(node, x, deeper)))
        numeric = self.number_lines(node, x, deeper)
        if "float" in kinds:
            finite = [f"{deeper}if not {x} - {x} == 0.0: return False"]
            finite = finite if walk and not self.lean else []  # lean: NaN is no concern
            branches.append(("float", finite + numeric))
        if "int" in kinds:
            branches.append(("int", numeric))
        branches = [(k, lines) for k, lines in branches if lines]
        if len(kinds) == 1:  # the type keyword decided it: no test
            return [line[4:] for line in branches[0][1]] if branches else []
        t = self.name("_t")
        out = [f"{ind}{t} = type({x})"]
        for i, (k, lines) in enumerate(branches):
            out.append(f"{ind}{'if' if i == 0 else 'elif'} {t} is {k}:")
            out += lines
        if walk and kinds is _ALL and (branches or not self.lean):  # no type keyword, and
            # (lean) a keyword of some type: anything else is no JSON
            handled = {k for k, _ in branches}
            others = [
                k for k in ("dict", "list", "str", "int", "float", "bool") if k not in handled
            ]
            test = " and ".join([*(f"{t} is not {k}" for k in others), f"{x} is not None"])
            out.append(f"{ind}{'elif' if branches else 'if'} {test}: return False")
        elif not branches:
            return []
        return out

    def object_lines(
        self, node: dict[str, Any], base: str, x: str, walk: bool, ind: str
    ) -> list[str]:
        props: dict[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties")
        names = node.get("propertyNames")
        out: list[str] = []
        required = node.get("required", [])
        if required:
            out.append(
                f"{ind}if {' or '.join(f'{r!r} not in {x}' for r in required)}: return False"
            )
        k, v = self.name("_k"), self.name("_v")
        deeper = ind + "    "
        if walk and self.lean and extra is None and names is None:
            # no keyword reads the other members or the keys: each property looked up
            for prop, sub in props.items():
                lines = self.block(sub, base, v, True, deeper)
                if lines:
                    out += [f"{ind}if {prop!r} in {x}:", f"{deeper}{v} = {x}[{prop!r}]", *lines]
            return out
        if walk and not props and extra is None and names is None:
            return [*out, *self.proof(x, ind)]
        if walk:
            loop = [f"{deeper}if type({k}) is not str: return False"]
            if names is not None:
                loop += self.block(names, base, k, False, deeper)
            for i, (prop, sub) in enumerate(props.items()):
                loop.append(f"{deeper}{'if' if i == 0 else 'elif'} {k} == {prop!r}:")
                loop += self.block(sub, base, v, True, deeper + "    ") or [f"{deeper}    pass"]
            rest = self.block(True if extra is None else extra, base, v, True, deeper + "    ")
            if props:
                loop += [f"{deeper}else:", *rest]
            else:
                loop += [line[4:] for line in rest]
            return [*out, f"{ind}for {k}, {v} in {x}.items():", *loop]
        for prop, sub in props.items():
            lines = self.block(sub, base, v, False, deeper)
            if lines:
                out += [f"{ind}if {prop!r} in {x}:", f"{deeper}{v} = {x}[{prop!r}]", *lines]
        loop = []
        if names is not None:
            loop += self.block(names, base, k, False, deeper)
        if extra is not None:
            rest = self.block(extra, base, v, False, deeper)
            if rest:
                if props:
                    loop.append(f"{deeper}if {k} in {self.value('_n', frozenset(props))}: continue")
                loop += rest
        if loop:
            out += [f"{ind}for {k}, {v} in {x}.items():", *loop]
        return out

    def array_lines(
        self, node: dict[str, Any], base: str, x: str, walk: bool, ind: str
    ) -> list[str]:
        out: list[str] = []
        if "minItems" in node:
            out.append(f"{ind}if len({x}) < {int(node['minItems'])}: return False")
        if "maxItems" in node:
            out.append(f"{ind}if len({x}) > {int(node['maxItems'])}: return False")
        prefix = node.get("prefixItems", [])
        items = node.get("items", True if walk else None)
        if isinstance(items, list) or not isinstance(prefix, list):
            raise Unsupported("items as a list")
        e, i = self.name("_e"), self.name("_i")
        deeper = ind + "    "
        if walk and not prefix and "items" not in node:
            out += self.proof(x, ind)
        elif prefix:
            loop: list[str] = []
            for n, sub in enumerate(prefix):
                loop.append(f"{deeper}{'if' if n == 0 else 'elif'} {i} == {n}:")
                loop += self.block(sub, base, e, walk, deeper + "    ") or [f"{deeper}    pass"]
            rest = self.block(True if items is None else items, base, e, walk, deeper + "    ")
            if rest:
                loop += [f"{deeper}else:", *rest]
            out += [f"{ind}for {i}, {e} in enumerate({x}):", *loop]
        elif items is not None:
            joined = _joined(items)
            lines = self.block(items if joined is None else joined[0], base, e, walk, deeper)
            if lines:
                out += [f"{ind}for {e} in {x}:", *lines]
            if joined is not None:  # every item a str now: their pattern at once
                s = self.name("_s")
                out += [
                    f"{ind}if {x}:",
                    f"{deeper}{s} = f\"/{{'/'.join({x})}}/\"",
                    f"{deeper}if {joined[1].replace('S', s)}: return False",
                ]
        if "contains" in node:
            least = int(node.get("minContains", 1))
            most = node.get("maxContains")
            if least > 0 or most is not None:
                test = self.predicate(node["contains"], base)
                count = self.name("_c")
                out.append(f"{ind}{count} = sum(1 for {e} in {x} if {test}({e}))")
                if least > 0:
                    out.append(f"{ind}if {count} < {least}: return False")
                if most is not None:
                    out.append(f"{ind}if {count} > {int(most)}: return False")
        return out

    def string_lines(self, node: dict[str, Any], x: str, ind: str) -> list[str]:
        out = []
        if "minLength" in node:
            out.append(f"{ind}if len({x}) < {int(node['minLength'])}: return False")
        if "maxLength" in node:
            out.append(f"{ind}if len({x}) > {int(node['maxLength'])}: return False")
        if "pattern" in node:
            known = PATTERN_TESTS.get(node["pattern"])
            if known is not None:
                bad = self.value("_b", known)
                out.append(
                    f"{ind}if ({x} in _DOTS if '/' not in {x} else {bad}({x})): return False"
                )
            else:
                search = self.value("_r", re.compile(node["pattern"]).search)
                out.append(f"{ind}if {search}({x}) is None: return False")
        return out

    def number_lines(self, node: dict[str, Any], x: str, ind: str) -> list[str]:
        out = []
        for key, op in (("minimum", "<"), ("maximum", ">")):
            if key in node:
                bound = node[key]
                if type(bound) not in (int, float):
                    raise Unsupported(f"{key} {bound!r}")
                out.append(f"{ind}if {x} {op} {bound!r}: return False")
        return out

    def type_test(self, name: object, x: str) -> str:
        test = _TYPE_TESTS.get(name) if isinstance(name, str) else None
        if test is None:
            raise Unsupported(f"type {name!r}")
        return test.replace("X", x)

    def equal_test(self, x: str, value: object, known: tuple[str, ...]) -> str:
        """A test that ``x`` (of one of the ``known`` types) is JSON-equal to ``value``."""
        if value is True or value is False:
            return f"({x} is {value!r})"
        if value is None:
            return f"({x} is None)"
        if type(value) is str:
            if known == ("str",):
                return f"{x} == {value!r}"
            return f"(type({x}) is str and {x} == {value!r})"
        if type(value) in (int, float):
            return f"((type({x}) is int or type({x}) is float) and {x} == {value!r})"
        return f"_equal({x}, {self.value('_k', value)})"


def generated_source(
    version: str,
    kinds: tuple[str, ...],
    head: Sequence[str] = ("def verdict(x):",),
    tail: Sequence[str] = ("    return True",),
) -> tuple[str, dict[str, object]]:
    """The source of the verdict function of a plan and the values it names (`_source`:
    each pass walks what it reads; not lean, the first proves the whole value plain).
    ``head`` and ``tail``: the lines around the body (`fused_for`)."""
    refs = [pass_ref(version, kind, level) for kind in kinds for level in LEVELS]
    return _source(
        lambda writer, lean: [
            line for ref in refs[:1] for line in writer.ref(ref, "", "x", True, "    ")
        ],
        lambda writer, lean: [
            line for ref in refs[1:] for line in writer.ref(ref, "", "x", lean, "    ")
        ],
        head=head,
        tail=tail,
    )


def _source(
    first: Callable[[_Writer, bool], list[str]],
    rest: Callable[[_Writer, bool], list[str]],
    lean: bool = True,
    head: Sequence[str] = ("def verdict(x):",),
    tail: Sequence[str] = ("    return True",),
) -> tuple[str, dict[str, object]]:
    """The source of a verdict whose body is ``first``'s lines then ``rest``'s, and the
    values it names; lean where it can be (``lean``: may be).

    Lean: a value no schema constrains (an extra key's) is never read by
    python-jsonschema, whose report is then the valid one whatever it holds (a tuple, a
    NaN), so it is not walked (half the verdict of a labels document with extra keys);
    every constrained value is still tested with exact types (a Python-only one answered
    False). Sound only while every constrained value is reached by a walk: schemas that
    hold a predicate (``anyOf``, ``not``, ``if`` ...) or an ``allOf`` reading members
    read them outside it, and are written proving the whole value plain JSON."""
    for lean_now in (True, False) if lean else (False,):
        writer = _Writer(lean_now)
        body = [*first(writer, lean_now), *rest(writer, lean_now)]
        if not (lean_now and writer.branched):
            break
    source = "\n\n".join([*writer.helpers, "\n".join([*head, *body, *tail])])
    return source, writer.values


def _compiled(source: str, values: dict[str, object], name: str, made: str = "verdict") -> Any:
    namespace: dict[str, Any] = {
        "_plain": plain_json,
        "_equal": json_equal,
        "_DOTS": DOTS,
        **values,
    }
    exec(compile(source, name, "exec"), namespace)
    return namespace[made]


def verdict_of(schema: object, *, lean: bool = False) -> Verdict:
    """The verdict of one schema (its ``$ref``\\ s to packaged schemas only): what the
    tests hold to python-jsonschema on the JSON Schema traps; ``lean``: written as the
    plans' verdicts are (`_source`), else proving the whole value plain JSON.
    `Unsupported` when it cannot be written."""
    source, values = _source(
        lambda writer, _: writer.block(schema, "", "x", True, "    "), lambda *_: [], lean
    )
    verdict: Verdict = _compiled(source, values, "<verdict of a schema>")
    return verdict


#: The verdict function of each (version, kinds) plan asked for; None: not generated.
_VERDICTS: dict[tuple[str, tuple[str, ...]], Verdict | None] = {}


def verdict_for(version: str, kinds: tuple[str, ...]) -> Verdict | None:
    """The generated verdict of a plan (made at its first use), or None when its schemas
    use what the generator does not translate."""
    key = (version, kinds)
    if key in _VERDICTS:
        return _VERDICTS[key]
    try:
        source, values = generated_source(version, kinds)
        found: Verdict | None = _compiled(source, values, f"<verdict {version} {'+'.join(kinds)}>")
    except (Unsupported, SyntaxError, RecursionError, re.error):
        found = None
    _VERDICTS[key] = found
    return found


def fused_for(
    version: str,
    kinds: tuple[str, ...],
    head: Sequence[str],
    tail: Sequence[str],
    names: Mapping[str, object],
) -> Callable[..., Any] | None:
    """A function whose body is the plan's verdict (``return False`` where it fails, the
    document read as ``x``) between the caller's ``head`` (its ``def`` line, named
    ``fused``, and first lines) and ``tail`` (what follows a True verdict), ``names``
    its globals: the caller's steps and the verdict in one call (`_valid`). None when
    the plan has no verdict."""
    try:
        source, values = generated_source(version, kinds, head, tail)
        made: Callable[..., Any] = _compiled(
            source, {**values, **names}, f"<fused {version} {'+'.join(kinds)}>", "fused"
        )
    except (Unsupported, SyntaxError, RecursionError, re.error):
        return None
    return made
