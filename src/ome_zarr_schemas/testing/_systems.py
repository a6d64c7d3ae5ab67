"""0.6 coordinate systems: a name and an axes list.

The intrinsic system of an image (the one its arrays map to) follows the image rules of
0.4/0.5 (2 to 5 axes, 2 or 3 space, time first, then one channel or custom axis), or is
the array index space: only 'array' axes (spec-0.6 §2.1, §7.6). Other systems may have
any axes; they are drawn from the same sequences so that the upstream schema, which
applies the image limits to every system, accepts them too.

Letters as in `_axes`: S space, T time, C channel, X custom type or untyped; and A, an
axis of type 'array'.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from . import _axes, _values

#: The intrinsic-system type sequences: the image ones, and array index spaces.
SEQUENCES: tuple[str, ...] = (*_axes.AXIS_TYPE_SEQUENCES, "AA", "AAA", "AAAA", "AAAAA")

_SEQUENCE = st.sampled_from(SEQUENCES)
_BY_LENGTH = {
    n: st.sampled_from([s for s in SEQUENCES if len(s) == n]) for n in {len(s) for s in SEQUENCES}
}
_NAME = _values.name()
#: 0.6 names three more axis types; in an image they count as custom ("other") axes.
_CUSTOM = st.one_of(_axes.custom_type, st.sampled_from(["array", "coordinate", "displacement"]))
_ARRAY_NAMES = ("i", "j", "k", "l", "m")
_FLAGS = st.integers(0, 1023)
_SPACE_UNIT = st.sampled_from(_axes.SPACE_UNITS)
_TIME_UNIT = st.sampled_from(_axes.TIME_UNITS)

#: Coordinate system names: the usual ones, and any unicode.
SYSTEM_NAME = st.one_of(
    st.sampled_from(["physical", "world", "intrinsic", "anatomical", "stage", "ñ-space"]),
    _values.text(min_size=1),
)


def axis(draw: st.DrawFn, letter: str, name: str) -> dict[str, Any]:
    """One 0.6 axis; 'discrete' and 'longName' are new in 0.6 and optional.

    One draw of flags decides which optional fields are present: each draw costs far more
    than the bit arithmetic, and axes are the most numerous objects in a document.
    """
    flags = draw(_FLAGS)
    out: dict[str, Any] = {"name": name}
    if letter == "A":
        out["type"] = "array"
    elif letter == "S":
        out["type"] = "space"
        if flags & 1:
            out["unit"] = draw(_SPACE_UNIT)
    elif letter == "T":
        out["type"] = "time"
        if flags & 1:
            out["unit"] = draw(_TIME_UNIT)
    else:  # C channel, X custom (or untyped): no unit list, any unit string now and then
        if letter == "C":
            out["type"] = "channel"
        elif flags & 2:
            out["type"] = draw(_CUSTOM)
        if flags & 12 == 12:
            out["unit"] = draw(_values.TEXT)
    if flags & 48 == 48:
        # a channel or index axis is discrete; a continuous axis may still say so
        out["discrete"] = letter in "CA" if flags & 64 else bool(flags & 128)
    if flags & 768 == 768:
        out["longName"] = draw(_values.TEXT)
    return out


def _names(draw: st.DrawFn, sequence: str) -> list[str]:
    if draw(_values.COIN):
        return _values.distinct(draw, _NAME, len(sequence))
    if "A" in sequence:
        return list(_ARRAY_NAMES[: len(sequence)])
    return _axes._default_names(sequence)


def axes(draw: st.DrawFn, sequence: str | None = None) -> list[dict[str, Any]]:
    """Axes with unique names, of ``sequence`` or of any allowed one."""
    letters = sequence if sequence is not None else draw(_SEQUENCE)
    names = _names(draw, letters)
    return [axis(draw, letter, n) for letter, n in zip(letters, names, strict=True)]


def system(draw: st.DrawFn, name: str, sequence: str | None = None) -> dict[str, Any]:
    return {"name": name, "axes": axes(draw, sequence)}


def sequence_of_length(draw: st.DrawFn, n: int) -> str:
    """A type sequence of ``n`` axes: most systems a file links have the same dimensions."""
    return draw(_BY_LENGTH[n])


def system_names(draw: st.DrawFn, n: int) -> list[str]:
    return _values.distinct(draw, SYSTEM_NAME, n)
