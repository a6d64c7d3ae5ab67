"""Reading one metadata document from a file: an attributes JSON, a zarr.json or a .zattrs.

Bad input is a finding, not an exception: a file that is not JSON, not UTF-8, too deep
or too large gives an `Issue` naming the file. Python's json reads the bare tokens NaN,
Infinity and -Infinity, which JSON (RFC 8259, section 6) does not have: they are refused
through the parser's ``parse_constant`` hook, which costs nothing for a document without
them (the one exception, a zarr v2 .zarray, is the store reader's: see ``non_finite``).

Two things JSON allows but a reader must not pass over in silence are findings that do
not stop validation (``LoadedDocument.findings``): a name repeated in one object (RFC
8259 section 4: names SHOULD be unique; the last value wins, as in every JSON parser
here) and a number no double can hold (``1e400``, an integer beyond about 1.8e308; RFC
8259 section 6 leaves such numbers to the implementation). The value is kept, and the
rules that read numbers treat it as the invalid value it is.

A local file is read through `confine` (a regular file, at most the cap, the refusal
giving the real size), never with a plain open.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._collector import collector_paused
from ..issues import Issue
from ..rules import document as document_rules
from ..rules import store as store_rules
from ..rules._rule import Rule
from .caps import MAX_DEPTH, MAX_DOCUMENT_BYTES
from .confine import Confinement, Refused

__all__ = [
    "GENERAL",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "LoadedDocument",
    "attributes_of",
    "load_document",
    "parse_json_bytes",
    "parse_json_value",
    "plain_value",
]


_NOT_READ = frozenset(
    r.id for r in (document_rules.UNREADABLE, store_rules.PATH_ESCAPE, store_rules.NOT_A_FILE)
)


@dataclass(frozen=True)
class LoadedDocument:
    """The attributes found in a file, or the issue that stopped reading it."""

    source: str
    attributes: Any = None
    issue: Issue | None = None
    #: Bare NaN/Infinity tokens read as floats (only when the caller allowed them).
    non_finite: tuple[str, ...] = ()
    #: Findings that do not stop validation: duplicate names, out-of-range numbers.
    findings: tuple[Issue, ...] = ()

    @property
    def unread(self) -> bool:
        """Nothing was read (missing, unreadable, a link out of the target, not a file): the
        document was not validated, which is not the same as invalid (exit 2, not 1)."""
        return self.issue is not None and self.issue.rule in _NOT_READ


def _fail(source: str, message: str, rule: Rule = document_rules.UNREADABLE) -> LoadedDocument:
    return LoadedDocument(source, issue=rule.issue(message, node=source))


def _depth(value: object, limit: int) -> int:
    """The nesting depth of ``value``, stopping early past ``limit``."""
    stack: list[tuple[object, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, Mapping):
            children: Collection[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        # Only containers go on the stack: a scalar child is one level deeper, no more.
        # (Pushing every number and string cost seconds on a 60 MB document.)
        inner = [(v, depth + 1) for v in children if type(v) not in _SCALARS]
        if len(inner) < len(children):
            deepest = max(deepest, depth + 1)
        stack.extend(inner)
    return deepest


_SCALARS = frozenset({str, int, float, bool, type(None)})

# Every byte but the quote and the four brackets, deleted to read the nesting from the bytes.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_STRING_LEFT = re.compile(rb'"[^"]*"')  # a string once its escapes are gone: no quote inside
_CHUNK = 1 << 22  # structure bytes read into numpy at a time: bounded memory


def _container_depth(data: bytes) -> int:
    """How deep the arrays and objects of a parsed JSON document nest, from its bytes.

    Walking the parsed value costs seconds on a 60 MB document; this costs tens of
    milliseconds. A bracket inside a string is not structure: escapes go first (an
    escaped backslash, then an escaped quote, so every quote left delimits a string),
    then everything but quotes and brackets, then the strings with the brackets in them.
    A scalar is one level below its container (see `_depth`), which the caller settles.
    """
    import numpy as np  # only for a document with more brackets than the depth limit

    if b"\\" in data:
        data = data.replace(b"\\\\", b"")
    if b'\\"' in data:
        data = data.replace(b'\\"', b"")
    quoted = data.translate(None, _NOT_STRUCTURE)
    # Most strings hold no bracket: their quotes are adjacent. If removing adjacent pairs
    # leaves no quote, every bracket left is outside strings (each run of quotes between
    # two brackets was of even length, so starts and ends outside a string).
    structure = quoted.replace(b'""', b"")
    if b'"' in structure:
        structure = _STRING_LEFT.sub(b"", quoted)
    deepest = level = 0
    for start in range(0, len(structure), _CHUNK):
        codes = np.frombuffer(structure, np.uint8, min(_CHUNK, len(structure) - start), start)
        steps = (codes == ord("[")).astype(np.int32) + (codes == ord("{"))
        steps -= (codes == ord("]")) + (codes == ord("}"))
        levels = np.cumsum(steps, dtype=np.int64) + level
        deepest = max(deepest, int(levels.max()))
        level = int(levels[-1])
    return deepest


def _too_deep(data: bytes, value: object, limit: int) -> bool:
    """Whether the parsed ``value`` of ``data`` nests deeper than ``limit`` (`_depth`)."""
    if data.count(b"[") + data.count(b"{") <= limit:  # nesting needs as many brackets
        return False
    containers = _container_depth(data)
    if containers + 1 <= limit or containers > limit:  # a scalar adds at most one level
        return containers > limit
    return _depth(value, limit) > limit  # containers at the limit: does one hold a scalar?


class _NonFinite(ValueError):
    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


def _refuse_constant(token: str) -> object:
    raise _NonFinite(token)


# A JSON string, or a bare non-finite token outside strings (to say where the token is).
_TOKEN_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def _where(text: str, token: str) -> str:
    """' at line L column C' of the first bare ``token`` in ``text`` (the failure path only)."""
    for match in _TOKEN_OR_STRING.finditer(text):
        if match.group(1) == token:
            start = match.start(1)
            line = text.count("\n", 0, start) + 1
            column = start - text.rfind("\n", 0, start)  # 1-based: rfind is -1 on line 1
            return f" at line {line} column {column}"
    return ""


# A number that may be beyond the double range: an exponent of 3+ digits, or a run of
# 210+ digits (an integer of 309+ digits, or a mantissa whose integer part has 210+
# digits: with an exponent of two digits at most, 10**209 * 10**99 is the first to
# reach 1e308), looked for with every digit read as 0, E as e and the signs dropped (a
# regex took seconds on 60 MB).
#: Digits as "0", "E" as "e", and "{" as "[" (`plain_value` counts both brackets in the
#: same bytes; neither bracket is part of a number).
_AS_ZERO = bytes.maketrans(b"123456789E{", b"000000000e[")
_SIGNS = b"+-"
_HUGE_DIGITS = b"0" * 210


def _maybe_huge(data: bytes) -> bool:
    """Whether ``data`` may hold a number beyond the double range (the hooks then decide).

    The signs are dropped with the translation, so one search finds both "e000" and
    "e+000" (a search of a plate's documents cost about as much as the translation,
    issue 15). Dropping characters only joins what was apart: every place the two
    searches found is still found, and the few more (an "e-000", a "-" between a name's
    "e" and digits) are only decided by the hooks, as a document with a huge number is.
    """
    return _huge_shown(data.translate(_AS_ZERO, _SIGNS))


def _huge_shown(digits: bytes) -> bool:
    """`_maybe_huge` of bytes already translated (`plain_value` keeps the translation)."""
    return b"e000" in digits or _HUGE_DIGITS in digits


_NUMBER_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)')


class _Seen:
    """What the parser's hooks met in one document: repeated names, huge numbers."""

    def __init__(self) -> None:
        self.duplicates: list[str] = []
        self.huge: list[str] = []
        self.constants: list[str] = []

    def on_pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) != len(pairs):
            names: set[str] = set()
            for name, _ in pairs:
                if name in names:
                    self.duplicates.append(name)
                names.add(name)
        return value

    def on_float(self, token: str) -> float:
        value = float(token)
        if math.isinf(value):
            self.huge.append(token)
        return value

    def on_int(self, token: str) -> int:
        value = int(token)
        if len(token) > 308:
            try:
                float(value)
            except OverflowError:
                self.huge.append(token)
        return value

    def on_constant(self, token: str) -> float:
        self.constants.append(token)
        return float(token)


