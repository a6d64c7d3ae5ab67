"""Axes lists: every type sequence the spec allows, with units from the spec's lists.

Letters: S space, T time, C channel, X custom (any other type string) or untyped.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from . import _values

#: The allowed type sequences (lenient reading of "one channel or custom axis", the
#: catalogue's axes.custom-count decision): spec digest section 3, AX-5.
AXIS_TYPE_SEQUENCES: tuple[str, ...] = (
    "SS",
    "SSS",
    "TSS",
    "TSSS",
    "CSS",
    "CSSS",
    "XSS",
    "XSSS",
    "TCSS",
    "TCSSS",
    "TXSS",
    "TXSSS",
    "CXSS",
    "XCSS",
    "CXSSS",
    "XCSSS",
    "TCXSS",
    "TXCSS",
)

SPACE_UNITS: tuple[str, ...] = (
    "angstrom", "attometer", "centimeter", "decimeter", "exameter", "femtometer", "foot",
    "gigameter", "hectometer", "inch", "kilometer", "megameter", "meter", "micrometer", "mile",
    "millimeter", "nanometer", "parsec", "petameter", "picometer", "terameter", "yard",
    "yoctometer", "yottameter", "zeptometer", "zettameter",
)  # fmt: skip

TIME_UNITS: tuple[str, ...] = (
    "attosecond", "centisecond", "day", "decisecond", "exasecond", "femtosecond", "gigasecond",
    "hectosecond", "hour", "kilosecond", "megasecond", "microsecond", "millisecond", "minute",
    "nanosecond", "petasecond", "picosecond", "second", "terasecond", "yoctosecond",
    "yottasecond", "zeptosecond", "zettasecond",
)  # fmt: skip

_KNOWN_TYPES = {"space", "time", "channel"}

#: Custom axis types: any string but the three the spec names.
custom_type = st.one_of(
    st.sampled_from(["angle", "frequency", "wavelength", "lifetime"]),
    _values.text(max_size=8),
).filter(lambda t: t not in _KNOWN_TYPES)


_SPACE_UNIT = st.sampled_from(SPACE_UNITS)
_TIME_UNIT = st.sampled_from(TIME_UNITS)
_FREE_UNIT = _values.text(max_size=6)
_NAME = _values.name()


def axis_of(draw: st.DrawFn, letter: str, name: str) -> dict[str, Any]:
    """One axis of the type the letter names."""
    axis: dict[str, Any] = {"name": name}
    if letter == "S":
        axis["type"] = "space"
        if draw(_values.COIN):
            axis["unit"] = draw(_SPACE_UNIT)
    elif letter == "T":
        axis["type"] = "time"
        if draw(_values.COIN):
            axis["unit"] = draw(_TIME_UNIT)
    elif letter == "C":
        axis["type"] = "channel"
        if draw(_values.D4) == 3:
            axis["unit"] = draw(_FREE_UNIT)  # no list for channel units
    else:  # custom: an unknown type string, or no type at all
        if draw(_values.COIN):
            axis["type"] = draw(custom_type)
        if draw(_values.D4) == 3:
            axis["unit"] = draw(_FREE_UNIT)
    return axis


def _default_names(sequence: str) -> list[str]:
    if sequence.count("S") > 3 or len(set(sequence) - {"S"}) < len(sequence.replace("S", "")):
        return [f"{letter.lower()}{i}" for i, letter in enumerate(sequence)]
    space = ["z", "y", "x"][3 - sequence.count("S") :]
    names, s = [], 0
    for letter in sequence:
        if letter == "S":
            names.append(space[s])
            s += 1
        else:
            names.append({"T": "t", "C": "c", "X": "p"}[letter])
    return names


def axes_of(draw: st.DrawFn, sequence: str) -> list[dict[str, Any]]:
    """Axes with the given type sequence and unique names."""
    if not draw(_values.COIN):  # conventional names shrink best
        names = _default_names(sequence)
    else:
        names = _values.distinct(draw, _NAME, len(sequence))
    return [axis_of(draw, letter, n) for letter, n in zip(sequence, names, strict=True)]


_SEQUENCE = st.sampled_from(AXIS_TYPE_SEQUENCES)


@st.composite
def _axes(draw: st.DrawFn) -> list[dict[str, Any]]:
    return axes_of(draw, draw(_SEQUENCE))


#: A valid axes list of any allowed type sequence.
AXES = _axes()
