"""The quick read of a store document (`documents.plain_value`, issue 15) gives exactly what
the general read (`documents.parse_json_value`) gives, or steps aside.

A plate reads tens of thousands of small documents; the quick read decodes one with the
same decoder and the same duplicate-name hook, and answers only when the general read
would have nothing to say (no finding, no refusal, no bare NaN). Drawn JSON texts with
repeated names (also spelled with escapes: "a" and "\\u0061"), nesting, numbers beyond
the double range, bare NaN and Infinity, odd whitespace, a byte order mark, bytes that
are not UTF-8, trailing data and depth limits around the nesting: the quick value is
the general one, type for type, or the quick read says GENERAL; and a node read from
the same bytes is the same node either way (`metadata.read_node`).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.store import documents, metadata, paths
from ome_zarr_schemas.store.documents import GENERAL, parse_json_value, plain_value
from ome_zarr_schemas.store.nodes import Limits

SPACE = st.sampled_from(["", " ", "\n", "\t", "\r\n  ", "\u00a0"])  # the last is not JSON's
KEYS = st.sampled_from(
    ['"a"', '"\\u0061"', '"b"', '"a\\""', '"\\ud83d\\ude00"', '"\U0001f600"', '"a:"', '":"']
)
SCALARS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        [
            "1e400",
            "-1E+999",
            "1e-400",
            "1" + "0" * 400,
            "NaN",
            "Infinity",
            "-Infinity",
            "true",
            "false",
            "null",
            '"x"',
            '"\\u005b["',
            '"{"',
            '"x:y"',
            '"\\u003a"',
            "01",
            "1.",
        ]
    ),
    st.text(max_size=5).map(json.dumps),
)


def _object(members: list[tuple[str, str]], space: str) -> str:
    return "{" + ",".join(f"{space}{k}{space}:{space}{v}" for k, v in members) + "}"


def _array(items: list[str], space: str) -> str:
    return "[" + ",".join(f"{space}{item}" for item in items) + space + "]"


VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.builds(_object, st.lists(st.tuples(KEYS, inner), max_size=4), SPACE),
        st.builds(_array, st.lists(inner, max_size=4), SPACE),
    ),
    max_leaves=12,
)


@st.composite
def documents_bytes(draw: st.DrawFn) -> bytes:
    text = draw(SPACE) + draw(VALUES) + draw(SPACE)
    if draw(st.integers(0, 9)) == 0:
        text += draw(st.sampled_from(["x", "{}", ",", "]"]))
    if draw(st.integers(0, 19)) == 0:
        text = "\ufeff" + text
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 19)) == 0:
        data = data[:1] + b"\xff" + data[1:]
    return data


def _typed(value: Any) -> Any:
    """``value`` with every scalar's type beside it (1, 1.0 and True compare equal)."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


@settings(max_examples=1500, deadline=None)
@given(documents_bytes(), st.integers(1, 8), st.sampled_from([10, 60, 1 << 20]))
def test_the_quick_read_is_the_general_read_or_steps_aside(
    data: bytes, depth: int, size: int
) -> None:
    quick = plain_value(data, size, depth)
    general = parse_json_value("a.json", data, size, depth)
    if quick is GENERAL:
        return
    assert general.issue is None, data
    assert general.findings == () and general.non_finite == (), data
    assert _typed(quick) == _typed(general.attributes), data


@settings(max_examples=400, deadline=None)
@given(documents_bytes(), st.sampled_from(["zarr.json", ".zattrs", ".zarray", ".zgroup"]))
def test_a_node_is_the_same_whichever_read_decoded_it(data: bytes, name: str) -> None:
    limits = Limits(max_document_bytes=1 << 20, max_json_depth=5)
    found = {name: data} if name != ".zattrs" else {".zgroup": b'{"zarr_format": 2}', name: data}
    quick = metadata.read_node("a/b", found, [], limits)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(metadata, "plain_value", lambda *_: GENERAL)
        general = metadata.read_node("a/b", found, [], limits)
    assert quick == general
    assert _typed(quick.attributes) == _typed(general.attributes)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.text(max_size=4),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=10,
    ),
    st.sampled_from([None, 2]),
)
def test_a_plain_document_is_read_quickly(value: object, indent: int | None) -> None:
    """The quick read is not a path never taken: JSON as writers write it goes through it
    (all but a text the huge-number scan cannot rule out, e.g. an escape "\\ude50" before
    a digit reads as "e000": left to the general read by design)."""
    data = json.dumps(value, indent=indent).encode()
    assume(not documents._maybe_huge(data))
    assert _typed(plain_value(data, 1 << 20, 64)) == _typed(value)


