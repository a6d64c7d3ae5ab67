"""Confinement: the one gate every local read of a target goes through.

A validator runs on data nobody has checked yet, so a store may be written to attack it:
a symbolic link to a file outside the target, a plate row linked to ``..``, a named pipe
that blocks the first read, a link to ``/dev/zero`` that never ends. Every local read
(the walk's `sources.LocalSource`, a single document given on the command line, the zarr
store the group classes and the transformation loader open) asks a `Confinement` first:

- the real path (symbolic links resolved) must lie under the real path of the target,
  which may itself be a link; a link inside the target to a place inside it is fine;
- only a regular file is read: a FIFO, device or socket is refused before it is opened
  (and the file is opened non-blocking, so a pipe swapped in after the check cannot
  block either);
- a read stops at the cap: at most cap + 1 bytes are read, and the refusal gives the
  file's real size.

A refusal is a `Refused` exception carrying the rule id and the message of the finding
the caller turns it into. Every refusal (local or remote) is counted in `REFUSALS`, by
rule id, so a test can check that nothing outside the root was opened.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from pathlib import Path

from ..rules import document as document_rules
from ..rules import store as store_rules
from ..rules._rule import Rule
from ..rules._shortcuts import taken

__all__ = ["REFUSALS", "Confinement", "Refused", "read_capped", "too_large"]

#: Refusals since the process started, by rule id (tests read and reset it).
REFUSALS: Counter[str] = Counter()

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: Keys are split at "/" into folders and names without os.path where "/" is the only
#: separator (elsewhere every key takes the general path).
_PLAIN = os.sep == "/" and os.altsep is None
_SPECIAL = frozenset({"", ".", ".."})
#: The file type bits of a mode, and a regular file's (`stat.S_ISREG` without a call).
_KIND = stat.S_IFMT(0o777777)
_REGULAR = stat.S_IFREG


class Refused(Exception):
    """A read refused by a rule of what may be read; ``rule`` names the finding."""

    def __init__(self, rule: Rule, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        REFUSALS[rule.id] += 1


def too_large(size: int | None, cap: int) -> Refused:
    """The refusal of a document over ``cap`` bytes; ``size`` is its real size if known."""
    said = f"{size} bytes" if size is not None else f"over {cap} bytes (its full size unknown)"
    return Refused(document_rules.TOO_LARGE, f"the document is {said}, over the limit of {cap}")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_capped(fd: int, size: int, cap: int) -> bytes:
    """At most ``cap`` bytes from the open file ``fd``, or the too-large refusal.

    ``size`` is what fstat said. The first read asks for size + 1 bytes: a file of the
    size said is read whole by one system call (a fixed 1 MiB request made Python build
    and shrink a 1 MiB buffer per document, twice, which cost more than the read on a
    plate of small documents, issue 15). Only a read that found more or fewer bytes than
    fstat said (a file that changed, a reader that returned short) reads on until the end,
    and never past cap + 1 bytes whatever it said, so a growing file is still bounded.
    """
    if size > cap:
        raise too_large(size, cap)
    first = os.read(fd, size + 1)
    if len(first) == size:
        return first
    parts = [first]
    total = len(first)
    while total <= cap:
        chunk = os.read(fd, min(cap + 1 - total, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    if total > cap:
        raise too_large(max(size, total), cap)
    return b"".join(parts)


class Confinement:
    """The rules of what may be read below one local ``root``."""

    def __init__(self, root: Path | str) -> None:
        self.root = os.fspath(root)
        self.real = os.path.realpath(self.root)
        self._under = self.real if self.real.endswith(os.sep) else self.real + os.sep
        self._dirs: dict[str, str] = {}  # folder -> its real path (folders repeat a lot)
        # Plain relative folders ("A/1/0", "" the root; no empty, '.' or '..' segment)
        # proven inside, by key, each with a separator after it: see `_folder`.
        self._folders: dict[str, str] = {"": self._under} if _PLAIN else {}

    def inside(self, real: str) -> bool:
        return real == self.real or real.startswith(self._under)

    def resolve(self, key: str) -> tuple[str, os.stat_result]:
        """The real path of ``key`` (relative to the root) and its status.

        Raises `Refused` (``store.path-escape``) when the real path is outside the root,
        FileNotFoundError when nothing is there. The real path of each folder is cached:
        a walk reads several documents per folder and thousands of folders per plate.
        """
        if not key:
            return self.real, os.stat(self.real)  # noqa: PTH116
        head, _, name = key.rpartition("/")
        if name in _SPECIAL or key[0] == "/":
            return self._resolve(key)
        folder = self._folders.get(head)
        if folder is None:
            folder = self._folder(head)
            if folder is None:
                return self._resolve(key)
        return self._entry(key, folder + name)

    def _folder(self, head: str) -> str | None:
        """The real path (and a separator) of the plain relative folder ``head`` when its
        parent's is known and ``head`` itself is no link: one lstat, by the parent's real
        path (a plate reads one document per folder, each nine or more components deep).
        None sends the caller to the general `_resolve` (a link, anything missing, a
        segment that is not a plain name)."""
        up, _, last = head.rpartition("/")
        parent = self._folders.get(up)
        if parent is None or last in _SPECIAL:
            return None
        real = parent + last
        try:
            if stat.S_ISLNK(os.lstat(real).st_mode):
                return None
        except OSError:
            return None
        folder = self._folders[head] = real + os.sep
        return folder

    def _resolve(self, key: str) -> tuple[str, os.stat_result]:
        """`resolve` of any key, from the absolute path of its folder (`_real_folder`)."""
        head, name = os.path.split(os.path.join(self.root, key))  # noqa: PTH118
        folder = self._dirs.get(head)
        if folder is None:
            folder = self._real_folder(head)
        if not self.inside(folder):
            raise self._escape(key, folder)
        return self._entry(key, os.path.join(folder, name))  # noqa: PTH118

    def _entry(self, key: str, real: str) -> tuple[str, os.stat_result]:
        """The entry ``real`` in a folder proven inside: itself, or where its link leads
        when that is inside too."""
        return self._followed(key, real, os.lstat(real))

    def _followed(self, key: str, real: str, info: os.stat_result) -> tuple[str, os.stat_result]:
        """`_entry` of ``real``, whose lstat is ``info``."""
        if stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(real)
            if not self.inside(real):
                raise self._escape(key, real)
            info = os.stat(real)  # noqa: PTH116
        return real, info

    def _real_folder(self, head: str) -> str:
        """The real path of the folder ``head``, from its nearest cached ancestor's: one
        lstat per new folder instead of one per component of its path (a plate has
        thousands of folders, each nine or more components deep)."""
        names: list[str] = []
        here = head
        while True:
            known = self._dirs.get(here)
            if known is not None:
                break
            parent, name = os.path.split(here)
            if not name or name in {".", ".."} or not parent or parent == here:
                known = self._dirs[here] = os.path.realpath(here)
                break
            names.append(name)
            here = parent
        for name in reversed(names):
            real = os.path.join(known, name)  # noqa: PTH118
            try:
                linked = stat.S_ISLNK(os.lstat(real).st_mode)
            except OSError:  # missing or unreadable: realpath says what is there
                linked = True
            known = os.path.realpath(real) if linked else real
            here = os.path.join(here, name)  # noqa: PTH118
            self._dirs[here] = known
        return known

    def _escape(self, key: str, real: str) -> Refused:
        return Refused(
            store_rules.PATH_ESCAPE,
            f"{key!r} resolves to {real}, outside the target {self.real}; not read",
        )

    def check_file(self, key: str) -> tuple[str, os.stat_result]:
        """`resolve`, and refuse (``store.not-a-file``) what is not a regular file.

        A folder raises IsADirectoryError (absence, for a reader looking for a file).
        """
        return self._regular(key, *self.resolve(key))

    def _regular(self, key: str, real: str, info: os.stat_result) -> tuple[str, os.stat_result]:
        """`check_file` of ``key``, resolved to ``real`` whose status is ``info``."""
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(real)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(
                store_rules.NOT_A_FILE,
                f"{key!r} is {_kind(info.st_mode)}, not a regular file; not read",
            )
        return real, info

    def read(self, key: str, cap: int) -> bytes:
        """The bytes of the file ``key``, confined, regular and at most ``cap`` long.

        The usual key (a plain name in a folder `_folder` proves, naming a regular file)
        is resolved in this one function, what `check_file`, `resolve` and `_entry` do
        for it written out: a plate reads 40,000 documents, and the
        calls cost more than their work (issue 15). Any other key takes `check_file`;
        an entry that is no regular file (a link, a folder, a pipe) is said by
        `_followed` and `_regular` as `check_file` says it (``tests/test_confine_read.py``
        compares both, key by key).
        """
        head, _, name = key.rpartition("/")
        if name in _SPECIAL or key[0] == "/" or not taken():
            real = self.check_file(key)[0]
        else:
            folder = self._folders.get(head)
            if folder is None:
                folder = self._folder(head)
            if folder is None:  # a link, missing, a segment not plain: the general way
                real = self._regular(key, *self._resolve(key))[0]
            else:
                real = folder + name
                info = os.lstat(real)
                if info.st_mode & _KIND != _REGULAR:  # a link, folder, pipe: said as ever
                    real = self._regular(key, *self._followed(key, real, info))[0]
        fd = os.open(real, _FLAGS | _NOFOLLOW)  # the path checked, never a link swapped in
        try:
            info = os.fstat(fd)
            if info.st_mode & _KIND != _REGULAR:
                raise Refused(
                    store_rules.NOT_A_FILE,
                    f"{key!r} is {_kind(info.st_mode)}, not a regular file; not read",
                )
            return read_capped(fd, info.st_size, cap)
        finally:
            os.close(fd)