def _decode(text: str, data: bytes, non_finite: bool) -> tuple[Any, _Seen]:
    """The JSON value of ``text`` and what the hooks saw in it.

    Numbers are checked against the double range only when the bytes hold a candidate
    (a long exponent or 309+ digits): everywhere else the C parser reads them. A document
    with a bare NaN/Infinity is decoded again, recording the tokens, only where they are
    allowed (``non_finite``). A large document is decoded with the cyclic garbage
    collector paused (`collector_paused`: two thirds of the
    decoding time of 60 MB, issue 12).
    """
    if len(data) < _PAUSE_FROM:
        huge = _maybe_huge(data)
        if not huge:  # most documents: one decoder per thread, not one per document
            decoder, members = _counting_decoder()
            members[0] = 0
            try:
                value = decoder.decode(text)
            except _NonFinite:
                if not non_finite:
                    raise
            else:
                seen = _Seen()
                if members[0] != data.count(b":"):  # a repeated name, or a colon in a string
                    seen.duplicates = _repeated_names(text)
                return value, seen
    with collector_paused(len(data) >= _PAUSE_FROM):
        seen = _Seen()
        huge = _maybe_huge(data)
        options: dict[str, Any] = {"object_pairs_hook": seen.on_pairs}
        if huge:
            options.update(parse_float=seen.on_float, parse_int=seen.on_int)
        try:
            return json.JSONDecoder(parse_constant=_refuse_constant, **options).decode(text), seen
        except _NonFinite:
            if not non_finite:
                raise
        seen = _Seen()
        options["object_pairs_hook"] = seen.on_pairs
        if huge:
            options.update(parse_float=seen.on_float, parse_int=seen.on_int)
        value = json.JSONDecoder(parse_constant=seen.on_constant, **options).decode(text)
        return value, seen


