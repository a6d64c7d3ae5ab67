"""The confinement's quick folder proof (`Confinement._folder`, issue 15) answers every key
exactly as the general resolution from absolute paths (`Confinement._resolve`) does.

The quick proof takes a folder's real path from its parent's, proven before, and one
lstat saying the folder is no link; anything else (a link, a missing folder, a '.', '..'
or empty segment, a key starting with '/') goes the general way. Drawn sequences of keys
over a tree with links inside and out, a pipe, a file used as a folder and missing names
run through one `Confinement` (its caches filling as a walk's do) and through the
general path: the same real path and status, the same refusal, the same error, key by key.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ome_zarr_schemas.store.confine import Confinement, Refused

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="FIFOs and symbolic links")

SEGMENTS = ("a", "b", "c", "in", "out", "doc.json", "f_in", "f_out", "pipe", "gone", ".", "..", "")


def _tree(base: Path) -> Path:
    outside = base / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.json").write_text('"secret"')
    (outside / "dir" / "doc.json").write_text('"outside"')
    root = base / "root"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "doc.json").write_text('{"a": 1}')
    (root / "b" / "doc.json").write_text('{"b": 2}')
    (root / "a" / "in").symlink_to("../b")  # a folder link that stays inside
    (root / "a" / "out").symlink_to(outside / "dir")  # a folder link out of the target
    (root / "a" / "f_in").symlink_to("doc.json")
    (root / "a" / "f_out").symlink_to(outside / "secret.json")
    (root / "c").symlink_to("a")
    os.mkfifo(root / "a" / "pipe")
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tree(tmp_path_factory.mktemp("confine"))


def _outcome(call: object, key: str) -> tuple[object, ...]:
    try:
        real, info = call(key)  # type: ignore[operator]
    except Refused as exc:
        return ("refused", exc.rule.id, exc.message)
    except (OSError, ValueError) as exc:
        return ("error", type(exc).__name__, str(exc))
    return ("ok", real, info.st_ino, info.st_mode)


def _read(gate: Confinement, key: str) -> tuple[object, ...]:
    try:
        return ("ok", gate.read(key, 1 << 10))
    except Refused as exc:
        return ("refused", exc.rule.id, exc.message)
    except (OSError, ValueError) as exc:
        return ("error", type(exc).__name__, str(exc))


FIXTURE = [HealthCheck.function_scoped_fixture]  # the tree is read, never changed
keys = st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4).map("/".join)
leading = st.builds(lambda k, slash: "/" + k if slash else k, keys, st.booleans())


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE)
@given(st.lists(leading, min_size=1, max_size=12), st.booleans())
def test_the_quick_proof_resolves_and_reads_as_the_general_path(
    root: Path, drawn: list[str], reading: bool
) -> None:
    quick, general = Confinement(root), Confinement(root)
    general._folders.clear()  # nothing proven quickly: every key goes the general way
    for key in drawn:
        if reading:
            assert _read(quick, key) == _read(general, key), key
        else:
            assert _outcome(quick.resolve, key) == _outcome(general.resolve, key), key
    assert not general._folders


def test_the_quick_proof_covers_plain_folders_only(root: Path) -> None:
    gate = Confinement(root)
    assert gate.read("a/doc.json", 100) == b'{"a": 1}'
    assert gate.read("a/in/doc.json", 100) == b'{"b": 2}'  # a link inside: general path
    assert gate.read("c/doc.json", 100) == b'{"a": 1}'
    with pytest.raises(Refused) as escaped:
        gate.read("a/out/doc.json", 100)
    assert escaped.value.rule.id == "store.path-escape"
    with pytest.raises(Refused) as linked:
        gate.read("a/f_out", 100)
    assert linked.value.rule.id == "store.path-escape"
    with pytest.raises(Refused) as pipe:
        gate.read("a/pipe", 100)
    assert pipe.value.rule.id == "store.not-a-file"
    assert set(gate._folders) == {"", "a"}  # links and what lies behind them never cached


def test_a_folder_swapped_for_a_link_after_its_proof_is_not_followed_out(
    tmp_path: Path,
) -> None:
    """The quick proof keeps the general path's promise for a folder proven and then
    replaced: the file itself is opened without following a link, and a new folder
    below is proven again from its parent's real path, which stays inside."""
    root = _tree(tmp_path)
    gate = Confinement(root)
    assert gate.read("b/doc.json", 100) == b'{"b": 2}'
    (root / "b" / "doc.json").unlink()
    (root / "b" / "doc.json").symlink_to(tmp_path / "outside" / "secret.json")
    with pytest.raises(Refused) as escaped:
        gate.read("b/doc.json", 100)
    assert escaped.value.rule.id == "store.path-escape"
