"""Paths found in metadata: resolved against the node that names them, never outside the tree.

Pure functions on strings: the walk follows only what `resolve` accepts, and the cross
checks use the same rules to find the node a path names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

__all__ = ["join", "parent", "resolve"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def resolve(base: str, relative: object, *, allow_up: bool = False) -> tuple[str | None, str]:
    """Resolve a path found in metadata against the node path ``base``.

    Returns (path, "") or (None, reason). A path stays inside the validated tree: absolute
    paths, URLs, empty segments, '.', backslashes and encoded separators are refused;
    '..' only where the spec defines it (``allow_up``: image-label source) and never
    above the target.
    """
    if not isinstance(relative, str) or not relative:
        return None, "the path is not a non-empty string"
    segments, reason = _segments(relative, allow_up)
    if segments is None:
        return None, reason
    if ".." not in segments and "//" not in base and base[:1] != "/" and base[-1:] != "/":
        # the usual case (a plate's 40,000 links): nothing to climb, a base without
        # empty segments; the same path as the loop below, joined at once
        tail = "/".join(segments)
        return (f"{base}/{tail}" if base else tail), ""
    return _climb(base, segments, relative)


def _climb(base: str, segments: tuple[str, ...], relative: str) -> tuple[str | None, str]:
    """`resolve`'s answer segment by segment, for any base and any '..'."""
    parts = [p for p in base.split("/") if p]
    for segment in segments:
        if segment != "..":
            parts.append(segment)
        elif parts:
            parts.pop()
        else:
            return None, f"{relative!r} points above the validated tree"
    return "/".join(parts), ""


@lru_cache(maxsize=8192)
def _segments(relative: str, allow_up: bool) -> tuple[tuple[str, ...] | None, str]:
    """The checks of `resolve` that do not depend on the base, done once per path text.

    Every field of a plate names the same dataset paths ('0', '1', ...): a big plate
    resolves ~20,000 paths made of a few distinct strings.
    """
    if relative.startswith("/") or _SCHEME.match(relative):
        return None, f"{relative!r} is absolute or a URL"
    if "\\" in relative:
        return None, f"{relative!r} contains a backslash"
    text = relative[:-1] if (allow_up and relative.endswith("/")) else relative
    segments = tuple(text.split("/"))
    for segment in segments:
        decoded = unquote(segment)
        if decoded != segment and ("/" in decoded or "\\" in decoded or decoded in {".", ".."}):
            return None, f"{relative!r} hides a separator or '..' in percent-encoding"
        if segment == ".." and not allow_up:
            return None, f"{relative!r} leaves its group with '..'"
        if segment in {"", "."}:
            return None, f"{relative!r} has an empty or '.' segment"
    return segments, ""


def join(base: str, name: str) -> str:
    """The node ``name`` inside the node ``base`` ("" is the target)."""
    return f"{base}/{name}" if base else name


def parent(path: str) -> str:
    """The node holding ``path`` ("" for a child of the target)."""
    return path.rpartition("/")[0]