#: From this size on a document is decoded with the cyclic garbage collector paused.
_PAUSE_FROM = 1 << 20

_THREAD = threading.local()


def _plain_decoder() -> tuple[json.JSONDecoder, _Seen]:
    """This thread's decoder with the duplicate-name hook, and the `_Seen` it fills (the
    caller empties it first): only for a document whose member count leaves a repeated
    name possible (`_repeated_names`). Per thread, as a decode runs to its end in the
    thread that started it."""
    cached: tuple[json.JSONDecoder, _Seen] | None = getattr(_THREAD, "plain", None)
    if cached is None:
        seen = _Seen()
        decoder = json.JSONDecoder(parse_constant=_refuse_constant, object_pairs_hook=seen.on_pairs)
        cached = _THREAD.plain = (decoder, seen)
    return cached


def _counting_decoder() -> tuple[json.JSONDecoder, list[int]]:
    """This thread's decoder for a document without a huge-number candidate: it counts
    the members of the objects it builds (into the one-item list returned with it; the
    caller sets it to 0) and refuses bare NaN and Infinity, as the general decoder does.
    Objects built by the decoder itself, not from pairs: the pairs hook costs a list and
    a tuple per member, and building a decoder more than decoding a small document (a
    plate's read makes 40,000, issue 15).

    Repeated names without the hook: a colon outside strings is a name separator and
    nothing else, so the document's colons are at least its members as written, and a
    repeated name leaves one member fewer in its object: as many members as colons
    means no name repeats. Any other count (a colon inside a string, or a repeat) is
    settled by `_repeated_names`."""
    cached: tuple[json.JSONDecoder, list[int]] | None = getattr(_THREAD, "counting", None)
    if cached is None:
        members = [0]

        def count(value: dict[str, Any]) -> dict[str, Any]:
            members[0] += len(value)
            return value

        decoder = json.JSONDecoder(parse_constant=_refuse_constant, object_hook=count)
        cached = _THREAD.counting = (decoder, members)
    return cached


