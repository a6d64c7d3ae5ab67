"""Hatchling build hook: generate the dataclasses from the schemas on every build.

Runs for wheels and editable installs alike, so `pip install .` and `pip install -e .`
both produce `ome_zarr_schemas/_generated/` (which is never committed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


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
