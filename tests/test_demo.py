"""`make demo` ends by saying what to type next (issue 16): activating the environment the
demo was installed into, then the command it ran, so the next command is not "command
not found"."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ome_zarr_schemas.cli._demo import main


def test_demo_ends_with_the_next_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo-out"]) == 0
    lines = capsys.readouterr().out.rstrip("\n").splitlines()
    tail = lines[lines.index("Now run it yourself:") :]
    assert tail[-3:] == [
        "  ome-zarr-schemas validate demo-out/broken-plate.zarr",
        "  ome-zarr-schemas validate --help",
        "Outside this folder: pip install . (or pipx install .); see README.md",
    ]
    if sys.prefix != sys.base_prefix:  # run from a virtual environment, as make does
        activate = Path(sys.prefix) / "bin" / "activate"
        assert tail[1].startswith(f"  . {os.fspath(activate)}")
