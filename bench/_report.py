"""What every benchmark of this folder does with its rows: one JSON line per row as it
is measured, then all rows to a JSON file and a Markdown table to stdout."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

Rows = list[dict[str, Any]]


def last_json_line(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a measuring child process; its last line of output is its JSON result."""
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[1:])} failed: {done.stderr[-1500:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def emit(rows: Rows, row: dict[str, Any]) -> None:
    rows.append(row)
    print(json.dumps(row), flush=True)


def finish(rows: Rows, path: Path, table: Callable[[Rows], str]) -> None:
    path.write_text(json.dumps(rows, indent=1) + "\n")
    print(table(rows))
