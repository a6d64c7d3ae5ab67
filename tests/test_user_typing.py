"""The package as a user's type checker sees it: installed, typed (``py.typed``).

A small script that uses the public API is checked by ``mypy --strict`` in a fresh
folder, with none of this repository's configuration: the package is found on the
interpreter's path like any installed distribution, so a missing ``py.typed`` marker
would make mypy call it untyped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import ome_zarr_schemas

SCRIPT = """\
from ome_zarr_schemas import Report, validate_attributes, validate_store, v05
from ome_zarr_schemas.testing import attributes

from hypothesis import strategies as st

report: Report = validate_attributes({"ome": {"version": "0.5", "labels": ["cells"]}})
valid: bool = report.valid
documents: st.SearchStrategy[dict[str, object]] = attributes("0.5", "image")


def open_image(path: str) -> v05.Image:
    image = v05.Image.from_zarr(path)
    labels = image.labels
    names: tuple[str, ...] = labels.label_paths if labels is not None else ()
    print(names, [d.path for level in image.datasets for d in level])
    return image


def check(path: str) -> bool:
    return validate_store(path).valid
"""


def test_py_typed_marker_is_in_the_package() -> None:
    assert (Path(ome_zarr_schemas.__file__).parent / "py.typed").is_file()


def test_mypy_strict_on_a_user_script(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    script = tmp_path / "use_ome_zarr_schemas.py"
    script.write_text(SCRIPT, encoding="utf-8")
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
    # the package under test, on the interpreter's path as an installed one would be
    env["PYTHONPATH"] = str(Path(ome_zarr_schemas.__file__).parent.parent)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--python-executable",
            sys.executable,
            script.name,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "missing library stubs or py.typed marker" not in output, output
    assert result.returncode == 0, textwrap.indent(output, "  ")