#: `plain_value`'s answer for a document the general parse must read.
GENERAL: Any = object()


def plain_value(data: bytes, max_bytes: int, max_depth: int) -> Any:
    """The JSON value of ``data`` when reading it has nothing to say, else `GENERAL`.

    A store's usual document is small, UTF-8, JSON, without a repeated name, a number
    beyond the double range, a bare NaN or too deep a nesting: for it this is
    `parse_json_value` without the findings it would not make (no `LoadedDocument`,
    no notes: a plate reads 40,000 documents, issue 15). Any document that might give
    a finding is `GENERAL`, for `parse_json_value` to read and word as always. Repeated
    names are ruled out as `_decode` rules them out (`_counting_decoder`).
    """
    size = len(data)
    if size > max_bytes or size >= _PAUSE_FROM:
        return GENERAL
    # `_maybe_huge`, its translation kept for the bracket count of `_too_deep` below
    # (one count of the bytes fewer, issue 15)
    shown = data.translate(_AS_ZERO, _SIGNS)
    if _huge_shown(shown):
        return GENERAL
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return GENERAL
    if text.startswith("\ufeff"):
        return GENERAL
    decoder, members = _counting_decoder()
    members[0] = 0
    scan: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]
    try:
        # the C scanner itself: `decode` would match whitespace around the value twice
        value, end = scan(text, 0)
    except (StopIteration, ValueError, RecursionError):
        # no value at the start (not JSON, or whitespace first), a bare NaN, a number
        # too long to convert, too deep
        return GENERAL
    if end != len(text) and text[end:].strip(_JSON_SPACE):  # more than a value
        return GENERAL
    if members[0] != data.count(b":") and _repeated_names(text):
        return GENERAL
    # nesting needs as many brackets (`_too_deep`'s first test, from the translation)
    if shown.count(b"[") > max_depth and _too_deep(data, value, max_depth):
        return GENERAL
    return value


def _repeated_names(text: str) -> list[str]:
    """The names repeated in the objects of ``text`` (JSON the counting decoder has read
    whole), by the duplicate-name hook of the general decoder."""
    decoder, shared = _plain_decoder()
    shared.duplicates = []
    decoder.decode(text)
    return shared.duplicates


_JSON_SPACE = " \t\n\r"  # RFC 8259 section 2: the only whitespace around a value


def _number_where(text: str, token: str) -> str:
    """' at line L column C' of the number ``token`` outside strings (failure path only)."""
    for match in _NUMBER_OR_STRING.finditer(text):
        if match.group(1) == token:
            start = match.start(1)
            line = text.count("\n", 0, start) + 1
            column = start - text.rfind("\n", 0, start)
            return f" at line {line} column {column}"
    return ""


def _notes(source: str, text: str, seen: _Seen) -> tuple[Issue, ...]:
    """The findings of what the hooks saw (each name and each number said once)."""
    notes: list[Issue] = []
    for name in dict.fromkeys(seen.duplicates):
        notes.append(
            document_rules.DUPLICATE_KEY.issue(
                f"the name {name!r} appears more than once in one object; JSON names SHOULD"
                " be unique (RFC 8259 section 4) and only the last value is read",
                node=source,
            )
        )
    for token in dict.fromkeys(seen.huge):
        shown = token if len(token) <= 24 else f"{token[:12]}...({len(token)} characters)"
        notes.append(
            document_rules.NUMBER_OUT_OF_RANGE.issue(
                f"the number {shown}{_number_where(text, token)} is beyond the range of a"
                " double (about 1.8e308); no reader can hold it as a number (RFC 8259"
                " section 6)",
                node=source,
            )
        )
    return tuple(notes)


def parse_json_bytes(source: str, data: bytes) -> LoadedDocument:
    """Parse one document's bytes; every failure is a finding on ``source``."""
    loaded = parse_json_value(source, data)
    if loaded.issue is not None:
        return loaded
    return LoadedDocument(
        source, attributes=attributes_of(loaded.attributes), findings=loaded.findings
    )


