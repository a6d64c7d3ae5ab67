"""zarr-python's local store, confined: the group classes and the transformation loader
read arrays through it.

The walk reads metadata itself (`sources.LocalSource`), but array values (a 0.6
parameter array, a displacement field) and array details (chunks) are read by zarr.
zarr's `LocalStore` follows any symbolic link and opens anything, so a local target is
reopened over `ConfinedLocalStore`, whose reads ask the same `confine.Confinement` as
the walk: a key whose real path leaves the target raises `confine.Refused`
(``store.path-escape``), a pipe or device raises it as ``store.not-a-file``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from zarr.storage import LocalStore

from ..rules import store as store_rules
from .confine import Confinement, Refused

if TYPE_CHECKING:
    import zarr
    from zarr.abc.store import ByteRequest
    from zarr.core.buffer import Buffer, BufferPrototype

__all__ = ["ConfinedLocalStore", "confined_group"]


class ConfinedLocalStore(LocalStore):
    """A read-only `LocalStore` whose every read stays under ``confine_to`` (a folder
    inside ``root``, the target; ``root`` itself by default)."""

    def __init__(
        self, root: Path | str, *, read_only: bool = True, confine_to: Path | str | None = None
    ) -> None:
        super().__init__(root, read_only=True)
        self.confinement = Confinement(confine_to if confine_to is not None else root)
        self._offset = os.path.relpath(self.confinement.root, os.fspath(self.root))

    def with_read_only(self, read_only: bool = False) -> ConfinedLocalStore:
        """Still read-only, still confined (zarr asks for a copy when it opens a group)."""
        return type(self)(self.root, confine_to=self.confinement.root)

    def _key(self, key: str) -> str:
        """``key`` relative to the confinement root (which may lie below the store root)."""
        if self._offset in ("", "."):
            return key
        return os.path.relpath(os.path.join(os.fspath(self.root), key), self.confinement.root)  # noqa: PTH118

    def _allowed(self, key: str) -> bool:
        """Whether ``key`` may be read: False when absent; `Refused` when it must not be."""
        relative = self._key(key)
        if relative.startswith(".."):
            raise Refused(store_rules.PATH_ESCAPE, f"{key!r} is outside the target; not read")
        try:
            self.confinement.check_file(relative)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return False
        return True

    async def get(
        self,
        key: str,
        prototype: BufferPrototype | None = None,
        byte_range: ByteRequest | None = None,
    ) -> Buffer | None:
        if not self._allowed(key):
            return None
        return await super().get(key, prototype, byte_range)

    async def get_partial_values(
        self,
        prototype: BufferPrototype,
        key_ranges: Iterable[tuple[str, ByteRequest | None]],
    ) -> list[Buffer | None]:
        pairs = list(key_ranges)
        allowed = [self._allowed(key) for key, _ in pairs]
        found = await super().get_partial_values(
            prototype, [p for p, ok in zip(pairs, allowed, strict=True) if ok]
        )
        values = iter(found)
        return [next(values) if ok else None for ok in allowed]

    async def exists(self, key: str) -> bool:
        try:
            return self._allowed(key)
        except Refused:
            return False

    async def list_dir(self, prefix: str) -> AsyncIterator[str]:
        try:
            self.confinement.resolve(self._key(prefix.rstrip("/")) if prefix else "")
        except (OSError, Refused):
            return
        async for name in super().list_dir(prefix):
            yield name


def confined_group(target: object) -> zarr.Group:
    """``target`` (a local path, a ``file://`` URL, a zarr group or store) opened for
    reading; a local one over a `ConfinedLocalStore` confined to the target."""
    import zarr
    from zarr.abc.store import Store

    if isinstance(target, zarr.Group):
        store = target.store
        if isinstance(store, ConfinedLocalStore) or not isinstance(store, LocalStore):
            return target
        inner = Path(store.root) / target.path if target.path else Path(store.root)
        confined = ConfinedLocalStore(store.root, confine_to=inner)
        return zarr.open_group(confined, path=target.path, mode="r")
    if isinstance(target, LocalStore) and not isinstance(target, ConfinedLocalStore):
        return zarr.open_group(ConfinedLocalStore(target.root), mode="r")
    if isinstance(target, Store):
        return zarr.open_group(target, mode="r")
    text = str(target)
    if text.startswith("file://"):
        from urllib.parse import unquote, urlparse

        text = unquote(urlparse(text).path)
    if isinstance(target, Path) or "://" not in text:
        return zarr.open_group(ConfinedLocalStore(text), mode="r")
    return zarr.open_group(text, mode="r")