def test_a_repeated_name_goes_to_the_general_read_whatever_its_spelling() -> None:
    for text in (
        '{"a": 1, "a": 2}',
        '{"a": 1, "\\u0061": 2}',
        '[{"x": {"b": 1, "b": 1}}]',
        '{"a": "x:", "a": 1}',  # a colon in a string: the count alone cannot tell
        '{"a:": 1, "a:": 1, "b": ":"}',
    ):
        assert plain_value(text.encode(), 1 << 20, 64) is GENERAL
        assert parse_json_value("a.json", text.encode()).findings
    assert plain_value(b'{"a": {"a": 1}, "b": {"a": 2}}', 1 << 20, 64) == {
        "a": {"a": 1},
        "b": {"a": 2},
    }
    assert plain_value(b'{"a": "x:y", "b:": ":"}', 1 << 20, 64) == {"a": "x:y", "b:": ":"}
    # a document that failed half way leaves no repeated name behind for the next one
    assert plain_value(b'{"a": 1, "a": 2, ', 1 << 20, 64) is GENERAL
    assert plain_value(b'{"b": 1}', 1 << 20, 64) == {"b": 1}
    assert documents._plain_decoder()[1].duplicates == []


PATH_SEGMENTS = st.sampled_from(["a", "0", "..", "", ".", "%2e%2e", "b c", "labels"])


@settings(max_examples=500, deadline=None)
@given(
    st.lists(PATH_SEGMENTS, max_size=4).map("/".join),
    st.lists(PATH_SEGMENTS, min_size=1, max_size=4).map("/".join).filter(bool),
    st.booleans(),
)
def test_a_path_resolves_as_segment_by_segment(base: str, relative: str, up: bool) -> None:
    """`paths.resolve`'s quick join (no '..', a base without empty segments) is the
    segment-by-segment answer, for bases and paths of every shape."""
    segments, reason = paths._segments(relative, up)
    expected = (None, reason) if segments is None else paths._climb(base, segments, relative)
    assert paths.resolve(base, relative, allow_up=up) == expected


def test_members_counted_settle_a_document_without_a_second_decode() -> None:
    """A document whose colons all separate names is answered by the count alone: the
    hook's second decode (`documents._repeated_names`) is for colons inside strings."""
    data = json.dumps(
        {"zarr_format": 3, "node_type": "array", "shape": [1, 2], "codecs": [{"name": "x"}]}
    ).encode()
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(documents, "_repeated_names", lambda _text: pytest.fail("decoded twice"))
        assert plain_value(data, 1 << 20, 64) == json.loads(data)


def _maybe_huge_by_definition(data: bytes) -> bool:
    """The two searches `documents._maybe_huge` made before it dropped the signs."""
    digits = data.translate(bytes.maketrans(b"123456789E", b"000000000e"))
    return b"e000" in digits or b"e+000" in digits or b"0" * 309 in digits


_NUMBERISH = st.text(alphabet='0123456789eE+-. "a:,', max_size=40).map(str.encode)


@given(st.lists(_NUMBERISH | st.sampled_from([b"1e+308", b"2E-400", b"9" * 310]), max_size=6))
def test_the_huge_number_scan_finds_what_the_two_searches_found(parts: list[bytes]) -> None:
    """One search over the document with its signs dropped finds every place the two
    searches ("e000", "e+000") found, and a number beyond the double range (the only
    thing that matters: anything more found is left to the hooks, which decide)."""
    data = b"".join(parts)
    if _maybe_huge_by_definition(data):
        assert documents._maybe_huge(data)
    for huge in (b"1e+400", b"-1E400", b"1" + b"0" * 309, b"1" + b"0" * 300 + b"e10"):
        assert documents._maybe_huge(data + b" " + huge)


@given(
    st.integers(200, 320) | st.integers(1, 330),  # the first: where short exponents overflow
    st.integers(0, 330),
    st.integers(1, 99) | st.integers(-99, 99),
    st.sampled_from(["e", "E", "e+", "E+"]),
    st.sampled_from(["", "-"]),
)
def test_a_number_beyond_the_range_is_a_candidate_however_it_is_written(
    whole: int, fraction: int, exponent: int, marker: str, sign: str
) -> None:
    """Whatever the split between the integer part, the fraction and a short exponent
    (a long one is a candidate by itself), a number the parser would read as infinite
    is a candidate: the hooks then say so (a mantissa of 300 digits with ``e10`` was
    missed, and read as inf without a finding)."""
    mantissa = "9" * whole + ("." + "9" * fraction if fraction else "")
    written = f"{marker}{exponent}".replace("+-", "-")
    token = sign + mantissa + (written if exponent else "")
    if math.isinf(float(token)) or (not fraction and not exponent and whole > 308):
        assert documents._maybe_huge(f'{{"n": {token}}}'.encode())
