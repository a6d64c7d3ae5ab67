"""Hatchling build hook: generate the dataclasses from the schemas on every build.

Runs for wheels and editable installs alike, so `pip install .` and `pip install -e .`
both produce `ome_zarr_schemas/_generated/` (which is never committed).
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_BUNDLE_PACKAGE = "_ome_zarr_schemas_build"


def write_bundles_from_source(root: Path, out: Path) -> list[Path]:
    """Write the single-file schema bundles (src/ome_zarr_schemas/schema/bundle.py) under ``out``.

    schema/bundle.py and spec/versions.py use only the standard library (and their
    packages' ``__init__`` files import nothing), but importing them through the package
    would run its ``__init__`` and need the runtime dependencies, which the build
    environment lacks: so the modules are loaded under a private package name.
    """
    package_dir = root / "src" / "ome_zarr_schemas"
    package = types.ModuleType(_BUNDLE_PACKAGE)
    package.__path__ = [str(package_dir)]
    sys.modules[_BUNDLE_PACKAGE] = package
    try:
        spec = importlib.util.spec_from_file_location(
            f"{_BUNDLE_PACKAGE}.schema.bundle", package_dir / "schema" / "bundle.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        written: list[Path] = module.write_bundles(out, root / "schemas")
        return written
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == _BUNDLE_PACKAGE]:
            del sys.modules[name]


class CodegenHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name not in {"wheel", "editable"}:
            return
        sys.path.insert(0, str(Path(self.root) / "codegen"))
        try:
            from generate import DEFAULT_OUT, generate
        finally:
            sys.path.pop(0)
        generate(DEFAULT_OUT)
        write_bundles_from_source(Path(self.root), DEFAULT_OUT / "bundles")
