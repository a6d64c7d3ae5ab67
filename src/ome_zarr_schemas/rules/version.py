"""Versions: which OME-Zarr version a document is (detection), the 'ome' wrapper of 0.5+,
and one version per hierarchy.

The version decides which rules apply, so it is found before anything else and any
assumption is reported: users meet `0.4`, `0.5`, floats and nulls in the wild and must be
told what was assumed and why.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..spec.metadata import OME_KEY, ome_block
from ..spec.versions import (
    KIND_KEYS,
    SUPPORTED_VERSIONS,
    UNRELEASED_VERSIONS,
    V06_VERSIONS,
    WRAPPED_VERSIONS,
    is_wrapped,
    kinds_for,
    lookup,
)
from . import document
from ._context import Context, Group, display
from ._registry import cross
from ._rule import INFO, E, Finding, Rule, W
from ._util import objects, ptr

if TYPE_CHECKING:
    from ..issues import Issue

__all__ = [
    "ASSUMED",
    "CONSISTENT",
    "MISSING",
    "STRUCTURE",
    "UNKNOWN",
    "UNRELEASED",
    "VERSION",
    "VERSION_MISSING",
    "Detection",
    "advise_missing_versions",
    "detect",
    "detected_alone",
    "version_advice",
]

_WRAPPED = tuple(v for v in SUPPORTED_VERSIONS if v in WRAPPED_VERSIONS)

MISSING = Rule(
    "ome.missing",
    "OME-Zarr 0.5+ metadata lives under the attribute 'ome'",
    E,
    "schema",
    versions=_WRAPPED,
)
STRUCTURE = Rule("ome.structure", "'ome' is an object", E, "schema", versions=_WRAPPED)
VERSION_MISSING = Rule(
    "ome.version-missing",
    "'ome' carries 'version'",
    E,
    "schema",
    versions=_WRAPPED,
    decision="A document with 'ome' but no 'ome.version' is validated with the 0.5 rules"
    " (or with 0.6rc0 when it holds coordinate systems or a scene, which only 0.6 has)"
    " and fails this rule.",
)
VERSION = Rule("ome.version", "'ome.version' names this version", E, "schema", versions=_WRAPPED)
UNKNOWN = Rule(
    "version.unknown",
    "The metadata names a supported OME-Zarr version",
    E,
    "detection",
    decision="A version string we do not know (or a non-string such as 0.5 or null) stops"
    " validation of the document with one error naming the supported versions, rather"
    " than a cascade of findings from the wrong rules.",
)
ASSUMED = Rule(
    "version.assumed",
    "No version is given, so one was assumed",
    INFO,
    "detection",
    decision="0.4 makes per-block 'version' keys a SHOULD; top-level metadata without any"
    " of them is validated as 0.4 and says so in an info finding.",
)
UNRELEASED = Rule(
    "version.unreleased",
    "The version string names a released or draft version",
    W,
    "detection",
    versions=V06_VERSIONS,
    decision="'0.6' is written by some tools although only the drafts 0.6.dev4 and 0.6rc0"
    " exist; it is validated with the newest draft's rules (0.6rc0) and this warning says"
    " so (spec-0.6 §1.1: both upstream schemas accept only their exact string).",
)
CONSISTENT = Rule(
    "version.consistent",
    "One OME-Zarr version throughout the hierarchy",
    E,
    "hierarchy",
    decision="The version of the target (or of the first OME-Zarr group read) is the"
    " hierarchy's; every group that names another is reported, with the target as the"
    " related node.",
)

_SUPPORTED_TEXT = ", ".join(SUPPORTED_VERSIONS)
_ASSUMED_TOP = ASSUMED.finding(
    "",
    "no version is given (no 'ome' and no per-block"
    " 'version'), so the document was validated as OME-Zarr 0.4",
)


class Detection(NamedTuple):
    """What a document is: its version (None when it cannot be validated) and kinds.
    (A named tuple: made for every document, and a frozen dataclass costs a microsecond
    more to build.)"""

    version: str | None
    kinds: tuple[str, ...] = ()
    ome: Mapping[str, Any] | None = None  # the OME-level mapping the kinds were read from
    base: str = ""  # pointer of the OME-level mapping inside the attributes
    findings: Sequence[Finding] = ()


#: Per version, the (key, kind) of each kind it defines, in the version's order of kinds.
_KIND_TABLE: dict[str, tuple[tuple[str, str], ...]] = {
    version: tuple(
        (key, kind) for kind in kinds_for(version) for key, k in KIND_KEYS.items() if k == kind
    )
    for version in SUPPORTED_VERSIONS
}


#: Per version, each kind key -> its kind alone, as `_kinds` answers (the same tuple
#: every time: no tuple made per document).
_KIND_OF: dict[str, dict[str, tuple[str]]] = {
    version: {key: (kind,) for key, kind in table} for version, table in _KIND_TABLE.items()
}


#: Per version, each two kind keys (in either order) -> their kinds in the version's
#: order: a dict of exactly two keys, both kind keys (a plate beside a bioformats2raw
#: layout), is answered by one lookup of its keys (the test per kind of the version
#: cost 0.3 us of such a document's 16).
_KINDS_OF_TWO: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    version: {
        (first, second): tuple(kind for key, kind in table if key in (first, second))
        for first, _ in table
        for second, _ in table
        if first != second
    }
    for version, table in _KIND_TABLE.items()
}


def _kinds(ome: Mapping[str, Any], version: str) -> tuple[str, ...]:
    """The kinds present, among those ``version`` defines (a 'scene' key means nothing in 0.5).

    A dict with fewer keys than the version has kind keys (a labels, well or
    bioformats2raw document: two or three) has its own keys looked up, and with one
    kind among them that kind is the answer: no test per kind of the version. A dict
    of two kind keys is answered by `_KINDS_OF_TWO`."""
    table = _KIND_TABLE[version]
    if type(ome) is dict and len(ome) < len(table):
        if len(ome) == 2:
            two = _KINDS_OF_TWO[version].get(tuple(ome))
            if two is not None:
                return two
        of = _KIND_OF[version]
        one: tuple[str, ...] = ()
        for key in ome:
            if key in of:
                if one:
                    break  # two kinds: in the version's order, below
                one = of[key]
        else:
            return one
    return tuple([kind for key, kind in table if key in ome])


#: Wrapped versions a document names exactly (no draft alias such as "0.6").
_EXACT_WRAPPED = frozenset(_WRAPPED) - set(UNRELEASED_VERSIONS)
_OME_POINTER = ptr("ome")


def _detect_plain(attrs: dict[str, Any]) -> Detection | None:
    """`detect` of the usual document, a plain dict, with nothing forced: 'ome' holding
    a supported version and a kind, or top-level 0.4 metadata holding a kind. The same
    answer as the general path, which answers everything else (None here)."""
    if OME_KEY not in attrs:
        return _detected(attrs, None)
    ome = attrs[OME_KEY]
    if type(ome) is not dict:
        return None
    version = ome.get("version")
    if type(version) is not str or version not in _EXACT_WRAPPED:
        return None
    return _detected(ome, version)


def _detected(ome: dict[str, Any], wrapped: str | None) -> Detection | None:
    """`_detect_plain`'s answer once its first steps are done (`_valid.usual_report`
    does them itself): ``ome`` the top-level attributes (``wrapped`` None) or the 'ome'
    dict naming the exact version ``wrapped``."""
    if wrapped is None:
        kinds = _kinds(ome, "0.4")
        if not kinds:
            return None
        assumed = [] if _a_block_version(ome) else [_ASSUMED_TOP]
        return _NEW(Detection, ("0.4", kinds, ome, "", assumed))
    kinds = _kinds(ome, wrapped)
    return _NEW(Detection, (wrapped, kinds, ome, _OME_POINTER, [])) if kinds else None


def detected_alone(
    wrapped: str | None, key: str
) -> tuple[str, tuple[str, ...], frozenset[str], Finding | None] | None:
    """What `_detect_plain` answers for every plain document whose metadata holds the
    kind key ``key`` and no other kind key: top-level metadata (``wrapped`` None) or an
    'ome' naming ``wrapped`` exactly. (version, kinds, the other kind keys: the test of
    such a document, its one finding or None); None when that is not one answer (no
    such version or kind, a 0.4 block that may name its version)."""
    version = "0.4" if wrapped is None else wrapped  # as `_detect_plain` reads them
    if wrapped is not None and wrapped not in _EXACT_WRAPPED:
        return None
    of = _KIND_OF[version]
    if key not in of:
        return None
    others = frozenset(of) - {key}
    if wrapped is not None:
        return version, of[key], others, None
    if not others >= _VERSIONED_BLOCKS:  # `_block_versions` would read the document
        return None
    return version, of[key], others, _ASSUMED_TOP


#: A `Detection` of all five fields made without the named tuple's keyword handling (a
#: third of `_detect_plain`'s time on a labels document).
_NEW = tuple.__new__


def _looks_like_v06(ome: Mapping[str, Any]) -> bool:
    """Content only 0.6 has: coordinate systems (at the top or in a multiscale) or a scene."""
    if "scene" in ome or "coordinateSystems" in ome:
        return True
    return any("coordinateSystems" in m for _, m in objects(ome.get("multiscales")))


#: The 0.4 blocks that carry a 'version' of their own.
_VERSIONED_BLOCKS = frozenset({"multiscales", "plate", "well", "image-label"})


def _block_versions(attrs: Mapping[str, Any]) -> set[object]:
    found: set[object] = set()
    if _VERSIONED_BLOCKS.isdisjoint(attrs):  # a labels or bioformats2raw document
        return found
    for _, multiscale in objects(attrs.get("multiscales")):
        if "version" in multiscale:
            found.add(_key(multiscale["version"]))
    for key in ("plate", "well", "image-label"):
        block = attrs.get(key)
        if block is None:  # the usual answer, without an ABC check
            continue
        if (type(block) is dict or isinstance(block, Mapping)) and "version" in block:
            found.add(_key(block["version"]))
    return found


def _a_block_version(attrs: dict[str, Any]) -> bool:
    """Whether `_block_versions` finds any: the first 'version' of a block answers (a
    plate's, at once), no set made."""
    if _VERSIONED_BLOCKS.isdisjoint(attrs):  # a labels or bioformats2raw document
        return False
    other = False  # a block of another class than dict (a Mapping may name one)
    for key in ("plate", "well", "image-label"):
        block = attrs.get(key)
        if type(block) is dict:
            if "version" in block:
                return True
        elif block is not None:
            other = True
    if not other and "multiscales" not in attrs:  # a plate naming no version: none
        return False
    return bool(_block_versions(attrs))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _key(value: object) -> object:
    if type(value) in _SCALARS:  # the usual version string, without the union isinstance
        return value
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def _describe(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'{json.dumps(value)} (a number, not a string: write "{json.dumps(value)}")'
    if value is None or isinstance(value, bool):
        return f"{json.dumps(value)} (not a string)"
    return f"{value!r:.60} (not a string)"


def detect(attrs: Mapping[str, Any], forced: str | None = None) -> Detection:
    if forced is None and type(attrs) is dict:
        found = _detect_plain(attrs)
        if found is not None:
            return found
    if forced is not None and forced not in SUPPORTED_VERSIONS:
        raise ValueError(f"unknown OME-Zarr version {forced!r}; supported: {_SUPPORTED_TEXT}")
    ome, base = ome_block(attrs)  # where the metadata is; which version, decided here
    if base:
        return _detect_wrapped(attrs, ome, forced)
    if forced is not None and is_wrapped(forced):
        top = _kinds(attrs, "0.4")
        hint = (
            f"; the top-level keys ({', '.join(repr(k) for k in attrs if k in KIND_KEYS)})"
            " look like OME-Zarr 0.4 metadata"
            if top
            else ""
        )
        return Detection(
            None,
            findings=[
                MISSING.finding(
                    "",
                    f"OME-Zarr {forced} metadata lives under the"
                    f" attribute 'ome', which is missing{hint}",
                )
            ],
        )
    version = forced or "0.4"
    kinds = _kinds(attrs, version)
    findings: list[Finding] = []
    if forced is None and kinds and not _block_versions(attrs):
        findings.append(_ASSUMED_TOP)
    if not kinds:
        findings.append(_no_metadata(attrs, version, ""))
    return Detection(version, kinds, ome, "", findings)


def _detect_wrapped(
    attrs: Mapping[str, Any], ome: Mapping[str, Any] | None, forced: str | None
) -> Detection:
    if ome is None:
        return Detection(
            None,
            findings=[
                STRUCTURE.finding(
                    ptr(OME_KEY),
                    f"'ome' is an object holding the OME-Zarr metadata, got {attrs[OME_KEY]!r:.60}",
                )
            ],
        )
    findings: list[Finding] = []
    if forced is not None:
        version = forced
        if not is_wrapped(forced):
            return Detection(
                None,
                findings=[
                    UNKNOWN.finding(
                        ptr("ome"),
                        f"the attributes hold an 'ome' object, which OME-Zarr {forced} does not use"
                        " (its metadata is at the top level)",
                        version=forced,
                    )
                ],
            )
    elif "version" not in ome and _looks_like_v06(ome):
        version = V06_VERSIONS[-1]
        findings.append(
            ASSUMED.finding(
                ptr("ome"),
                "'ome' has no 'version'; it holds coordinate systems or a scene, which only"
                f" OME-Zarr 0.6 has, so the document was validated as OME-Zarr {version}",
            )
        )
    elif "version" not in ome:
        version = "0.5"
        findings.append(
            ASSUMED.finding(
                ptr("ome"),
                "'ome' has no 'version', so the document was validated as OME-Zarr 0.5",
            )
        )
    elif isinstance(ome["version"], str) and ome["version"] in UNRELEASED_VERSIONS:
        declared = ome["version"]
        version = UNRELEASED_VERSIONS[declared]
        findings.append(
            UNRELEASED.finding(
                ptr("ome", "version"),
                f"'ome.version' is {declared!r}, which is not a released OME-Zarr version;"
                f" the document was validated with the newest {declared} rules ({version})",
            )
        )
    else:
        declared = ome["version"]
        if not isinstance(declared, str) or declared not in SUPPORTED_VERSIONS:
            return Detection(
                None,
                findings=[
                    UNKNOWN.finding(
                        ptr("ome", "version"),
                        f"'ome.version' is {_describe(declared)};"
                        f" supported versions: {_SUPPORTED_TEXT}",
                    )
                ],
            )
        if not is_wrapped(declared):
            return Detection(
                None,
                findings=[
                    UNKNOWN.finding(
                        ptr("ome", "version"),
                        f"'ome.version' is {declared!r}, but OME-Zarr {declared} metadata is not"
                        " wrapped in 'ome'",
                        version=declared,
                    )
                ],
            )
        version = declared
    kinds = _kinds(ome, version)
    if not kinds:
        findings.append(_no_metadata(ome, version, ptr("ome")))
        if forced is None and "version" not in ome:
            # with no kind no group schema runs, and it is the schemas that require
            # 'version': say it here, or a document missing both hears of only one
            findings.append(VERSION_MISSING.finding(ptr("ome"), version_advice((), ome)))
    return Detection(version, kinds, ome, ptr("ome"), findings)


def _no_metadata(ome: Mapping[str, Any], version: str, base: str) -> Finding:
    where = "in 'ome'" if base else "at the top level"
    # sorted: the message must not depend on key order (the reader reuses a verdict for
    # documents equal up to key order)
    found = ", ".join(repr(k) for k in sorted(ome, key=str)[:8]) or "nothing"
    defined = kinds_for(version)
    keys = ", ".join(repr(k) for k, kind in KIND_KEYS.items() if kind in defined)
    return document.NO_OME_METADATA.finding(
        base,
        f"no OME-Zarr group metadata {where} (found {found}); a group has one of {keys}",
    )


# --- across the groups of a store


@cross
def one_version(ctx: Context) -> Iterator[Finding]:
    if ctx.version is None:
        return
    for group in ctx.groups.values():
        if group.version is not None and group.version != ctx.version:
            given = "version" in group.ome or not group.base
            what = (
                f"is OME-Zarr {group.version}"
                if given
                else f"gives no version (validated as OME-Zarr {group.version})"
            )
            yield CONSISTENT.finding(
                group.ptr("version") if group.base else "",
                f"the group {what}, but {display(ctx.root)} is"
                f" {ctx.version}; one hierarchy has one version",
                node=group.path,
                related=(ctx.root,),
                version=group.version,
            )


# --- what to write when 'ome' has no 'version'

_MISSING_HEAD = "'ome' must give the OME-Zarr version it follows"


def version_advice(
    kinds: Iterable[str], ome: Mapping[str, Any], known: str | None = None, source: str = ""
) -> str:
    """The ome.version-missing message, saying exactly what to add: the ``known`` version
    (the one a group above declares, named by ``source``), else the versions that define
    the group's ``kinds`` (only the 0.6 drafts when it holds what only 0.6 has)."""
    if known is not None:
        where = f", as {source} declares" if source else ""
        return f'{_MISSING_HEAD}: add "version": "{known}" to \'ome\'{where}'
    wanted = set(kinds)
    possible = [v for v in _WRAPPED if wanted <= set(kinds_for(v))] or list(_WRAPPED)
    if _looks_like_v06(ome):
        possible = [v for v in possible if v in V06_VERSIONS]
    if len(possible) == 1:
        return f'{_MISSING_HEAD}: add "version": "{possible[0]}" to \'ome\''
    listed = ", ".join(f'"{v}"' for v in possible[:-1]) + f' or "{possible[-1]}"'
    what = " and ".join(sorted(wanted)) + " groups" if wanted else "this metadata"
    return (
        f"{_MISSING_HEAD}: add \"version\" to 'ome' with the one it follows, {listed}"
        f" (the versions that define {what})"
    )


def _declared(groups: Mapping[str, Group]) -> tuple[str | None, str]:
    """(version, path) a top-most group declares in 'ome.version' (ties: the most common)."""
    found = {
        p: g.ome["version"]
        for p, g in groups.items()
        if isinstance(g.ome.get("version"), str) and lookup(g.ome["version"]) is not None
    }
    if not found:
        return None, ""
    depth = min(p.count("/") if p else -1 for p in found)
    counts = Counter(found.values())
    top = [p for p in found if (p.count("/") if p else -1) == depth]
    best = max(top, key=lambda p: (counts[found[p]], p == "", -len(p)))
    return found[best], best


def advise_missing_versions(issues: list[Issue], groups: Mapping[str, Group]) -> list[Issue]:
    """A store's ome.version-missing findings, told the version the hierarchy declares
    (a document alone can only list the possible ones); without such a finding, the
    issues as they are (the declared version is not looked for among every group)."""
    if not any(issue.rule == VERSION_MISSING.id for issue in issues):
        return issues
    known, source = _declared(groups)
    out = []
    for issue in issues:
        group = groups.get(issue.node) if issue.rule == VERSION_MISSING.id else None
        if group is not None:
            where = "the target's root" if source == "" else repr(source)
            message = version_advice(group.kinds, group.ome, known, where)
            issue = dataclasses.replace(issue, message=message)
        out.append(issue)
    return out