def parse_json_value(
    source: str,
    data: bytes,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    *,
    non_finite: bool = False,
) -> LoadedDocument:
    """Parse one document's bytes into the whole JSON value (a zarr.json stays whole).

    The store reader needs this: an array's zarr.json matters beyond its attributes.
    A bare NaN, Infinity or -Infinity is a ``document.not-json`` finding naming the token;
    with ``non_finite`` (a zarr v2 .zarray, where old writers put a bare NaN fill value)
    it is read as the float and listed in ``LoadedDocument.non_finite`` for the caller
    to report.
    """
    # The module limits are read at call time, so a caller (or a test) can lower them.
    max_bytes = MAX_DOCUMENT_BYTES if max_bytes is None else max_bytes
    max_depth = MAX_DEPTH if max_depth is None else max_depth
    if len(data) > max_bytes:
        return _fail(
            source,
            f"the document is {len(data)} bytes, over the limit of {max_bytes}",
            document_rules.TOO_LARGE,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _fail(
            source, f"the document is not UTF-8 text (byte {exc.start})", document_rules.NOT_JSON
        )
    if text.startswith("\ufeff"):  # as json.loads says it; JSON text has no byte order mark
        return _fail(
            source,
            "the document is not valid JSON: it starts with a UTF-8 byte order mark",
            document_rules.NOT_JSON,
        )
    try:
        value, seen = _decode(text, data, non_finite)
    except _NonFinite as exc:
        return _fail(
            source,
            f"the document is not valid JSON: bare {exc.token} is not a JSON value (RFC 8259"
            f" has no NaN or Infinity){_where(text, exc.token)}",
            document_rules.NOT_JSON,
        )
    except RecursionError:
        return _fail(
            source, f"the document nests deeper than {max_depth} levels", document_rules.TOO_DEEP
        )
    except json.JSONDecodeError as exc:
        return _fail(
            source,
            # the parser's message may end in "at" ("Invalid control character at")
            f"the document is not valid JSON: {exc.msg.removesuffix(' at')} at line"
            f" {exc.lineno} column {exc.colno}",
            document_rules.NOT_JSON,
        )
    except ValueError as exc:  # e.g. an integer too long to convert
        return _fail(source, f"the document is not valid JSON: {exc}", document_rules.NOT_JSON)
    if _too_deep(data, value, max_depth):
        return _fail(
            source, f"the document nests deeper than {max_depth} levels", document_rules.TOO_DEEP
        )
    return LoadedDocument(
        source,
        attributes=value,
        non_finite=tuple(seen.constants),
        findings=_notes(source, text, seen),
    )


def attributes_of(value: object) -> object:
    """The attributes inside a document: a zarr.json's ``attributes``, else the document."""
    if isinstance(value, Mapping) and value.get("zarr_format") == 3 and "node_type" in value:
        return value.get("attributes", {})
    return value


def load_document(path: Path) -> LoadedDocument:
    """Read an attributes document from a file, or from a folder's zarr.json or .zattrs.

    The path given is the root of what may be read: a folder's document that is a link
    out of the folder is refused, and so is anything that is not a regular file.
    """
    source = str(path)
    try:
        if path.is_dir():
            for name in ("zarr.json", ".zattrs"):
                if os.path.lexists(path / name):
                    root, key = path, name
                    break
            else:
                return _fail(
                    source, "the folder has no zarr.json or .zattrs", document_rules.UNREADABLE
                )
        else:
            root, key = path.parent, path.name
            if path.is_symlink():  # a file given by a link: the link's target is the file
                real = Path(os.path.realpath(path))
                root, key = real.parent, real.name
        data = Confinement(root).read(key, MAX_DOCUMENT_BYTES)
    except Refused as exc:
        return _fail(source, exc.message, exc.rule)
    except FileNotFoundError:
        return _fail(source, "no such file or folder")
    except OSError as exc:
        return _fail(source, f"cannot read it: {exc.strerror or exc}")
    return parse_json_bytes(source, data)
